r"""The entropy or the KL divergence of a distribution written with a placeholder: SAC's
``\alpha\mathcal{H}(\pi(\cdot|s_t))``, PPO's ``\mathrm{KL}[\pi_{\theta_{old}}(\cdot|s_t), \pi_\theta(\cdot|s_t)]``.

The dot stands for every value of the argument: ``\pi(\cdot|s)`` is the distribution as a whole, and the entropy and
the KL divergence of a discrete distribution are sums over its values (Sutton & Barto's policies over actions;
Cover & Thomas eqs. 2.1 and 2.26): ``H(\pi(\cdot|s)) = -\sum_a \pi(a|s) \log \pi(a|s)`` and
``KL(p(\cdot|s) \| q(\cdot|s)) = \sum_a p(a|s) \log(p(a|s) / q(a|s))``.  So such a functional of one placeholder
call (the entropy), or of two with the same condition (the KL divergence, its two arguments separated by ``\|``,
``||`` or a comma), is read as that sum over a name symdl chooses for the dot, its values numbered from 1 as
symdl numbers the actions under ``\max_a`` (noted ``placeholder-sum``, naming the variable).  Anything else with a
placeholder (a KL to an expression, ``Q(s, \cdot)``, two conditions that differ) stays refused
(:mod:`symdl.read.dotargs`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from symdl.errors import Span
from symdl.read.dotargs import placeholder_call
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, strip_space

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader

#: the entropy's names, as written without spaces
_ENTROPY = frozenset({"H", "\\mathcal{H}", "\\mathbb{H}", "\\mathrm{H}", "\\operatorname{H}", "\\text{H}"})
#: the KL divergence's names, as written without spaces
_KL = frozenset({
    "KL", "\\mathrm{KL}", "\\text{KL}", "\\operatorname{KL}", "\\textrm{KL}", "D_{KL}", "D_{\\mathrm{KL}}",
    "D_\\mathrm{KL}", "D_{\\text{KL}}", "D_\\text{KL}", "D_{\\rm{KL}}", "\\mathbb{D}_{KL}",
    "\\mathbb{D}_{\\mathrm{KL}}", "\\mathbb{D}_{\\text{KL}}", "\\mathcal{D}_{KL}",
})
#: the names symdl chooses for the placeholder, the first not written in the formula (a for an action)
_VARIABLES = ("a", "u", "v", "k", "j")
#: the bars between a divergence's two distributions
_BARS = {"\\|", "\\Vert", "\\parallel"}


def placeholder_functionals(reader: ExprReader, nodes: list[Node]) -> list[Node]:
    """``nodes`` with each entropy or KL divergence of placeholder calls (inside groups too) as its sum, noted."""
    letters = _letters(nodes)
    return _rewrite(reader, nodes, letters)


def _rewrite(reader: ExprReader, nodes: list[Node], letters: set[str]) -> list[Node]:
    out: list[Node] = []
    for n in nodes:
        if not isinstance(n, Group):
            out.append(n)
            continue
        group = replace(n, children=_rewrite(reader, n.children, letters))
        found = _functional(reader.source, out, group) if group.kind in ("paren", "bracket", "delim") else None
        if found is None:
            out.append(group)
            continue
        size, what, end = found
        name_span = Span(out[end - size].span.start, out[end - 1].span.end)
        del out[end - size:]
        var = next((v for v in _VARIABLES if v not in letters), "a")
        body = (_entropy if what == "entropy" else _kl)(group, var, name_span)
        assert body is not None  # _functional checked the arguments
        whole = Span(name_span.start, group.span.end)
        reader.add_note("placeholder-sum", whole, {"what": what, "var": var})
        out.append(Group(body, whole, "paren", Token("op", "(", name_span), Token("op", ")", group.span)))
    return out


def _functional(source: str, before: list[Node], group: Group) -> tuple[int, str, int] | None:
    """(how many nodes before ``group`` name the functional, entropy or KL divergence, where they end) when
    ``group`` holds the arguments of an entropy (one placeholder call) or a KL divergence (two with the same
    condition), else None."""
    end = len(before)
    while end and isinstance(before[end - 1], Token) and before[end - 1].kind == "space":  # \mathcal{H} \left(
        end -= 1  # TeX sets the space it ignores: the name is still the functional's
    for size in (1, 2, 3, 4):
        if size > end:
            break
        first = before[end - size]
        written = source[first.span.start : before[end - 1].span.end].replace(" ", "")
        if end - size > 0 and isinstance(before[end - size - 1], Token) and before[end - size - 1].kind == "letter" \
                and before[end - size - 1].span.end == first.span.start:
            continue  # SKL(...): part of a longer name
        if written in _ENTROPY and _entropy(group, "a", first.span) is not None:
            return size, "entropy", end
        if written in _KL and _kl(group, "a", first.span) is not None:
            return size, "KL divergence", end
    return None


def _entropy(group: Group, var: str, at: Span) -> list[Node] | None:
    """``-\\sum_{var} p(var|c) \\log p(var|c)`` for ``group`` holding ``p(\\cdot|c)`` alone, else None."""
    call = _distribution(strip_space(group.children))
    if call is None:
        return None
    name, args = call
    valued = _at(args, var)
    return [Token("op", "-", at), *_sum(var, at), *name, valued, Token("cmd", "\\log", at), *name, valued]


def _kl(group: Group, var: str, at: Span) -> list[Node] | None:
    """``\\sum_{var} p(var|c) \\log(p(var|c) / q(var|c))`` for ``group`` holding ``p(\\cdot|c) \\| q(\\cdot|c)``
    (or ``||``, or a comma between), else None."""
    parts = _split(strip_space(group.children))
    if parts is None:
        return None
    calls = [_distribution(strip_space(p)) for p in parts]
    if calls[0] is None or calls[1] is None or _condition(calls[0][1]) != _condition(calls[1][1]):
        return None
    (p, p_args), (q, q_args) = calls[0], calls[1]
    ratio = Group([*p, _at(p_args, var), Token("op", "/", at), *q, _at(q_args, var)], group.span, "paren",
                  Token("op", "(", at), Token("op", ")", at))
    return [*_sum(var, at), *p, _at(p_args, var), Token("cmd", "\\log", at), ratio]


def _sum(var: str, at: Span) -> list[Node]:
    return [Token("cmd", "\\sum", at), Token("op", "_", at), Token("letter", var, at), Token("space", " ", at)]


def _distribution(part: list[Node]) -> tuple[list[Node], Group] | None:
    """(the name, the parentheses) of ``part`` when it is one name before a parenthesis whose first argument is a
    placeholder (``\\pi_\\theta(\\cdot|s_t)``), else None."""
    if len(part) < 2 or not isinstance(part[-1], Group) or not placeholder_call(part[-1]):
        return None
    name = [n for n in part[:-1] if not (isinstance(n, Token) and n.kind == "space")]  # a pasted π's fold
    simple = all((isinstance(n, Group) and n.kind == "brace")
                 or (isinstance(n, Token) and (n.kind in ("letter", "cmd") or n.is_op("_"))) for n in name)
    return (name, part[-1]) if simple and part[-1].kind == "paren" else None


def _at(args: Group, var: str) -> Group:
    """``args`` with its placeholder dot replaced by the letter ``var`` (spanned as the dot)."""
    inner = list(args.children)
    k = next(i for i, n in enumerate(inner) if not (isinstance(n, Token) and n.kind == "space"))
    inner[k] = Token("letter", var, inner[k].span)
    return replace(args, children=inner)


def _condition(args: Group) -> str:
    """What follows the placeholder in ``args``, as written (``|s_t``)."""
    return _text(strip_space(args.children)[1:]).replace("\\mid", "|")


def _text(nodes: list[Node]) -> str:
    """``nodes``' tokens, spaces and braces aside (``s_{t}`` and ``s_t`` alike)."""
    return "".join(n.text if isinstance(n, Token) else _text(n.children) for n in nodes
                   if not (isinstance(n, Token) and n.kind == "space"))


def _split(nodes: list[Node]) -> list[list[Node]] | None:
    """The two parts of ``nodes`` around one divergence bar (``\\|``, ``||``) or one comma, else None."""
    parts: list[list[Node]] = [[]]
    k = 0
    while k < len(nodes):
        n = nodes[k]
        doubled = (isinstance(n, Token) and n.is_op("|") and k + 1 < len(nodes) and isinstance(nodes[k + 1], Token)
                   and nodes[k + 1].is_op("|") and nodes[k + 1].span.start == n.span.end)
        if (isinstance(n, Token) and ((n.kind == "cmd" and n.text in _BARS) or n.is_op(","))) or doubled:
            parts.append([])
            k += 2 if doubled else 1
            continue
        parts[-1].append(n)
        k += 1
    return parts if len(parts) == 2 else None


def _letters(nodes: list[Node]) -> set[str]:
    """The letters written anywhere in ``nodes``."""
    out: set[str] = set()
    for n in nodes:
        if isinstance(n, Group):
            out |= _letters(n.children)
        elif n.kind == "letter":
            out.add(n.text)
    return out
