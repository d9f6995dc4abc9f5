"""Building SymPy objects from placeholders: the meaning a deep-learning reader intends."""

from __future__ import annotations

import itertools
import re
from typing import Any

import sympy
from sympy import MatrixExpr
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction
from sympy.matrices.expressions.matmul import validate as validate_matmul

from symdl.bind.bilinear import refuse_form_per_output
from symdl.bind.cancelled import note_cancelled
from symdl.bind.statnames import ARRAY_REDUCTIONS
from symdl.errors import Note, NotSupported, Span
from symdl.functions import MATRIX_ANALOGUES, MinOver, OverIndex
from symdl.read import numbers
from symdl.read.notes import note, quote
from symdl.read.power import Power, Reciprocal
from symdl.read.syntax import Placeholder, placeholder_id
from symdl.simplify import expand_within
from symdl.untrusted import refuse_text


def is_mat(e: Any) -> bool:
    return isinstance(e, (MatrixExpr, sympy.MatrixBase))


def whole_member(e: Any, vector_families: set[str]) -> bool:
    """Is ``e`` one whole vector of a family of vectors (a bold ``\\mathbf{x}^{(i)}``, one index on a family named in
    ``vector_families``), which the binder holds as a number per member?"""
    return isinstance(e, sympy.Indexed) and len(e.indices) == 1 and e.base.label.name in vector_families


def l2_norm(a: sympy.Basic) -> sympy.Basic:
    """``\\|a\\|_2`` of a vector (Frobenius of a matrix) as symdl reads a norm: ``\\sqrt{\\mathrm{tr}(a^T a)}``."""
    return sympy.sqrt(sympy.Trace(sympy.MatMul(sympy.Transpose(a), a)))


def elementwise(f: Any, arg: sympy.Basic) -> sympy.Basic:
    """``f`` applied to a scalar, or element-wise to a matrix."""
    refuse_text(arg, "the argument")
    arg = scalar_if_1x1(arg)
    if not is_mat(arg):
        return f(arg)
    d = sympy.Dummy("x", real=True)
    return ElementwiseApplyFunction(sympy.Lambda(d, f(d)), arg)


#: why a call whose gradient the formula takes is a number (symdl.bind.callvalue): certain, so its value commutes
GRADIENT_REASON = "it is differentiated by a vector, as a gradient is of a number"


def applied(name: str, *args: sympy.Basic, number: bool = False) -> sympy.Basic:
    """The unknown function ``name`` applied to ``args``: SymPy's plain function.  Of a vector or matrix its value is
    not commutative to SymPy, which refuses it beside a matrix: symdl turns that refusal into its own (a number
    where a matrix product needs a vector, :func:`symdl.bind.bind`), never reading such a product silently.  A value
    the formula makes a number (``number``: Sutton & Barto's \\hat{v}(S, \\mathbf{w}) beside its gradient) is
    commutative: a number times a vector."""
    return (sympy.Function(name, commutative=True) if number else sympy.Function(name))(*args)


def first_position(e: sympy.Basic, placeholders: dict[int, Placeholder]) -> int:
    """Source position of the leftmost placeholder in ``e`` (the factor's place in a product)."""
    best = 10**9
    for s in e.free_symbols:
        k = placeholder_id(s)
        if k is not None and k in placeholders:
            best = min(best, placeholders[k].span.start)
    return best


class MemberOuter(sympy.Function):
    """``\\mathbf{x}_n \\mathbf{x}_n^T``: the outer product of two vectors of families of vectors (made by
    :func:`symdl.bind.families.family_dot`), held whole until the statement is read entry by entry
    (:func:`symdl.bind.memberwise.outer_entries`, ``family-outer``); one left over is refused."""

    nargs = 2


