"""Array kinds of session 29's reading rules, each a rule of its own (noted where it guesses):

- ``identity_sum``: the identity added to a capital, ``(A + \\lambda I)^{-1}``: both matrices (``identity-sum``);
- ``vector_after_inverse``: the lower-case name after such an inverse, ``(I - A)^{-1} b``: a vector;
- ``vector_after_transpose``: the Greek name after a transposed matrix in parentheses, ``(\\Theta^{(2)})^T
  \\delta^{(3)}``: a vector (``greek-after-matrix``);
- ``states_listed``: states at a step listed in brackets, a BiRNN's ``[h_t forward; h_t backward]``: stacked vectors
  (``bracket-concat``);
- ``starred_calls``: ``W2^T dZ2 * g'(Z1)``: the argument of a function applied entry by entry after ``*`` beside an
  array is an array (``star-elementwise``);
- ``overline_dots``: Aggarwal's ``\\overline{W} \\cdot \\overline{X}``: names written with ``\\overline`` on both
  sides of ``\\cdot`` are vectors, their dot product (``overline-vectors``);
- ``summed_words``: code's ``sum(log_sigmoid(labels * logits))``: the words summed are arrays (``code-sum-words``).

:mod:`symdl.bind.kinds` runs them in its passes.
"""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING, Any

import sympy

from symdl.bind.build import first_position, span_of
from symdl.bind.names import identity, step_letter
from symdl.bind.shapes import declared_shape, promotable
from symdl.bind.sums import reachable
from symdl.bind.valuekind import value_kind
from symdl.errors import Span
from symdl.read.power import Power
from symdl.read.syntax import placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder
    from symdl.read.syntax import AtomSpec

Kinds = dict[tuple[object, ...], str]


def vector_after_transpose(b: Binder, p: Any, kinds: Kinds) -> None:
    """The lower-case name written right after a transposed matrix in parentheses (Ng's ``(\\Theta^{(2)})^T
    \\delta^{(3)}``), Greek (a Latin one is made a vector by the other rules): the vector the matrix multiplies
    (noted ``greek-after-matrix``)."""
    one = b.atom_of(p.data["inner"].expr)
    if one is None or kinds.get(identity(one)) != "matrix":
        return
    for k, a in b.atoms.items():
        if (b.ph[k].span.start >= p.span.end and not b.source[p.span.end : b.ph[k].span.start].strip()
                and a.greek and a.base[:1].islower() and not a.word and identity(a) not in kinds
                and b.roles[k].kind != "family"
                and declared_shape(a, b.declared) is None):
            kinds[identity(a)] = "vector"
            b.capital_greeks.append((p.span.start, b.ph[k].span.end, b.source[p.span.start : p.span.end], a.spelling))
            return


def states_listed(b: Binder, p: Any) -> bool:
    """Is the bracket ``p`` a list of two or more plain names, each a state at a step (subscript t, t-1, t'), none
    a number or declared one (a BiRNN's ``[\\overrightarrow{h}_t; \\overleftarrow{h}_t]``, an LSTM's ``[h_{t-1},
    x_t]`` alone)?  The states stacked, vectors (noted ``bracket-concat``), not a column of two numbers."""
    parts = p.data.get("parts", ())
    atoms = [b.atom_of(part.expr) for part in parts]
    return len(parts) >= 2 and all(
        a is not None and step_letter(a) is not None and a.sub is not None and not a.word and not a.greek
        and a.base[:1].islower() and declared_shape(a, b.declared) is None for a in atoms)


