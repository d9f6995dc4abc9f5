"""Function applications: ``\\log x``, ``\\sigma(z)``, ``\\tanh'(x)``, ``\\tanh^2(x)``, ``score(h, h)``, ``Var[x]``.

A call's arguments are the children of the parenthesis (or brace) group after the name; a bare argument
(``\\log x``, ``\\log \\sigma(z)``) is the single factor after it (:func:`factor_end`).  Whether a name before a
parenthesis is applied to it at all is decided in :mod:`symdl.read.callorproduct`; where a factor or a term ends,
in :mod:`symdl.read.extents`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import accumulate
from typing import TYPE_CHECKING

from symdl.activations import BETA_SUBSCRIPT
from symdl.errors import InvalidInput, NotSupported, Span
from symdl.functions import ENTRY_STATISTICS, INVERSE_FUNCTIONS, KNOWN_FUNCTIONS, MATRIX_TO_NUMBER
from symdl.read import constructs
from symdl.read.arith import placeholder_symbol
from symdl.read.atoms import _arg, read_atom
from symdl.read.bracketcall import bracket_applied
from symdl.read.callorproduct import _bracket_callee, _bracket_defined, call_follows, information_callee
from symdl.read.commands import NAME_WRAPPERS
from symdl.read.evententry import event_entry, event_index, event_text, event_where, given_value, probability_event
from symdl.read.extents import (
    _bars_end,
    _scripts_end,
    _skip_space,
    _term_end,
    emit_power_end,
    skip_sizing,
    skip_spacing,
    trimmed,
)
from symdl.read.labelcall import labelled_statistic, plain_extremum
from symdl.read.lexer import Token
from symdl.read.members import member_runs
from symdl.read.nodequeries import is_word
from symdl.read.pairargs import pair_arguments
from symdl.read.probability import expectation_end
from symdl.read.reach import reach_end
from symdl.read.runavg import running_average
from symdl.read.softmaxover import softmax_over
from symdl.read.syntax import (
    AtomSpec,
    Group,
    Node,
    Parsed,
    SubscriptSpec,
    is_group,
    placeholder_text,
    plain_text,
    strip_space,
)
from symdl.read.wholeparams import whole_parameters

if TYPE_CHECKING:
    from symdl.read.expr import Emitter, ExprReader

#: function commands that take a bare argument (\\log x, \\det A)
FUNCTION_WORDS = {
    "\\log", "\\ln", "\\exp", "\\tanh", "\\sinh", "\\cosh", "\\sin", "\\cos", "\\tan",
    "\\arcsin", "\\arccos", "\\arctan", "\\sec", "\\csc", "\\cot", "\\coth", "\\det",
}  # fmt: skip


def factor_end(reader: ExprReader, nodes: list[Node], k: int) -> int:
    """End index of the single factor starting at ``nodes[k]`` (a function's bare argument)."""
    if k >= len(nodes):
        raise reader.error(InvalidInput, "a function with no argument", nodes[-1].span, "add the argument: \\log x")
    n = nodes[k]
    if is_group(n, "brace") and is_word(n.children):  # \nabla {Loss}_{W}^{i}: the braced word and its scripts
        return _scripts_end(nodes, k + 1)
    if is_group(n, "brace", "paren", "bracket"):  # \nabla_w \left[ ... \right] (the WGAN's critic update)
        return emit_power_end(nodes, k + 1)
    bars = _bars_end(nodes, k)
    if bars is not None:  # \nabla_{\mathbf{w}} \|\mathbf{X}\mathbf{w} - \mathbf{y}\|^2: the norm and its scripts
        return _scripts_end(nodes, bars)
    if isinstance(n, Group):
        raise reader.error(InvalidInput, "a function with no argument", n.span, "add the argument: \\log x")
    if n.kind == "number":
        return k + 1
    if n.is_op("-") and k + 1 < len(nodes):  # Larochelle's \nabla_{\mathbf{a}} -\log f(\mathbf{x})_y: of the negation
        return factor_end(reader, nodes, _skip_space(nodes, k + 1))
    if (expectation := expectation_end(nodes, k)) is not None:  # \nabla_\theta E_x[f(x)]: all the expectation
        return emit_power_end(nodes, expectation)
    word = nodes[k + 1] if k + 1 < len(nodes) and n.kind == "cmd" and n.text[1:] in NAME_WRAPPERS else None
    named = plain_text(word.children).strip().lower() if isinstance(word, Group) and word.kind == "brace" else ""
    if named in KNOWN_FUNCTIONS:
        after = skip_sizing(nodes, k + 2)  # \nabla_A \mathrm{tr} AB: the known function and its argument
        if after < len(nodes) and is_group(nodes[after], "paren"):
            return emit_power_end(nodes, after + 1)
        if named in MATRIX_TO_NUMBER:
            return trimmed(nodes, after, _term_end(nodes, after, started=True))
        return factor_end(reader, nodes, after)
    paren = skip_sizing(nodes, k + 1)
    if n.kind == "cmd" and n.text in ("\\max", "\\min") and paren < len(nodes) and is_group(nodes[paren], "paren"):
        return emit_power_end(nodes, paren + 1)  # \frac{d}{dx}\max(0, x): the call's value
    if n.kind == "cmd" and n.text in FUNCTION_WORDS:  # \nabla \log \pi(a): the function and its argument
        after = skip_sizing(nodes, k + 1)
        if after < len(nodes) and is_group(nodes[after], "paren"):
            return emit_power_end(nodes, after + 1)
        return factor_end(reader, nodes, after)
    if n.kind == "letter" or (n.kind == "cmd" and n.text not in constructs.COMMANDS):
        if n.kind == "letter" and n.text == "d" and k + 1 < len(nodes) and isinstance(nodes[k + 1], Token) \
                and nodes[k + 1].kind == "letter":
            k += 1
        spec, j, exponent = read_atom(nodes, k, reader.source)
        after = _skip_space(nodes, j)
        if call_follows(reader, spec, exponent, nodes, after, n.span.start):
            end = after + 1  # \log \sigma(z); Larochelle's \log f(\mathbf{x})_y: entry y of the value, its subscript
            if end + 1 < len(nodes) and isinstance(nodes[end], Token) and nodes[end].is_op("_"):
                end += 2
            return emit_power_end(nodes, end)
        return j
    if n.kind == "cmd" and n.text in ("\\sum", "\\prod"):
        return _term_end(nodes, k)
    if n.kind == "cmd" and n.text in ("\\frac", "\\dfrac", "\\tfrac", "\\sqrt"):
        j = k + 1
        for _ in range(2 if n.text != "\\sqrt" else 1):
            _, j, _ = _arg(nodes, j, reader.source, n.text)
        return j
    raise reader.error(InvalidInput, "a function with no argument", n.span, "add the argument: \\log x")


def _undoubled(reader: ExprReader, inner: list[Node]) -> list[Node]:
    """The children of a second pair of parentheses that holds all the arguments when a bar separates them there
    (Kingma & Welling's -D_{KL}((q_\\phi(\\mathbf{z}) \\| p_\\theta(\\mathbf{z})))): one call with doubled
    parentheses, noted (``doubled-parentheses``), not a call of the norm or conditional in them."""
    from symdl.read.delimiters import doubled_conditional

    doubled = doubled_conditional(strip_space(inner))
    if doubled is None:
        return inner
    reader.add_note("doubled-parentheses", doubled.span, {})
    return doubled.children


_DOTS = ("\\ldots", "\\dots", "\\cdots", "\\dotsc")
#: one member of a family as written: a name and its subscript (\theta_{1}, \mathbf{x}_k)
_MEMBER = re.compile(r"^(\\?[A-Za-z]+(?:\{\\?[A-Za-z]+\})?)_\{?\s*[A-Za-z0-9]+\s*\}?$")


def _spaced_run(part: list[Node]) -> list[list[Node]]:
    """``\\theta_1 \\ldots \\theta_k`` as one argument, no commas (NeMo's ensemble ``P(y_t | y_{<t}, x;
    \\theta_1 \\ldots \\theta_k)``): the run of a family's members, as ``\\theta_1, \\ldots, \\theta_k`` (read by
    :func:`member_runs`), not the product of the members; any other argument as it is."""
    nodes = strip_space(part)
    at = [k for k, n in enumerate(nodes) if isinstance(n, Token) and n.is_cmd(*_DOTS)]
    if len(at) != 1:
        return [part]
    left, right = strip_space(nodes[: at[0]]), strip_space(nodes[at[0] + 1 :])
    a = _MEMBER.match("".join(plain_text(left).split()))
    b = _MEMBER.match("".join(plain_text(right).split()))
    if not (left and right and a and b and a.group(1) == b.group(1)):
        return [part]
    return [left, [nodes[at[0]]], right]


def args_of(reader: ExprReader, inner: list[Node], span: Span) -> list[Parsed]:
    """Arguments separated by commas, by ';' as in f(x; \\theta), or by a conditional bar: p(y | x),
    \\pi(a \\mid s), KL(p \\parallel q), D(p \\| q)."""
    from symdl.read.delimiters import conditional_split

    inner = _undoubled(reader, inner)
    parts = _named_parameters(reader, [(k > 0, q) for part in constructs.split_top(inner, ",")
                                       for k, q in enumerate(constructs.split_top(part, ";"))])
    if len(parts) > 1 and not strip_space(parts[-1]):
        parts = parts[:-1]  # code's f(x, y,): Python's trailing comma
    split = [(side, q) for part in parts for side, q in enumerate(conditional_split(part) or [part])]
    split = [(side, r) for side, q in split for r in _spaced_run(q)]  # NeMo's P(y | x; \theta_1 \ldots \theta_k)
    if any(side > 0 for side, _ in split) and _also_unconditioned(reader.source, span):  # p(x|z) beside p(z)
        reader.add_note("conditional-arguments", span, {"call": reader.source[span.start : span.end][:60]},
                        once_for="conditional-arguments")
    segments = list(accumulate(int(side > 0) for side, _ in split))  # which side of a conditional bar
    return member_runs(reader, [reader.read(part, span) for _, part in split], segments)


def _named_parameters(reader: ExprReader, pieces: list[tuple[bool, list[Node]]]) -> list[list[Node]]:
    """The arguments, each written after a ``;`` as ``name = value`` (D3PM's categorical ``\\mathrm{Cat}(x_t; p =
    x_{t-1} Q_t)``: the parameter named) as its value alone, noted ``call-named-parameter``."""
    out: list[list[Node]] = []
    after = False
    for semi, piece in pieces:
        after = after or semi
        at = [k for k, n in enumerate(piece) if isinstance(n, Token) and n.is_op("=")]
        name = strip_space(piece[: at[0]]) if len(at) == 1 else []
        if after and len(name) == 1 and isinstance(name[0], Token) and name[0].kind in ("letter", "cmd") \
                and strip_space(piece[at[0] + 1 :]):
            value = strip_space(piece[at[0] + 1 :])
            where = Span(name[0].span.start, value[-1].span.end)
            reader.add_note("call-named-parameter", where, {"text": reader.source[where.start : where.end],
                                                            "name": name[0].text})
            piece = value
        out.append(piece)
    return out


def _also_unconditioned(source: str, span: Span) -> bool:
    """Does the formula apply the name of the conditional call at ``span`` without a bar too (the VAE's ``\\log
    p(x|z) + \\log p(z)``): then its conditional and its plain calls are one function of different arguments."""
    name = re.match(r"\\?[A-Za-z]+(?:_\{[^{}]*\}|_\\?\w+)?", source[span.start : span.end])
    if name is None or name.group(0) in _INFORMATION_NAMES:  # H(X|Y) beside H(X): conditional-functional's
        return False
    plain = r"(?<![A-Za-z\\_^])" + re.escape(name.group(0)) + r"\s*(?:\\left\s*)?\((?:[^()|]|\([^()|]*\))*\)"
    return any(m.start() != span.start and not re.search(r"\\(?:mid|vert|lvert|\||parallel)(?![A-Za-z])", m.group(0))
               for m in re.finditer(plain, source))


#: information quantities whose conditional is a functional of its own (symdl.read.information): no such note
_INFORMATION_NAMES = frozenset({"H", "I", "KL", "D", "JS", "\\mathbb"})


def _event_into_name(reader: ExprReader, inner: list[Node], callee: dict[str, object], span: Span) -> list[Node]:
    """``P(y = 1 \\mid \\mathbf{x})``: the event ``y = 1`` names the function (``P_{y=1}`` of x), as a reader
    takes it, with a note; the arguments left are the condition's."""
    from symdl.read.delimiters import conditional_split

    spec = callee.get("callee")
    parts = conditional_split(inner)
    if not isinstance(spec, AtomSpec) or parts is None or len(parts) != 2:
        return inner
    event, given = parts
    if not any(isinstance(n, Token) and n.is_op("=") for n in event):
        return _given_event(reader, inner, (event, given), callee, spec, span)
    given = given_value(reader, given, span)  # P(Y = 1 \mid X = x): the probability at the value x
    if (indexed := event_index(reader, spec, event, span)) is not None:  # \arg\max_k p(y = k \mid x): p_k(x)
        callee["callee"] = indexed
        return given
    _name_by_event(reader, callee, spec, event, span, "event-name")
    return given


def _given_event(reader: ExprReader, inner: list[Node], parts: tuple[list[Node], list[Node]],
                 callee: dict[str, object], spec: AtomSpec, span: Span) -> list[Node]:
    """cs229's GDA ``p(x \\mid y = 0)``: a condition that is one event ``name = value`` (no other argument) names the
    function (``p_{y=0}`` of x, the density given that event), noted ``given-event-name``; the arguments left are
    those before the bar.  Anything else: the whole bracket, as written."""
    event, given = parts
    if any(isinstance(n, Token) and n.is_op(",", ";") for n in given) or not strip_space(event):
        return inner
    eq = [k for k, n in enumerate(given) if isinstance(n, Token) and n.is_op("=")]
    if len(eq) != 1 or not strip_space(given[: eq[0]]) or not strip_space(given[eq[0] + 1 :]):
        return inner
    _name_by_event(reader, callee, spec, given, span, "given-event-name")
    return event


def _name_by_event(reader: ExprReader, callee: dict[str, object], spec: AtomSpec, event: list[Node], span: Span,
                   rule: str) -> None:
    """Name the function by the event (``P_{y=1}``, ``p_{y=0}``), noted by ``rule``."""
    text = "".join(plain_text(event).split())
    callee["callee"] = replace(spec, sub=SubscriptSpec(text, None), spelling=f"{spec.spelling}_{{{text}}}")
    reader.add_note(rule, span, {"text": reader.source[span.start : span.end][:60], "event": text,
                                 "name": spec.base_latex})


#: functionals whose conditional is another quantity than their joint: entropy, H(Y \\mid X) is not H(X, Y)
CONDITIONAL_FUNCTIONALS = {"H"}


def conditional_callee(reader: ExprReader, inner: list[Node], callee: dict[str, object], span: Span) -> None:
    """Bishop's conditional entropy ``\\mathrm{H}[\\mathbf{y} | \\mathbf{x}]``, ``H(Y \\mid X)``: a conditional
    bar inside an entropy's brackets names another function, ``H_{cond}`` (noted ``conditional-functional``), never
    the joint ``H[\\mathbf{x}, \\mathbf{y}]`` the bar would otherwise read as (a density keeps its bar a comma)."""
    from symdl.read.delimiters import conditional_split

    spec = callee.get("callee")
    if not isinstance(spec, AtomSpec) or spec.base not in CONDITIONAL_FUNCTIONALS or spec.sub is not None:
        return
    parts = conditional_split(inner)
    if parts is None or len(parts) != 2:
        return
    callee["callee"] = replace(spec, sub=SubscriptSpec("cond", None), spelling=f"{spec.spelling}_{{cond}}")
    reader.add_note("conditional-functional", span, {"name": spec.base})


def _keyword_call(reader: ExprReader, callee: dict[str, object], group: Group, first: Node, em: Emitter) -> bool:
    """A call with a code-style keyword argument, read by :func:`symdl.read.keywords.keyword_call`."""
    from symdl.read.keywords import axis_call, keyword_call, method_reduction

    spec = callee.get("callee")
    if probability_event(spec, group):  # p(X=k): an event, no keyword argument (symdl.read.evententry)
        return False
    name = spec.base if isinstance(spec, AtomSpec) else str(callee.get("known") or "")
    if method_reduction(reader, name, group, em):  # code's x.mean(), (a * b).sum(-1) (symdl.read.codecalls)
        return True
    if isinstance(spec, AtomSpec) and axis_call(reader, spec, group, first.span.start, em):
        return True  # the Annotated Transformer's \mathrm{mean}(x, -1), \operatorname{std}_{-1}(x)
    return keyword_call(reader, name, group, first.span.start, em)


def _callee_scripts(
    reader: ExprReader, nodes: list[Node], k: int, callee: dict[str, object]
) -> tuple[int, list[Node] | None]:
    """A known function's primes (``\\tanh'(x)``) and power (``\\tanh^2(x)``) before its argument."""
    primes = 0
    while callee.get("known") and k < len(nodes) and isinstance(nodes[k], Token) and nodes[k].is_op("'"):
        primes, k = primes + 1, skip_sizing(nodes, k + 1)  # \tanh'(x): the derivative of tanh
    if primes:
        callee["primes"] = primes
    if callee.get("known") == "log" and k < len(nodes) and isinstance(nodes[k], Token) and nodes[k].is_op("_"):
        base, k, sp = _arg(nodes, k + 1, reader.source, "subscript")  # \log_2 p: the logarithm to base 2
        text = plain_text(base).strip("{} ")
        if not (text.isdigit() or (len(text) == 1 and text.isalpha())):
            raise reader.error(NotSupported, f"the logarithm to base {text}", sp,
                               "symdl reads \\log_2, \\log_{10}, \\log_e and \\log_b with one letter b")
        if text != "e":  # \log_e is the natural logarithm
            callee["log_base"] = reader.read(base, sp)
        k = skip_sizing(nodes, k)
    if callee.get("known") in SUBSCRIPT_BETA and k < len(nodes) and isinstance(nodes[k], Token) and nodes[k].is_op("_"):
        k = _swish_beta(reader, nodes, k, callee)  # Shazeer's \text{Swish}_\beta(xW + b): x \sigma(\beta x)
    power: list[Node] | None = None
    if callee.get("known") and k < len(nodes) and isinstance(nodes[k], Token) and nodes[k].is_op("^"):
        power, k, _ = _arg(nodes, k + 1, reader.source, "superscript")  # \tanh^2(x) = (\tanh x)^2
        k = skip_sizing(nodes, k)
    return k, power


#: known activations whose parameter beta a subscript may give (Ramachandran et al.'s Swish_\beta(x) = x\sigma(\beta x))
SUBSCRIPT_BETA = BETA_SUBSCRIPT  # swish, silu: from their record (symdl.activations)


def _swish_beta(reader: ExprReader, nodes: list[Node], k: int, callee: dict[str, object]) -> int:
    """Past the subscript of ``\\text{Swish}_\\beta`` (Ramachandran et al.'s Swish_β(x) = x σ(βx), Shazeer 2020's
    SwiGLU): beta = 1 is the function symdl reads as Swish; any other beta is kept in ``callee["beta"]``, and the
    binder reads the call as x σ(βx) (:mod:`symdl.bind.swishbeta`, noted)."""
    beta, after, sp = _arg(nodes, k + 1, reader.source, "subscript")
    if plain_text(beta).strip("{} ") != "1":
        callee["beta"] = reader.read(beta, sp)
    return skip_sizing(nodes, after)


def _note_primed_left(reader: ExprReader, span: Span, spec: AtomSpec) -> None:
    """A primed unknown function at the start of a statement whose right side applies the function itself to other
    arguments (DDPG's ``\\mu'(s_t) = \\mu(s_t|\\theta^\\mu_t) + \\mathcal{N}``): read as the derivative, noted
    (``primed-left``): a primed name may be a function of its own.  Ng's ``g'(z) = g(z)(1 - g(z))``, the function at
    the same argument, is its derivative, no note."""
    at_start = re.search(r"(?:^|\\\\|\n)\s*$", reader.source[: span.start]) is not None
    name = re.escape(spec.base_latex)
    left = re.match(rf"{name}'+\s*\(([^()]*)\)\s*=(.*)", reader.source[span.start :], re.S)
    if not at_start or left is None:
        return
    applied = re.findall(rf"(?<![A-Za-z\\_^{{]){name}\s*(?:_\{{[^{{}}]*\}}|_\w)?\s*\(([^()]*)\)", left.group(2))
    if any("".join(a.split()) != "".join(left.group(1).split()) for a in applied):  # \mu(s_t|\theta): other
        reader.add_note("primed-left", span, {"name": spec.base_latex, "text": reader.source[span.start : span.end]})


def call(reader: ExprReader, nodes: list[Node], start: int, j: int, em: Emitter, **callee: object) -> int:
    """The function named by ``nodes[start:j]`` applied to what follows; emit its placeholder."""
    if callee.get("known") is not None:  # \textrm{log}\, P(w_o \mid w_c) (d2l): TeX's thin space, nothing more
        j = skip_spacing(nodes, j)
    spec = callee.get("callee")
    if isinstance(spec, AtomSpec) and spec.word and spec.base.lower() == "norm" and not spec.sub:  # OpenNMT's Y =
        reader.add_note("norm-function", Span(nodes[start].span.start, nodes[j - 1].span.end), {})  # norm(X) * γ + β
    if isinstance(spec, AtomSpec) and spec.primes and callee.get("known") is None:
        _note_primed_left(reader, Span(nodes[start].span.start, nodes[j - 1].span.end), spec)  # DDPG's \mu'(s_t) =
    if (after := plain_extremum(reader, nodes, start, j, callee, em)) is not None:  # SAC's min_i Q_i(s', a')
        return after
    k = labelled_statistic(reader, nodes, start, skip_sizing(nodes, j), callee)  # TE's RMS_\varepsilon(x) (noted)
    k, power = _callee_scripts(reader, nodes, k, callee)
    if power is not None and plain_text(power) == "-1" and callee.get("known") in INVERSE_FUNCTIONS:
        name = str(callee["known"])  # \sin^{-1} x: the inverse function, not a reciprocal
        callee["known"] = INVERSE_FUNCTIONS[name]
        power = None
        reader.add_note("inverse-function", Span(nodes[start].span.start, nodes[k - 1].span.end),
                        {"name": name, "inverse": INVERSE_FUNCTIONS[name]})
    group = nodes[k] if k < len(nodes) else None
    # \tanh[\sqrt{2/\pi}(x + 0.044715 x^3)] (the GELU paper), \max\{0, z\} (Goodfellow's ReLU): a known function's
    # argument in square brackets or set braces
    kind = group.kind if isinstance(group, Group) else ""
    wrapped = (callee.get("known") is not None and kind in ("bracket", "set")) or (
        kind == "bracket" and _bracket_callee(callee.get("callee"))) or (  # Ba et al.'s f[...]
        kind == "bracket" and isinstance(spec, AtomSpec) and _bracket_defined(reader, spec)) or (  # NTM's K[u, v]
        kind == "bracket" and bracket_applied(callee.get("callee"), group, reader.source)) or (  # Prince's f[x, phi]
        isinstance(group, Group) and information_callee(callee.get("callee"), group, reader.source))  # Bishop's I[x, y]
    if kind == "bracket" and callee.get("known") in ENTRY_STATISTICS and (after := _skip_space(nodes, k + 1)) < len(
            nodes) and isinstance(nodes[after], Token) and nodes[after].is_op("_"):  # Zeiler's \text{RMS}[g]_t (noted)
        return running_average(reader, nodes, start, k, after, em, op=str(callee["known"]).upper())
    if isinstance(group, Group) and group.kind == "paren" and _keyword_call(reader, callee, group, nodes[start], em):
        return constructs.emit_power(reader, nodes, k + 1, em)  # Keras's mean(..., axis=-1) (symdl.read.keywords)
    if isinstance(group, Token) and group.is_op("_") and (
            after := softmax_over(reader, nodes, start, k, str(callee.get("known")), em)) is not None:
        return after  # GAT's \mathrm{softmax}_j(e_{ij}): over j; Prince's \mathrm{softmax}_k[\mathbf{z}]: entry k
    if group is not None and (entry := event_entry(reader, group, callee)) is not None:  # the entropy's p(Y = c)
        span = Span(nodes[start].span.start, group.span.end)
        reader.add_note("event-entry", span, {"text": reader.source[span.start : span.end], "name": entry.base_latex,
                                              "event": event_text(group), "value": entry.sub.text,  # type: ignore
                                              "entry": event_where(entry)})
        em.placeholder(reader.new("atom", span, atom=entry).id, span)
        return constructs.emit_power(reader, nodes, k + 1, em)
    if isinstance(group, Group) and (group.kind in ("paren", "brace") or wrapped):
        span = Span(nodes[start].span.start, group.span.end)
        children = _event_into_name(reader, pair_arguments(reader, group.children, span), callee, span)
        children = whole_parameters(reader, children, span)  # NeuralForecast's MAE(\mathbf{y}_\tau, ...) = ...
        conditional_callee(reader, children, callee, span)
        args, after = args_of(reader, children, span), k + 1
    else:
        if isinstance(group, Token) and group.is_op("^", "_"):
            raise reader.error(NotSupported, "a power or subscript on a function name", group.span,
                               "write (\\log x)^2 rather than \\log^2 x")
        end = factor_end(reader, nodes, k)
        if callee.get("known") is not None:  # \cos m\theta: the product after it (symdl.read.reach)
            end = reach_end(reader, nodes, k, end, str(callee["known"]), nodes[start].span.start)
        if callee.get("known") in MATRIX_TO_NUMBER and _skip_space(nodes, end) < _term_end(nodes, k, started=True):
            end = trimmed(nodes, k, _term_end(nodes, k, started=True))  # cs229's \mathrm{tr} ABA^TC (noted)
            reader.add_note("trace-reach", Span(nodes[start].span.start, nodes[end - 1].span.end),
                            {"name": reader.source[nodes[start].span.start : nodes[k].span.start].strip(),
                             "operand": reader.source[nodes[k].span.start : nodes[end - 1].span.end]})
        span = Span(nodes[start].span.start, nodes[end - 1].span.end)
        args, after = [reader.read(nodes[k:end], span)], end
        _note_number_argument(reader, nodes, k, end, span)
    ph = reader.new("call", span, args=args, **callee)
    if power is None and _bracket_entry_at(nodes, after, span):  # JEM's f_\theta(\mathbf{x})[y]: the logit of y
        group = nodes[after]
        whole = Span(span.start, group.span.end)
        value = Parsed(placeholder_symbol(placeholder_text(ph.id)), span, reader.source[span.start : span.end])
        index = reader.read(group.children, group.span)  # type: ignore[union-attr]
        reader.add_note("call-bracket-entry", whole, {"text": reader.source[whole.start : whole.end],
                                                      "index": plain_text(group.children).strip()})  # type: ignore
        ph, span, after = reader.new("entry", whole, value=value, index=index), whole, after + 1
    if power is None and after < len(nodes) and isinstance(nodes[after], Token) and nodes[after].is_op("_"):
        sub, after, sub_span = _arg(nodes, after + 1, reader.source, "subscript")  # softmax(z)_i: entry i
        whole = Span(span.start, sub_span.end)
        if re.fullmatch(r"[a-z],?[a-z]", "".join(plain_text(sub).split()).strip("{}")):  # softmax(X)_{ij}
            raise reader.error(NotSupported, "an entry of a function's value with two indices (entry (i, j) of a "
                               "matrix value, not entry i·j)", whole,
                               "name the value first and take its entry: S = softmax(X), then S_{ij}")
        value = Parsed(placeholder_symbol(placeholder_text(ph.id)), span, reader.source[span.start : span.end])
        ph = reader.new("entry", whole, value=value, index=reader.read(sub, sub_span))
        span = whole
    em.placeholder(ph.id, span)
    if power is not None:
        em.power(span, lambda: reader.emit(power, em))
        return after
    _note_value_reciprocal(reader, nodes, after, span, callee)
    return constructs.emit_power(reader, nodes, after, em)


def _bracket_entry_at(nodes: list[Node], k: int, span: Span) -> bool:
    """Is ``nodes[k]`` a square bracket written right after the call that ends at ``span`` (no space), holding one
    letter or one name with a subscript (``f_\\theta(\\mathbf{x})[y]``, code's ``model(x)[i]``): the value's entry?"""
    if k >= len(nodes) or not is_group(nodes[k], "bracket") or nodes[k].span.start != span.end:
        return False
    inner = strip_space(nodes[k].children)  # type: ignore[union-attr]
    primed = len(inner) == 2 and isinstance(inner[1], Token) and inner[1].is_op("'")  # JEM's [y'] under \sum_{y'}
    return ((len(inner) == 1 or primed) and isinstance(inner[0], Token) and inner[0].kind == "letter") or (
        len(inner) == 3 and isinstance(inner[0], Token) and inner[0].kind == "letter"
        and isinstance(inner[1], Token) and inner[1].is_op("_"))


def _note_number_argument(reader: ExprReader, nodes: list[Node], k: int, end: int, span: Span) -> None:
    """RealNVP's ``\\log z - \\log 1-z``: a logarithm written without parentheses takes the number right after it,
    log 1 = 0, though a sum follows that the author surely meant as the argument; noted ``number-argument``."""
    j = _skip_space(nodes, end)
    if (end - k == 1 and isinstance(nodes[k], Token) and nodes[k].text == "1"  # log 1 = 0: not what was meant
            and reader.source[span.start : nodes[k].span.start].strip() in ("\\log", "\\ln")
            and j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].is_op("+", "-")):
        arg = reader.source[nodes[k].span.start : nodes[k].span.end]
        reader.add_note("number-argument", span, {"text": reader.source[span.start : span.end], "arg": arg,
                                                  "name": reader.source[span.start : nodes[k].span.start].strip(),
                                                  "rest": reader.source[nodes[k].span.start : nodes[j].span.end]})