def _row_times_family_element(factors: list[tuple[int, sympy.Basic]], family_dot: Any) -> list[tuple[int, Any]]:
    """``w^T x^{(i)}`` is the dot product with the i-th sample vector: ``family_dot(w^T, x[i])`` writes it as the
    sum over their entries (``\\sum_k w_k x_{i,k}``).  Where it cannot (the row is not a vector's name), the
    product is refused: symdl's families hold numbers, so it would read as a row vector scaled by a number."""
    ordered = sorted(factors, key=lambda t: t[0])
    for (p, f), (q, g) in itertools.pairwise(ordered):
        row_then_element = is_mat(f) and f.shape[0] == 1 and f.shape[1] != 1 and isinstance(g, sympy.Indexed)
        matrix_then = is_mat(f) and 1 not in f.shape and (isinstance(g, (sympy.Indexed, sympy.Sum)) or type(
            g).__name__ in ("ElementwiseApplyFunction", "MemberConcat"))  # W x_i, W \sum_j \alpha_{ij} x_j, W [s; h_i]
        row_then_image = is_mat(f) and f.shape[0] == 1 and (type(g).__name__ == "MemberImage" or (
            is_mat(g) and g.shape[1] == 1 and g.shape[0] != 1))  # a^T (W h_j), v^T \tanh(W s + U h_j)
        column_then_element = is_mat(f) and f.shape[1] == 1 and f.shape[0] != 1 and isinstance(g, sympy.Indexed)
        if family_dot is not None and (row_then_element or matrix_then or row_then_image or column_then_element
                                       or isinstance(f, sympy.Indexed)):  # \mathbf{w} \cdot \mathbf{x}_i too
            dot = family_dot(f, g, p, q)  # also x^{(i)\top} w and w_j^\top x_i: a transposed vector of a family first
            if dot is not None:
                rest = [(r, h) for r, h in factors if h is not f and h is not g]
                return _row_times_family_element([*rest, (p, dot)], family_dot)
        if row_then_element:
            raise NotSupported(
                f"a row vector times one element of the family {g.base} (like w^T x^{{(i)}}): the elements of "
                "a family are numbers in symdl, so this cannot be the dot product with a sample vector",
                span=Span(p, q + 1),
                hint="write the vectorised form (w^T x, or w^T X for all samples), or the sum "
                "\\sum_j w_j x^{(i)}_j",
            )
    for p, f in factors:  # a transposed vector of a family left without its dot product (x^{(i)} x^{(i)\top})
        if family_dot is not None and isinstance(f, sympy.Indexed):
            family_dot(f, None, p)
    return factors


def mul(factors: list[tuple[int, sympy.Basic]], dot_between: Any = None, family_dot: Any = None) -> sympy.Basic:
    """Multiply, keeping matrices in their written order and scalars in front.

    ``dot_between(a, b)`` says which product sign was written between source positions a and b (``*``, or
    another truthy value, or a falsy one for none): ``\\mathbf{x} \\cdot \\mathbf{y}`` of two column vectors is
    their dot product, ``\\mathbf{r} * \\mathbf{y}`` their element-wise product; written side by side they are
    a shape error (a transpose is missing).
    """
    factors = _row_times_family_element(factors, family_dot)
    divisors = [f for _, f in factors if isinstance(f, sympy.HadamardPower) and f.exp.is_negative is True]
    if divisors:  # \frac{\mathbf m}{\sqrt{\mathbf v}+\epsilon}: a fraction of vectors divides element-wise
        rest = mul([(p, f) for p, f in factors if not any(f is d for d in divisors)], dot_between)
        return _divide_elementwise(rest, divisors)
    scalars = [f for _, f in factors if not is_mat(f)]
    placed = sorted(((p, f) for p, f in factors if is_mat(f)), key=lambda t: t[0])
    mats = [f for _, f in placed]
    coeff = sympy.Mul(*scalars)
    if not mats:
        return coeff
    dotted = False
    if len(mats) == 2 and all(m.shape[1] == 1 and m.shape[0] != 1 for m in mats):
        sign = dot_between(placed[0][0], placed[1][0], True) if dot_between is not None else None
        if not sign:
            raise sympy.ShapeError(
                "two column vectors side by side; a transpose may be missing: write x^T y (a number) or x y^T"
            )
        if sign == "*":  # r * y (dropout's mask, the PyTorch docs): element-wise, noted by the binder
            mats = [sympy.HadamardProduct(*mats)]
        else:
            mats[0] = sympy.Transpose(mats[0])  # x · y of two column vectors is their dot product
            dotted = True
    if len(mats) > 1 and dot_between is not None and not dotted:
        cuts = [k + 1 for k in range(len(mats) - 1) if dot_between(placed[k][0], placed[k + 1][0]) == "*"]
        if cuts:  # Ng's W^{[2]T} dZ^{[2]} * g'(Z^{[1]}): '*' multiplies the matrix products on its sides element-wise
            groups = [mats[a:b] for a, b in itertools.pairwise([0, *cuts, len(mats)])]
            had = sympy.HadamardProduct(*(mul([(0, m) for m in g]) for g in groups))
            return had if coeff == 1 else sympy.MatMul(coeff, had).doit(deep=False)
    mats, numbers_of = _split_at_numbers(mats)  # (a^T c) a: the 1x1 product is a number times a
    coeff = coeff * sympy.Mul(*numbers_of)
    if len(mats) > 1:
        validate_matmul(*mats)
    if len(mats) > 1 and all(isinstance(m, sympy.MatrixBase) for m in mats):
        prod = sympy.MatMul(*mats, evaluate=False)  # explicit matrices stay a product, as printed
    else:
        prod = mats[0] if len(mats) == 1 else sympy.MatMul(*mats).doit(deep=False)
    if coeff == 1:
        return prod
    if isinstance(prod, sympy.MatrixBase):
        return coeff * prod  # an explicit matrix: every entry times the number
    return sympy.MatMul(coeff, prod).doit(deep=False)  # ``*`` would doit deep: a sum in the number expands


