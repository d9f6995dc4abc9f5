"""Reading notes that need what binding found (which names are vectors, which letters are indices).

:func:`reading_notes` adds them to the binder's notes, in a fixed order (tests assert the rules in order).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import sympy

from symdl.bind.exponents import note_exponent_products, note_row_reductions
from symdl.bind.letters import WEIGHT_CAPITALS
from symdl.bind.names import (
    NameRole,
    bold_twins,
    capital_labels,
    entry_letters,
    family_key,
    identity,
    is_bare,
    matrix_labels,
    named_labels,
    sibling_labels,
    summed_families,
    word_labels,
)
from symdl.bind.shapes import declared_shape
from symdl.bind.stars import star_products
from symdl.bind.sums import ENTRY_SUM_LETTERS, constant_sums, reachable
from symdl.errors import NotSupported, Span
from symdl.read.syntax import AtomSpec, placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder


#: letters a sample's input takes (cs229's x^{(i)}, the i-th training example, a vector in R^n written plain)
SAMPLE_VECTOR_LETTERS = frozenset({"x"})


#: words of a setting's name (a number by its meaning): decay_rate, learning_rate, eps, a coefficient
_SETTING_WORDS = ("rate", "decay", "eps", "lr", "coef", "scale", "factor", "momentum", "lambda", "temperature")


def _setting_word(a: AtomSpec) -> bool:
    return a.word and (any(w in a.base.lower() for w in _SETTING_WORDS) or "_" in a.base)


def dot_of_numbers(b: Binder) -> list[tuple[Span, str, str]]:
    """``w \\cdot x`` of two plain Latin letters that nothing makes vectors: read as a product of numbers, although
    Nielsen writes the dot product of the vectors w and x so (``w \\cdot x + b``); his ``\\nabla C \\cdot \\Delta
    v`` is of vectors (symdl.bind.upstream).  Entries of families too (ProtoNCE's ``v_i \\cdot c_s``, embeddings
    written plain).  ``(span, left, right)`` each."""
    names = {k: a.spelling for k, a in b.atoms.items() if b.roles[k].kind in ("scalar", "family")  # v_i \cdot c_s
             and ((len(a.d_of or a.base) == 1 and (a.d_of or a.base).isalpha())
                  or (a.word and a.base.isalpha()))  # word2vec's \text{input} \cdot \text{context} too
             and not (a.greek or a.bold or a.primes) and identity(a) not in b.kinds
             and (not a.decorations or (a.decorations == ("bar",)  # Aggarwal's \overline{W_r}: his vectors
                                        and b.source.startswith("\\overline", b.ph[k].span.start)))}
    return [(Span(b.ph[left].span.start, b.ph[right].span.end), names[left], names[right])
            for left, right in cdot_pairs(b, set(names))
            if b.atoms[left].word == b.atoms[right].word and not (_setting_word(b.atoms[left]) or _setting_word(
                b.atoms[right]))]  # \text{learning rate} \cdot x, \text{decay\_rate} \cdot \text{cache}: numbers


def capital_dot_numbers(b: Binder) -> list[tuple[Span, str]]:
    """GraphSAGE's ``W \\cdot \\sum_{u \\in \\mathcal{N}(v)} h_u``, LDM's ``W^{(i)}_Q \\cdot \\varphi_i(z_t)``: a
    weight's plain capital before ``\\cdot`` that no rule made a matrix (what follows it is no vector symdl sees) is
    read as a number times it; a reader sees a matrix (``capital-dot-number``).  ``(span, capital)`` each."""
    capitals = {k for k, a in b.atoms.items() if b.roles[k].kind in ("scalar", "family")
                and a.base in WEIGHT_CAPITALS | {"B"} and not (a.greek or a.bold or a.word or a.decorations)
                and identity(a) not in b.kinds}
    out = []
    src = b.source
    for pos in b.rr.dot_positions:
        width = len("\\cdot") if src.startswith("\\cdot", pos) else 1 if src[pos] in "\u00b7\u22c5" else 0
        left = [k for k in capitals if width and b.ph[k].span.end <= pos and not src[b.ph[k].span.end : pos].strip()]
        after = pos + width
        right = sorted((k for k, p in b.ph.items() if p.span.start >= after and not src[after : p.span.start].strip()
                        and p.kind != "number"), key=lambda k: -b.ph[k].span.end)
        if left and right:
            out.append((Span(b.ph[left[0]].span.start, b.ph[right[0]].span.end), b.atoms[left[0]].spelling))
    return out


def cdot_pairs(b: Binder, operands: set[int]) -> list[tuple[int, int]]:
    """The placeholders of ``operands`` written right before and right after a ``\\cdot``, pair by pair."""
    out = []
    for pos in b.rr.dot_positions:
        width = len("\\cdot") if b.source.startswith("\\cdot", pos) else 1 if b.source[pos] in "\u00b7\u22c5." else 0
        if not width:
            continue  # '*' between numbers is a product; \times is a product or a cross product of vectors
        left = sorted((k for k in operands if b.ph[k].span.end <= pos and not b.source[b.ph[k].span.end : pos].strip()),
                      key=lambda k: b.ph[k].span.start)  # \nabla C before the C inside it
        right_start = pos + width  # \cdot, or the · and ⋅ pasted for it
        right = [k for k in operands if b.ph[k].span.start >= right_start
                 and not b.source[right_start : b.ph[k].span.start].strip()]  # fmt: skip
        if left and right:
            out.append((left[0], right[0]))
    return out


def reading_notes(b: Binder) -> None:
    """Every note of the binder's rules, in a fixed order: labels and entries, sums, names, layout."""
    _label_notes(b)
    _sum_notes(b)
    _name_notes(b)
    _layout_notes(b)
    note_exponent_products(b)  # Covington et al.'s e^{v_i u}: numbers, noted (exponent-product)
    note_row_reductions(b)  # FlashAttention's rowmax(S): an unknown function, noted (row-reduction)
    _callee_factors(b)  # V-trace's \delta_s V beside V(x_s): a factor named as a function, noted
    _chains_of_numbers(b)  # dz/dW da/dz dL/da read as numbers: noted (vectors make them Jacobians)


