/* The Data Matching Bootcamp: small fixes to the web book's behaviour (loaded on every page by bootcamp.sphinx_ext).
 *
 * Folded solutions. sphinx-togglebutton makes a folded block's whole title clickable, but its click handler only
 * knows a click on the title itself or on its chevron button. A click on anything else in the title (the link to the
 * exercise in "Solution to Exercise q6 (...)", a code span, emphasis) finds no button: the first such click throws
 * "ReferenceError: button is not defined", and later ones toggle whichever solution was clicked last. Here a click
 * anywhere in a folded block's title toggles that block, and only that block; the title's link does not jump away.
 */
(function () {
  "use strict";

  function toggleFrom(event) {
    var title = event.target.closest && event.target.closest(".admonition.toggle > .admonition-title");
    if (!title) return;
    var button = title.querySelector("button.toggle-button");
    if (!button || typeof window.toggleHidden !== "function") return;
    // Ours, not sphinx-togglebutton's: stop the event before it reaches the title's own listener.
    event.stopPropagation();
    event.preventDefault();
    window.toggleHidden(button);
  }

  // The capture phase on the document runs before the listeners sphinx-togglebutton puts on each title.
  document.addEventListener("click", toggleFrom, true);
})();
