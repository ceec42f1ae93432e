"""The shape the code is kept in (ARCHITECTURE.md): small modules that say what they are for,
classes a reader can hold in mind, no mixins in the TUI. Measured on the source, so a change
that grows a module past the limit fails here rather than in a review."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "briefreader"
MODULE_LINES = 500
CLASS_LINES = 600


@dataclass
class _Class:
    name: str
    where: str
    lines: int
    bases: list[str]


def _modules() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def _classes() -> dict[str, list[_Class]]:
    found: dict[str, list[_Class]] = {}
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                end = node.end_lineno or node.lineno
                bases = [ast.unparse(base).split(".")[-1].split("[")[0] for base in node.bases]
                where = f"{path.relative_to(SRC)}:{node.lineno}"
                found.setdefault(node.name, []).append(
                    _Class(node.name, where, end - node.lineno + 1, bases)
                )
    return found


def test_every_module_is_short_and_says_what_it_is_for() -> None:
    long = []
    silent = []
    for path in _modules():
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > MODULE_LINES:
            long.append(f"{path.relative_to(SRC)}: {text.count(chr(10))} lines")
        if text.strip() and ast.get_docstring(ast.parse(text)) is None:
            silent.append(str(path.relative_to(SRC)))
    assert not long, f"modules over {MODULE_LINES} lines: {long}"
    assert not silent, f"modules without a docstring: {silent}"


def test_no_class_with_its_bases_from_this_repo_is_over_the_limit() -> None:
    classes = _classes()

    def size(cls: _Class, seen: frozenset[str]) -> int:
        total = cls.lines
        for base in cls.bases:
            if base in seen:
                continue
            # A base defined here (several classes of that name: the largest counts).
            total += max((size(c, seen | {base}) for c in classes.get(base, [])), default=0)
        return total

    over = [
        f"{c.where} {c.name}: {size(c, frozenset({c.name}))} lines with its bases"
        for group in classes.values()
        for c in group
        if size(c, frozenset({c.name})) > CLASS_LINES
    ]
    assert not over, over


def test_the_measure_counts_bases_from_this_repo() -> None:
    """The measure above is not vacuous: the panel's list rows inherit from the long-list
    widget, and that base's lines are counted."""
    classes = _classes()
    (orphan_list,) = classes["_OrphanList"]
    assert orphan_list.bases == ["_AnnotationList"]
    assert classes["RowList"][0].lines > 100


def test_no_mixins_in_the_tui() -> None:
    mixins = [
        c.where
        for group in _classes().values()
        for c in group
        if c.where.startswith("tui/") and (c.name.endswith("Mixin") or "Mixin" in c.bases)
    ]
    assert not mixins, mixins


def test_every_worker_is_started_with_a_description() -> None:
    """Textual names a worker started without a ``description`` by the ``repr`` of its
    arguments, made at once on the UI thread: the suggestions' worker given the brief's text
    and the reader's 100,000 annotations made a 300 MB string (the reader's peak memory went
    from 184 to 492 MB) before Textual cut it to 1,000 characters."""
    missing = []
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            called = ast.unparse(node.func)
            if (called == "work" or called.endswith(".run_worker")) and not any(
                keyword.arg == "description" for keyword in node.keywords
            ):
                missing.append(f"{path.relative_to(SRC)}:{node.lineno} {called}(…)")
    assert not missing, "started without a description:\n" + "\n".join(missing)
    # The walk finds them: screens start theirs through tui/threads.py, which passes one.
    assert _calls_seen("run_worker") >= 1 and _calls_seen("in_thread") > 10
    assert _calls_seen("work") > 3


def _calls_seen(name: str) -> int:
    return sum(
        1
        for path in _modules()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and (ast.unparse(node.func) == name or ast.unparse(node.func).endswith(f".{name}"))
    )
