"""Dot products with one vector of a family of vectors (d2l's ``\\mathbf{w}^\\top \\mathbf{x}^{(i)}``, attention's
``\\mathbf{q}^\\top \\mathbf{k}_i``): read as sums over entries, the family an array with a row per index."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sympy

from symdl.bind.build import MemberOuter
from symdl.bind.images import matrix_times_member, row_times_image
from symdl.bind.memberrows import member_times_matrix, row_times_vector
from symdl.bind.normmembers import members_p_norm
from symdl.bind.sums import reachable
from symdl.errors import MemberNotRead, NotSupported
from symdl.read.syntax import placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder


def family_dot(b: Binder, left: sympy.Basic, right: sympy.Basic | None, at: int,
               right_at: int | None = None) -> sympy.Basic | None:
    """``\\mathbf{w}^\\top \\mathbf{x}^{(i)}``, ``\\mathbf{q}^\\top \\mathbf{k}_i``,
    ``\\mathbf{x}^{(i)\\top}\\mathbf{w}``, ``\\mathbf{w}_j^\\top \\mathbf{x}_i``: the dot product of two vectors, one or
    both of a family of vectors (the i-th sample, the i-th key), as the sum over their entries ``\\sum_k w_k x_{i,k}``
    (a family of vectors is an array with a row per index); None for any other product.  ``at``: where ``left`` is
    written (a family's vector is transposed there or not: x^{(i)} x^{(i)\\top} is an outer product); ``right`` None
    asks about a factor left over after the dots: a transposed vector of a family there is refused; ``right_at``:
    where ``right`` is written (SigLIP's ``\\mathbf{x}_i \\cdot \\mathbf{y}_j``, with \\cdot between, is a dot
    product too)."""
    if (outer := _member_outer(b, left, right, at, right_at)) is not None:
        return outer
    if (image := matrix_times_member(b, left, right)) is not None:  # cs231n's W x_i
        return image
    if (number := row_times_image(b, left, right)) is not None:  # GAT's a^T W h_j
        return number
    if (number := row_times_vector(b, left, right, at, right_at)) is not None:  # Bahdanau's v^T \tanh(W s + U h_j)
        return number
    if (row := member_times_matrix(b, left, right, at)) is not None:  # p_i^T W (then p_j)
        return row
    dotted = right_at is not None and b.cdot_between(min(at, right_at), max(at, right_at))
    column = isinstance(right, sympy.MatrixSymbol) and right.shape[1] == 1
    if isinstance(left, sympy.Transpose) and isinstance(left.arg, sympy.MatrixSymbol) and left.arg.shape[1] == 1:
        first: Any = left.arg
    elif (isinstance(left, sympy.MatrixSymbol) and left.shape[1] == 1 and isinstance(right, sympy.Indexed)
          and dotted):  # Nielsen's \mathbf{w} \cdot \mathbf{x}_i: the dot product with the i-th sample, as w^T x_i
        first = left
    elif isinstance(left, sympy.Indexed) and (at in b.transposed_at or (
            dotted and (isinstance(right, sympy.Indexed) or column) and _one_index(left, right))
            or _row_member(b, left, right, at)):
        first = left
    else:
        return None
    second: Any = right if isinstance(right, sympy.Indexed) or (
        isinstance(right, sympy.MatrixSymbol) and right.shape[1] == 1) else None
    if second is None and first is left:  # x^{(i)\top} A x^{(i)}, or x^{(i)\top} left over (right is None): no dot
        raise MemberNotRead(
            "a transposed vector of a family of vectors (x^{(i)\\top}) times anything but a vector",
            source=b.source, span=b.transposed_at[at],
            hint="write it for all samples at once with a matrix (X A X^T), or as sums over entries")
    if second is None or not any(isinstance(v, sympy.Indexed) for v in (first, second)):
        return None
    _promote_right(b, first, second)
    _promote_after_row(b, first, second)
    families = [v.base.label.name for v in (first, second) if isinstance(v, sympy.Indexed)]
    if any(len(b.shapes.get(name, ())) != 2 for name in families):
        return None  # a family of numbers: w_j x_i is their product
    vectors = [v for v in (first, second) if isinstance(v, sympy.MatrixSymbol)]
    length = vectors[0].shape[0] if vectors else b.shapes[families[0]][1]
    if not rows_fit(b, families, length):  # the family's rows are as long as the vector: one size
        return None
    set_rows(b, families, length)
    k = b.index(b.fresh_letter())
    return sympy.Sum(_entry_at(b, first, k) * _entry_at(b, second, k), (k, 1, length))


def _one_index(*members: sympy.Basic) -> bool:
    """Are the family members among ``members`` each at one index (a vector per index, whose \\cdot is a dot
    product), not entries of a tensor at several (MobileNet's \\hat{\\mathbf{K}}_{i,j,m} \\cdot
    \\mathbf{F}_{k+i-1,l+j-1,m}: numbers multiplied)?"""
    return all(len(m.indices) == 1 for m in members if isinstance(m, sympy.Indexed))


def _row_member(b: Binder, left: sympy.Basic, right: sympy.Basic | None, at: int) -> bool:
    """Srivastava et al.'s dropout ``z_i = \\mathbf{w}_i \\mathbf{y} + b_i``: a bold member of a family of vectors
    written plain before a column vector's name is the row of weights of unit i (row i of W), so the product is
    their dot product: a column times a column is no product (noted ``family-row-member``)."""
    if not (isinstance(left, sympy.Indexed) and len(left.indices) == 1 and left.base.label.name in b.vector_families
            and isinstance(right, sympy.MatrixSymbol) and right.shape[1] == 1 and right.shape[0] != 1):
        return False
    k = b.atom_written_at(at)
    if k is None or not b.atoms[k].bold or b.atoms[k].transpose:
        return False
    b._note("family-row-member", b.ph[k].span, text=b.source[b.ph[k].span.start : b.ph[k].span.end],
            name=b.atoms[k].base_latex)
    return True


def _member_outer(b: Binder, left: sympy.Basic, right: sympy.Basic | None, at: int,
                  right_at: int | None) -> sympy.Basic | None:
    """``\\mathbf{x}_n \\mathbf{x}_n^T`` (the second-moment matrix), ``x^{(i)} x^{(i)T}``: a member of a family of
    vectors written plain, then one written transposed: their outer product (:class:`MemberOuter`)."""
    members = [v for v in (left, right) if isinstance(v, sympy.Indexed) and len(v.indices) == 1
               and v.base.label.name in b.vector_families]
    if len(members) != 2 or at in b.transposed_at or right_at not in b.transposed_at:
        return None
    return MemberOuter(left, right)


def _parameters(b: Binder) -> set[int]:
    """The names written as the parameters of a function a statement defines (``J(u_o, v_c, U) = ...``)."""
    out: set[int] = set()
    for st in b.rr.statements:
        if st.relation not in ("=", "define") or len(st.sides) != 2:
            continue
        k = placeholder_id(st.sides[0].expr)
        p = b.ph.get(k) if k is not None else None
        if p is not None and p.kind == "call":
            out |= {j for a in p.data.get("args", ()) if (j := placeholder_id(a.expr)) is not None}
    return out


def transposed_family(b: Binder, k: int) -> bool:
    """Is atom ``k`` a member of a plain family of vectors, every member of it written transposed (GloVe's
    ``w_i^T \tilde{w}_j``, cs231n's ``w_j^T x_i``)?  The transpose makes each member a vector: the family is an
    array with a vector per row, as a bold one (noted ``family-transposed``)."""
    a = b.atoms[k]
    r = b.roles[k]
    if a.transpose and r.kind == "family" and r.name in b.outer_families:  # cs229's x^{(i)} x^{(i)T}
        return True
    if a.bold or not a.transpose or r.kind != "family" or (len(r.indices) != 1 and r.entry is None):
        return False
    params = _parameters(b)  # cs224n's J(u_o, v_c, U) = ... u_o^T v_c: a parameter named, not a use
    same = [j for j, o in b.atoms.items()
            if b.roles[j].kind == "family" and b.roles[j].name == b.roles[k].name and j not in params]
    if not all(b.atoms[j].transpose for j in same):
        return False
    if b.roles[k].name not in b.vector_families:
        b._note("family-transposed", b.ph[k].span, name=a.base_latex)
    b.vector_families.add(b.roles[k].name)
    b.promoted_families.add(b.roles[k].name)
    return True


def _promote_right(b: Binder, first: Any, second: Any) -> None:
    """The plain family right after a transposed member of a plain family of vectors (GloVe's ``\tilde{w}_j`` in
    ``w_i^T \tilde{w}_j``) is a family of vectors too: each member a vector, the family an array with a row per
    index; its other members must be vectors as well (refused where loose)."""
    if not (isinstance(first, sympy.Indexed) and isinstance(second, sympy.Indexed)):
        return
    name = second.base.label.name
    if first.base.label.name not in b.vector_families or name in b.shapes or len(second.indices) != 1:
        return
    key = next((r.key for r in b.roles.values() if r.kind == "family" and r.name == name), name)
    b.shapes[name] = (b.length_of(key), b.shapes[first.base.label.name][1])
    b.vector_families.add(name)
    b.promoted_families.add(name)


def _promote_after_row(b: Binder, first: Any, second: Any) -> None:
    """A plain family right after a transposed vector (cs229's ``w^T x^{(i)}``, ``\\theta^T x^{(i)}``) is a family
    of vectors: a number there would scale the row ``w^T``, which no one writes so; each member is a vector as long
    as ``w``, the family an array with a row per index (noted ``sample-vector``, the ``sample-number`` guess
    withdrawn).  Its other members must be vectors as well (refused where loose)."""
    if not (isinstance(first, sympy.MatrixSymbol) and first.shape[1] == 1  # (family_dot's first: w of w^T)
            and isinstance(second, sympy.Indexed) and len(second.indices) == 1):
        return
    name = second.base.label.name
    ks = [k for k, r in b.roles.items() if r.kind == "family" and r.name == name and k in b.ph]
    if name in b.vector_families or name in b.shapes or not ks or any(b.atoms[k].bold for k in ks):
        return
    b.shapes[name] = (b.length_of(b.roles[ks[0]].key), first.shape[0])
    b.vector_families.add(name)
    b.promoted_families.add(name)
    spans = sorted((b.ph[k].span for k in ks), key=lambda s: s.start)
    b.notes[:] = [n for n in b.notes if not (n.rule == "sample-number" and n.span in spans)]
    b._note("sample-vector", spans[0], name=name, vector=b.source[b.ph[ks[0]].span.start:b.ph[ks[0]].span.end])


def _entry_at(b: Binder, v: Any, k: sympy.Symbol) -> sympy.Basic:
    """Entry k of a vector's name (its entries share its array) or of one vector of a family (x_{i,k})."""
    if isinstance(v, sympy.Indexed):
        return v.base[(*v.indices, k)]
    entries = sympy.IndexedBase(v.name, real=True)
    b.latex_names.setdefault(entries, b.latex_names.get(v, v.name))
    return entries[k]


def no_loose_vectors(b: Binder, sides: list[sympy.Basic], fallback: Any) -> None:
    """Refuse one vector of a family of vectors (``\\mathbf{x}^{(i)}``, ``\\boldsymbol{h}^{(t)}``) used outside a dot
    product with another vector or an unknown function's arguments: SymPy holds it as a number x[i], so
    ``\\boldsymbol{V}\\boldsymbol{h}^{(t)}`` would scale V by it and ``\\sum_i \\mathbf{x}^{(i)} r_i`` add numbers."""
    sampled = {r.name for k, r in b.roles.items() if r.kind == "family"}  # mixup's λx_i + (1-λ)x_j, Σ_n g_n x_n
    sampled |= b.promoted_families  # GloVe's \tilde{w}_j beside w_i^T \tilde{w}_j: a vector, never a number
    for side in sides:
        loose = _loose_vector(b, side, sampled)
        if loose is None:
            continue
        if side.has(MemberOuter):
            _no_loose_outer(b, side, fallback)
        name = loose.base.label.name
        spans = [b.ph[k].span for k, r in b.roles.items() if r.kind == "family" and r.name == name and k in b.ph]
        span = spans[0] if spans else b.image_spans.get(name, fallback)  # Bishop's \phi(x_n) too
        raise MemberNotRead(
            f"{b.source[span.start : span.end]}: one vector of a family of vectors in a "
            "product, sum or function is not read yet (only its dot product with a vector, w^T x^{(i)}, is)",
            source=b.source, span=span,
            hint="write it for all samples at once with a matrix (X^T(Xw - y), V H), as sums over entries "
            "(\\sum_k V_{jk} h_k), or give the step's vector a name of its own (\\mathbf{h} for h^{(t)})")


def _no_loose_outer(b: Binder, side: sympy.Basic, fallback: Any) -> None:
    """Refuse an outer product of members (:class:`MemberOuter`) that no entry-by-entry reading took."""
    outer = next(iter(side.atoms(MemberOuter)))
    name = outer.args[1].base.label.name
    spans = sorted((b.ph[k].span for k, r in b.roles.items() if r.kind == "family" and r.name == name and k in b.ph
                    and b.atoms[k].transpose), key=lambda s: s.start)
    raise MemberNotRead(
        "an outer product of vectors of a family of vectors (\\mathbf{x}_n \\mathbf{x}_n^T) is read only as a "
        "matrix named on the left, summed over the family's index", source=b.source,
        span=spans[0] if spans else fallback,
        hint="name the matrix and sum over the members: \\mathbf{S} = \\sum_n \\mathbf{x}_n \\mathbf{x}_n^T; "
        "for all samples at once, \\mathbf{X}^T \\mathbf{X}")


def no_added_members(b: Binder, sides: list[sympy.Basic], fallback: Any) -> None:
    """Refuse one vector of a family of vectors added to a vector where no entry-by-entry reading took it (Bishop's
    Parzen window ``k(\\mathbf{x} - \\mathbf{x}_n)``): the family holds it as one number per member, which the sum
    would add to every entry (its term is that number times a matrix of ones)."""
    for side in sides:
        for e in side.atoms(sympy.MatMul, sympy.Mul):
            if not any(isinstance(a, sympy.OneMatrix) for a in e.args):
                continue
            found = [m for a in e.args for m in sympy.Mul.make_args(a) if isinstance(m, sympy.Indexed)
                     and len(m.indices) == 1 and m.base.label.name in b.vector_families]  # - x_n too
            if not found:
                continue
            name = found[0].base.label.name
            spans = [b.ph[k].span for k, r in b.roles.items() if r.kind == "family" and r.name == name and k in b.ph]
            span = spans[0] if spans else fallback
            raise MemberNotRead(
                f"{b.source[span.start : span.end]}: one vector of a family of vectors added to a vector is not read "
                "yet outside a vector or matrix read entry by entry; as the family's number it would be added to "
                "every entry", source=b.source, span=span,
                hint="write the difference for one member with names of its own (\\mathbf{x} - \\boldsymbol{\\mu}), "
                "or as entries (x_{n,d} - \\mu_{k,d}); a scatter matrix \\sum_n (\\mathbf{x}_n - \\bar{\\mathbf{x}})"
                "(\\mathbf{x}_n - \\bar{\\mathbf{x}})^T as \\mathbf{X}_c^T \\mathbf{X}_c, the centred rows")


def _loose_vector(b: Binder, e: sympy.Basic, sampled: set[str]) -> sympy.Indexed | None:
    """(Families by a subscript that a sum runs over, seed 000's \\bar{\\mathbf{h}}_s in \\sum_s \\alpha_{ts}
    \\bar{\\mathbf{h}}_s, keep their reading with its caveat; ``sampled``: the families refused here.)"""
    if isinstance(e, sympy.Indexed):
        whole = len(e.indices) == 1 and e.base.label.name in b.vector_families & sampled
        return e if whole else None
    if isinstance(e, sympy.core.function.AppliedUndef):
        return None  # f(x^{(i)}; θ): an unknown function of the i-th sample
    for a in e.args:
        if isinstance(a, sympy.Basic) and (found := _loose_vector(b, a, sampled)) is not None:
            return found
    return None


def family_norm(b: Binder, inner: sympy.Basic, kind: str, span: Any, order: Any = None) -> sympy.Basic | None:
    """``\\|\\mathbf{x}_n - \\boldsymbol{\\mu}_k\\|`` (Bishop's K-means): the 2-norm of a sum of vectors of
    families of vectors, by their entries ``\\sqrt{\\sum_d (x_{n,d} - \\mu_{k,d})^2}`` (the families' rows one length,
    checked when evaluated); None when ``inner`` has no such vector.  The 1-norm and the p-norm (``order``: PyTorch's
    ``nn.PairwiseDistance``, ``\\|\\mathbf{x}_i - \\mathbf{y}_i\\|_p``) by entries too; other norms of them are
    refused."""
    members = {e for e in inner.atoms(sympy.Indexed) if e.base.label.name in b.vector_families and len(e.indices) == 1}
    if not members:
        return None
    if kind not in ("2", "1", "p") or not all(_one_member_factor(t, members) for t in sympy.Add.make_args(inner)):
        raise NotSupported(
            f"{b.source[span.start : span.end]}: this norm of vectors of a family of vectors is not read yet (only "
            "the 2-norm of their sums and differences is, \\|\\mathbf{x}_n - \\boldsymbol{\\mu}_k\\|)",
            source=b.source, span=span, hint="write it by entries: \\sum_d |x_{n,d}| for the 1-norm")
    names = sorted({m.base.label.name for m in members})
    length = b.shapes[names[0]][1]
    if not rows_fit(b, names, length):
        return None
    set_rows(b, names, length)
    d = b.index(b.fresh_letter())
    entry = inner.xreplace({m: m.base[(*m.indices, d)] for m in members})
    if kind in ("1", "p"):
        return members_p_norm(entry, d, length, kind, order)
    return sympy.sqrt(sympy.Sum(entry**2, (d, 1, length)))


def no_whole_family_arguments(b: Binder) -> None:
    """Refuse a bare bold name in a function's arguments beside bold members of it that an index picks (Bishop's
    ``p(\\mathbf{x}|\\boldsymbol{\\mu}, \\boldsymbol{\\pi}) = \\sum_k \\pi_k p(\\mathbf{x}|\\boldsymbol{\\mu}_k)``): the
    bare name is the whole family, a parameter set, not one vector whose entries are the members."""
    members = {(a.base, a.decorations): k for k, a in b.atoms.items()
               if a.bold and b.roles[k].kind == "family" and a.sub is not None}
    for p in b.ph.values():
        if p.kind != "call":
            continue
        for arg in p.data.get("args", ())[1:]:  # the parameters after the argument (a query point \\mathbf{x})
            k = placeholder_id(arg.expr)
            a = b.atoms.get(k) if k is not None else None
            if (a is None or not a.bold or a.sub is not None or a.sample or a.layer
                    or (a.base, a.decorations) not in members):
                continue
            member = b.atoms[members[(a.base, a.decorations)]]
            raise NotSupported(
                f"{a.spelling} beside its members {member.spelling}: a bare bold name among a function's arguments "
                "whose indexed members the formula uses is the whole family (a parameter set), not read yet; as one "
                f"vector, {member.spelling} would be its entry", source=b.source, span=b.ph[k].span,
                hint=f"leave the parameter set out of the arguments (p(\\mathbf{{x}})), or write the members' set "
                f"as its own name; a plain {a.base_latex}_k is entry k of the vector {a.spelling}")


def _one_member_factor(t: sympy.Basic, members: set[sympy.Indexed]) -> bool:
    """Is ``t`` free of the members, or one member times numbers (``-\\boldsymbol{\\mu}_k``, ``2 \\mathbf{x}_n``)?"""
    found = members & t.atoms(sympy.Indexed)
    return not found or (len(found) == 1 and any(f in found for f in sympy.Mul.make_args(t)))


def rows_fit(b: Binder, names: list[str], length: object) -> bool:
    """Can the families ``names`` have rows ``length`` long: none was given another length by a dot product?"""
    return not any((name, b.shapes[name][1]) in b.dotted and b.shapes[name][1] != length for name in names)


def set_rows(b: Binder, names: list[str], length: object) -> None:
    """The families ``names`` have rows ``length`` long (one member per row; checked when evaluated)."""
    for name in names:
        b.shapes[name] = (b.shapes[name][0], length)
        b.dotted.add((name, length))


def no_two_sets(b: Binder) -> None:
    """Refuse one family summed over two different named sets (Bishop's within-class scatter ``\\sum_{n \\in
    \\mathcal{C}_1} (\\mathbf{x}_n - \\mathbf{m}_1)(\\dots)^T + \\sum_{n \\in \\mathcal{C}_2} (\\dots)``): a sum over a
    set runs over the arrays given as that set's values (``sum-over-set``), and one array cannot hold both sets'."""
    seen: dict[str, tuple[str, str]] = {}  # family → (the set, its spelling in a sum)
    sums: dict[int, sympy.Sum] = {}
    for e in b.exprs:
        for s in e.atoms(sympy.Sum):
            k = placeholder_id(s.limits[0][0])
            if k is not None and k in b.ph and b.ph[k].kind == "index" and b.ph[k].data.get("set"):
                sums[k] = s
    for k in sorted(sums, key=lambda k: b.ph[k].span.start):  # in written order
        index = b.ph[k]
        name, over = index.data["name"], index.data["set"]
        for j in sorted(reachable(b.ph, sums[k].function)):
            r = b.roles.get(j)
            if r is None or r.kind != "family" or name not in {letter for letter, _ in r.indices}:
                continue
            first = seen.setdefault(r.name, (over, b.atoms[j].spelling))
            if first[0] == over:
                continue
            span = next((n.span for n in b.rr.notes if n.rule == "sum-over-set"
                         and n.span.start == index.span.start), index.span)  # \sum_{n \in \mathcal{C}_2}
            raise NotSupported(
                f"{first[1]} summed over two sets ({first[0]} and {over}): a sum over a set runs over the arrays "
                "given as that set's values, and one array cannot hold the values of both", source=b.source,
                span=span, hint="give each set's members a name of their own (\\mathbf{x}_n in one sum, "
                "\\mathbf{z}_n in the other), or sum over the whole family with the class indicator: "
                "\\sum_n t_n (\\dots)")
