"""Function applications: ``\\log x``, ``\\sigma(z)``, ``\\tanh'(x)``, ``\\tanh^2(x)``, ``score(h, h)``, ``Var[x]``.

A call's arguments are the children of the parenthesis (or brace) group after the name; a bare argument
(``\\log x``, ``\\log \\sigma(z)``) is the single factor after it (:func:`factor_end`).
"""

from __future__ import annotations

from dataclasses import replace
from itertools import accumulate
from typing import TYPE_CHECKING

from symdl.errors import InvalidInput, NotSupported, ResourceLimit, Span
from symdl.functions import INVERSE_FUNCTIONS, KNOWN_FUNCTIONS, MATRIX_TO_NUMBER
from symdl.read import constructs
from symdl.read.arith import placeholder_symbol
from symdl.read.atoms import NAME_WRAPPERS, _arg, read_atom
from symdl.read.lexer import Token
from symdl.read.members import member_runs
from symdl.read.reach import reach_end
from symdl.read.syntax import (
    AtomSpec,
    Group,
    Node,
    Parsed,
    SubscriptSpec,
    is_group,
    placeholder_text,
    plain_text,
    seq_span,
    strip_space,
)

if TYPE_CHECKING:
    from symdl.read.expr import Emitter, ExprReader

#: function commands that take a bare argument (\\log x, \\det A)
FUNCTION_WORDS = {
    "\\log", "\\ln", "\\exp", "\\tanh", "\\sinh", "\\cosh", "\\sin", "\\cos", "\\tan",
    "\\arcsin", "\\arccos", "\\arctan", "\\sec", "\\csc", "\\cot", "\\coth", "\\det",
}  # fmt: skip

#: bases that, followed by '(', are function applications rather than products
FUNCTION_LETTERS = {
    "pi", "f", "g", "h", "F", "G", "H", "J", "L", "ell", "sigma", "phi", "varphi", "psi", "Q", "V", "R", "K", "zeta",
}

#: letters that, before square brackets, name a function applied to them (Ba et al.'s f[...], a nonlinearity)
BRACKET_CALL_LETTERS = {"f", "g", "H"}  # H: d2l's entropy H[P]

#: sizing commands left before a bar (\big| x \big|): skipped like spaces
SIZING = {"\\left", "\\bigl", "\\Bigl", "\\biggl", "\\big", "\\Big", "\\bigg", "\\Bigg"}


def _skip_space(nodes: list[Node], j: int) -> int:
    while j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].kind == "space":
        j += 1
    return j


def skip_sizing(nodes: list[Node], j: int) -> int:
    """The index of the first node from ``j`` that is neither a space nor a sizing command."""
    j = _skip_space(nodes, j)
    while j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].kind == "cmd" and nodes[j].text in SIZING:
        j = _skip_space(nodes, j + 1)
    return j


#: TeX's spacing commands, set after a function's name (\\log\\, x, \\textrm{log}\\, P): no meaning
THIN_SPACES = {"\\,", "\\;", "\\:", "\\!", "\\ "}


def skip_spacing(nodes: list[Node], j: int) -> int:
    """The index of the first node from ``j`` that is neither a space, a spacing command nor a sizing command."""
    while True:
        k = skip_sizing(nodes, j)
        if not (k < len(nodes) and isinstance(nodes[k], Token) and nodes[k].kind == "cmd"
                and nodes[k].text in THIN_SPACES):
            return k
        j = k + 1


def emit_power_end(nodes: list[Node], j: int) -> int:
    """The index after a ``^x`` at ``j`` (``j`` itself when there is none)."""
    if j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].is_op("^"):
        return j + 2
    return j


#: a norm's or an absolute value's opening bar → the bars that close it
_CLOSING_BARS = {"\\|": {"\\|", "\\Vert", "\\rVert"}, "\\Vert": {"\\|", "\\Vert", "\\rVert"},
                 "\\lVert": {"\\rVert", "\\|"}, "|": {"|", "\\rvert", "\\vert"}, "\\vert": {"\\vert", "|"},
                 "\\lvert": {"\\rvert", "|"}}


