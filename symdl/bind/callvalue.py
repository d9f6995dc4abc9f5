r"""What the value of a function symdl does not know is, when it is applied to one vector or matrix.

Three readings, one rule each (README, "How symdl reads notation"):

- a bold function name is vector-valued, a vector of its own length (Bishop's basis functions
  ``\boldsymbol{\phi}(\mathbf{x})``, Murphy's gradient ``\boldsymbol{g}(\boldsymbol{w})``): rule ``function-vector``;
- a plain name whose value the formula makes a number is a scalar function of the vector (Goodfellow et al.'s
  objective ``f(\boldsymbol{x})``): it is a density (``p(\mathbf{X})``, ``q(\mathbf{z})``), it is differentiated
  by a vector (``\nabla_{\boldsymbol{x}} f(\boldsymbol{x})``),
  it is a term of a scalar-valued function's definition (``L(\boldsymbol{x}, \lambda) = f(\boldsymbol{x}) + ...``),
  or a factor of a product of calls defining one or a density (``h(\mathbf{x}) g(\boldsymbol{\eta}) \exp(...)``),
  or it is added to a number made of vectors (``\boldsymbol{x}^\top\boldsymbol{x}``, ``\|\boldsymbol{\theta}\|^2``):
  rule ``function-number``;
- otherwise entry by entry, as an activation (Goodfellow et al.'s ``g(\boldsymbol{W}^\top\boldsymbol{x})``):
  rule ``function-entrywise``.

The first two are decided here, before kinds are inferred (:func:`number_calls`) or while they are
(:func:`number_by_context`); :func:`symdl.bind.apply.call` builds the value and leaves the note.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import sympy

from symdl.bind import apply
from symdl.bind.apply import acts_elementwise
from symdl.bind.build import GRADIENT_REASON, span_of
from symdl.bind.names import identity
from symdl.bind.sums import reachable
from symdl.errors import MemberNotRead
from symdl.read.notes import quote
from symdl.read.syntax import AtomSpec, Placeholder, placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder

Kinds = dict[tuple[object, ...], str]


def open_callee(p: Placeholder) -> AtomSpec | None:
    """The callee of ``p`` if it is a plain function symdl does not know, of one argument, that would act entry
    by entry on an array (``f``, ``g``, ``\\phi``, ``g^{[1]}``); else None."""
    callee = p.data.get("callee") if p.kind == "call" else None
    if (not isinstance(callee, AtomSpec) or p.data.get("known") is not None or len(p.data.get("args", ())) != 1
            or callee.bold or callee.word or callee.primes or callee.base == "sigma"):
        return None
    return callee if acts_elementwise(callee) else None


def _many_argument_callee(p: Placeholder) -> AtomSpec | None:
    """The callee of a call of a plain function symdl does not know, of two arguments or more (``\\hat{v}(S,
    \\mathbf{w})``, ``\\pi(a|s, \\boldsymbol{\\theta})``), not bold; else None."""
    callee = p.data.get("callee") if p.kind == "call" else None
    if (not isinstance(callee, AtomSpec) or p.data.get("known") is not None or len(p.data.get("args", ())) < 2
            or callee.bold or callee.primes):
        return None
    return callee


def vector_callee(p: Placeholder) -> bool:
    """Is ``p`` a bold function symdl does not know, applied to arguments (``\\boldsymbol{\\phi}(\\mathbf{x})``)?"""
    callee = p.data.get("callee") if p.kind == "call" else None
    return (isinstance(callee, AtomSpec) and callee.bold and not callee.primes and p.data.get("known") is None
            and len(p.data.get("args", ())) >= 1)  # DDPM's \tilde{\boldsymbol{\mu}}_t(\mathbf{x}_t, \mathbf{x}_0) too


def vector_call(b: Binder, p: Placeholder) -> bool:
    """Is ``p`` read as a vector of its own length: a bold function's call, a network's inside a norm
    (:mod:`symdl.bind.normcalls`), a network's of one vector (:func:`network_of_vector`) or a function whose
    Jacobian a determinant takes (:func:`jacobian_calls`)?"""
    return ((vector_callee(p) or p.id in b.norm_networks or p.id in b.vector_networks or p.id in b.jacobian_calls
             or p.id in b.stated_calls) and p.id not in b.defined_entries)


def vector_rule(b: Binder, p: Placeholder) -> str:
    """The note of a call :func:`vector_call` reads as a vector."""
    if p.id in b.transposed_calls:
        return "function-transposed-vector"
    return "norm-network" if p.id in b.norm_networks else "network-vector" if p.id in b.vector_networks \
        else "function-jacobian" if p.id in b.jacobian_calls else "function-stated-vector" if p.id in b.stated_calls \
        else "function-vector"


def stated_calls(b: Binder) -> set[int]:
    """d2l's attention head ``\\mathbf{h}_i = f(\\mathbf{W}_i^{(q)}\\mathbf{q}, \\mathbf{W}_i^{(k)}\\mathbf{k},
    \\mathbf{W}_i^{(v)}\\mathbf{v}) \\in \\mathbb{R}^{p_v}``: a plain function symdl does not know, of several
    arguments, whose value the statement says is a vector, is vector-valued, of that length (rule
    ``function-stated-vector``; as a number the stated shape was refused)."""
    out: set[int] = set()
    for st in b.rr.statements:
        if st.asserted is None or len(st.asserted) != 1 or not st.sides:
            continue
        k = placeholder_id(st.sides[-1].expr)
        p = b.ph.get(k) if k is not None else None
        callee = p.data.get("callee") if p is not None and p.kind == "call" else None
        if (isinstance(callee, AtomSpec) and p.data.get("known") is None and not callee.bold  # type: ignore[union-attr]
                and len(p.data.get("args", ())) >= 2):  # type: ignore[union-attr]
            out.add(p.id)  # type: ignore[union-attr]
    return out


def transposed_calls(b: Binder) -> set[int]:
    """DPR's ``E_Q(q)^{\\intercal} E_P(p)``: a plain function symdl does not know, that acts on no entry alone (a
    capital's, an encoder), whose value is written transposed is vector-valued, and so is such a call a product puts
    right after it, the other side of their dot product (rule ``function-transposed-vector``; as a number the
    transpose was refused)."""
    out: set[int] = set()
    for p in b.ph.values():
        k = placeholder_id(p.data["inner"].expr) if p.kind == "transpose" and p.data.get("inner") else None
        if k is None or not _unknown_call(b.ph.get(k)):
            continue
        out.add(k)
        after = [q for q in b.ph.values() if _unknown_call(q) and q.span.start >= p.span.end
                 and not b.source[p.span.end : q.span.start].strip()]
        out |= {q.id for q in after}
    return out


def _unknown_call(p: Placeholder | None) -> bool:
    """Is ``p`` a call of a plain (not bold) function symdl does not know, one that would not act entry by entry
    (a capital's, DPR's encoder E_Q; ``f(x)^\\top w`` stays f of each entry of the vector x)?"""
    callee = p.data.get("callee") if p is not None and p.kind == "call" else None
    return (isinstance(callee, AtomSpec) and p.data.get("known") is None  # type: ignore[union-attr]
            and not callee.bold and not acts_elementwise(callee))


def jacobian_calls(b: Binder) -> set[int]:
    """A flow's change of variables ``\\log |\\det \\frac{d f(\\mathbf{x})}{d \\mathbf{x}}|``: the calls of a plain
    function of one vector differentiated by that very vector inside a determinant.  A determinant is of a square
    matrix, so the derivative is a Jacobian and the function vector-valued, of its argument's length (rule
    ``function-jacobian``; read as a number it was the gradient, and the determinant of a vector was refused)."""
    out: set[int] = set()
    for p in b.ph.values():
        if p.kind != "call" or p.data.get("known") != "det" or len(p.data.get("args", ())) != 1:
            continue
        for k in reachable(b.ph, p.data["args"][0].expr):
            q = b.ph[k]
            wrt = b.atom_of(q.data["wrt"].expr) if q.kind in ("deriv", "grad") and q.data.get("wrt") else None
            c = placeholder_id(q.data["of"].expr) if wrt is not None and (wrt.bold or not (
                wrt.sub or wrt.word or wrt.transpose)) else None  # a plain x too: symdl.bind.kinds makes it a vector
            call = b.ph.get(c) if c is not None else None
            arg = b.atom_of(call.data["args"][0].expr) if call is not None and open_callee(call) is not None else None
            if arg is not None and identity(arg) == identity(wrt):  # type: ignore[arg-type]
                out.add(call.id)  # type: ignore[union-attr]
    return out


def network_of_vector(b: Binder, p: Placeholder) -> bool:
    """DDIM's ``\\epsilon_\\theta^{(t)}(\\mathbf{x}_t)``, the score ``s_\\theta(\\tilde{\\mathbf{x}})``: a plain
    name subscripted by its parameters (``call-parameterised``) applied to one argument whose value is a vector (the
    caller checks) is a network of the whole vector, vector-valued (rule ``network-vector``), not a function of each
    entry; not a capital's (the discriminator ``D_\\phi(\\mathbf{x})``, a number as before), a density
    (``p_\\theta(\\mathbf{x})``, read as a number before), a sample's (the GAN's ``D(x)``), nor a function the
    formula defines."""
    callee = p.data.get("callee") if p.kind == "call" else None
    return (isinstance(callee, AtomSpec) and apply.parameterised(callee) and acts_elementwise(callee)  # D_\phi: kept
            and not callee.word and not callee.bold
            and not callee.primes and p.data.get("known") is None and len(p.data.get("args", ())) == 1
            and p.id not in b.per_sample_calls and p.id not in b.defined_entries)


def function_key(callee: AtomSpec) -> tuple[str, object]:
    """What makes two calls calls of one function: its letter and subscript (``y_k``, ``\\boldsymbol{\\phi}``)."""
    return callee.base, callee.sub.text if callee.sub is not None else None


def number_calls(b: Binder) -> dict[int, str]:
    """Calls read as numbers by the formula's structure alone: call placeholder → the reason, for the note."""
    differentiated = set()
    for p in b.ph.values():
        wrt = b.atom_of(p.data["wrt"].expr) if p.kind in ("grad", "deriv") and p.data.get("wrt") else None
        if p.kind == "grad" or (wrt is not None and wrt.bold):
            for k in reachable(b.ph, p.data["of"].expr):
                callee = open_callee(b.ph[k]) or _many_argument_callee(b.ph[k])
                if callee is not None:
                    differentiated.add(function_key(callee))
    out: dict[int, str] = {}
    jacobians = {function_key(b.ph[k].data["callee"]) for k in b.jacobian_calls}
    for k, p in b.ph.items():
        callee = open_callee(p)
        if callee is None and (many := _many_argument_callee(p)) is not None and function_key(many) in differentiated:
            out[k] = GRADIENT_REASON  # Sutton & Barto's \hat{v}(S,
            continue  # \mathbf{w}) beside \nabla\hat{v}(S, \mathbf{w}): the value estimate, a number
        if callee is not None and function_key(callee) in jacobians:
            b.jacobian_calls.add(k)  # p_Z(f(\mathbf{x})) beside \det df(\mathbf{x})/d\mathbf{x}: one f, a vector
            continue
        if callee is not None and function_key(callee) in differentiated:
            out[k] = GRADIENT_REASON
        elif callee is not None and callee.base.removesuffix("^*") in DENSITY_LETTERS:  # \ln p(\mathbf{X}), q_j^\star
            out[k] = f"{callee.base} is a probability (a density) of its whole argument"
        elif callee is not None and callee.sub is not None and _of_parameters(b, p):  # PPO's \rho_t(\boldsymbol\theta)
            out[k] = "it is a function of the parameters alone (a ratio, a loss), a number"
    for st in b.rr.statements:
        first = placeholder_id(st.sides[0].expr) if len(st.sides) > 1 else None
        head = b.ph[first] if first is not None else None
        callee = head.data.get("callee") if head is not None and head.kind == "call" else None
        if not isinstance(callee, AtomSpec) or callee.bold or (acts_elementwise(callee)
                                                               and callee.base not in DENSITY_LETTERS):
            continue
        text = quote(b.source[head.span.start : head.span.end], 40)
        for side in st.sides[1:]:  # L(x, λ) = f(x) + λ(xᵀx − 1): a term of a number's definition
            if any(_bold_term(b, term) for term in sympy.Add.make_args(side.expr)):
                continue  # ResNet's f(\mathbf{x}) = \mathbf{x} + g(\mathbf{x}): a vector's definition
            for term in sympy.Add.make_args(side.expr):
                k = _call_in(term)
                if k is not None and open_callee(b.ph[k]) is not None:
                    out.setdefault(k, f"it is a term of {text}, a number")
                for k in _factor_calls(b, term):  # Bishop's p(x|η) = h(x) g(η) exp(...): factors of a density
                    out.setdefault(k, f"it is a factor of {text}, a number")
    _compared_with_a_norm(b, out)
    _defined_by_entry_sums(b, out)
    return out