def _split_at_numbers(mats: list[sympy.Basic]) -> tuple[list[sympy.Basic], list[sympy.Basic]]:
    """Matrices in written order, with each leading run whose product is 1x1 followed by a matrix of more rows
    taken out as a number (``x^T y z``: the number xᵀy times z)."""
    numbers_of: list[sympy.Basic] = []
    chain: list[sympy.Basic] = []
    for m in mats:
        if chain and chain[0].shape[0] == 1 and chain[-1].shape[1] == 1 and m.shape[0] != 1:
            numbers_of.append(sympy.Trace(sympy.MatMul(*chain).doit(deep=False)))
            chain = []
        chain.append(m)
    return chain, numbers_of


def _divide_elementwise(value: sympy.Basic, divisors: list[sympy.Basic]) -> sympy.Basic:
    """``value`` times each element-wise reciprocal; a number or a column broadcasts over a matrix."""
    for d in divisors:
        if not is_mat(value):  # a number over a vector: not ``*``, whose deep doit expands a sum inside the number
            value = sympy.MatMul(value, d).doit(deep=False) if value != 1 else d
            continue
        rows, cols = value.shape
        if 1 not in value.shape and d.shape == (rows, 1):
            d = sympy.MatMul(d, sympy.OneMatrix(1, cols))  # numpy's exp(s) / exp(s).sum(-1, keepdims=True)
        elif 1 not in value.shape and d.shape == (1, cols):
            d = sympy.MatMul(sympy.OneMatrix(rows, 1), d)  # (X - mu) / np.sqrt(var + eps), per column
        if value.shape != d.shape:
            raise sympy.ShapeError(f"an element-wise division of a {value.shape[0]}x{value.shape[1]} value by a "
                                   f"{d.shape[0]}x{d.shape[1]} one")
        value = sympy.HadamardProduct(value, d)
    return value


def hadamard_power(base: sympy.Basic, exp: sympy.Basic) -> sympy.Basic:
    exp, base = scalar_if_1x1(exp), scalar_if_1x1(base)  # (g^T H g)^2: a power of the number gᵀHg
    if is_mat(exp):
        raise sympy.ShapeError(f"a {'vector' if 1 in exp.shape else 'matrix'} cannot be an exponent")
    if not is_mat(base):
        numbers.require(sympy.Pow, (base, exp))  # 9^{9^{9}}: sized before it is computed
        return sympy.Pow(base, exp)
    if exp == 1:
        return base
    return sympy.HadamardPower(base, exp)


