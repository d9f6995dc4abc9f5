"""Expectations and variances as the binder builds them: the mean of a sample's entries (``expectation-mean``),
or, in a statement about expectations, the population's expectation, not evaluated (``expectation-population``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from symdl.bind import build
from symdl.bind.fancyrows import fancy_rows, over_rows
from symdl.bind.matrixaxes import axis_statistic, reduces_matrix
from symdl.bind.sums import reachable
from symdl.bind.valuekind import is_outer_product
from symdl.errors import NotSupported
from symdl.read.syntax import Placeholder, placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder


def _gradient_by_vector_inside(b: Binder, e: sympy.Basic) -> bool:
    for k in reachable(b.ph, e):
        q = b.ph[k]
        if q.kind in ("grad", "deriv") and q.data.get("wrt") is not None and build.is_mat(b.conv(q.data["wrt"])):
            return True
    return False


def population_expectations(b: Binder) -> set[int]:
    r"""The expectations with no distribution in a statement whose first side is one (Kingma & Ba's
    ``\mathbb{E}[v_t] = \mathbb{E}[g_t^2] (1 - \beta_2^t) + \zeta``): a statement about expectations is about the
    population, so none is a sample mean (rule ``expectation-population``)."""
    out: set[int] = set()
    for st in b.rr.statements:
        first = placeholder_id(st.sides[0].expr) if len(st.sides) > 1 else None
        if first is None or b.ph[first].kind != "expect" or b.ph[first].data.get("over"):
            continue
        for side in st.sides:
            out |= {k for k in reachable(b.ph, side.expr) | {first}
                    if b.ph[k].kind == "expect" and not b.ph[k].data.get("over")}
    return out


def _drawn(b: Binder, p: Placeholder, value: sympy.Basic) -> sympy.Basic:
    """``value``, the expectation ``p`` built, kept with the distribution it draws from (``Formula.sampled``)."""
    if p.data.get("dist"):
        b.sampled[value] = p.data["dist"]
    return value


def statistic(b: Binder, p: Placeholder) -> sympy.Basic:
    """``\\mathbb{E}[x]``: the mean of the entries of the sample x (a vector or matrix of values); ``\\mathrm{Var}[x]``:
    their mean squared deviation from it.  Of a number (an unknown function's value) it stays an expectation,
    read and explained but not evaluated."""
    v = b.conv(p.data["inner"])
    if p.data.get("given") is not None:
        return _conditional(b, p, v)
    if build.is_mat(v) and _gradient_by_vector_inside(b, p.data["inner"].expr):
        raise NotSupported(  # Goodfellow's \mathbb{E}_{x \sim p} \nabla_\theta \log \tilde p(x): a vector per sample
            "the expectation of a gradient by a vector (a vector for each sample)", source=b.source, span=p.span,
            hint="symdl's expectations are means of the entries of one sample vector; write the gradient of the "
            "expectation's mean, or one sample's gradient")
    if not build.is_mat(v) and p.data.get("axis") and b.source.startswith(("\\sum", "\u03a3", "\u2211"), p.span.start):
        raise NotSupported(  # -\sum \log p_\theta(y|x): over the data set, which no name of the summand says
            "\\sum without an index over a number: no array in the summand says what the sum runs over",
            source=b.source, span=p.span,
            hint="name the index and its range: \\sum_{i=1}^{n} \\log p_\\theta(y_i | x_i)")
    if not build.is_mat(v) and p.data.get("whole") and p.data["statistic"] in ("mean", "sum"):
        if rows := fancy_rows(v):  # cs231n's np.sum(np.log(probs[range(N), y])): over the rows n
            return over_rows(b, p, v, rows)
        return v  # code's (a * b).sum(-1).mean() of one example: the mean of a number is that number
    if not build.is_mat(v) and p.data.get("axis"):  # the Keras docs' square(max(1 - y_true \cdot y_pred, 0))
        raise NotSupported(
            f"the argument of {p.data['statistic']}(..., axis=-1) reads as a number (a \\cdot between two arrays is "
            "their dot product), so there is no last axis to reduce", source=b.source, span=p.span,
            hint="for the element-wise product the docs mean, write * or \\odot: y_{true} * y_{pred}")
    if not build.is_mat(v):
        if p.id in b.population:
            b._note("expectation-population", p.span,
                    what="variance" if p.data["statistic"] == "variance" else "expectation")
        return _drawn(b, p, build.applied(_operator_name(p), v))  # std[x] of a number: no mean
    if not p.data.get("axis") and is_outer_product(b, p.data["inner"].expr, b.kinds):
        raise NotSupported(  # Goodfellow's and Bishop's covariance \Sigma = \mathbb{E}[(x - \mu)(x - \mu)^T]
            "the expectation of an outer product of vectors (a covariance or second-moment matrix, "
            "E[(x - μ)(x - μ)^T]): symdl's expectations are means of the entries of one sample, which would make it "
            "one number", source=b.source, span=p.span,
            hint="write the sample covariance over a family of vectors: \\frac{1}{N}\\sum_{n=1}^{N} "
            "(x_n - \\mu)(x_n - \\mu)^T")
    if p.data.get("last") and 1 not in v.shape and reduces_matrix(b, p, b.kinds):
        return axis_statistic(b, p, v)  # Ng's db = 1/m np.sum(dZ, axis=1, keepdims=True): each row's sum
    if p.data.get("last") and v.shape[1] != 1:
        raise NotSupported(  # numpy attention's np.exp(s) / np.exp(s).sum(-1, keepdims=True): row by row
            f"the {p.data['statistic']} over {_axis_words(p)} of a matrix (one value per row or column, broadcast "
            "back across it): symdl reads an axis of a vector only", source=b.source, span=p.span,
            hint="for a row-wise softmax write softmax(S) (row by row, noted); for one row, name it as a vector")
    if not p.data.get("axis"):  # mean(..., axis=-1) is noted keyword-axis when read
        b._note("expectation-mean", p.span, what=_what(b, p))
    value = entry_statistic(v, p.data["statistic"])
    return _drawn(b, p, value) if p.data["statistic"] == "mean" else value


def _conditional(b: Binder, p: Placeholder, v: sympy.Basic) -> sympy.Basic:
    """``\\mathbb{E}_\\pi[G_t \\mid S_t = s]``: the unknown function ``E_{\\pi}`` of the body and of each condition (a
    value, or the equation of its two sides), read and explained, not evaluated; of a vector, refused."""
    if build.is_mat(v):
        raise NotSupported(
            "the conditional expectation of a vector (a vector for each value of the condition)", source=b.source,
            span=p.span, hint="name the conditional mean as a function of the condition: \\mu(x) = ...")
    conds = [sympy.Eq(b.conv(c[0]), b.conv(c[1]), evaluate=False) if isinstance(c, tuple) else b.conv(c)
             for c in p.data["given"]]
    return sympy.Function(_operator_name(p))(v, *conds)


def _operator_name(p: Placeholder) -> str:
    """The name of an unevaluated statistic: E, Var or Std, with its subscript as written (a VAE's
    ``\\mathbb{E}_{q_\\phi(\\mathbf{z}|\\mathbf{x})}[\\log p_\\theta(\\mathbf{x}|\\mathbf{z})]``: E_{q_\\phi(...)})."""
    name = {"variance": "Var", "std": "Std"}.get(p.data["statistic"], "E")
    over = " ".join(str(p.data.get("under") or "").split())
    return name + f"_{{{over}}}" if over else name


def _axis_words(p: Placeholder) -> str:
    axis = p.data.get("axis_text")
    return "the last axis" if axis in (None, "-1") else f"axis {axis}"


def entry_statistic(v: sympy.Basic, what: str) -> sympy.Basic:
    """Of the entries of the array ``v``: their mean, sum, variance (mean squared deviation) or std (its root)."""
    rows, cols = v.shape
    count = rows * cols

    def mean(m: sympy.Basic) -> sympy.Basic:
        total = sympy.MatMul(sympy.OneMatrix(1, rows), m, sympy.OneMatrix(cols, 1)).doit(deep=False)
        return sympy.Trace(total) / count

    mu = mean(v)
    if what == "sum":  # sum(..., axis=-1) (symdl.read.keywords): the entries' total
        return mu * count
    if what not in ("variance", "std"):
        return mu
    deviation = sympy.MatAdd(v, -mu * sympy.OneMatrix(rows, cols)).doit(deep=False)
    spread = mean(sympy.HadamardPower(deviation, 2))
    return sympy.sqrt(spread) if what == "std" else spread  # std(x, -1) (symdl.read.keywords)


def _what(b: Binder, p: Placeholder) -> str:
    """What the statistic is called in its note: the variance, the mean (code's ``mean[x]``), or the expectation."""
    if p.data["statistic"] in ("variance", "std"):
        return {"std": "standard deviation"}.get(p.data["statistic"], "variance")
    written = b.source[p.span.start : p.span.end].lstrip("\\").removeprefix("mathrm{").removeprefix("operatorname{")
    return "mean" if written.lower().startswith("mean") else "expectation"