def _defined_by_entry_sums(b: Binder, out: dict[int, str]) -> None:
    """Rendle's factorization machine ``\\hat{y}(\\mathbf{x}) := w_0 + \\sum_i w_i x_i + \\dots``: a function of a bold
    vector defined by a side that uses the vector's entries (``x_i``) is a number of the vector, not a function of
    each entry (as one its bias ``w_0`` became a vector, silently)."""
    for st in b.rr.statements:
        k = placeholder_id(st.sides[0].expr) if len(st.sides) > 1 else None
        head = b.ph.get(k) if k is not None else None
        if head is None or open_callee(head) is None:
            continue
        arg = b.atom_of(head.data["args"][0].expr)
        if arg is None or not arg.bold or arg.sub is not None:
            continue
        if any(b.atoms[j].base == arg.base and b.roles[j].kind == "family"
               for side in st.sides[1:] for j in reachable(b.ph, side.expr) if j in b.atoms):
            out.setdefault(head.id, f"its definition uses the entries of {arg.spelling}, so it is a number")


def _of_parameters(b: Binder, p: Placeholder) -> bool:
    """Is the one argument of the call ``p`` the parameters θ, φ or ψ (bold or not)?"""
    a = b.atom_of(p.data["args"][0].expr)
    return a is not None and a.base in ("theta", "phi", "psi") and not (a.sub or a.decorations or a.transpose)


