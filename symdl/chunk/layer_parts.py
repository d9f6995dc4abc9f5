"""Shared structure tests for the layer concepts (RNN/LSTM/GRU, residual, dropout, windows over an index).

Everything here reads the tree's shape: which node is a call, which symbol is an earlier time of a series,
which index of an array moves with a window index.  Nothing depends on how a symbol is spelled.
"""

from __future__ import annotations

import re

import sympy
from sympy.core.function import AppliedUndef
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction
from sympy.matrices.expressions.matexpr import MatrixExpr

from symdl.chunk.algebra import terms
from symdl.chunk.optim_steps import named_previous
from symdl.chunk.registry import Context

#: what a window / sum may range over: a scalar family entry or a call with index arguments
ARRAY_ENTRY = (sympy.Indexed, AppliedUndef)


def applied(expr: sympy.Basic) -> tuple[type, sympy.Basic] | None:
    """``(function class, argument)`` of ``f(u)`` or of the element-wise ``f.(U)``; None otherwise."""
    if isinstance(expr, ElementwiseApplyFunction):
        body = expr.function.expr
        var = expr.function.variables[0]
        if isinstance(body, sympy.Function) and body.args == (var,):
            return type(body), expr.expr
        return None
    if isinstance(expr, sympy.Function) and len(expr.args) == 1 and not isinstance(expr, AppliedUndef):
        return type(expr), expr.args[0]
    return None


def is_data(expr: sympy.Basic, ctx: Context) -> bool:
    """A data-like quantity (a vector, an array entry, a call, a non-Greek scalar), not a hyperparameter."""
    if isinstance(expr, MatrixExpr):
        return not isinstance(expr, (sympy.OneMatrix, sympy.ZeroMatrix, sympy.Identity))  # 𝟙, 0, I: constants
    return ctx.data_rank(expr) >= 2


def earlier_symbols(ctx: Context, named: bool = False) -> set[sympy.Basic]:
    """The symbols that are an earlier time of a series (``h_{t-1}``, ``h^{(t-1)}``), plus the statement's previous;
    with ``named``, also those spelled as a previous value (``h`` beside ``h'``, ``h_prev``: a recurrent cell's)."""
    out: set[sympy.Basic] = set()
    if ctx.formula is not None:
        for series in ctx.formula.time_series.values():
            now = max(series)
            out |= {s for k, s in series.items() if k < now or k < 0}
    if ctx.statement is not None and ctx.statement.previous is not None:
        out.add(ctx.statement.previous)
    return out | set(_earlier_entries(ctx)) | (named_previous(ctx) if named else set())


_TIMED = re.compile(r"^(.+)\^\(([A-Za-z])([+-]\d+)?\)$")


def step_of(e: sympy.Basic) -> tuple[str, int] | None:
    """``(time letter, offset)`` of an entry of a family at a step (``h_i^{(t-1)}`` → ``('t', -1)``), else None."""
    m = _TIMED.match(str(e.base.label)) if isinstance(e, sympy.Indexed) else None
    return (m.group(2), int(m.group(3) or 0)) if m is not None else None


def _earlier_entries(ctx: Context) -> list[sympy.Indexed]:
    """The entries of a family at an earlier step than the latest one the formula writes for the same family and
    position (``h_j^{(t-1)}`` beside ``h_j^{(t)}``: Goodfellow's 10.40-10.47, Cho et al.'s GRU entry by entry)."""
    if ctx.formula is None:
        return []
    latest: dict[str, int] = {}
    entries: list[tuple[sympy.Indexed, str, int]] = []
    for st in ctx.formula.statements:
        for side in (st.lhs, st.rhs):
            for node in sympy.preorder_traversal(side) if side is not None else ():
                if (step := step_of(node)) is not None:
                    entries.append((node, *step))
                    latest[step[0]] = max(latest.get(step[0], step[1]), step[1])
    return [e for e, letter, k in entries if k < latest[letter]]


def mentions_earlier(expr: sympy.Basic, ctx: Context, named: bool = False) -> sympy.Basic | None:
    """An earlier-time symbol that ``expr`` mentions, if any (``named``: see :func:`earlier_symbols`)."""
    return next((s for s in sorted(earlier_symbols(ctx, named), key=str) if expr.has(s)), None)  # one answer every run


def same_series(a: sympy.Basic, b: sympy.Basic, ctx: Context) -> bool:
    """Whether ``a`` and ``b`` are two times of one series (``h_t`` and ``h_{t-1}``, ``h_i^{(t)}`` and
    ``h_j^{(t-1)}``)."""
    if ctx.formula is None:
        return False
    ta, tb = (_TIMED.match(str(e.base.label)) if isinstance(e, sympy.Indexed) else None for e in (a, b))
    if ta is not None and tb is not None:
        return ta.group(1) == tb.group(1) and ta.group(2) == tb.group(2)
    return any(a in s.values() and b in s.values() for s in ctx.formula.time_series.values())


