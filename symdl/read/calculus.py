"""Gradients and derivative fractions: ``\\nabla_\\theta J(\\theta)``, ``\\frac{\\partial J}{\\partial \\theta}``,
``\\frac{d}{dx} f(x)`` become derivative placeholders (sums and products over an index: :mod:`symdl.read.bigops`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import sympy

from symdl.errors import InvalidInput, NotSupported, Span, SymdlError
from symdl.read.atoms import _arg
from symdl.read.calls import factor_end
from symdl.read.commands import BOLD, GREEK, NAME_WRAPPERS
from symdl.read.constructs import _skip_space, emit_power
from symdl.read.derivpoint import point_after
from symdl.read.extents import THIN_SPACES, _term_end, skip_spacing, trimmed
from symdl.read.lexer import Token
from symdl.read.nablanames import nabla_name, nothing_after
from symdl.read.steparg import step_argument
from symdl.read.syntax import (
    Group,
    Node,
    Parsed,
    Placeholder,
    is_group,
    letter_run,
    placeholder_text,
    plain_text,
    strip_space,
)
from symdl.read.words import is_word, run_end

if TYPE_CHECKING:
    from symdl.read.expr import Emitter, ExprReader


def _is_d(nodes: list[Node]) -> tuple[bool, list[Node]]:
    """Does ``nodes`` start with a differential (``\\partial`` or ``d``)? Return the rest."""
    nodes = strip_space(nodes)
    if not nodes:
        return False, nodes
    first = nodes[0]
    if isinstance(first, Token) and first.is_cmd("\\partial"):
        return True, strip_space(nodes[1:])
    if isinstance(first, Token) and first.kind == "letter" and first.text == "d":
        rest = strip_space(nodes[1:])
        while rest and isinstance(rest[0], Token) and rest[0].text in THIN_SPACES:  # Glow's d\,\mathbf{h}
            rest = strip_space(rest[1:])
        return True, rest
    if (
        isinstance(first, Token)
        and first.is_cmd("\\mathrm", "\\text", "\\textrm", "\\rm", "\\operatorname")  # Raschka's \text{d}w
        and len(nodes) > 1
        and is_group(nodes[1], "brace")
        and plain_text(nodes[1].children) == "d"  # type: ignore[union-attr]
    ):
        return True, strip_space(nodes[2:])
    return False, nodes


def derivative(
    reader: ExprReader, num: list[Node], den: list[Node], span: Span, nodes: list[Node], k: int, em: Emitter
) -> int | None:
    """Read ``\\frac{\\partial J}{\\partial \\theta}``, ``\\frac{d^2 y}{dx^2}``; None if it is not a derivative."""
    dn, of = _is_d(num)
    dd, wrt = _is_d(den)
    if not (dn and dd) or not wrt:
        return None
    order, of = _order(reader, of, span)
    wrt = _wrt_of_order(reader, wrt, order, span)
    after = k
    if not of:  # operator form: \frac{\partial}{\partial x} f(x): it applies up to the next + or - of its term
        j = skip_spacing(nodes, k)  # \frac{d}{dx}\, x\sigma(x): a thin space sets the operand apart, no more
        if j >= len(nodes):
            raise reader.error(InvalidInput, "a derivative of nothing", span, "write the function after it")
        first = factor_end(reader, nodes, j)
        if first < len(nodes) and is_group(nodes[first], "paren"):
            first += 1
        operand = not (isinstance(nodes[j], Token) and nodes[j].kind == "op")  # (x) + 1: the + ends the term
        end = trimmed(nodes, j, max(first, _term_end(nodes, j, started=operand)))
        of, after = nodes[j:end], end
        if _skip_space(nodes, first) < end:  # more than one factor: the reach is a reading rule
            reader.add_note("derivative-reach", Span(span.start, nodes[end - 1].span.end),
                            {"operator": reader.source[span.start : span.end],
                             "operand": reader.source[nodes[j].span.start : nodes[end - 1].span.end]})
        span = Span(span.start, nodes[end - 1].span.end)
    ph = _deriv(reader, of, wrt, order, span)
    if (at := point_after(reader, nodes, after, span, of, wrt, ph)) is not None:  # Weidman's \frac{df}{du}(x)
        ph, after = at
        span = ph.span
    em.placeholder(ph.id, span)
    return emit_power(reader, nodes, after, em)


#: the highest derivative order read (\frac{\partial^2 f}{\partial x^2}); beyond it the form is refused
MAX_ORDER = 4


def _order(reader: ExprReader, of: list[Node], span: Span) -> tuple[int, list[Node]]:
    """The order written on the differential (``\\partial^2 f``: 2) and what is differentiated."""
    if not (of and isinstance(of[0], Token) and of[0].is_op("^")):
        return 1, of
    arg, j, _ = _arg(of, 1, reader.source, "the derivative's order")
    text = plain_text(arg)
    if not text.isdigit() or not 1 <= int(text) <= MAX_ORDER:
        raise reader.error(
            NotSupported, f"a derivative of order '{text}'", span, f"symdl reads orders 1 to {MAX_ORDER}: \\partial^2 f"
        )
    return int(text), strip_space(of[j:])


def _wrt_of_order(reader: ExprReader, wrt: list[Node], order: int, span: Span) -> list[Node]:
    """The variable of ``\\partial x^2`` (order 2), checked against the numerator's order; of order 1, a squared name
    (``\\partial \\sigma_B^2``) is kept whole: the binder reads it as the variance, a variable of its own
    (:mod:`symdl.bind.variance`)."""
    from symdl.read.atoms import read_atom

    head = wrt[0]
    if not (isinstance(head, Token) and head.kind in ("letter", "cmd")):
        return wrt  # \partial (x^2) or another expression: read as written
    _, j, exponent = read_atom(wrt, _word_last(wrt), reader.source)
    rest = strip_space(wrt[j:])
    if (len(rest) == 1 and reader.step_letters and isinstance(rest[0], Group)
            and step_argument(rest[0], reader.step_letters) is not None and exponent is None):
        return wrt  # LeCun et al.'s \partial E / \partial w(t): the weight at step t (step-argument)
    if rest:
        raise reader.error(NotSupported, "a mixed partial derivative", span, "differentiate by one variable at a time")
    power = int(plain_text(exponent)) if exponent is not None and plain_text(exponent).isdigit() else 1
    if exponent is not None and order == 1 and power == 2:
        return wrt[:j]  # \partial \sigma_B^2: the derivative by the square, a variable of its own (variance-variable)
    if exponent is not None and (power != order or order == 1):
        raise reader.error(
            NotSupported,
            f"a derivative of order {order} by '{plain_text(wrt)}'",
            span,
            "write the same order on top and below: \\frac{\\partial^2 f}{\\partial x^2}",
        )
    if exponent is None and order != 1:
        raise reader.error(
            NotSupported,
            f"a derivative of order {order} by one '{plain_text(wrt)}'",
            span,
            "write the order below too: \\frac{\\partial^2 f}{\\partial x^2}",
        )
    return wrt[:j] if exponent is None else _drop_power(wrt, j)


def _word_last(wrt: list[Node]) -> int:
    """Where the variable's scripts attach: its last letter when it starts with a run of three or more letters that
    touch (Mazur's ``\\partial out_{o1}``, ``\\partial net_{o1}``: one name, by ``field-word``, ``partial-word`` or
    ``word-name``), else its first token (``\\partial x \\partial y`` stays a mixed derivative)."""
    k = 0
    while (k + 1 < len(wrt) and all(isinstance(n, Token) and n.kind == "letter" for n in wrt[k : k + 2])
           and wrt[k].span.end == wrt[k + 1].span.start):
        k += 1
    return k if k >= 2 else 0


def _starts_name(node: Node) -> bool:
    from symdl.read.commands import ACCENTS, BOLD, CALLIGRAPHIC

    if not isinstance(node, Token):
        return False
    return node.kind == "letter" or (
        node.kind == "cmd" and node.text[1:] in GREEK | ACCENTS.keys() | BOLD | CALLIGRAPHIC | NAME_WRAPPERS
    )


def _drop_power(wrt: list[Node], j: int) -> list[Node]:
    """``x^2`` without its ``^2`` (the order), keeping its other scripts (``w_{ij}^2``)."""
    k = max(m for m in range(j) if isinstance(wrt[m], Token) and wrt[m].is_op("^"))
    _, after, _ = _arg(wrt, k + 1, "", "order")
    return [*wrt[:k], *wrt[after:j]]


def _deriv(reader: ExprReader, of: list[Node], wrt: list[Node], order: int, span: Span) -> Placeholder:
    """A derivative placeholder; order n nests n of them (the binder merges them into one Derivative)."""
    ph = reader.new("deriv", span, of=reader.read(of, span), wrt=reader.read(wrt, span))
    for _ in range(order - 1):
        name = placeholder_text(ph.id)
        inner = Parsed(sympy.Symbol(name), span, name)
        ph = reader.new("deriv", span, of=inner, wrt=reader.read(wrt, span))
    return ph


def partial(reader: ExprReader, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
    """``\\partial_w L`` and ``\\partial L / \\partial w`` (``\\partial^2 f / \\partial x^2``): derivatives inline."""
    j = _skip_space(nodes, i + 1)
    if j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].is_op("_"):
        return _partial_sub(reader, nodes, i, j, em)
    order_nodes: list[Node] = []
    if j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].is_op("^"):
        _, j, _ = _arg(nodes, j + 1, reader.source, "the derivative's order")
        order_nodes = nodes[i + 1 : j]
        j = _skip_space(nodes, j)
    end = factor_end(reader, nodes, j) if j < len(nodes) else j
    slash = _skip_space(nodes, end)
    d2 = _skip_space(nodes, slash + 1)
    if not (
        j < end
        and slash < len(nodes)
        and isinstance(nodes[slash], Token)
        and nodes[slash].is_op("/")
        and d2 < len(nodes)
        and isinstance(nodes[d2], Token)
        and nodes[d2].is_cmd("\\partial")
    ):
        raise reader.error(
            NotSupported,
            "this \\partial",
            nodes[i].span,
            "write \\frac{\\partial L}{\\partial w}, \\partial L / \\partial w or \\partial_w L",
        )
    w = _skip_space(nodes, d2 + 1)
    w_end = _wrt_end(reader, nodes, w)
    span = Span(nodes[i].span.start, nodes[w_end - 1].span.end)
    order, of = _order(reader, strip_space(order_nodes + nodes[j:end]), span)
    ph = _deriv(reader, of, _wrt_of_order(reader, nodes[w:w_end], order, span), order, span)
    em.placeholder(ph.id, span)
    return emit_power(reader, nodes, w_end, em)


def _wrt_end(reader: ExprReader, nodes: list[Node], w: int) -> int:
    """End of the variable after the second ``\\partial`` of ``\\partial L / \\partial w^2``: a name and its scripts."""
    from symdl.read.atoms import read_atom

    if not (w < len(nodes) and isinstance(nodes[w], Token) and nodes[w].kind in ("letter", "cmd")):
        at = nodes[w].span if w < len(nodes) else nodes[-1].span
        raise reader.error(InvalidInput, "\\partial of nothing", at, "write the variable: \\partial L / \\partial w")
    return read_atom(nodes, w, reader.source)[1]


def _partial_sub(reader: ExprReader, nodes: list[Node], i: int, j: int, em: Emitter) -> int:
    """``\\partial_w L``, ``\\partial_{\\theta} J(\\theta)``: the derivative of the next factor by the subscript."""
    arg, j, _ = _arg(nodes, j + 1, reader.source, "\\partial subscript")
    j = _skip_space(nodes, j)
    if j >= len(nodes):
        raise reader.error(InvalidInput, "\\partial of nothing", nodes[i].span, "write the function: \\partial_w L")
    end = factor_end(reader, nodes, j)
    k = _skip_space(nodes, end)
    if k < len(nodes) and is_group(nodes[k], "paren"):
        end = k + 1
    span = Span(nodes[i].span.start, nodes[end - 1].span.end)
    ph = _deriv(reader, nodes[j:end], arg, 1, span)
    em.placeholder(ph.id, span)
    return emit_power(reader, nodes, end, em)


def _transposed(reader: ExprReader, nodes: list[Node], j: int, end: int) -> bool:
    """Is ``nodes[j:end]`` one name written transposed (``\\mathbf{a}^\\top``, ``x^T``)?"""
    from symdl.read.atoms import read_atom

    head = nodes[j]
    if not (isinstance(head, Token) and head.kind in ("letter", "cmd")):
        return False
    try:
        spec, k, _ = read_atom(nodes, j, reader.source)
    except SymdlError:
        return False
    return spec.transpose and k == end


def _transpose_after_call(reader: ExprReader, nodes: list[Node], i: int, j: int, end: int) -> int:
    """The end of a gradient's operand ``nodes[j:end]`` without a transpose written on its call's parenthesis:
    Goodfellow et al.'s Fletcher-Reeves ``\\nabla_{\\boldsymbol{\\theta}} J(\\boldsymbol{\\theta}_t)^\\top``
    transposes the gradient (a plain function's value is a number, its transpose itself), noted
    (``gradient-transpose``).  A bold function's ``^\\top`` is left on its value."""
    from symdl.read.superscripts import classify_super

    if not (end - j >= 3 and is_group(nodes[end - 3], "paren") and isinstance(nodes[end - 2], Token)
            and nodes[end - 2].is_op("^")):
        return end
    sup = nodes[end - 1]
    if classify_super(sup.children if isinstance(sup, Group) else [sup], False) != {"transpose": True}:
        return end
    head = nodes[j]
    if isinstance(head, Token) and head.kind == "cmd" and head.text[1:] in BOLD:
        return end
    span = Span(nodes[i].span.start, sup.span.end)
    reader.add_note("gradient-transpose", span, {"grad": reader.source[span.start : nodes[end - 3].span.end]})
    return end - 2


#: function names a paste writes without their backslash before an operand
_PLAIN_FUNCTION_WORDS = frozenset({"log", "ln", "exp"})


def _plain_function_word(nodes: list[Node], j: int) -> int | None:
    """Where the operand of ``log``, ``ln`` or ``exp`` written as plain letters at ``nodes[j]`` starts (after a
    space); None when no such word stands there."""
    k, word = letter_run(nodes, j)
    if word not in _PLAIN_FUNCTION_WORDS or k >= len(nodes) or not (
            isinstance(nodes[k], Token) and nodes[k].kind == "space"):  # type: ignore[union-attr]
        return None
    return _skip_space(nodes, k)


def _hessian_power(reader: ExprReader, nodes: list[Node], i: int, j: int) -> tuple[list[Node], int]:
    """``\\nabla^2 f(x)``, ``\\nabla_\\theta^2 L`` (Boyd & Vandenberghe's Newton step ``-\\nabla^2 f(x)^{-1}\\nabla
    f(x)``): the Hessian, read with ``order`` 2 (symdl.bind.hessian); ``nodes`` without the power and the order.  A
    higher power (a third derivative) is refused by name."""
    k = j
    if k + 1 < len(nodes) and isinstance(nodes[k], Token) and nodes[k].is_op("_"):
        k = _skip_space(nodes, k + 2)
    if k + 1 < len(nodes) and isinstance(nodes[k], Token) and nodes[k].is_op("^"):
        power = "".join(plain_text([nodes[k + 1]]).split()).strip("{}")
        if power == "2":
            return [*nodes[:k], *nodes[k + 2 :]], 2
        if power.isdigit():
            raise reader.error(
                NotSupported,
                f"\\nabla^{power}: a derivative of order {power} (an array of {power} axes) is not read yet",
                Span(nodes[i].span.start, nodes[k + 1].span.end),
                "write one entry: \\frac{\\partial^3 f}{\\partial x_i \\partial x_j \\partial x_k}",
            )
    return nodes, 1


def gradient(reader: ExprReader, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
    """``\\nabla_\\theta J(\\theta)``: the gradient of the next factor; ``\\nabla^2`` its Hessian."""
    j = _skip_space(nodes, i + 1)
    nodes, order = _hessian_power(reader, nodes, i, j)
    removed = 2 if order == 2 else 0  # the power's two nodes: indices after them are the caller's minus 2
    wrt = None
    if j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].is_op("_"):
        arg, j, sp = _arg(nodes, j + 1, reader.source, "\\nabla subscript")
        if nothing_after(nodes, _skip_space(nodes, j)):  # Triton's \nabla_{x} = ... \nabla_{y} \odot w: names
            return nabla_name(reader, nodes, i, arg, j, em) + removed
        wrt = arg
    j = _skip_space(nodes, j)
    while j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].text in THIN_SPACES:
        j = _skip_space(nodes, j + 1)  # Géron's \nabla_{\boldsymbol{\theta}}\,\text{MSE}(\boldsymbol{\theta})
    if j >= len(nodes):
        raise reader.error(
            InvalidInput,
            "\\nabla of nothing",
            nodes[i].span,
            "write the function: \\nabla_\\theta J(\\theta)",
        )
    end = factor_end(reader, nodes, j)
    if isinstance(nodes[j], Token) and nodes[j].kind == "letter" and is_word(nodes, j, word := run_end(nodes, j)):
        end = max(end, word)  # Géron's w' = w - \nabla loss: the gradient of the word, as loss reads elsewhere
    elif (after := _plain_function_word(nodes, j)) is not None:  # Karpathy's \nabla_\theta log P(\tau; \theta):
        end = factor_end(reader, nodes, after)  # log without its backslash, the log of the factor after it
    k = _skip_space(nodes, end)
    head = nodes[j]
    greek = isinstance(head, Token) and head.kind == "cmd" and head.text[1:] in GREEK and head.text[1:2].islower()
    coefficient = greek and end - j <= 3 and not (k < len(nodes) and is_group(nodes[k], "paren"))
    if (((isinstance(head, Token) and (head.kind == "number" or head.is_cmd("\\frac", "\\dfrac", "\\tfrac")))
         or _transposed(reader, nodes, j, end) or coefficient)
            and _skip_space(nodes, end) < _term_end(nodes, j, bars=True)):
        # \nabla_{\mathbf{x}} \mathbf{x}^\top \mathbf{A} \mathbf{x}: a transposed vector starts a product, a number
        # the GAN's \nabla_{\theta_d} \frac{1}{m} \sum_i [...]: the gradient of a constant factor is never meant;
        # a regulariser's \nabla_w \lambda \|w\|_1: nor of a Greek coefficient's
        end = trimmed(nodes, j, _term_end(nodes, j, bars=True))
        reader.add_note("derivative-reach", Span(nodes[i].span.start, nodes[end - 1].span.end),
                        {"operator": reader.source[nodes[i].span.start : nodes[j].span.start].strip(),
                         "operand": reader.source[nodes[j].span.start : nodes[end - 1].span.end]})
    elif k < len(nodes) and is_group(nodes[k], "paren") and not any(is_group(n, "paren") for n in nodes[j:end]):
        # \nabla_\theta J (\theta): the name's arguments after a space; not the policy gradient's
        # \nabla_\theta \log\pi_\theta(a_t|s_t) (G_t - b(s_t)), whose call is closed: the weight multiplies it, nor
        # Bottou et al.'s \nabla F(w)^T(\bar{w} - w), a closed call transposed
        if isinstance(head, Token) and (head.kind == "letter" or (head.kind == "cmd" and head.text[1:] in GREEK)):
            from symdl.read.atoms import read_atom

            reader.function_names.add(read_atom(nodes, j, reader.source)[0].base)
        end = k + 1
    end = _transpose_after_call(reader, nodes, i, j, end)
    if order == 2 and end - j > 2 and isinstance(nodes[end - 2], Token) and nodes[end - 2].is_op("^"):
        end -= 2  # Boyd & Vandenberghe's \nabla^2 f(x)^{-1}: the inverse of the Hessian, not of f(x)
    if wrt is not None:  # the Paperspace blog's \nabla_w L(W, X, y): the weights W, written lower-case under \nabla
        wrt = reader.read(_case_matched(reader, wrt, nodes[j:end]), sp)
    span = Span(nodes[i].span.start, nodes[end - 1].span.end)
    ph = reader.new("grad", span, of=reader.read(nodes[j:end], span), wrt=wrt, **({"order": 2} if order == 2 else {}))
    em.placeholder(ph.id, span)
    return emit_power(reader, nodes, end, em) + removed


#: one letter standing alone as a name (not inside a word or a command)
_ALONE = r"(?<![A-Za-z\\])%s(?![A-Za-z])"


def _case_matched(reader: ExprReader, wrt: list[Node], of: list[Node]) -> list[Node]:
    """The subscript of ``\\nabla``, or the same letter in the other case when that one is written nowhere else in the
    formula but the other is an argument of the function differentiated (the Paperspace blog's momentum ``V_t =
    \\beta V_{t-1} + (1-\\beta)\\nabla_w L(W,X,y)``): no one differentiates by a name the function does not take
    (noted ``nabla-case``)."""
    one = strip_space(wrt)
    if len(one) != 1 or not isinstance(one[0], Token) or one[0].kind != "letter" or len(one[0].text) != 1:
        return wrt
    letter, other = one[0].text, one[0].text.swapcase()
    at = one[0].span
    if re.search(_ALONE % letter, reader.source[: at.start] + " " + reader.source[at.end :]):
        return wrt
    if not any(re.search(_ALONE % other, plain_text(g.children)) for g in of if is_group(g, "paren")):
        return wrt
    reader.add_note("nabla-case", one[0].span, {"letter": letter, "other": other})
    return [Token("letter", other, one[0].span)]
