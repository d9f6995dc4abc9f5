"""One name-and-shape environment for a gradient check's formula, claim and ``--wrt``.

People drop the bold in the claim (d2l's ``\\mathbf{x}^\\top\\mathbf{x}`` with gradient ``2x``) or write it in
``--wrt`` or ``--shape`` for a plain formula.  A name that differs from a formula's name only by font (bold,
arrow: :data:`symdl.read.commands.BOLD`) and is not itself written in the formula is that name, with a reading
note (rule ``font-alias``); a formula that writes both spellings keeps them apart.  A name the claim reads with
another kind of shape than the formula (a number against a vector) is :class:`InvalidInput`, never a refutation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import sympy

from symdl.errors import InvalidInput, Span
from symdl.formula import Formula
from symdl.read.commands import BOLD
from symdl.read.notes import NOTE_RULES

#: a font command (``\\overrightarrow`` is no font: d2l's forward state of a bidirectional RNN is a name of its own)
_FONT = re.compile(r"\\(?:" + "|".join(sorted(BOLD, key=len, reverse=True)) + r")(?![A-Za-z])")


def font_free(spelling: str) -> str:
    """A spelling without font commands, spaces and braces: ``\\mathbf{x}``, ``\\vec x`` and ``x`` give ``x``."""
    return re.sub(r"[\s{}]", "", _FONT.sub("", spelling))


def font_alias(known: Mapping[str, sympy.Basic], spelling: str) -> str | None:
    """The spelling of ``known`` that ``spelling`` names by another font, or None (written itself, none, or two)."""
    if spelling in known:
        return None
    key = font_free(spelling)
    same = [k for k in known if font_free(k) == key]
    if not same or len({known[k] for k in same}) != 1:
        return None  # no such name, or the formula writes two names that differ by font: they stay apart
    return same[0]


def font_aliases(known: Mapping[str, sympy.Basic], spellings: Iterable[str]) -> dict[str, str]:
    """Each of ``spellings`` that is a name of ``known`` by another font → that name's spelling."""
    found = {s: font_alias(known, s) for s in spellings}
    return {s: k for s, k in found.items() if k is not None}


def alias_note(aliases: Mapping[str, str], where: str) -> str:
    """The ``font-alias`` reading note of ``aliases`` (spelling → the formula's), one line, for a verdict's notes."""
    row = NOTE_RULES["font-alias"]
    values = {"text": ", ".join(aliases), "name": ", ".join(aliases.values()), "where": where}
    return f"reading note ({where}): {row.message.format(**values)}; other reading: {row.alternative.format(**values)}"


def align_shapes(shapes: Mapping[str, tuple] | None, f: object) -> dict[str, tuple] | None:
    """``shapes`` with each key that names one of ``f``'s names by another font (``\\mathbf{x}=4`` for a plain
    ``x``) under the formula's own spelling."""
    if not shapes or not isinstance(f, Formula):
        return dict(shapes) if shapes else None
    out: dict[str, tuple] = {}
    for key, dims in shapes.items():
        out[font_alias(f.symbols, key) or key] = dims
    return out


def shape_of(obj: sympy.Basic) -> tuple | None:
    """A name's shape as ``parse(shapes=...)`` takes it: ``()`` a number, ``(n,)`` a vector; None for others."""
    if isinstance(obj, sympy.MatrixSymbol):
        rows, cols = (int(d) if getattr(d, "is_Integer", False) else d for d in obj.shape)
        return (rows,) if cols == 1 else (rows, cols)
    if isinstance(obj, sympy.Symbol) and not obj.is_integer:
        return ()
    return None


def _kind(obj: sympy.Basic) -> str | None:
    shape = shape_of(obj)
    if shape is None:
        return None
    return ("a number", "a vector", "a matrix")[len(shape)] if shape != (1, 1) else "a number"


def check_same_kinds(f: Formula, claim: Formula, aliases: Mapping[str, str]) -> None:
    """Refuse a claim that reads a formula's name as another kind (a number where the formula has a vector)."""
    for key, obj in claim.symbols.items():
        mine = f.symbols.get(aliases.get(key, key))
        if mine is None:
            continue
        a, b = _kind(mine), _kind(obj)
        if a is not None and b is not None and a != b:
            name = aliases.get(key, key)
            raise InvalidInput(
                f"the claim reads {key} as {b}, the formula reads {name} as {a}: the two cannot be compared",
                source=claim.source, span=_span(claim.source, key),
                hint=f"write {name} in the claim as the formula does, or declare its shape in both (--shape "
                f"'{name}=4' for a vector, a \\in \\mathbb{{R}}^{{3 \\times 4}} line for a matrix)",
            )


def _span(source: str, text: str) -> Span | None:
    start = source.find(text)
    return Span(start, start + len(text)) if start >= 0 else None


def same_objects(f: Formula, claim: Formula, aliases: Mapping[str, str]) -> dict[sympy.Basic, sympy.Basic]:
    """Each aliased claim name's object → the formula's object of the same name."""
    out = {}
    for key, target in aliases.items():
        if key in claim.symbols and claim.symbols[key] != f.symbols[target]:
            out[claim.symbols[key]] = f.symbols[target]
    return out


class ShapeMismatch(InvalidInput):
    """The claim's value cannot be the gradient: its shape is not the gradient's (never a refutation)."""


def shape_mismatch(claim: tuple[int, ...], truth: tuple[int, ...], core: int, var: str) -> ShapeMismatch:
    """The error for a claim of shape ``claim`` where the derivative by ``var`` (``core`` axes) has ``truth``."""
    out = truth[: len(truth) - core]
    shown = {"claim": _dims(claim), "truth": _dims(truth), "var": _dims(truth[len(truth) - core:])}
    if out:  # a vector- or matrix-valued function: its derivative is a Jacobian
        return ShapeMismatch(
            f"the function's value is not a number (shape {_dims(out)}), so its derivative by {var} (shape "
            f"{shown['var']}) is a Jacobian of shape {shown['truth']}; the claim has shape {shown['claim']}",
            hint="for the gradient of the sum, write the sum: \\sum_i x_i^2 or \\|x\\|^2 for x^2; for the Jacobian, "
            "claim a matrix (\\mathrm{diag}(2x))",
        )
    if len(claim) == len(truth) + 1 and 1 in claim and len(truth) == 1:  # x^T for x: a row for a column
        return ShapeMismatch(
            f"the claim is a row (shape {shown['claim']}), the gradient by {var} a column of {shown['truth']} "
            "entries: symdl's gradients have the variable's shape (the denominator layout)",
            hint="write the claim as a column (2x, not 2x^T)",
        )
    return ShapeMismatch(
        f"the gradient by {var} has {var}'s shape {shown['truth']}, the claim has shape {shown['claim']}: it cannot "
        "be the gradient",
        hint="check the claim's names and their shapes (--shape NAME=DIMS applies to the formula and the claim)",
    )


def _dims(shape: tuple[int, ...]) -> str:
    return "×".join(str(d) for d in shape) if shape else "() (a number)"
