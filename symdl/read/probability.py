"""Expectations and variances: ``\\mathbb{E}_{x \\sim p}[f(x)]``, ``\\mathrm{E}[x]``, ``\\mathrm{Var}[x]``.

The reading (rule ``expectation-mean``, always noted): the names inside are samples, a vector of values, and
the expectation is their mean, the variance the mean squared deviation from it (the biased estimator, as
PyTorch's LayerNorm and BatchNorm docs say: ``torch.var(x, unbiased=False)``).  ``\\mathrm{E}[x]`` of a layer's
activations is then the mean over its features, as LayerNorm means.  An expectation of an unknown function
(``\\mathbb{E}_{x \\sim p}[\\log p(x)]``) reads and explains but cannot be evaluated.  Adadelta's running
average ``E[g^2]_t`` (a name with a time subscript) is refused with a hint.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from symdl.errors import NotSupported, Span, SymdlError
from symdl.read.atoms import _arg
from symdl.read.extents import _term_end
from symdl.read.lexer import Token
from symdl.read.statname import updated_statistic
from symdl.read.syntax import Group, Node, Parsed, leaf_tokens, plain_text, rewrite_nodes, strip_space

if TYPE_CHECKING:
    from symdl.read.emit import Emitter
    from symdl.read.expr import ExprReader

#: spellings of the operators (after \mathbb, \mathrm, \operatorname or bare) → the statistic
OPERATORS = {"E": "mean", "mathbbE": "mean", "Var": "variance", "var": "variance", "mathbbV": "variance"}
#: code's words that are a statistic before square brackets only (a norm layer's x - mean[x] beside Var[x]), as
#: E[x] is; \operatorname{mean}_{-1}(x) and mean(x, -1) stay reductions (symdl.read.keywords)
BRACKET_STATISTICS = {**OPERATORS, "mean": "mean", "std": "std"}


def statistic(reader: ExprReader, nodes: list[Node], i: int, j: int, what: str, em: Emitter) -> int:
    """The expectation (``what`` = ``mean``) or variance whose operator is ``nodes[i:j]``, with an optional
    ``_{x \\sim p}`` and its argument in brackets or parentheses; returns the index after it."""
    from symdl.read.constructs import _skip_space, emit_power

    k = _skip_space(nodes, j)
    over = under = ""
    if k < len(nodes) and isinstance(nodes[k], Token) and nodes[k].is_op("_"):
        sub, k, sub_span = _arg(nodes, k + 1, reader.source, "the expectation's subscript")
        over = plain_text(sub)  # x \sim p_{data}: which variable is drawn (sampled_names), from what
        under = reader.source[sub_span.start : sub_span.end].strip()  # as written, for the reading
        under = under[1:-1].strip() if under.startswith("{") and under.endswith("}") else under
        k = _skip_space(nodes, k)
    group = nodes[k] if k < len(nodes) else None
    start = nodes[i].span.start
    apart = samples_apart(reader, over, Span(start, (group or nodes[k - 1]).span.end))
    bare_font = not over and reader.source.startswith(("\\mathbb", "\\mathrm", "\\operatorname"), nodes[i].span.start) \
        and k < len(nodes) and isinstance(group, Token) and group.is_cmd("\\sum", "\\prod")
    if (over or bare_font) and k < len(nodes) and not (
            isinstance(group, Group) and group.kind in ("bracket", "paren", "set")):
        return _unbracketed(reader, nodes, i, k, what, (over, under), em, apart)  # Goodfellow: E_{x,y \sim p} L(x, y)
    if not isinstance(group, Group) or group.kind not in ("bracket", "paren", "set"):
        raise reader.error(NotSupported, f"{what} without an argument in brackets", Span(start, nodes[j - 1].span.end),
                           "write \\mathbb{E}[x] or \\mathbb{E}_{x \\sim p}[f(x)]")
    span = Span(start, group.span.end)
    if not over and (named := updated_statistic(reader, nodes, i, k, em)) is not None:
        return emit_power(reader, nodes, named, em)  # Ioffe & Szegedy's E[x] \leftarrow ...: a name
    after = _skip_space(nodes, k + 1)
    if after < len(nodes) and isinstance(nodes[after], Token) and nodes[after].is_op("_") and not over:
        from symdl.read.runavg import running_average

        return running_average(reader, nodes, i, k, after, em)  # Adadelta's E[g^2]_t: a name indexed by t
    if what == "mean":
        _no_vector_expectation(reader, group.children, span)
    if (given := _conditional(reader, group.children, span, what)) is not None:
        body, conds = given  # Sutton & Barto's \mathbb{E}_\pi[G_t \mid S_t = s]: a function of s, not evaluated
        _expectation(reader, span, reader.read(primed(body, apart), group.span), what, (over, under), em, apart,
                     conds)
        return emit_power(reader, nodes, k + 1, em)
    inner = primed(group.children, apart)
    if ((over or _difference(group.children)) and group.kind == "paren"  # Wasserman's \mathbb{E}(X - \mu)^2
            and (end := _power_after(nodes, k + 1, reader.source)) is not None):
        inner = primed(nodes[k:end], apart)  # IPO's \mathbb{E}_{(y_w, y_l, x) \sim D}(h - \tau^{-1}/2)^2: a loss
        reader.add_note("expectation-power-inside", Span(start, nodes[end - 1].span.end),
                        {"text": reader.source[start : nodes[end - 1].span.end]})
        _expectation(reader, Span(start, nodes[end - 1].span.end), reader.read(inner, Span(
            group.span.start, nodes[end - 1].span.end)), what, (over, under), em, apart)
        return emit_power(reader, nodes, end, em)
    _expectation(reader, span, reader.read(inner, group.span), what, (over, under), em, apart)
    return emit_power(reader, nodes, k + 1, em)


def _difference(inner: list[Node]) -> bool:
    """Does a parenthesis hold a sum or difference at its top (``X - \\mu``), not one value (``\\mathbb{E}(X)^2``
    is the square of the expectation)?"""
    return any(isinstance(n, Token) and n.is_op("+", "-") for n in strip_space(inner)[1:])


def _power_after(nodes: list[Node], k: int, source: str) -> int | None:
    """Where a power written right after an expectation's parenthesis ends (``(...)^2``), or None."""
    if not (k < len(nodes) and isinstance(nodes[k], Token) and nodes[k].is_op("^")):
        return None
    return _arg(nodes, k + 1, source, "the power")[1]


