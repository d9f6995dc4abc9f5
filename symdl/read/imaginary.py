r"""The imaginary unit in an exponent of e: refused by name.

RoPE (Su et al.) rotates by ``f_q(\boldsymbol{x}_m, m) = (\boldsymbol{W}_q \boldsymbol{x}_m) e^{im\theta}``, and a
Fourier basis is ``e^{-2\pi i k n / N}``: the letter ``i`` there is the imaginary unit.  Where the formula writes ``i``
only inside exponents of e (``e^{...}``, ``\exp(...)``), never as an index, a sum's index or an argument, and that
exponent holds an angle or a frequency (θ, ω, φ, π), symdl refuses the formula by name: it reads real-valued formulas,
and as a real variable i (the reading before) the rotation would silently be a real exponential growth.
"""

from __future__ import annotations

from symdl.errors import NotSupported, Span
from symdl.read.extents import _skip_space
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, is_group

#: Greek letters that name an angle or a frequency in an exponent of e
ANGLES = frozenset({"\\theta", "\\vartheta", "\\omega", "\\phi", "\\varphi", "\\pi"})


def _exponents(nodes: list[Node]) -> list[list[Node]]:
    """The exponents of e written in ``nodes`` (``e^{...}``, ``\\exp(...)``), inside groups too."""
    out: list[list[Node]] = []
    for i, n in enumerate(nodes):
        if isinstance(n, Group):
            out.extend(_exponents(n.children))
            continue
        k = _skip_space(nodes, i + 1)
        nxt = nodes[k] if k < len(nodes) else None
        if n.kind == "letter" and n.text == "e" and isinstance(nxt, Token) and nxt.is_op("^") and k + 1 < len(nodes):
            arg = nodes[k + 1]
            out.append(arg.children if isinstance(arg, Group) else [arg])
        elif n.text == "\\exp" and is_group(nxt, "paren"):
            assert isinstance(nxt, Group)
            out.append(nxt.children)
    return out


def _flat(nodes: list[Node]) -> list[Token]:
    """The tokens of ``nodes`` and of every group inside them, in order."""
    return [t for n in nodes for t in (_flat(n.children) if isinstance(n, Group) else [n])]


def _bare_units(nodes: list[Node]) -> list[Token]:
    """The letters i of ``nodes`` not in a subscript (``x_i``, ``x_{ij}``), inside groups too."""
    out: list[Token] = []
    for j, n in enumerate(nodes):
        prev = nodes[j - 1] if j else None
        if isinstance(prev, Token) and prev.is_op("_"):
            continue
        if isinstance(n, Group):
            out.extend(_bare_units(n.children))
        elif n.kind == "letter" and n.text == "i":
            out.append(n)
    return out


def refuse_imaginary_unit(nodes: list[Node], source: str) -> None:
    """Raise :class:`NotSupported` at the first imaginary unit ``i`` (module docstring)."""
    every = [t for t in _flat(nodes) if t.kind == "letter" and t.text == "i"]
    if not every:
        return
    for exponent in _exponents(nodes):
        tokens = _flat(exponent)
        units = _bare_units(exponent)
        if not units or not any(t.text in ANGLES for t in tokens):
            continue
        inside = {id(t) for e in _exponents(nodes) for t in _flat(e)}
        if any(id(t) not in inside for t in every):
            return  # i is written outside the exponents too: an index, an argument, a name
        raise NotSupported(
            "the imaginary unit i in an exponent of e (a rotation, RoPE's e^{im\\theta}): symdl reads real-valued "
            "formulas, and as a real number i it would be an exponential growth",
            source=source,
            span=Span(units[0].span.start, units[0].span.end),
            hint="write the rotation with cos and sin: e^{im\\theta} = \\cos(m\\theta) + i\\sin(m\\theta), the real "
            "and imaginary parts as two real formulas (RoPE's 2x2 rotation [[\\cos m\\theta, -\\sin m\\theta], "
            "[\\sin m\\theta, \\cos m\\theta]])",
        )
