"""Integrals as probability texts write them: Bishop's KL divergence ``-\\int p(\\mathbf{x}) \\ln\\left\\{
\\frac{q(\\mathbf{x})}{p(\\mathbf{x})}\\right\\} \\mathrm{d}\\mathbf{x}`` (eq. 1.113), his expectation
``\\mathbb{E}[f] = \\int p(x) f(x) \\, dx`` (eq. 1.34), ``\\int_{-\\infty}^{\\infty} f(x)\\,dx``.

The integral reaches from ``\\int`` (and its bounds) to its differential, ``dx``, ``d\\mathbf{x}``, ``\\mathrm{d}x``
or ``\\text{d}x`` (a ``d`` before a name, the first after the ``\\int``); it is one factor of its term.  It is read as
:class:`sympy.Integral` of the body over the differential's variable (a vector variable integrates over a plain
symbol of its name: the integral is over the space its values range over, noted ``integral-vector``), kept
unevaluated.  An integral with no
differential is refused by name.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from symdl.errors import NotSupported, SymdlError
from symdl.read.atoms import _arg, read_atom
from symdl.read.extents import _skip_space
from symdl.read.lexer import Token
from symdl.read.syntax import Node, Span, is_group, plain_text, seq_span, strip_space

if TYPE_CHECKING:
    from symdl.read.emit import Emitter
    from symdl.read.expr import ExprReader

#: commands an upright differential d is written in (\mathrm{d}x)
_UPRIGHT = ("\\mathrm", "\\text", "\\operatorname", "\\textrm", "\\mathit")


def _differential(nodes: list[Node], k: int, source: str) -> tuple[int, int] | None:
    """``(start, end)`` of the variable of a differential starting at ``nodes[k]`` (``dx``, ``\\mathrm{d}\\mathbf{x}``),
    or None when no differential starts there."""
    n = nodes[k]
    if not isinstance(n, Token):
        return None
    if n.kind == "letter" and n.text == "d":
        start = k + 1
    elif n.is_cmd(*_UPRIGHT) and k + 1 < len(nodes) and is_group(nodes[k + 1], "brace") \
            and plain_text(nodes[k + 1].children).strip() == "d":  # type: ignore[union-attr]
        start = k + 2
    else:
        return None
    start = _skip_space(nodes, start)
    if start >= len(nodes) or not isinstance(nodes[start], Token) or nodes[start].kind not in ("letter", "cmd"):
        return None
    try:
        _, end, power = read_atom(nodes, start, source)
    except SymdlError:
        return None
    return None if power is not None else (start, end)


#: what ends an integrand written after its differential: a relation, or a plus or minus of its side
_RELATIONS = ("=", "<", ">", "+", "-")


def _leading_differential(nodes: list[Node], j: int, source: str) -> tuple[list[Node], int | None]:
    """Roberts & Yaida's Gaussian average ``\\int_{-\\infty}^{\\infty} \\frac{dz}{\\sqrt{2\\pi K}} e^{-z^2/2K}
    F(z)``: a fraction right after the bounds whose numerator is the differential alone; the nodes with the
    numerator 1 and the differential moved to the end of the integrand (to its term's end: the side's end, its
    first relation, plus or minus),
    and where that end is in ``nodes`` (None: nothing moved)."""
    k = _skip_space(nodes, j)
    if not (k + 2 < len(nodes) and isinstance(nodes[k], Token) and nodes[k].is_cmd("\\frac")
            and is_group(nodes[k + 1], "brace") and is_group(nodes[k + 2], "brace")):
        return nodes, None
    num = strip_space(nodes[k + 1].children)  # type: ignore[union-attr]
    d = _differential(num, 0, source) if num else None
    if d is None or d[1] != len(num):
        return nodes, None
    end = next((m for m in range(k + 3, len(nodes)) if isinstance(nodes[m], Token) and (
        nodes[m].text in _RELATIONS or nodes[m].is_cmd("\\le", "\\ge", "\\leq", "\\geq", "\\approx"))), len(nodes))
    if end == k + 3:
        return nodes, None
    brace = nodes[k + 1]
    one = replace(brace, children=[Token("number", "1", brace.span)])
    space = Token("space", " ", Span(nodes[end - 1].span.end, nodes[end - 1].span.end))
    return [*nodes[:k], nodes[k], one, nodes[k + 2], *nodes[k + 3 : end], space, *num, *nodes[end:]], end


def integral(reader: ExprReader, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
    """``\\int_a^b f(x) \\, dx``: one placeholder of kind ``integral``; returns the index after its differential."""
    op = nodes[i]
    assert isinstance(op, Token)
    bounds: dict[str, list[Node]] = {}
    j = i + 1
    while True:
        j = _skip_space(nodes, j)
        if j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].is_cmd("\\limits", "\\nolimits"):
            j += 1
        elif j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].text in ("_", "^") \
                and nodes[j].text not in bounds:  # type: ignore[union-attr]
            script = nodes[j].text  # type: ignore[union-attr]
            bounds[script], j, _ = _arg(nodes, j + 1, reader.source, f"the integral's {script}")
        else:
            break
    nodes, moved = _leading_differential(nodes, j, reader.source)  # \int \frac{dz}{\sqrt{2\pi K}} e^{...} F(z)
    found = next(((k, d) for k in range(j, len(nodes)) if (d := _differential(nodes, k, reader.source))), None)
    if found is None or not strip_space(nodes[j : found[0]]):
        raise reader.error(NotSupported, "an integral without its differential (dx) after what it integrates",
                           op.span, "write \\int_a^b f(x) \\, dx or \\int p(\\mathbf{x}) f(\\mathbf{x}) "
                           "\\mathrm{d}\\mathbf{x}")
    k, (start, end) = found
    after = _skip_space(nodes, end)
    if after < len(nodes) and is_group(nodes[after], "paren"):  # Wasserman's \int (x - \mu)^2 \, dF(x): against F
        raise reader.error(NotSupported, "an integral against a distribution (dF(x), a Stieltjes integral)",
                           Span(nodes[k].span.start, nodes[after].span.end),
                           "write it with the density: \\int (x - \\mu)^2 p(x) \\, dx, or as an expectation "
                           "\\mathbb{E}[(X - \\mu)^2]")
    body = reader.read(nodes[j:k], seq_span(strip_space(nodes[j:k]), op.span))
    var = reader.read(nodes[start:end], seq_span(nodes[start:end], op.span))
    if ("_" in bounds) != ("^" in bounds):
        raise reader.error(NotSupported, "an integral with one bound (over a region, \\int_{\\Omega})", op.span,
                           "write both bounds, \\int_a^b, or none")
    if "_" in bounds:  # Integrated Gradients' \int_{\alpha=0}^{1} ... d\alpha: the variable named at its lower bound
        bounds["_"] = _named_start(reader, bounds["_"], nodes[start:end], op.span)
    limits = [reader.read(bounds[s], seq_span(bounds[s], op.span)) for s in ("_", "^") if s in bounds]
    span = Span(op.span.start, nodes[end - 1].span.end)
    if read_atom(nodes, start, reader.source)[0].bold:  # Bishop's \mathrm{d}\mathbf{x}
        reader.add_note("integral-vector", span, {"var": reader.source[var.span.start : var.span.end]})
    if moved is not None:  # the differential written first: the integral reaches to the side's end
        span = Span(op.span.start, nodes[moved - 1].span.end)  # (its last node keeps its index)
        reader.add_note("leading-differential", span, {"text": reader.source[op.span.start : span.end][:60]})
    ph = reader.new("integral", span, body=body, var=var, limits=limits)
    em.placeholder(ph.id, span)
    return end if moved is None else moved


def _named_start(reader: ExprReader, low: list[Node], var: list[Node], span: Span) -> list[Node]:
    """The lower bound of ``\\int_{\\alpha=0}^{1} ... d\\alpha`` written with its variable: the value after the ``=``
    (the variable must be the differential's); ``low`` as it is when it names none."""
    at = [k for k, n in enumerate(low) if isinstance(n, Token) and n.is_op("=")]
    if len(at) != 1:
        return low
    named, value = strip_space(low[: at[0]]), strip_space(low[at[0] + 1 :])
    if "".join(plain_text(named).split()) != "".join(plain_text(strip_space(var)).split()) or not value:
        raise reader.error(NotSupported, f"an integral whose lower bound names {plain_text(named)}, not its "
                           f"differential's variable {plain_text(var)}", span,
                           "name the same variable under the integral and in its differential")
    return value
