r"""Greek names applied to the argument Latin functions take (rule ``call-shared-argument``).

AdaGrad as Duchi et al. and Ruder write it per coordinate, ``w_{t+1}(i) \leftarrow w_t(i) - \eta
\frac{g_t(i)}{\sqrt{\nu_t(i)}}``: ``w_t(i)`` and ``g_t(i)`` are calls (a Latin letter before one bare name), and
``\nu_t(i)``, a subscripted Greek name before the same argument and never written alone, is read the same way, a
call, not the number ν_t times i.  A Greek name without a subscript (``\eta(i)``), one written alone elsewhere
(``\gamma_t \gamma_t(i)``), or one before an argument no Latin function takes stays a product.

A z-score written with calls, ``z = \frac{x - \mu(x)}{\sigma(x)}`` (instance norm, AdaIN): ``\mu(x)``, a plain
lower-case Greek name never written alone, before the very argument a Greek function of the formula (σ, φ, ψ) is
applied to, is a call too (rule ``call-beside-function``), not the number μ times x.  ``\mu(1 - \mu)`` (μ written
alone) and ``\sigma(z)(1 - \sigma(z))`` (no other Greek name) stay as they were.

Goodfellow et al.'s convolution (eq. 9.1), ``s(t) = \int x(a) w(t - a) da``: ``w``, a plain lower-case Latin letter
written nowhere but before a parenthesis, applied to a sum or difference of the letters the formula's other Latin
functions take (t of s(t), a of x(a)), is the kernel evaluated there (rule ``call-shifted-argument``), not the
number w times (t − a).  ``y(1 - y)``, ``w (x - a)`` beside a ``w`` written alone, and a letter before a difference of
letters no function takes stay products.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from symdl.read.commands import GREEK
from symdl.read.functionuse import _atom, _walk, use_key
from symdl.read.lexer import Token
from symdl.read.syntax import AtomSpec, Group, Node, plain_text, strip_space, tokens_in

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader


def latin_call_arguments(nodes: list[Node], source: str) -> set[str]:
    """The arguments (as written, one bare name) that plain lower-case Latin names are applied to in the formula
    and that such a name, never written alone, takes (``i`` in ``w_t(i)``, ``g_t(i)``)."""
    calls: dict[str, set[str]] = {}
    alone: set[str] = set()
    _walk(nodes, source, calls, alone)
    return {arg for key, args in calls.items() if key[:1].isalpha() and key[:1].islower() and key not in alone
            for arg in args if arg.strip().isalpha() and len(arg.strip()) == 1}


#: Greek letters that are functions before a parenthesis (:data:`symdl.read.callorproduct.FUNCTION_LETTERS`)
GREEK_FUNCTIONS = frozenset({"\\sigma", "\\phi", "\\varphi", "\\psi", "\\zeta"})


def greek_call_arguments(nodes: list[Node], source: str) -> set[str]:
    """The arguments (spaces dropped; one name or one call) the plain Greek functions of the formula are applied to
    (``x`` in ``\\sigma(x)``)."""
    calls: dict[str, set[str]] = {}
    _walk(nodes, source, calls, set())
    args = {_key(arg) for name, args in calls.items() if name in GREEK_FUNCTIONS for arg in args}
    args |= {_key(arg) for name, args in calls.items() if name[:1].isupper() for arg in args  # TRPO's L_\pi(\tilde\pi)
             if _one_name(arg)}  # beside \eta(\tilde{\pi}): a capital Latin function's one named argument
    greek = [(name, _key(arg)) for name, taken in calls.items() if re.fullmatch(r"\\[a-z]+", name)
             and name[1:] in GREEK for arg in taken]  # FiLM's \gamma(\mathbf{c}), \beta(\mathbf{c}): one argument
    return args | {arg for _, arg in greek if len({n for n, a in greek if a == arg}) >= 2}


def _one_name(text: str) -> bool:
    """Is ``text`` one name, maybe accented (``\\tilde{\\pi}``, ``x``, ``\\theta``)?"""
    return re.fullmatch(r"\s*(?:\\(?:tilde|hat|bar)\s*\{?\s*)?\\?[A-Za-z]+\s*\}?\s*", text) is not None


def _key(text: str) -> str:
    return "".join(text.split())


def beside_function(reader: ExprReader, spec: AtomSpec, inner: list[Node]) -> bool:
    """Is ``spec`` a plain lower-case Greek name, never written alone, applied to the argument a Greek function of
    the formula takes (``\\mu(x)`` beside ``\\sigma(x)``; module docstring)?"""
    if not (spec.greek and spec.base[:1].islower() and spec.sub is None and not spec.bold and not spec.decorations
            and not spec.transpose and not spec.primes and spec.layer is None and spec.sample is None):
        return False
    name = use_key(spec)
    if name in GREEK_FUNCTIONS or name in reader.written_alone:
        return False
    return _key(plain_text(inner)) in reader.greek_call_args


def shared_argument(reader: ExprReader, spec: AtomSpec, inner: list[Node]) -> bool:
    """Is ``spec`` a subscripted plain Greek name, never written alone, applied to an argument Latin functions of
    the formula take (module docstring)?"""
    if not (spec.greek and spec.sub is not None and not spec.bold and not spec.decorations and not spec.transpose
            and not spec.primes and spec.layer is None and spec.sample is None):
        return False
    if (spec.spelling or spec.base_latex) in reader.written_alone:
        return False
    return plain_text(inner).strip() in reader.latin_call_args


def before_parens_only(nodes: list[Node], source: str) -> set[str]:
    """The spellings of the names the formula writes only right before a parenthesis (``w`` of ``w(t - a)``)."""
    before: set[str] = set()
    other: set[str] = set()
    todo = [nodes]
    while todo:
        seq = todo.pop()
        i = 0
        while i < len(seq):
            read = _atom(seq, i, source)
            if read is None:
                if isinstance(seq[i], Group):
                    todo.append(seq[i].children)  # type: ignore[union-attr]
                i += 1
                continue
            spec, end, exponent = read
            nxt = strip_space(seq[end:])[:1]
            paren = exponent is None and bool(nxt) and isinstance(nxt[0], Group) and nxt[0].kind == "paren"
            (before if paren else other).add(spec.spelling or spec.base_latex)
            i = max(end, i + 1)
    return before - other


def shifted_argument(reader: ExprReader, spec: AtomSpec, inner: list[Node]) -> bool:
    """Is ``spec`` a plain lower-case Latin letter, written only before parentheses, applied to a sum or difference
    of letters the formula's other Latin functions take alone (module docstring: Goodfellow's ``w(t - a)``)?"""
    if not (len(spec.base) == 1 and spec.base.isascii() and spec.base.islower() and spec.sub is None and not spec.bold
            and not spec.decorations and not spec.transpose and not spec.primes and spec.layer is None
            and spec.sample is None and not spec.greek and not spec.word):
        return False
    if (spec.spelling or spec.base_latex) not in reader.paren_only:
        return False
    tokens = [t for _, _, t in tokens_in(inner) if t.kind != "space"]
    letters = {t.text for t in tokens if t.kind == "letter"}
    plain = all(t.kind in ("letter", "number") or (t.kind == "op" and t.text in "+-") for t in tokens)
    if plain and len(tokens) > 1 and len(letters) > 1 and letters <= reader.latin_call_args:
        return True
    return _offset_of_argument(reader, inner)


def _offset_of_argument(reader: ExprReader, inner: list[Node]) -> bool:
    """Deformable convolution's ``x(p + p_k + \\Delta p_k)`` beside ``y(p)``: a sum whose first term is a letter the
    formula's other Latin functions take alone, the others offsets of it (its letter subscripted, or after a
    ``\\Delta``): the input sampled at a shifted location."""
    from symdl.read.constructs import split_top  # imported here: constructs reads calls

    terms = [strip_space(t) for t in split_top(strip_space(inner), "+")]
    first = terms[0] if terms else []
    if len(terms) < 2 or len(first) != 1 or not isinstance(first[0], Token) or first[0].kind != "letter" or (
            first[0].text not in reader.latin_call_args):
        return False
    letter = first[0].text
    for term in terms[1:]:
        body = strip_space(term[1:]) if term and isinstance(term[0], Token) and term[0].is_cmd("\\Delta", "\\delta") \
            else term
        if not (body and isinstance(body[0], Token) and body[0].text == letter and len(body) > 1
                and isinstance(body[1], Token) and body[1].is_op("_")):
            return False
    return True


def paired_latin_arguments(nodes: list[Node]) -> set[str]:
    """RealNVP's affine coupling ``x \\odot \\exp(s(b \\odot x)) + t(b \\odot x)``: the arguments (spaces dropped) that
    two different plain lower-case Latin letters, each written nowhere but right before a parenthesis, are applied to
    (rule ``call-paired-argument``): the two networks of one input, never two numbers times it."""
    calls: dict[str, set[str]] = {}
    alone: set[str] = set()
    todo = [nodes]
    while todo:
        seq = todo.pop()
        for i, n in enumerate(seq):
            if isinstance(n, Group):
                todo.append(n.children)
                continue
            if not (getattr(n, "kind", "") == "letter" and n.text.islower() and n.text.isascii()):  # type: ignore[union-attr]
                continue
            prev = seq[i - 1] if i else None
            if prev is not None and getattr(prev, "kind", "") == "letter" and prev.span.end == n.span.start:
                continue  # a letter of a word
            nxt = seq[i + 1] if i + 1 < len(seq) else None
            if isinstance(nxt, Group) and nxt.kind == "paren" and nxt.span.start == n.span.end:
                calls.setdefault(_key(plain_text(nxt.children)), set()).add(n.text)  # type: ignore[union-attr]
            else:
                alone.add(n.text)  # type: ignore[union-attr]
    return {arg for arg, letters in calls.items()
            if len(own := letters - alone - _DENSITIES) >= 2 and len(arg) > 1 and not _coefficients(own, alone)}


#: densities: \\log q(\\mathbf{z}) - \\log p(\\mathbf{z}) is two densities at one point (their own rule)
_DENSITIES = frozenset({"p", "q"})


def _coefficients(letters: set[str], alone: set[str]) -> bool:
    """Are ``letters`` with the letters written alone a run of three or more in the alphabet (``Y = aX + b(XX^T)X +
    c(XX^T)^2 X``: the coefficients a, b, c, numbers)?"""
    run = sorted(letters | alone)
    codes = {ord(c) for c in run}
    return any(all(ord(c) + d in codes for d in (-1, 1)) or all(ord(c) + d in codes for d in (1, 2))
               or all(ord(c) - d in codes for d in (1, 2)) for c in letters)
