r"""The Dirac delta ``\delta(x - x_n)``: refused by name.

A plain ``\delta`` before a parenthesised name (``\delta(t)``) or a difference of two names (Bishop's empirical
density ``p(x) = \frac{1}{N}\sum_n \delta(x - x_n)``) is the Dirac delta, a distribution with no value at a point:
symdl cannot evaluate it, and read as a product it would be the number δ times the difference, silently.  The
Dirac measure at a point, ``\delta_{\mathbf{x}_i}(\mathbf{x})`` (Murphy's empirical distribution: a name as
subscript, not indices), is refused too.  The Kronecker delta ``\delta_{ij}`` (indices as subscript) is read; δ as
an activation of a matrix-vector product or a bold vector (SE-Net's ``\delta(\mathbf{W}_1 \mathbf{z})``, rule
``call-activation``) is read; a δ the formula defines (``\delta(x) = ...``) is its own function.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from symdl.errors import NotSupported, Span
from symdl.read.lexer import Token
from symdl.read.syntax import AtomSpec, Node, plain_text, seq_span, strip_space

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader


def refuse_dirac(reader: ExprReader, spec: AtomSpec, inner: list[Node], span: Span) -> None:
    """Raise :class:`NotSupported` if ``spec`` applied to ``inner`` is the Dirac delta (module docstring)."""
    if not (spec.base == "delta" and spec.greek and not spec.bold and not spec.decorations and spec.sample is None
            and spec.layer is None and not spec.primes and not spec.transpose):
        return
    if spec.base in reader.function_names or (spec.sub is not None and spec.sub.terms is not None):
        return  # \delta(x) = ...: the formula's own δ; \delta_{ij}(...): Kronecker's, times the bracket
    terms = _terms(strip_space(inner))
    names = [_name(reader, t) for t in terms or ()]
    if not names or None in names or (len(names) == 1 and names[0].bold and spec.sub is None):  # type: ignore
        return  # \delta(\mathbf{z}): an activation (call-activation)
    inner_span = seq_span(inner, span)
    text = reader.source[inner_span.start : inner_span.end]
    raise NotSupported(
        f"the Dirac delta {reader.source[span.start : span.end]}: a distribution with no value at a point (an "
        "empirical density's spike), not evaluated; as a product it would be the number \\delta times the bracket",
        source=reader.source, span=span,
        hint=f"for the Kronecker delta write \\delta_{{ij}}; for a product write \\delta \\cdot ({text}); for a "
        "smoothed density write its kernel (\\mathcal{N}(x | x_n, h^2))")


def _terms(inner: list[Node]) -> list[list[Node]] | None:
    """The argument as one term, or two terms around one top-level minus (``x - x_n``); else None."""
    minus = [i for i, n in enumerate(inner) if isinstance(n, Token) and n.is_op("-")]
    if not minus:
        return [inner] if inner else None
    if len(minus) != 1 or minus[0] == 0:
        return None
    return [strip_space(inner[: minus[0]]), strip_space(inner[minus[0] + 1 :])]


def _name(reader: ExprReader, nodes: list[Node]) -> AtomSpec | None:
    """The name ``nodes`` are, with no power (``x``, ``x_n``, ``\\mathbf{x}_n``, ``\\tau``), not δ itself; else None."""
    from symdl.read.callorproduct import bare_atom  # that module calls this one

    spec = bare_atom(nodes, reader.source)
    if spec is None and len(nodes) > 2 and isinstance(nodes[-2], Token) and nodes[-2].is_op("^") \
            and plain_text([nodes[-1]]).strip("{} ").isalpha():  # a spike train's t_j^k: spike k of neuron j
        spec = bare_atom(nodes[:-2], reader.source)
    return spec if spec is not None and spec.base != "delta" else None


def delta_indicator_at(nodes: list[Node], i: int) -> bool:
    """Is ``nodes[i]`` a plain ``\\delta`` right before a parenthesis holding one equality of two sides (Wen et al.'s
    center loss ``\\delta(y_i = j)``): the indicator of that condition (as Iverson's bracket), not the Dirac delta?"""
    from symdl.read.environments import comparisons
    from symdl.read.syntax import is_group

    group = nodes[i + 1] if i + 1 < len(nodes) else None
    if not is_group(group, "paren"):
        return False
    found = comparisons(group.children)  # type: ignore[union-attr]
    return len(found) == 1 and found[0][1] in ("=", "==") and bool(strip_space(group.children[: found[0][0]]))  # type: ignore[union-attr]