def product_parts(term: sympy.Basic) -> list[sympy.Basic] | None:
    """The factors of ``a ⊙ b`` or of a scalar product ``a·b`` (numbers kept), else None."""
    if type(term).__name__ == "HadamardProduct":
        return list(term.args)
    if isinstance(term, sympy.Mul):
        return list(term.args)
    return None


def complement(a: sympy.Basic, b: sympy.Basic) -> bool:
    """Exactly ``b = 1 - a`` (scalars, or vectors with a ones vector)."""
    if isinstance(a, MatrixExpr) or isinstance(b, MatrixExpr):
        parts = list(b.args) if type(b).__name__ == "MatAdd" else [b]
        ones = [p for p in parts if type(p).__name__ == "OneMatrix"]
        rest = [p for p in parts if type(p).__name__ != "OneMatrix"]
        return len(ones) == 1 and len(rest) == 1 and sympy.MatMul(-1, a).doit() == rest[0].doit()
    return sympy.expand(a + b - 1) == 0


def call_name(expr: sympy.Basic) -> str:
    """Lower-cased letters of a named call's function (``\\mathrm{Sublayer}(x)`` → ``sublayer``), else ``""``."""
    if isinstance(expr, AppliedUndef):
        return re.sub(r"[^a-z]", "", type(expr).__name__.lower())
    return ""


def drawn_from(ctx: Context, distribution: str) -> set[str]:
    """Spellings of the names the formula draws from ``distribution`` (``r_j \\sim \\mathrm{Bernoulli}(p)``)."""
    if ctx.formula is None:
        return set()
    out = set()
    for note in ctx.formula.notes:
        if note.rule != "distribution-clause":
            continue
        m = re.search(r"set (.+?) \\sim \\(?:mathrm|operatorname|text|mathcal)\{(\w+)\}", note.message)
        if m and m.group(2).lower() == distribution:
            out.add(re.split(r"[_^]", _unstyled(m.group(1).strip()))[0])
    return out


_STYLE = re.compile(r"\\(?:mathbf|boldsymbol|bm|mathit|mathrm|vec)\s*\{([^{}]*)\}")


def _unstyled(spelling: str) -> str:
    """A spelling without its font or arrow (``\\mathbf{r}^{(l)}`` → ``r^{(l)}``): the same name in bold or plain."""
    return _STYLE.sub(r"\1", spelling)


def spelled_base(sym: sympy.Basic, ctx: Context) -> str:
    """The spelling of a symbol up to its first subscript/superscript (``r_j`` → ``r``)."""
    base = sym.base if isinstance(sym, sympy.Indexed) else sym
    return re.split(r"[_^]", _unstyled(ctx.spelling(base)))[0]


def window(entry: sympy.Basic, variables: set[sympy.Basic]) -> bool:
    """Whether each window variable shifts a position of ``entry``: ``x_{i+m, j+n}``, ``I(i-m)`` (outer index kept)."""
    args = entry.indices if isinstance(entry, sympy.Indexed) else entry.args
    if not isinstance(entry, ARRAY_ENTRY) or not args:
        return False
    used: set[sympy.Basic] = set()
    for a in args:
        calls = [n for n in sympy.preorder_traversal(a) if isinstance(n, (sympy.Indexed, AppliedUndef, sympy.Function))]
        if not isinstance(a, sympy.Add) or any(n.free_symbols for n in calls):
            continue  # a position is index arithmetic (i + m, s·j − n), never a call or an entry (ℓ(f(x_i), y_i));
            # a constant entry is a number (PyTorch's stride[0] × h + m)
        inner = a.free_symbols & variables
        outer = {s for s in a.free_symbols - variables if not s.is_positive}  # not a length: W_a[j, l + n_4] of a
        if inner and outer:  # concatenation's second block is no window (symdl.bind.memberrows)
            used |= inner
    return bool(used) and used == variables


def unrolled_blocks(x: sympy.Basic, f: sympy.Basic, ctx: Context) -> bool:
    """``x_L = x_l + Σ_{i=l}^{L-1} F(x_i, W_i)`` (He et al. 2016b): a sum, from x's own index, of an unnamed block
    applied to the same family at the summed index."""
    if type(f).__name__ == "MatMul":  # the scalar sum broadcast over a vector by a ones vector
        rest = [a for a in f.args if type(a).__name__ != "OneMatrix"]
        f = rest[0] if len(rest) == 1 else f
    if not isinstance(f, sympy.Sum) or len(f.limits) != 1:
        return False
    i, lo, _ = f.limits[0]
    body = f.function
    if not isinstance(body, AppliedUndef) or not body.args:
        return False
    from symdl.chunk.registry import named_concept

    first = body.args[0]
    if named_concept(body) is not None or not isinstance(first, sympy.Indexed) or first.indices != (i,):
        return False
    if isinstance(x, sympy.Indexed):
        return x.base == first.base and x.indices == (lo,)
    own = re.sub(r"[{}]", "", ctx.spelling(x))
    return spelled_base(first, ctx) == spelled_base(x, ctx) and own.endswith("_" + str(lo))


