"""A name applied at a point: a parenthesis that holds one number, or exactly the parameters of the function the
statement defines, is the name's argument, not a factor.

- ``call-at-number``: the potential outcomes ``Y(1) - Y(0)`` (Rubin; the causal-inference texts' treatment effect),
  a neural ODE's initial state ``h(0)``, ``\\tau(1)``: nobody multiplies a letter by a number written in parentheses
  after it (``2\\tau``, ``\\tau \\cdot 2``), so the value of the function at that number;
- ``call-of-defined-parameter``: in ``\\mathrm{CATE}(x) = \\mu_1(x) - \\mu(x)``, ``\\tau(x) = ...`` a name applied to
  exactly the parameters of the function the statement defines is a function of them (the conditional mean
  \\mu(x)), as the other side is.
"""

from __future__ import annotations

import re

from symdl.read.syntax import AtomSpec, Node, plain_text, statement_start

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?\Z")
#: the left side of a definition of a function: a name (maybe subscripted, super-scripted, in a font), then its
#: parameters in parentheses, then = or := (``\tau(x) =``, ``\mathrm{CATE}(x) :=``)
_DEFINED = re.compile(r"\s*\\?[A-Za-z]+(?:\{[A-Za-z]+\})?(?:[_^](?:\{[^{}]*\}|\\?[A-Za-z0-9*]+))*\s*"
                      r"(?:\\left)?\(([^()]*)(?:\\right)?\)\s*(?::=|=|\\triangleq|\\coloneqq)")


def pointwise(source: str, spec: AtomSpec, inner: list[Node], at: int) -> str:
    """The rule that makes ``name(inner)`` at ``at`` a call by its argument alone, or ``""``."""
    text = "".join(plain_text(inner).split())
    latex = spec.spelling or spec.base_latex
    if _NUMBER.match(text) and not re.search(rf"(?<![A-Za-z\\]){re.escape(latex)}(?![A-Za-z_^({{])", source[at:]
                                              + " " + source[: max(0, at - len(latex))]):
        return "call-at-number"  # y = w(2) + w: w is written alone as a value, so w times 2
    start = statement_start(source, at)
    m = _DEFINED.match(source, start)
    if m is None or m.end() > at or not text:
        return ""
    params = "".join(m.group(1).split())
    return "call-of-defined-parameter" if params == text else ""
