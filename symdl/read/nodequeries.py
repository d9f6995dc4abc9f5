"""Questions about a list of the structure pass's nodes that the expression reader (:mod:`symdl.read.expr`) and the
operator splitters (:mod:`symdl.read.groups`) ask while they walk it: what follows a position, whether a term ends in
an operand, whether a parenthesis holds a constant alone.  They read nodes only, never a reader's state.
"""

from __future__ import annotations

import re

from symdl.read.callforms import sum_argument
from symdl.read.commands import GREEK
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, strip_space


def _over_an_index(nodes: list[Node], j: int) -> bool:
    """Does a subscript follow (after spacing and ``\\limits``)?  ``\\max_i x_i``, ``\\max\\limits_{j}``."""
    while j < len(nodes) and isinstance(nodes[j], Token) and (nodes[j].kind == "space" or nodes[j].is_cmd("\\limits")):
        j += 1
    return j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].is_op("_")


def _next_nonspace(nodes: list[Node], j: int) -> int | None:
    while j < len(nodes):
        n = nodes[j]
        if not (isinstance(n, Token) and n.kind == "space"):
            return j
        j += 1
    return None


def _is_tok(node: Node | None, kind: str, text: str) -> bool:
    return isinstance(node, Token) and node.kind == kind and node.text == text


def _is_operand_end(term: list[Node]) -> bool:
    """Is the last non-space node of ``term`` something an operator can follow?"""
    for n in reversed(term):
        if isinstance(n, Token) and n.kind == "space":
            continue
        if isinstance(n, Group):
            return True
        return (
            n.kind in ("letter", "number", "ph")
            or n.text in (")", "]", "|", "'")
            or (n.kind == "cmd" and n.text[1:] in GREEK)
        )
    return False


def _constant_inside(source: str, name: str, group: Node) -> bool:
    """Does the parenthesis after ``\\pi`` write ``\\pi`` alone, as the constant (``\\pi(1 - \\pi)``)?  Then the
    ``\\pi`` before it is that constant too, times the parenthesis, not a policy applied to it."""
    inside = source[group.span.start + 1 : group.span.end - 1]
    typed = "|π" if name == "pi" else ""  # a pasted π(1 - π) writes the letter itself
    return re.search(r"(?:\\" + name + typed + r")(?![A-Za-z_'^(])(?!\s*\()", inside) is not None


#: a cosine's or sine's angle written in the formula (TeX or code)
_TRIG = re.compile(r"\\(?:cos|sin)(?![a-z])|(?<![A-Za-z])(?:cos|sin)\s*\(")


def angle_pi(source: str, group: Node) -> bool:
    """Is the parenthesis after a bare ``\\pi`` a sum or difference (``\\pi(t - T_1)``) in a formula with a cosine
    or sine (SGDR's and warmup-cosine schedules)?  Then π is the number, times the parenthesis, not a policy
    applied to a time."""
    return isinstance(group, Group) and sum_argument(strip_space(group.children)) and bool(_TRIG.search(source))


def after_folded_space(nodes: list[Node], i: int) -> Node | None:
    """The node after ``nodes[i]``, past the space the folding of a typed Greek letter left after its command (a
    pasted ``π(a|s)`` is folded to ``\\pi (a|s)``: the space is no part of what was written)."""
    j = i + 1
    if (j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].kind == "space"
            and nodes[j].span.start < nodes[i].span.end):
        j += 1
    return nodes[j] if j < len(nodes) else None


def is_word(nodes: list[Node]) -> bool:
    """Three letters or more, maybe joined by ``\\_`` (``loss``, ``step\\_num``), maybe ending in a number
    (``ReLU6``, as a function name runs on through its digits), and nothing else?  As unbraced, ``loss(x)`` is a
    call; ``{ab}(x)`` stays a product."""
    inner = [n for n in nodes if not (isinstance(n, Token) and n.kind == "space")]
    if inner and isinstance(inner[-1], Token) and inner[-1].kind == "number" and inner[-1].text.isdigit():
        inner = inner[:-1]
    letters = [n for n in inner if isinstance(n, Token) and n.kind == "letter"]
    return len(letters) >= 3 and all(isinstance(n, Token) and (n.kind == "letter" or n.is_cmd("\\_")) for n in inner)


#: π beside a number (2\\pi, \\frac{2}{\\pi}, \\pi/2) or with a trigonometric function or a root in the formula: the
#: constant plainly
_PI_NUMBER = re.compile(r"\d\s*(?:/\s*|\}\s*\{\s*|\\(?:cdot|times)\s*)?\\pi(?![A-Za-z])"
                        r"|\\pi\s*(?:/|\}\s*\{|\^)\s*\{?\d")
_PI_FUNCTIONS = re.compile(r"\\(?:sin|cos|tan|sqrt|exp|arctan)(?![A-Za-z])|e\s*\^\s*\{[^}]*\\pi")


def plain_pi(source: str) -> bool:
    """Does the formula make its bare ``\\pi`` the constant plainly: beside a number (``2\\pi``, ``\\pi/2``,
    ``\\pi^2``), or in a formula with a trigonometric function, a root or an exponential (GELU's
    ``\\sqrt{2/\\pi}``, a cosine schedule's ``\\cos(\\pi t/T)``)?  Else π alone (focal loss's prior
    ``-\\log((1 - \\pi)/\\pi)``) is a guess."""
    return bool(_PI_NUMBER.search(source) or _PI_FUNCTIONS.search(source))


#: π labelled as a policy: PPO's \\pi_{old}, \\pi_{\\theta_{old}}, \\pi^{old}, DPO's \\pi_{ref}, \\pi_\\theta
_POLICY_PI = re.compile(r"\\pi\s*[_^]\s*\{?\s*(?:\\(?:text|mathrm|textrm|operatorname)\s*\{\s*)?"
                        r"(?:old|new|ref|\\theta|\\phi|behav|target|b\b|\\beta)")


def policy_pi(source: str) -> bool:
    """Does the formula label a π as a policy (PPO's ``\\log\\pi - \\log\\pi_{old}``, DPO's ``\\pi_{ref}``) and write
    no π beside a number (``2\\pi``)?  Then its bare π is the current policy, not 3.14159 (noted ``pi-policy``)."""
    return bool(_POLICY_PI.search(source)) and not _PI_NUMBER.search(source)


#: π alone as an argument of a call: TRPO's \eta(\pi), D_{KL}(\pi, \tilde{\pi}) (a policy), not of sin, cos, exp
_PI_ARGUMENT_BEFORE = re.compile(r"(?:(?<!\\sin)(?<!\\cos)(?<!\\tan)(?<!\\exp)(?<!\\log)[A-Za-z}]\s*\(|,|\||\\mid)\s*$")
_PI_ARGUMENT_AFTER = re.compile(r"\s*(?:\)|,|\\mid|\|)")


def pi_argument(source: str, start: int, end: int) -> bool:
    """Is the bare ``\\pi`` at ``source[start:end]`` a whole argument of a call (TRPO's ``\\eta(\\pi)``,
    ``D(\\pi, \\tilde\\pi)``): a policy the function takes, never 3.14 alone inside a call's parentheses."""
    return bool(_PI_ARGUMENT_BEFORE.search(source[:start]) and _PI_ARGUMENT_AFTER.match(source, end))
