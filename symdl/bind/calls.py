"""The call placeholder's record: a function applied to arguments, as the binder builds it, shapes it and gives
its kind of value (:data:`symdl.bind.placeholders.PLACEHOLDERS` holds it with the other kinds).

A known function (:data:`symdl.functions.KNOWN_FUNCTIONS`) is applied by :func:`symdl.bind.apply.call`; a function
the formula only names is a vector of its own, a number, or applied entry by entry (:mod:`symdl.bind.callvalue`).
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING, Any

import sympy

from symdl.bind import apply, build, callvalue, familysubs, guards
from symdl.bind.absmax import capital_in_bars, largest_abs_entry
from symdl.bind.argvalue import ARG_EXTREMA, arg_value
from symdl.bind.besidecall import beside_vector
from symdl.bind.definedcalls import defined_value, definition, vector_definition
from symdl.bind.dotcall import dot_vector
from symdl.bind.expectations import entry_statistic
from symdl.bind.layercalls import layer_call, layer_value
from symdl.bind.memberrows import member_inner
from symdl.bind.names import base_name, identity
from symdl.bind.primenames import prime_rule
from symdl.bind.sampled import sampled_index, sampled_member
from symdl.bind.statnames import ARRAY_REDUCTIONS, reduced_name
from symdl.bind.swishbeta import swish_beta
from symdl.bind.valuekind import value_kind
from symdl.errors import MemberNotRead, NotSupported
from symdl.functions import (
    ENTRY_STATISTICS,
    KNOWN_FUNCTIONS,
    MATRIX_TO_NUMBER,
    PAIRWISE_EXTREMA,
    VECTOR_TO_MATRIX,
    MaxOver,
    MinOver,
    SpectralNorm,
)
from symdl.read.syntax import AtomSpec, Placeholder, placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder
    from symdl.bind.dims import DimInference

Shape = tuple[Any, Any]
Kinds = dict[tuple[object, ...], str]


#: letters a definition of a statistic writes for the count it divides by, not a constant of its own
_COUNTS = frozenset({"n", "N", "d", "D", "m", "M", "k", "K"})


def _fresh_sums(b: Binder, body: sympy.Basic) -> sympy.Basic:
    """``body`` with each sum's letter renamed to one the formula does not use: inlined beside the use's own
    indices (RMSNorm's y_i beside RMS's \\sum_i x_i^2), the sum's letter is its own."""
    for s in sorted(body.atoms(sympy.Sum), key=sympy.default_sort_key):
        for var in s.variables:
            body = body.xreplace({s: s.xreplace({var: b.index(b.fresh_letter())})})
    return body


def _own_body(b: Binder, definition: Placeholder) -> sympy.Basic | None:
    """The right side of the statement defining this call, built, when it writes a name besides its parameters,
    indices and counts (RMSNorm's ``\\text{RMS}(x) = \\sqrt{\\epsilon + \\frac{1}{n}\\sum_i x_i^2}``: ε): then the
    formula's function differs from the built-in, and its uses elsewhere are the definition; a definition with nothing
    of its own restates the built-in, whose uses stay it (named as the concept it is).  Else None."""
    from symdl.bind.sums import reachable

    st = _defining_statement(b, definition)
    if st is None or len(st.sides) != 2:
        return None
    right = st.sides[1]
    params = {a.base for arg in definition.data["args"] if (a := b.atom_of(arg.expr)) is not None}
    names = [b.atoms[k] for k in reachable(b.ph, right.expr) if k in b.atoms and b.roles[k].kind != "index"]
    return b.conv(right) if any(a.base not in params and a.base not in _COUNTS for a in names) else None


