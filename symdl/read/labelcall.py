r"""A statistic of a vector's entries with a label on its name: NVIDIA Transformer Engine's ``RMS_\varepsilon(x)``
(``= \sqrt{\frac{1}{n}\sum_i x_i^2 + \varepsilon}``, defined beside it).

The subscript is no index of the value (``\mathrm{RMS}(x)_i`` would be) and no entry of a family: it labels a variant
of the statistic (here the stabilised one), which symdl does not know.  So the known statistic with a subscript
right before its parenthesis is a function of its own, named with its label (``RMS_{\varepsilon}``), a number as the
statistic is (rule ``function-label``); the formula may define it (``RMS_\varepsilon(x) = ...``).  Known functions
of other kinds (softmax, activations) keep their refusal of a subscript they do not take: read as an unknown function,
``\operatorname{softmax}_\tau(\mathbf{z})`` would be a number.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from symdl.errors import Span
from symdl.read.atoms import _arg
from symdl.read.lexer import Token
from symdl.read.syntax import AtomSpec, Group, Node, SubscriptSpec, plain_text

if TYPE_CHECKING:
    from symdl.read.emit import Emitter
    from symdl.read.expr import ExprReader

#: known statistics of an array's entries whose name a label may carry (their value a number)
LABELLED_STATISTICS = frozenset({"rms"})


def labelled_statistic(reader: ExprReader, nodes: list[Node], start: int, k: int, callee: dict[str, object]) -> int:
    """Past ``RMS_\\varepsilon`` when ``nodes[k]`` is a subscript on a known statistic followed by its parenthesis:
    ``callee`` is then the function of its own (noted); else ``k``."""
    if not (callee.get("known") in LABELLED_STATISTICS and k < len(nodes) and isinstance(nodes[k], Token)
            and nodes[k].is_op("_")):
        return k
    sub, after, sp = _arg(nodes, k + 1, reader.source, "subscript")
    if not (after < len(nodes) and isinstance(nodes[after], Group) and nodes[after].kind == "paren"):
        return k
    name = reader.source[nodes[start].span.start : nodes[k].span.start].strip()
    label = plain_text(sub).strip()
    label = label[1:-1] if label.startswith("{") and label.endswith("}") else label
    word = str(callee["known"]).upper()
    callee["known"] = None
    callee["callee"] = AtomSpec(word, f"\\mathrm{{{word}}}", word=True, sub=SubscriptSpec(label, None),
                                readings=("function-label",), spelling=reader.source[nodes[start].span.start : sp.end])
    reader.add_note("function-label", Span(nodes[start].span.start, sp.end), {"name": name, "label": label})
    return after


def plain_extremum(reader: ExprReader, nodes: list[Node], start: int, j: int, callee: dict[str, object],
                   em: Emitter) -> int | None:
    """Plain text's ``min_i Q_i(s', a')``, ``max_a Q(s, a)`` (SAC and DQN pseudo-code): the word max or min typed
    without its backslash, a subscript right after it, is the operator ``\\min_i`` it stands for, as the word
    ``max(a, b)`` is the function ``\\max``; None for anything else."""
    from symdl.read.bigops import big_operator  # bigops reads with the expression reader, which reads calls

    letters = nodes[start:j]
    if not (callee.get("known") in ("max", "min") and letters and all(
            isinstance(n, Token) and n.kind == "letter" for n in letters)
            and j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].is_op("_")):
        return None
    op = Token("cmd", f"\\{callee['known']}", Span(letters[0].span.start, letters[-1].span.end))
    return big_operator(reader, [*nodes[:start], op, *nodes[j:]], start, em, False) + (j - start - 1)
