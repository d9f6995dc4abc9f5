"""Distribution statements: ``W \\sim U[-a, a]`` (Glorot & Bengio's eq. 16), ``w \\sim \\mathcal{N}(0, 2/n_l)``
(He et al. 2015), and a distribution written alone (the PyTorch docs' ``\\mathcal{N}(0, \\text{std}^2)``).

A formula that only says how a name is drawn has nothing to evaluate, but it states the distribution's
parameters, which name an initialisation (a variance 2/fan_in is He's).  Its right side is read as a
:class:`symdl.functions.Distribution` of its parameters (``Uniform(a, b)``, ``Normal(mean, variance)``,
``Bernoulli(p)``), the statement as kind ``distribution`` (target: the drawn name).  The second parameter of a
normal distribution is its variance, as these sources write it; that choice is noted (``normal-variance``).
Beside a statement that computes something (the VAE's ``\\epsilon \\sim \\mathcal{N}(0, I)``) a draw stays set
aside, as :func:`symdl.read.clauses.set_aside_draws` does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from symdl.errors import NotSupported, Span
from symdl.functions import DISTRIBUTIONS, Normal
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, Parsed, is_group, placeholder_text, plain_text, seq_span, strip_space

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader

#: font commands a distribution's name is written in (\mathcal{N}, \mathrm{Bernoulli}, \text{Uniform})
_FONTS = ("\\mathcal", "\\mathrm", "\\text", "\\textrm", "\\operatorname", "\\mathscr", "\\mathsf")
#: names written as bare letters, read as a distribution only after \sim (elsewhere U(x), N(x) are functions)
_LETTERS = ("U", "N")


def distribution_head(nodes: list[Node], *, after_sim: bool) -> tuple[str, int] | None:
    """The distribution's name ``nodes`` start with (``\\mathcal{N}``, ``U`` after ``\\sim``) and the index after
    it, or None."""
    if not nodes or not isinstance(nodes[0], Token):
        return None
    first = nodes[0]
    if first.kind == "letter" and after_sim and first.text in _LETTERS:
        return first.text, 1
    if first.is_cmd(*_FONTS) and len(nodes) > 1 and is_group(nodes[1], "brace"):
        name = plain_text(nodes[1].children).strip()  # type: ignore[union-attr]
        if name in DISTRIBUTIONS and (after_sim or len(name) > 1 or first.is_cmd("\\mathcal")):
            return name, 2
    return None


def distribution_nodes(nodes: list[Node], *, after_sim: bool) -> tuple[str, Group] | None:
    """``nodes`` as a distribution: its name and its bracket of parameters, when they are exactly that
    (``U\\left[-a, a\\right]``, ``\\mathcal{N}(0, 1)``); None otherwise."""
    nodes = strip_space(nodes)
    head = distribution_head(nodes, after_sim=after_sim)
    if head is None:
        return None
    rest = strip_space(nodes[head[1] :])
    if len(rest) != 1 or not is_group(rest[0], "paren", "bracket"):
        return None
    group: Group = rest[0]  # type: ignore[assignment]
    if any(isinstance(n, Token) and (n.is_op(";", "|") or n.is_cmd("\\mid")) for n in group.children):
        return None  # \mathcal{N}(x; \mu, \sigma^2), \mathcal{N}(x \mid \mu, \Sigma): a density at x, not this
    return head[0], group


def read_distribution(reader: ExprReader, nodes: list[Node], where: Span, *, after_sim: bool) -> Parsed | None:
    """Read ``nodes`` as a distribution (one placeholder of kind ``distribution``), or None when they are not
    one; a distribution with the wrong number of parameters is refused by name."""
    from symdl.read.constructs import split_top
    from symdl.read.emit import Emitter

    found = distribution_nodes(nodes, after_sim=after_sim)
    if found is None:
        return None
    name, group = found
    cls = DISTRIBUTIONS[name]
    params = [strip_space(p) for p in split_top(group.children, ",")]
    span = seq_span(strip_space(nodes), where)
    takes = max(cls.nargs)  # type: ignore[arg-type]
    if len(params) != takes or not all(params):
        raise reader.error(NotSupported, f"the distribution {reader.source[span.start:span.end]} with "
                           f"{len(params)} parameters ({cls.__name__} takes {takes})", span,
                           "write U[a, b], \\mathcal{N}(\\mu, \\sigma^2) or \\mathrm{Bernoulli}(p)")
    args = [reader.read(p, seq_span(p, group.span)) for p in params]
    ph = reader.new("distribution", span, cls=cls, args=args)
    if cls is Normal:
        reader.add_note("normal-variance", span, {"var": reader.source[args[1].span.start : args[1].span.end]})
    em = Emitter()
    em.placeholder(ph.id, span)
    return Parsed(reader._parse(em, span), span, placeholder_text(ph.id))


def sim_position(nodes: list[Node]) -> int | None:
    """The index of the one top-level ``\\sim`` of a statement (``W \\sim U[-a, a]``), or None."""
    where = [k for k, n in enumerate(nodes) if isinstance(n, Token) and n.is_cmd("\\sim")]
    return where[0] if len(where) == 1 else None
