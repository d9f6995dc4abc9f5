"""A functional applied at a point: a capital letter, square brackets holding one function, then a parenthesis
(PPO's entropy bonus ``S[\\pi_\\theta](s_t)``: the entropy of the policy at state s_t, Schulman et al. 2017, eq. 9).

Read as products it was ``S \\cdot \\pi_\\theta \\cdot s_t``, which no text means by a letter touching a bracket
of one name touching a parenthesis; symdl has no functional of a function, so it is refused by name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from symdl.errors import NotSupported, Span
from symdl.read.syntax import AtomSpec, Group, Node, is_group, strip_space

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader


def refuse_functional_at_point(reader: ExprReader, spec: AtomSpec, nodes: list[Node], k: int, start: int) -> None:
    """Refuse ``S[\\pi_\\theta](s_t)``: a plain capital letter, then square brackets touching it that hold one name,
    then a parenthesis touching them.  Anything else returns (a space between, a bracket of several terms)."""
    from symdl.read.callorproduct import bare_atom  # imported here: callorproduct calls this module

    if not (k + 1 < len(nodes) and is_group(nodes[k], "bracket") and is_group(nodes[k + 1], "paren")):
        return
    bracket, paren = nodes[k], nodes[k + 1]
    assert isinstance(bracket, Group) and isinstance(paren, Group)
    capital = len(spec.base) == 1 and spec.base.isupper() and not (spec.greek or spec.word or spec.bold)
    if not capital or spec.decorations or spec.primes or spec.layer or spec.sample:
        return
    if reader.source[bracket.span.start - 1].isspace() or paren.span.start != bracket.span.end:
        return  # S [\pi] (s): spaced apart, left to the products
    inner = strip_space(bracket.children)
    if bare_atom(inner, reader.source) is None:
        return
    source = reader.source
    function = source[inner[0].span.start : inner[-1].span.end]
    at = source[paren.span.start + 1 : paren.span.end - 1].strip()
    raise NotSupported(
        f"a functional of {function} applied at {at} ({spec.spelling}[{function}]({at}), as PPO's entropy bonus "
        "S[\\pi_\\theta](s_t), the entropy of the policy at state s_t): not read yet; read as products it would be "
        f"{spec.spelling} \\cdot {function} \\cdot ({at})",
        source=source, span=Span(start, paren.span.end),
        hint=f"name its value at the point ({spec.spelling}_t for {spec.spelling}[{function}]({at})), or write it "
        "out: -\\sum_a \\pi_\\theta(a | s_t) \\log \\pi_\\theta(a | s_t) for the entropy",
    )