def _conditional(reader: ExprReader, inner: list[Node], span: Span, what: str
                 ) -> tuple[list[Node], list[Parsed | tuple[Parsed, Parsed]]] | None:
    """Bishop's ``\\mathbb{E}[t|\\mathbf{x}]``, Sutton & Barto's ``\\mathbb{E}_\\pi[G_t \\mid S_t = s, A_t = a]``: the
    expectation's body and its conditions, each a value (``x_S``) or a pair of sides (``S_t = s``), read; the
    expectation is a function of them, read and explained, not evaluated (noted ``expectation-conditional``).
    None when no bar separates."""
    from symdl.read.constructs import split_top
    from symdl.read.delimiters import conditional_split

    parts = conditional_split(inner)
    if parts is None:
        return None
    if len(parts) != 2 or not strip_space(parts[0]) or not strip_space(parts[1]):
        name = {"mean": "expectation"}.get(what, what)
        raise reader.error(NotSupported, f"a conditional {name} with {len(parts) - 1} bars "
                           f"({reader.source[span.start : span.end]})", span, "write one bar: \\mathbb{E}[y \\mid x]")
    conds: list[Parsed | tuple[Parsed, Parsed]] = []
    for part in split_top(strip_space(parts[1]), ","):
        at = [k for k, n in enumerate(part) if isinstance(n, Token) and n.is_op("=")]
        where = Span(part[0].span.start, part[-1].span.end) if part else span
        if len(at) == 1 and strip_space(part[: at[0]]) and strip_space(part[at[0] + 1 :]):
            conds.append((reader.read(strip_space(part[: at[0]]), where), reader.read(strip_space(part[at[0] + 1 :]),
                                                                                        where)))
        else:
            conds.append(reader.read(strip_space(part), where))
    cond_text = reader.source[parts[1][0].span.start : parts[1][-1].span.end].strip()
    body = reader.source[parts[0][0].span.start : parts[0][-1].span.end].strip()
    reader.add_note("expectation-conditional", span, {"body": body, "given": cond_text,
                                                      "what": {"mean": "expectation"}.get(what, what)})
    return strip_space(parts[0]), conds


