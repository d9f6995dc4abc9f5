"""Calls or products decided by what surrounds the bracket (rules of :mod:`symdl.read.callorproduct`): EWC's
``F_i(\\theta_i - \\theta^*_{A,i})^2``, a weight times a squared difference (``product-weighted-square``), and the
moments accountant's ``\\min_\\lambda \\exp(\\alpha_{\\mathcal{M}}(\\lambda) - \\dots)``, a function of the variable
optimised (``call-of-optimised``)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from symdl.read.commands import GREEK
from symdl.read.lexer import Token
from symdl.read.syntax import AtomSpec, Group, Node, strip_space

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader


def weighted_square(reader: ExprReader, spec: AtomSpec, group: Group) -> bool:
    """A name whose subscript is an index a sum binds (maybe after capital labels, task A's ``F_{A,i}``), before a
    parenthesised difference of that index's entries raised to a power (EWC's ``\\sum_i \\frac{\\lambda}{2}
    F_i(\\theta_i - \\theta^*_{A,i})^2``, a weighted squared error ``\\sum_i \\lambda_i(\\theta_i - \\theta^*_i)^2``):
    entry i weighting the squared difference, a product; as a function of the difference its value would be squared
    on the call."""
    terms = spec.sub.terms if spec.sub is not None else None
    if spec.word or spec.bold or not terms or terms[-1][1] != 0 or any(  # EWC's F_{A,i}: task A's weights
            not (x.isupper() and off == 0) for x, off in terms[:-1]):
        return False
    letter = terms[-1][0]
    if re.match(r"\s*\^", reader.source[group.span.end :]) is None or not sum_argument(group.children):
        return False
    inner = reader.source[group.span.start : group.span.end]
    bound = re.search(rf"\\(?:sum|prod)\w*\s*_\{{?\s*{re.escape(letter)}(?![A-Za-z])", reader.source) is not None
    return bound and re.search(rf"_\{{?[^{{}}]*?(?<![A-Za-z]){re.escape(letter)}(?![A-Za-z])", inner) is not None


#: an optimum over one variable: \min_\lambda, \max_{\theta}, \arg\min_x, \operatorname*{argmax}_k
_OPTIMUM = r"(?:\\(?:min|max|inf|sup)|\\arg\s*\\(?:min|max)|\\operatorname\*?\{arg\s*(?:min|max)\})\s*_\s*\{?\s*"


def optimised_argument(source: str, inner: list[Node]) -> bool:
    """Is the parenthesis one bare variable that an optimum of the formula runs over (the moments accountant's
    ``\\min_\\lambda \\exp(\\alpha_{\\mathcal{M}}(\\lambda) - \\lambda\\varepsilon)``): a function of it, the
    quantity optimised, never a number times the variable (which no one brackets alone)?"""
    inner = strip_space(inner)
    if len(inner) != 1 or not isinstance(inner[0], Token) or inner[0].kind not in ("letter", "cmd"):
        return False
    name = inner[0].text
    if inner[0].kind == "cmd" and name[1:] not in GREEK:
        return False
    after = r"(?![A-Za-z])" if name.startswith("\\") else r"\s*[},\s]"
    return re.search(_OPTIMUM + re.escape(name) + after, source + " ") is not None


def sum_argument(inner: list[Node]) -> bool:
    """Is the parenthesis a sum or difference of terms (``(g + u v)``), as a factor's parenthesis is, rather than
    one input (``(\\mathrm{attn})``, ``(x)``)?"""
    from symdl.read.constructs import split_top  # imported here: constructs reads calls, which import this module

    if len(split_top(inner, ",")) > 1:
        return False  # \\text{input}(N_i, C_j, h + m): arguments
    return any(len([p for p in split_top(inner, op) if strip_space(p)]) > 1 for op in ("+", "-"))