def _note_value_reciprocal(reader: ExprReader, nodes: list[Node], after: int, span: Span, callee: dict) -> None:
    """``\\sigma(z)^{-1}`` of a function with an inverse (RealNVP's logit ``\\sigma(z)^{-1} = \\log z - \\log(1-z)``):
    read as the reciprocal of the value, as a power after parentheses is, noted ``value-reciprocal``: the author
    may mean the inverse function, written ``\\sigma^{-1}(z)``."""
    k = _skip_space(nodes, after)
    c = callee.get("callee")
    name = "sigma" if isinstance(c, AtomSpec) and c.base == "sigma" and c.sub is None and not c.decorations else \
        callee.get("known")
    if (name in INVERSE_FUNCTIONS and k + 1 < len(nodes) and isinstance(nodes[k], Token)
            and nodes[k].is_op("^")):
        arg, end, _ = _arg(nodes, k + 1, reader.source, "superscript")
        if plain_text(arg).strip("{} ") == "-1":
            whole = Span(span.start, nodes[end - 1].span.end)
            reader.add_note("value-reciprocal", whole, {"text": reader.source[whole.start : whole.end],
                                                        "name": str(name)})
    elif (name in ("trace", "tr", "Tr") and k + 1 < len(nodes) and isinstance(nodes[k], Token)
          and nodes[k].is_op("^")):
        arg, end, _ = _arg(nodes, k + 1, reader.source, "superscript")
        if plain_text(arg).strip("{} ") == "-1":  # Hagan et al.'s \mathrm{tr}(\mathbf{H}^{MP})^{-1}: which inverse?
            whole = Span(span.start, nodes[end - 1].span.end)
            reader.add_note("trace-reciprocal", whole, {"text": reader.source[whole.start : whole.end]})