def identity_sum(b: Binder, add: sympy.Add, kinds: Kinds) -> None:
    """A sum with the identity ``I`` as a term (alone or scaled: ``\\lambda I``) and a plain capital in another term
    (ridge's ``(A + \\lambda I)^{-1}``, the S4 discretisation's ``(I - \\Delta/2 \\cdot A)^{-1}``): the capitals are
    matrices, I the identity of their size, as the identity is only ever added to a matrix (noted
    ``identity-sum``).  As numbers, the inverse was a division, silently."""
    eye = capitals = None
    for t in add.args:
        atoms = [a for f in sympy.Mul.make_args(t) if (a := b.atom_of(f)) is not None]
        plain = [a for a in atoms if a.base[:1].isupper() and not (a.greek or a.word or a.bold or a.decorations)
                 and a.base != "N" and declared_shape(a, b.declared) is None]
        scale = [a for a in atoms if a.base != "I" and not (a.greek or a.base[:1].islower())]
        if any(a.base == "I" and _size_or_none(a) for a in plain) and not scale:  # I, \lambda I; not the LSTM code's
            eye = next(a for a in plain if a.base == "I")  # I * C_tilde (the input gate times a capital)
        elif plain:
            capitals = (capitals or []) + plain
    if eye is not None and not capitals and identity(eye) not in kinds and any(
            value_kind(b, t, kinds) == "matrix" for t in add.args if eye not in
            [b.atom_of(f) for f in sympy.Mul.make_args(t)]) and any(  # a projection's I - \mathbf{u}\mathbf{u}^T
            len(st.sides) >= 2 for st in b.rr.statements):  # in a definition (an expression's I: identity_terms)
        kinds[identity(eye)] = "matrix"  # a square matrix whose value the caller gives, as Golub & Van Loan's
        return  # H = I - 2vv^T reads; as a number it was broadcast as a matrix of ones, silently
    if eye is None or not capitals or any(kinds.get(identity(a)) not in (None, "matrix") for a in capitals):
        return
    if any(_branch_value(b, a.spelling) for a in [eye, *capitals]):  # a schedule's cases: I, E its start and end
        return
    fresh = [a for a in capitals if identity(a) not in kinds]
    for a in [eye, *capitals]:
        kinds.setdefault(identity(a), "matrix")
    spans = [b.ph[k].span for k in reachable(b.ph, add) if k in b.atoms]
    span = Span(min(s.start for s in spans), max(s.end for s in spans)) if spans else None
    if fresh and span is not None and not any(n.rule == "identity-sum" and n.span == span for n in b.notes):
        b._note("identity-sum", span, names=", ".join(dict.fromkeys(a.spelling for a in capitals)))


def _size_or_none(a: AtomSpec) -> bool:
    r"""``I`` alone or with its size as a subscript (S4's ``\mathrm{I}_n``, ``I_d``, ``I_{N}``)."""
    return a.sub is None or re.fullmatch(r"\{?\s*[A-Za-z0-9]\s*\}?", a.sub.text) is not None


def _branch_value(b: Binder, spelling: str) -> bool:
    """Is the name ``spelling`` somewhere a whole row value of ``\\begin{cases}`` (a Keras schedule's ``I, &
    \\text{if } t < B``: its initial value, a number; the identity is never a schedule's value)?"""
    for k, a in b.atoms.items():
        span = b.ph[k].span
        before, after = b.source[: span.start].rstrip(), b.source[span.end :].lstrip()
        if a.spelling == spelling and before.endswith(("\\begin{cases}", "\\\\")) and after.startswith(("&", ",")):
            return True
    return False


def vector_after_inverse(b: Binder, m: sympy.Mul, kinds: Kinds) -> None:
    """``(I - A)^{-1} b``, ``(A + \\lambda I)^{-1} \\mathbf{x}``: the plain lower-case name written right after the
    inverse of a matrix sum is the vector it multiplies (a number there would scale the matrix)."""
    inverses = [f for f in m.args if isinstance(f, (sympy.Pow, Power)) and f.args[1] == -1
                and isinstance(f.args[0], sympy.Add) and value_kind(b, f.args[0], kinds) == "matrix"]
    if not inverses:
        return
    ends = [max((b.ph[k].span.end for k in reachable(b.ph, f) if k in b.ph), default=-1) for f in inverses]
    for f in m.args:
        a = b.atom_of(f)
        k = placeholder_id(f)
        if (a is not None and k is not None and promotable(a) and a.base[:1].islower() and identity(a) not in kinds
                and b.roles[k].kind != "family" and declared_shape(a, b.declared) is None
                and any(0 <= end <= b.ph[k].span.start and _closing_only(b.source[end : b.ph[k].span.start])
                        for end in ends)):
            kinds[identity(a)] = "vector"