def call_build(b: Binder, p: Placeholder) -> sympy.Basic:
    d = p.data
    args = [b.conv(a) for a in d["args"]]
    inner = b.atom_of(d["args"][0].expr) if len(args) == 1 else None
    if p.id in b.own_definitions:  # \mathrm{RMS}(\mathbf{g}) = ...: the function the formula defines (noted)
        return build.applied(_written_name(b, p), *args)
    defined = next((q for k in b.own_definitions if (q := b.ph[k]).data.get("known") == d.get("known")
                    and len(q.data["args"]) == len(args)), None)
    if defined is not None and (body := _own_body(b, defined)) is not None:  # RMS(x) = \sqrt{\epsilon + ...}
        params = [b.conv(a) for a in defined.data["args"]]  # that definition's value, ε kept, at these arguments
        return _fresh_sums(b, body).xreplace(dict(zip(params, args, strict=True)))
    if (known := arg_value(b, p, args, inner) or _known_value(b, p, args, inner)) is not None:
        return known  # \operatorname{argmax}(p(x)): an index (symdl.bind.argvalue)
    callee = d.get("callee")
    if _defined_member(b, p, callee, args):  # a_k(\mathbf{s}) = z_k \sigma(z_k): unit k's value, a number (noted)
        b._note("function-member-number", p.span, name=callee.spelling, index=callee.sub.text)
        return build.applied(f"{callee.base}_{callee.sub.text}", *args)
    if guards.spectral_norm_call(callee, inner, b.kinds.get(identity(inner)) if inner is not None else None,
                                 b.exprs, p.id):  # spectral normalization's W / \sigma(W)
        if not build.is_mat(args[0]) or 1 in args[0].shape:
            guards.refuse_spectral_norm_of_number(inner, b.source, p.span)
        b._note("spectral-norm", p.span, text=b.source[p.span.start : p.span.end])
        return SpectralNorm(args[0])
    if callee is not None and (rule := prime_rule(b, p, callee)):
        # Szegedy et al.'s H(q', p) = -\sum_k \log p(k) q'(k), q'(k|x) = ...: q' is a name, not q's derivative
        primes = "'" * callee.primes
        b._note(rule, p.span, name=callee.base_latex + primes, base=callee.base_latex)
        callee = dataclasses.replace(callee, base=callee.base + primes, base_latex=callee.base_latex + primes, primes=0)
    if p.id in b.defined_entries and isinstance(KNOWN_FUNCTIONS.get(d.get("known") or ""), sympy.Lambda):
        return build.applied(_written_name(b, p), *args)  # \text{ReLU6}(x) = ...: the name being defined, kept
    if p.id in b.concat_calls:  # Vaswani's Concat(head_1, ..., head_h)W^O: a matrix of its own (concat-matrix)
        return callvalue.matrix_value(b, p, args)
    if layer_call(b, p) and build.is_mat(args[0]):  # \mathrm{LN}(\mathbf{x}): shaped as x (function-layer)
        return layer_value(b, p, args[0])
    if (reduced := array_reduction(b, p, args)) is not None:  # mean(\mathbf{x}^2): the mean of its entries (before any
        # reading of an unknown function beside a vector: x - mean(x) subtracts a number)
        return reduced
    if callvalue.vector_call(b, p):
        return callvalue.vector_value(b, p, args, callvalue.vector_rule(b, p))
    if (found := definition(b, p)) is not None and value_kind(b, found[1], b.kinds) == "col":
        if (value := defined_value(b, found, args)) is not None:  # \phi(x) = \sigma(Ux), then \phi(x): that vector
            b._note("function-defined-vector", p.span, text=b.source[p.span.start : p.span.end],
                    name=p.data["callee"].base_latex)
            return value
        return callvalue.vector_value(b, p, args, "function-defined-vector")
    if dot_vector(b, p, b.kinds):  # \mathbf{w}^T f(x): a vector of w's length (function-dot-vector)
        return callvalue.vector_value(b, p, args, "function-dot-vector")
    if (beside := beside_vector(b, p, b.kinds)) is not None:  # Nielsen's \|y(x) - a\|: a vector of a's length
        return callvalue.vector_value(b, p, args, "function-vector-beside", beside)
    args, callee = _family_callee(b, p, callee, args)
    if (swish := swish_beta(b, p, args)) is not None:  # Shazeer's \text{Swish}_\beta(xW + b): u σ(β u), noted
        return swish
    if d.get("known") == "inner" and (dot := member_inner(b, *args)) is not None:  # FM's \langle v_i, v_j \rangle
        return dot
    value = apply.call(d.get("known"), callee, args, p.span, b.source, b.sigma_is_std or p.id in b.sigma_std,
                       b.notes, b.defined_callees,
                       per_sample=p.id in b.per_sample_calls, as_number=callvalue.number_reason(b, p))
    if d.get("log_base") is not None:  # \log_2 p = \ln p / \ln 2
        ln_base = sympy.log(build.scalar_if_1x1(b.conv(d["log_base"])))
        value = value if ln_base == 1 else build.mul([(0, 1 / ln_base), (1, value)])
    return apply.derivative_of_known(d["known"], args, d["primes"]) if d.get("primes") else value


