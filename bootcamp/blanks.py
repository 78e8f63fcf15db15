"""The blank in a fill-in-the-blank exercise: ``____``.

A fill-in starter is working code with gaps::

    from bootcamp.blanks import ____

    def full_name(first, last):
        return first.strip() + ____ + last.strip()

The cell runs (defining a function never uses the blank), and the check reports the exercise as "not attempted"
until every ``____`` is replaced: using a blank in any way (adding to it, comparing it, indexing with it, handing it
to pandas or ``re``) raises :class:`NotImplementedError`, which the checks read as "not finished yet".
"""

from __future__ import annotations


class Blank:
    """A gap the learner has still to fill in. Any use of it raises NotImplementedError naming the gap."""

    __slots__ = ()

    def _unfilled(self, *args, **kwargs):
        raise NotImplementedError("there is still a blank (____) to fill in: replace each ____ with your code.")

    # arithmetic, joining strings, comparing, hashing (dictionary keys, pandas, re), indexing, truth, iterating
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __truediv__ = __rtruediv__ = _unfilled
    __floordiv__ = __rfloordiv__ = __mod__ = __rmod__ = __pow__ = __rpow__ = __neg__ = _unfilled
    __and__ = __rand__ = __or__ = __ror__ = __invert__ = _unfilled
    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = _unfilled
    __hash__ = __index__ = __int__ = __float__ = __bool__ = __len__ = __iter__ = __contains__ = _unfilled
    __getitem__ = __call__ = __fspath__ = _unfilled

    def __getattr__(self, name):
        if name.startswith("_"):  # tools probing for special methods (IPython's _repr_html_, copy, pickle)
            raise AttributeError(name)
        self._unfilled()

    def __repr__(self) -> str:
        return "____"

    __str__ = __repr__


#: The blank itself: ``from bootcamp.blanks import ____``.
____ = Blank()