def _chains_of_numbers(b: Binder) -> None:
    """A chain rule written with plain names, ``\\frac{dz^{(1)}}{dW^{(1)}}\\frac{da^{(1)}}{dz^{(1)}}\\dots`` (a backprop
    derivation's), is read as a product of numbers, each name a number; noted (``chain-of-numbers``) once per
    product, since for vectors and matrices the factors are Jacobians whose order and shapes matter."""
    for e in b._all_exprs():
        for m in sympy.preorder_traversal(e):
            if not isinstance(m, sympy.Mul):
                continue
            ds = [b.ph[k] for f in m.args if (k := placeholder_id(f)) is not None and k in b.ph
                  and b.ph[k].kind == "deriv" and b.ph[k].data.get("wrt") is not None]
            if len(ds) < 2 or any(b.atom_of(d.data["wrt"].expr) is None for d in ds):
                continue
            wrts = {identity(b.atom_of(d.data["wrt"].expr)) for d in ds}  # type: ignore[arg-type]
            ofs = {identity(a) for d in ds if (a := b.atom_of(d.data["of"].expr)) is not None}
            names = wrts | ofs
            if not wrts & ofs or any(n in b.kinds for n in names):
                continue  # no link between the factors, or a name is an array (shapes say what the product is)
            span = Span(min(d.span.start for d in ds), max(d.span.end for d in ds))
            b._note("chain-of-numbers", span)