def power_as_written(base: sympy.Basic, exp: sympy.Basic) -> sympy.Basic:
    """A written power (:class:`symdl.read.power.Power`) once its base is known: ``A^{-1}``, ``A^{-k}`` of a
    square matrix is its inverse (a power of it); a number's power is a power; any other power of a vector
    or matrix is element-wise (``g_t^2`` in an optimizer update).

    Raises:
        ShapeError: ``^{-1}`` of a vector or of a matrix that is not square.
    """
    exp, base = scalar_if_1x1(exp), scalar_if_1x1(base)
    if not is_mat(base) or exp.is_negative is not True:
        return hadamard_power(base, exp)
    rows, cols = base.shape
    if 1 in (rows, cols) or (rows != cols and not (isinstance(rows, sympy.Symbol) or isinstance(cols, sympy.Symbol))):
        what = "a vector" if 1 in (rows, cols) else f"a {rows}x{cols} matrix"
        raise sympy.ShapeError(f"^{{{exp}}} of {what}: only a square matrix has an inverse (for the element-wise "
                               "reciprocal write \\frac{1}{x})")
    if isinstance(base, sympy.MatrixBase):
        _invertible(base)
    inverse = sympy.Inverse(base) if rows == cols else sympy.Inverse(base.subs(cols, rows))
    return inverse if exp == -1 else sympy.MatPow(inverse, -exp)


def _invertible(m: sympy.MatrixBase) -> None:
    """Refuse the inverse of an explicit matrix that has none (its determinant expands to 0), or that is too large
    to invert symbolically: SymPy would fail on it later, wherever the inverse is printed or negated."""
    if m.rows > 4:
        raise NotSupported(f"the inverse of an explicit {m.rows}x{m.cols} matrix (up to 4x4 are inverted)",
                           hint="name the matrix (A^{-1} of a declared A \\in \\mathbb{R}^{n \\times n})")
    if expand_within(m.det(method="berkowitz")) == 0:
        raise sympy.ShapeError("^{-1} of a singular matrix (its determinant is 0): it has no inverse")


def span_of(e: sympy.Basic, placeholders: dict[int, Placeholder], *, bound: bool = False) -> Span | None:
    """Where the placeholders of ``e`` were written (from the first to the last), or None if it has none;
    ``bound``: a sum's index too (its span is the ``\\sum``, so the span starts there)."""
    symbols = e.atoms(sympy.Symbol) if bound else e.free_symbols
    spans = [placeholders[k].span for s in symbols if (k := placeholder_id(s)) is not None and k in placeholders]
    return Span(min(x.start for x in spans), max(x.end for x in spans)) if spans else None


def _matrix_power(base: sympy.Basic, exp: sympy.Basic, span: Span, source: str, notes: list[Note]) -> sympy.Basic:
    """``A^2`` of a matrix: the matrix power A·A when A is square, else element-wise; either way noted."""
    values = {"text": quote(source[span.start : span.end], 60), "exp": str(exp)}
    if base.shape[0] == base.shape[1]:
        notes.append(note("matrix-power", span, values))
        return sympy.MatPow(base, exp)
    notes.append(note("elementwise-power", span, values))
    return sympy.HadamardPower(base, exp)


def _with_identity(base: sympy.Basic) -> bool:
    """Is ``base`` a sum of matrices with the identity as a term (``I - αA``)?  Only a matrix is added to I."""
    return isinstance(base, sympy.MatAdd) and any(
        isinstance(t, sympy.Identity) or (isinstance(t, sympy.MatrixSymbol) and str(t.name) in ("I", "I_n"))
        for t in base.args)


def _root_exponent(base: sympy.Basic, exp: sympy.Basic) -> bool:
    """Is ``exp`` a positive number that is no integer on a matrix that may be square (not a vector, not known to be
    rectangular)?  (Negative ones are inverses first: :func:`power_as_written`.)"""
    if not (is_mat(base) and exp.is_number and exp.is_positive is True and exp.is_integer is False):
        return False
    rows, cols = base.shape
    return 1 not in (rows, cols) and (rows == cols or isinstance(rows, sympy.Symbol) or isinstance(cols, sympy.Symbol))


