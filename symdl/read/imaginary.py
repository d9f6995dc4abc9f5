r"""The imaginary unit in an exponent of e: refused by name.

RoPE (Su et al.) rotates by ``f_q(\boldsymbol{x}_m, m) = (\boldsymbol{W}_q \boldsymbol{x}_m) e^{im\theta}``, and a
Fourier basis is ``e^{-2\pi i k n / N}``: the letter ``i`` there is the imaginary unit.  The letter ``i`` (or the
engineers' ``j``, the torch.stft docs' ``\exp(-j \frac{2\pi \omega k}{n\_fft})``) is the imaginary unit, and symdl
refuses the formula by name, where an exponent of e (``e^{...}``, ``\exp(...)``) writes it bare (not a subscript) and

- that exponent holds an angle or a frequency (θ, ω, φ, π) and the letter stands right beside it (``2\pi i kn``,
  ``i\theta_k``), whatever else the letter is in the formula (an index of X_i too), or is written nowhere outside the
  exponents of e; or
- it is the first factor of the exponent, right before a letter (the characteristic function's ``E[e^{itX}]``), and
  is written nowhere outside the exponents of e (the moment generating function's ``E[e^{tX}]`` stays).

symdl reads real-valued formulas, and as a real variable i (the reading before) the rotation would silently be a real
exponential growth.
"""

from __future__ import annotations

from symdl.errors import NotSupported, Span
from symdl.read.extents import _skip_space
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, is_group, leaf_tokens

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
        elif n.text == "\\exp" and is_group(nxt, "paren", "set", "bracket", "delim"):
            assert isinstance(nxt, Group)
            out.append(nxt.children)
    return out


#: the letters that name the imaginary unit: i, and the engineers' j (the torch.stft docs' exp(-j 2\pi \omega k / N))
UNITS = frozenset({"i", "j"})


def _bare_units(nodes: list[Node], unit: str) -> list[Token]:
    """The letters ``unit`` of ``nodes`` not in a subscript (``x_i``, ``x_{ij}``), inside groups too."""
    out: list[Token] = []
    for j, n in enumerate(nodes):
        prev = nodes[j - 1] if j else None
        if isinstance(prev, Token) and prev.is_op("_"):
            continue
        if isinstance(n, Group):
            out.extend(_bare_units(n.children, unit))
        elif n.kind == "letter" and n.text == unit:
            out.append(n)
    return out


def _solid(tokens: list[Token]) -> list[Token]:
    """``tokens`` without spaces and without ``\\cdot``."""
    return [t for t in tokens if t.kind not in ("space", "newline") and not t.is_cmd("\\cdot", "\\,", "\\;", "\\ ")]


def _beside_angle(tokens: list[Token], unit: Token) -> bool:
    """Is ``unit`` written right beside an angle or a frequency (``2\\pi i``, ``i\\theta``, ``i\\omega t``)?"""
    solid = _solid(tokens)
    k = next(n for n, t in enumerate(solid) if t is unit)
    return any(0 <= m < len(solid) and solid[m].text in ANGLES for m in (k - 1, k + 1))


def _leads_product(exponent: list[Node], unit: Token) -> bool:
    """Is ``unit`` the first factor of the exponent, right before a letter (``e^{itX}``, ``e^{-itx}``)?"""
    solid = _solid([n for n in exponent if isinstance(n, Token)])
    if solid and solid[0].is_op("-", "+"):
        solid = solid[1:]
    return len(solid) >= 2 and solid[0] is unit and solid[1].kind in ("letter", "cmd") and unit.text == "i"


def _unit_in(nodes: list[Node], exponents: list[list[Node]], unit: str) -> Token | None:
    """The first imaginary unit ``unit`` in the exponents of e of ``nodes``, or None.

    It is one where the exponent also holds an angle or a frequency and the letter is either written right beside it
    (``2\\pi i kn``: whatever else i is in the formula) or nowhere outside the exponents of e; or where it is the
    first factor of an exponent before a letter and nowhere outside them (the characteristic function's e^{itX})."""
    every = [t for t in leaf_tokens(nodes) if t.kind == "letter" and t.text == unit]
    if not every:
        return None
    inside = {id(t) for e in exponents for t in leaf_tokens(e)}
    only_inside = all(id(t) in inside for t in every)
    for exponent in exponents:
        tokens = leaf_tokens(exponent)
        units = _bare_units(exponent, unit)
        angle = any(t.text in ANGLES for t in tokens)
        for u in units:
            if angle and (only_inside or _beside_angle(tokens, u)):
                return u
            if only_inside and _leads_product(exponent, u):
                return u
    return None


def refuse_imaginary_unit(nodes: list[Node], source: str) -> None:
    """Raise :class:`NotSupported` at the first imaginary unit ``i`` or ``j`` (module docstring)."""
    exponents = _exponents(nodes)
    for unit in sorted(UNITS):
        found = _unit_in(nodes, exponents, unit)
        if found is None:
            continue
        raise NotSupported(
            f"the imaginary unit {unit} in an exponent of e (a rotation, RoPE's e^{{im\\theta}}; a Fourier basis "
            f"e^{{2\\pi i kn/N}}; a characteristic function E[e^{{itX}}]): symdl reads real-valued formulas, and as a "
            f"real number {unit} it would be an exponential growth",
            source=source,
            span=Span(found.span.start, found.span.end),
            hint="write the rotation with cos and sin: e^{im\\theta} = \\cos(m\\theta) + i\\sin(m\\theta), the real "
            "and imaginary parts as two real formulas (RoPE's 2x2 rotation [[\\cos m\\theta, -\\sin m\\theta], "
            "[\\sin m\\theta, \\cos m\\theta]]; a DFT's real part \\sum_n x_n \\cos(2\\pi kn/N))",
        )
