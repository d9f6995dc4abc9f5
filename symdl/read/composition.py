r"""``\circ`` between functions: a composition, not the element-wise product.

``(f \circ g)(x)`` and ``f \circ g(x)`` are f(g(x)); ``\sigma^{-1} \circ f(x)`` (Nielsen's logit of f) is the inverse
function of the sigmoid applied to f(x).  Each operand before the last must be a function's name: a function letter
(:data:`symdl.read.callorproduct.FUNCTION_LETTERS`, ``f_\theta``), a name the formula applies elsewhere, a known
function's command (``\tanh``) or such a letter with ``^{-1}`` (its inverse, read where it is applied); the last
is then applied to the argument.  The terms are rewritten as nested calls (``f(g(x))``) and read as written so;
the guess is noted (rule ``circ-composition``).  ``\circ`` between anything else stays Hadamard's product.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from symdl.errors import NotSupported, ResourceLimit, Span
from symdl.read.atoms import read_atom
from symdl.read.callorproduct import FUNCTION_LETTERS, PARAMETER_SUBSCRIPTS
from symdl.read.lexer import Token
from symdl.read.syntax import AtomSpec, Group, Node, is_group, plain_text, seq_span, strip_space

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader


def _split_circ(nodes: list[Node]) -> list[list[Node]] | None:
    """The operands of ``a \\circ b \\circ c`` (only ``\\circ`` at the top), else None."""
    parts: list[list[Node]] = [[]]
    for n in nodes:
        if isinstance(n, Token) and n.text == "\\circ":
            parts.append([])
        elif isinstance(n, Token) and n.text in ("\\odot", "\\otimes"):
            return None
        else:
            parts[-1].append(n)
    parts = [strip_space(p) for p in parts]
    return parts if len(parts) > 1 and all(parts) else None


#: a time-step subscript marks a gate's vector, not a function: the LSTM's f_t \circ c_{t-1}
_TIME = re.compile(r"t\b|t[-+]")


def is_function_name(reader: ExprReader, nodes: list[Node]) -> bool:
    """Are ``nodes`` one function's name, maybe with ``^{-1}`` (``f``, ``\\sigma^{-1}``, ``\\tanh``, ``g_\\theta``)?"""
    from symdl.read.expr import FUNCTION_CMDS  # the reader's module imports this one

    if len(nodes) == 1 and isinstance(nodes[0], Token) and nodes[0].text in FUNCTION_CMDS:
        return True  # \tanh \circ f
    whole = _whole_atom(reader, nodes)
    if whole is None or (whole[1] is not None and plain_text(whole[1]) != "-1"):
        return False
    spec = whole[0]
    named = spec.word or spec.base in FUNCTION_LETTERS or spec.base in reader.function_names
    sub_ok = spec.sub is None or spec.sub.text.lstrip("\\") in PARAMETER_SUBSCRIPTS or not _TIME.match(spec.sub.text)
    return bool(named) and sub_ok and not spec.bold and not spec.transpose and spec.base not in reader.value_names


def _call_at_end(nodes: list[Node]) -> bool:
    """Do ``nodes`` end with a parenthesised argument after a name (``g(x)``, ``\\tanh(z)``)?"""
    return len(nodes) >= 2 and is_group(nodes[-1], "paren")


def _nest(functions: list[list[Node]], applied: list[Node], span: Span) -> list[Node]:
    """``f``, ``g`` and the argument's nodes ``(x)`` → ``f(g(x))``: each function before the next one's call."""
    out = applied
    for fn in reversed(functions):
        inner_span = seq_span(out, span)
        out = [*fn, Group(out, Span(inner_span.start, inner_span.end), "paren")]
    return out


def composed_term(reader: ExprReader, term: list[Node], span: Span) -> list[Node] | None:
    """``f \\circ g(x)``, ``\\sigma^{-1} \\circ f(x)`` as the nested calls ``f(g(x))`` (noted), else None."""
    parts = _split_circ(term)
    if parts is None or not all(is_function_name(reader, p) for p in parts[:-1]) or not _call_at_end(parts[-1]):
        return None
    last = parts[-1]
    if not (is_function_name(reader, last[:-1]) or _known_call(last)):
        return None
    _note(reader, parts[:-1], _text(reader, last, span), seq_span(term, span))
    return _nest(parts[:-1], last, span)


def composed_group(reader: ExprReader, inner: list[Node], arg: Group, span: Span) -> list[Node] | None:
    """``(f \\circ g)(x)`` as ``f(g(x))`` (noted) when every operand is a function's name, else None."""
    parts = _split_circ(strip_space(inner))
    if parts is None or not all(is_function_name(reader, p) for p in parts):
        return None
    _note(reader, parts[:-1], _text(reader, parts[-1], span) + _text(reader, [arg], span), span)
    return _nest(parts[:-1], [*parts[-1], arg], span)