def _matrix_root(base: sympy.Basic, exp: sympy.Basic, span: Span | None, source: str,
                 notes: list[Note] | None) -> sympy.Basic:
    """``\\boldsymbol\\Sigma^{1/2}``: the matrix root, the principal power of a square matrix (computed for symmetric
    ones with positive eigenvalues, as a graph's ``D^{-1/2}`` is), not its entries' roots; noted ``matrix-root``."""
    rows, cols = base.shape
    square = base if rows == cols else base.subs(cols, rows)
    if notes is not None and span is not None:
        shown = str(exp) if exp.is_Rational else f"{float(exp):g}"
        notes.append(note("matrix-root", span, {"text": quote(source[span.start : span.end], 60), "exp": shown}))
    return sympy.MatPow(square, exp)


def scalar_if_1x1(e: sympy.Basic) -> sympy.Basic:
    """A 1x1 matrix product (``x^T y``) used as a number becomes that number."""
    if is_mat(e) and e.shape == (1, 1):
        return sympy.Trace(e)
    return e


def add(terms: list[sympy.Basic]) -> sympy.Basic:
    """Add, broadcasting scalars and column vectors (biases) over matrices."""
    if any(not is_mat(t) for t in terms):
        terms = [scalar_if_1x1(t) for t in terms]
    mats = [t for t in terms if is_mat(t)]
    if not mats:
        return sympy.Add(*terms)
    if any((isinstance(t, sympy.Sum) and is_mat(t.function)) or (not is_mat(t) and t.has(MemberOuter))
           for t in terms):  # a scatter matrix + \lambda I, \sum_n x_n x_n^T - \mu \mu^T: read entry by entry
        return sympy.Add(*terms, evaluate=False)
    rows, cols = max(mats, key=lambda m: (m.shape[1] != 1) + (m.shape[0] != 1)).shape
    out = []
    for t in terms:
        if not is_mat(t):
            out.append(t * sympy.OneMatrix(rows, cols))
        elif t.shape[1] == 1 and cols != 1:
            out.append(sympy.MatMul(t, sympy.OneMatrix(1, cols)))
        elif t.shape[0] == 1 and rows != 1:  # a row bias (d2l's X W + b) added to every row
            out.append(sympy.MatMul(sympy.OneMatrix(rows, 1), t))
        else:
            out.append(t)
    return sympy.MatAdd(*out).doit(deep=False)


