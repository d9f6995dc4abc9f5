"""Optima over a variable: ``\\theta^* = \\arg\\min_\\theta L(\\theta)``, Goodfellow's PCA
``\\boldsymbol{d}^* = \\arg\\max_{\\boldsymbol{d}} \\mathrm{Tr}(\\dots)``,
the WGAN's ``\\sup_{\\|f\\|_L \\leq 1} \\dots``.

An arg max/min, max/min, sup or inf over a variable (a Greek letter, a bold vector, a name the body never
subscripts) or over a condition, written as the whole right side of a statement, is an optimisation objective: the
value is read as an unevaluated optimum of the body (:class:`symdl.functions.OptimumOver`), explained, and refused
by name when evaluated (noted ``optimum-over-variable``).  At the start of a statement, ``\\min_\\theta`` is the
objective stated for what follows, as the GAN's ``\\min_G \\max_D V(D, G)`` (``objective-prefix``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from symdl.errors import InvalidInput, NotSupported, Span
from symdl.read.constructs import split_top
from symdl.read.extents import _skip_space
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, plain_text, strip_space

if TYPE_CHECKING:
    from symdl.read.expr import Emitter, ExprReader

_RELATION = re.compile(r"=|\\leftarrow|\\gets|\\approx|\\simeq|\\equiv|\\to\b|\\rightarrow|\\[lg]eq?\b|<|>")


def leads(reader: ExprReader, nodes: list[Node], i: int) -> bool:
    """Does the operator at ``i`` start its statement (after spaces, or right after another objective's prefix)?"""
    start = reader.objective_end[1] if reader.objective_end[0] == id(nodes) else 0
    if i != _skip_space(nodes, start):
        return False
    before = re.split(r"\\\\|\n|\\q?quad|,", reader.source[: nodes[i].span.start])[-1]
    return not _RELATION.search(before)  # L = \min_w f(w) is the optimum's value: not a prefix


#: an action of reinforcement learning (a, a', a^*): a finite set, numbered from 1 (DQN's one output per action)
ACTION = re.compile(r"a(?:'|\\prime)*\Z")

#: the operators of an optimum, and the word naming each
OPTIMA = {"\\max": "max", "\\min": "min", "\\argmax": "argmax", "\\argmin": "argmin", "\\sup": "sup", "\\inf": "inf"}

#: comparisons that make an operator's subscript a condition (``\\|f\\|_L \\leq 1``), not a variable
_CONDITION = {"<", ">", "\\le", "\\leq", "\\ge", "\\geq", "\\in", "\\subset", "\\subseteq"}

#: a variable an index-style reading would refuse: not one plain Latin letter (``\\theta``, ``\\boldsymbol{d}``)
_LATIN = re.compile(r"[A-Za-z](?:'|\\prime)*\Z")


def is_condition(sub: list[Node]) -> bool:
    """Is this subscript a condition (``\\|f\\|_L \\leq 1``, ``\\theta \\in \\Theta``) rather than a name?"""
    return any(isinstance(n, Token) and (n.is_op(*_CONDITION) or n.is_cmd(*_CONDITION)) for n in sub)


def is_variable(sub: list[Node]) -> bool:
    """Is this subscript one name that is not a plain Latin letter (``\\theta``, ``\\boldsymbol{d}``)?"""
    from symdl.read.callorproduct import bare_atom

    sub = strip_space(sub)
    return not _LATIN.match(plain_text(sub).strip()) and bare_atom(sub, "") is not None


def several_variables(sub: list[Node], body: list[Node], subscripted: Callable[[list[Node], str], bool]) -> bool:
    """Is ``sub`` two or more different names (the SVM primal's ``\\min_{w,b}``, a VAE's ``\\max_{\\theta,\\phi}``),
    none an index of the body's entries (a Latin letter subscripting it: ``\\max_{i,j} A_{ij}``) and one at least
    written in it (the SVM's b may be only in its set-aside ``s.t.`` clause), none RL's action (``\\max_{s,a} Q(s,a)``
    is over a finite set of actions, as ``\\max_a`` is: refused as before): the variables of an objective, read as one
    variable is?"""
    from symdl.read.callorproduct import bare_atom

    parts = [strip_space(p) for p in split_top(strip_space(sub), ",")]
    names = [plain_text(p).strip() for p in parts]
    if len(parts) < 2 or len(set(names)) != len(names) or any(not p or bare_atom(p, "") is None for p in parts) \
            or any(ACTION.match(n) for n in names):
        return False
    index = [n for n, p in zip(names, parts, strict=True) if not is_variable(p) and subscripted(body, n)]
    return not index and any(_written(body, n, len(p)) for n, p in zip(names, parts, strict=True))


def _written(nodes: list[Node], name: str, width: int) -> bool:
    """Is the name spelt ``name`` (``width`` nodes long) written among ``nodes``, at any depth?"""
    for k, n in enumerate(nodes):
        if plain_text(nodes[k : k + width]).strip() == name:
            return True
        if isinstance(n, Group) and _written(n.children, name, width):
            return True
    return False


def whole_right_side(reader: ExprReader, nodes: list[Node], i: int) -> bool:
    """Is the operator at ``nodes[i]`` the start of a statement's right side (``\\theta^* = \\arg\\min ...``)?"""
    if i != _skip_space(nodes, 0):
        return False
    before = reader.source[: nodes[i].span.start].rstrip()
    return before.endswith("=") and not before.endswith(("\\neq=", "!="))


def optimum(reader: ExprReader, nodes: list[Node], i: int, j: int, sub: list[Node], em: Emitter) -> int:
    """Read ``op_{sub}`` at ``nodes[i]`` and the rest of ``nodes`` (from ``j``) as an optimum of that rest over the
    variable (or under the condition) ``sub``; emit its placeholder and return the end of ``nodes``."""
    op = nodes[i]
    assert isinstance(op, Token)
    sub = strip_space(sub)
    body = strip_space(nodes[j:])
    if not body:
        raise reader.error(InvalidInput, f"{op.text} of nothing", op.span, "write what is optimised after it")
    span = Span(op.span.start, body[-1].span.end)
    sub_span = Span(sub[0].span.start, sub[-1].span.end)
    under = reader.source[sub_span.start : sub_span.end]
    data: dict[str, object] = {"op": OPTIMA[op.text], "body": reader.read(body, span), "under": under}
    if not is_condition(sub) and len(split_top(sub, ",")) == 1:  # several variables (w, b): kept as written
        data["var"] = reader.read(sub, sub_span)
    ph = reader.new("optimum", span, **data)
    em.placeholder(ph.id, span)
    written = strip_space(nodes[i:j])  # the operator and its variable, without a tie after it (Optax's argmin ~)
    reader.add_note("optimum-over-variable", Span(op.span.start, max(n.span.end for n in written)),
                    {"op": op.text, "var": under, "goal": _GOALS[OPTIMA[op.text]]})
    return len(nodes)


_GOALS = {"max": "the largest value", "min": "the smallest value", "argmax": "the maximiser",
          "argmin": "the minimiser", "sup": "the least upper bound", "inf": "the greatest lower bound"}


def objective_prefix(reader: ExprReader, nodes: list[Node], i: int, j: int, name: str) -> int:
    """``\\min_G \\max_D`` at the start of a statement: the objective stated for what follows (noted)."""
    op = nodes[i]
    assert isinstance(op, Token)
    span = Span(op.span.start, nodes[j - 1].span.end)
    reader.add_note("objective-prefix", span, {"op": op.text, "var": name,
                                                "goal": "minimise" if op.text == "\\min" else "maximise"})
    reader.objective_end = (id(nodes), j)
    return j


def over_a_variable(reader: ExprReader, nodes: list[Node], i: int, j: int, sub: list[Node], em: Emitter) -> int:
    """An optimum over a variable that is not an index (``\\theta``, ``\\boldsymbol{d}``) or under a condition: the
    objective prefix at the start of a statement, an unevaluated optimum as a whole right side, refused elsewhere."""
    op = nodes[i]
    assert isinstance(op, Token)
    name = plain_text(strip_space(sub))
    if op.text in ("\\max", "\\min") and leads(reader, nodes, i):  # WGAN-GP's \min_G \max_{D \in \mathcal{D}}
        return objective_prefix(reader, nodes, i, j, name)  # \min_\theta L(\theta) = ...
    if whole_right_side(reader, nodes, i) or leads(reader, nodes, i):
        return optimum(reader, nodes, i, j, sub, em)
    what = "a condition" if is_condition(sub) else "the variable"
    raise reader.error(
        NotSupported,
        f"an optimisation objective ({op.text}_{{{name}}} over {what} {name}) inside an expression",
        op.span,
        f"write the optimum as a statement's whole right side (v = {op.text}_{{{name}}} f) or name it first",
    )