def scalar_affine(expr: sympy.Basic, ctx: Context) -> tuple[sympy.Basic, sympy.Basic, sympy.Basic] | None:
    """``(w, x, b)`` of one unit's ``w x + b`` written with scalars (Nielsen's ``a' = σ(wa + b)``): a product of two
    data names plus a third; never an update of its own target (``v = ρ v + g``), a step of a series, or a sum with a
    hyperparameter, a number or a sign in it (``θ − η g``, ``β m + g``)."""
    parts = terms(expr)
    if not isinstance(expr, sympy.Add) or len(parts) != 2:
        return None
    prods = [t for t in parts if isinstance(t, sympy.Mul)] or [t for t in parts if _dot_of_vectors(t)]
    if len(prods) != 1:
        return None
    b = next(t for t in parts if t is not prods[0])
    pair = prods[0].args if isinstance(prods[0], sympy.Mul) else (prods[0].arg.args[0].arg, prods[0].arg.args[1])
    names = (*pair, b)
    kinds = (sympy.Symbol, sympy.Indexed) if isinstance(prods[0], sympy.Mul) else (sympy.MatrixSymbol,)
    if len(pair) != 2 or not all(isinstance(n, kinds) for n in pair):
        return None
    if not isinstance(b, (sympy.Symbol, sympy.Indexed)):
        return None
    if any(ctx.is_greek(n.base if isinstance(n, sympy.Indexed) else n) or ctx.gradient_of(n) is not None
           for n in names):
        return None
    st = ctx.statement
    if st is None or st.previous is not None or (st.lhs is not None and expr.has(st.lhs)):
        return None
    if mentions_earlier(expr, ctx) is not None or len(set(names)) != 3:
        return None
    if expr != st.rhs and not _activated(expr, st.rhs):
        return None  # (a + bc)² is algebra; a unit's w a + b is a whole pre-activation or an activation's input
    if expr == st.rhs and not any(_weight_spelled(n, ctx) for n in pair):
        return None  # the line y = mx + b, y = ax + b: a slope and an intercept, no unit unless activated
    w, x = pair
    return w, x, b


#: a weight as texts spell one: w, W, θ (Nielsen, d2l's ŷ = w x + b, cs229's θ), a word with weight or kernel in it
_WEIGHT_HEAD = re.compile(r"(?:w|\\theta|theta|.*weight.*|.*kernel.*)")


def _weight_spelled(n: sympy.Basic, ctx: Context) -> bool:
    """Whether a factor of a bare scalar product is spelled as a weight (what makes ``w x + b`` one unit's
    pre-activation rather than the line ``m x + b`` of school algebra)."""
    head = ctx.head(n.base if isinstance(n, sympy.Indexed) else n)
    head = re.sub(r"\\(?:mathbf|boldsymbol|bm|vec)\s*\{?", "", head).strip("{} ")
    return _WEIGHT_HEAD.fullmatch(head) is not None


def _dot_of_vectors(t: sympy.Basic) -> bool:
    """``wᵀx`` read as a number (the trace of the 1×1 product of two different vectors): a unit's weighted input
    (the logistic unit ``σ(wᵀx + b)``)."""
    if not isinstance(t, sympy.Trace) or type(t.arg).__name__ != "MatMul" or len(t.arg.args) != 2:
        return False
    left, right = t.arg.args
    return isinstance(left, sympy.Transpose) and left.arg != right and 1 in left.arg.shape and right.shape[1] == 1


def _activated(expr: sympy.Basic, rhs: sympy.Basic) -> bool:
    """Whether ``rhs`` applies an activation (σ, tanh, ReLU, an unnamed φ) to exactly ``expr``."""
    from symdl.functions import READER_FUNCTIONS

    acts = tuple(f for f in READER_FUNCTIONS.values() if isinstance(f, type))
    for node in sympy.preorder_traversal(rhs):
        if isinstance(node, sympy.Function) and node.args == (expr,):
            if isinstance(node, acts) or (isinstance(node, AppliedUndef) and len(type(node).__name__) == 1):
                return True
    return False


