"""The probability of an event with no condition: ``p(Y = c)`` in the entropy ``-\\sum_{c=1}^{C} p(Y = c) \\log_2
p(Y = c)``, ``P(y = k)``.

A probability name (p, P, q, Q, \\Pr) applied to one equation ``variable = value``, with no conditional bar, is the
probability that the variable takes that value: read as the name subscripted by the value, ``p_c`` (noted
``event-entry``), so that beside a sum over c it is entry c of the distribution p (symdl's family rules), and with c
fixed a number of its own.  Where the formula applies the same name to events of two different variables
(``p(X = a)``, ``p(Y = b)``), the distributions differ: not read (the caller's error stands).  With a bar
(``p(y = c \\mid x)``) the event names the function instead (``event-name``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from symdl.errors import NotSupported, Span
from symdl.read.lexer import Token
from symdl.read.syntax import AtomSpec, Group, Node, SubscriptSpec, arg_runs_over, plain_text, runs_over, strip_space

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader

#: names of probabilities
_PROBABILITIES = {"p", "P", "q", "Q", "Pr"}


def _event(children: list[Node]) -> tuple[str, str] | None:
    """``Y = c`` → ("Y", "c"): one plain letter, ``=``, one plain letter or a whole number; None for anything else."""
    nodes = strip_space(children)
    equals = [k for k, n in enumerate(nodes) if isinstance(n, Token) and n.is_op("=")]
    if len(equals) != 1 or any(isinstance(n, Token) and (n.is_op("|") or n.is_cmd("\\mid")) for n in nodes):
        return None
    left, right = strip_space(nodes[: equals[0]]), strip_space(nodes[equals[0] + 1 :])
    if sample_of(left):  # Molnar's logistic model P(y^{(i)} = 1): example i's label
        left = left[:1]
    if not one_letter(left):
        return None
    if len(right) != 1 or not (isinstance(right[0], Token) and (right[0].kind == "letter" or (
            right[0].kind == "number" and right[0].text.isdigit()))):
        return None
    return "".join(plain_text(left).split()), right[0].text


#: accents a variable of an event may wear (calibration's \hat{Y}, the prediction, and \hat{P}, its confidence)
_ACCENTS = ("\\hat", "\\widehat", "\\tilde", "\\widetilde", "\\bar")


def one_letter(nodes: list[Node]) -> bool:
    """Is ``nodes`` one letter, maybe under an accent (``Y``, ``\\hat{Y}``, ``\\hat Y``)?"""
    if len(nodes) == 1:
        return isinstance(nodes[0], Token) and nodes[0].kind == "letter"
    if len(nodes) != 2 or not (isinstance(nodes[0], Token) and nodes[0].is_cmd(*_ACCENTS)):
        return False
    inner = strip_space(nodes[1].children) if isinstance(nodes[1], Group) else [nodes[1]]
    return len(inner) == 1 and isinstance(inner[0], Token) and inner[0].kind == "letter"


def sample_of(nodes: list[Node]) -> str:
    """The example letter of ``y^{(i)}`` (one letter, a superscript holding one letter in parentheses), else ``""``."""
    if not (len(nodes) == 3 and isinstance(nodes[0], Token) and nodes[0].kind == "letter"
            and isinstance(nodes[1], Token) and nodes[1].is_op("^") and isinstance(nodes[2], Group)):
        return ""
    inner = strip_space(nodes[2].children)
    inner = strip_space(inner[0].children) if len(inner) == 1 and isinstance(inner[0], Group) and \
        inner[0].kind == "paren" else []
    return inner[0].text if len(inner) == 1 and isinstance(inner[0], Token) and inner[0].kind == "letter" else ""


def event_call(spec: AtomSpec, group: Node) -> bool:
    """Is ``spec`` a probability name applied to an event with no condition (``p(Y = c)``)?"""
    return (isinstance(group, Group) and group.kind == "paren" and spec.base in _PROBABILITIES and spec.sub is None
            and not spec.primes and _event(group.children) is not None)


def event_entry(reader: ExprReader, group: Node, callee: dict[str, object]) -> AtomSpec | None:
    """The name ``p_c`` for ``p(Y = c)`` (see the module), or None."""
    spec = callee.get("callee")
    if not (isinstance(spec, AtomSpec) and callee.get("known") is None and event_call(spec, group)):
        return None
    event = _event(group.children)  # type: ignore[union-attr]
    assert event is not None
    variables = reader.event_variables.setdefault(spec.base, event[0])
    if variables != event[0]:
        raise reader.error(NotSupported, f"{spec.base_latex} applied to events of two variables ({variables} and "
                           f"{event[0]}): two distributions under one name", group.span,
                           f"name the distributions apart: {spec.base_latex}_{{{variables}}}(a), "
                           f"{spec.base_latex}_{{{event[0]}}}(b)")
    value = event[1]
    terms = ((value, 0),) if value.isalpha() else None
    equals = [k for k, n in enumerate(strip_space(group.children)) if isinstance(n, Token) and n.is_op("=")]  # type: ignore[union-attr]
    sample = sample_of(strip_space(strip_space(group.children)[: equals[0]]))  # type: ignore[union-attr]
    if sample:  # P(y^{(i)} = 1): the probability for example i, a family over i (as y^{(i)} is)
        return replace(spec, sub=SubscriptSpec(value, terms), sample=sample,
                       spelling=f"{spec.spelling}_{{{value}}}^{{({sample})}}")
    return replace(spec, sub=SubscriptSpec(value, terms), spelling=f"{spec.spelling}_{{{value}}}")


def event_text(group: Group) -> str:
    """The event as written, without spaces: ``Y=c``."""
    return "".join(plain_text(group.children).split())


def event_where(spec: AtomSpec) -> str:
    """What the note adds for a letter value: beside a sum over it, the entry of the distribution."""
    value = spec.sub.text if spec.sub is not None else ""
    if not value.isalpha():
        return ""
    return f": beside a sum over {value} it is entry {value} of the distribution {spec.base_latex}"


#: big operators whose index an event's value may be: a sum over the classes, the class maximising the probability
_RUNS = "sum|prod|max|min"


def event_index(reader: ExprReader, spec: AtomSpec, event: list[Node], span: Span) -> AtomSpec | None:
    """Cross-entropy's ``-\\sum_k y_k \\log p(y = k \\mid x)``, the classifier's ``\\arg\\max_k p(y = k \\mid x)``: an
    event whose value an operator of the formula runs over is the probability at the value k, read as member k of a
    family of functions of the condition, ``p_k(x)`` (noted ``probability-event``), so that it varies with k; None
    for any other event (``y = 1``, a value no operator runs over), which names the function (``event-name``)."""
    parts = _event(event)
    if parts is None or spec.sub is not None or spec.base not in _PROBABILITIES | {"pi"}:
        return None
    variable, value = parts
    if not (value.isalpha() and (runs_over(reader.source, value, _RUNS) or arg_runs_over(reader.source, value))):
        return None
    reader.add_note("probability-event", span, {"text": reader.source[span.start : span.end][:60],
                                                "event": f"{variable}={value}", "name": spec.base_latex,
                                                "value": value})
    return replace(spec, sub=SubscriptSpec(value, ((value, 0),)), spelling=f"{spec.spelling}_{{{value}}}")


def probability_event(spec: object, group: Group) -> bool:
    """Does a probability name's parenthesis start with an event (``p(X=k)``, ``Pr(y=k \\mid \\mathbf{x})``), which
    is no keyword argument of code (``axis=-1``)?"""
    from symdl.read.delimiters import conditional_split

    if not (isinstance(spec, AtomSpec) and spec.base in _PROBABILITIES | {"pi"} and spec.sub is None):
        return False
    parts = conditional_split(group.children)
    return _event((parts or [group.children])[0]) is not None


def given_value(reader: ExprReader, given: list[Node], span: Span) -> list[Node]:
    """The condition of ``P(Y = 1 \\mid X = x)`` (Hardt & Recht's, Shalev-Shwartz & Ben-David's Bayes classifier):
    a condition that is one variable set to a value, ``X = x``, conditions on that value; the probability is a
    function of the value (``P_{Y=1}(x)``), noted ``given-value``.  Any other condition: as written."""
    nodes = strip_space(given)
    equals = [k for k, n in enumerate(nodes) if isinstance(n, Token) and n.is_op("=")]
    if len(equals) != 1 or any(isinstance(n, Token) and n.is_op(",", ";") for n in nodes):
        return given
    left, right = strip_space(nodes[: equals[0]]), strip_space(nodes[equals[0] + 1 :])
    if not (one_letter(left) and right):
        return given
    reader.add_note("given-value", span, {"text": reader.source[span.start : span.end][:60],
                                          "condition": "".join(plain_text(nodes).split()),
                                          "value": "".join(plain_text(right).split())})
    return right