def _closing_only(text: str) -> bool:
    """Is ``text`` only what closes an inverse (``)``, ``\\right)``, ``^{-1}``, spaces)?"""
    return set(text.replace("\\right", "")) <= set(" )}^{-1")


def starred_calls(b: Binder, m: sympy.Mul, kinds: Kinds) -> None:
    """Ng's ``dZ1 = W2^T dZ2 * g'(Z1)``: a ``*`` written right before a function applied entry by entry, beside a
    matrix or vector, is the element-wise product (as ``\\odot`` is), so the function's argument is an array of that
    kind too (noted ``star-elementwise``); as a number, g'(Z1) scaled the whole product."""
    from symdl.bind.kinds import _entrywise_argument, _promote_atoms_in  # here: kinds runs this module's rules

    arrays = [value_kind(b, f, kinds) for f in m.args]
    kind = "matrix" if "matrix" in arrays else "vector" if "col" in arrays else None
    if kind is None:
        return
    for f in m.args:
        span = span_of(f, b.ph)
        if (span is not None and b.source[: span.start].rstrip().endswith("*")
                and (arg := _entrywise_argument(b, f)) is not None):
            _promote_atoms_in(b, arg, kinds, kind=kind, through_calls=True)
    placed = sorted(m.args, key=lambda f: first_position(f, b.ph))
    for left, right in itertools.pairwise(placed):
        if b.star_between(first_position(left, b.ph), first_position(right, b.ph)):
            for f in (left, right):
                if isinstance(f, sympy.Add):
                    _layer_names_in(b, f, kinds, kind)


def greek_in_activation(b: Binder, p: Any, kinds: Kinds) -> bool:
    """Logistic regression's ``X^T(\\sigma(X\\theta) - y)``: a lower-case Greek name written right after a matrix as the
    whole argument of a function applied entry by entry is the parameter vector the matrix multiplies (noted
    ``greek-after-matrix``), as in ``X\\theta - y``; as a number, σ(θX) was a matrix, silently.  True when it was."""
    from symdl.bind.kinds import _entrywise_argument  # here: kinds runs this module's rules
    from symdl.read.arith import placeholder_symbol
    from symdl.read.syntax import placeholder_text

    arg = _entrywise_argument(b, placeholder_symbol(placeholder_text(p.id)))
    factors = [f for f in sympy.Mul.make_args(arg) if not f.is_number] if arg is not None else []
    keys = sorted((b.ph[k].span.start, k) for f in factors if (k := placeholder_id(f)) is not None and k in b.atoms)
    if len(factors) != 2 or len(keys) != 2:
        return False
    (_, kc), (_, kg) = keys
    cap, g = b.atoms[kc], b.atoms[kg]
    if not (kinds.get(identity(cap)) == "matrix" and g.greek and g.base[:1].islower() and not g.word
            and b.roles[kg].kind != "family" and identity(g) not in kinds and declared_shape(g, b.declared) is None
            and not b.source[b.ph[kc].span.end : b.ph[kg].span.start].strip()):
        return False
    kinds[identity(g)] = "vector"
    b.capital_greeks.append((b.ph[kc].span.start, b.ph[kg].span.end, cap.spelling, g.spelling))
    return True


def _layer_names_in(b: Binder, e: sympy.Basic, kinds: Kinds, kind: str) -> None:
    """Ng's code ``dZ1 = W2.T @ dZ2 * (1 - np.power(A1, 2))``: in a sum multiplied by ``*`` beside an array, the
    names that are capitals or carry a layer's digit (``A1``, ``a1``) are arrays of that kind (``star-elementwise``);
    as numbers, the sum scaled the whole product, silently.  Other names (dropout's ``(1 - p)``) stay numbers."""
    for k in reachable(b.ph, e):
        a = b.atoms.get(k)
        if (a is not None and not a.greek and not a.word and identity(a) not in kinds and b.roles[k].kind != "family"
                and declared_shape(a, b.declared) is None and not a.transpose
                and (a.base[:1].isupper() or (a.sub is not None and a.sub.text.isdigit()))):
            kinds[identity(a)] = kind