def _compared_with_a_norm(b: Binder, out: dict[int, str]) -> None:
    """Goodfellow's Lipschitz condition ``|f(\\boldsymbol{x}) - f(\\boldsymbol{y})| \\le L \\|\\boldsymbol{x} -
    \\boldsymbol{y}\\|_2``: an inequality with a norm on one side compares numbers, so the open calls on its other
    side are numbers."""
    for st in b.rr.statements:
        if st.relation not in ("<", ">", "<=", ">=") or len(st.sides) != 2:
            continue
        for side, other in (st.sides, st.sides[::-1]):
            norms = [k for k in reachable(b.ph, other.expr) if b.ph[k].kind == "norm"]
            if not norms:
                continue
            span = b.ph[norms[0]].span
            text = quote(b.source[span.start : span.end], 40)
            for k in reachable(b.ph, side.expr):
                if open_callee(b.ph[k]) is not None:
                    out.setdefault(k, f"it is compared with {text}, a number made of vectors")


def _factor_calls(b: Binder, term: sympy.Basic) -> list[int]:
    """The open calls of a product term made of calls only, two or more (``h(\\mathbf{x}) g(\\boldsymbol{\\eta})
    \\exp(...)``); none where a name multiplies them (``\\mathbf{W} g(\\mathbf{x})``)."""
    factors = [placeholder_id(f) for f in sympy.Mul.make_args(term) if not f.is_number]
    if len(factors) < 2 or not all(k is not None and k in b.ph and b.ph[k].kind == "call" for k in factors):
        return []
    return [k for k in factors if k is not None and k in b.ph and open_callee(b.ph[k]) is not None]


