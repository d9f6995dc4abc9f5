"""Families indexed from 0: where a family's first array entry is its member 0, not its member 1.

symdl's families are 1-based (``x_1`` is the array's first entry).  Sources that count from 0 say so in the
formula itself, in one of three ways, and then the family is 0-based (its array's first entry is member 0):

- a sum that starts at 0 reaches the family with its letter alone at a position (cs229's
  ``h(x) = \\sum_{i=0}^d \\theta_i x_i``, a filter ``\\sum_{k=0}^{T} w_k x_k``, Nielsen's
  ``\\sum_{l=0}^4 \\sum_{m=0}^4 w_{l,m} a_{j+l,k+m}``: w is 0-based, a is read at the valid windows as before);
- the family is written at the fixed position 0 beside an index (a bias row ``w_{0,i}`` beside ``\\sum_{j=1}^m x_j
  w_{j,i}``, Bishop's bias weight ``w_{j0}``), or has a member 0 (Ng's ``\\theta_0`` beside ``\\theta_j := \\theta_j -
  ...``): member 0 is the array's first row, column or entry;
- the family is written at the positions ``2j`` and ``2j+1`` of one letter (the positional encoding's
  ``p_{i,2j}``, ``p_{i,2j+1}``, RoPE's ``x_{2i}``, ``x_{2i+1}``): the pair tiles the columns 0, 1, 2, ... from
  ``j = 0`` (1-based columns would be ``2j-1``, ``2j``).

A family read at a strided position whose offset starts at 0 (pooling's ``x_{is+a}`` with a = 0..k-1, a strided
convolution's ``x_{si+dk}`` with k = 0..K-1: :mod:`symdl.strides`) is 0-based too: window i starts at entry i·s, the
index the stride multiplies counting from ``i = 0`` (the PyTorch docs' pooling ``input(stride × h + m)``).  With an
offset from 1 (``x_{is+k}`` under ``\\sum_{k=1}^{K}``) the family stays 1-based, window 0 covering x_1 .. x_K.  Either
way the reading is noted ``strided-position``.

Each such family is noted ``zero-based`` (how to get the 1-based reading: start the sum at 1).  A family reached
only at computed positions (``r_{t+k+1}``) keeps its 1-based reading: the sum's start says where the window
starts, not where the array does.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sympy

from symdl.strides import centred_starts, extreme, strided, sum_limits


def _from_sums(expr: sympy.Basic) -> dict[sympy.Basic, str]:
    out: dict[sympy.Basic, str] = {}
    for s in sorted(expr.atoms(sympy.Sum), key=sympy.default_sort_key):  # sorted: the same note on any run
        starts = {var for var, lo, _ in s.limits if lo == 0}
        for e in sorted(s.function.atoms(sympy.Indexed), key=sympy.default_sort_key):
            for ix in e.indices:
                if ix in starts:
                    out.setdefault(e.base, f"the sum over {ix} starts at 0")
    return out


def _from_parity(exprs: Iterable[sympy.Basic]) -> dict[sympy.Basic, str]:
    """Families written at ``2j`` and at ``2j+1`` of one letter (at one position)."""
    seen: dict[tuple[sympy.Basic, int, sympy.Basic], set[sympy.Basic]] = {}
    for expr in exprs:
        for e in expr.atoms(sympy.Indexed):
            for pos, ix in enumerate(e.indices):
                for letter in ix.free_symbols:
                    if ix.coeff(letter) == 2 and (ix - 2 * letter).is_Integer:
                        seen.setdefault((e.base, pos, letter), set()).add(ix - 2 * letter)
    return {base: f"it is written at {2 * letter} and {2 * letter + 1}"
            for (base, _, letter), consts in seen.items() if {0, 1} <= consts}


def _from_fixed(exprs: Iterable[sympy.Basic]) -> dict[sympy.Basic, str]:
    """Families written at the fixed position 0 beside an index (a bias row ``w_{0,i}``, Bishop's ``w_{j0}``)."""
    out: dict[sympy.Basic, str] = {}
    for expr in exprs:
        for e in sorted(expr.atoms(sympy.Indexed), key=sympy.default_sort_key):
            if len(e.indices) > 1 and any(ix == 0 for ix in e.indices) and e.free_symbols - {e.base.label}:
                out.setdefault(e.base, f"it is written at the position 0 ({', '.join(map(str, e.indices))})")
    return out


def _member_zero(exprs: Iterable[sympy.Basic]) -> set[sympy.Basic]:
    """Families of one index written at 0 (Ng's ``\\theta_0`` beside ``\\theta_j := \\theta_j - ...``): member 0."""
    return {e.base for expr in exprs for e in expr.atoms(sympy.Indexed) if e.indices == (0,)}


def strided_entries(exprs: Iterable[sympy.Basic]) -> dict[sympy.Basic, tuple[sympy.Indexed, sympy.Basic, sympy.Basic,
                                                                              bool]]:
    """Each family read at a strided position → its first such entry, its index, its stride and whether the window's
    first offset is 0 (``x_{is+a}``, a = 0..k-1; ``x_{is+k}`` under ``\\sum_{k=1}^K`` starts at offset 1)."""
    out: dict[sympy.Basic, tuple[sympy.Indexed, sympy.Basic, sympy.Basic, bool]] = {}
    for expr in exprs:
        limits = sum_limits(expr)
        for e in sorted(expr.atoms(sympy.Indexed), key=sympy.default_sort_key):
            for ix in e.indices:
                if (found := strided(ix, limits)) is not None:
                    rest = found[2]
                    low = extreme(rest, {v: limits[v] for v in rest.free_symbols if v in limits}, False)
                    out.setdefault(e.base, (e, found[0], found[1], low == 0))
    return out


def zero_based(statements: list[Any]) -> dict[sympy.Basic, str]:
    """Every 0-based family (IndexedBase) of ``statements`` → why (the note's reason)."""
    sides = [e for st in statements for e in (st.lhs, st.rhs) if isinstance(e, sympy.Basic)]
    out: dict[sympy.Basic, str] = {}
    for e in sides:
        for base, why in _from_sums(e).items():
            out.setdefault(base, why)
    for base, why in _from_parity(sides).items():
        out.setdefault(base, why)
    for base, why in _from_fixed(sides).items():
        out.setdefault(base, why)
    for base, (_, i, stride, from_zero) in strided_entries(sides).items():
        if from_zero:  # x_{is+a}, a = 0..k-1: window i covers entries i·s .. i·s + k - 1
            out.setdefault(base, f"it is read at strided positions from offset 0: window {i} starts at entry "
                           f"{i}·{stride}, from {i} = 0")
    members = {b for b in _member_zero(sides) if b not in out}
    for base in sorted(members, key=sympy.default_sort_key):
        out[base] = f"it has a member 0, {base}_0"
    for base, why in _beside_members(sides, members).items():
        out.setdefault(base, why)
    return out


def _beside_members(sides: list[sympy.Basic], zero: set[sympy.Basic]) -> dict[sympy.Basic, str]:
    """Families of one index read at the same letter as a family with a member 0 (Ng's gradient ``g_j`` in
    ``\\theta_j := \\theta_j - \\alpha g_j`` beside ``\\theta_0``): one entry per parameter, so indexed from 0 too."""
    out: dict[sympy.Basic, str] = {}
    for e in sides:
        atoms = sorted(e.atoms(sympy.Indexed), key=sympy.default_sort_key)
        letters = {a.indices[0]: a.base for a in atoms if a.base in zero and len(a.indices) == 1
                   and isinstance(a.indices[0], sympy.Symbol)}
        for a in atoms:
            if len(a.indices) == 1 and a.indices[0] in letters and a.base not in zero:
                out.setdefault(a.base, f"it is read at {a.indices[0]} beside {letters[a.indices[0]]}, which has a "
                               "member 0")
    return out


def note_zero_based(b: Any, families: dict[sympy.Basic, str], statements: list[Any]) -> None:
    """One ``zero-based`` note per family, at its first written name; one ``strided-position`` note per family read
    at strided positions, at its first such entry; one ``centred-kernel`` note per family a sum from below 0 reaches
    (:func:`symdl.strides.centred_starts`)."""
    left = dict(families)
    sides = [e for st in statements for e in (st.lhs, st.rhs) if isinstance(e, sympy.Basic)]
    windows = strided_entries(sides)
    centred = {base: starts for e in sides for base, starts in centred_starts(e).items()}
    for k in sorted(b.cache, key=lambda k: b.ph[k].span.start):
        obj = b.cache[k]
        base = obj.base if isinstance(obj, sympy.Indexed) else obj
        if base in left:
            b._note("zero-based", b.ph[k].span, name=str(base), why=left.pop(base))
        if base in centred and isinstance(obj, sympy.Indexed):
            starts = centred.pop(base)
            b._note("centred-kernel", b.ph[k].span, name=b.latex_names.get(base, str(base)),
                    start=", ".join(sympy.latex(starts[p]) for p in sorted(starts)))
        if base in windows and isinstance(obj, sympy.Indexed) and obj == windows[base][0]:
            _, i, stride, _ = windows.pop(base)
            b._note("strided-position", b.ph[k].span, name=b.latex_names.get(base, str(base)), index=str(i),
                    stride=b.latex_names.get(stride, sympy.latex(stride)), positions=", ".join(map(str, obj.indices)))