def _known_call(nodes: list[Node]) -> bool:
    """Is this ``\\tanh(z)``-like: a function command right before the argument?"""
    from symdl.read.expr import FUNCTION_CMDS

    return len(nodes) == 2 and isinstance(nodes[0], Token) and nodes[0].text in FUNCTION_CMDS


def _text(reader: ExprReader, nodes: list[Node], span: Span) -> str:
    where = seq_span(nodes, span)
    return reader.source[where.start : where.end]


def _note(reader: ExprReader, functions: list[list[Node]], core: str, span: Span) -> None:
    """Note the composition read, spelled as the nested calls (``f(g(x))``)."""
    names = [_text(reader, f, span) for f in functions]
    reader.add_note("circ-composition", span, {"text": reader.source[span.start : span.end],
                                              "nested": "(".join([*names, core]) + ")" * len(names)})


#: function letters whose ``^{-1}`` before an argument is an inverse function (capitals are matrices' inverses:
#: a Gaussian process's K^{-1}(\mathbf{y} - \mathbf{m}), Newton's H^{-1}(\nabla f))
_INVERTIBLE_LETTERS = frozenset({*(b for b in FUNCTION_LETTERS if b[:1].islower()), "Phi"})  # Phi: the normal CDF


def _cdf(spec: AtomSpec) -> bool:
    """A distribution's CDF, F or G subscripted by it (the Wasserstein distance's quantile F_\\mu^{-1}(z))."""
    return spec.base in ("F", "G") and spec.sub is not None and not spec.greek


def refuse_unknown_inverse(reader: ExprReader, spec: object, exponent: list[Node] | None, nodes: list[Node], i: int,
                           k: int) -> None:
    """``\\psi^{-1}(x)``, ``f^{-1}(y)``: the inverse of a function with no closed form symdl knows is refused by name
    (it was the reciprocal 1/ψ times x); so is a function named with a power (Bishop's ``\\sigma_N^2(\\mathbf{x})``,
    :mod:`symdl.read.powercall`)."""
    from symdl.read.powercall import refuse_power_call

    refuse_power_call(reader, spec, exponent, nodes, i, k)

    follows = nodes[k] if k < len(nodes) else None
    defined = isinstance(spec, AtomSpec) and spec.base in ("F", "G") and re.search(  # μ-law's F^{-1}(y) = ...:
        r"(?:^|\\\\|\n)\s*$", reader.source[: nodes[i].span.start]) is not None  # an inverse CDF defined
    if (exponent is None or plain_text(exponent) != "-1" or not isinstance(spec, AtomSpec) or spec.bold
            or (spec.base not in _INVERTIBLE_LETTERS and not defined and not _cdf(spec))
            or spec.base in reader.value_names
            or not is_group(follows, "paren")):
        return
    span = Span(nodes[i].span.start, nodes[k].span.end)
    raise reader.error(NotSupported, f"the inverse function of {spec.base_latex}", span,
                       f"symdl knows the inverses of \\sigma (the logit) and \\zeta; name the inverse function "
                       f"({spec.base_latex}^{{-1}} as \\text{{{spec.base}inv}}(x)), or write the reciprocal as "
                       f"\\frac{{1}}{{{spec.base_latex}}}")


def refuse_unapplied(reader: ExprReader, term: list[Node], span: Span) -> None:
    """A Jacobian's ``J_\\mathbf{w}(\\mathbf{f} \\circ \\mathbf{g})``: ``\\circ`` between bare names, one of which the
    formula applies as a function elsewhere (``\\mathbf{g}(\\mathbf{w})``), is the composition of the functions, a
    function with no argument here: refused by name (before: the element-wise product of two vectors, silently)."""
    parts = _split_circ(term)
    if parts is None or not all(_bare_name(reader, p) for p in parts):
        return
    spellings = [_text(reader, p, span) for p in parts]
    if not any(re.search(re.escape(sp) + r"\s*(?:\\left)?\(", reader.source) for sp in spellings):
        return
    where = seq_span(term, span)
    raise reader.error(NotSupported, f"the composition {reader.source[where.start : where.end]} of functions the "
                       "formula applies elsewhere, with no argument (a function, not a value)", where,
                       "write the functions applied in turn to their argument: \\mathbf{f}(\\mathbf{g}(\\mathbf{w}))")


def _bare_name(reader: ExprReader, nodes: list[Node]) -> bool:
    """Are ``nodes`` one name (bold or not), nothing applied to it?"""
    whole = _whole_atom(reader, nodes)
    return whole is not None and whole[1] is None


def _whole_atom(reader: ExprReader, nodes: list[Node]) -> tuple[AtomSpec, list[Node] | None] | None:
    """The name ``nodes`` are, whole, and its power (``\\sigma^{-1}``: ``-1``); None when they are not one name."""
    if not (isinstance(nodes[0], Token) and nodes[0].kind in ("letter", "cmd")):
        return None
    try:
        spec, end, exponent = read_atom(nodes, 0, reader.source)
    except ResourceLimit:
        raise
    except Exception:
        return None
    return (spec, exponent) if end == len(nodes) else None
