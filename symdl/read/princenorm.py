r"""``norm-density``: Prince's normal density ``\mathrm{Norm}_{\mathbf{x}}[\boldsymbol{\mu}, \boldsymbol{\Sigma}]``.

*Understanding Deep Learning* (2023) writes every normal density so: the variable as a subscript, the mean and the
covariance in square brackets (``q(\mathbf{z}_t | \mathbf{x}) = \mathrm{Norm}_{\mathbf{z}_t}[\sqrt{\alpha_t}
\mathbf{x}, (1 - \alpha_t)\mathbf{I}]``).  It is read as ``\mathcal{N}(\mathbf{x}; \boldsymbol{\mu},
\boldsymbol{\Sigma})``, the density at the subscript, noted; before, a function named ``Norm_{z_t}`` of two
arguments, whose value did not depend on z_t, silently.
"""

from __future__ import annotations

from symdl.errors import Note, Span
from symdl.read.lexer import Token
from symdl.read.notes import note, quote
from symdl.read.syntax import Group, Node, is_group, plain_text, rewrite_nodes, strip_space


def norm_densities(nodes: list[Node], source: str, notes: list[Note]) -> list[Node]:
    """``nodes`` with every ``\\mathrm{Norm}_{x}[m, s]`` as ``\\mathcal{N}(x; m, s)`` (see the module); in groups
    too."""
    return rewrite_nodes(nodes, lambda ns, k, out: _norm_density(ns, k, out, source, notes))


def _norm_density(nodes: list[Node], k: int, out: list[Node], source: str, notes: list[Note]) -> int | None:
    """The density at ``nodes[k]`` onto ``out`` as ``\\mathcal{N}(x; m, s)``; the index after it, else None."""
    if (found := _norm_at(nodes, k)) is None:
        return None
    sub, bracket, end = found
    n = nodes[k]
    span = Span(n.span.start, bracket.span.end)
    notes.append(note("norm-density", span, {"text": quote(source[span.start : span.end])}))
    at = Span(n.span.start, n.span.start)
    args = [*strip_space(sub), Token("op", ";", at), *norm_densities(bracket.children, source, notes)]
    out += [Token("cmd", "\\mathcal", at), Group([Token("letter", "N", at)], at, "brace"),
            Group(args, bracket.span, "paren", bracket.open, bracket.close)]
    return end


def _norm_at(nodes: list[Node], k: int) -> tuple[list[Node], Group, int] | None:
    """``(subscript nodes, bracket, index after it)`` if ``\\mathrm{Norm}_{...}[...]`` starts at ``nodes[k]``."""
    n = nodes[k]
    if not (isinstance(n, Token) and n.is_cmd("\\mathrm", "\\text", "\\operatorname") and k + 4 < len(nodes)):
        return None
    word, script, sub, bracket = nodes[k + 1], nodes[k + 2], nodes[k + 3], nodes[k + 4]
    if not (is_group(word, "brace") and plain_text(word.children).strip() == "Norm"):  # type: ignore[union-attr]
        return None
    if not (isinstance(script, Token) and script.is_op("_") and is_group(bracket, "bracket", "delim")):
        return None
    children = sub.children if is_group(sub, "brace") else [sub]  # type: ignore[union-attr]
    return children, bracket, k + 5  # type: ignore[return-value]