def _bars_end(nodes: list[Node], k: int) -> int | None:
    """The index after the norm or absolute value opening at ``nodes[k]`` (``\\|x\\|``, ``||x||``, ``|x|``,
    ``\\left\\| x \\right\\|``), or None if none opens there."""
    n = nodes[k]
    if isinstance(n, Group):
        return k + 1 if n.open is not None and n.open.text in _CLOSING_BARS else None
    if not isinstance(n, Token) or n.text not in _CLOSING_BARS:
        return None
    double = n.text == "|" and k + 1 < len(nodes) and isinstance(nodes[k + 1], Token) and nodes[k + 1].text == "|"
    for j in range(k + (2 if double else 1), len(nodes)):
        m = nodes[j]
        if isinstance(m, Token) and m.text in _CLOSING_BARS[n.text]:
            if not double:
                return j + 1
            if j + 1 < len(nodes) and isinstance(nodes[j + 1], Token) and nodes[j + 1].text == "|":
                return j + 2
    return None


def _scripts_end(nodes: list[Node], j: int) -> int:
    """The index after the ``_p`` and ``^2`` written at ``nodes[j]`` on (a norm's)."""
    while True:
        k = _skip_space(nodes, j)
        if k + 1 < len(nodes) and isinstance(nodes[k], Token) and (nodes[k].is_op("_") or nodes[k].is_op("^")):
            j = k + 2
        else:
            return j


def factor_end(reader: ExprReader, nodes: list[Node], k: int) -> int:
    """End index of the single factor starting at ``nodes[k]`` (a function's bare argument)."""
    if k >= len(nodes):
        raise reader.error(InvalidInput, "a function with no argument", nodes[-1].span, "add the argument: \\log x")
    n = nodes[k]
    if is_group(n, "brace", "paren", "bracket"):  # \nabla_w \left[ ... \right] (the WGAN's critic update)
        return emit_power_end(nodes, k + 1)
    bars = _bars_end(nodes, k)
    if bars is not None:  # \nabla_{\mathbf{w}} \|\mathbf{X}\mathbf{w} - \mathbf{y}\|^2: the norm and its scripts
        return _scripts_end(nodes, bars)
    if isinstance(n, Group):
        raise reader.error(InvalidInput, "a function with no argument", n.span, "add the argument: \\log x")
    if n.kind == "number":
        return k + 1
    word = nodes[k + 1] if k + 1 < len(nodes) and n.kind == "cmd" and n.text[1:] in NAME_WRAPPERS else None
    named = plain_text(word.children).strip().lower() if isinstance(word, Group) and word.kind == "brace" else ""
    if named in KNOWN_FUNCTIONS:
        after = skip_sizing(nodes, k + 2)  # \nabla_A \mathrm{tr} AB: the known function and its argument
        if after < len(nodes) and is_group(nodes[after], "paren"):
            return emit_power_end(nodes, after + 1)
        if named in MATRIX_TO_NUMBER:
            return trimmed(nodes, after, _term_end(nodes, after, started=True))
        return factor_end(reader, nodes, after)
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
            return emit_power_end(nodes, after + 1)  # \log \sigma(z)
        return j
    if n.kind == "cmd" and n.text in ("\\sum", "\\prod"):
        return _term_end(nodes, k)
    if n.kind == "cmd" and n.text in ("\\frac", "\\dfrac", "\\tfrac", "\\sqrt"):
        j = k + 1
        for _ in range(2 if n.text != "\\sqrt" else 1):
            _, j, _ = _arg(nodes, j, reader.source, n.text)
        return j
    raise reader.error(InvalidInput, "a function with no argument", n.span, "add the argument: \\log x")


def trimmed(nodes: list[Node], k: int, end: int) -> int:
    """``end`` moved back over the spaces that close ``nodes[k:end]`` (a part's span ends at its last symbol)."""
    while end > k and isinstance(nodes[end - 1], Token) and nodes[end - 1].kind == "space":
        end -= 1
    return end