#: an accent that marks an estimator (Goodfellow et al.'s \hat{\boldsymbol{\theta}}_m)
_ESTIMATOR_ACCENTS = {"hat", "tilde", "bar", "check"}
_BOLD_NAME = r"\\(?:mathbf|boldsymbol|bm|vec)\s*\{[^{}]*\}(?:_(?:\{[^{}]*\}|\\?[A-Za-z0-9]+))?"


def _no_vector_expectation(reader: ExprReader, inner: list[Node], span: Span) -> None:
    """Refuse the expectation of a random vector, a vector, where symdl would read the mean of its entries: of a
    bold estimator (Goodfellow et al.'s bias ``\\mathbb{E}(\\hat{\\boldsymbol{\\theta}}_m) - \\boldsymbol{\\theta}``),
    or set equal to another bold vector (Bishop's ``\\mathbb{E}[\\mathbf{x}] = \\boldsymbol{\\mu}``).  The PyTorch
    docs' ``\\mathbf{x} - \\mathrm{E}[\\mathbf{x}]`` (LayerNorm: the mean of the entries) stays read."""
    from symdl.read.atoms import read_atom

    inner = strip_space(inner)
    _no_vector_product_expectation(reader, inner, span)
    if not inner or not isinstance(inner[0], Token) or inner[0].kind != "cmd":
        return
    try:
        spec, end, power = read_atom(inner, 0, reader.source)
    except SymdlError:  # not a name (\log x, \min(...)): no random vector
        return
    if end != len(inner) or power is not None or not spec.bold:
        return
    after = re.split(r"\\\\|\n", reader.source[span.end :])[0]
    other = _bold_left_side(reader, span) or re.fullmatch(rf"\s*=\s*({_BOLD_NAME})\s*", after)
    estimator = set(spec.decorations) & _ESTIMATOR_ACCENTS
    if not estimator and not (other and other.group(1).replace(" ", "") != spec.spelling.replace(" ", "")):
        return
    _refuse_vector_expectation(reader, span, f"the estimator {spec.spelling} is a random vector" if estimator
                               else f"it is set equal to the vector {other.group(1)}")  # type: ignore[union-attr]


def _bold_left_side(reader: ExprReader, span: Span) -> re.Match[str] | None:
    """The bold name a statement sets equal to what starts at ``span`` (``\\mathbf{h} = E[...]``), on its line."""
    before = re.split(r"\\\\|\n", reader.source[: span.start])[-1]
    return re.fullmatch(rf"\s*({_BOLD_NAME})\s*=\s*", before)


def _refuse_vector_expectation(reader: ExprReader, span: Span, why: str) -> None:
    raise reader.error(NotSupported, f"the expectation of a random vector, {reader.source[span.start:span.end]}: "
                       f"{why}, and its expectation a vector over the data's randomness, not the mean of its "
                       "entries", span, "name the expected vector (\\boldsymbol{\\mu}); symdl reads E[x] of a "
                       "vector as the mean of its entries only beside that vector itself (LayerNorm's x - E[x])")


def _no_vector_product_expectation(reader: ExprReader, inner: list[Node], span: Span) -> None:
    """Refuse the expectation of a number times a bold vector set equal to a bold name (Hagan et al.'s
    ``\\mathbf{h} = E[t\\mathbf{z}]``, the cross-correlation vector): a vector over the data's randomness, never the
    mean of its entries, which would make it one number.  A transposed bold name makes a number (``E[\\mathbf{w}^T
    \\mathbf{x}]``): read."""
    if not inner:
        return
    text = reader.source[inner[0].span.start : inner[-1].span.end]
    if re.fullmatch(_BOLD_NAME, text.strip()):
        return  # one bold name: the rule below (Bishop's \mathbb{E}[\mathbf{x}] = \boldsymbol{\mu})
    if not re.search(_BOLD_NAME, text) or re.search(r"\^\s*\{?\s*(?:T|\\top|\\intercal)\b", text):
        return
    if (other := _bold_left_side(reader, span)) is not None:
        _refuse_vector_expectation(reader, span, f"it is set equal to the vector {other.group(1)}")