def _callee_factors(b: Binder) -> None:
    """IMPALA's V-trace ``v_s = V(x_s) + \\delta_s V + \\dots``: a name the formula applies as a function (``V(x_s)``)
    and also writes alone as a factor of a product (``\\delta_s V``, the author's one symbol for the weighted TD
    error) is read as a number of that name times the rest, with a note (rule ``callee-factor``): a function's
    name alone is no value, so the author may mean one symbol, or the function's value at an argument left out.
    Not σ (a standard deviation beside the sigmoid is its own rule), nor a bold name or one made an array."""
    keys = {(c.base, c.sub.text if c.sub is not None else None)
            for p in b.ph.values() if p.kind == "call" and p.data.get("known") is None
            and isinstance(c := p.data.get("callee"), AtomSpec) and c.base not in ("sigma", "Sigma")}
    if not keys:
        return
    seen: set[str] = set()
    for e in b._all_exprs():
        for m in sympy.preorder_traversal(e):
            if not isinstance(m, sympy.Mul) or len(m.args) < 2:
                continue
            for f in m.args:
                k = placeholder_id(f)
                a = b.atoms.get(k) if k is not None else None
                if (a is None or a.transpose or a.bold or a.spelling in seen or identity(a) in b.kinds
                        or b.roles[k].kind != "scalar"  # type: ignore[index]
                        or (a.base, a.sub.text if a.sub is not None else None) not in keys):
                    continue
                seen.add(a.spelling)
                b._note("callee-factor", b.ph[k].span, name=a.spelling)  # type: ignore[index]


def _index_values(b: Binder) -> None:
    """A bare letter that indexes a family elsewhere in the formula is that index's value: ``k`` in
    ``\\mathbb{1}(k = y_i)`` beside ``s_k`` (cs231n's gradient of the SVM loss), with a reading note."""
    letters = {letter for r in b.roles.values() if r.kind == "family" for letter, _ in r.indices} - b.bound_values
    noted = set(entry_letters(b.ph))  # s_c beside \sum_j e^{s_j}: the family-entry note says it already
    noted |= {x for letters in b.entry_lhs.values() for x in letters}  # A_{nk} = ...: the entry-letters note
    noted |= set(b.entry_statements.values())  # y_n = x_n^2 ... n: the entry-statement note
    skipped = {  # the i of \\sum_{j \\neq i} and of softmax(z)_i: plainly an index value
        placeholder_id(sym)
        for p in b.ph.values()
        if p.kind == "index" and p.data.get("excluded") is not None
        for sym in p.data["excluded"].expr.free_symbols
    } | {placeholder_id(p.data["index"].expr) for p in b.ph.values() if p.kind == "entry"}
    for k, a in b.atoms.items():
        word = a.word and len(a.base) > 1 and is_bare(dataclasses.replace(a, word=False))  # PE_{(pos,2i)}'s pos
        if b.roles[k].kind == "scalar" and (is_bare(a) or word) and not a.transpose and not a.greek and (
                a.base in letters):
            b.roles[k] = NameRole("index", a.base, a.spelling)
            if a.base not in noted and k not in skipped:
                b._note("index-value", b.ph[k].span)


def _label_notes(b: Binder) -> None:
    """Subscript labels, family entries, index values and label entries (s_{y_i})."""
    in_matrices = matrix_labels(b.ph)
    beside_words = word_labels(b.ph, {x for letters in b.entry_lhs.values() for x in letters} | b.carried)
    other = set(in_matrices) | set(beside_words) | capital_labels(b.ph)  # they say it already, or need not (W_i, b_i)
    named = {letter: ps for letter, ps in named_labels(b.ph).items() if letter not in other}
    for why, found in (("in matrix algebra no sum binds it and no other name carries it (attention's d_k)",
                        in_matrices),
                       ("it stands beside letters that are not indices (PyTorch's W_{ih})", beside_words),
                       ("the formula names a quantity so (the keys k_j beside \\sqrt{d_k})", named),
                       ("the same name carries a label letter beside it (MoCo's \\theta_k beside \\theta_q: the key "
                        "and the query encoders' parameters)", sibling_labels(b.ph))):
        for letter, labelled in found.items():
            for p in labelled:
                sub = p.data["atom"].sub
                if sub is not None and len(sub.text) > 2 and sub.text.isalpha():
                    continue  # a word (lr_{min}, W_{init}): plainly a label, no note
                b._note("subscript-label", p.span, letter=letter, why=why)
    for k, letters in b.entry_lhs.items():
        b._note("entry-letters", b.ph[k].span, name=b.ph[k].data["atom"].base_latex, letters=", ".join(letters))
    for k, letter in b.entry_statements.items():
        b._note("entry-statement", b.ph[k].span, name=b.ph[k].data["atom"].spelling, letter=letter)
    twins = bold_twins([p for p in b.ph.values() if p.kind == "atom"], [p for p in b.ph.values() if p.kind == "call"])
    summed = summed_families(b.ph)
    for letter, entries in entry_letters(b.ph).items():
        for p in entries:
            key = p.data["atom"].family_key_parts()
            rule = "vector-entry" if key in twins and key not in summed else "family-entry"
            b._note(rule, p.span, letter=letter, name=p.data["atom"].base_latex)
    _index_values(b)
    for p in b.ph.values():
        if p.kind == "atom" and (sub := p.data["atom"].sub) is not None and sub.entry is not None:
            rule = "label-member" if p.data["atom"].bold else "label-entry"  # \boldsymbol{c}_{y_i}: a vector
            b._note(rule, p.span, label=sub.text, name=p.data["atom"].base_latex)
        if p.kind == "atom" and (sub := p.data["atom"].sub) is not None and sub.positions is not None and not (
                p.data["atom"].base == "delta" and len(sub.positions) == 2):  # \delta_{k,y_n}: a Kronecker delta
            labels = [f"{letter}_{index}" for letter, index in sub.positions if index]
            b._note("label-position", p.span, label=", ".join(labels), name=p.data["atom"].base_latex,
                    positions=sub.text)