def _bold_term(b: Binder, term: sympy.Basic) -> bool:
    """Is this term a bold name (a vector or matrix) up to a numeric factor (``\\mathbf{x}``, ``-2\\mathbf{x}``), or
    an element-wise product with one (FiLM's ``\\gamma(\\mathbf{z}) \\odot \\mathbf{x}``)?"""
    factors = [f for f in sympy.Mul.make_args(term) if not f.is_number]
    atom = b.atom_of(factors[0]) if len(factors) == 1 else None
    k = placeholder_id(factors[0]) if len(factors) == 1 else None
    if k is not None and k in b.ph and b.ph[k].kind == "hadamard":
        return any(_bold_term(b, o.expr) for o in b.ph[k].data["operands"])
    return atom is not None and atom.bold


def _call_in(term: sympy.Basic) -> int | None:
    """The placeholder a sum's term is, up to a numeric factor (``-f(x)``, ``2 f(x)``)."""
    factors = [f for f in sympy.Mul.make_args(term) if not f.is_number]
    return placeholder_id(factors[0]) if len(factors) == 1 else None


def number_reason(b: Binder, p: Placeholder) -> str | None:
    """Why the call ``p`` is read as a number (:func:`number_calls`, :func:`number_by_context`), or None; a function
    applied to each sample an expectation draws (the GAN's D(x)) is never one."""
    return None if p.id in b.per_sample_calls or p.id in b.norm_networks else b.number_calls.get(p.id)


def call_siblings(b: Binder) -> dict[int, list[sympy.Basic]]:
    """Call placeholder → the other terms of the sum it is a term of."""
    out: dict[int, list[sympy.Basic]] = {}
    for e in b.exprs:
        for node in sympy.preorder_traversal(e):
            if not isinstance(node, sympy.Add):
                continue
            for term in node.args:
                k = _call_in(term)
                if k is not None and k in b.ph and b.ph[k].kind == "call":
                    out.setdefault(k, []).extend(t for t in node.args if t is not term)
    return out