def _unbracketed(reader: ExprReader, nodes: list[Node], i: int, k: int, what: str, over: tuple[str, str],
                 em: Emitter, apart: dict[str, int]) -> int:
    """``\\mathbb{E}_{x, y \\sim \\hat{p}_{data}} L(f(x; \\theta), y)``: with its sampled variables written under
    it and no bracket after, the expectation is of the rest of the term (up to the next + or -); noted."""
    end = _term_end(nodes, k, bars=True)  # E_{t, x_0} \\|v - (x_1 - x_0)\\|^2: the norm whole
    inner = nodes[k:end]
    span = Span(nodes[i].span.start, nodes[end - 1].span.end)
    arg = Span(nodes[k].span.start, nodes[end - 1].span.end)
    _expectation(reader, span, reader.read(primed(inner, apart), arg), what, over, em, apart)
    reader.add_note("expectation-reach", span, {"arg": reader.source[arg.start : arg.end][:60]})
    return end


def _expectation(reader: ExprReader, span: Span, inner: Parsed, what: str, written: tuple[str, str],
                 em: Emitter, apart: dict[str, int], given: list[Parsed | tuple[Parsed, Parsed]] | None = None) -> None:
    """Emit the expectation (or variance) of ``inner`` written at ``span``; ``written``: its subscript as read (for
    the names drawn) and as written (for the reading); ``apart``: the names drawn here under primes (each name and
    its count, :func:`samples_apart`)."""
    over, under = written
    _, _, dist = over.partition("\\sim")
    for name in sorted(sampled_names(over)):  # one name, one sample: the GAN value's x twice is two samples
        first = reader.draws.setdefault(name + "'" * apart.get(name, 0), " ".join(dist.split()))
        if first != " ".join(dist.split()):
            raise reader.error(
                NotSupported,
                f"the name {name} drawn from two distributions ({first} first, {' '.join(dist.split())} here): "
                f"symdl reads an expectation as the mean over the samples of {name}, one array",
                span,
                "name the samples apart (\\mathbb{E}_{x \\sim p_{data}} ... + \\mathbb{E}_{z \\sim p_z} ... "
                "D(G(z)), as Goodfellow et al.'s GAN paper writes it)",
            )
    ph = reader.new("expect", span, inner=inner, statistic=what, over=over, under=under, dist=drawn_from(over))
    if given is not None:
        ph.data["given"] = given
    em.placeholder(ph.id, span)  # noted expectation-mean where it is bound as a mean (symdl.bind.operators)


def samples_apart(reader: ExprReader, over: str, span: Span) -> dict[str, int]:
    """The names this expectation's subscript draws that an earlier expectation drew from another distribution (the
    WGAN's ``\\mathbb{E}_{x \\sim \\mathbb{P}_r}[f(x)] - \\mathbb{E}_{x \\sim \\mathbb{P}_\\theta}[f(x)]``): each
    expectation binds its own x, so these samples are another array, read under a prime (x'; x'' for a third
    distribution), noted (rule ``expectation-samples-apart``).  Left to :func:`_expectation`'s refusal when the
    formula writes that primed name itself."""
    _, _, dist = over.partition("\\sim")
    dist = " ".join(dist.split())
    out: dict[str, int] = {}
    for name in sorted(sampled_names(over)):
        earlier = {d: key.count("'") for key, d in reader.draws.items() if key.rstrip("'") == name}
        if dist in earlier:  # drawn from it before: the same array (x, or the x' named then)
            if earlier[dist]:
                out[name] = earlier[dist]
            continue
        if not earlier:
            continue
        count = len(earlier)
        if re.search(rf"(?<![A-Za-z\\]){re.escape(name)}\}}?\s*'", reader.source):
            continue  # the formula's own x': no name free to read these samples under
        out[name] = count
        reader.add_note("expectation-samples-apart", span, {"name": name, "primed": name + "'" * count,
                                                              "dist": dist, "first": next(iter(earlier))})
    return out