def _refuse_gradient_of_index(b: Binder) -> None:
    """PyTorch's clip_grad_norm_ ``\\sum_{p} \\|\\nabla p\\|_2^2``: a sum over p of the gradient of p, the index
    also the name derived (each parameter tensor) -- as one name ``\\nabla p`` it was the same for every p."""
    for e in b.exprs:
        for s in e.atoms(sympy.Sum):
            for limit in s.limits:
                k = placeholder_id(limit[0])
                if k is None or k not in b.ph or b.ph[k].kind != "index":
                    continue
                letter = b.ph[k].data["name"]
                for j in reachable(b.ph, s.function):
                    p = b.ph[j]
                    a = b.atom_of(p.data["of"].expr) if p.kind == "grad" and p.data.get("wrt") is None else None
                    if a is not None and a.base == letter and a.sub is None:
                        raise NotSupported(
                            f"a sum over {letter} of the gradient \\nabla {letter}: {letter} would be both the index "
                            "and the name derived (PyTorch's clip_grad_norm_: the norm over each parameter's gradient)",
                            source=b.source, span=b.ph[j].span,
                            hint="name the gradients as a family, \\sum_i \\|g_i\\|^2, or one vector of all of them")


def _sum_notes(b: Binder) -> None:
    """Nielsen's sums: per example, of a constant, over a weight's entries."""
    _refuse_gradient_of_index(b)
    first = {}  # one note per name
    for k, letter in sorted(b.per_example.items()):
        first.setdefault(b.atoms[k].spelling, (k, letter))
    for k, letter in first.values():
        b._note("sum-per-example", b.ph[k].span, index=letter)
    for k, letter in constant_sums(b.ph, b.exprs).items():
        if any(a.base == letter and not is_bare(a) for a in b.atoms.values()):
            raise NotSupported(
                f"a sum over {letter} beside the name {letter} with a subscript: {letter} would be both the "
                "index and a name (Nielsen's \\sum_x x_j ...: entry j of each input x)",
                source=b.source,
                span=b.ph[k].span,
                hint="write the inputs as a family, \\sum_i x^{(i)}_j (...), or sum over another letter",
            )
        if letter not in b.per_example.values() and k not in b.shadowed:  # Nielsen's \sum_x \sum_j [y_j \ln a^L_j]
            b._note("sum-constant", b.ph[k].span, index=letter,
                    op="product" if b.source.startswith("\\prod", b.ph[k].span.start) else "sum")
    for name in b.entry_sums:
        k = min(k for k, a in b.atoms.items() if a.base + "'" * a.primes == name and b.roles[k].kind == "family")
        if name in ENTRY_SUM_LETTERS:
            b._note("sum-over-entries", b.ph[k].span, index=name)
        else:  # Sutton & Barto's \sum_r ... [r + \gamma v(s')]: the rewards' values, not 1, 2, ...
            b._note("sum-over-values", b.ph[k].span, index=name)


