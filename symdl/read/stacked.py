r"""A relation with a word set over it, ``\stackrel{\text{def}}{=}``, ``\overset{\mathrm{def}}{=}``,
``\stackrel{\Delta}{=}`` (d2l's attention pooling ``\textrm{Attention}(\mathbf{q}, \mathcal{D})
\stackrel{\textrm{def}}{=} \sum_i \dots``): the relation below, as written without the word.

The word says why the relation holds (a definition, an assumption); it does not change what is related.  Only a
relation below is read so: ``\overset{!}{=}`` is ``=``, ``\stackrel{?}{\le}`` is ``\le``; anything else stacked
(``\overset{\sim}{x}``) is left as written, for the reader to refuse by name.  Only space set over a letter
(Watt, Borhani & Katsaggelos's ``\overset{\,}{y}_{p}``) is the letter itself, and a script of only space
(their ``\mathbf{w}_{c}^{\,}``) sets nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from symdl.errors import Span
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, is_blank, is_group, strip_space

#: the commands that set their first argument over their second
STACKING = ("\\stackrel", "\\overset")
#: relations a word may be stacked over
_BELOW = {
    "=",
    "<",
    ">",
    "\\le",
    "\\leq",
    "\\ge",
    "\\geq",
    "\\equiv",
    "\\approx",
    "\\simeq",
    "\\leftarrow",
    "\\gets",
    "\\sim",
    "\\propto",
    "\\triangleq",
    "\\doteq",
    "\\neq",
}


def stacked_relations(nodes: list[Node]) -> list[Node]:
    """``nodes`` with every ``\\stackrel{word}{rel}`` (and ``\\overset``) replaced by the relation ``rel``, spanning
    the whole construct, in groups too."""
    out: list[Node] = []
    k = 0
    while k < len(nodes):
        n = nodes[k]
        below = _below(nodes, k)
        if below is not None:
            out.append(Token(below.kind, below.text, Span(n.span.start, nodes[k + 2].span.end)))
            k += 3
            continue
        if _blank_over(nodes, k):  # Watt et al.'s \overset{\,}{y}_{p}: nothing set over y, y itself
            out.extend(stacked_relations(strip_space(nodes[k + 2].children)))  # type: ignore[union-attr]
            k += 3
            continue
        if isinstance(n, Token) and n.kind == "op" and n.text in ("^", "_") and k + 1 < len(nodes) \
                and _blank(nodes[k + 1]):
            k += 2  # their \mathbf{w}_{c}^{\,}: a script of only space sets nothing
            continue
        if isinstance(n, Token) and n.kind == "op" and n.text in ("^", "_") and k + 1 < len(nodes) \
                and is_group(nodes[k + 1], "brace") and nodes[k + 1].children and is_blank(nodes[k + 1].children[0]):  # type: ignore[union-attr]
            script = nodes[k + 1]  # their \mathbf{d}^{\,k-1}: the space TeX sets before k - 1, not part of it
            kept = list(script.children)  # type: ignore[union-attr]
            while kept and is_blank(kept[0]):
                kept.pop(0)
            out += [n, replace(script, children=stacked_relations(kept))]  # type: ignore[type-var]
            k += 2
            continue
        if isinstance(n, Group):
            out.append(replace(n, children=stacked_relations(n.children)))
        else:
            out.append(n)
        k += 1
    return out


#: words set over ``=`` that make it an equality in distribution (Bellemare et al.'s distributional Bellman
#: equation ``Z(x, a) \stackrel{D}{=} R(x, a) + \gamma Z(X', A')``)
_IN_DISTRIBUTION = frozenset({"D", "d", "\\mathcal{D}", "law", "\\mathcal{L}", "dist"})


def distribution_equalities(nodes: list[Node]) -> list[Span]:
    """The spans of the ``\\stackrel{D}{=}`` (``\\overset{d}{=}``, ``law``) in ``nodes``, groups too: an equality of
    distributions, which symdl reads as one of values (noted ``equal-in-distribution``)."""
    out: list[Span] = []
    for k, n in enumerate(nodes):
        if isinstance(n, Group):
            out += distribution_equalities(n.children)
        below = _below(nodes, k)
        if below is None or below.text != "=":
            continue
        over = nodes[k + 1]
        word = "".join(_text(c) for c in strip_space(over.children))  # type: ignore[union-attr]
        if word.replace("\\mathrm", "").replace("\\text", "").strip("{}") in _IN_DISTRIBUTION:
            out.append(Span(n.span.start, nodes[k + 2].span.end))
    return out


def _blank_over(nodes: list[Node], k: int) -> bool:
    """Is ``nodes[k]`` a stacking command with only space over its second argument (``\\overset{\\,}{y}``)?"""
    n = nodes[k]
    if not (isinstance(n, Token) and n.is_cmd(*STACKING) and k + 2 < len(nodes)):
        return False
    return _blank(nodes[k + 1]) and is_group(nodes[k + 2], "brace")


def _blank(n: Node) -> bool:
    """Is ``n`` a brace group of TeX's spaces only (``{\\,}``)?"""
    return is_group(n, "brace") and bool(n.children) and all(is_blank(c) for c in n.children)  # type: ignore[union-attr]


