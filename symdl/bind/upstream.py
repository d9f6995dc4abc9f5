"""Gradients that carry a shape no letter gives them (cs231n's backprop notes, Nielsen's chapter 1).

* ``\\frac{\\partial L}{\\partial Y} W^T``: the upstream gradient of a number by a plain name, written beside a matrix
  in a product, is shaped as that name (ML layout), so the name is a matrix (a capital) or, right of the matrix, a
  vector (noted ``upstream-gradient``).
* Nielsen's ``\\|\\nabla C\\|`` and ``\\nabla C \\cdot \\Delta v``: a bare ``\\nabla`` of a number is its gradient
  vector (noted ``bare-gradient``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from symdl.bind.letters import WEIGHT_CAPITALS
from symdl.bind.names import identity
from symdl.bind.shapes import declared_shape, kind_of_letter, promotable
from symdl.bind.valuekind import value_kind
from symdl.errors import NotSupported, Span
from symdl.read.syntax import Placeholder, placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder
    from symdl.bind.dims import DimInference, Shape

Kinds = dict[tuple[object, ...], str]


def gradient_by(b: Binder, k: int | None, kinds: Kinds) -> int | None:
    """The placeholder of the plain name (no index, not bold, not transposed, not a word) a gradient ``k`` of a number
    is by (Y of \\frac{\\partial L}{\\partial Y}, W of \\nabla_W L), else None."""
    p = b.ph.get(k) if k is not None else None
    if p is None or p.kind not in ("deriv", "grad") or p.data.get("wrt") is None:
        return None
    w = placeholder_id(p.data["wrt"].expr)
    a = b.atoms.get(w) if w is not None else None
    if a is None or a.bold or a.transpose or a.word or b.roles[w].kind == "family":
        return None
    return w if value_kind(b, p.data["of"].expr, kinds) == "scalar" else None


def _by_plain_name(b: Binder, k: int, kinds: Kinds) -> int | None:
    """:func:`gradient_by`'s name, if nothing gives it a kind yet (a Latin letter, no kind, not declared)."""
    w = gradient_by(b, k, kinds)
    a = b.atoms[w] if w is not None else None
    if a is None or not promotable(a) or identity(a) in kinds or declared_shape(a, b.declared) is not None:
        return None
    return w


def upstream_gradient(b: Binder, left: tuple[int, sympy.Basic], right: tuple[int, sympy.Basic],
                      kinds: Kinds) -> bool:
    """cs231n's ``\\frac{\\partial L}{\\partial X} = \\frac{\\partial L}{\\partial Y} W^T`` and ``X^T
    \\frac{\\partial L}{\\partial Y}``: a gradient of a number by a plain name, one factor of a product whose other
    factor beside it is a matrix, has that name's shape, so the name is a matrix (a capital letter); a lower-case
    name is a vector when the gradient stands right of the matrix (W^T \\frac{\\partial L}{\\partial y}).  True if
    it promoted a name (noted ``upstream-gradient``)."""
    (kp, fp), (kn, fn) = left, right
    for k, other, after in ((kp, fn, False), (kn, fp, True)):
        w = _by_plain_name(b, k, kinds)
        if w is not None and not after and kind_of_letter(b.atoms[w]) == "vector" and _weight(b, other):
            raise NotSupported(  # Raschka's and cs231n's row-gradient layout, before: a product of numbers, silently
                f"{b.source[b.ph[k].span.start : b.ph[placeholder_id(other)].span.end]}: a gradient by the vector "
                f"{b.atoms[w].spelling} times the matrix {b.atoms[placeholder_id(other)].spelling} on its right (the "
                "gradients as rows, one example per row), which symdl does not read: its gradients are columns",
                source=b.source, span=Span(b.ph[k].span.start, b.ph[placeholder_id(other)].span.end),
                hint="write the column form, W^T \\frac{\\partial L}{\\partial y}, or declare the shapes of the "
                     "names as matrices (one example per row) with --shape")
        if w is None or value_kind(b, other, kinds) != "matrix":
            continue
        a = b.atoms[w]
        kind = kind_of_letter(a)
        if kind == "vector" and not after:
            continue  # \frac{\partial L}{\partial y} W: a row times a matrix, not decided here
        kinds[identity(a)] = kind
        b.upstream_gradients.append((k, a.spelling, kind))
        return True
    return False


def _weight(b: Binder, e: sympy.Basic) -> bool:
    """Is ``e`` a plain weight capital (W, U, V), not transposed, that nothing declares?"""
    k = placeholder_id(e)
    a = b.atoms.get(k) if k is not None else None
    return (a is not None and a.base in WEIGHT_CAPITALS and not (a.transpose or a.bold or a.greek)
            and declared_shape(a, b.declared) is None)