#: style commands whose braces hold a name's letter (\mathbf{x}: the prime goes after the braces)
_NAME_STYLES = {"\\mathbf", "\\boldsymbol", "\\bm", "\\vec", "\\mathit"}
#: commands whose braces hold words, not names
_WORD_COMMANDS = {"\\text", "\\mathrm", "\\operatorname", "\\textrm", "\\mathsf", "\\texttt"}


def primed(nodes: list[Node], apart: dict[str, int]) -> list[Node]:
    """``nodes`` with each name of ``apart`` written under its primes (``x`` → ``x'``, ``\\mathbf{x}`` →
    ``\\mathbf{x}'``): a prime token after the name, spanning nothing new."""
    if not apart:
        return nodes

    def spelled(n: Node) -> str | None:
        return n.text.lstrip("\\") if isinstance(n, Token) and n.kind in ("letter", "cmd") else None

    def rule(ns: list[Node], k: int, out: list[Node]) -> int | None:
        n = ns[k]
        nxt = ns[k + 1] if k + 1 < len(ns) else None
        if isinstance(n, Token) and n.kind == "cmd" and n.text in _WORD_COMMANDS | _NAME_STYLES and isinstance(
                nxt, Group):
            out += [n, nxt]
            inside = strip_space(nxt.children)
            if n.text in _NAME_STYLES and len(inside) == 1 and spelled(inside[0]) in apart:
                out += [Token("op", "'", Span(nxt.span.end, nxt.span.end))] * apart[spelled(inside[0])]  # type: ignore[index]
            return k + 2
        name = spelled(n)
        if name not in apart or (n.kind == "letter" and k > 0 and isinstance(ns[k - 1], Token)  # type: ignore[union-attr]
                                 and ns[k - 1].kind == "letter"):  # type: ignore[union-attr]
            return None
        out += [n] + [Token("op", "'", Span(n.span.end, n.span.end))] * apart[name]  # type: ignore[list-item]
        return k + 1

    return rewrite_nodes(nodes, rule)


_STYLE = re.compile(r"\\(mathrm|mathbf|boldsymbol|mathit|mathcal|text|operatorname|bm)\b")


def compact_name(name: str) -> str:
    """A distribution's name reduced to its letters and digits, font commands dropped (``p_{\\text{data}}`` →
    ``pdata``): the one spelling the expectation's distribution and a probability's name are compared in."""
    return re.sub(r"[^A-Za-z0-9]", "", _STYLE.sub("", name))


def drawn_from(over: str) -> str:
    """The name of the distribution an expectation's subscript draws from, compacted (``x \\sim p_{data}(x)`` →
    ``pdata``); '' when the subscript draws nothing (``\\mathbb{E}_{q(z)}``) or names no distribution."""
    _, sim, dist = over.partition("\\sim")
    return compact_name(dist.strip().split("(")[0]) if sim else ""


def sampled_names(over: str) -> set[str]:
    """The variables an expectation's subscript draws (``x, y`` of ``x, y \\sim \\hat{p}_{data}``)."""
    drawn, sim, _ = over.partition("\\sim")
    if not sim:
        return set()
    names = (re.sub(r"\\(?:mathbf|boldsymbol|bm)\s*\{?\s*(\\?[A-Za-z]+)\s*\}?", r"\1", n).strip()
             for n in drawn.split(","))
    return {n.lstrip("\\") for n in names if n}


