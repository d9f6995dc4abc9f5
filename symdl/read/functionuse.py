r"""Letters that are functions by how the formula uses them, for :mod:`symdl.read.callorproduct`.

- by use (rule ``call-by-use``): a letter written directly before parenthesised arguments at two or more places, with
  different arguments that are each one name or a call, and never written alone, is a function (cs229's
  ``\varepsilon(\hat{h}) \leq \varepsilon(h^*) + 2\gamma``, the error of a hypothesis), not a number times each;
- by argument (rule ``call-activation``): a plain lower-case Greek letter that is not a usual coefficient (η, λ, β,
  ...) before a matrix-vector product (``\delta(\mathbf{W}_1 \mathbf{z})``, SE-Net's ReLU), a bold vector or a sum of
  calls (Deep Sets' ``\rho(\sum_i \phi(x_i))``) is an activation function of it;
- by an indexed argument (rule ``call-indexed-argument``): a plain lower-case Greek letter, never written alone, before
  one indexed name in parentheses (Bishop's responsibilities ``\gamma(z_{nk})``) is a function of that entry.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import TYPE_CHECKING

from symdl.errors import ResourceLimit
from symdl.read.atoms import read_atom
from symdl.read.delimiters import conditional_split
from symdl.read.extents import _skip_space
from symdl.read.lexer import Token
from symdl.read.syntax import AtomSpec, Group, Node, is_group, plain_text, strip_space

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader

#: Greek letters that stay numbers before a parenthesis whatever it holds: rates, coefficients, decays,
#: multipliers (``\eta(\mathbf{g} + \lambda\mathbf{w})``, ``\lambda(\mathbf{A}\mathbf{x} - \mathbf{b})``)
COEFFICIENT_GREEK = frozenset({
    "alpha", "beta", "gamma", "eta", "lambda", "mu", "nu", "epsilon", "varepsilon", "tau", "kappa", "theta",
    "vartheta", "omega",
})

#: the big operators a sum of calls starts with (Deep Sets' \\rho(\\sum_i \\phi(x_i)))
_BIG_OPS = ("\\sum", "\\prod")


def _atom(nodes: list[Node], i: int, source: str) -> tuple[AtomSpec, int, list[Node] | None] | None:
    """The name at ``nodes[i]`` (read as :func:`read_atom` reads it), or None."""
    n = nodes[i]
    if not (isinstance(n, Token) and n.kind in ("letter", "cmd")) or n.text in (*_BIG_OPS, "\\frac"):
        return None
    try:
        return read_atom(nodes, i, source)
    except ResourceLimit:
        raise
    except Exception:
        return None


def functions_by_use(nodes: list[Node], source: str) -> tuple[set[str], set[str]]:
    """The spellings of the letters the formula uses as functions only (rule ``call-by-use``), and of the names it
    writes alone somewhere (not before a parenthesis of one name or call)."""
    calls: dict[str, set[str]] = {}
    alone: set[str] = set()
    _walk(nodes, source, calls, alone)
    return {name for name, args in calls.items() if name not in alone and len(args) >= 2
            and not all(_NUMBER.fullmatch(a.strip()) for a in args)}, alone


def use_key(spec: AtomSpec) -> str:
    """The name a use of ``spec`` is recorded by: as written, a typed Greek letter as its command (a pasted
    ``μ(s) + σ(s) ⊙ ε`` uses μ and σ as ``\\mu(s) + \\sigma(s)`` does)."""
    written = spec.spelling or spec.base_latex
    return spec.base_latex if spec.greek and len(written) == 1 and not written.isascii() else written


def _walk(nodes: list[Node], source: str, calls: dict[str, set[str]], alone: set[str]) -> None:
    """Record each name's uses: its parenthesised arguments (``calls``) or being written alone (``alone``)."""
    i = 0
    while i < len(nodes):
        n = nodes[i]
        read = _atom(nodes, i, source)
        if read is None:
            if isinstance(n, Group):
                _walk(n.children, source, calls, alone)
            i += 1
            continue
        spec, end, exponent = read
        key = use_key(spec)
        k = _skip_space(nodes, end)
        squared = exponent is not None and spec.greek and plain_text(exponent).strip("{} ") == "2"  # \sigma^2(c)
        group = nodes[k] if k < len(nodes) and (exponent is None or squared) else None
        if isinstance(group, Group) and group.kind == "paren" and _name_or_call(strip_space(group.children), source):
            calls.setdefault(key, set()).add(plain_text(group.children))
        elif not (isinstance(group, Group) and group.kind == "paren"
                  and conditional_split(strip_space(group.children)) is not None):
            alone.add(key)  # (VQ-VAE's p(x|z_q(x)): a density of a conditional, a call, not p written alone)
        i = max(end, i + 1)


