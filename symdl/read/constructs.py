"""Handlers for the constructs the reader turns into placeholders.

Each handler has one shape, ``handler(reader, nodes, i, em, bold) -> next index``,
and is registered by command name in :data:`COMMANDS`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from symdl.errors import InvalidInput, NotSupported, ResourceLimit, Span
from symdl.read.atoms import BOLD, GREEK, NAME_WRAPPERS, _arg, _classify_super, read_atom
from symdl.read.delimiters import SPACING_COMMANDS
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, Parsed, nesting, placeholder_text, plain_text, seq_span, strip_space

GREEK_NAMES = GREEK
FUNCTION_WORDS = {"\\log", "\\ln", "\\exp", "\\tanh", "\\sinh", "\\cosh", "\\sin", "\\cos", "\\tan"}

if TYPE_CHECKING:
    from symdl.read.expr import Emitter, ExprReader

Handler = Callable[["ExprReader", list[Node], int, "Emitter", bool], int]

#: bases that, followed by '(', are function applications rather than products
FUNCTION_LETTERS = {
    "pi",
    "f",
    "g",
    "h",
    "F",
    "G",
    "H",
    "J",
    "L",
    "ell",
    "sigma",
    "phi",
    "varphi",
    "psi",
    "Q",
    "V",
    "R",
    "K",
}

UNKNOWN_HINTS = {
    "\\sim": "a sampling statement (x \\sim p) is not a formula symdl reads; write the density p(x)",
    "\\otimes": "write an outer product as u v^T; Kronecker and tensor products are not read",
    "\\oplus": "write a concatenation as [a; b]",
    "\\propto": "proportionality is not read; write the normalised expression",
    "\\arg": "argmax/argmin are not supported yet",
    "\\int": "integrals are not part of symdl's notation yet",
    "\\lim": "limits are not part of symdl's notation yet",
    "\\in": "a shape declaration (x \\in \\mathbb{R}^n) must be a statement of its own",
    "\\leftarrow": "an update arrow must separate the two sides of a statement",
    "\\\\": "statements are separated at the top level only",
    "\\argmax": "argmax/argmin are not supported yet",
    "\\argmin": "argmax/argmin are not supported yet",
    "\\mathbb{E}": "expectations are not supported yet",
}


def _skip_space(nodes: list[Node], j: int) -> int:
    while j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].kind == "space":
        j += 1
    return j


def find_close(reader: ExprReader, nodes: list[Node], i: int, open_: str, close: str) -> int:
    depth = 0
    for j in range(i, len(nodes)):
        n = nodes[j]
        if isinstance(n, Token) and n.kind == "op":
            if n.text == open_:
                depth += 1
            elif n.text == close:
                depth -= 1
                if depth == 0:
                    return j
    raise reader.error(InvalidInput, f"this '{open_}' is never closed", nodes[i].span, f"add the matching '{close}'")


def split_top(nodes: list[Node], sep: str) -> list[list[Node]]:
    """Split at top-level ``sep`` tokens (outside parentheses and brackets)."""
    parts: list[list[Node]] = [[]]
    for n, depth in nesting(nodes, envs=False):
        if depth == 0 and isinstance(n, Token) and n.kind == "op" and n.text == sep:
            parts.append([])
        else:
            parts[-1].append(n)
    return parts


def emit_power(reader: ExprReader, nodes: list[Node], j: int, em: Emitter) -> int:
    """Emit a ``^{...}`` power following something already emitted."""
    k = j
    if k < len(nodes) and isinstance(nodes[k], Token) and nodes[k].is_op("^"):
        arg, after, sp = _arg(nodes, k + 1, reader.source, "superscript")
        info = _classify_super(arg, False)
        if info is not None and "error" not in info:
            raise reader.error(
                NotSupported,
                f"the superscript '{plain_text(arg)}' on this part",
                sp,
                "transpose a bracketed product like (Wx)^T, or name the part first",
            )
        em.add("^{", nodes[k].span)
        emit_exponent(reader, arg, em, sp)
        em.add("}", sp)
        return after
    return j


def emit_exponent(reader: ExprReader, arg: list[Node], em: Emitter, span: Span) -> None:
    """An exponent inline, or read on its own when it nests further powers (e^{e^{x}})."""
    if any(isinstance(n, Token) and n.is_op("^") for n in arg) or any(isinstance(n, Group) for n in arg):
        ph = reader.new("group", span, inner=reader.read(arg, span))
        em.add(placeholder_text(ph.id), span)
    else:
        reader.emit(arg, em)


def _args(reader: ExprReader, inner: list[Node], span: Span) -> list[Parsed]:
    """Arguments separated by commas, by ';' as in f(x; \\theta), or by a conditional bar: p(y | x),
    \\pi(a \\mid s), KL(p \\parallel q), D(p \\| q)."""
    from symdl.read.delimiters import conditional_split

    parts = [q for part in split_top(inner, ",") for q in split_top(part, ";")]
    parts = [q for part in parts for q in (conditional_split(part) or [part])]
    return [reader.read(part, span) for part in parts]


def paren_group(reader: ExprReader, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
    j = find_close(reader, nodes, i, "(", ")")
    inner = nodes[i + 1 : j]
    span = Span(nodes[i].span.start, nodes[j].span.end)
    if len(split_top(inner, ",")) > 1:
        raise reader.error(
            NotSupported,
            "a tuple of values",
            span,
            "a bracket with commas is read only as arguments of a function",
        )
    k = j + 1
    nxt = _skip_space(nodes, k)
    if _has_top_hadamard(inner) and nxt < len(nodes) and isinstance(nodes[nxt], Token) and nodes[nxt].is_op("("):
        raise reader.error(
            NotSupported,
            "function composition (f \\circ g)(x)",
            Span(span.start, nodes[nxt].span.end),
            "write the functions applied in turn: f(g(x))",
        )
    if _has_top_hadamard(inner) or _nested(inner):  # (1 - A \odot A), ((...)): read the group on its own
        ph = reader.new("group", span, inner=reader.read(inner, span))
        em.add(placeholder_text(ph.id), span)
        return emit_power(reader, nodes, k, em)
    if k < len(nodes) and isinstance(nodes[k], Token) and nodes[k].is_op("^"):
        arg, after, sp = _arg(nodes, k + 1, reader.source, "superscript")
        info = _classify_super(arg, False)
        if info and info.get("transpose") and len(info) == 1:
            ph = reader.new("transpose", Span(span.start, sp.end), inner=reader.read(inner, span))
            em.add(placeholder_text(ph.id), ph.span)
            return after
    open_paren(em, nodes[i].span)
    reader.emit(inner, em, bold=bold)
    em.add(")", nodes[j].span)
    return emit_power(reader, nodes, j + 1, em)


def open_paren(em: Emitter, span: Span) -> None:
    """Emit '(' with an explicit product sign after a name, so the library never reads a call."""
    prev = em.text().rstrip()
    if len(prev) == em.operator_end or prev.endswith(("\\cdot", "\\times")):  # a sum's body; an explicit product
        em.add("(", span)
        return
    em.add(" \\cdot (" if prev and (prev[-1] in "})" or prev[-1].isalnum()) else "(", span)


def _nested(nodes: list[Node]) -> bool:
    """Does this group hold another bracketed group? (The library's parser slows steeply with nesting depth.)"""
    return any(isinstance(n, Token) and n.kind == "op" and n.text in "([" for n in nodes)


def _has_top_hadamard(nodes: list[Node]) -> bool:
    return any(depth == 0 and isinstance(n, Token) and n.text in ("\\odot", "\\circ") for n, depth in nesting(nodes))


def bracket_group(reader: ExprReader, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
    j = find_close(reader, nodes, i, "[", "]")
    inner = nodes[i + 1 : j]
    span = Span(nodes[i].span.start, nodes[j].span.end)
    for sep, kind in ((";", "concat"), (",", "vector")):
        parts = split_top(inner, sep)
        if len(parts) > 1:
            ph = reader.new(kind, span, parts=[reader.read(p, span) for p in parts])
            em.add(placeholder_text(ph.id), span)
            return emit_power(reader, nodes, j + 1, em)
    open_paren(em, nodes[i].span)
    reader.emit(inner, em, bold=bold)
    em.add(")", nodes[j].span)
    return emit_power(reader, nodes, j + 1, em)


def _delimited(reader: ExprReader, nodes: list[Node], i: int, closers: set[str], what: str) -> int:
    for j in range(i + 1, len(nodes)):
        n = nodes[j]
        if isinstance(n, Token) and n.text in closers:
            return j
    raise reader.error(InvalidInput, f"this {what} is never closed", nodes[i].span, f"add the closing {what}")


def abs_group(reader: ExprReader, nodes: list[Node], i: int, em: Emitter, bold: bool = False) -> int:
    nxt = nodes[i + 1] if i + 1 < len(nodes) else None
    if isinstance(nxt, Token) and nxt.is_op("|") and nxt.span.start == nodes[i].span.end:
        from symdl.read.delimiters import double_bar_norm

        return double_bar_norm(reader, nodes, i, em)  # ||x||: a norm typed with bars
    j = _delimited(reader, nodes, i, {"|", "\\rvert", "\\vert"}, "'|'")
    span = Span(nodes[i].span.start, nodes[j].span.end)
    ph = reader.new("abs", span, inner=reader.read(nodes[i + 1 : j], span))
    em.add(placeholder_text(ph.id), span)
    return emit_power(reader, nodes, j + 1, em)


def norm(reader: ExprReader, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
    j = _delimited(reader, nodes, i, {"\\|", "\\rVert", "\\Vert"}, "'\\|'")
    return emit_norm(reader, nodes, i, nodes[i + 1 : j], j, em)


def emit_norm(reader: ExprReader, nodes: list[Node], i: int, inner: list[Node], j: int, em: Emitter) -> int:
    """A norm opened at ``nodes[i]`` around ``inner`` and closed at ``nodes[j]``, with its ``_p`` and power."""
    span = Span(nodes[i].span.start, nodes[j].span.end)
    k, p = j + 1, "2"
    if k < len(nodes) and isinstance(nodes[k], Token) and nodes[k].is_op("_"):
        arg, k, _ = _arg(nodes, k + 1, reader.source, "subscript")
        p = plain_text(arg)
        if p not in ("1", "2", "F", "\\infty"):
            raise reader.error(
                NotSupported, f"the norm ||.||_{p}", span, "symdl reads the 1-, 2-, Frobenius and max norms"
            )
    ph = reader.new("norm", span, inner=reader.read(inner, span), p=p)
    em.add(placeholder_text(ph.id), span)
    return emit_power(reader, nodes, k, em)


def factor_end(reader: ExprReader, nodes: list[Node], k: int) -> int:
    """End index of the single factor starting at ``nodes[k]`` (a function's bare argument)."""
    if k >= len(nodes):
        raise reader.error(InvalidInput, "a function with no argument", nodes[-1].span, "add the argument: \\log x")
    n = nodes[k]
    if isinstance(n, Group):
        return emit_power_end(nodes, k + 1)
    if n.kind == "number":
        return k + 1
    if n.kind == "op" and n.text == "(":
        return emit_power_end(nodes, find_close(reader, nodes, k, "(", ")") + 1)
    if n.kind == "cmd" and n.text in FUNCTION_WORDS:  # \nabla \log \pi(a): the function and its argument
        after = _skip_sizing(nodes, k + 1)
        if after < len(nodes) and isinstance(nodes[after], Token) and nodes[after].is_op("("):
            return emit_power_end(nodes, find_close(reader, nodes, after, "(", ")") + 1)
        return factor_end(reader, nodes, after)
    if n.kind == "letter" or (n.kind == "cmd" and n.text not in COMMANDS):
        if (
            n.kind == "letter"
            and n.text == "d"
            and k + 1 < len(nodes)
            and isinstance(nodes[k + 1], Token)
            and nodes[k + 1].kind == "letter"
        ):
            k += 1
        spec, j, exponent = read_atom(nodes, k, reader.source)
        after = _skip_space(nodes, j)
        if _call_follows(reader, spec, exponent, nodes, after):
            return emit_power_end(nodes, find_close(reader, nodes, after, "(", ")") + 1)  # \log \sigma(z)
        return j
    if n.kind == "cmd" and n.text in ("\\sum", "\\prod"):
        return _term_end(nodes, k)
    if n.kind == "cmd" and n.text in ("\\frac", "\\dfrac", "\\tfrac", "\\sqrt"):
        j = k + 1
        for _ in range(2 if n.text != "\\sqrt" else 1):
            _, j, _ = _arg(nodes, j, reader.source, n.text)
        return j
    raise reader.error(InvalidInput, "a function with no argument", n.span, "add the argument: \\log x")


def _term_end(nodes: list[Node], k: int) -> int:
    """End of the term starting at ``k``: the next top-level binary + or - (a sum's body)."""
    depth = 0
    seen = False
    for j in range(k + 1, len(nodes)):
        n = nodes[j]
        if isinstance(n, Token) and n.kind == "op":
            if n.text in "([":
                depth += 1
            elif n.text in ")]":
                depth -= 1
                if depth < 0:
                    return j
            elif depth == 0 and n.text in "+-=" and seen:
                return j
        if not (isinstance(n, Token) and n.kind == "space"):
            seen = seen or not (isinstance(n, Token) and n.is_op("_", "^"))
    return len(nodes)


def emit_power_end(nodes: list[Node], j: int) -> int:
    if j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].is_op("^"):
        return j + 2
    return j


SIZING = {"\\left", "\\bigl", "\\Bigl", "\\biggl", "\\big", "\\Big", "\\bigg", "\\Bigg"}


def _skip_sizing(nodes: list[Node], j: int) -> int:
    j = _skip_space(nodes, j)
    while j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].kind == "cmd" and nodes[j].text in SIZING:
        j = _skip_space(nodes, j + 1)
    return j


def _call(reader: ExprReader, nodes: list[Node], start: int, j: int, em: Emitter, **callee: object) -> int:
    k = _skip_sizing(nodes, j)
    primes = 0
    while callee.get("known") and k < len(nodes) and isinstance(nodes[k], Token) and nodes[k].is_op("'"):
        primes, k = primes + 1, _skip_sizing(nodes, k + 1)  # \tanh'(x): the derivative of tanh
    if primes:
        callee["primes"] = primes
    power: list[Node] | None = None
    if callee.get("known") and k < len(nodes) and isinstance(nodes[k], Token) and nodes[k].is_op("^"):
        power, k, _ = _arg(nodes, k + 1, reader.source, "superscript")  # \tanh^2(x) = (\tanh x)^2
        k = _skip_sizing(nodes, k)
    if k < len(nodes) and isinstance(nodes[k], Token) and nodes[k].is_op("("):
        close = find_close(reader, nodes, k, "(", ")")
        span = Span(nodes[start].span.start, nodes[close].span.end)
        args = _args(reader, nodes[k + 1 : close], span)
        after = close + 1
    elif k < len(nodes) and isinstance(nodes[k], Group):
        span = Span(nodes[start].span.start, nodes[k].span.end)
        args = _args(reader, nodes[k].children, span)
        after = k + 1
    else:
        if k < len(nodes) and isinstance(nodes[k], Token) and nodes[k].is_op("^", "_"):
            raise reader.error(
                NotSupported,
                "a power or subscript on a function name",
                nodes[k].span,
                "write (\\log x)^2 rather than \\log^2 x",
            )
        end = factor_end(reader, nodes, k)
        span = Span(nodes[start].span.start, nodes[end - 1].span.end)
        args = [reader.read(nodes[k:end], span)]
        after = end
    ph = reader.new("call", span, args=args, **callee)
    em.add(placeholder_text(ph.id), span)
    if power is not None:
        em.add("^{", span)
        reader.emit(power, em)
        em.add("}", span)
        return after
    if after < len(nodes) and isinstance(nodes[after], Token) and nodes[after].is_op("_"):
        raise reader.error(
            NotSupported,
            "a subscript on a function's value",
            nodes[after].span,
            "name the components instead: p_i = \\frac{e^{z_i}}{\\sum_j e^{z_j}}",
        )
    return emit_power(reader, nodes, after, em)


def bracket_call(reader: ExprReader, nodes: list[Node], i: int, j: int, run: str, em: Emitter) -> int:
    """``Var[x]``: a named function applied with brackets; expectations ``E[x]`` are refused."""
    from symdl.read.syntax import AtomSpec

    k = _skip_space(nodes, j)
    close = find_close(reader, nodes, k, "[", "]")
    span = Span(nodes[i].span.start, nodes[close].span.end)
    if run in ("E", "mathbbE") or run.lower() in ("expectation",):
        raise reader.error(
            NotSupported, "expectations E[...]", span, "write the average explicitly: \\frac{1}{n}\\sum_{i=1}^{n} x_i"
        )
    spec = AtomSpec(base=run, base_latex=rf"\\operatorname{{{run}}}", word=True, spelling=run)
    args = _args(reader, nodes[k + 1 : close], span)
    ph = reader.new("call", span, args=args, callee=spec)
    em.add(placeholder_text(ph.id), span)
    return emit_power(reader, nodes, close + 1, em)


def function_call(reader: ExprReader, nodes: list[Node], i: int, j: int, name: str, em: Emitter) -> int:
    return _call(reader, nodes, i, j, em, known=name)


def word_call(reader: ExprReader, nodes: list[Node], i: int, j: int, run: str, em: Emitter) -> int:
    from symdl.read.syntax import AtomSpec

    spec = AtomSpec(base=run, base_latex=rf"\operatorname{{{run}}}", word=True, spelling=run)
    return _call(reader, nodes, i, j, em, callee=spec)


def _is_function_like(reader: ExprReader, spec: object, nodes: list[Node], k: int) -> bool:
    """Is ``name(...)`` an application (``f(x)``, ``p(x)``, ``J(\\theta)``) rather than a product (``y(1-y)``)?"""
    from symdl.read.delimiters import conditional_split
    from symdl.read.syntax import AtomSpec

    assert isinstance(spec, AtomSpec)
    if spec.word or spec.primes or spec.cal or spec.base in FUNCTION_LETTERS or spec.base in reader.function_names:
        return True
    close = find_close(reader, nodes, k, "(", ")")
    inner = strip_space(nodes[k + 1 : close])
    if len(split_top(inner, ",")) > 1 or len(split_top(inner, ";")) > 1:
        return True
    if conditional_split(inner) is not None:
        return True  # p(y|x), D_{KL}(p \\parallel q): a conditional bar
    if spec.greek or spec.bold or spec.decorations:
        return False
    # a Latin letter applied to one bare name, as in p(x), q(x), h(z): a function
    if inner and isinstance(inner[0], Token) and inner[0].kind in ("letter", "cmd"):
        try:
            _, end, exponent = read_atom(inner, 0, reader.source)
        except ResourceLimit:
            raise
        except Exception:
            return False
        return end == len(inner) and exponent is None and (inner[0].kind == "letter" or inner[0].text != "\\frac")
    return False


def _call_follows(reader: ExprReader, spec: object, exponent: object, nodes: list[Node], k: int) -> bool:
    """Is the name just read applied to the parenthesis at ``nodes[k]``?"""
    return (
        exponent is None
        and k < len(nodes)
        and isinstance(nodes[k], Token)
        and nodes[k].is_op("(")
        and _is_function_like(reader, spec, nodes, k)
    )


#: name prefixes that make one name of the next: dW (the gradient of W), \\Delta w (the change in w)
PREFIXES = {"d": ("d", "d"), "\\Delta": ("Delta", "\\Delta ")}


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
        if prefix == "d":
            spec.d_of = spec.base
        spec.base, spec.base_latex, spec.spelling = name + spec.base, tex + spec.base_latex, tex + spec.spelling
        ph.span = Span(nodes[i].span.start, ph.span.end)
    k = _skip_space(nodes, j)
    if _call_follows(reader, spec, exponent, nodes, k):
        reader.placeholders.pop(ph.id)
        return _call(reader, nodes, i, j, em, callee=spec)
    em.add(placeholder_text(ph.id), ph.span)
    if exponent is not None:
        em.add("^{", ph.span)
        emit_exponent(reader, exponent, em, ph.span)
        em.add("}", ph.span)
    return j


def atom_or_word(reader: ExprReader, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
    from symdl.functions import KNOWN_FUNCTIONS

    tok = nodes[i]
    assert isinstance(tok, Token)
    name = tok.text[1:]
    if name in NAME_WRAPPERS:
        arg, j, _ = _arg(nodes, i + 1, reader.source, tok.text)
        word = "".join(plain_text(arg).split())
        if word.lower() in KNOWN_FUNCTIONS and len(word) > 1:
            return function_call(reader, nodes, i, j, word.lower(), em)
        k = _skip_space(nodes, j)
        if k < len(nodes) and isinstance(nodes[k], Token) and nodes[k].is_op("["):
            return bracket_call(reader, nodes, i, j, word, em)
    if name in BOLD:
        arg, j, sp = _arg(nodes, i + 1, reader.source, tok.text)
        content = strip_space(arg)
        if len(content) == 1 and isinstance(content[0], Token) and content[0].text in ("0", "1"):
            span = Span(tok.span.start, sp.end)  # \mathbf{0}, \mathbf{1}: constant vectors sized by context
            ph = reader.new("constvec", span, value=int(content[0].text))
            em.add(placeholder_text(ph.id), span)
            return emit_power(reader, nodes, j, em)
        letters = [n for n in content if isinstance(n, Token) and n.kind == "letter"]
        if len(letters) > 1 and all(isinstance(n, Token) and n.kind in ("letter", "space") for n in content):
            reader.emit(content, em, bold=True)  # \mathbf{PA}: the product of two bold names
            return j
    return atom_at(reader, nodes, i, em, bold)


def frac(reader: ExprReader, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
    from symdl.read import calculus

    num, j, nsp = _frac_arg(reader, nodes, i + 1)
    den, k, dsp = _frac_arg(reader, nodes, j)
    span = Span(nodes[i].span.start, dsp.end)
    handled = calculus.derivative(reader, num, den, span, nodes, k, em)
    if handled is not None:
        return handled
    em.add("\\frac{", nodes[i].span)
    reader.emit(num, em, bold=bold)
    em.add("}{", nsp)
    reader.emit(den, em, bold=bold)
    em.add("}", dsp)
    return emit_power(reader, nodes, k, em)


def _frac_arg(reader: ExprReader, nodes: list[Node], j: int) -> tuple[list[Node], int, Span]:
    j = _skip_space(nodes, j)
    if j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].kind == "number" and len(nodes[j].text) > 1:
        tok = nodes[j]
        assert isinstance(tok, Token)
        first = Token("number", tok.text[0], Span(tok.span.start, tok.span.start + 1))
        rest = Token("number", tok.text[1:], Span(tok.span.start + 1, tok.span.end))
        nodes[j : j + 1] = [first, rest]  # \frac12: TeX takes one character
    return _arg(nodes, j, reader.source, "\\frac")


def sqrt(reader: ExprReader, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
    j = _skip_space(nodes, i + 1)
    index: list[Node] | None = None
    if j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].is_op("["):
        close = find_close(reader, nodes, j, "[", "]")
        index, j = nodes[j + 1 : close], close + 1
    j = _skip_space(nodes, j)
    if j < len(nodes) and isinstance(nodes[j], Group):
        body, after = nodes[j].children, j + 1
    else:
        end = factor_end(reader, nodes, j)
        body, after = nodes[j:end], end
    em.add("\\sqrt", nodes[i].span)
    if index is not None:
        em.add("[")
        reader.emit(index, em)
        em.add("]")
    em.add("{", nodes[i].span)
    reader.emit(body, em, bold=bold)
    em.add("}", seq_span(body, nodes[i].span))
    return emit_power(reader, nodes, after, em)


def label(reader: ExprReader, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
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
    ph = reader.new("label", span, inner=reader.read(body, bsp), label=text)
    em.add(placeholder_text(ph.id), span)
    return emit_power(reader, nodes, j, em)


def _lazy(module: str, name: str) -> Handler:
    def handler(reader: ExprReader, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
        import importlib

        return getattr(importlib.import_module(module), name)(reader, nodes, i, em, bold)  # type: ignore[no-any-return]

    return handler


def dots(reader: ExprReader, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
    """``\\dots``: a placeholder the binder reads from its neighbours (``x_1 + \\dots + x_n``, ``[0, \\dots, 0]``)."""
    ph = reader.new("dots", nodes[i].span)
    em.add(" " + placeholder_text(ph.id) + " ", nodes[i].span)
    return i + 1


def blackboard(reader: ExprReader, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
    """``\\mathbb{E}[...]`` is an expectation, ``\\mathbb{R}`` a set: both refused here with a reason."""
    arg, _, sp = _arg(nodes, i + 1, reader.source, "\\mathbb")
    letter = plain_text(arg).strip()
    span = Span(nodes[i].span.start, sp.end)
    if letter == "E":
        raise reader.error(
            NotSupported, "expectations E[...]", span, "write the average explicitly: \\frac{1}{n}\\sum_{i=1}^{n} x_i"
        )
    if letter == "1":
        raise reader.error(NotSupported, "indicator functions", span, "write the condition with \\begin{cases}")
    raise reader.error(
        NotSupported,
        f"the set \\mathbb{{{letter}}} inside an expression",
        span,
        "sets are read only in shape declarations such as W \\in \\mathbb{R}^{m \\times n}",
    )


def delta_name(reader: ExprReader, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
    """``\\Delta w``: the change in w, one name (as ``dW`` is the gradient of W)."""
    k = _skip_space(nodes, i + 1)
    nxt = nodes[k] if k < len(nodes) else None
    if isinstance(nxt, Token) and (nxt.kind == "letter" or (nxt.kind == "cmd" and nxt.text[1:] in GREEK_NAMES)):
        return atom_at(reader, nodes, i, em, bold, prefix="\\Delta", start=k)
    return atom_at(reader, nodes, i, em, bold)


COMMANDS: dict[str, Handler] = {
    "\\mathbb": blackboard,
    "\\Delta": delta_name,
    "\\frac": frac,
    "\\dfrac": frac,
    "\\tfrac": frac,
    "\\sqrt": sqrt,
    "\\sum": _lazy("symdl.read.calculus", "big_operator"),
    "\\prod": _lazy("symdl.read.calculus", "big_operator"),
    "\\nabla": _lazy("symdl.read.calculus", "gradient"),
    "\\|": norm,
    "\\lVert": norm,
    "\\Vert": norm,
    "\\lvert": abs_group,
    "\\vert": abs_group,
    "\\underbrace": label,
    "\\overbrace": label,
    "\\begin": _lazy("symdl.read.environments", "environment"),
    "\\partial": _lazy("symdl.read.calculus", "partial"),
    **{b: _lazy("symdl.read.delimiters", "brace_group") for b in ("\\{", "\\lbrace")},
    **{b: _lazy("symdl.read.delimiters", "lone_bar") for b in ("\\mid", "\\parallel")},
    **{s: _lazy("symdl.read.delimiters", "spacing") for s in SPACING_COMMANDS},
    **{d: dots for d in ("\\dots", "\\ldots", "\\cdots", "\\dotsb", "\\dotsm", "\\dotsc", "\\dotso")},
}