def _applied(nodes: list[Node], j: int, letter: str) -> bool:
    """Is the blackboard name ``letter`` (ending before ``nodes[j]``) a function applied to arguments: a capital
    that is no number set, then perhaps a subscript, then a parenthesis (for \\mathbb{I}, one holding no
    comparison: \\mathbb{I}(y = c) stays the indicator)?"""
    from symdl.read.atombase import BLACKBOARD_NAME
    from symdl.read.environments import comparisons
    from symdl.read.extents import _skip_space
    from symdl.read.syntax import is_group

    if not re.fullmatch(BLACKBOARD_NAME, letter) or letter in DISTRIBUTION_LETTERS:
        return False
    if j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].is_op("_"):
        j = _arg(nodes, j + 1, "", "subscript")[1]
    j = _skip_space(nodes, j)
    if not (j < len(nodes) and is_group(nodes[j], "paren")):
        return False
    return letter != "I" or not comparisons(nodes[j].children)  # type: ignore[union-attr]


def _sized_identity(nodes: list[Node], j: int) -> bool:
    """Is ``\\mathbb{I}`` (ending before ``nodes[j]``) followed by a size alone, a subscript of one letter or a
    number and no bracket after it (RealNVP's Jacobian block ``\\mathbb{I}_d``)?"""
    from symdl.read.extents import _skip_space

    if not (j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].is_op("_")):
        return False
    sub, after = _arg(nodes, j + 1, "", "subscript")[:2]
    size = plain_text(sub).strip("{} ")
    after = _skip_space(nodes, after)
    opened = after < len(nodes) and isinstance(nodes[after], Group) and nodes[after].kind in ("paren", "bracket", "set")
    return bool(re.fullmatch(r"[A-Za-z]|\d+", size)) and not opened


#: blackboard letters that, with a subscript, name a distribution (the WGAN's \\mathbb{P}_r, \\mathbb{P}_\\theta)
DISTRIBUTION_LETTERS = {"P", "Q"}


def blackboard(reader: ExprReader, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
    """``\\mathbb{E}[...]`` is an expectation, ``\\mathbb{1}[...]`` an indicator, ``\\mathbb{R}`` a set (refused)."""
    from symdl.read.constructs import atom_at  # constructs reads names, and imports this module

    arg, j, sp = _arg(nodes, i + 1, reader.source, "\\mathbb")
    letter = plain_text(arg).strip()
    span = Span(nodes[i].span.start, sp.end)
    if letter in ("E", "V"):  # \mathbb{E}_{x \sim p}[f(x)], \mathbb{V}[x]
        return statistic(reader, nodes, i, j, OPERATORS["mathbb" + letter], em)
    if letter == "1":
        from symdl.read.ones import ones_vector

        sized = ones_vector(reader, nodes, i, i + 2, 1, em, noted=True)  # \mathbb{1}_n: the ones vector, noted
        if sized is not None:
            return sized
    if _applied(nodes, j, letter):  # Murphy's \mathbb{H}(p, q), \mathbb{KL}(p \| q), \mathbb{I}(X; Y): functions
        end = atom_at(reader, nodes, i, em, bold)
        reader.add_note("blackboard-function", Span(span.start, nodes[end - 1].span.end),
                        {"name": f"\\mathbb{{{letter}}}"})
        return end
    if letter == "I" and _sized_identity(nodes, j):  # RealNVP's \mathbb{I}_d: the d×d identity, as I_d
        end = atom_at(reader, nodes, i, em, bold)
        reader.add_note("blackboard-identity", Span(span.start, nodes[end - 1].span.end), {})
        return end
    if letter in ("1", "I"):  # Murphy's \mathbb{I}(y = c): the indicator, as \mathbb{1}
        from symdl.read.environments import indicator

        return indicator(reader, nodes, i, span, em)
    if letter in DISTRIBUTION_LETTERS and j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].is_op("_"):
        end = atom_at(reader, nodes, i, em, bold)  # the WGAN's \mathbb{P}_r
        reader.add_note("distribution-name", Span(span.start, nodes[end - 1].span.end),
                        {"name": f"\\mathbb{{{letter}}}"})
        return end
    raise reader.error(
        NotSupported,
        f"the set \\mathbb{{{letter}}} inside an expression",
        span,
        "sets are read only in shape declarations such as W \\in \\mathbb{R}^{m \\times n}",
    )