def convert(
    expr: sympy.Basic,
    obj: Any,
    placeholders: dict[int, Placeholder],
    special: Any = None,
    dot_between: Any = None,
    notes: list[Note] | None = None,
    source: str = "",
    family_dot: Any = None,
) -> sympy.Basic:
    """Replace placeholders in the reader's expression by their objects, matrix-aware.

    ``special(expr)`` may claim an Add or Mul (sequences written with ``\\dots``); reading rules that chose
    between two readings (a matrix's power) append their notes to ``notes``.
    """
    k = placeholder_id(expr)
    if k is not None:
        return obj(k)  # type: ignore[no-any-return]
    if not expr.args or expr.is_Number:
        return expr

    def again(e: sympy.Basic) -> sympy.Basic:
        return convert(e, obj, placeholders, special, dot_between, notes, source, family_dot)

    if special is not None and isinstance(expr, (sympy.Add, sympy.Mul)):
        claimed = special(expr)
        if claimed is not None:
            return claimed  # type: ignore[no-any-return]
    if isinstance(expr, sympy.Mul):
        return mul([(first_position(a, placeholders), again(a)) for a in expr.args], dot_between, family_dot)
    if isinstance(expr, sympy.Add):
        terms = [again(a) for a in expr.args]
        if notes is not None:  # nn.Bilinear's x_1^T A x_2 + b: refused by name
            refuse_form_per_output(expr.args, terms, lambda w: span_of(w, placeholders), source)
        if notes is not None and any(is_mat(t) and t.shape != (1, 1) for t in terms):  # (μ^T Σ^{-1} μ): a number
            _note_broadcasts(expr.args, terms, placeholders, source, notes)
        if notes is not None:  # FixMatch's p_m(y|α(u)) - p_m(y|α(u)): two random draws read as one value (noted)
            note_cancelled(expr.args, terms, lambda w: span_of(w, placeholders), source, notes)
        return add(terms)
    if isinstance(expr, (sympy.Pow, Power)):
        base, exp = again(expr.args[0]), again(expr.args[1])
        linear = isinstance(base, (sympy.MatrixSymbol, sympy.MatMul, sympy.Transpose, sympy.Inverse)) or (
            _with_identity(base))  # not tanh^2(Z); Goodfellow's (I - εΛ)^τ: a matrix polynomial's power
        if notes is not None and linear and 1 not in base.shape and ((exp.is_Integer and exp > 1) or (
                not exp.is_number and isinstance(expr, sympy.Pow))):  # A^2; BPTT's (W_{hh}^T)^{T-i}
            return _matrix_power(base, exp, span_of(expr.args[0], placeholders) or Span(0, 0), source, notes)
        if linear and _root_exponent(base, scalar_if_1x1(exp)):  # \boldsymbol\Sigma^{1/2}: the matrix's root
            return _matrix_root(base, scalar_if_1x1(exp), span_of(expr.args[0], placeholders), source, notes)
        return power_as_written(base, exp) if isinstance(expr, Power) else hadamard_power(base, exp)
    if isinstance(expr, Reciprocal):  # \frac{g^T g}{g^T H g}: over the number gᵀHg; over a vector, element-wise
        return hadamard_power(scalar_if_1x1(again(expr.args[0])), sympy.Integer(-1))
    if isinstance(expr, (sympy.Sum, sympy.Product, OverIndex)):
        limits = [tuple(again(x) for x in lim) for lim in expr.limits]
        changed = [k for k, lim in enumerate(limits) if own_bound(lim) != lim]
        if changed and notes is not None and (
                at := span_of(expr.limits[changed[0]][0], placeholders, bound=True)) is not None:
            notes.append(note("bound-label", at, {"text": quote(source[at.start : at.end], 60)}))
        limits = [own_bound(lim) for lim in limits]
        return bounded(type(expr), _skipping(expr, again(expr.function), limits[0][0], again, placeholders), limits)
    if isinstance(expr, (sympy.exp, sympy.log)):
        arg = again(expr.args[0])
        if notes is not None:  # e^{\Delta A}: entry by entry, not the matrix exponential
            name = "exp" if isinstance(expr, sympy.exp) else "log"
            note_entrywise_matrix(name, arg, span_of(expr, placeholders) or Span(0, 0), source, notes)
        return elementwise(type(expr), arg)
    args = [again(a) for a in expr.args]
    numbers.require(expr.func, tuple(args))
    return expr.func(*args)


def own_bound(limit: tuple[sympy.Basic, ...]) -> tuple[sympy.Basic, ...]:
    """A sum's limits with a bound that is an entry of a family at the sum's own index (UFLDL's
    ``\\sum_{l=1}^{n_l-1}``, n_l the number of layers) read as one number named so: a bound cannot vary with the index
    it bounds (it was the entry n[l], l the index being summed, silently)."""
    if len(limit) != 3:
        return limit
    index, *ends = limit
    swap = {e: sympy.Symbol(f"{e.base.label}_{{{','.join(map(str, e.indices))}}}" if len(e.indices) > 1
                            else f"{e.base.label}_{e.indices[0]}", integer=True, positive=True)
            for end in ends for e in end.atoms(sympy.Indexed) if index in e.free_symbols}
    return (index, *(end.xreplace(swap) for end in ends)) if swap else limit


def bounded(cls: Any, body: sympy.Basic, limits: list[tuple[sympy.Basic, ...]]) -> sympy.Basic:
    """``cls(body, *limits)`` (a Sum or Product) with the sums and products inside ``body`` that hold a Piecewise kept
    as written: SymPy folds every Piecewise holding the outer index out to the top of the body, across an inner
    product's own index (cs229's ``\\sum_i \\log \\prod_l (\\dots)^{1\\{y^{(i)} = l\\}}`` became a Piecewise over the
    whole product with l free, silently)."""
    inner = [q for q in body.atoms(sympy.Sum, sympy.Product) if q.has(sympy.Piecewise)]
    if not inner:
        return cls(body, *limits)
    masks = {q: sympy.Dummy() for q in inner}
    made = cls(body.xreplace(masks), *limits)
    if not isinstance(made, cls):
        return made.xreplace({d: q for q, d in masks.items()})
    restored = made.function.xreplace({d: q for q, d in masks.items()})
    return sympy.Basic.__new__(cls, restored, *made.args[1:])


