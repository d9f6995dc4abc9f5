r"""An evaluation bar written without its ``\left.``: Bishop's momentum ``-\eta \nabla E|_{\mathbf{w}^{(\tau)}}``,
Hertz, Krogh & Palmer's ``\frac{\partial H}{\partial w_{mn}}\Big|_{\{w_{ij}^{(t)}\}}``, movement pruning's
``\frac{\partial L}{\partial c_j}\bigg|_{\mathbf{c}=\mathbf{1}}``.

A bar (maybe sized, ``\Big|``) with a subscript right after it, and no bar before it in its term to close, opens no
absolute value (an opening bar takes no subscript): it closes an evaluation of the term before it.  That term, from
the last ``+``, ``-`` or relation at its level, is wrapped as ``\left. \dots \right|`` and read by
:mod:`symdl.read.evalbar` (a point ``x = a`` below the bar reads; a bare point is refused there by name).  Before, the
bar was "never closed".
"""

from __future__ import annotations

from dataclasses import replace

from symdl.errors import Span
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node

#: what ends a term at one level: a sign, a relation, a row or column break, a comma
_ENDS = frozenset({"+", "-", "=", "&", ",", "\\\\", "\\leftarrow", "\\gets", ":=", "\\approx", "\\quad", "\\qquad",
                   "<", ">", "\\le", "\\leq", "\\ge", "\\geq", "\\equiv", "\\triangleq", "\\doteq"})
#: size commands a bar may carry
_SIZES = frozenset({"\\big", "\\Big", "\\bigg", "\\Bigg", "\\bigr", "\\Bigr", "\\biggr", "\\Biggr", "\\right"})


def bare_evaluation_bars(nodes: list[Node]) -> list[Node]:
    """``nodes`` (and their groups) with each bare evaluation bar's term wrapped as ``\\left. ... \\right|``."""
    out: list[Node] = []
    start = 0  # where the current term starts in ``out``
    bars = 0  # the bars of the current term so far (an absolute value's open one makes the count odd)
    for n in nodes:
        if isinstance(n, Group):
            out.append(replace(n, children=bare_evaluation_bars(n.children)))
            continue
        if isinstance(n, Token) and n.text in _ENDS and n.kind != "letter" and bars % 2 == 0:  # (|1 - wy|_+: a sign
            # inside an open absolute value ends no term)
            out.append(n)
            start, bars = len(out), 0
            continue
        if isinstance(n, Token) and n.is_op("_") and out and _bar(out[-1]) and bars == 1:  # its term's only bar
            bar = out.pop()
            while out and isinstance(out[-1], Token) and out[-1].text in _SIZES:
                out.pop()
            body = out[start:] if any(not (isinstance(m, Token) and m.kind == "space") for m in out[start:]) else []
            if body:
                dot = Token("op", ".", Span(body[0].span.start, body[0].span.start))
                group = Group(list(body), Span(body[0].span.start, bar.span.end), "delim", dot, bar, left=True)
                del out[start:]
                out.append(group)
                bars -= 1
            else:
                out.append(bar)
        elif _bar(n):
            bars += 1
        out.append(n)
    return out


def _bar(n: Node) -> bool:
    return isinstance(n, Token) and n.is_op("|")