def _term_end(nodes: list[Node], k: int, *, started: bool = False) -> int:
    """End of the term starting at ``k``: the next binary + or - of these nodes (a sum's body); ``started``: the
    node at ``k`` is an operand already (a sign after it is binary)."""
    seen = started
    for j in range(k + 1, len(nodes)):
        n = nodes[j]
        if isinstance(n, Token) and n.kind == "op" and n.text in "+-=" and seen:
            return j
        if not (isinstance(n, Token) and n.kind == "space"):
            seen = seen or not (isinstance(n, Token) and n.is_op("_", "^"))
    return len(nodes)


def args_of(reader: ExprReader, inner: list[Node], span: Span) -> list[Parsed]:
    """Arguments separated by commas, by ';' as in f(x; \\theta), or by a conditional bar: p(y | x),
    \\pi(a \\mid s), KL(p \\parallel q), D(p \\| q)."""
    from symdl.read.delimiters import conditional_split

    parts = [q for part in constructs.split_top(inner, ",") for q in constructs.split_top(part, ";")]
    split = [(side, q) for part in parts for side, q in enumerate(conditional_split(part) or [part])]
    segments = list(accumulate(int(side > 0) for side, _ in split))  # which side of a conditional bar
    return member_runs(reader, [reader.read(part, span) for _, part in split], segments)


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
        return inner
    text = "".join(plain_text(event).split())
    callee["callee"] = replace(spec, sub=SubscriptSpec(text, None), spelling=f"{spec.spelling}_{{{text}}}")
    reader.add_note("event-name", span, {"text": reader.source[span.start : span.end][:60], "event": text,
                                         "name": spec.base_latex})
    return given


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
    power: list[Node] | None = None
    if callee.get("known") and k < len(nodes) and isinstance(nodes[k], Token) and nodes[k].is_op("^"):
        power, k, _ = _arg(nodes, k + 1, reader.source, "superscript")  # \tanh^2(x) = (\tanh x)^2
        k = skip_sizing(nodes, k)
    return k, power


def call(reader: ExprReader, nodes: list[Node], start: int, j: int, em: Emitter, **callee: object) -> int:
    """The function named by ``nodes[start:j]`` applied to what follows; emit its placeholder."""
    if callee.get("known") is not None:  # \textrm{log}\, P(w_o \mid w_c) (d2l): TeX's thin space, nothing more
        j = skip_spacing(nodes, j)
    k, power = _callee_scripts(reader, nodes, skip_sizing(nodes, j), callee)
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
        kind == "bracket" and _bracket_callee(callee.get("callee")))  # Ba et al.'s f[...]
    if isinstance(group, Group) and (group.kind in ("paren", "brace") or wrapped):
        span = Span(nodes[start].span.start, group.span.end)
        children = _event_into_name(reader, group.children, callee, span)
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
    ph = reader.new("call", span, args=args, **callee)
    if power is None and after < len(nodes) and isinstance(nodes[after], Token) and nodes[after].is_op("_"):
        sub, after, sub_span = _arg(nodes, after + 1, reader.source, "subscript")  # softmax(z)_i: entry i
        whole = Span(span.start, sub_span.end)
        value = Parsed(placeholder_symbol(placeholder_text(ph.id)), span, reader.source[span.start : span.end])
        ph = reader.new("entry", whole, value=value, index=reader.read(sub, sub_span))
        span = whole
    em.placeholder(ph.id, span)
    if power is not None:
        em.power(span, lambda: reader.emit(power, em))
        return after
    return constructs.emit_power(reader, nodes, after, em)


def is_function_like(reader: ExprReader, spec: AtomSpec, nodes: list[Node], k: int) -> bool:
    """Is ``name(...)`` an application (``f(x)``, ``p(x)``, ``J(\\theta)``) rather than a product (``y(1-y)``)?"""
    return call_or_product(reader, spec, nodes, k)[0]