def subscripted_bracket(nodes: list[Node], j: int) -> bool:
    """Is ``nodes[j:]`` a subscript and then a bracket (``E_x[f(x)]``, the REINFORCE gradient's
    ``E_x[f(x) \\nabla_\\theta \\log p(x)]``)?  A plain ``E`` so applied is the expectation, as
    ``\\mathbb{E}_x[...]`` is; Adadelta's ``E[g^2]_t`` (bracket first) and ``E(\\mathbf{w})`` are not this."""
    from symdl.read.constructs import _skip_space

    k = _skip_space(nodes, j)
    if not (k < len(nodes) and isinstance(nodes[k], Token) and nodes[k].is_op("_")) or k + 1 >= len(nodes):
        return False
    m = _skip_space(nodes, k + 2)
    return m < len(nodes) and isinstance(nodes[m], Group) and nodes[m].kind == "bracket"


def drawn_subscript(nodes: list[Node], j: int) -> bool:
    """Is ``nodes[j:]`` a subscript that draws (``E_{x \\sim \\textrm{Data}}``, the GAN objective as slides write it
    without \\mathbb)?  A plain ``E`` so subscripted is the expectation whatever follows it, as ``\\mathbb{E}_{x \\sim
    p}`` is (``expectation-bare`` when no bracket follows)."""
    from symdl.read.constructs import _skip_space

    k = _skip_space(nodes, j)
    if not (k < len(nodes) and isinstance(nodes[k], Token) and nodes[k].is_op("_")) or k + 1 >= len(nodes):
        return False
    return any(isinstance(t, Token) and t.is_cmd("\\sim") for t in leaf_tokens([nodes[k + 1]])) or (
        _DENSITIES.fullmatch(plain_text([nodes[k + 1]]).strip()) is not None)


#: a p or q (maybe subscripted) of a variable: one density
_DENSITY = r"[pqPQ](?:_\{?\\?[A-Za-z]+\}?)?\s*\([^()]+\)"
#: a subscript that lists densities: Zhao et al.'s MMD-VAE E_{p(z), p(z')} k(z, z'), an ELBO's E_{q_\phi(z|x)}: the
#: distributions the expectation draws from
_DENSITIES = re.compile(r"\{?\s*" + _DENSITY + r"(?:\s*,\s*" + _DENSITY + r")*\s*\}?")


def drawn_paren(source: str, nodes: list[Node], j: int) -> int | None:
    """Where the parenthesis ends (its source offset) when ``nodes[j:]`` is a subscript and then a parenthesis
    that an expectation's subscript governs (rule ``expectation-parenthesis``): the subscript draws
    (``E_{x \\sim p}(f(x))``) or a variable it names is used inside (the GAN loss as slides write it,
    ``-E_x(\\log D(x))``)?  ``E_{in}(h)``, ``E_n(\\mathbf{w})`` (an error named by its subscript, of an argument
    the subscript does not use) are not this (None): they stay functions."""
    from symdl.read.constructs import _skip_space

    k = _skip_space(nodes, j)
    if not (k < len(nodes) and isinstance(nodes[k], Token) and nodes[k].is_op("_")) or k + 1 >= len(nodes):
        return None
    sub, m, _ = _arg(nodes, k + 1, source, "subscript")
    m = _skip_space(nodes, m)
    if not (m < len(nodes) and isinstance(nodes[m], Group) and nodes[m].kind == "paren"):
        return None
    over, span = plain_text(sub), nodes[m].span
    inside = source[span.start + 1 : span.end - 1]
    names = [n.strip() for n in over.split(",")]
    used = any(n and re.fullmatch(r"\\?[A-Za-z]+", n)
               and re.search(rf"(?<![A-Za-z\\]){re.escape(n)}(?![A-Za-z])", inside) for n in names)
    return span.end if used or "\\sim" in over else None


