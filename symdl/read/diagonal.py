"""Nielsen's ``\\Sigma'(z)``: the diagonal matrix with ``\\sigma'(z_j)`` on its diagonal (Neural Networks and Deep
Learning, ch. 2, the matrix form of BP2: ``\\delta^l = \\Sigma'(z^l) (w^{l+1})^T \\delta^{l+1}``); beside an unprimed
``\\Sigma`` (a covariance) it is refused by name.

Where the formula writes ``\\Sigma`` only primed and applied (never as a matrix of its own, a covariance), each
``\\Sigma'(z) F`` — the diagonal matrix times the factors ``F`` after it, to the end of its term — is
``(\\sigma'(z) \\odot (F))``: a diagonal matrix times a column is the entry-wise product with its diagonal (noted
``sigma-prime-diagonal``).  ``\\Sigma'(z)`` with nothing after it (the matrix alone) is refused by name; a term with
``\\ldots`` is left to the reader, which refuses it."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from symdl.errors import NotSupported, Span
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, is_group, strip_space, tokens_in

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader

#: tokens that end a term: a sign, a relation, a separator
_STOPS = {"+", "-", "=", ",", ";", "&"}
_STOP_CMDS = {"\\leftarrow", "\\gets", "\\approx", "\\simeq", "\\equiv", "\\triangleq", "\\quad", "\\qquad", "\\\\",
              "\\rightarrow", "\\to"}
_DOTS = {"\\ldots", "\\cdots", "\\dots", "\\dotsb", "\\dotsm"}


def _primes_end(nodes: list[Node], k: int) -> int:
    """The index after the primes at ``k`` (``'``, ``''``, ``^\\prime``, ``^{\\prime}``); ``k`` when there are none."""
    while k < len(nodes):
        n = nodes[k]
        if isinstance(n, Token) and n.is_op("'"):
            k += 1
        elif (isinstance(n, Token) and n.is_op("^") and k + 1 < len(nodes)
              and [t.text for t in _flat(nodes[k + 1]) if isinstance(t, Token)] == ["\\prime"]):
            k += 2
        else:
            break
    return k


def _flat(node: Node) -> list[Node]:
    return strip_space(node.children) if is_group(node, "brace") else [node]  # type: ignore[union-attr]


def _skip(nodes: list[Node], k: int) -> int:
    while k < len(nodes) and isinstance(nodes[k], Token) and nodes[k].kind == "space":
        k += 1
    return k


def _applied(nodes: list[Node], i: int) -> tuple[int, int] | None:
    """``\\Sigma'(z)`` at ``i``: (the index of its parenthesis, the index after it), or None."""
    n = nodes[i]
    if not (isinstance(n, Token) and n.is_cmd("\\Sigma")):
        return None
    j = _primes_end(nodes, i + 1)
    g = _skip(nodes, j)
    if j == i + 1 or g >= len(nodes) or not is_group(nodes[g], "paren"):
        return None
    return g, g + 1


def _sigmas(nodes: list[Node]) -> tuple[list[Span], bool]:
    """Where the formula writes ``\\Sigma'(z)``, and whether it writes ``\\Sigma`` otherwise too (a matrix Σ)."""
    applied: list[Span] = []
    other = False
    for seq, i, n in tokens_in(nodes):
        if n.is_cmd("\\Sigma"):
            found = _applied(seq, i)
            if found is None:
                other = True
            else:
                applied.append(Span(n.span.start, seq[found[0]].span.end))
    return sorted(applied, key=lambda s: s.start), other


def _term_end(nodes: list[Node], k: int) -> int:
    for j in range(k, len(nodes)):
        n = nodes[j]
        if isinstance(n, Token) and ((n.kind == "op" and n.text in _STOPS) or (n.kind == "cmd" and n.text in _STOP_CMDS)
                                     or n.kind == "newline"):
            return j
    return len(nodes)


def diagonal_primes(reader: ExprReader, nodes: list[Node]) -> list[Node]:
    """``\\Sigma'(z) F`` → ``(\\sigma'(z) \\odot (F))`` throughout, when the formula uses Σ only so (module doc)."""
    applied, other = _sigmas(nodes)
    if applied and other:
        span = applied[0]
        raise reader.error(NotSupported, f"{reader.source[span.start:span.end]} beside a matrix \\Sigma: Nielsen's "
                           "diagonal matrix of \\sigma'(z), or the derivative of a function \\Sigma?", span,
                           "write \\sigma'(z) \\odot v for Nielsen's product, or name the function (g'(z))")
    return _rewrite(reader, nodes) if applied else nodes


def _rewrite(reader: ExprReader, nodes: list[Node]) -> list[Node]:
    out: list[Node] = []
    i = 0
    while i < len(nodes):
        n = nodes[i]
        found = _applied(nodes, i)
        if found is None:
            out.append(replace(n, children=_rewrite(reader, n.children)) if isinstance(n, Group) else n)
            i += 1
            continue
        g, after = found
        end = _term_end(nodes, after)
        rest = strip_space(nodes[after:end])
        if any(isinstance(t, Token) and t.kind == "cmd" and t.text in _DOTS for t in rest):
            out.extend(nodes[i:end])  # Nielsen's full form with \ldots: the reader refuses the dots by name
            i = end
            continue
        span = Span(n.span.start, nodes[g].span.end)
        if not rest:
            raise reader.error(NotSupported, f"{reader.source[span.start:span.end]} on its own (Nielsen's diagonal "
                               "matrix of \\sigma'(z))", span, "write its product with a vector, \\Sigma'(z) v "
                               "(read as \\sigma'(z) \\odot v), or the vector of its diagonal, \\sigma'(z)")
        whole, paren = Span(n.span.start, rest[-1].span.end), nodes[g].span
        reader.add_note("sigma-prime-diagonal", whole, {"matrix": reader.source[span.start : span.end],
                                                        "vector": reader.source[paren.start + 1 : paren.end - 1],
                                                        "rest": reader.source[rest[0].span.start : whole.end]})
        sigma = Token("cmd", "\\sigma", n.span)
        odot = Token("cmd", "\\odot", Span(nodes[g].span.end, nodes[g].span.end))
        operand = Group(_rewrite(reader, rest), Span(rest[0].span.start, whole.end), "paren")
        inner = [sigma, *nodes[i + 1 : g], replace(nodes[g], children=_rewrite(reader, nodes[g].children)),  # type: ignore[arg-type]
                 odot, operand]
        out.append(Group(inner, whole, "paren"))
        i = end
    return out