#: letters of probabilities and densities: p(\\mathbf{x}), q_\\phi(\\mathbf{z}) are numbers (of the whole vector)
DENSITY_LETTERS = frozenset({"p", "q"})


def number_by_context(b: Binder, p: Placeholder, kinds: Kinds) -> str | None:
    """Is the open call ``p`` added to a number made of vectors (``\\boldsymbol{x}^\\top\\boldsymbol{x}``,
    ``\\|\\boldsymbol{\\theta}\\|^2``)?  Then the reason, for the note."""
    from symdl.bind.valuekind import value_kind

    deciding = b.deciding_calls
    if p.id in deciding:  # f(x) - f(y): each is the other's sibling; the one asked first decides
        return None
    deciding.add(p.id)
    try:
        return _added_to_a_number(b, p, kinds, value_kind)
    finally:
        deciding.discard(p.id)


def _added_to_a_number(b: Binder, p: Placeholder, kinds: Kinds, value_kind: Callable[..., str]) -> str | None:
    for term in b.call_siblings.get(p.id, ()):
        if value_kind(b, term, kinds) != "scalar":
            continue
        arrays = [k for k in reachable(b.ph, term) if k in b.atoms and identity(b.atoms[k]) in kinds]
        if arrays:
            span = span_of(term, b.ph)
            text = quote(b.source[span.start : span.end], 40) if span is not None else "a number"
            return f"it is added to {text}, a number made of vectors"
    return None


def vector_value(b: Binder, p: Placeholder, args: list[sympy.Basic], rule: str = "function-vector",
                 beside: str = "") -> sympy.Basic:
    """``\\boldsymbol{\\phi}(\\mathbf{x})``: a bold function's value, a vector of its own length (noted by ``rule``;
    ``function-dot-vector``: \\mathbf{w}^T f(x), the call after a transposed vector; ``function-vector-beside``:
    Nielsen's y(x) in \\|y(x) - a\\|, added to the vector ``beside``)."""
    from symdl.bind.memberimages import member_image  # imported here: it imports the binder's helpers

    if (image := member_image(b, p, args)) is not None:  # Bishop's \boldsymbol{\phi}(\mathbf{x}_n): row n of Φ
        return image
    if any(a.has(sympy.Indexed) for a in args) or {str(s) for a in args for s in a.free_symbols} & b.sum_names:
        raise MemberNotRead(  # Bishop's \boldsymbol{\phi}(\mathbf{x}_n) under \sum_n: one vector per example
            "a vector-valued function of one vector of a family, or of a sum's index", source=b.source, span=p.span,
            hint="name the vectors of the examples: \\mathbf{\\Phi} with rows \\boldsymbol{\\phi}(\\mathbf{x}_n)^T, "
            "and write the sum as a product (\\mathbf{\\Phi}\\mathbf{w}); a desired output per example (Nielsen's "
            "y(x) beside a): name it as a family, \\mathbf{y}_x, \\mathbf{a}_x")
    from symdl.bind.operators import by_spelling  # imported here: operators imports the placeholders' records

    text = b.source[p.span.start : p.span.end]
    callee = p.data["callee"]
    row = b.atoms[b.dot_calls[p.id]].spelling if p.id in b.dot_calls else beside
    b._note(rule, p.span, name=callee.base_latex, row=row)
    value = sympy.MatrixSymbol(f"{apply.unknown_name(callee)}({', '.join(map(str, args))})", *b.literal_shape(p.id))
    b.latex_names.setdefault(value, text)
    by_spelling(b, p, value)  # given by its spelling: lambdify(...)(**{r"\\boldsymbol{\\phi}(\\mathbf{x})": ...})
    return value


def matrix_value(b: Binder, p: Placeholder, args: list[sympy.Basic]) -> sympy.Basic:
    """Vaswani's ``\\text{Concat}(head_1, \\dots, head_h)`` before ``W^O``: the concatenation, a matrix of its own
    shape named by its call (``concat-matrix``, noted by :func:`symdl.bind.projections.concat_projections`)."""
    from symdl.bind.operators import by_spelling  # imported here: operators imports the placeholders' records

    callee = p.data["callee"]
    value = sympy.MatrixSymbol(f"{apply.unknown_name(callee)}({', '.join(map(str, args))})", *b.literal_shape(p.id))
    b.latex_names.setdefault(value, b.source[p.span.start : p.span.end])
    by_spelling(b, p, value)
    return value