def array_reduction(b: Binder, p: Placeholder, args: list[sympy.Basic]) -> sympy.Basic | None:
    """Zhang & Sennrich's RMSNorm ``\\operatorname{mean}(\\mathbf{x}^2)``: a call of the word mean, std or var
    (numpy's and PyTorch's reductions) on one argument whose value is an array is the statistic of its entries
    (noted ``array-mean``); None for anything else (of a number it stays the function symdl does not know)."""
    callee = p.data.get("callee")
    what = ARRAY_REDUCTIONS.get(callee.base.lower()) if isinstance(callee, AtomSpec) else None
    if (what is None or not callee.word or callee.sub is not None or callee.primes or len(args) != 1
            or not build.is_mat(args[0]) or args[0].shape == (1, 1)):
        return None
    named = reduced_name(b, p)
    made = "" if named is None else (f"; {named.spelling or named.base_latex} is made a vector by it (of one "
                                     "number, the mean would be the number itself and the spread zero)")
    b._note("array-mean", p.span, name=callee.base_latex, what=what, made=made)
    return entry_statistic(args[0], what)


def _known_value(b: Binder, p: Placeholder, args: list[sympy.Basic], inner: Any) -> sympy.Basic | None:
    """The value of a known function read specially on a vector name (softmax of a family member or of an entry,
    the max of a vector's entries), or None."""
    d = p.data
    if d.get("known") == "softmax" and inner is not None and inner.bold and isinstance(args[0], sympy.Indexed):
        raise MemberNotRead(  # Goodfellow's softmax(o^{(t)}) normalised across the steps, silently
            "the softmax of one vector of a family of vectors", source=b.source, span=p.span,
            hint="for entry i of the softmax of a vector write \\mathrm{softmax}(\\mathbf{z})_i; families of vectors "
            "(\\boldsymbol{o}^{(t)}) are not read yet: name the step's vector, \\mathrm{softmax}(\\boldsymbol{o})")
    if (d.get("known") == "softmax" and inner is not None and isinstance(args[0], sympy.Indexed)
            and len(args[0].indices) == 1 and any(a.base == inner.base and len(b.roles[k].indices) == 2
                                                  for k, a in b.atoms.items() if b.roles[k].kind == "family")):
        raise MemberNotRead(  # See et al.'s a^t = softmax(e^t) beside e^t_i: over i, row t of the scores
            "the softmax of one row of a family with two indices (the scores e^t_i at step t, over i)",
            source=b.source, span=p.span,
            hint="write the entry of the softmax over the second index: a^t_i = \\frac{\\exp(e^t_i)}{\\sum_j "
            "\\exp(e^t_j)}")
    if (d.get("known") == "softmax" and inner is not None and isinstance(args[0], sympy.Indexed)
            and len(args[0].indices) == 1 and p.id not in b.defined_entries):
        # the PyTorch docs' Softmax(x_i): entry i of the softmax of the numbers x_j (it was softmax of one number)
        b._note("softmax-of-entry", p.span, index=str(args[0].indices[0]), name=inner.base_latex)
        from symdl.bind.operators import VECTOR_ENTRIES  # imported here, as placeholders._records imports its builders

        return VECTOR_ENTRIES["softmax"](args[0].base, args[0].indices[0], b.index(b.fresh_letter()),
                                         b.length_of(base_name(inner)))
    if d.get("known") in ("max", "min") and len(args) == 1 and inner is not None and b.kinds.get(identity(inner)) \
            == "vector" and not inner.transpose:  # min-max scaling's \max(\mathbf{x}): its largest entry
        from symdl.bind.operators import over_entries  # imported here, as placeholders._records imports its builders

        return over_entries(b, inner, MaxOver if d["known"] == "max" else MinOver)
    if d.get("known") in ("max", "min") and len(args) == 1 and (run := _members_run(b, d["args"][0])) is not None:
        return (MaxOver if d["known"] == "max" else MinOver)(*run)  # \max\{x_1, \ldots, x_n\}: over the run
    if d.get("known") in ("max", "min") and len(args) == 1 and (a := capital_in_bars(b, d["args"][0])) is not None:
        return largest_abs_entry(b, p, a, d["known"])  # absmax quantisation's \max(|W|): the largest |W_ij|
    if d.get("known") in ("max", "min") and len(args) == 1 and not build.is_mat(args[0]) and not args[0].is_number:
        word = d["known"]  # DQN's \max Q(s', a') with its index left out: max of one number would be that number
        raise NotSupported(
            f"\\{word} of one value, with no index under it: over what it runs is not written",
            source=b.source, span=p.span,
            hint=f"write what it runs over, \\{word}_{{a'}} Q(s', a'), or its values, \\{word}(a, b); "
            f"a vector's largest entry needs the vector bold or declared, \\{word}(\\mathbf{{x}})")
    return None


