"""Every command's JSON: one envelope (``schema_version``, ``command``), one document per result type.

The schema of every document is ``symdl/render/schema.json`` (JSON Schema, draft 2020-12); the tests
validate each command's output against it.  Numbers that JSON cannot carry (NaN, ±∞) are written as
the strings ``"NaN"``, ``"Infinity"`` and ``"-Infinity"``; arrays as nested lists.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from symdl.errors import SymdlError
from symdl.latex import latex_of

if TYPE_CHECKING:
    from symdl.chunk import Explanation
    from symdl.formula import Formula

#: raised when a document changes incompatibly (a key removed or its meaning changed)
SCHEMA_VERSION = 1


def dump(command: str, payload: Mapping[str, Any]) -> str:
    """The JSON text of one command's answer: the envelope and ``payload``."""
    doc = {"schema_version": SCHEMA_VERSION, "command": command, **payload}
    return json.dumps(_finite(doc), indent=2, ensure_ascii=False, allow_nan=False)


def _finite(obj: Any) -> Any:
    """``obj`` with NaN/±∞ as strings, numpy values as Python ones, tuples as lists."""
    np = sys.modules.get("numpy")  # no numpy value can exist unless numpy was imported: explain never imports it
    if isinstance(obj, Mapping):
        return {str(k): _finite(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_finite(v) for v in obj]
    if np is not None and isinstance(obj, np.ndarray):
        return _finite(obj.tolist())
    if np is not None and isinstance(obj, np.generic):
        return _finite(obj.item())
    if isinstance(obj, float) and not math.isfinite(obj):
        return "NaN" if obj != obj else ("Infinity" if obj > 0 else "-Infinity")
    if isinstance(obj, complex):
        return _finite([obj.real, obj.imag])
    return obj


def error(exc: BaseException, exit_code: int) -> dict[str, Any]:
    """The ``error`` payload of a failed command (the exit code is the same as without JSON)."""
    if isinstance(exc, SymdlError):
        body = {**exc.to_dict(), "text": exc.source[exc.span.start : exc.span.end] if exc.source else ""}
        if not exc.source:  # nothing to point into: no position
            body.update(line=None, column=None, start=None, end=None)
    else:
        body = {
            "kind": "internal error" if exit_code == 4 else "invalid input",
            "message": str(exc),
            "line": None,
            "column": None,
            "start": None,
            "end": None,
            "hint": "",
            "text": "",
        }
    return {"error": {**body, "exit_code": exit_code}}


def explanation(expl: Explanation) -> dict[str, Any]:
    """``explain``: the explanation, each statement's root chunk with its source span."""
    doc = expl.to_dict()
    for root, st in zip(doc["statements"], expl.formula.statements, strict=True):
        root["span"] = [st.span.start, st.span.end]
        root["text"] = expl.formula.source[st.span.start : st.span.end]
    return doc


def reading(f: Formula) -> dict[str, Any]:
    """``parse``: how a formula was read (kind, statements, symbols, shapes, repairs, notes)."""
    return {
        "source": f.source,
        "kind": f.kind,
        "statements": [
            {
                "kind": s.kind,
                "lhs": None if s.lhs is None else str(s.lhs),
                "rhs": str(s.rhs),
                "aliases": [str(a) for a in s.aliases],
                "relation": s.relation or "=",
                "span": [s.span.start, s.span.end],
                "text": f.source[s.span.start : s.span.end],
            }
            for s in f.statements
        ],
        "symbols": {k: str(v) for k, v in f.symbols.items()},
        "shapes": {k: [str(d) for d in v] for k, v in f.shapes.items()},
        "warnings": [{"message": r.message, "start": r.span.start, "end": r.span.end} for r in f.warnings],
        "notes": [n.to_dict(f.source) for n in f.notes],
    }


def verdict(v: Any, *, wrt: str, order: int, formula: Formula, claim: Formula) -> dict[str, Any]:
    """``check F --wrt x --claim G``: the verdict, how it was reached, a counterexample when refuted."""
    import numpy as np

    ce = v.counterexample
    return {
        "verdict": v.verdict,
        "wrt": wrt,
        "order": order,
        "method": v.method,
        "layout": getattr(v, "layout", "") or "",
        "points": v.points,
        "max_rel_error": float(v.max_rel_error),
        "truth": None if v.truth is None else str(v.truth),
        "truth_latex": None if v.truth is None else latex_of(formula, v.truth),
        "difference": None if v.difference is None else str(v.difference),
        "difference_latex": None if v.difference is None else latex_of(formula, v.difference),
        "diagnosis": v.diagnosis,
        "counterexample": None
        if ce is None
        else {
            "point": {k: np.asarray(x, dtype=float) for k, x in ce.point.items()},
            "claim": np.asarray(ce.claim, dtype=float),
            "truth": np.asarray(ce.truth, dtype=float),
            "rel_error": float(ce.rel_error),
            "worst": [int(i) for i in ce.worst],
        },
        "notes": list(v.notes),
        "reading_notes": {
            "function": [n.to_dict(formula.source) for n in formula.notes],
            "claim": [n.to_dict(claim.source) for n in claim.notes],
        },
    }


def steps(report: Any, formula: Formula, lines: Mapping[str, int], path: str | None) -> dict[str, Any]:
    """``check FILE`` (a forward system and claimed ``dX = ...`` lines): each step, the first wrong one."""
    return {
        "verdict": report.verdict,
        "method": report.method,
        "file": path,
        "first_wrong": report.first_wrong,
        "steps": [
            {
                "name": s.name,
                "line": lines.get(s.name, 0),
                "verdict": "refuted" if not s.ok and not s.undecided else "undecided" if s.undecided else "verified",
                "max_rel_error": float(s.max_rel_error),
                "note": s.note,
            }
            for s in report.steps
        ],
        "readings": list(getattr(report, "readings", ())),
        "notes": list(getattr(report, "notes", ())),
        "reading_notes": [n.to_dict(formula.source) for n in formula.notes],
    }


def derivation(report: Any) -> dict[str, Any]:
    """``derive NAME --format json`` and ``check FILE`` of a derivation file: every step's verdict.

    ``report`` is a :class:`symdl.derive.Report` (not imported: derivations are built on the stages).
    """
    d = report.derivation
    first = report.first_wrong
    return {
        "name": d.name,
        "title": d.title,
        "file": d.path,
        "sources": list(d.sources),
        "tags": list(d.tags),
        "verdict": report.verdict,
        "first_wrong": None if first is None else first.name,
        "steps": [_step(s) for s in report.steps],
    }


def _step(s: Any) -> dict[str, Any]:
    num = s.numeric
    return {
        "name": s.name,
        "kind": s.kind,
        "verdict": s.verdict,
        "symbolic": s.symbolic,
        "numeric": None
        if num is None
        else {
            "ok": num.ok,
            "method": num.method,
            "points": num.points,
            "max_rel_error": float(num.max_rel_error),
            "point": dict(num.point),
            "note": num.note,
        },
        "rule": s.rule,
        "latex": s.latex,
        "derivation": [{"description": a, "rule": b, "latex": c} for a, b, c in s.steps],
        "details": [x for x in s.details if x],
        "concepts": [] if s.explanation is None else sorted(s.explanation.concepts),
    }


def library(rows: Iterable[tuple[str, str, Iterable[str]]], folder: str) -> dict[str, Any]:
    """``list``: the derivations library (name, title, tags of each) and where it lives."""
    return {"library": folder, "derivations": [{"name": n, "title": t, "tags": list(g)} for n, t, g in rows]}


def gradient(g: Any) -> dict[str, Any]:
    """``grad F --wrt X``: each gradient (ML layout) with its steps, and the emitted code.

    ``g`` is a :class:`symdl.numeric.gradient.Gradient` (not imported: the numeric stage is loaded by the command).
    """
    f = g.formula
    return {
        "source": None if f is None else f.source,
        "value": str(g.value),
        "value_latex": latex_of(f, g.value) if f is not None else str(g.value),
        "gradients": [
            {
                "wrt": p.wrt,
                "argument": p.argument,
                "expr": str(p.expr),
                "latex": p.latex,
                "index": None if p.index is None else str(p.index),
                "steps": [{"description": s.description, "rule": s.rule, "latex": s.latex} for s in p.steps],
            }
            for p in g.parts
        ],
        "emit": g.emit,
        "function": g.function or None,
        "code": g.source,
        "reading_notes": [] if f is None else [n.to_dict(f.source) for n in f.notes],
    }
