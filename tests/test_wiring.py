"""The wiring: data flows one way through the stages, and one user call runs under one guard.

Every module's imports (module level and inside functions, ``TYPE_CHECKING`` ones too) are read
with :mod:`ast` and checked against the table of allowed dependencies below.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

import symdl
from symdl import pipeline
from symdl.config import Config

PACKAGE = Path(symdl.__file__).parent

#: the stages, in the order data flows through them: a stage imports only earlier ones
STAGES = ("read", "bind", "chunk", "differentiate", "numeric", "render")
#: shared modules below every stage (each imports only other base modules)
BASE = frozenset({
    "symdl.errors", "symdl.config", "symdl.formula", "symdl.functions", "symdl.latex", "symdl.simplify",
    "symdl.activations", "symdl.activation_classes", "symdl.activation_forms", "symdl.budget", "symdl.printers",
    "symdl.untrusted", "symdl.guard", "symdl.sympy_fixes", "symdl.exports", "symdl.strides",
})  # fmt: skip
#: layer → the layers its modules may import (their own layer included)
ALLOWED: dict[str, frozenset[str]] = {
    "base": frozenset({"base"}),
    **{stage: frozenset({"base", *STAGES[: k + 1]}) for k, stage in enumerate(STAGES)},
    "pipeline": frozenset({"base", *STAGES}),  # calls the stages; imports no derive, cli or symdl.*
    "derive": frozenset({"base", *STAGES, "pipeline", "derive"}),  # the stages through the pipeline
    "api": frozenset({"base", "pipeline"}),  # symdl/__init__: guards the pipeline's functions, nothing else
    "cli": frozenset({"base", *STAGES, "pipeline", "api", "derive", "cli", "serve"}),
    # symdl serve: a front end like the CLI (the pipeline, the renderers, the derivations library); the CLI starts it
    "serve": frozenset({"base", *STAGES, "pipeline", "api", "derive", "serve"}),
}
#: the modules of the package itself: its __init__ (the guarded API) and ``python -m symdl`` (the CLI)
TOP = {"symdl": "api", "symdl.__main__": "cli", "symdl.jupyter": "cli"}
#: (importer, imported) pairs outside the table, each with its reason
EXCEPTIONS: dict[tuple[str, str], str] = {
    # the document renderers format derive's reports: they read its data types ...
    ("symdl.render.document", "symdl.derive.model"): "Block / Prose of the derivation file being rendered",
    ("symdl.render.document", "symdl.derive.report"): "Report / StepReport, the data being rendered",
    ("symdl.render.document_pdf", "symdl.derive.report"): "Report, the data being rendered",
    ("symdl.render.embedded", "symdl.derive.model"): "Prose of the derivation file being rendered",
    ("symdl.render.embedded", "symdl.derive.report"): "Report, the data being rendered",
    ("symdl.render.embedded", "symdl.derive.plots"): "MATPLOTLIB_LOCK, held by every drawing",
    # ... and have derive draw the plots a derivation declares (curves computed from library formulas)
    ("symdl.render.document", "symdl.derive.plots"): "make_plots draws the derivation's plot blocks",
    # IPython's %load_ext symdl calls symdl.load_ipython_extension: the package itself must name it
    ("symdl", "symdl.jupyter"): "load_ipython_extension, for %load_ext symdl (imports nothing heavy)",
}
#: the guarded public functions and the pipeline function each one wraps
PUBLIC = ("parse", "lambdify", "explain", "compare", "diff", "check_gradient", "check_derivation")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(name: str) -> bool:
    rel = Path(*name.split("."))
    return (PACKAGE.parent / rel).with_suffix(".py").exists() or (PACKAGE.parent / rel / "__init__.py").exists()


def _imports(path: Path) -> list[tuple[str, str, int]]:
    """``(module imported, name imported from it or '', line)`` for every import of symdl in the file."""
    me = _module_name(path)
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(a.name, "", node.lineno) for a in node.names if a.name.split(".")[0] == "symdl"]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against this module's package
                pkg = me.split(".") if path.name == "__init__.py" else me.split(".")[:-1]
                base = ".".join(pkg[: len(pkg) - node.level + 1] + ([node.module] if node.module else []))
            if base.split(".")[0] != "symdl":
                continue
            for a in node.names:
                sub = f"{base}.{a.name}"
                out.append((sub, "", node.lineno) if _is_module(sub) else (base, a.name, node.lineno))
    return out


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


@functools.cache
def imports() -> dict[str, list[tuple[str, str, int]]]:
    """Module → its symdl imports (:func:`_imports`): read once in a process, and only by a process that runs a test
    of them (each xdist worker imports this module to collect it; reading every module's AST there cost both)."""
    return {m: _imports(p) for m, p in MODULES.items()}


def layer(module: str) -> str:
    """The layer a module belongs to (a key of :data:`ALLOWED`)."""
    if module in BASE:
        return "base"
    if module in TOP:
        return TOP[module]
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in ALLOWED else f"unlisted: {module}"


def test_every_module_has_a_layer() -> None:
    unlisted = sorted(m for m in MODULES if layer(m).startswith("unlisted"))
    assert not unlisted, "add these modules to BASE or to a layer of ALLOWED"


def test_every_import_follows_the_table() -> None:
    wrong = [
        f"{m}:{line} imports {target} ({layer(m)} → {layer(target)})"
        for m, found in imports().items()
        for target, _, line in found
        if layer(target) not in ALLOWED.get(layer(m), ()) and (m, target) not in EXCEPTIONS
    ]
    assert not wrong, "\n".join(wrong)


def test_every_exception_is_still_needed() -> None:
    used = {(m, t) for m, found in imports().items() for t, _, _ in found}
    assert set(EXCEPTIONS) <= used, sorted(set(EXCEPTIONS) - used)


FORBIDDEN_FOR_STAGES = {
    "symdl.pipeline": "the pipeline sits above the stages",
    "symdl": "the guarded public API (symdl/__init__)",
    "symdl.derive": "derivation documents are built on the stages, not under them",
    "symdl.cli": "the command line is the top",
}


@pytest.mark.parametrize("target", FORBIDDEN_FOR_STAGES, ids=lambda t: f"no-stage-imports-{t}")
def test_no_stage_imports(target: str) -> None:
    wrong = [
        f"{m}:{line} imports {t}"
        for m, found in imports().items()
        if layer(m) in STAGES
        for t, _, line in found
        if (t == target or (target != "symdl" and t.startswith(target + "."))) and (m, t) not in EXCEPTIONS
    ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(
    ("importer", "target"),
    [("chunk", "render"), ("read", "bind"), ("bind", "chunk"), ("chunk", "differentiate"), ("numeric", "render")],
    ids=lambda stage: stage,
)
def test_an_earlier_stage_never_imports_a_later_one(importer: str, target: str) -> None:
    wrong = [f"{m}:{line} imports {t}" for m, found in imports().items() if layer(m) == importer
             for t, _, line in found if layer(t) == target]  # fmt: skip
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("pkg", ["derive", "render", "pipeline"], ids=lambda p: f"{p}-uses-no-guarded-api")
def test_no_guarded_public_api_below_the_guard(pkg: str) -> None:
    """derive and render (and the pipeline) never call ``symdl.parse/explain/...``: limits would nest."""
    wrong = [f"{m}:{line} imports symdl.{name or '*'}" for m, found in imports().items() if layer(m) == pkg
             for t, name, line in found if t == "symdl"]  # fmt: skip
    assert not wrong, "\n".join(wrong)


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        state[node] = 2
        stack.pop()
        return []

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return []


def test_no_import_cycle_inside_derive() -> None:
    graph = {m: {t for t, _, _ in imports()[m] if layer(t) == "derive" and t != m}
             for m in MODULES if layer(m) == "derive"}  # fmt: skip
    assert _cycle(graph) == []


def test_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


@pytest.mark.parametrize("name", PUBLIC)
def test_public_function_is_the_guarded_pipeline_function(name: str) -> None:
    plain = getattr(pipeline, name)
    assert not hasattr(plain, "__wrapped__"), "pipeline functions are plain: the guard lives in symdl/__init__"
    assert getattr(symdl, name).__wrapped__ is plain


def test_init_only_guards() -> None:
    """symdl/__init__ defines no function: every public function is a pipeline one, wrapped by symdl.guard."""
    tree = ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    defined = {n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)}
    assert defined == set()


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("sigmoid", id="define-concept-claims-derivatives"),
        pytest.param("momentum", id="compare"),
        pytest.param("two-layer-network", id="backprop"),
    ],
)
def test_a_derivation_runs_under_one_guard(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """One guard around a whole derivation; nothing inside enters the guarded public API again.

    sigmoid: define with concept, derivative claims (explain, diff, check_gradient); momentum: compare;
    two-layer-network: backprop.
    """
    from symdl.derive import check_file

    entered: list[str] = []

    def counting(fn):
        @functools.wraps(fn)
        def inner(*args, **kwargs):
            entered.append(fn.__name__)
            return fn(*args, **kwargs)

        return inner

    for public in PUBLIC:
        monkeypatch.setattr(symdl, public, counting(getattr(symdl, public)))
    run = counting(check_file)
    report = run(name, config=Config(time_limit=None))
    assert report.verdict == "verified"
    assert entered == ["check_file"], "the derivation re-entered the guarded API: limits would nest"
