"""The range of a free index that only reaches arrays at computed positions: the valid positions, those at which
every entry the sums reach is in the array.

- Goodfellow's convolution ``s_i = \\sum_k x_{i+k} w_k``: i = 1 .. N - max(the rest of the position) over the sums'
  ranges;
- d2l's cross-correlation ``[\\mathbf{X}]_{i+a,j+b}`` under ``\\sum_{a=-\\Delta}^{\\Delta}``, a rest that reaches
  below 0: i = 1 + Δ .. N - Δ (the first position the array holds, minus the lowest rest);
- a strided position (pooling's ``x_{is+a}``, :mod:`symdl.strides`), its family indexed from 0: the windows that fit,
  i = 0 .. ⌊(N - 1 - max(rest)) / s⌋ (with ``rest = 0..k-1``, ⌊(N - k)/s⌋), the strides and dilations whole numbers
  (checked when evaluated).

A position whose sums have no finite bound, or whose rest is neither known to be at least 0 nor written below it,
has no such range: None (the caller refuses)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

import sympy

from symdl.strides import extreme, strided, sum_limits


@dataclass(frozen=True)
class Window:
    """The valid positions of a free index: ``first`` .. ``first + count - 1``; ``strides`` the names that must be
    whole numbers ≥ 1 there (a stride, a dilation)."""

    first: sympy.Basic
    count: sympy.Basic
    strides: frozenset[sympy.Symbol] = frozenset()


def _window(c: sympy.Basic, low: sympy.Basic, high: sympy.Basic, n: sympy.Basic, origin: int,
            dilations: set[sympy.Basic]) -> Window | None:
    """The window of ``x[c·i + rest]``, ``rest`` in ``low .. high``, of an array of ``n`` entries from ``origin``;
    ``dilations`` the names in the rest's coefficients."""
    at_least_zero = (low >= 0) is sympy.true or low.is_nonnegative
    if c == 1 and at_least_zero:
        return Window(sympy.S.One, n - high)  # x_{i+k}: i = 1 .. N - max(k), as always
    if c == 1 and (low.is_negative or low.could_extract_minus_sign()):
        return Window(origin - low, n - high + low)  # d2l's a = -Δ..Δ: i = 1 + Δ .. N - Δ
    if c == 1 or not at_least_zero:
        return None
    return Window(sympy.S.Zero, sympy.floor((n - 1 + origin - high) / c) + 1, frozenset(c.free_symbols | dilations))


def shifted_window(expr: sympy.Basic, i: sympy.Symbol, length: Callable[[sympy.Basic, int], sympy.Basic],
                   origins: Collection[sympy.Basic] = ()) -> Window | None:
    """The valid positions of ``i`` at the first entry ``x[c·i + rest]`` of ``expr`` that fixes them (``c`` 1 or a
    stride; ``length(base, pos)`` gives N; ``origins`` the families indexed from 0); else None."""
    limits = sum_limits(expr)
    for node in sympy.preorder_traversal(expr):
        if not isinstance(node, sympy.Indexed):
            continue
        for pos, ix in enumerate(node.indices):
            if not isinstance(ix, sympy.Add) or ix.coeff(i) == 0:
                continue
            found = strided(ix, limits) if ix.coeff(i) != 1 else (i, sympy.S.One, ix - i)
            if found is None or found[0] != i:
                continue
            rest = found[2]
            used = {v: limits[v] for v in rest.free_symbols if v in limits}
            dilations = {f for v in used for f in rest.coeff(v).free_symbols}
            if rest.free_symbols - set(used) - dilations:
                continue  # an offset by a name no sum runs over: no window
            low, high = extreme(rest, used, False), extreme(rest, used, True)
            if low is None or high is None:
                return None
            return _window(found[1], low, high, length(node.base, pos), 0 if node.base in origins else 1, dilations)
    return None