def _members_run(b: Binder, arg: Any) -> tuple[sympy.Basic, tuple[sympy.Basic, ...]] | None:
    """``(x_i, (i, first, last))`` of a run of a family's numbers listed with dots (``x_1, \\ldots, x_n``:
    symdl.read.members), else None (a run of vectors, or ends that are not an integer or a letter)."""
    k = placeholder_id(arg.expr)
    ph = b.ph.get(k) if k is not None else None
    if ph is None or ph.kind != "members" or not ph.data["sub"]:
        return None
    ends = []
    for end in (ph.data["first"], ph.data["last"]):
        if end.isdigit():
            ends.append(sympy.Integer(int(end)))
        elif len(end) == 1 and end.isalpha():
            ends.append(b.symbols.setdefault(end, sympy.Symbol(end, integer=True, positive=True)))
        else:
            return None
    base = b.symbols.get(ph.data["name"])
    if not isinstance(base, sympy.IndexedBase):
        base = b.symbols.setdefault(ph.data["name"], sympy.IndexedBase(ph.data["name"], real=True))
    if not isinstance(base, sympy.IndexedBase):
        return None
    i = b.index(b.fresh_letter())
    return base[i], (i, *ends)


def _family_callee(b: Binder, p: Placeholder, callee: Any, args: list[sympy.Basic]) -> tuple[list[sympy.Basic], Any]:
    """The arguments and callee of an unknown function read as a member of a family of functions (``y_k(k, x)``,
    ``g^{(i)}(x)``, cs229's ``J^{(j_k)}(\\theta)``, ``P_{sa}(s')``), noted; unchanged otherwise."""
    d = p.data
    free = free_indices(b)
    if p.id in b.defined_entries:  # d2l's l^{(i)}(\mathbf{w}, b) beside \hat{y}^{(i)}: member i of a family is defined
        free = {k: v for k, v in free.items() if callee is not None and k == callee.sample}
    if d.get("known") is None:
        familysubs.refuse_applied_subscript(b, callee, p.span)  # cs229's P_{s\pi(s)}(s'): not read yet
    if d.get("known") is None and (sampled := sampled_index(b, callee)) is not None:  # cs229's J^{(j_k)}(\theta)
        b._note("function-sampled-member", p.span, name=callee.spelling, index=sampled[0])  # type: ignore[union-attr]
        args, callee = [sampled[1], *args], dataclasses.replace(callee, sample=None)  # type: ignore[arg-type]
    elif d.get("known") is None and (drawn := sampled_member(b, callee)) is not None:  # SVRG's \psi_{i_t}(w)
        b._note("function-sampled-member", p.span, name=callee.spelling, index=drawn[0])  # type: ignore[union-attr]
        args, callee = [drawn[1], *args], drawn[2]  # type: ignore[list-item]
    elif d.get("known") is None and ((letter := apply.family_index(callee, b.sum_names, free)) is not None
                                   or (letter := _sibling_member(b, p)) is not None):  # y_k(k, x)
        why = (f"a sum of the formula runs over {letter}" if letter in b.sum_names else
               f"{letter} indexes {free[letter]} and no sum runs over it (the formula holds for each {letter})"
               if letter in free else f"{callee.spelling.split('_')[0]} is written as a family of functions under "  # type: ignore[union-attr]
               f"a sum elsewhere in the formula, and {letter} is no index a sum runs over here")
        b._note("function-family", p.span, name=callee.spelling, index=letter, why=why)
        args, callee = [b.index(letter), *args], dataclasses.replace(callee, sample=None)  # g^{(i)}(x): g(i, x)
        if _members(b, p, callee):  # a_k and a_j of one softmax: one function a, its index the first argument
            callee = dataclasses.replace(callee, sub=None)
    elif d.get("known") is None and (values := familysubs.family_letters(b, callee, free)) is not None:
        args, callee = [*values, *args], familysubs.as_family(b, callee, values, p.span)  # type: ignore[arg-type]
    elif d.get("known") is None and callee is not None and apply.indexed_by_name(callee):
        if p.id in b.defined_entries and not (callee.bold or callee.sample in ("k", "l", "L")):  # d2l's
            callee = dataclasses.replace(callee, sample=None)  # l^{(i)}(\mathbf{w}, b) = ...: the loss on sample i
            # (Larochelle's layer k, \mathbf{a}^{(k)}(\mathbf{x}) = ...: its name keeps the layer)
        else:
            b._note("function-index-name", p.span, name=callee.spelling, index=callee.sample)  # g^{(i)}(x) alone
    return args, callee


