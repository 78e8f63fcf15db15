"""Editions from one source: the web book, the student notebooks and the trainer edition.

Conventions in the chapter notebooks (see CONTRIBUTING.md):

* a reference answer is a code cell tagged ``solution`` whose source is ``name = qN.solution()``, between two
  markdown cells holding the sphinx-exercise fences ``{solution-start}`` and ``{solution-end}``;
* instructor notes are markdown cells tagged ``instructor``, wrapped in ``{only} trainer`` so that only the trainer
  build shows them.

The student edition drops the instructor notes and the solution fences, and swaps every solution cell for the
exercise's starter (the function stub or ``answer = ...``), so the notebook still runs top to bottom. Its markdown
reads as prose in any notebook front end (JupyterLab with or without jupyterlab-myst, VS Code, Colab): an
``{exercise}`` fence becomes a heading that keeps its number and title (``### Exercise q3 · Tidy a name``) above the
task, an admonition (``:::{tip}``, ``:::{warning} Title``, ``:::{admonition} Title``) a block quote headed by its
title, and MyST roles (``{term}`` and ``{doc}`` links, ``{math}``) their plain text; ``(label)=`` targets go.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat

from bootcamp.chapters import module_of
from bootcamp.paths import ROOT

SOLUTION_CALL = re.compile(r"^\s*(?:([\w, ]+?)\s*=\s*)?(q\d+)\.solution\(\)\s*$", re.MULTILINE)
SOLUTION_FENCE = re.compile(r"\{solution-(start|end)\}")
# A MyST directive fenced by backticks or colons; nested ones are rewritten innermost first.
DIRECTIVE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|:{3,})\{(?P<name>[\w-]+)\}[ \t]*(?P<arg>[^\n]*)\n"
                       r"(?P<body>.*?)^[ \t]*(?P=fence)[ \t]*$", re.MULTILINE | re.DOTALL)
DIRECTIVE_OPTION = re.compile(r"^[ \t]*:(?P<key>[\w-]+):[ \t]*(?P<value>[^\n]*)\n?", re.MULTILINE)
ROLE = re.compile(r"\{(?P<role>[\w:-]+)\}`(?P<text>[^`]*)`")
TARGET = re.compile(r"^\([\w.:/-]+\)=[ \t]*\n", re.MULTILINE)
EXERCISE_LABEL = re.compile(r"^[A-Za-z]\d+-(q\d+[a-z]?)$")


class EditionError(ValueError):
    pass


def toc_notebooks(root: Path = ROOT) -> list[Path]:
    """Every notebook listed in _toc.yml, in book order."""
    text = (root / "_toc.yml").read_text()
    files = re.findall(r"file:\s*(\S+)", text)
    return [root / f"{f}.ipynb" for f in files if (root / f"{f}.ipynb").exists()]


def starter_for(cell, notebook) -> str:
    """The starter that replaces a solution cell in the student edition."""
    explicit = cell.get("metadata", {}).get("bootcamp", {}).get("starter")
    if explicit is not None:
        return explicit
    match = SOLUTION_CALL.search(cell.source)
    chapter = notebook.metadata.get("bootcamp", {}).get("chapter")
    if not match or not chapter:
        raise EditionError(
            "A solution cell must read `name = qN.solution()` in a notebook whose metadata names its chapter "
            f"(bootcamp.chapter), or carry metadata bootcamp.starter; found {cell.source[:80]!r}."
        )
    exercise = getattr(module_of(chapter), match.group(2))
    wanted = {name.strip() for name in (match.group(1) or "").split(",") if name.strip()}
    missing = wanted - _names_defined(exercise.starter)
    if missing:
        raise EditionError(f"{chapter} {match.group(2)}: the starter {exercise.starter!r} does not define "
                           f"{', '.join(sorted(missing))}, which the notebook goes on to use.")
    return exercise.starter


def _names_defined(code: str) -> set[str]:
    """Names a piece of code defines at its top level (assignments, functions, classes, imports)."""
    names = set()
    for node in ast.parse(code).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                names |= {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
    return names


def exercise_number(label: str) -> str:
    """The number a chapter's exercise goes by, as the notebooks and the web book show it: ``q6`` for ``i3-q6``."""
    match = EXERCISE_LABEL.match(label.strip())
    return match.group(1) if match else label.strip()


def _options_and_body(body: str) -> tuple[dict[str, str], str]:
    """A directive's leading ``:key: value`` options, and the rest of its body."""
    options = {}
    while True:
        match = DIRECTIVE_OPTION.match(body)
        if not match:
            return options, body
        options[match.group("key")] = match.group("value").strip()
        body = body[match.end():]


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.splitlines())


def _prose_role(match: re.Match) -> str:
    role, text = match.group("role"), match.group("text")
    if role == "math":
        return f"${text}$"
    shown = re.sub(r"\s*<[^>]*>$", "", text).strip() or text  # {term}`pairs <pair completeness>` reads "pairs"
    if role in ("code", "kbd", "file", "samp"):
        return f"`{shown}`"
    return shown