def note_entrywise_matrix(name: str, arg: sympy.Basic, span: Span, source: str, notes: list[Note]) -> None:
    """Note that ``name`` (a key of :data:`~symdl.functions.MATRIX_ANALOGUES`) of a matrix ``arg`` (not a vector) is
    read entry by entry, as numpy and attention's \\exp(QK^T) mean it, not as the matrix function."""
    if is_mat(arg) and 1 not in arg.shape:
        word, numpy_name = MATRIX_ANALOGUES[name]
        notes.append(note("matrix-entrywise", span, {"text": quote(source[span.start : span.end], 60), "name": word,
                                                     "name_np": numpy_name}))


def _note_broadcasts(written: tuple[sympy.Basic, ...], terms: list[sympy.Basic], placeholders: dict[int, Placeholder],
                     source: str, notes: list[Note]) -> None:
    """A term read as a number, added to a vector or matrix, is added to every entry: a guess unless it is a
    number (``1 + \\mathbf{x}``) or a lone name (those have their own rules: ``scalar-beside-bold``)."""
    for w, t in zip(written, terms, strict=True):
        k = placeholder_id(w)
        alone = k is not None and not (k in placeholders and placeholders[k].kind == "call"
                                       and placeholders[k].data.get("known") is None)  # q(x; φ) + v ⊙ ξ: noted
        latin = (alone and k in placeholders and placeholders[k].kind == "atom" and (
            _plain_latin(placeholders[k]) or (_noise_greek(placeholders[k]) and any(
                isinstance(o, sympy.MatMul) for o in terms)))  # Y = X\beta + \mu; not \sqrt{G} + \epsilon
                 and not re.search(r"\\(?:mathbf|boldsymbol|bm)\b", source))  # beside bold: scalar-beside-bold
        if not is_mat(t) and _note_bar_mean(w, placeholders, source, notes):
            continue
        if is_mat(t) or t.is_number or (alone and not latin) or not t.free_symbols:
            continue  # (a plain Latin letter left a number beside a vector, y - \sigma(Xw)'s y, is a guess: noted)
        if not any(_may_be_array(placeholders[k], placeholders) for s in w.free_symbols
                   if (k := placeholder_id(s)) is not None and k in placeholders):
            continue  # \mathrm{E}[x], \|x\|, \mathbf{w}^T\mathbf{x}: numbers by what they are
        span = span_of(w, placeholders, bound=True)  # from a sum's \sum on
        if span is not None:
            notes.append(note("scalar-broadcast", span, {"text": quote(source[span.start : span.end], 60)}))


def _note_bar_mean(w: sympy.Basic, placeholders: dict[int, Placeholder], source: str, notes: list[Note]) -> bool:
    """A barred name (``- \\bar{x}``) added as a number to a vector: the mean of the plain name's entries
    (:mod:`symdl.bind.kinds`), noted ``bar-mean``; False for any other term."""
    k = placeholder_id(w.as_coeff_Mul()[1] if isinstance(w, sympy.Mul) else w)
    p = placeholders.get(k) if k is not None else None
    if p is None or p.kind != "atom" or p.data["atom"].decorations != ("bar",):
        return False
    a = p.data["atom"]
    if not any(q.kind == "atom" and q.data["atom"].base == a.base and q.data["atom"].bold == a.bold
               and not q.data["atom"].decorations for q in placeholders.values()):
        return False  # K-FAC's \bar{A}_{i-1,i-1} with no plain A: not a mean of anything written
    if any(n.span == p.span for n in notes):
        return True  # d2l's \mathbf{x} - \bar{x}: noted scalar-beside-bold already
    notes.append(note("bar-mean", p.span, {"text": source[p.span.start : p.span.end], "name": a.base}))
    return True


#: Greek letters papers name a noise or error term with (statsmodels' Y = X\beta + \mu, y = X\beta + \epsilon)
_NOISE_GREEK = frozenset({"epsilon", "varepsilon", "mu", "eta", "xi", "nu"})