def summed_words(b: Binder, p: Any, kinds: Kinds) -> None:
    """SigLIP's code ``-sum(log_sigmoid(labels * logits)) / n``: a sum written as code's ``sum(...)`` adds up an
    array's entries, so the code words it holds (``labels``, ``logits``) that no rule made arrays are arrays
    (``code-sum-words``); as numbers the sum dropped out, silently.  Single letters and Greek names stay as read."""
    words = []
    for k in sorted(reachable(b.ph, p.data["args"][0].expr)):
        a = b.atoms.get(k)
        if (a is not None and a.word and not a.greek and identity(a) not in kinds and b.roles[k].kind != "family"
                and declared_shape(a, b.declared) is None and not a.transpose):
            kinds[identity(a)] = "vector"
            words.append(a.spelling)
    if words:
        b._note("code-sum-words", p.span, names=", ".join(dict.fromkeys(words)),
                text=b.source[p.span.start : p.span.end])


def overline_dots(b: Binder, kinds: Kinds) -> None:
    """Aggarwal's ``\\overline{W} \\cdot \\overline{X}`` (his book writes every vector with an overline): two names
    each written ``\\overline{...}`` (not ``\\bar``, a mean) on the two sides of ``\\cdot`` are vectors, and the
    ``\\cdot`` their dot product (``overline-vectors``); before, a product of numbers, silently."""
    from symdl.bind.readings import cdot_pairs

    over = {k for k, a in b.atoms.items() if a.decorations == ("bar",) and not a.bold and not a.greek
            and b.source.startswith("\\overline", b.ph[k].span.start) and identity(a) not in kinds
            and declared_shape(a, b.declared) is None}
    pairs = cdot_pairs(b, over)
    if any(b.roles[k].kind == "family" for pair in pairs for k in pair):
        return  # \overline{W_r} \cdot \overline{X_i}: a family of vectors, not read so yet (dot-of-numbers notes it)
    for left, right in pairs:
        for k in (left, right):
            kinds[identity(b.atoms[k])] = "vector"
        b._note("overline-vectors", Span(b.ph[left].span.start, b.ph[right].span.end),
                left=b.atoms[left].spelling, right=b.atoms[right].spelling)


#: capitals statistics and ML name design, kernel and feature matrices with (Xβ, Kα, ΦΘ, Aθ, Hθ, Zβ), and the Greek
#: parameter vectors they multiply; counts (N, T, M, L) and other capitals times a Greek letter stay numbers
_DESIGN_CAPITALS = frozenset({"X", "A", "K", "H", "Z", "Phi"})
_PARAMETER_GREEK = frozenset({"beta", "theta", "alpha", "omega"})


def design_products(b: Binder, kinds: Kinds) -> None:
    """statsmodels' ``Y = X\\beta + \\mu``, Ng's ``y = X\\theta``, kernel ridge's ``K\\alpha``: a plain design, kernel
    or feature capital written right before a plain Greek parameter letter is a matrix times the parameter vector
    (noted ``greek-after-matrix``); as numbers the regression was a scalar product, silently."""
    for kc, cap in b.atoms.items():
        if cap.base not in _DESIGN_CAPITALS or cap.sub or cap.transpose or cap.decorations or cap.word or cap.primes:
            continue
        if b.roles[kc].kind == "family" or declared_shape(cap, b.declared) == ():
            continue
        end = b.ph[kc].span.end
        for kg, g in b.atoms.items():
            if (b.ph[kg].span.start < end or b.source[end : b.ph[kg].span.start].strip()
                    or g.base not in _PARAMETER_GREEK or g.sub or g.bold or g.decorations or g.transpose
                    or b.roles[kg].kind == "family" or declared_shape(g, b.declared) is not None):
                continue
            if kinds.get(identity(g), "vector") != "vector" or kinds.get(identity(cap), "matrix") != "matrix":
                continue
            kinds[identity(cap)] = "matrix"
            kinds[identity(g)] = "vector"
            b.capital_greeks.append((b.ph[kc].span.start, b.ph[kg].span.end, cap.spelling, g.spelling))
