"""Kinds from two factors written side by side (``W x``, ``\\theta^T x``, ``x W``, ``\\Phi w``, ``W_o [h_{t-1}, x_t]``):
the product rules of :func:`symdl.bind.kinds.infer_kinds`' promotion pass, each one a reading of how deep-learning texts
write a matrix times a vector (the notes they leave are reported by the binder).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING

import sympy

from symdl.bind.build import first_position, span_of
from symdl.bind.capitals import (
    capital_power_pair,
    factor_key,
    greek_capital,
    inverse_capital,
    power_before_group,
)
from symdl.bind.images import refuse_group_member
from symdl.bind.letters import (
    COUNT_LETTERS,
    WEIGHT_CAPITALS,
    batch_size,
    capital,
    count_capital,
    family_vector,
    gated_names,
    labelled_capital,
    lower_name,
    matrix_greek,
    names_listed,
    plain_capital,
    plain_lower,
    touching,
    weight_capital,
)
from symdl.bind.names import identity
from symdl.bind.newton import refuse_hessian_of_call
from symdl.bind.shapes import declared_shape, kind_of_letter, promotable
from symdl.bind.upstream import upstream_gradient
from symdl.bind.valuekind import value_kind
from symdl.errors import MemberNotRead, Span
from symdl.functions import VECTOR_TO_MATRIX
from symdl.read.syntax import placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder

Kinds = dict[tuple[object, ...], str]

def _promote_after_matrix(b: Binder, m: sympy.Mul, kinds: Kinds, below_a_fraction: bool = False) -> None:
    refuse_hessian_of_call(b, m)  # Newton's x - [H f(x)]^{-1} \nabla f(x)
    refuse_group_member(b, m, lambda f: value_kind(b, f, kinds))  # (A + B) \mathbf{x}_i
    facs = sorted(
        ((b.ph[k].span.start, b.atoms[k], k) for f in m.args if (k := placeholder_id(f)) is not None and k in b.atoms),
        key=lambda t: t[0],
    )
    for (_, prev, _), (_, cur, kc) in itertools.pairwise(facs):
        if (
            kinds.get(identity(prev)) == "matrix"
            and (promotable(cur) or greek_capital(cur))  # Kipf & Welling's X\Theta: the weights
            and b.roles[kc].kind != "family"
            and declared_shape(cur, b.declared) != ()
        ):
            kinds.setdefault(identity(cur), kind_of_letter(cur))
    weight_before_bracket(b, m, kinds)  # CS224n's U(\hat{y} - y): a weight times a difference of vectors
    power_before_group(b, m, kinds)  # Kipf & Welling's D^{-1/2}(A + I)D^{-1/2} (noted)
    placed = sorted((b.ph[k].span.start, k, f) for f in m.args if (k := factor_key(b, f)) is not None and k in b.ph)
    for (_, kp, fp), (_, kn, fn) in itertools.pairwise(placed):
        if inverse_capital(b, kp, fn, kinds):  # \Sigma^{-1}\mu, W^{-1} x: the inverse of a matrix times a vector
            continue
        _promote_pair(b, (kp, fp), (kn, fn), kinds, below_a_fraction)


def _scales_into_capital(b: Binder, k: int) -> bool:
    """Is the name at ``k`` the first factor of the right side of a statement whose left side is a plain capital
    alone (dropout's ``W_{test} = p\\,W``)?  A row times a matrix is a row, never the matrix set equal to it: the
    name is a number scaling the weight."""
    for st in b.rr.statements:
        if len(st.sides) != 2:
            continue
        lhs = placeholder_id(st.sides[0].expr)
        rhs = [f for f in sympy.Mul.make_args(st.sides[1].expr) if placeholder_id(f) is not None]
        if (lhs is not None and lhs in b.atoms and plain_capital(b, lhs) and not b.atoms[lhs].transpose
                and rhs and placeholder_id(rhs[0]) == k and len(rhs) == 2):
            return True
    return False


def weight_before_bracket(b: Binder, m: sympy.Mul, kinds: Kinds) -> None:
    """A weight's capital (W, U, V: :func:`_weight_letter`) nothing declares, written right before a parenthesised sum
    or difference of plain lower-case names (CS224n's word2vec gradient ``U(\\hat{y} - y)``, ``W(x + b)``), is a
    matrix times a vector, the names vectors (noted ``capital-matrix``), as ``W x`` is; before: numbers, silently."""
    ordered = sorted(m.args, key=lambda f: first_position(f, b.ph))
    for f, g in itertools.pairwise(ordered):
        k, kg = placeholder_id(f), placeholder_id(g)
        if (isinstance(f, sympy.Add) and kg in b.atoms and plain_lower(b, kg) and identity(b.atoms[kg]) not in kinds
                and value_kind(b, f, kinds) == "matrix"):
            kinds[identity(b.atoms[kg])] = "vector"  # LoRA's (W_0 + BA) x: a bracket of matrices times a vector
            continue
        if k is not None and value_kind(b, f, kinds) == "matrix" and (names := _bracket_after_matrix(b, g, kinds)):
            for j in names:  # cs229's X^T (h - y), a known matrix before the bracket: the names are vectors, the
                kinds.setdefault(identity(b.atoms[j]), kind_of_letter(b.atoms[j]))  # capitals of X^T(\hat{Y} - Y)
            continue  # matrices, code's X.T @ (probs - y_onehot) arrays
        if kg is not None and value_kind(b, g, kinds) == "matrix" and (capitals := [
                j for j in _bracket_after_matrix(b, f, kinds) if b.atoms[j].base[:1].isupper()]):
            for j in capitals:  # (\hat{Y} - Y) X^T: a difference of capitals before a known matrix, matrices
                kinds.setdefault(identity(b.atoms[j]), "matrix")
            continue

        if k is None or k not in b.atoms or not plain_capital(b, k) or not _weight_letter(b, k):
            continue
        names = _bracket_of_names(b, g, kinds)
        span = span_of(g, b.ph)
        if not names or span is None:
            continue
        opening = b.source.rfind("(", b.ph[k].span.end, span.start)
        between = b.source[b.ph[k].span.end:opening].replace("\\left", "").strip() if opening >= 0 else "x"
        if between:
            continue
        if identity(b.atoms[k]) not in kinds:
            close = b.source.find(")", span.end)
            end = close + 1 if close >= 0 else span.end
            b.capital_products.append((b.ph[k].span.start, end, b.atoms[k].spelling,
                                       b.source[b.ph[k].span.end:end].strip()))
        kinds.setdefault(identity(b.atoms[k]), "matrix")
        for j in names:
            kinds.setdefault(identity(b.atoms[j]), "vector")


def _bracket_after_matrix(b: Binder, e: sympy.Basic, kinds: Kinds) -> list[int]:
    """The names of a sum or difference of names right after a known matrix: plain lower-case letters (cs229's
    ``X^T (h - y)``), Latin capitals with accents (``X^T(\\hat{Y} - Y)``: matrices, as the capital-matrix rule reads
    capitals) and, in code, words (``X.T @ (probs - y_onehot)``: arrays); [] if any term is something else."""
    return _bracket_names(b, e, lambda j: _bracket_operand(b, j, kinds))


def _bracket_operand(b: Binder, j: int, kinds: Kinds) -> bool:
    a = b.atoms[j]
    if b.roles[j].kind == "family" or a.primes or declared_shape(a, b.declared) is not None:
        return False
    if kinds.get(identity(a)) == "matrix" and a.base[:1].islower():
        return False
    letter = len(a.base) == 1 and a.base.isascii() and a.base.isalpha() and not (a.greek or a.bold)
    return letter or (b.code and a.word and not a.greek and a.base[:1].islower())


def _bracket_of_names(b: Binder, e: sympy.Basic, kinds: Kinds) -> list[int]:
    """The names of a sum or difference of plain lower-case names, none of them a matrix (``\\hat{y} - y``,
    ``x + b``), or [] for any other value."""
    return _bracket_names(b, e, lambda j: plain_lower(b, j) and kinds.get(identity(b.atoms[j])) != "matrix")


def _bracket_names(b: Binder, e: sympy.Basic, operand: Callable[[int], bool]) -> list[int]:
    """The names of the terms of the sum or difference ``e`` (each a name times numbers), when every one is a name
    and ``operand`` holds of it; [] otherwise."""
    if not isinstance(e, sympy.Add):
        return []
    names = [placeholder_id(t.as_coeff_Mul()[1]) for t in e.args]
    if not all(j is not None and j in b.atoms and operand(j) for j in names):
        return []
    return [j for j in names if j is not None]


def _greek_parameter(b: Binder, k: int, kinds: Kinds) -> bool:
    """Is the name at ``k`` a plain lower-case Greek letter nothing has made an array, declared or indexes (ESL's
    ``\beta`` in ``x_i^T \beta``)?  Right after a transposed vector it is the parameter vector: a number there
    would scale the row, which no source writes so (it writes \beta x_i^T)."""
    a = b.atoms[k]
    return (a.greek and a.base[:1].islower() and not (a.word or a.bold or a.transpose or a.primes or a.d_of)
            and b.roles[k].kind != "family" and identity(a) not in kinds and declared_shape(a, b.declared) is None)


def _under_root(b: Binder, k: int) -> bool:
    """Is the name at placeholder ``k`` written as the whole of a square root (``\\sqrt{D_k}``, ``√N``)?"""
    span = b.ph[k].span
    before = b.source[: span.start].rstrip(" {")
    after = b.source[span.end :].lstrip(" ")
    return (before.endswith("\\sqrt") and after.startswith("}")) or before.endswith("\u221a")


def _promote_pair(
    b: Binder,
    left: tuple[int, sympy.Basic],
    right: tuple[int, sympy.Basic],
    kinds: Kinds,
    below_a_fraction: bool = False,
) -> None:
    """Two factors written side by side: a name right of a transposed vector or of a matrix's value is a vector
    (or matrix, by its letter); a weight's capital (W, V, U) right after a vector, or touching a plain lower-case
    letter (xW), is a matrix and that letter a vector; an upper-case name right before a vector is a matrix
    (W_i [h_{t-1}; x_t], W \\mathbf{x}, W_2 \\max(0, W_1 x)); a plain capital before a plain lower-case name is a
    matrix times a vector, except in a fraction's denominator, where it is a count (\\frac{1}{N p_k})."""
    (kp, fp), (kn, fn) = left, right
    if upstream_gradient(b, left, right, kinds):  # cs231n's \frac{\partial L}{\partial Y} W^T: Y a matrix (noted)
        return
    prev, nxt = b.atoms.get(kp), b.atoms.get(kn)
    divisor = isinstance(fn, sympy.Pow) and fn.exp.is_negative and nxt is not None and (
        nxt.base[:1].islower() or (nxt.base in COUNT_LETTERS and not (nxt.bold or nxt.decorations))
        or _under_root(b, kn))  # Bishop's \frac{QK^T}{\sqrt{D_k}}: a dimension (not GCN's D^{-1/2}, a matrix)
    free_next = (
        nxt is not None
        and not divisor  # X^T (h - y) / m: m divides, a count (not a vector right of the matrix's value)
        and promotable(nxt)
        and not nxt.transpose
        and b.roles[kn].kind != "family"
        and declared_shape(nxt, b.declared) != ()
    )
    if (
        free_next
        and prev is None
        and _weight_letter(b, kn)
        and identity(nxt) not in kinds
        and touching(b, kp, kn)
        and value_kind(b, fp, kinds) in ("col", "row")
    ):
        kinds[identity(nxt)] = "matrix"  # a GRU's (s_{t-1} \odot r) W^h: a vector in parentheses times a weight (a row)
        return
    if free_next and ((prev is not None and prev.transpose) or (prev is None and value_kind(b, fp, kinds) == "matrix")):
        kinds.setdefault(identity(nxt), kind_of_letter(nxt))  # \theta^T x: x is a vector; softmax(QK^T) V: V a matrix
        return
    if (prev is not None and prev.transpose and prev.base[:1].islower() and kinds.get(identity(prev)) != "matrix"
            and nxt is not None and not divisor and _greek_parameter(b, kn, kinds)):
        kinds[identity(nxt)] = "vector"  # ESL's x_i^T \beta, x^T \theta: the parameter vector (noted)
        b._note("greek-after-transpose", Span(b.ph[kp].span.start, b.ph[kn].span.end), left=prev.spelling,
                right=b.atoms[kn].spelling)
        return
    if (
        prev is None
        and nxt is not None
        and b.ph[kp].kind == "transpose"
        and identity(nxt) not in kinds
        and (free_next or (matrix_greek(b, kn) and not nxt.transpose))
        and value_kind(b, fp, kinds) == "row"
    ):
        kinds[identity(nxt)] = kind_of_letter(nxt)  # (x - \mu)^T \Sigma^{-1} (x - \mu): the quadratic form's matrix
        return
    if (
        prev is not None
        and nxt is None
        and promotable(prev)
        and prev.base[:1].isupper()
        and b.roles[kp].kind != "family"
        and b.ph[kn].kind == "call"
        and b.ph[kn].data.get("known") in VECTOR_TO_MATRIX
    ):
        kinds.setdefault(identity(prev), "matrix")  # Goodfellow's V diag(\lambda) V^{-1}: V is a matrix
        return
    if (prev is not None and nxt is not None and _transposed_capital(b, kp, kn) and identity(prev) not in kinds
            and plain_lower(b, kp) and b.roles[kp].kind != "family" and declared_shape(prev, b.declared) is None
            and not (isinstance(fp, sympy.Pow) and fp.exp.is_negative)  # (1/m) \cdot X^T: m a count
            and (touching(b, kp, kn) or b.cdot_between(b.ph[kp].span.end - 1, b.ph[kn].span.start))):
        kinds[identity(prev)] = "vector"  # attention's q K^T: the query, a row times the keys (noted vector-row)
        return
    if (
        free_next
        and prev is not None
        and not prev.transpose
        and (_weight_letter(b, kn) or _capital_after_bold_row(b, kp, kn, kinds))
        and identity(nxt) not in kinds
        and b.roles[kp].kind != "family"
        and not _scales_into_capital(b, kp)
        and (kinds.get(identity(prev)) == "vector" or (plain_lower(b, kp) and touching(b, kp, kn)))
    ):
        kinds.setdefault(identity(prev), "vector")  # Shazeer's \max(0, xW), Vaswani's xW_1 + b_1: a vector times
        kinds[identity(nxt)] = "matrix"  # a weight matrix (a row: noted vector-row), in every place it is written
        return
    if (prev is not None and nxt is not None and family_vector(b, kp) and capital(b, kn) and touching(b, kp, kn)
            and (prev.bold or len(b.roles[kp].indices) == 1)):  # GAT's a_{ij} W h_j: an entry, a number
        raise MemberNotRead(
            f"{prev.spelling} {nxt.spelling}: one vector of a family of vectors times a matrix (Shaw et al.'s "
            "x_j W^V, the j-th input's projection) is not read yet, and as numbers it would scale the matrix",
            source=b.source,
            span=Span(b.ph[kp].span.start, b.ph[kn].span.end),
            hint="write all inputs at once with a matrix (X W^V), or a sum over entries (\\sum_k x_{jk} W_{kl})",
        )
    if prev is not None and nxt is not None and capital_power_pair(b, left, right, kinds):  # D^{-1/2} A (noted)
        return
    if prev is not None and nxt is not None and matrix_greek(b, kp) and lower_name(b, kn) and touching(b, kp, kn):
        if identity(prev) not in kinds:  # Bishop's \Phi w, factor analysis' \Lambda z (noted capital-matrix)
            b.capital_products.append((b.ph[kp].span.start, b.ph[kn].span.end, prev.spelling, nxt.spelling))
        kinds.setdefault(identity(prev), "matrix")
        kinds.setdefault(identity(nxt), "vector")
        return
    if (prev is not None and nxt is not None and matrix_greek(b, kp) and kinds.get(identity(nxt)) == "matrix"
            and identity(prev) not in kinds):
        kinds[identity(prev)] = "matrix"  # the SVD's U \Sigma V^\top: Σ before a matrix, a matrix (then U too)
        return
    if prev is None or not promotable(prev) or not (prev.d_of or prev.base)[:1].isupper() or prev.transpose:
        return
    if isinstance(fp, sympy.Pow) and fp.exp.is_negative and prev.base in COUNT_LETTERS:
        return  # cs229's \frac{1}{N} X^T (X\theta - y): the count N divides, a number
    if batch_size(prev) and b.star_between(b.ph[kp].span.end, b.ph[kn].span.start):
        return  # cs231n's N * dxhat: the batch size scales the array, element-wise as code's * is
    if count_capital(prev) and dotted(b, kp, kn) and identity(prev) not in kinds:  # Sophia's B \cdot \nabla L(\theta)
        b.count_dots.append(kp)  # the batch size scales (noted count-dot)
        return
    if b.roles[kp].kind == "family" or declared_shape(prev, b.declared) == ():
        return
    if plain_capital(b, kp) and names_listed(b, kn):  # Olah's W_o [h_{t-1}, x_t]: the vectors stacked (noted)
        _as_concat(b, kn, kinds)
    if (
        below_a_fraction
        and plain_capital(b, kp)
        and b.ph[kn].kind not in ("vector", "concat")
        and not (nxt is not None and kinds.get(identity(nxt)))
    ):
        return
    if (
        b.ph[kn].kind in ("vector", "concat")
        or (nxt is not None and kinds.get(identity(nxt)))
        or (nxt is None and weight_capital(b, kp) and value_kind(b, fn, kinds) == "col")  # a GRU's U^h (r \odot h)
    ):
        kinds.setdefault(identity(prev), "matrix")
    elif nxt is not None and weight_capital(b, kp) and touching(b, kp, kn) and family_vector(b, kn):
        if identity(prev) not in kinds:  # cs231n's W x_i, Vaswani's W^Q x_i: a weight matrix times the i-th (noted; the
            b.capital_products.append((b.ph[kp].span.start, b.ph[kn].span.end, prev.spelling, nxt.spelling))
        kinds.setdefault(identity(prev), "matrix")  # product read by symdl.bind.images, entry by entry)
    elif nxt is not None and weight_capital(b, kp) and plain_lower(b, kn) and touching(b, kp, kn):
        if identity(prev) not in kinds:  # W x, W_1 x, W_{hh} h, Vaswani's W^Q x: a matrix times a vector (noted)
            b.capital_products.append((b.ph[kp].span.start, b.ph[kn].span.end, prev.spelling, nxt.spelling))
        kinds.setdefault(identity(prev), "matrix")
        kinds.setdefault(identity(nxt), "vector")
    elif nxt is not None and weight_capital(b, kp) and _weight_letter(b, kp) and plain_lower(b, kn) and dotted(
            b, kp, kn):
        if identity(prev) not in kinds:  # the PyTorch docs' plain-text W_hh · h_{t-1}: a matrix times a vector (noted)
            b.capital_dots.append((b.ph[kp].span.start, b.ph[kn].span.end, prev.spelling, nxt.spelling))
        kinds.setdefault(identity(prev), "matrix")
        kinds.setdefault(identity(nxt), "vector")


#: the dots written for a product: TeX's \cdot, and the middle dots pasted for it (· U+00B7, ⋅ U+22C5)
PRODUCT_DOTS = ("\\cdot", "\u00b7", "\u22c5")


def dotted(b: Binder, left: int, right: int) -> bool:
    """Only a product's dot between the two names in the source (``W \\cdot x``, ``W_hh · h_{t-1}``)."""
    return b.source[b.ph[left].span.end : b.ph[right].span.start].strip() in PRODUCT_DOTS


def _transposed_capital(b: Binder, kp: int, kn: int) -> bool:
    """A transposed plain capital right after a plain one-letter lower-case name (attention's query times the keys,
    ``q K^T``; PyTorch's ``x A^T``): a row times the transposed matrix, never a number scaling it."""
    a, x = b.atoms[kn], b.atoms[kp]
    return a.transpose and plain_capital(b, kn) and len(x.base) == 1 and not x.greek and x.sub is None


def _weight_letter(b: Binder, k: int) -> bool:
    """A weight's capital (W, V, U), plain or labelled by a superscript (a GRU's U^h, W^z)."""
    a = b.atoms[k]
    return a.base in WEIGHT_CAPITALS or (labelled_capital(b, k) and a.base[:1] in WEIGHT_CAPITALS)


def _as_concat(b: Binder, k: int, kinds: Kinds) -> None:
    """Read the bracket list ``k`` as its names' vectors stacked (noted ``bracket-concat``)."""
    b.ph[k].kind = "concat"
    b.bracket_concats.append(k)
    for part in b.ph[k].data["parts"]:
        for key in gated_names(b, part.expr):  # a GRU's [r_t \odot h_{t-1}, x_t]: the gate and the state too
            if key is not None and key in b.atoms:
                kinds.setdefault(identity(b.atoms[key]), "vector")


def _capital_after_bold_row(b: Binder, kp: int, kn: int, kinds: Kinds) -> bool:
    """LoRA's ``\\mathbf{x}W + \\frac{\\alpha}{r}\\mathbf{x}AB``: a plain capital (no count letter) touching a bold
    name already read as a vector is a matrix the row multiplies, as the weight's W is (and B after A, a chain)."""
    prev, nxt = b.atoms[kp], b.atoms[kn]
    return (prev.bold and kinds.get(identity(prev)) == "vector" and plain_capital(b, kn) and len(nxt.base) == 1
            and nxt.base not in COUNT_LETTERS and touching(b, kp, kn))