def call_or_product(reader: ExprReader, spec: AtomSpec, nodes: list[Node], k: int) -> tuple[bool, str]:
    """Whether ``name(...)`` is a call, and the reading rule (:data:`symdl.read.notes.NOTE_RULES`) that chose
    between the two readings ('' where nothing was guessed)."""
    group = nodes[k]
    assert isinstance(group, Group)
    inner = strip_space(group.children)
    declared = spec.word or spec.primes or spec.cal or spec.base in reader.function_names
    if spec.transpose and not declared:
        return False, ""  # Goodfellow's \boldsymbol{V}^\top(\nabla_{\boldsymbol{o}} L): a transposed matrix
    call, rule = _by_form(reader, spec, inner)
    if call and not declared and spec.base in reader.value_names:
        return False, "product-of-a-value"  # f = \sigma(z) \\ f(1-f): f is a value
    if call and not declared and spec.base in reader.transposed_names and not spec.bold:
        return False, "product-of-a-vector"  # g^T g (H + H^T) g: g is a vector, not the function g
    if call and not declared and _uses_itself(spec, inner):
        return False, "product-of-itself"  # h(1-h), \sigma(1-\sigma)
    return call, rule


#: subscripts that name a network's parameters: f_\\theta(x), q_\\phi(z | x), \\epsilon_\\theta(x_t), D_\\psi(x)
PARAMETER_SUBSCRIPTS = frozenset({"theta", "phi", "psi", "boldsymbol{\\theta}", "boldsymbol{\\phi}", "mathbf{\\theta}"})


def _by_form(reader: ExprReader, spec: AtomSpec, inner: list[Node]) -> tuple[bool, str]:
    """Call or product from the name and the argument alone."""
    from symdl.read.delimiters import conditional_split

    if spec.word or spec.primes or spec.cal or spec.base in FUNCTION_LETTERS or spec.base in reader.function_names:
        return True, ""
    if len(constructs.split_top(inner, ",")) > 1 or len(constructs.split_top(inner, ";")) > 1:
        return True, ""
    if conditional_split(inner) is not None:
        return True, ""  # p(y|x), D_{KL}(p \\parallel q): a conditional bar
    if _differentiated_by(reader, spec, inner) is not None:
        return True, "call-differentiated"  # Bishop's \\partial E_n/\\partial w_{ji} beside E_n(w_{ji} + \\epsilon)
    if spec.greek and spec.base[:1].isupper() and not spec.bold and not spec.decorations:
        return True, "call-capital-greek"  # GELU's x\Phi(x), \Gamma(x)
    if spec.sub is not None and spec.sub.text.lstrip("\\") in PARAMETER_SUBSCRIPTS:
        return True, "call-parameterised"  # DDPM's \epsilon_\theta(\mathbf{x}_t): a network with parameters \theta
    if (spec.bold or spec.decorations) and not spec.greek and spec.base[:1].islower() and _one_bare_name(
            inner, reader.source):
        return True, ""  # Goodfellow's unnormalised \tilde{p}(\mathbf{x}), Bishop's \boldsymbol{\phi}... : a function
    if spec.greek or spec.bold or spec.decorations:
        return False, ""
    return _one_bare_name(inner, reader.source), ""  # a Latin letter applied to p(x), q(x), h(z): a function


def _differentiated_by(reader: ExprReader, spec: AtomSpec, inner: list[Node]) -> AtomSpec | None:
    """The variable this name is differentiated by in the formula (``\\partial E_n / \\partial w_{ji}``) when the
    argument mentions it (``E_n(w_{ji} + \\epsilon)``), else None."""
    from symdl.read.orders import mentions, name_key

    by = reader.differentiated.get(name_key(spec))
    return mentions(inner, by, reader.source) if by else None


def _one_bare_name(inner: list[Node], source: str) -> bool:
    """Is this argument one bare name (``x``, ``\\boldsymbol{x}^{(i)}``, not a power or a fraction)?"""
    return bare_atom(inner, source) is not None


def bare_atom(nodes: list[Node], source: str) -> AtomSpec | None:
    """The name ``nodes`` are if they are one name with no power (``x``, ``\\boldsymbol{x}^{(i)}``), else None."""
    if not (nodes and isinstance(nodes[0], Token) and nodes[0].kind in ("letter", "cmd")) or nodes[0].text == "\\frac":
        return None
    try:
        spec, end, exponent = read_atom(nodes, 0, source)
    except ResourceLimit:
        raise
    except Exception:
        return None
    return spec if end == len(nodes) and exponent is None else None