#: a number as an argument: score SDEs' x(0) beside x(t), the value at a point (never all of a letter's arguments)
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _name_or_call(inner: list[Node], source: str) -> bool:
    """Is this argument one name (``\\hat{h}``, ``h^*``), one call (``g(x)``) or one number (``x(0)``)?"""
    if len(inner) == 1 and isinstance(inner[0], Token) and inner[0].kind == "number":
        return True
    read = _atom(inner, 0, source) if inner else None
    if read is None:
        return False
    _, end, exponent = read
    rest = strip_space(inner[end:])
    return not rest or (exponent is None and len(rest) == 1 and is_group(rest[0], "paren"))


def activation_argument(reader: ExprReader, spec: AtomSpec, inner: list[Node]) -> bool:
    """Is ``spec`` a plain lower-case Greek letter applied, as an activation, to a matrix-vector product, a bold
    vector or a sum of calls (rule ``call-activation``)?"""
    if _latin_layer(reader, spec, inner):
        return True  # Learning from Data's \hat{y} = s(W s_1(V x)): the activation s of a layer's product
    stepped = spec.sub is not None and spec.sub.text in ("t", "k")  # GaLore's \rho_t(P_t^\top G_t Q_t): step t's
    if not (spec.greek and spec.base[:1].islower() and not spec.bold and not spec.decorations
            and (spec.sub is None or stepped) and spec.layer is None and spec.sample is None and not spec.transpose
            and spec.base not in COEFFICIENT_GREEK):
        return False
    items = _items(inner, reader.source)
    if stepped:  # a function of a step, applied to a product of matrices only (a bold vector stays a product)
        return _matrix_product(items) and all(isinstance(a, AtomSpec) and a.base[:1].isupper() for a in items)
    if len(items) == 1 and isinstance(items[0], AtomSpec) and items[0].bold:
        return True  # \delta(\mathbf{z})
    return _matrix_product(items) or _sum_of_a_call(reader, inner)


def _latin_layer(reader: ExprReader, spec: AtomSpec, inner: list[Node]) -> bool:
    """A plain lower-case Latin letter (maybe numbered, ``s_1``), never written alone, before exactly a capital and a
    lower-case name or a call (``s(Wh)``, ``s(Xw)``, ``s(W s_1(Vx))``): a product's parentheses would be idle."""
    if not (not spec.greek and len(spec.base) == 1 and spec.base.islower() and not spec.bold and not spec.decorations
            and (spec.sub is None or spec.sub.text.isdigit()) and spec.layer is None and spec.sample is None
            and not spec.transpose and not spec.primes and spec.base not in reader.value_names):
        return False
    spelled = re.escape(spec.spelling or spec.base_latex)
    for m in re.finditer(r"(?<![A-Za-z\\])" + spelled + r"(?![A-Za-z0-9_])", reader.source):
        if not reader.source[m.end() :].lstrip().startswith("("):
            return False  # the letter written alone elsewhere: a number, its bracket a product's
    from symdl.read.constructs import split_top  # constructs reads calls, which import this module

    terms = [_items(t, reader.source) for t in split_top(inner, "+") if t]
    products = [items for items in terms if _weight_times_input(items)]
    biases = [items for items in terms if len(items) == 1 and isinstance(items[0], AtomSpec)]
    # s(Wh), s(W s_1(Vx)); Theano's tutorials' s(Wx + b), s(b^{(1)} + W^{(1)} x): an affine map, one bias beside it
    return len(products) == 1 and (len(terms) == 1 or (len(terms) == 2 and len(biases) == 1))