def _sibling_member(b: Binder, p: Placeholder) -> str | None:
    """Bishop's softmax ``\\exp(a_k(x, w)) / \\sum_j \\exp(a_j(x, w))``: an unknown function subscripted by one plain
    letter no sum runs over, whose function the formula applies elsewhere as a family member under a sum (a_j under
    \\sum_j), is member k of that same family (its letter), not a fixed function of its own; else None."""
    callee = p.data.get("callee")
    terms = callee.sub.terms if callee is not None and callee.sub is not None else None
    if callee is None or callee.word or terms is None or len(terms) != 1 or terms[0][1] != 0 \
            or terms[0][0] in b.sum_names or callee.sample is not None:
        return None
    return str(terms[0][0]) if any(apply.family_index(o, b.sum_names) is not None for o in _members(b, p, callee)) \
        else None


def _members(b: Binder, p: Placeholder, callee: AtomSpec) -> list[AtomSpec]:
    """The other unknown functions the formula applies that are ``callee``'s function with another one-letter
    subscript (a_j beside a_k)."""
    out = []
    for q in b.ph.values():
        other = q.data.get("callee") if q.kind == "call" and q.id != p.id and q.data.get("known") is None else None
        if isinstance(other, AtomSpec) and other.family_key_parts() == callee.family_key_parts() \
                and other.sample is None and not other.word and other.sub is not None \
                and other.sub.terms is not None and len(other.sub.terms) == 1 and other.sub.terms[0][0].isalpha() \
                and other.sub.text != (callee.sub.text if callee.sub is not None else None):
            out.append(other)
    return out


def free_indices(b: Binder) -> dict[str, str]:
    """The letters that index a family of the formula no sum runs over (``\\alpha_j``) → that name's spelling."""
    return {letter: b.atoms[k].spelling for k, r in b.roles.items() if r.kind == "family"
            for letter, _ in r.indices if letter not in b.sum_names}


