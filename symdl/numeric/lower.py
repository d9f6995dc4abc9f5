"""Lowering: a SymPy tree (indexed sums, matrices, symdl functions) → a flat tree of kernel calls.

The flat tree contains only plain real Symbols (one per input), numbers, SymPy's
elementary functions and calls of the ``symdl_*`` kernels of
:mod:`symdl.numeric.kernels`, so SymPy's numpy printer (with ``cse=True``) can print it
as one vectorised function.  The rules are tables: :data:`symdl.numeric.tables.FUNCTION_KERNELS` (SymPy
function → kernel), :data:`symdl.numeric.matrices.MATRIX_HANDLERS` (matrix node → handler) and
:data:`symdl.numeric.tables.REDUCTIONS` (sum-like node → kernel).

Axes: indices get *core* axes at the end of every array (free indices first, then one
per summation variable); matrices use the last two axes; batch axes lead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import sympy
from sympy.core.function import AppliedUndef

from symdl.errors import NotSupported
from symdl.formula import Label
from symdl.numeric.matrices import MATRIX_HANDLERS
from symdl.numeric.shiftrange import Window, shifted_window
from symdl.numeric.stable import IndexMax
from symdl.numeric.stable_softmax import SoftmaxOver
from symdl.numeric.tables import FUNCTION_KERNELS, REDUCTIONS, UNSUPPORTED, K
from symdl.strides import centred_starts
from symdl.untrusted import expression


@dataclass
class Lowered:
    """The result of lowering one expression.

    Attributes:
        expr: the flat expression.
        inputs: original object (Symbol / IndexedBase / MatrixSymbol) → its argument Symbol.
        mode: ``scalar``, ``index`` or ``matrix``.
        ndim: number of core axes of index mode.
        free: free indices, in axis order.
        free_lengths: free index → the length symbol giving its range ``1..n``.
        family_rank: IndexedBase → number of indices it takes.
        lengths: length symbol → (IndexedBase, position) whose array size fills it.
        int_params: symbols used as sum bounds or dimensions (scalars, never batched).
        shapes: MatrixSymbol → its (rows, cols).
        spans: a sum's upper-bound symbol → every (IndexedBase, position) its index reads: when the bound is filled
            from an array (a length, a dimension), each of those axes must be that long.
    """

    expr: sympy.Basic
    inputs: dict[sympy.Basic, sympy.Symbol] = field(default_factory=dict)
    mode: str = "scalar"
    ndim: int = 0
    free: tuple[sympy.Symbol, ...] = ()
    free_lengths: dict[sympy.Symbol, sympy.Basic] = field(default_factory=dict)
    family_rank: dict[sympy.Basic, int] = field(default_factory=dict)
    lengths: dict[sympy.Basic, tuple[sympy.Basic, int]] = field(default_factory=dict)
    int_params: set[sympy.Basic] = field(default_factory=set)
    shapes: dict[sympy.Basic, tuple[object, object]] = field(default_factory=dict)
    spans: dict[sympy.Basic, set[tuple[sympy.Basic, int]]] = field(default_factory=dict)


def _reduction_nodes(expr: sympy.Basic) -> list[sympy.Basic]:
    found: list[sympy.Basic] = []
    for node in sympy.preorder_traversal(expr):
        if type(node) in REDUCTIONS and node not in found:
            found.append(node)
    return found


def _limits(node: sympy.Basic) -> tuple[sympy.Expr, list[tuple[sympy.Basic, ...]]]:
    if isinstance(node, IndexMax | SoftmaxOver):
        return node.args[0], [tuple(node.args[1])]
    return node.function, [tuple(lim) for lim in node.limits]


def free_indices(expr: sympy.Basic) -> list[sympy.Symbol]:
    """Index symbols of ``expr`` not bound by a sum, in order of first appearance."""
    out: list[sympy.Symbol] = []

    def visit(e: sympy.Basic, bound: frozenset) -> None:
        if type(e) in REDUCTIONS:
            body, lims = _limits(e)
            inner = bound | {lim[0] for lim in lims}
            for lim in lims:
                for b in lim[1:]:
                    visit(b, bound)
            visit(body, inner)
            for part in getattr(e, "outside", ()):  # SoftmaxOver's numerator and scale, outside its sum
                visit(part, bound)
            return
        if isinstance(e, sympy.Indexed):
            for ix in e.indices:  # an entry picked by a family of labels (s[y[i]]): y[i] and y are no index
                names = {b.label for b in ix.atoms(sympy.IndexedBase)}
                symbols = (s for s in ix.free_symbols if isinstance(s, sympy.Symbol) and s not in names)
                for s in sorted(symbols, key=str):
                    if s not in bound and s not in out and s.is_integer and not isinstance(s, Label):
                        out.append(s)
        if isinstance(e, sympy.KroneckerDelta):
            for s in sorted(e.free_symbols, key=str):
                if s not in bound and s not in out and not isinstance(s, Label):
                    out.append(s)
        for a in e.args:
            visit(a, bound)

    visit(expr, frozenset())
    return out


class _Lowerer:
    def __init__(
        self,
        expr: sympy.Basic,
        free: tuple[sympy.Symbol, ...],
        lengths: Mapping[sympy.Basic, sympy.Basic],
        functions: Mapping[str, Callable[..., object]],
        given: frozenset[sympy.Basic] = frozenset(),
        origins: frozenset[sympy.Basic] = frozenset(),
    ) -> None:
        self.out = Lowered(expr=expr, free=free)
        self.origins = origins  # families indexed from 0 (symdl.bind.origins)
        self.centred = centred_starts(expr)  # families indexed from a sum's start below 0 (symdl.strides)
        self.from_zero: set[sympy.Symbol] = set()  # free indices of a family indexed from 0: 0..N-1
        self.windows: dict[sympy.Symbol, Window] = {}  # free indices whose range is the valid positions (shiftrange)
        self.given = given  # written derivatives the caller gives a value for (Nielsen's \partial C_0/\partial w)
        self.lengths_of_base = dict(lengths)
        self.functions = functions
        nodes = _reduction_nodes(expr)
        self.ndim = len(free) + sum(len(_limits(n)[1]) for n in nodes)
        self.next_axis = len(free)
        self.axes: dict[sympy.Basic, list[int]] = {}
        self.open: dict[sympy.Basic, int] = {}  # index → its axis: the free indices and the sums' being lowered
        self.memo: dict[sympy.Basic, sympy.Basic] = {}
        self.matrix = False
        self.blocks = _block_axes(expr)

    def arg(self, obj: sympy.Basic) -> sympy.Symbol:
        if obj not in self.out.inputs:
            self.out.inputs[obj] = sympy.Symbol(f"symdl_a{len(self.out.inputs)}", real=True)
        return self.out.inputs[obj]

    def irange(self, lo: sympy.Basic, hi: sympy.Basic, axis: int, uses: Iterable[sympy.Basic] = ()) -> sympy.Basic:
        """The range of ``axis``; the axes of the indices in ``uses`` that are already laid out (the other axes an
        array in its sum's body can span) size its arrays (:func:`symdl.numeric.kernels_index.symdl_irange`)."""
        scope = sorted({self.open[s] - self.ndim for s in uses if s in self.open})
        if not scope:
            return K["symdl_irange"](lo, hi, axis - self.ndim, self.ndim)
        return K["symdl_irange"](lo, hi, axis - self.ndim, self.ndim, sympy.Tuple(*scope))

    def length_symbol(self, base: sympy.Basic, pos: int) -> sympy.Basic:
        if pos == 0 and base in self.lengths_of_base:
            sym = self.lengths_of_base[base]
        else:
            sym = sympy.Symbol(f"symdl_len_{len(self.out.lengths)}", integer=True, positive=True)
            if pos == 0:
                self.lengths_of_base[base] = sym
        self.out.lengths.setdefault(sym, (base, pos))
        return sym

    def run(self) -> Lowered:
        env: dict[sympy.Basic, sympy.Basic] = {}
        for axis, i in enumerate(self.out.free):
            n = self._free_length(i)
            self.out.free_lengths[i] = n
            window = self.windows.get(i)
            for name in window.strides if window is not None else ():  # a stride, a dilation: whole numbers ≥ 1
                env[name] = K["symdl_stride"](self.arg(name))
            hi = self.lower(n, env)
            start = self.lower(window.first, env) if window is not None else \
                sympy.S.Zero if i in self.from_zero else sympy.S.One
            env[i] = self.irange(start, K["symdl_window"](hi) + start - 1 if window is not None else hi + start - 1,
                                 axis, self.open)
            self.open[i] = axis
        self.out.expr = self.lower(self.out.expr, env)
        if self.out.expr.has(sympy.zoo):  # log(0), 1/0 once SymPy evaluated a part: no number (numpy prints no zoo)
            self.out.expr = self.out.expr.xreplace({sympy.zoo: sympy.nan})
        if self.matrix and self.ndim:
            raise NotSupported("mixing indexed sums with matrix products is not supported yet")
        self.out.mode = "matrix" if self.matrix else ("index" if self.ndim else "scalar")
        self.out.ndim = self.ndim
        return self.out

    def _free_length(self, i: sympy.Symbol) -> sympy.Basic:
        partners = [i] + [
            d.args[1] if d.args[0] == i else d.args[0]
            for d in self.out.expr.atoms(sympy.KroneckerDelta)
            if i in d.args
        ]
        for p in partners:
            for node in _with_outside(self.out.expr):
                if isinstance(node, sympy.Indexed):
                    for pos, ix in enumerate(node.indices):
                        if ix == p:
                            if node.base in self.origins:
                                self.from_zero.add(i)  # y_i = x_i of a family indexed from 0: i = 0..N-1
                            return self.length_symbol(node.base, pos)
        # x_{i+k} under \sum_{k=1}^{K}: 1..N-K; pooling's x_{is+a}: the windows that fit (symdl.numeric.shiftrange)
        window = shifted_window(self.out.expr, i, self.length_symbol, self.origins)
        if window is not None:
            self.windows[i] = window  # a window longer than the array: an error, not an empty result (kernels)
            return window.count
        raise NotSupported(f"cannot tell the range of the free index {i}: it indexes no array directly")

    def lower(self, e: sympy.Basic, env: Mapping[sympy.Basic, sympy.Basic]) -> sympy.Basic:
        key = (e, tuple(sorted(env.items(), key=str)))
        if key not in self.memo:
            self.memo[key] = self._lower(e, env)
        return self.memo[key]

    def _lower(self, e: sympy.Basic, env: Mapping[sympy.Basic, sympy.Basic]) -> sympy.Basic:
        if e in env:
            return env[e]
        if isinstance(e, sympy.Number | sympy.NumberSymbol) or e in (sympy.true, sympy.false):
            return e
        if isinstance(e, sympy.Derivative | sympy.Subs) and _of_known_functions(e):
            return self.lower(e.doit(), env)  # σ'(z), tanh'(x) as written: the derivative of a known function
        if isinstance(e, sympy.Derivative) and e in self.given:
            return self.arg(e)  # a derivative the formula names as a value: an input, by its spelling
        for cls, what in UNSUPPORTED.items():
            if isinstance(e, cls):
                raise NotSupported(f"cannot evaluate {what} numerically: {e}")
        if type(e) in REDUCTIONS:
            return self._reduction(e, env)
        if isinstance(e, sympy.Indexed):
            return self._indexed(e, env)
        if isinstance(e, sympy.MatrixSymbol):
            self.matrix = True
            self.out.shapes[e] = e.shape
            for d in e.shape:
                self._dim(d)
            return self.arg(e)
        if isinstance(e, sympy.Symbol):
            return self.arg(e)
        for cls, handler in MATRIX_HANDLERS.items():
            if isinstance(e, cls):
                self.matrix = True
                return handler(self, e, env)
        args = [self.lower(a, env) for a in e.args]
        for cls, kernel in FUNCTION_KERNELS.items():
            if isinstance(e, cls):
                return K[kernel](*args)
        if isinstance(e, AppliedUndef):
            return self._user_function(e, args)
        if isinstance(e, sympy.Piecewise):
            return sympy.Piecewise(*[(args[n].args[0], args[n].args[1]) for n in range(len(args))], evaluate=False)
        if isinstance(e, sympy.core.relational.Relational):  # a count compared (K > Σ_j H(s_j − s_i)): kernels
            return e.func(*args, evaluate=False)  # carry no assumptions SymPy could judge the comparison by
        try:
            return e.func(*args)
        except (TypeError, ValueError) as exc:  # pragma: no cover - defensive
            raise NotSupported(f"cannot evaluate {type(e).__name__} numerically") from exc

    def _dim(self, d: object) -> sympy.Basic:
        d = sympy.sympify(d)
        for s in sorted(d.free_symbols, key=str):  # in a fixed order: argument order must not follow hashing
            self.out.int_params.add(s)
            self.arg(s)
        return self.lower(d, {}) if d.free_symbols else d

    def _user_function(self, e: AppliedUndef, args: list[sympy.Basic]) -> sympy.Basic:
        name = str(e.func)
        if name not in self.functions:
            raise NotSupported(
                f"cannot evaluate the unknown function {name}() numerically",
                hint=f"pass functions={{'{name}': a_numpy_function}}",
            )
        return sympy.Function(f"symdl_user_{_safe(name)}")(*args)

    def _indexed(self, e: sympy.Indexed, env: Mapping[sympy.Basic, sympy.Basic]) -> sympy.Basic:
        base = e.base
        rank = self.out.family_rank.setdefault(base, len(e.indices))
        if rank != len(e.indices):
            raise NotSupported(f"{base} is used with {rank} and with {len(e.indices)} indices")
        for pos in range(rank):
            if pos or base not in self.lengths_of_base:
                self.length_symbol(base, pos)
            else:
                self.out.lengths.setdefault(self.lengths_of_base[base], (base, 0))
        first = 0 if base in self.origins else 1
        starts = self.centred.get(base, {})  # d2l's [V]_{a,b}, a = -Δ..Δ: the array starts at V_{-Δ}
        idx = [self.lower(ix - starts[pos] + first if pos in starts else ix, env) for pos, ix in enumerate(e.indices)]
        return K["symdl_gather0" if base in self.origins else "symdl_gather"](self.arg(base), *idx)

    def _reduction(self, e: sympy.Basic, env: Mapping[sympy.Basic, sympy.Basic]) -> sympy.Basic:
        value, ranges = self._lay_out(e, env)
        if isinstance(e, SoftmaxOver):
            return self._softmax(e, env, value, ranges[0])
        for jr, axis in reversed(ranges):
            value = K[REDUCTIONS[type(e)]](value, jr, axis)
        return value

    def _lay_out(self, e: sympy.Basic, env: Mapping[sympy.Basic, sympy.Basic]) -> tuple[sympy.Basic, list]:
        """A sum-like node's body lowered along its indices' axes (given one each), and (range, axis) per index."""
        body, lims = _limits(e)
        inner = dict(env)
        ranges = []
        outer = {j: self.open[j] for j, _, _ in lims if j in self.open}  # an outer sum over the same letter
        if e not in self.axes:
            self.axes[e] = list(range(self.next_axis, self.next_axis + len(lims)))
            self.next_axis += len(lims)
        for axis, (j, lo, hi) in zip(self.axes[e], lims, strict=True):
            if (lo.free_symbols | hi.free_symbols) & (set(inner) | {lim[0] for lim in lims}):
                raise NotSupported("a sum whose bounds depend on another index is not supported yet")
            self._infer_bound(body, j, lo, hi)
            for s in lo.free_symbols | hi.free_symbols:
                self.out.int_params.add(s)
            uses = (body.free_symbols - {lim[0] for lim in lims}) | {lim[0] for lim in lims[: len(ranges)]}
            jr = self.irange(self.lower(lo, env), self.lower(hi, env), axis, uses)
            self.open[j] = axis
            inner[j] = jr
            ranges.append((jr, axis - self.ndim))
        value = self.lower(body, inner)
        for j, _, _ in lims:  # reduced: arrays after this sum never span its axes
            self.open.pop(j, None)
        self.open.update(outer)
        return value, ranges

    def _softmax(self, e: SoftmaxOver, env: Mapping[sympy.Basic, sympy.Basic], value: sympy.Basic,
                 j_range: tuple[sympy.Basic, int]) -> sympy.Basic:
        """``scale · exp(A) / Σ_j exp(B)`` (:class:`SoftmaxOver`): the softmax of ``B`` along ``j``'s axis, laid
        along ``k``'s (:func:`symdl.numeric.kernels_softmax.symdl_softmax_onto`)."""
        k = e.args[2]
        if k not in env or k not in self.open:
            raise NotSupported(f"cannot lay out the softmax over {e.args[1][0]} along {k}: {k} is no index here")
        a, scale = (self.lower(part, env) for part in e.outside)
        jr, jaxis = j_range
        return K["symdl_softmax_onto"](a, value, jr, jaxis, env[k], self.open[k] - self.ndim, scale)

    def _infer_bound(self, body: sympy.Basic, j: sympy.Basic, lo: sympy.Basic, hi: sympy.Basic) -> None:
        """An upper bound symbol nobody supplies takes the length of the array ``j`` indexes; every axis ``j``
        reads is recorded (:attr:`Lowered.spans`), to be checked against it."""
        if lo != 1 or not (isinstance(hi, sympy.Symbol) or hi.is_Integer):
            return  # an integer bound (\\sum_{i=1}^{4} w_i x_i^2) is recorded too: the families' length
        for node in sympy.preorder_traversal(body):
            if isinstance(node, sympy.Indexed):
                for pos, ix in enumerate(node.indices):
                    if ix == j and (node.base, pos) not in self.blocks:
                        if isinstance(hi, sympy.Symbol):
                            self.out.lengths.setdefault(hi, (node.base, pos))
                        self.out.spans.setdefault(hi, set()).add((node.base, pos))


def _with_outside(expr: sympy.Basic) -> Iterable[sympy.Basic]:
    """Every node of ``expr`` in preorder, and of the parts a node evaluates outside its sum (SoftmaxOver's
    numerator ``z_k``, where ``k`` indexes an array)."""
    for node in sympy.preorder_traversal(expr):
        yield node
        for part in getattr(node, "outside", ()):
            yield from _with_outside(part)


def _block_axes(expr: sympy.Basic) -> set[tuple[sympy.Basic, int]]:
    """The axes an array is read along in blocks, somewhere at an index plus a length (GAT's ``a^\\top [W h_i \\|
    W h_j]``: ``a_l`` for the first block, ``a_{n + n_2}`` for the second, n_2 a positive dimension): a sum over one
    block reads only part of such an axis, so its range is never that axis's length, nor checked against it."""
    out = set()
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, sympy.Indexed):
            for pos, ix in enumerate(node.indices):
                if isinstance(ix, sympy.Add) and any(t.is_Symbol and t.is_positive for t in ix.args):
                    out.add((node.base, pos))
    return out


