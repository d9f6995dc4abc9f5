r"""A differential equation written with plain letters: the SDE ``d\mathbf{x} = \mathbf{f}(\mathbf{x}, t)dt +
g(t)d\mathbf{w}``, the probability-flow ODE ``dx = -\dot\sigma \sigma \nabla \log p \, dt``.  A left side that is d
before a name, with ``dt`` as a factor on the right, states how the name changes in time; read as names, dx = ... dt
was an assignment of a number dx, silently (``\mathrm{d}x`` is refused where it is read, :mod:`symdl.read.atombase`).
Ng's gradient names (``dW = \frac{1}{m} dZ A^T``) have no dt and are read as before."""

from __future__ import annotations

import re

from symdl.errors import NotSupported, Span
from symdl.read.syntax import Node, seq_span

_LEFT = re.compile(r"^\s*(d\s*(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*\\?[A-Za-z]+\s*\}|[A-Za-z])"
                   r"(?:_\{[^{}]*\}|_\w)?)\s*=")
_DT = re.compile(r"(?<![A-Za-z\\])dt(?![A-Za-z])")


def refuse_plain_differentials(part: list[Node], source: str) -> None:
    """Refuse a statement ``d<name> = ... dt ...`` (see the module).

    Raises:
        NotSupported: naming the differential and how to write the equation.
    """
    span = seq_span(part, Span(0, len(source)))
    text = source[span.start : span.end]
    left = _LEFT.match(text)
    if left is None or _DT.search(text, left.end()) is None:
        return
    raise NotSupported(
        f"a differential equation ({left.group(1).strip()} = ... dt): how a name changes in time, not a value; "
        "differential equations are not read", source=source,
        span=Span(span.start + left.start(1), span.start + left.end(1)),
        hint="write the derivative, \\frac{dx}{dt} = f(x, t), or a discrete step x_{t+1} = x_t + f(x_t, t) \\Delta t")