def _noise_greek(p: Placeholder) -> bool:
    """A plain Greek noise or error letter, unsubscripted (``\\epsilon``, ``\\mu``): added to a matrix times a vector,
    it is the error vector as often as a number (noted ``scalar-broadcast`` when read as a number)."""
    a = p.data["atom"]
    return a.greek and a.base in _NOISE_GREEK and a.sub is None and not (a.bold or a.word or a.decorations)


def _plain_latin(p: Placeholder) -> bool:
    """A plain lower-case Latin letter, maybe subscripted (``y``, ``y_t``): a name papers use for vectors as often."""
    a = p.data["atom"]
    return (len(a.base) == 1 and a.base.isascii() and a.base.islower() and not (a.bold or a.greek or a.word)
            and not a.decorations)


def _may_be_array(p: Placeholder, placeholders: dict[int, Placeholder], depth: int = 0) -> bool:
    """Could a reader have meant this part as a vector: a plain (not bold) name, an unknown function's value, or an
    element-wise function of such a part (Carlini & Wagner's ``\tfrac{1}{2}(\tanh(w) + 1) - x``: w per pixel)?"""
    if p.kind == "atom":
        return not p.data["atom"].bold
    inner = p.data.get("args", ()) if p.kind == "call" and p.data.get("known") in ELEMENTWISE else (
        (p.data["inner"],) if p.kind == "group" and "inner" in p.data else ())
    if inner and depth < 4:
        return any(_may_be_array(placeholders[k], placeholders, depth + 1) for arg in inner
                   for s in getattr(arg, "expr", arg).free_symbols
                   if (k := placeholder_id(s)) is not None and k in placeholders)
    callee = p.data.get("callee") if p.kind == "call" else None
    return (callee is not None and p.data.get("known") is None  # mean(x), std(x): a statistic, a number
            and not (callee.word and callee.base.lower() in ARRAY_REDUCTIONS))


#: known functions applied entry by entry, whose value is an array when their argument is
ELEMENTWISE = frozenset({"tanh", "sigmoid", "exp", "log", "relu", "softplus", "sin", "cos", "sqrt", "abs", "gelu",
                         "swish", "silu", "elu", "erf"})


def _skipping(expr: sympy.Basic, body: sympy.Basic, index: sympy.Basic, again: Any,
              placeholders: dict[int, Placeholder]) -> sympy.Basic:
    """A sum's body, times (1 − δ_{j c}) when its index skips ``c`` (``\\sum_{j \\neq c}``; a product: ^ that)."""
    k = placeholder_id(expr.limits[0][0])
    excluded = placeholders[k].data.get("excluded") if k is not None and k in placeholders else None
    if excluded is None:
        return body
    skipped = again(excluded.expr)
    # the skipped c of \sum_{j \neq c} is an index value, the c that s_c uses elsewhere, not a real named c
    # (the binder's index symbols are Symbol(letter, integer=True): equal by name and assumptions)
    skipped = skipped.xreplace({s: sympy.Symbol(s.name, integer=True) for s in skipped.free_symbols
                                if isinstance(s, sympy.Symbol) and len(s.name) == 1 and not s.is_integer})
    at_skipped = body.xreplace({index: skipped}) if skipped.is_number else sympy.S.Zero
    if at_skipped.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):  # 1/|j| at j = 0: 0 times infinity, not 0
        raise NotSupported(f"a sum whose summand is undefined at the value its index skips ({index} = {skipped})",
                           span=placeholders[k].span, hint="split the sum at the skipped value: \\sum_{j=-c}^{-1} "
                           "+ \\sum_{j=1}^{c}")
    if isinstance(expr, OverIndex):  # DINOv2's KoLeo \min_{j \neq i} \|x_i - x_j\|: the skipped value never wins
        return sympy.Piecewise((body, sympy.Ne(index, skipped)),
                               (sympy.oo if isinstance(expr, MinOver) else -sympy.oo, True))
    keep = 1 - sympy.KroneckerDelta(index, skipped)
    return body**keep if isinstance(expr, sympy.Product) else body * keep