def _prose_directive(match: re.Match) -> str:
    name, arg, indent = match.group("name"), match.group("arg").strip(), match.group("indent")
    options, body = _options_and_body(match.group("body"))
    body = body.strip("\n")
    if name in ("solution-start", "solution-end", "glossary"):
        return ""
    if name == "only":
        return "" if arg == "trainer" else body
    if name in ("code-cell", "code-block", "code"):
        return f"{indent}```{arg}\n{body}\n{indent}```"
    if name == "math":
        return f"$$\n{body}\n$$"
    if name == "exercise":
        number = exercise_number(options["label"]) if options.get("label") else ""
        heading = " · ".join(part for part in (f"Exercise {number}".strip(), arg) if part)
        return f"### {heading}\n\n{body}"
    # Admonitions and any other block: a block quote headed by its title (or its kind, "Tip", "Warning").
    title = arg or name.replace("-", " ").capitalize()
    return _quote(f"**{title}**\n\n{body}" if body.strip() else f"**{title}**")


def prose_markdown(text: str) -> str:
    """MyST markdown made plain Markdown that reads as prose in any notebook front end (see the module docstring)."""
    text = TARGET.sub("", text)
    previous = None
    while previous != text:  # nested directives: the innermost first, until nothing changes
        previous, text = text, DIRECTIVE.sub(_prose_directive, text)
    return ROLE.sub(_prose_role, text).strip("\n")


def student_edition(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``notebook`` with solutions and instructor notes removed and outputs cleared."""
    student = nbformat.from_dict(notebook)
    cells = []
    for cell in student.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if "instructor" in tags or "{only} trainer" in cell.source:
            continue
        if cell.cell_type == "markdown" and SOLUTION_FENCE.search(cell.source) and len(cell.source) < 200:
            continue
        if cell.cell_type == "markdown":
            cell.source = prose_markdown(cell.source)
            if not cell.source.strip():
                continue
        if "solution" in tags:
            cell.source = starter_for(cell, notebook)
            cell.metadata["tags"] = [t for t in tags if t not in ("solution", "hide-cell", "hide-input")] + ["starter"]
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cells.append(cell)
    student.cells = cells
    return student


def write_student_notebooks(out_dir: str | Path, force: bool = False, root: Path = ROOT) -> list[Path]:
    """Write the student edition of every chapter notebook under ``out_dir``, keeping the book's folders."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise EditionError(f"{out} exists and is not a folder.")
    if out.exists() and any(out.iterdir()):
        if not force:
            raise EditionError(f"{out} is not empty; use --force to replace its contents.")
        shutil.rmtree(out)
    written = []
    for path in toc_notebooks(root):
        relative = path.relative_to(root / "book")
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(student_edition(nbformat.read(path, as_version=4)), target)
        written.append(target)
    return written


def build(edition: str = "learner", out_dir: str | Path | None = None, root: Path = ROOT) -> Path:
    """Build the book (warnings are errors) and put the student notebooks beside it as a zip to download."""
    if edition not in ("learner", "trainer"):
        raise EditionError(f"edition must be 'learner' or 'trainer', not {edition!r}.")
    out = Path(out_dir) if out_dir else root / "_build" / ("html" if edition == "learner" else "trainer")
    staging = out.parent / f".{out.name}-build"
    env = dict(os.environ, BOOTCAMP_EDITION=edition)
    command = [sys.executable, "-c", "from jupyter_book.cli.main import main; main()", "build", str(root), "--path-output", str(staging),
               "--warningiserror", "--keep-going"]
    completed = _run_quoting_the_real_place(command, env, root, staging)
    if completed.returncode:
        raise EditionError(f"The {edition} build failed (see the warnings above).")
    if out.exists():
        shutil.rmtree(out)
    shutil.move(staging / "_build" / "html", out)
    shutil.rmtree(staging, ignore_errors=True)
    _zip_student_notebooks(out / "student-notebooks.zip", root)
    return out


def _run_quoting_the_real_place(command, env, root, staging) -> subprocess.CompletedProcess:
    """Run the Jupyter Book build, passing its output through except its closing lines, which name the staging
    folder that :func:`build` then moves away (the command line prints the real place instead)."""
    process = subprocess.Popen(command, env=env, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    hiding, border = False, ""
    for line in process.stdout:
        if "Finished generating HTML" in line or str(staging) in line:
            hiding = True  # from here on jupyter-book only tells where its (temporary) pages are
        if hiding:
            continue
        if line.strip() and not line.strip("=\n "):
            border += line  # a box's top border: held back until we know what the box says
            continue
        print(border + line, end="", flush=True)
        border = ""
    return subprocess.CompletedProcess(command, process.wait())


def _zip_student_notebooks(zip_path: Path, root: Path) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        written = write_student_notebooks(Path(tmp) / "notebooks", root=root)
        with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in written:
                archive.write(path, Path("data-matching-bootcamp") / path.relative_to(Path(tmp) / "notebooks"))


def refresh(paths: list[str | Path], timeout: int = 600) -> None:
    """Execute notebooks in place, top to bottom in a fresh kernel, to refresh their stored outputs."""
    from nbclient import NotebookClient

    for path in map(Path, paths):
        notebook = nbformat.read(path, as_version=4)
        NotebookClient(notebook, timeout=timeout, resources={"metadata": {"path": str(path.parent)}}).execute()
        nbformat.write(notebook, path)
        print(f"refreshed {path}")