def _defined_member(b: Binder, p: Placeholder, callee: Any, args: list[sympy.Basic]) -> bool:
    """Is ``p`` the left side of a definition of a member of a family of functions of one vector, ``a_k(\\mathbf{s})``
    (the index a plain letter): entry k of a vector-valued function, a number, never the function of each entry?"""
    return (p.id in b.defined_entries and p.data.get("known") is None and isinstance(callee, AtomSpec)
            and callee.sub is not None and callee.sub.terms is not None and len(callee.sub.terms) == 1
            and callee.sub.terms[0][1] == 0 and callee.sub.text in b.letters and not callee.primes
            and len(args) == 1 and build.is_mat(args[0]) and args[0].shape[1] == 1)


def _written_name(b: Binder, p: Placeholder) -> str:
    """The function's name as written before its argument (``ReLU6`` of ``\\text{ReLU6}(x)``)."""
    head = b.source[p.span.start : p.span.end].split("(", 1)[0]
    head = re.sub(r"\\(?:left|bigl|Bigl|biggl|Biggl|big|Big|bigg|Bigg)\s*$", "", head.rstrip())  # GELU\left(x\right)
    return re.sub(r"\\[a-zA-Z]+\{|[\\{} ]", "", head) or str(p.data["known"])


def call_shape(di: DimInference, p: Placeholder) -> Shape | None:
    d = p.data
    shapes = [di.shape(a.expr) for a in d["args"]]
    if d.get("known") in ("inner", "cos") and len(shapes) == 2 and None not in shapes:
        di.unify(shapes[0], shapes[1], p.span, broadcast=False)  # <u, v>, \cos(x_1, x_2): the same shape
        return None
    if d.get("known") in MATRIX_TO_NUMBER:  # a number; a square matrix inside
        if shapes[0] is not None and 1 not in (di.dims.find(shapes[0][0]), di.dims.find(shapes[0][1])):
            di.dims.unify(shapes[0][0], shapes[0][1], p.span)
        return None
    if d.get("known") in VECTOR_TO_MATRIX and len(shapes) == 1 and shapes[0] is not None:
        return (shapes[0][0], shapes[0][0])  # diag(v): square, v's length
    if d.get("known") in (*ENTRY_STATISTICS, *ARG_EXTREMA):  # RMS(U_t): a number; argmax(z): an index
        return None
    if d.get("known") in PAIRWISE_EXTREMA:  # \max(0, W x): entry by entry, shaped as its one array argument
        arrays = [s for s in shapes if s is not None]
        return arrays[0] if len(arrays) == 1 and len(shapes) > 1 else None
    if p.id in di.b.concat_calls:  # Concat(head_1, ..., head_h)W^O: a matrix of its own shape
        return di.literal.setdefault(p.id, (di.new(), di.new()))
    if callvalue.number_reason(di.b, p) is not None:
        return None
    if layer_call(di.b, p):  # \mathrm{LN}(\mathbf{x}): shaped as its argument
        return shapes[0]
    if (len(shapes) == 1 and callvalue.network_of_vector(di.b, p)
            and value_kind(di.b, d["args"][0].expr, di.b.kinds) == "col"):  # inside a norm: no kind asked before
        di.b.vector_networks.add(p.id)
    if (defined := vector_definition(di.b, p)) is not None and value_kind(di.b, defined, di.b.kinds) == "col" and (
            (rhs := di.shape(defined)) is not None):  # \phi(x) = \sigma(Ux), then \phi(x): the length it defines
        return di.literal.setdefault(p.id, rhs)
    if callvalue.vector_call(di.b, p) or dot_vector(di.b, p, di.b.kinds) or beside_vector(di.b, p, di.b.kinds):
        # \boldsymbol{\phi}(\mathbf{x}), \mathbf{w}^T f(x): a vector of its own length
        callee = d["callee"]  # one function, one length: \boldsymbol{\phi}(\mathbf{x})^T S \boldsymbol{\phi}(y)
        key = callvalue.function_key(callee)
        if key not in di.call_lengths:
            di.call_lengths[key] = di.new()
        di.literal.setdefault(p.id, (di.call_lengths[key], 1))
        return di.literal[p.id]
    if len(shapes) == 1 and shapes[0] is not None:
        callee = d.get("callee")
        if d.get("known") or callee is None or apply.acts_elementwise(callee):
            return shapes[0]
    return None


