"""The range of a free index that only reaches arrays at computed positions (Goodfellow's convolution
``s_i = \\sum_k x_{i+k} w_k``): the valid positions, i = 1 .. N - max(the rest of the position) over the sums'
ranges, so that every entry the sums reach is in the array.  A position whose rest can be negative, or whose sums
have no finite bound, has no such range: None (the caller refuses)."""

from __future__ import annotations

import sympy


def _limits(expr: sympy.Basic) -> dict[sympy.Basic, tuple[sympy.Basic, sympy.Basic]]:
    out: dict[sympy.Basic, tuple[sympy.Basic, sympy.Basic]] = {}
    for s in expr.atoms(sympy.Sum):
        for var, lo, hi in s.limits:
            out[var] = (lo, hi)
    return out


def _extreme(rest: sympy.Basic, limits: dict, high: bool) -> sympy.Basic | None:
    """The largest (``high``) or smallest value of ``rest``, linear in summed letters, over their ranges."""
    poly = sympy.Poly(rest, *limits) if limits else None
    if poly is not None and (poly.total_degree() > 1):
        return None
    value = rest.xreplace({v: 0 for v in limits})
    for var, (lo, hi) in limits.items():
        c = rest.coeff(var)
        if c == 0:
            continue
        if not c.is_number:
            return None
        value += c * (hi if (c > 0) == high else lo)
    return None if value.has(sympy.oo, -sympy.oo) or value.free_symbols & set(limits) else value


def shifted_length(expr: sympy.Basic, i: sympy.Symbol, length) -> sympy.Basic | None:
    """``N - max(rest)`` for the first entry ``x[i + rest]`` of ``expr`` (``length(base, pos)`` gives N), when
    ``rest`` is never negative over the sums' ranges; else None."""
    limits = _limits(expr)
    for node in sympy.preorder_traversal(expr):
        if not isinstance(node, sympy.Indexed):
            continue
        for pos, ix in enumerate(node.indices):
            if not isinstance(ix, sympy.Add) or ix.coeff(i) != 1:
                continue
            rest = ix - i
            used = {v: limits[v] for v in rest.free_symbols if v in limits}
            if rest.free_symbols - set(used):
                continue
            low, high = _extreme(rest, used, False), _extreme(rest, used, True)
            if low is None or high is None or ((low >= 0) is not sympy.true and not low.is_nonnegative):
                return None
            return length(node.base, pos) - high
    return None