def _uses_itself(spec: AtomSpec, inner: list[Node]) -> bool:
    """Does the argument use the callee's own name as a value (not called, not subscripted)?  ``h(1-h)``."""
    if spec.sub is not None or spec.layer or spec.sample:
        return False
    for j, n in enumerate(inner):
        if not (isinstance(n, Token) and n.kind in ("letter", "cmd") and n.text.lstrip("\\") == spec.base):
            continue
        after = _skip_space(inner, j + 1)
        nxt = inner[after] if after < len(inner) else None
        if nxt is None or not (is_group(nxt, "paren") or (isinstance(nxt, Token) and nxt.is_op("_", "'"))):
            if j == 0 or not (isinstance(inner[j - 1], Token) and inner[j - 1].kind == "letter"):
                return True
    return False


def call_follows(
    reader: ExprReader, spec: AtomSpec, exponent: list[Node] | None, nodes: list[Node], k: int, start: int
) -> bool:
    """Is the name just read (written from ``start``) applied to the parenthesis at ``nodes[k]``?  A guess
    between the two readings is noted."""
    if exponent is None and k < len(nodes) and is_group(nodes[k], "bracket") and _bracket_callee(spec):
        reader.add_note("bracket-call", Span(start, nodes[k].span.end), {"name": spec.base_latex})
        return True  # Ba et al.'s f\left[ ... \right]: the nonlinearity applied
    if exponent is not None or k >= len(nodes) or not is_group(nodes[k], "paren"):
        return False
    verdict, rule = call_or_product(reader, spec, nodes, k)
    if rule:
        group = nodes[k]
        assert isinstance(group, Group)
        arg = reader.source[seq_span(group.children, group.span).start : seq_span(group.children, group.span).end]
        by = _differentiated_by(reader, spec, strip_space(group.children)) if rule == "call-differentiated" else None
        reader.add_note(rule, Span(start, group.span.end), {"name": spec.base_latex, "arg": arg,
                                                             "spelling": spec.spelling or spec.base_latex,
                                                             "by": by.spelling if by is not None else ""})
    return verdict


def _bracket_callee(spec: object) -> bool:
    """Is this name a function letter that square brackets after it are applied to (``f[...]``)?"""
    return (isinstance(spec, AtomSpec) and spec.base in BRACKET_CALL_LETTERS and spec.sub is None and not spec.bold
            and not spec.decorations and not spec.primes and spec.layer is None and spec.sample is None)


def called_capitals(nodes: list[Node], source: str) -> set[str]:
    """Capital Latin letters applied somewhere in the formula to one bare name (the GAN's ``D(\\boldsymbol{x}^{(i)})``),
    or to a call of such a letter (``D(G(\\boldsymbol{z}^{(i)}))`` where only ``G`` has a bare argument): functions
    throughout it, so that ``D(G(\\boldsymbol{z}))`` is a call, not D times G(z)."""
    out: set[str] = set()
    for _ in range(3):  # D(G(z)): G first, then D
        before = len(out)
        _called_capitals(nodes, source, out)
        if len(out) == before:
            break
    return out


def _called_capitals(nodes: list[Node], source: str, out: set[str]) -> None:
    stack = [nodes]
    while stack:
        seq = stack.pop()
        for i, n in enumerate(seq):
            if isinstance(n, Group):
                stack.append(n.children)
                continue
            if not (isinstance(n, Token) and n.kind == "letter" and len(n.text) == 1 and n.text.isupper()):
                continue
            k = _skip_space(seq, i + 1)
            group = seq[k] if k < len(seq) else None
            inner = strip_space(group.children) if isinstance(group, Group) and group.kind == "paren" else []
            if _one_bare_name(inner, source) or _one_call_of(inner, out):  # the rule _by_form applies where written
                out.add(n.text)


def _one_call_of(inner: list[Node], letters: set[str]) -> bool:
    """Is this argument one call of a capital letter already known to be a function (``G(z)`` inside ``D(...)``)?"""
    return (len(inner) >= 2 and isinstance(inner[0], Token) and inner[0].kind == "letter" and inner[0].text in letters
            and _skip_space(inner, 1) == len(inner) - 1 and is_group(inner[-1], "paren"))