def _name_notes(b: Binder) -> None:
    """Parenthesised labels (W^{(q)}) and layer entries by a label (a^L_y)."""
    labelled = {a.spelling: k for k, a in b.atoms.items() if a.sample and not a.sample.isdigit()
                and b.roles[k].kind not in ("family", "time")  # d2l's W^{(q)}: a label, part of the name
                and not {"superscript-shared-step", "superscript-optimum-step"} & set(a.readings)  # (noted there)
                and not {"superscript-sample-layer", "superscript-input-letter"} & set(a.readings)}  # a^{x,L}
    for spelling, k in labelled.items():
        letter = b.atoms[k].sample or ""
        why = (f"the bold {letter} names a vector, so {spelling} is read as its own matrix" if letter in
               b.bold_letters else f"no sum runs over {letter} and only bold names carry it: the vector at {letter}"
               if letter in b.lone_steps else f"{letter} is no sample letter (i, n, t, ...) and indexes nothing else "
               "here")
        b._note("superscript-label", b.ph[k].span, letter=letter, name=spelling, why=why)
    samples = {a.spelling: k for k, a in b.atoms.items() if b.roles[k].kind == "family" and a.sample in ("i", "j")
               and not a.decorations and len(b.roles[k].indices) == 1 and a.base in SAMPLE_VECTOR_LETTERS
               and not (a.bold or a.greek) and declared_shape(a, b.declared) is None}  # cs229's x^{(i)}
    for spelling, k in samples.items():
        b._note("sample-number", b.ph[k].span, name=spelling, base=b.atoms[k].base_latex,
                letter=b.atoms[k].sample or "i")
    _scaled_positions(b)
    members = {a.spelling: k for k, a in b.atoms.items()  # the roles digit_member gave: a fixed position alone
               if (r := b.roles[k]).linear is not None and not r.indices and a.sub is not None
               and a.sub.text.strip().isdigit()}
    for spelling, k in members.items():  # \sum_k F(w_k) beside F(w_1): entry 1 of w
        b._note("family-number-member", b.ph[k].span, name=spelling, family=b.atoms[k].base_latex,
                number=b.atoms[k].sub.text.strip())  # type: ignore[union-attr]
    layer_labels = {a.spelling: k for k, a in b.atoms.items() if b.roles[k].kind == "family"
                    and any(letter in b.value_labels for letter, _ in b.roles[k].indices)}
    for k in layer_labels.values():
        a = b.atoms[k]
        b._note("layer-entry-label", b.ph[k].span, label=a.sub.text if a.sub else "", name=family_key(a, ""))


def _scaled_positions(b: Binder) -> None:
    """``\\alpha_{2i}``: one position, a digit times a letter, read as the entry at 2i (noted ``scaled-position``)
    unless the family is also written at 2i plus a number (x_{2i} beside x_{2i+1}: the even and odd entries) or
    the statement defines it (noted ``entry-definition``)."""
    defined = {placeholder_id(st.sides[0].expr) for st in b.rr.statements if st.relation in ("=", "define")}
    for k, a in b.atoms.items():
        lin = b.roles[k].linear
        if lin is None or len(lin) != 1 or k in defined or a.sub is None or "," in a.sub.text:
            continue
        (coeffs, const), = lin
        if const or len(coeffs) != 1 or coeffs[0][1] < 2 or len(coeffs[0][0]) != 1:
            continue
        if any(b.roles[j].linear and any(c for _, c in b.roles[j].linear) for j, o in b.atoms.items()
               if o.family_key_parts() == a.family_key_parts()):
            continue  # x_{2i} beside x_{2i+1}: the even and odd entries
        first, letter = str(coeffs[0][1]), coeffs[0][0]
        b._note("scaled-position", b.ph[k].span, text=a.spelling, name=a.base_latex, position=f"{first}{letter}",
                pair=f"{first}, {letter}", first=first, letter=letter)


