"""Handlers for the constructs the reader turns into placeholders.

Each handler has one shape, ``handler(reader, nodes, i, em, bold) -> next index``,
and is registered by command name in :data:`COMMANDS`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from symdl.errors import InvalidInput, NotSupported, Span
from symdl.functions import GREEK_INVERSES
from symdl.read import words
from symdl.read.atoms import _arg
from symdl.read.bracketcall import bold_word_call
from symdl.read.bracketindex import refuse_code_lookup, word_entry
from symdl.read.commands import BOLD, GREEK, NAME_WRAPPERS
from symdl.read.composition import refuse_unknown_inverse
from symdl.read.delimiters import SPACING_COMMANDS
from symdl.read.deltachange import note_unwritten_change
from symdl.read.extents import _skip_space
from symdl.read.greekstats import greek_statistic
from symdl.read.lexer import Token
from symdl.read.powercall import applied_unpowered
from symdl.read.probability import (
    BRACKET_STATISTICS,
    OPERATORS,
    blackboard,
    drawn_paren,
    statistic,
    subscripted_bracket,
)
from symdl.read.steparg import bracket_step, step_argument, time_bracket
from symdl.read.superscripts import classify_super
from symdl.read.syntax import (
    AtomSpec,
    Group,
    Node,
    is_group,
    plain_text,
    seq_span,
    strip_space,
)
from symdl.read.transposes import transpose_value

if TYPE_CHECKING:
    from symdl.read.expr import Emitter, ExprReader

Handler = Callable[["ExprReader", list[Node], int, "Emitter", bool], int]


def split_top(nodes: list[Node], sep: str) -> list[list[Node]]:
    """Split at the ``sep`` tokens among ``nodes`` (brackets are groups: their separators are inside them)."""
    parts: list[list[Node]] = [[]]
    for n in nodes:
        if isinstance(n, Token) and n.kind == "op" and n.text == sep:
            parts.append([])
        else:
            parts[-1].append(n)
    return parts


def emit_power(reader: ExprReader, nodes: list[Node], j: int, em: Emitter) -> int:
    """Emit a ``^{...}`` power following something already emitted (after spaces, which TeX ignores: ``|x| ^ p``)."""
    k = _skip_space(nodes, j)
    if k < len(nodes) and isinstance(nodes[k], Token) and nodes[k].is_op("^"):
        arg, after, sp = _arg(nodes, k + 1, reader.source, "superscript")
        info = classify_super(arg, False)
        if len(arg) == 1 and is_group(arg[0], "paren") and after > k + 2:  # code's (1 - t / T) ^ (power): a power
            info = None
        if info == {"transpose": True} and transpose_value(reader, em, sp):
            return after
        if info is not None and "error" not in info:
            text = plain_text(arg).strip("{} ")
            entry = text.startswith("(") and text.endswith(")")  # Lil'Log's f(t)^{(i)}: entry i of the value
            raise reader.error(NotSupported, f"the superscript '{text}' on this part" + (
                " (an entry of a bracket's or a call's value, by a parenthesised index)" if entry else ""), sp,
                "write the entry with a subscript on a name of the value (p_{t,i} = ...)" if entry else
                "transpose a bracketed product like (Wx)^T, or name the part first")
        em.power(nodes[k].span, lambda: emit_exponent(reader, arg, em, sp), sp)
        return after
    return j


def emit_exponent(reader: ExprReader, arg: list[Node], em: Emitter, span: Span) -> None:
    """An exponent inline, or read on its own when it nests further powers (e^{e^{x}})."""
    sign = plain_text(arg).strip("{} ")
    if sign in ("+", "-"):  # x^+: no power; (x)^+ is the positive part (read.delimiters.positive_part)
        raise reader.error(NotSupported, f"the superscript {sign} on a name (x^{sign})", span,
                           "for the positive part max(0, x), write (x)^+, (x)_+ or \\max(0, x); a sample's label (a "
                           "contrastive loss's positive x^+) reads on a bold name or where the letter has both signs")
    if sign in ("*", "\\ast", "\\star"):  # (x)^*, 2^*: an optimum's mark on something that is not a name
        raise reader.error(NotSupported, f"the superscript {sign} on this part (an optimum's mark)", span,
                           "a starred name reads as one name: V^*(s), \\pi^*(s), \\theta^*")
    if sign.replace(" ", "") in ("\\infty", "+\\infty"):  # AdaMax's \beta_2^\infty v_{t-1} + (1 - \beta_2^\infty) ...
        raise reader.error(NotSupported, "a power to infinity: a limit (AdaMax's p \\to \\infty), not a value", span,
                           "write the value the limit takes (AdaMax's u_t = \\max(\\beta_2 v_{t-1}, |g_t|)), or "
                           "the limit itself: \\lim_{p \\to \\infty}")
    if any(isinstance(n, Token) and n.is_op("^") for n in arg) or any(isinstance(n, Group) for n in arg):
        before = len(reader.placeholders)
        inner = reader.read(arg, span)
        if inner.expr.is_Rational and len(reader.placeholders) == before:  # ^{-\frac{1}{2}}: the number, inline
            em.rational(inner.expr, span)  # as ^{-1/2} is (a capital's power then a matrix's: capital-power-matrix)
            return
        ph = reader.new("group", span, inner=inner)
        em.placeholder(ph.id, span)
    else:
        reader.emit(arg, em)


def bracket_call(reader: ExprReader, nodes: list[Node], i: int, j: int, run: str, em: Emitter) -> int:
    """``f[x]``: a named function applied with brackets; ``E[x]`` and ``Var[x]`` are statistics."""
    k = _skip_space(nodes, j)
    group = nodes[k]
    assert isinstance(group, Group)
    span = Span(nodes[i].span.start, group.span.end)
    refuse_code_lookup(run, group, reader.source, span)  # code's E[token_ids]: an embedding lookup, refused
    if run in BRACKET_STATISTICS or run.lower() == "expectation":  # E[x], \mathrm{Var}[x], mean[x]
        return statistic(reader, nodes, i, j, BRACKET_STATISTICS.get(run, "mean"), em)
    callee: dict[str, object] = {"callee": AtomSpec(base=run, base_latex=rf"\operatorname{{{run}}}", word=True,
                                                    spelling=run)}
    calls.conditional_callee(reader, group.children, callee, span)  # Bishop's \mathrm{H}[\mathbf{y} | \mathbf{x}]
    ph = reader.new("call", span, args=calls.args_of(reader, group.children, span), **callee)
    em.placeholder(ph.id, span)
    return emit_power(reader, nodes, k + 1, em)


def function_call(reader: ExprReader, nodes: list[Node], i: int, j: int, name: str, em: Emitter) -> int:
    """The known function ``name`` (``\\log``, ``tanh``) written at ``nodes[i:j]``, applied to what follows."""
    return calls.call(reader, nodes, i, j, em, known=name)


def word_call(reader: ExprReader, nodes: list[Node], i: int, j: int, run: str, em: Emitter) -> int:
    """A named function (``score(h, h)``, ``FL(p_t)``) applied to what follows."""
    spec = AtomSpec(base=run, base_latex=rf"\operatorname{{{run}}}", word=True, spelling=run)
    return calls.call(reader, nodes, i, j, em, callee=spec)


#: name prefixes that make one name of the next: dW (the gradient of W), \\Delta w (the change in w)
PREFIXES = {"d": ("d", "d"), "\\Delta": ("Delta", "\\Delta "), "\\delta": ("delta", "\\delta ")}


def atom_at(
    reader: ExprReader,
    nodes: list[Node],
    i: int,
    em: Emitter,
    bold: bool,
    *,
    prefix: str | None = None,
    start: int | None = None,
) -> int:
    """Read the name at ``nodes[i]`` (or, after a prefix token at ``i``, the name at ``start``) and emit it."""
    ph, j, exponent = reader.atom(nodes, i if start is None else start, bold=bold)
    spec = ph.data["atom"]
    if prefix is not None:
        name, tex = PREFIXES[prefix]
        spec.d_of = spec.base  # dW, \Delta w: shaped as W, w are
        spec.base, spec.base_latex, spec.spelling = name + spec.base, tex + spec.base_latex, tex + spec.spelling
        ph.span = Span(nodes[i].span.start, ph.span.end)
    k = _skip_space(nodes, j)
    if (exponent is not None and spec.base in GREEK_INVERSES and spec.greek and not spec.sub
            and plain_text(exponent) == "-1" and k < len(nodes) and is_group(nodes[k], "paren")):
        reader.placeholders.pop(ph.id)  # \sigma^{-1}(p): the logit; \zeta^{-1}(x): the softplus's inverse
        inverse = GREEK_INVERSES[spec.base]
        reader.add_note("inverse-function", Span(nodes[i].span.start, nodes[j - 1].span.end),
                        {"name": spec.base, "inverse": inverse})
        return calls.call(reader, nodes, i, j, em, known=inverse)
    if (exponent is not None and "".join(plain_text(exponent).split()).strip("{}") == "-1" and k < len(nodes)
            and is_group(nodes[k], "paren") and spec.spelling in reader.inverse_functions
            and spec.sub is None and not (spec.bold or spec.decorations)):
        reader.placeholders.pop(ph.id)  # mlpack's f^{-1}(y) = \ln(\frac{y}{1-y}): the formula's own function
        own = replace(spec, base=spec.base + "inv", base_latex=spec.base_latex + "^{-1}", word=True,
                      spelling=spec.spelling + "^{-1}")
        reader.add_note("inverse-defined", Span(nodes[i].span.start, nodes[j - 1].span.end),
                        {"name": spec.base_latex})
        return calls.call(reader, nodes, i, j, em, callee=own)
    refuse_unknown_inverse(reader, spec, exponent, nodes, i, k)  # \psi^{-1}(x): refused by name
    wrapper = nodes[i].text if isinstance(nodes[i], Token) else ""  # type: ignore[union-attr]
    if (exponent is not None and plain_text(exponent).strip("{} ").isdigit() and k < len(nodes)
            and (is_group(nodes[k], "paren") or _bracket_arguments(spec, wrapper, nodes[k]))
            and ((spec.word and wrapper in ("\\operatorname", "\\mathrm")) or (
                not spec.bold and len(split_top(nodes[k].children, ",")) > 1)  # type: ignore[union-attr]
                or applied_unpowered(reader, spec, nodes[k]))):  # a score SDE's g^2(t) beside g(t)
        # the bias-variance split's \operatorname{Bias}^2(\hat f): Bias(f)^2; DIoU's \rho^2(\mathbf{b},
        # \mathbf{b}^{gt}): a tuple is no factor, so the square of the distance
        reader.placeholders.pop(ph.id)
        after = calls.call(reader, nodes, i, j, em, callee=spec)
        power = exponent
        span = Span(nodes[i].span.start, nodes[after - 1].span.end)
        reader.add_note("operator-power", span, {"power": plain_text(exponent).strip("{} ")})
        em.power(span, lambda: emit_exponent(reader, power, em, span))
        return after
    if (step := step_value_at(reader, spec, nodes, k)) is not None:
        if spec.sample is not None:  # Hagan et al.'s \mathbf{W}^m(k+1): layer m's weights at step k + 1
            spec.layer, spec.sample = spec.sample, None
        spec.sample = step  # Haykin's w_{ji}(n), \Delta w_{ji}(n-1): the value at step n, as w_{ji}^{(n)}
        spec.spelling += f"({step})"
        ph.span = Span(ph.span.start, nodes[k].span.end)
        reader.add_note("step-argument", ph.span, {"name": spec.spelling, "step": step}, once_for=step)
        j = k + 1
    elif (k < len(nodes) and isinstance(nodes[k], Group) and spec.sample is None and not spec.word
          and (step := (bold := bracket_step(nodes[k])) or time_bracket(nodes[k], reader.source)) is not None):
        # TabNet's \mathbf{M}[\mathbf{i}]: M at step i; snnTorch's U[t+1] = \beta U[t] + ...: U at step t + 1
        rule = "step-bracket" if bold else "time-bracket"
        spec.sample = step
        spec.spelling += f"[{step}]"
        ph.span = Span(ph.span.start, nodes[k].span.end)
        reader.add_note(rule, ph.span, {"name": spec.spelling, "step": step}, once_for=step)
        j = k + 1
    elif calls.call_follows(reader, spec, exponent, nodes, k, nodes[i].span.start):
        reader.placeholders.pop(ph.id)
        return calls.call(reader, nodes, i, j, em, callee=spec)
    em.placeholder(ph.id, ph.span)
    if exponent is not None:
        power = exponent
        em.power(ph.span, lambda: emit_exponent(reader, power, em, ph.span))
    return j


def _bracket_arguments(spec: AtomSpec, wrapper: str, n: Node) -> bool:
    """Gretton et al.'s ``\\mathrm{MMD}^2[\\mathcal{F}, p, q]``: a worded function's arguments in brackets, two or
    more (one bracketed value after a word is an entry or a statistic, read elsewhere)."""
    return (spec.word and wrapper in ("\\operatorname", "\\mathrm") and is_group(n, "bracket")
            and len(split_top(n.children, ",")) > 1)  # type: ignore[union-attr]


def step_value_at(reader: ExprReader, spec: AtomSpec, nodes: list[Node], k: int) -> str | None:
    """The step of Haykin's ``w_{ji}(n)``, ``\\Delta w_{ji}(n-1)``, ``e_j^2(n)``: the parenthesis at ``nodes[k]`` holds
    one of the formula's step letters (maybe shifted), so the name before it is its value at that step (not a call);
    None for a name that is a function (a known function letter, a capital Greek letter, a word) or a product
    (``n(n-1)``)."""
    from symdl.read.callorproduct import FUNCTION_LETTERS, STEP_VALUE_LETTERS  # it reads names with this module

    if (reader.step_letters and k < len(nodes) and is_group(nodes[k], "paren") and not spec.word
            and (spec.sample is None or (spec.layer is None and re.fullmatch(r"[a-z](?:[+-]\d+)?", spec.sample)))
            and not (spec.greek and spec.base[:1].isupper())  # \Gamma(n+1): the Gamma function
            and not (spec.base in FUNCTION_LETTERS - STEP_VALUE_LETTERS
                     and not (spec.bold or spec.sub or spec.sample or spec.decorations))
            and (step := step_argument(nodes[k], reader.step_letters)) is not None  # type: ignore[arg-type]
            and step[0] != (spec.sample or "-")[0] and spec.spelling != step[0]):  # n(n-1): a product
        return step
    if (reader.step_letters and k < len(nodes) and is_group(nodes[k], "paren") and spec.spelling
            and re.fullmatch(r"\d", "".join(plain_text(nodes[k].children).split()))  # type: ignore[union-attr]
            and re.search(re.escape(spec.spelling) + r"\s*\(\s*[" + "".join(reader.step_letters)
                          + r"]\s*(?:[+-]\s*\d+\s*)?\)", reader.source)):  # Hagan et al.'s \mathbf{a}(0) = \mathbf{p}
        # beside \mathbf{a}(t + 1): the value at step 0
        return "".join(plain_text(nodes[k].children).split())  # type: ignore[union-attr]
    return None


_SIZE_CALL = re.compile(r"([A-Za-z](?:[A-Za-z0-9_]*[A-Za-z0-9])?)\.(?:size|nelement|nElement|numel)")


def atom_or_word(reader: ExprReader, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
    """A name after a wrapper or font command: ``\\text{MSE}``, ``\\operatorname{softmax}(z)``, ``\\mathbf{0}``."""
    from symdl.functions import ACRONYMS, KNOWN_FUNCTIONS

    tok = nodes[i]
    assert isinstance(tok, Token)
    name = tok.text[1:]
    if reader.greek_stats and (after := greek_statistic(reader, nodes, i, em)) is not None:
        return after  # Salimans & Kingma's \mu[t], \sigma[t]: the mean and the std of t (symdl.read.greekstats)
    if name in NAME_WRAPPERS:
        arg, j, _ = _arg(nodes, i + 1, reader.source, tok.text)
        word = "".join(plain_text(arg).split()).replace("\\_", "_")  # BYOL's \text{stop\_gradient}
        if word.lower() in KNOWN_FUNCTIONS and len(word) > 1 and word not in ACRONYMS:
            return function_call(reader, nodes, i, j, word.lower(), em)
        k = _skip_space(nodes, j)
        size = _SIZE_CALL.fullmatch(word)
        if size and k < len(nodes) and is_group(nodes[k], "paren") and "".join(plain_text(nodes[k].children).split()) \
                in ("", "0"):  # the PyTorch docs' \text{x.size}(0), \text{x.nelement}(): how many entries x has
            span = Span(tok.span.start, nodes[k].span.end)
            reader.add_note("code-size", span, {"of": size.group(1)})
            em.placeholder(reader.new("length", span, of=size.group(1)).id, span)
            return k + 1
        if k < len(nodes) and is_group(nodes[k], "bracket") and not word_entry(word, nodes, j, reader.source):
            return bracket_call(reader, nodes, i, j, word, em)
        if word in OPERATORS and k < len(nodes) and isinstance(nodes[k], Token) and nodes[k].is_op("_"):
            return statistic(reader, nodes, i, j, OPERATORS[word], em)  # Ioffe & Szegedy's \mathrm{E}_\mathcal{B}[x]
    if name in BOLD:
        arg, j, sp = _arg(nodes, i + 1, reader.source, tok.text)
        content = strip_space(arg)
        if len(content) == 1 and isinstance(content[0], Token) and content[0].text in ("0", "1"):
            from symdl.read.environments import condition_follows, indicator
            from symdl.read.ones import ones_vector

            k = _skip_space(nodes, j)
            if content[0].text == "1" and condition_follows(nodes, k):  # UFLDL's \mathbf{1}\{y^{(i)} = k\}, as 1\{...\}

                return indicator(reader=reader, nodes=nodes, i=i, span=tok.span, em=em, after_op=k)

            sized = ones_vector(reader, nodes, i, j, int(content[0].text), em, noted=False)  # \mathbf{1}_n
            if sized is not None:
                return sized
            span = Span(tok.span.start, sp.end)  # \mathbf{0}, \mathbf{1}: constant vectors sized by context
            turned = _transpose_at(nodes, j)  # \mathbf{1}^\top \mathbf{x}: the row of ones (a sum of entries)
            if turned:
                span = Span(span.start, nodes[turned - 1].span.end)
            ph = reader.new("constvec", span, value=int(content[0].text), transpose=bool(turned))
            em.placeholder(ph.id, span)
            return emit_power(reader, nodes, turned or j, em)
        letters = [n for n in content if isinstance(n, Token) and n.kind == "letter"]
        if len(letters) > 1 and all(isinstance(n, Token) and n.kind in ("letter", "space") for n in content):
            if (called := bold_word_call(reader, nodes, i, j, "".join(t.text for t in letters), em)) is not None:
                return called  # Prince's \mathbf{Softmax}[...], \mathbf{Sa}[\mathbf{X}] (symdl.read.bracketcall)
            if not (j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].is_op("_")):
                reader.emit(content, em, bold=True)  # \mathbf{PA}: the product of two bold names
                return j
            # FlashAttention's \mathbf{dP}_i^{(j)}, ORPO's \textbf{odds}_\theta: one bold name with its scripts
    return atom_at(reader, nodes, i, em, bold)


def _transpose_at(nodes: list[Node], j: int) -> int:
    """The index after a transpose superscript (``^T``, ``^\\top``) at ``j``; 0 if there is none."""
    if not (j + 1 < len(nodes) and isinstance(nodes[j], Token) and nodes[j].is_op("^")):
        return 0
    arg, after, _ = _arg(nodes, j + 1, "", "superscript")
    return after if classify_super(arg, False) == {"transpose": True} else 0


def frac(reader: ExprReader, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
    """``\\frac{a}{b}`` (``\\frac12``), or a derivative written as a fraction."""
    from symdl.read import calculus

    num, j, nsp = _frac_arg(reader, nodes, i + 1)
    den, k, dsp = _frac_arg(reader, nodes, j)
    span = Span(nodes[i].span.start, dsp.end)
    handled = calculus.derivative(reader, num, den, span, nodes, k, em)
    if handled is not None:
        return handled
    em.add("FRAC", "\\frac", nodes[i].span)
    em.braced(nsp, lambda: reader.emit(num, em, bold=bold))
    em.braced(dsp, lambda: reader.emit(den, em, bold=bold))
    return emit_power(reader, nodes, k, em)


def _frac_arg(reader: ExprReader, nodes: list[Node], j: int) -> tuple[list[Node], int, Span]:
    j = _skip_space(nodes, j)
    if j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].kind == "number" and len(nodes[j].text) > 1:
        tok = nodes[j]
        assert isinstance(tok, Token)
        if not set(tok.text) <= set("0123456789"):  # \frac 1 1e308, \frac 1 2.5: TeX would split the number
            raise reader.error(InvalidInput, f"\\frac takes one character here, which would split {tok.text}",
                               tok.span, f"put the number in braces: \\frac{{...}}{{{tok.text}}}")
        first = Token("number", tok.text[0], Span(tok.span.start, tok.span.start + 1))
        rest = Token("number", tok.text[1:], Span(tok.span.start + 1, tok.span.end))
        nodes[j : j + 1] = [first, rest]  # \frac12: TeX takes one character
    return _arg(nodes, j, reader.source, "\\frac")


def sqrt(reader: ExprReader, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
    """``\\sqrt{x}``, ``\\sqrt[n]{x}``, ``\\sqrt x``."""
    j = _skip_space(nodes, i + 1)
    index: list[Node] | None = None
    index_group = nodes[j] if j < len(nodes) and is_group(nodes[j], "bracket") else None
    if isinstance(index_group, Group):
        index, j = index_group.children, j + 1
    j = _skip_space(nodes, j)
    if j < len(nodes) and is_group(nodes[j], "brace"):
        body, after = nodes[j].children, j + 1  # type: ignore[union-attr]
    else:
        end = calls.factor_end(reader, nodes, j)
        body, after = nodes[j:end], end
    em.add("SQRT", "\\sqrt", nodes[i].span)
    if index is not None:
        root = index
        em.add("LSQB", "[", nodes[i].span)
        reader.emit(root, em)
        em.add("RSQB", "]", nodes[i].span)
    em.braced(nodes[i].span, lambda: reader.emit(body, em, bold=bold), seq_span(body, nodes[i].span))
    return emit_power(reader, nodes, after, em)


def label(reader: ExprReader, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
    """``\\underbrace{\\eta}_{\\text{step size}}``: the author's own name for a part."""
    body, j, bsp = _arg(nodes, i + 1, reader.source, nodes[i].text)  # type: ignore[union-attr]
    j2 = _skip_space(nodes, j)
    text = ""
    if j2 < len(nodes) and isinstance(nodes[j2], Token) and nodes[j2].is_op("_", "^"):
        _, j, lsp = _arg(nodes, j2 + 1, reader.source, "label")
        raw = reader.source[lsp.start : lsp.end]
        for wrapper in NAME_WRAPPERS:
            raw = raw.replace(f"\\{wrapper}", "")
        text = " ".join(raw.replace("{", " ").replace("}", " ").split())
    span = Span(nodes[i].span.start, nodes[j - 1].span.end)
    first = next((k for k, n in enumerate(body) if not (isinstance(n, Token) and n.kind == "space")), None)
    sign = body[first] if first is not None else None
    if (isinstance(sign, Token) and sign.is_op("+", "-") and em.tokens
            and em.tokens[-1].type in ("PH", "NUMBER", "RPAR", "RBRACE", "RSQB")):
        # Dreamer's \underbrace{-\rho \ln p \dots}_\text{reinforce} \underbrace{-(1-\rho)V}_\text{dynamics}: the
        # author's sign inside the brace joins the term to the one before it, a sum, never a product
        em.add("PLUS" if sign.text == "+" else "MINUS", sign.text, sign.span)
        reader.add_note("label-sign", sign.span, {"sign": sign.text, "label": text or "the label"})
        body = body[first + 1 :]
        bsp = Span(sign.span.end, bsp.end)
    ph = reader.new("label", span, inner=reader.read(body, bsp), label=text)
    em.placeholder(ph.id, span)
    return emit_power(reader, nodes, j, em)