def _defining_statement(b: Binder, p: Placeholder) -> Any:
    """The statement whose left side is the call ``p`` (a function defined by its value at its parameters, Nocedal &
    Wright's model ``m_k(p) = f_k + g_k^T p + \\frac{1}{2} p^T B_k p``), or None."""
    return next((st for st in b.rr.statements if len(st.sides) >= 2 and placeholder_id(st.sides[0].expr) == p.id),
                None)


def call_value(b: Binder, p: Placeholder, kinds: Kinds) -> str:
    d = p.data
    if d.get("known") in PAIRWISE_EXTREMA and len(d["args"]) > 1:  # \max(0, W x) is shaped as W x
        kinds_of = {value_kind(b, a.expr, kinds) for a in d["args"]} - {"scalar"}
        return kinds_of.pop() if len(kinds_of) == 1 else "scalar"
    if p.id in b.concat_calls:  # Concat(head_1, ..., head_h)W^O: the heads side by side
        return "matrix"
    if p.id in b.defined_entries and (st := _defining_statement(b, p)) is not None:
        return value_kind(b, st.sides[-1].expr, kinds)  # Nocedal & Wright's m_k(p) = f_k + g_k^T p: what it is set to
    if (defined := vector_definition(b, p)) is not None and value_kind(b, defined, kinds) == "col":
        return "col"  # \phi(\mathbf{x}) = \sigma(U\mathbf{x}), then \mathbf{w}^T\phi(\mathbf{x}): the vector it defines
    if dot_vector(b, p, kinds) or p.id in b.norm_networks or p.id in b.jacobian_calls | b.stated_calls:  # w^T f(x);
        return "col"  # \|x - g_\phi(z)\|; a flow's f(x) whose Jacobian a determinant takes: a vector
    if beside_vector(b, p, kinds) is not None:  # Nielsen's \|y(x) - a\|: a vector of a's length
        return "col"
    if callvalue.vector_callee(p) and len(d["args"]) > 1 and p.id not in b.defined_entries:
        return "col"  # the score \boldsymbol{s}_\phi(\mathbf{x}, t), DDPM's \tilde{\boldsymbol{\mu}}_t(...)
    if d.get("known") in (*MATRIX_TO_NUMBER, *ENTRY_STATISTICS, *ARG_EXTREMA, "max", "min") or len(d["args"]) != 1:
        return "scalar"
    if d.get("known") in VECTOR_TO_MATRIX:
        return "matrix"
    if callvalue.number_reason(b, p) is not None:
        return "scalar"
    if callvalue.vector_callee(p):  # \boldsymbol{\phi}(\mathbf{x}): a vector of its own; defined: as its argument
        return "col" if p.id not in b.defined_entries else value_kind(b, d["args"][0].expr, kinds)
    if layer_call(b, p):  # ViT's \mathrm{MSA}(\mathrm{LN}(\mathbf{z})): an array shaped as its argument
        return value_kind(b, d["args"][0].expr, kinds)
    callee = d.get("callee")
    if not d.get("known") and callee is not None and not apply.acts_elementwise(callee):
        return "scalar"  # Bishop's E(\mathbf{w}), J(\theta): a number, as call_shape has it
    if not d.get("known") and apply.family_index(callee, b.sum_names) is not None:
        return "scalar"  # an MDN's \sum_i \alpha_i(\mathbf{x}^q) \dots: member i of a family, \alpha(i, x), a number
    inner = value_kind(b, d["args"][0].expr, kinds)
    if inner == "col" and callvalue.network_of_vector(b, p):  # DDIM's \epsilon_\theta(\mathbf{x}_t): a vector
        b.vector_networks.add(p.id)
        return "col"
    if inner != "scalar" and callvalue.open_callee(p) is not None and p.id not in b.per_sample_calls:
        reason = callvalue.number_by_context(b, p, kinds)  # L = f(\mathbf{x}) + \lambda \mathbf{x}^T\mathbf{x}
        if reason is not None:
            b.number_calls[p.id] = reason
            return "scalar"
    return inner