def _layout_notes(b: Binder) -> None:
    """Scalars beside bold vectors, dot products of numbers, rows and row biases."""
    for k in sorted(k for k in b.plain_scalars if k is not None and identity(b.atoms[k]) not in b.kinds):
        b._note("scalar-beside-bold", b.ph[k].span)
    for k in b.bracket_concats:
        b._note("bracket-concat", b.ph[k].span)
    for k in sorted(set(b.second_moments), key=lambda k: b.ph[k].span.start):
        b._note("per-coordinate", b.ph[k].span)
    for k in sorted(set(b.operand_moments), key=lambda k: b.ph[k].span.start):
        b._note("per-coordinate-operand", b.ph[k].span)
    for start, end, left, right in b.capital_products:
        b._note("capital-matrix", Span(start, end), left=left, right=right)
    for start, end, left, right in b.capital_dots:
        b._note("capital-dot-matrix", Span(start, end), left=left, right=right)
    for start, end, left, right in b.capital_greeks:
        b._note("greek-after-matrix", Span(start, end), left=left, right=right)
    for k in dict.fromkeys(b.noise_vectors):
        b._note("noise-vector", b.ph[k].span, name=b.atoms[k].spelling)
    for k in dict.fromkeys(b.drawn_noise):
        b._note("drawn-noise-vector", b.ph[k].span, name=b.atoms[k].spelling)
    for k in b.transposed_groups:
        b._note("transpose-group", b.ph[k].span)
    for _, kl, kr in b.gate_stars:
        b._note("star-gate-weight", Span(b.ph[kl].span.start, b.ph[kr].span.end), weight=b.atoms[kl].spelling,
                vector=b.atoms[kr].spelling)
    for k, kind in b.code_arrays:
        rule = {"attention": "code-attention-operand", "dotted": "dotted-operand"}.get(kind, "code-matmul-operand")
        b._note(rule, b.ph[k].span, name=b.atoms[k].spelling, kind=kind)
    for k, role in b.affine_vectors:
        b._note("affine-per-feature", b.ph[k].span, name=b.atoms[k].spelling, role=role)
    for k in b.entry_capitals:
        b._note("capital-entries", b.ph[k].span, name=b.atoms[k].spelling, letter=b.atoms[k].base.lower())
    for k, rows in dict(b.row_capitals).items():
        b._note("capital-rows", b.ph[k].span, rows=rows)
    for k, name, kind in b.upstream_gradients:
        b._note("upstream-gradient", b.ph[k].span, name=name, kind=kind)
    for k, name, kind in b.gradient_sides:
        b._note("gradient-shape", b.ph[k].span, name=name, kind="row vector" if identity(b.atoms[k]) in b.row_vectors
                else "vector" if kind == "vector" else "matrix")
    for k in dict.fromkeys(b.gradient_norms):
        b._note("norm-of-gradient", b.ph[k].span)
    for k, name, vector in b.star_states:
        b._note("star-state-vector", b.ph[k].span, name=name, vector=vector)
    for span, left, right in star_products(b):
        b._note("star-product", span, left=left, right=right)
    dots = dot_of_numbers(b)
    for span, left, right in dots:
        b._note("dot-of-numbers", span, left=left, right=right)
    for k in dict.fromkeys(b.count_dots):  # (unless other uses made it an array, or the value after it is a number)
        if identity(b.atoms[k]) not in b.kinds and not any(d[0].start == b.ph[k].span.start for d in dots):
            b._note("count-dot", b.ph[k].span, name=b.atoms[k].spelling)
    for span, capital in capital_dot_numbers(b):
        counted = {b.ph[k].span.start for k in b.count_dots}  # (count-dot says it)
        if not any(d[0].start == span.start for d in dots) and span.start not in counted:  # B \cdot h_v: noted as a
            # product of numbers already
            b._note("capital-dot-number", span, capital=capital)
    for k in b.row_vectors.values():
        if k is not None:  # (a name set equal to a row is a row without a note of its own)
            b._note("vector-row", b.ph[k].span)
    for k in b.row_biases.values():
        b._note("bias-row", b.ph[k].span)