def paren_expectation(reader: ExprReader, nodes: list[Node], i: int, j: int, em: Emitter) -> int | None:
    """The plain letter ``E`` at ``nodes[i:j]`` read as the expectation of the parenthesis after its subscript
    (:func:`drawn_paren`), noted ``expectation-parenthesis``; None when it is not one."""
    end = drawn_paren(reader.source, nodes, j)
    if end is None and (bare := _bare_paren(reader.source, nodes, j)) is not None:  # ISL's E(y_0 - \hat{f}(x_0))^2
        reader.add_note("expectation-plain-parenthesis", Span(nodes[i].span.start, bare), {}, once_for=str(bare))
        return statistic(reader, nodes, i, j, "mean", em)
    if end is None:
        return statistic(reader, nodes, i, j, "mean", em) if _before_log(nodes, j) else None
    reader.add_note("expectation-parenthesis", Span(nodes[i].span.start, end), {}, once_for=str(end))
    return statistic(reader, nodes, i, j, "mean", em)


#: E applied to one name somewhere (Bishop's error E(\mathbf{w}), beside its Taylor expansion
#: E(\mathbf{w} + \Delta\mathbf{w})): a function E, not the expectation
_E_OF_NAME = re.compile(r"(?<![A-Za-z\\])E\s*(?:\\left)?\(\s*(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*)?\\?[A-Za-z]+\s*\}?"
                        r"(?:_\{?[A-Za-z0-9]*\}?)?\s*(?:\\right)?\)")


def _bare_paren(source: str, nodes: list[Node], j: int) -> int | None:
    """Where the parenthesis ends (its source offset) when a plain ``E`` with no subscript stands right before a
    parenthesis holding a sum or difference (ISL's bias-variance decomposition ``E(y_0 - \\hat{f}(x_0))^2``): the
    expectation of it, not a name E times it (rule ``expectation-plain-parenthesis``); None where the formula also
    applies E to one name (an error function E(\\mathbf{w})) or the parenthesis holds a list."""
    from symdl.read.constructs import _skip_space

    k = _skip_space(nodes, j)
    if not (k < len(nodes) and isinstance(nodes[k], Group) and nodes[k].kind == "paren"):
        return None
    inner = [n for n in nodes[k].children if not (isinstance(n, Token) and n.kind == "space")]
    top = [n for n in inner[1:] if isinstance(n, Token) and n.kind == "op"]
    if not any(n.text in ("+", "-") for n in top) or any(n.text == "," for n in top) or _E_OF_NAME.search(source):
        return None
    return nodes[k].span.end


def _before_log(nodes: list[Node], j: int) -> bool:
    """Is ``nodes[j:]`` a subscript of letters then ``\\log`` (a DPO-style loss's ``-E_x \\log \\sigma(...)``): an
    expectation of the log, never a name E_x times it (read to the end of the term, noted ``expectation-reach``)?"""
    from symdl.read.constructs import _skip_space

    k = _skip_space(nodes, j)
    if not (k < len(nodes) and isinstance(nodes[k], Token) and nodes[k].is_op("_")) or k + 1 >= len(nodes):
        return False
    sub, m, _ = _arg(nodes, k + 1, "", "subscript")
    m = _skip_space(nodes, m)
    letters = re.fullmatch(r"[A-Za-z](?:\s*,\s*[A-Za-z])*", plain_text(sub).strip())
    return letters is not None and m < len(nodes) and isinstance(nodes[m], Token) and nodes[m].is_cmd("\\log", "\\ln")


def expectation_end(nodes: list[Node], k: int) -> int | None:
    """Where the expectation starting at ``nodes[k]`` ends when written with a subscript and a bracket (``E_x[f(x)]``,
    ``\\mathbb{E}_x[...]``, ``\\mathrm{E}_x[...]``): the index after the bracket (the REINFORCE gradient
    ``\\nabla_\\theta E_x[f(x)]`` differentiates all of it); None for anything else."""
    from symdl.read.constructs import _skip_space

    n = nodes[k]
    if not isinstance(n, Token):
        return None
    j = k + 1
    if n.kind == "cmd" and n.text[1:] in ("mathbb", "mathrm", "operatorname") and j < len(nodes):
        if plain_text([nodes[j]]).strip("{} ") != "E":
            return None
        j += 1
    elif not (n.kind == "letter" and n.text == "E"):
        return None
    if not subscripted_bracket(nodes, j):
        return None
    return _skip_space(nodes, _skip_space(nodes, j) + 2) + 1