def _lazy(module: str, name: str) -> Handler:
    def handler(reader: ExprReader, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
        import importlib

        return getattr(importlib.import_module(module), name)(reader, nodes, i, em, bold)  # type: ignore[no-any-return]

    return handler


def dots(reader: ExprReader, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
    """``\\dots``: a placeholder the binder reads from its neighbours (``x_1 + \\dots + x_n``, ``[0, \\dots, 0]``)."""
    ph = reader.new("dots", nodes[i].span)
    em.placeholder(ph.id, nodes[i].span)
    return i + 1


#: a \Delta standing alone (not before a name): defined, compared, an argument, or the end of the formula
#: (Gu & Dao's Mamba: \Delta = \tau_\Delta(\mathrm{Parameter} + s_\Delta(x)), \bar{B} = \Delta B)
LONE_DELTA = re.compile(r"\\Delta(?![A-Za-z])\s*(?:=|\)|,|\\right|\\in\b|\\leftarrow|\\gets|:=|$)")


def delta_name(reader: ExprReader, nodes: list[Node], i: int, em: Emitter, bold: bool, prefix: str = "\\Delta") -> int:
    """``\\Delta w``: the change in w, one name (as ``dW`` is the gradient of W); ``\\delta u_k`` with ``prefix``
    ``\\delta`` (symdl.read.deltachange)."""
    if prefix == "\\Delta" and (moved := _step_before_name(nodes, i)) is not None:
        reader.add_note("delta-step", Span(nodes[i].span.start, moved[1]), {
            "text": reader.source[nodes[i].span.start : moved[1]]})  # Rprop's \Delta^{(k)} w_i: w_i's change at k
        return max(delta_name(reader, moved[0], i, em, bold, prefix), moved[2])  # the block read, spaces too
    k = _skip_space(nodes, i + 1)
    nxt = nodes[k] if k < len(nodes) else None
    group = nodes[k + 1] if k + 1 < len(nodes) else None
    alone = LONE_DELTA.search(reader.source) if prefix == "\\Delta" else None
    if alone is not None and isinstance(nxt, Token) and (
        nxt.kind == "letter" or (nxt.kind == "cmd" and (nxt.text[1:] in GREEK or nxt.text[1:] in BOLD))
    ):
        bold_group = nxt.kind == "cmd" and nxt.text[1:] in BOLD and isinstance(group, Group)
        end = group.span.end if bold_group else nxt.span.end  # type: ignore[union-attr]
        reader.add_note("delta-product", Span(nodes[i].span.start, end),
                        {"alone": alone.group(0).strip()}, once_for=str(nodes[i].span.start))
        return atom_at(reader, nodes, i, em, bold)  # \Delta a value of its own, then the name: a product
    if isinstance(nxt, Token) and (nxt.kind == "letter" or (nxt.kind == "cmd" and nxt.text[1:] in GREEK)
                                   or words.is_wrapped_name(nxt, group)):  # Nielsen's \Delta \mbox{output}
        if prefix == "\\Delta":
            note_unwritten_change(reader, nodes[i].span.start, nxt.span.end, nxt.text)
        return atom_at(reader, nodes, i, em, bold, prefix=prefix, start=k)
    if isinstance(nxt, Token) and nxt.kind == "cmd" and nxt.text[1:] in BOLD and group is not None:
        # \Delta \boldsymbol{\theta} (Goodfellow's Alg. 8.x): the change in θ; \Delta\boldsymbol\theta unbraced too
        inner = strip_space(group.children) if isinstance(group, Group) else [group]
        if len(inner) == 1 and isinstance(inner[0], Token) and (
            inner[0].kind == "letter" or (inner[0].kind == "cmd" and inner[0].text[1:] in GREEK)
        ):
            if prefix == "\\Delta":
                note_unwritten_change(reader, nodes[i].span.start, group.span.end, inner[0].text)
            flat = [*nodes[:k], inner[0], *nodes[k + 2 :]]  # the bold name's letter in place of \mathbf{...}
            before = set(reader.placeholders)
            after = atom_at(reader, flat, i, em, True, prefix=prefix, start=k) + 1
            for ph in (reader.placeholders[n] for n in set(reader.placeholders) - before):
                if ph.kind == "atom":  # spelt as written: \Delta \boldsymbol{\theta}_t
                    spec = ph.data["atom"]
                    bold_name = reader.source[nxt.span.start : group.span.end]
                    spec.spelling = spec.spelling.replace(inner[0].text, bold_name, 1)
                    ph.span = Span(ph.span.start, max(ph.span.end, group.span.end))
            return after
    return atom_at(reader, nodes, i, em, bold)


def _step_before_name(nodes: list[Node], i: int) -> tuple[list[Node], int, int] | None:
    """Riedmiller & Braun's ``\\Delta^{(k)} w_i``: a step up on the \\Delta before a Latin letter's name; the nodes with
    the step moved after the name's subscript (``\\Delta w_i^{(k)}``, as many nodes), where the name ends in the
    source and the index after the moved block."""
    if not (i + 2 < len(nodes) and isinstance(nodes[i + 1], Token) and nodes[i + 1].is_op("^")):  # type: ignore[union-attr]
        return None
    if not re.fullmatch(r"\(?[a-z](?:[+-]\d+)?\)?", "".join(plain_text([nodes[i + 2]]).split()).strip("{}")):
        return None
    k = _skip_space(nodes, i + 3)
    if not (k < len(nodes) and isinstance(nodes[k], Token) and nodes[k].kind == "letter"):  # type: ignore[union-attr]
        return None
    end = k + 1
    if end + 1 < len(nodes) and isinstance(nodes[end], Token) and nodes[end].is_op("_"):  # type: ignore[union-attr]
        end += 2
    return [*nodes[: i + 1], *nodes[k:end], *nodes[i + 1 : k], *nodes[end:]], nodes[end - 1].span.end, end


def hat(reader: ExprReader, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
    """``\\hat{\\mathbb{E}}_t[\\dots]`` (PPO's empirical average over a batch of steps) is the expectation over the
    sample, as ``\\mathbb{E}``; any other hat is a decorated name (``\\hat{y}``)."""
    arg, j, _ = _arg(nodes, i + 1, reader.source, "\\hat")
    inner = strip_space(arg)
    if (len(inner) == 2 and isinstance(inner[0], Token) and inner[0].is_cmd("\\mathbb")
            and plain_text([inner[1]]).strip("{} ") == "E"):
        nodes[i:j] = inner  # in place: the caller reads on from this list, after the expectation
        return blackboard(reader, nodes, i, em, bold)
    if (len(inner) == 1 and isinstance(inner[0], Token) and inner[0].kind == "letter" and inner[0].text == "E"
            and (subscripted_bracket(nodes, j) or drawn_paren(reader.source, nodes, j) is not None)):  # PPO's
        # \hat{E}_t[...] as Schulman et al. typeset it: as E_t[...] (or E_t(...), rule expectation-parenthesis)
        if (end := drawn_paren(reader.source, nodes, j)) is not None:  # noted from the hat (once, by its end)
            reader.add_note("expectation-parenthesis", Span(nodes[i].span.start, end), {}, once_for=str(end))
        nodes[i:j] = inner  # in place: the letter E is read next, an expectation before its bracket
        return i
    return atom_or_word(reader, nodes, i, em, bold)


#: accents that may sit on an expectation (read by :func:`hat` before any name)
EXPECTATION_ACCENTS = ("\\hat", "\\widehat")

COMMANDS: dict[str, Handler] = {
    "\\mathbb": blackboard,
    "\\Delta": delta_name,
    "\\delta": _lazy("symdl.read.deltachange", "small_delta"),
    "\\frac": frac,
    "\\dfrac": frac,
    "\\tfrac": frac,
    "\\sqrt": sqrt,
    **{b: _lazy("symdl.read.binomial", "binom") for b in ("\\binom", "\\dbinom", "\\tbinom")},
    "\\sum": _lazy("symdl.read.bigops", "big_operator"),
    "\\prod": _lazy("symdl.read.bigops", "big_operator"),
    "\\bigoplus": _lazy("symdl.read.bigops", "aggregate"),  # a GNN's permutation-invariant aggregation (noted)
    "\\int": _lazy("symdl.read.integrals", "integral"),
    "\\nabla": _lazy("symdl.read.calculus", "gradient"),
    **{b: _lazy("symdl.read.delimiters", "norm") for b in ("\\|", "\\lVert", "\\Vert")},
    **{b: _lazy("symdl.read.delimiters", "abs_group") for b in ("\\lvert", "\\vert")},
    "\\underbrace": label,
    "\\overbrace": label,
    "\\begin": _lazy("symdl.read.environments", "environment"),
    "\\partial": _lazy("symdl.read.calculus", "partial"),
    **{b: _lazy("symdl.read.delimiters", "brace_group") for b in ("\\{", "\\lbrace")},
    **{b: _lazy("symdl.read.delimiters", "lone_bar") for b in ("\\mid", "\\parallel")},
    **{s: _lazy("symdl.read.delimiters", "spacing") for s in SPACING_COMMANDS},
    **{d: dots for d in ("\\dots", "\\ldots", "\\cdots", "\\dotsb", "\\dotsm", "\\dotsc", "\\dotso")},
}

#: group kind (:class:`~symdl.read.syntax.Group`) → its handler
GROUPS: dict[str, Handler] = {
    "brace": _lazy("symdl.read.groups", "brace_group"),
    "paren": _lazy("symdl.read.groups", "paren_group"),
    "bracket": _lazy("symdl.read.groups", "bracket_group"),
    "set": _lazy("symdl.read.delimiters", "brace_group"),
    "delim": _lazy("symdl.read.delimiters", "delim_group"),
    **{k: _lazy("symdl.read.delimiters", "function_bracket") for k in ("floor", "ceil", "angle", "round")},
    "env": _lazy("symdl.read.environments", "environment"),
}

from symdl.read import calls  # noqa: E402 -- last: calls reads factors with this module's handlers