def _of_known_functions(e: sympy.Basic) -> bool:
    """Is ``e`` a derivative (or its value at a point) of known functions only, so that SymPy can evaluate it?"""
    inner = e.expr if isinstance(e, sympy.Subs) else e
    if isinstance(inner, sympy.Subs):
        inner = inner.expr
    if not isinstance(inner, sympy.Derivative):
        return False
    small = inner.derivative_count <= MAX_EVALUATED_ORDER and sympy.count_ops(inner.expr) <= MAX_EVALUATED_OPS
    return small and not inner.expr.atoms(AppliedUndef) and not inner.expr.atoms(sympy.Derivative, sympy.Integral)


#: a written derivative of known functions is evaluated when it is this small (σ'(z), tanh''(x)): SymPy's own
#: differentiation is not counted by the budgets, and the 4th derivative of a deep composition has ~depth^4 terms
MAX_EVALUATED_ORDER = 2
MAX_EVALUATED_OPS = 40


def _safe(name: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in name)


def lower(
    expr: sympy.Basic,
    *,
    free: tuple[sympy.Symbol, ...] | None = None,
    lengths: Mapping[sympy.Basic, sympy.Basic] | None = None,
    functions: Mapping[str, Callable[..., object]] | None = None,
    given: frozenset[sympy.Basic] = frozenset(),
    origins: frozenset[sympy.Basic] = frozenset(),
) -> Lowered:
    """Lower ``expr`` to a flat tree of kernel calls.

    Args:
        expr: the (already stabilised) SymPy expression.
        free: free indices in output-axis order (default: as they appear).
        lengths: IndexedBase → the symbol of its length (``Formula.lengths``).
        functions: name → numpy callable for unknown functions.
        given: unevaluated derivatives that are inputs (spelt in the formula: ``\\frac{\\partial C_0}{\\partial w}``).
        origins: the families indexed from 0 (:attr:`symdl.formula.Formula.zero_based`).

    Returns:
        The :class:`Lowered` expression and what its evaluation needs.

    Raises:
        NotSupported: for constructs with no numeric meaning yet.
    """
    expr = expression(expr, "the expression")
    fr = tuple(free) if free is not None else tuple(free_indices(expr))
    return _Lowerer(expr, fr, lengths or {}, functions or {}, given, origins).run()