def _text(n: Node) -> str:
    return n.text if isinstance(n, Token) else "{" + "".join(_text(c) for c in n.children) + "}"


def _below(nodes: list[Node], k: int) -> Token | None:
    """The relation under the stacking command at ``nodes[k]``, or None when there is none."""
    n = nodes[k]
    if not (isinstance(n, Token) and n.is_cmd(*STACKING) and k + 2 < len(nodes)):
        return None
    over, under = nodes[k + 1], nodes[k + 2]
    if not (is_group(over, "brace") and is_group(under, "brace")):
        return None
    inner = strip_space(under.children)  # type: ignore[union-attr]
    if len(inner) == 1 and isinstance(inner[0], Token) and inner[0].text in _BELOW and inner[0].kind != "letter":
        return inner[0]
    return None


#: operators whose limits may be set under them, other than the optima (\min, \arg\min, minimize: those are
#: :mod:`symdl.read.optwords`'s): big operators, limits, bounds
_LIMITED = {"\\sum", "\\prod", "\\sup", "\\inf", "\\lim"}
#: wrappers whose braced argument names the expectation (``\mathbb{E}``, ``\mathrm{E}``, ``\operatorname{E}``)
_OPERATOR_WRAPPERS = {"\\mathbb", "\\mathrm", "\\operatorname", "\\mathop", "\\text", "\\mathcal", "\\mathbf"}
#: the expectation's letter, as an upright or blackboard wrapper holds it
_OPERATOR_WORDS = {"E"}


#: a rewrite at one position of a node list (see :func:`_rewritten`)
Rewrite = Callable[[list[Node], int, list[Span]], tuple[list[Node], int] | None]


def underset_limits(nodes: list[Node]) -> tuple[list[Node], list[Span]]:
    r"""``nodes`` with every ``\underset{below}{op}`` over the expectation or a big operator (the WGAN-GP's
    ``\underset{\tilde{x}\sim\mathbb{P}_g}{\mathbb{E}}[D(\tilde{x})]``, ``\underset{i}{\sum}``) as ``op_{below}``,
    TeX's limits of the operator, in groups too, and without ``\limits``/``\nolimits`` (they only place the scripts:
    ``\mathop{\mathbb{E}}\limits_{x}`` is ``\mathbb{E}_{x}``); and the spans of those rewritten.  An optimum under it
    (``\underset{\theta}{\arg\min}``) is :mod:`symdl.read.optwords`'s; anything else is left as written."""
    def underset(nodes: list[Node], k: int, spans: list[Span]) -> tuple[list[Node], int] | None:
        n = nodes[k]
        if isinstance(n, Token) and n.is_cmd("\\underset") and k + 2 < len(nodes) and _operator(nodes[k + 2]):
            below, op = nodes[k + 1], nodes[k + 2]
            assert isinstance(below, Group) and isinstance(op, Group)
            spans.append(Span(n.span.start, op.span.end))
            first, *rest = strip_space(op.children)
            assert isinstance(first, Token)  # the operator's command or letter: spanned from \underset on
            return [Token(first.kind, first.text, Span(n.span.start, first.span.end)), *rest, Token("op", "_", n.span),
                    below], 3
        if isinstance(n, Token) and n.is_cmd("\\limits", "\\nolimits"):  # only where TeX sets the scripts: dropped
            return [], 1  # the WGAN-GP's \mathop{\mathbb{E}}\limits_{\tilde x \sim \mathbb{P}_g}: \mathbb{E}_{...}
        return None

    return _rewritten(nodes, underset)