def _weight_times_input(items: list[object]) -> bool:
    """Are ``items`` a capital (a weight) then a lower-case name or a call: ``W h``, ``W s_1(V x)``?"""
    return (len(items) in (2, 3) and isinstance(items[0], AtomSpec) and items[0].base[:1].isupper()
            and not items[0].word and isinstance(items[1], AtomSpec) and items[1].base[:1].islower()
            and (len(items) == 2 or is_group(items[2], "paren")))


def _items(inner: list[Node], source: str) -> list[object]:
    """The argument's top-level parts: names (their specs), groups and other tokens, spaces dropped."""
    out: list[object] = []
    i = 0
    while i < len(inner):
        read = _atom(inner, i, source)
        if read is not None and read[2] is None:
            out.append(read[0])
            i = read[1]
            continue
        if not (isinstance(inner[i], Token) and inner[i].kind == "space"):
            out.append(inner[i])
        i = read[1] if read is not None else i + 1
    return out


def bare_matrix_product(inner: list[Node], source: str) -> bool:
    """Is the argument ``inner`` only names, a capital (a matrix) among them right before another (``QK^\\top``,
    ``W x``): a product of matrices and nothing else (not ``\\mathbf{A}\\mathbf{x} - \\mathbf{b}``)?"""
    items = _items(inner, source)
    return _matrix_product(items) and all(isinstance(a, AtomSpec) for a in items)


def _matrix_product(items: list[object]) -> bool:
    """A capital (a matrix) written right before a name or a bracket: ``\\mathbf{W}_1 \\mathbf{z}``, ``W x``; or a
    bold vector right before a bold capital, a row-major layer (Charniak's ``\\mathbf{x}\\mathbf{U}``)."""
    return any(isinstance(a, AtomSpec) and ((a.base[:1].isupper() and not a.word and not a.cal
                                             and (isinstance(b, AtomSpec) or is_group(b, "paren")))
                                            or (a.bold and a.base[:1].islower() and not a.word and isinstance(
                                                b, AtomSpec) and b.bold and b.base[:1].isupper() and not b.word))
               for a, b in pairwise(items))


def _sum_of_a_call(reader: ExprReader, inner: list[Node]) -> bool:
    """``\\sum_i \\phi(x_i)``: a big operator, its scripts, then one call of a function letter and nothing else."""
    from symdl.read.callorproduct import FUNCTION_LETTERS  # that module imports this one

    inner = strip_space(inner)
    if not (inner and isinstance(inner[0], Token) and inner[0].text in _BIG_OPS):
        return False
    i = 1
    while i + 1 < len(inner) and isinstance(inner[i], Token) and inner[i].is_op("_", "^"):
        i += 2
    rest = strip_space(inner[i:])
    read = _atom(rest, 0, reader.source) if rest else None
    if read is None or read[2] is not None:
        return False
    spec, end, _ = read
    tail = strip_space(rest[end:])
    named = spec.base in FUNCTION_LETTERS or spec.base in reader.function_names
    return bool(named) and len(tail) == 1 and is_group(tail[0], "paren")


def indexed_argument(reader: ExprReader, spec: AtomSpec, inner: list[Node]) -> bool:
    """Is ``spec`` a plain lower-case Greek letter written directly before one indexed name in parentheses, and never
    alone in the formula (rule ``call-indexed-argument``)?  Bishop's responsibilities ``\\gamma(z_{nk})``: for a
    product the parentheses around one name would be idle, so the letter is a function of that entry."""
    if not (spec.greek and spec.base[:1].islower() and not spec.bold and not spec.decorations and spec.sub is None
            and spec.layer is None and spec.sample is None and not spec.transpose and not spec.primes):
        return False
    if (spec.spelling or spec.base_latex) in reader.written_alone:
        return False  # \gamma \sum_n \gamma(z_n): γ is a number there, so a number here too
    read = _atom(inner, 0, reader.source) if inner else None
    if read is None or read[2] is not None or read[1] != len(inner):
        return False
    arg = read[0]
    return not arg.bold and (arg.sub is not None or arg.sample is not None) and arg.base != spec.base
