"""Families of vectors and matrices whose index is free in the whole formula (Prince's layer equations ``\\mathbf{f}_k
= \\boldsymbol\\beta_k + \\boldsymbol\\Omega_k \\mathbf{h}_k,\\ \\mathbf{h}_{k+1} = \\mathbf{a}[\\mathbf{f}_k]``, his
backpropagation ``\\frac{\\partial \\ell_i}{\\partial \\boldsymbol\\Omega_k} = \\frac{\\partial \\ell_i}{\\partial
\\mathbf{f}_k}\\mathbf{h}_k^T``): the equation holds for each value of the index, so each member is read as a vector
or matrix of its own, named with its subscript (``f_k``, ``h_{k+1}``, ``Omega_k``), as a letter no index reads
(``\\mathbf{W}_l \\mathbf{h}_l``) is; noted ``family-member-each``.

The reading is taken only where the family readings (a family as one array with a member per row, read by entries
or in dot products) refuse the formula (:func:`symdl.bind.bind`), so every formula they read keeps its reading."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from symdl.bind.names import bound_letters, index_letters, strip_transpose
from symdl.bind.sums import enclosing_sums, inner_exprs, reachable
from symdl.errors import Note, Span
from symdl.read import ReadResult
from symdl.read.notes import note
from symdl.read.syntax import AtomSpec, Placeholder, mentions, placeholder_id


def free_member_letters(rr: ReadResult, *, loose: bool = False) -> frozenset[str]:
    """The index letters free in the whole formula that only members of families of bold vectors and matrices carry,
    each as its lone subscript, maybe shifted (``\\mathbf{f}_k``, ``\\mathbf{h}_{k+1}``, ``\\boldsymbol\\Omega_k``):
    no sum binds the letter or holds a member in its body (Prince's ``\\sum_i \\frac{\\partial \\ell_i}{\\partial
    \\mathbf{f}_k}\\mathbf{h}_k^T``: there f_k and h_k are example i's, not one vector), no name stands for it alone,
    no other placeholder reads it (an entry ``(\\dots)_k``), no such family is written bare or by another subscript
    too, and the letter is on a left side (or the formula is an expression).  Scalar families (``w_{jk}``, ``a_j``) and
    a vector's entries beside it (``x_i`` beside ``\\mathbf{x}``) carry a letter plain or with others, so it is never
    one of these.  ``loose``: plain members too (Bahdanau's ``w^T \\tanh(W s_{i-1} + V h_j + U f_{i,j} + b)``,
    GraphSAGE's ``\\mathbf{W}_1 \\mathbf{x}_i + \\mathbf{W}_2 \\mathbf{x}_j``), under several letters, of a family
    written with several (the second try of :func:`symdl.bind.bind`, after the strict letters failed)."""
    ph = rr.placeholders
    atoms = {k: p.data["atom"] for k, p in ph.items() if p.kind == "atom"}
    bound = bound_letters(ph) | {p.data["name"] for p in ph.values() if p.kind == "index"}
    sides = [s.expr for st in rr.statements for s in st.sides]
    summed = set(enclosing_sums(ph, sides + [e for p in ph.values() for e in inner_exprs(p)]))
    out = set()
    for letter in index_letters(ph) - bound:
        carriers = [k for k, a in atoms.items() if _carries(a, letter)]
        members = [k for k in carriers if (_loose_member(atoms[k], letter, atoms.values()) if loose else
                                           _member(atoms[k], letter, atoms.values()))]
        if members and all((k in members or _label_entry(atoms[k])) and k not in summed for k in carriers) \
                and not _read_elsewhere(ph, letter) and (_on_left(rr, letter) or _given_in_step(rr, letter)):
            out.add(letter)
    return frozenset(out)


def _carries(a: AtomSpec, letter: str) -> bool:
    """Does the name ``a`` carry ``letter``: in its subscript, a superscript, or as the name itself?"""
    terms = a.sub.terms if a.sub is not None and a.sub.terms is not None else ()
    text = a.sub.text if a.sub is not None else ""
    return (a.base == letter or letter in (a.sample, a.layer) or any(x == letter for x, _ in terms)
            or (a.sub is not None and a.sub.terms is None and letter in text))


def _member(a: AtomSpec, letter: str, atoms: Iterable[AtomSpec]) -> bool:
    """Is ``a`` a bold member whose lone subscript is ``letter`` (maybe shifted), of a family no name writes bare or
    by a subscript without ``letter``?"""
    terms = a.sub.terms if a.sub is not None else None
    if not (a.bold and not a.word and terms is not None and len(terms) == 1 and terms[0][0] == letter
            and a.sub is not None and a.sub.entry is None and a.sub.linear is None and a.sample is None):
        return False
    same = [o for o in atoms if o.family_key_parts() == a.family_key_parts() and o.sample is None]
    return all(o.sub is not None and o.sub.terms is not None and len(o.sub.terms) == 1 and o.sub.terms[0][0] == letter
               for o in same)


def _loose_member(a: AtomSpec, letter: str, atoms: Iterable[AtomSpec]) -> bool:
    """Is ``a`` a member, bold or plain, whose subscript's index letters include ``letter`` (maybe shifted), of a
    family every name of which is written with index letters (never bare)?"""
    terms = a.sub.terms if a.sub is not None else None
    if not (not a.word and terms is not None and letter in (x for x, _ in terms) and a.sub is not None
            and a.sub.entry is None and a.sub.linear is None and a.sample is None):
        return False
    same = [o for o in atoms if o.family_key_parts() == a.family_key_parts() and o.sample is None]
    return all(o.sub is not None and o.sub.terms is not None for o in same)


def _label_entry(a: AtomSpec) -> bool:
    """Is ``a`` a bold family's member picked by a label that carries the letter (the center loss'
    ``\\boldsymbol{c}_{y_i}``, the centre of example i's class: read by its label, ``label-member``)?"""
    return a.bold and a.sub is not None and a.sub.entry is not None and a.sample is None


def _read_elsewhere(ph: dict[int, Placeholder], letter: str) -> bool:
    """Does a placeholder other than a name read ``letter`` itself (an entry ``(\\mathbf{W}\\mathbf{x})_k``, a sum's
    bound ``\\sum_{j=1}^k``)?  Only its own fields count, not the names inside it."""
    for p in ph.values():
        if p.kind in ("atom", "index"):
            continue
        if mentions(Placeholder(p.id, p.kind, p.span, {k: v for k, v in p.data.items() if not _holds_names(v)}),
                    letter, {}):
            return True
    return False


def _holds_names(value: object) -> bool:
    """Is ``value`` a placeholder's sub-expression (read by the names in it, each checked on its own)?"""
    from symdl.read.syntax import Parsed

    return isinstance(value, Parsed) or (isinstance(value, (list, tuple)) and any(_holds_names(v) for v in value))


def _on_left(rr: ReadResult, letter: str) -> bool:
    """Is ``letter`` carried on the left side of an equation (``\\mathbf{f}_k = \\dots``, ``\\frac{\\partial
    \\ell}{\\partial \\boldsymbol\\Omega_k} = \\dots``), or is the formula an expression: the formula holds for each
    value of it?"""
    lefts = [st.sides[0] for st in rr.statements if len(st.sides) > 1]
    if not lefts:
        return True
    ph = rr.placeholders
    return any(_carries(ph[k].data["atom"], letter) for side in lefts for k in reachable(ph, side.expr)
               if ph[k].kind == "atom")


def _given_in_step(rr: ReadResult, letter: str) -> bool:
    r"""Is every statement that writes ``letter`` an update step whose left side does not carry it (the perceptron's
    ``\mathbf{w}^{(t+1)} = \mathbf{w}^{(t)} + y_i \mathbf{x}_i``, SGD's ``\mathbf{w} \leftarrow \mathbf{w} - \eta
    (\mathbf{w}^\top\mathbf{x}_i - y_i)\mathbf{x}_i``): an arrow, or a left side that is one name the right side
    writes too (at an earlier step)?  The step uses one example i, given: each member is a name of its own."""
    ph = rr.placeholders
    writing = [st for st in rr.statements if any(
        ph[k].kind == "atom" and _carries(ph[k].data["atom"], letter) for s in st.sides for k in reachable(ph, s.expr))]
    return bool(writing) and all(len(st.sides) == 2 and _stepped(ph, st) for st in writing)


def _stepped(ph: dict[int, Placeholder], st: Any) -> bool:
    r"""Is ``st`` an update: an arrow, or a left side that is one bold name at a next step (``t+1``, ``(t+1)``) whose
    name the right side writes at the step before (``\mathbf{w}_t``, ``\mathbf{w}^{(t)}``)?"""
    if st.relation == "update":
        return True
    k = placeholder_id(st.sides[0].expr)
    if st.relation != "=" or k is None or ph[k].kind != "atom" or not ph[k].data["atom"].bold:
        return False
    now = _next_step(ph[k].data["atom"])
    return now is not None and any(ph[j].kind == "atom" and _step_text(ph[j].data["atom"]) == now
                                   and ph[j].data["atom"].family_key_parts() == ph[k].data["atom"].family_key_parts()
                                   for j in reachable(ph, st.sides[1].expr))


def _step_text(a: AtomSpec) -> str | None:
    """The step a name is written at: its ``(t)`` superscript, else its subscript (spaces dropped)."""
    text = a.sample if a.sample is not None else a.sub.text if a.sub is not None else None
    return text.replace(" ", "") if text is not None else None


def _next_step(a: AtomSpec) -> str | None:
    """``t`` of a name written at step ``t+1``, else None."""
    text = _step_text(a)
    return text[:-2] if text is not None and text.endswith("+1") and len(text) > 2 else None


def member_note(rr: ReadResult, letters: frozenset[str]) -> list[Note]:
    """The ``family-member-each`` note at the first member of each letter in ``letters`` (``family-member-given``
    where no left side carries the letter: an update step for one given example)."""
    ph, source, out = rr.placeholders, rr.source, []
    for letter in sorted(letters):
        spans = sorted((p.span for p in ph.values() if p.kind == "atom" and _carries(p.data["atom"], letter)),
                       key=lambda s: s.start)
        names = list(dict.fromkeys(strip_transpose(source[s.start:s.end]) for s in spans))
        rule = "family-member-each" if _on_left(rr, letter) else "family-member-given"
        out.append(note(rule, Span(spans[0].start, spans[0].end), {
            "text": source[spans[0].start:spans[0].end], "index": letter, "names": ", ".join(names)}))
    return out