def _rewritten(nodes: list[Node], rewrite: Rewrite) -> tuple[list[Node], list[Span]]:
    """``nodes`` with ``rewrite`` applied at every position, in groups too, and the spans it reports: ``rewrite``
    returns what replaces the nodes from ``k`` on and how many it replaces, or None to keep ``nodes[k]``."""
    out: list[Node] = []
    spans: list[Span] = []
    k = 0
    while k < len(nodes):
        got = rewrite(nodes, k, spans)
        if got is not None:
            out += got[0]
            k += got[1]
            continue
        n = nodes[k]
        if isinstance(n, Group):
            inner, more = _rewritten(n.children, rewrite)
            spans += more
            out.append(replace(n, children=inner))
        else:
            out.append(n)
        k += 1
    return out, spans


def _operator(node: Node) -> bool:
    """Is ``node`` a braced operator that takes limits: ``{\\mathbb{E}}``, ``{E}``, ``{\\sum}``?"""
    if not is_group(node, "brace"):
        return False
    inner = [c for c in node.children if not (isinstance(c, Token) and c.kind == "space")]  # type: ignore[union-attr]
    if len(inner) == 1 and isinstance(inner[0], Token) and inner[0].kind == "cmd" and inner[0].text in _LIMITED:
        return True
    if len(inner) == 1 and isinstance(inner[0], Token) and inner[0].kind == "letter":
        return inner[0].text == "E"
    if len(inner) != 2 or not (isinstance(inner[0], Token) and inner[0].text in _OPERATOR_WRAPPERS):
        return False
    word = inner[1]
    if not is_group(word, "brace"):
        return False
    text = "".join(c.text for c in word.children if isinstance(c, Token) and c.kind != "space")  # type: ignore[union-attr]
    return text in _OPERATOR_WORDS and all(isinstance(c, Token) for c in word.children)  # type: ignore[union-attr]


def macro_expectations(nodes: list[Node]) -> tuple[list[Node], list[Span]]:
    r"""``nodes`` with OpenAI Spinning Up's macro ``\underE{below}{body}`` (``\underE{s,a \sim \pi_{\theta_k}}{...}``,
    defined there as the expectation with ``below`` set under it and ``body`` in brackets) as
    ``\mathbb{E}_{below}[body]``, in groups too; and the spans of those rewritten."""
    def expectation(nodes: list[Node], k: int, spans: list[Span]) -> tuple[list[Node], int] | None:
        n = nodes[k]
        if not (isinstance(n, Token) and n.is_cmd("\\underE") and k + 2 < len(nodes)
                and is_group(nodes[k + 1], "brace") and is_group(nodes[k + 2], "brace")):
            return None
        below, body = nodes[k + 1], nodes[k + 2]
        assert isinstance(below, Group) and isinstance(body, Group)
        spans.append(Span(n.span.start, body.span.end))
        inner, more = _rewritten(body.children, expectation)
        spans += more
        operator = [Token("cmd", "\\mathbb", n.span), Group([Token("letter", "E", n.span)], n.span)]
        return [*operator, Token("op", "_", n.span), below, Group(inner, body.span, "bracket")], 3

    return _rewritten(nodes, expectation)