_REGION = re.compile(r"^\(?\s*([A-Za-z](?:\s*,\s*[A-Za-z])*)\s*\)?\s*\\in\s*(.+)$")


def _letters(subscript: str) -> set[str]:
    """The single-letter indices of a subscript as the reader kept it (``_{i,j}``, ``_{ij}``, ``_i``), or of a
    region written as a function of the position (``\\mathcal{W}(i,j)``, d2l's window at (i, j))."""
    m = re.search(r"_\s*\{?([^{}]*)\}?\s*$", subscript) or re.search(r"\(([A-Za-z](?:\s*,\s*[A-Za-z])*)\)\s*$",
                                                                      subscript)
    return set(re.findall(r"[A-Za-z]", m.group(1))) if m else set()


_MEMBERS = re.compile(r"^\\max\s*_\s*\{\s*([A-Za-z])\s*\\in\s*(.+)\}\s*$")


def member_region_max(expr: sympy.Basic, ctx: Context) -> sympy.Basic | None:
    """The entry of ``h_m = \\max_{i \\in N_m} α_i`` (Boureau et al.'s pooling over the neighbourhood ``N_m`` of
    output m), read as a max over the members of ``N_m``: the set is subscripted with the output's index and the
    entry indexed by the member alone (``V_s = \\max_{a \\in A_s} Q_{s,a}`` keeps s in the entry: no window)."""
    from symdl.functions import MaxOver

    f, st = ctx.formula, ctx.statement
    if f is None or st is None or not isinstance(expr, MaxOver) or expr != st.rhs or len(expr.args) != 2:
        return None
    body, (var, *_) = expr.args
    if not isinstance(body, sympy.Indexed) or body.indices != (var,):
        return None
    outputs = _letters(ctx.spelling(st.lhs)) if isinstance(st.lhs, sympy.Symbol) else set()
    for note in f.notes:
        m = _MEMBERS.match(f.source[note.span.start:note.span.end].strip()) if note.rule == "max-over-members" and (
            note.span is not None) else None
        if m is None or m.group(1) != str(var) or not outputs or str(var) in outputs:
            continue
        if outputs <= _letters(m.group(2)) and not outputs & _letters(ctx.spelling(body.base)):
            return body
    return None


def region_max(expr: sympy.Basic, ctx: Context) -> sympy.Basic | None:
    """The entry of ``\\max_{(p,q) \\in \\mathcal{R}_{i,j}} x_{p,q}`` (Goodfellow et al. 9.3): a max over a region
    subscripted with the output's own indices (``y_{i,j}``), of an entry indexed by the region's variables: the
    window of a max pool, stated as a set.  None for any other optimum (``\\max_a Q(s, a)``, a max over a fixed set)."""
    from symdl.functions import OptimumOver

    if not isinstance(expr, OptimumOver) or expr.op != "max" or not isinstance(expr.args[1], sympy.core.symbol.Str):
        return None
    m = _REGION.match(str(expr.args[1]).strip())
    st = ctx.statement
    target = st.lhs if st is not None else None
    if m is None or not isinstance(target, sympy.Indexed):
        return None
    bound = set(re.findall(r"[A-Za-z]", m.group(1)))
    outputs = {str(i) for i in target.indices}
    body = expr.body
    spelled = {str(i) for i in body.indices} if isinstance(body, sympy.Indexed) else _letters(str(body))
    if not outputs or not outputs <= _letters(m.group(2)) or spelled != bound or bound & outputs:
        return None
    return body


_BINARY = re.compile(r"^(.+?)\\in\s*\\\{\s*0\s*,\s*1\s*\\\}\s*\^")
_ONE_HOT_NAMES = ("onehot", "1hot")


def one_hot(v: sympy.Basic, ctx: Context) -> bool:
    """Is ``v`` a one-hot vector: a call ``\\mathrm{onehot}(w)``, or a vector the formula declares binary beside it
    (cs224n's ``\\mathbf{x}^{(t)} \\in \\{0,1\\}^{|V|}``, read as a condition clause)?"""
    if isinstance(v, AppliedUndef):
        return re.sub(r"[^a-z0-9]", "", type(v).__name__.lower()) in _ONE_HOT_NAMES
    f = ctx.formula
    if f is None or not isinstance(v, sympy.MatrixSymbol) or 1 not in v.shape:
        return False
    spelled = re.sub(r"\s", "", ctx.spelling(v))
    for note in f.notes:
        if note.rule != "condition-clause" or note.span is None:
            continue
        m = _BINARY.match(f.source[note.span.start:note.span.end].strip())
        left = re.sub(r"\s", "", m.group(1)) if m else ""
        if left == spelled or (left.startswith(spelled) and left[len(spelled):][:1] in ("^", "_")):
            return True
    return False