def bare_gradient(b: Binder, p: Placeholder, kinds: dict[tuple[object, ...], str] | None = None) -> bool:
    """Nielsen's ``\\nabla C`` (``\\nabla C \\equiv (\\partial C/\\partial v_1, \\ldots,
    \\partial C/\\partial v_m)^T``): a bare ``\\nabla`` (no variable written) of a plain name that is a number is
    the gradient vector of that number by the variables it depends on, a column of its own length."""
    k = placeholder_id(p.data["of"].expr)
    a = b.atoms.get(k) if k is not None and p.kind == "grad" and p.data.get("wrt") is None else None
    kinds = b.kinds if kinds is None else kinds
    return (a is not None and b.roles[k].kind == "scalar" and identity(a) not in kinds and not a.bold
            and not a.transpose and a.d_of is None)


def bare_gradient_shape(di: DimInference, p: Placeholder) -> Shape | None:
    """A bare gradient's shape: a column whose length is one per name derived (every \\nabla C of a formula alike)."""
    if not bare_gradient(di.b, p):
        return None
    key = ("nabla", identity(di.b.atoms[placeholder_id(p.data["of"].expr)]))
    di.call_lengths.setdefault(key, di.new())
    di.literal.setdefault(p.id, (di.call_lengths[key], 1))
    return di.literal[p.id]


def gradient_dots(b: Binder, kinds: Kinds) -> None:
    """Nielsen's ``\\Delta C \\approx \\nabla C \\cdot \\Delta v``: a plain name on the other side of ``\\cdot`` from a
    bare gradient (a vector, :func:`bare_gradient`) is a vector too, so ``\\cdot`` is their dot product."""
    from symdl.bind.readings import cdot_pairs  # imported here: readings is read after kinds

    grads = {k for k, p in b.ph.items() if p.kind == "grad" and bare_gradient(b, p, kinds)}
    names = {k for k, a in b.atoms.items() if b.roles[k].kind == "scalar" and promotable(a) and not a.bold
             and declared_shape(a, b.declared) is None}
    for left, right in cdot_pairs(b, grads | names):
        for k, other in ((left, right), (right, left)):
            if k in grads and other in names:
                kinds.setdefault(identity(b.atoms[other]), "vector")


def capital_of_rows(b: Binder, kinds: Kinds) -> None:
    """cs229's ICA ``\\log g'(w_j^T x^{(i)}) + \\log |W|``: a plain capital whose lower-case letter, with one index,
    is a family of vectors in the same formula (every member written transposed, w_j^T) is the matrix with those
    vectors as rows (not a sum's bound: \\sum_{i=1}^N beside \\mathbf{n}_i), so ``|W|`` is its determinant (noted
    ``capital-rows``)."""
    from symdl.bind.letters import plain_capital

    rows: dict[str, int] = {}
    for k, a in b.atoms.items():
        r = b.roles[k]
        if r.kind == "family" and len(r.indices) == 1 and a.base[:1].islower() and len(a.base) == 1 and not a.greek:
            same = [j for j in b.atoms if b.roles[j].kind == "family" and b.roles[j].name == r.name]
            if all(b.atoms[j].transpose and not b.atoms[j].bold for j in same):
                rows.setdefault(a.base, k)
    bounds = {b.atoms[j].base for e in b._all_exprs() for s in e.atoms(sympy.Sum, sympy.Product)
              for limit in s.limits for x in limit[1:] for sym in x.free_symbols
              if (j := placeholder_id(sym)) is not None and j in b.atoms}  # \sum_{i=1}^N: N a count
    for k, a in b.atoms.items():
        if (plain_capital(b, k) and not a.transpose and a.sub is None and a.base.lower() in rows
                and a.base not in bounds and identity(a) not in kinds):
            kinds[identity(a)] = "matrix"
            b.row_capitals.append((k, b.atoms[rows[a.base.lower()]].spelling))


def gradient_point(b: Binder, p: Placeholder) -> sympy.Basic | None:
    """The one argument of the function a bare gradient ``p`` (no subscript) is taken of, ``\\nabla f(x_k)``: x_k;
    None for anything else."""
    if p.kind != "grad" or p.data.get("wrt") is not None:
        return None
    c = placeholder_id(p.data["of"].expr)
    call = b.ph.get(c) if c is not None else None
    if call is None or call.kind != "call" or len(call.data.get("args", ())) != 1:
        return None
    return call.data["args"][0].expr


def gradient_points(b: Binder, e: sympy.Basic, kinds: Kinds) -> None:
    """An operand of ``\\odot`` that is a bare gradient of a function at one plain name (Sophia's
    ``\\nabla \\hat{L}(\\theta) \\odot \\nabla \\hat{L}(\\theta)``): the gradient is an array, so the name it is
    taken at is a vector (a Greek θ was left a number and the batch size B beside it made the vector, silently)."""
    for f in sympy.Mul.make_args(e):
        k = placeholder_id(f)
        p = b.ph.get(k) if k is not None else None
        point = gradient_point(b, p) if p is not None else None
        if point is None:
            continue
        a = b.atom_of(point)
        if (a is not None and b.roles[placeholder_id(point)].kind != "family"
                and declared_shape(a, b.declared) is None and identity(a) not in kinds):
            kinds[identity(a)] = "vector"
