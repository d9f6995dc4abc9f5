"""Sums, products, gradients and derivative fractions.

``\\sum`` with any of its bounds missing gets them filled (lower 1, upper the
length of whatever the index runs over); ``\\nabla_\\theta J(\\theta)`` and
``\\frac{\\partial J}{\\partial \\theta}`` become derivative placeholders.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import sympy

from symdl.errors import InvalidInput, NotSupported, Span
from symdl.read.atoms import ARG_OPERATORS, GREEK, NAME_WRAPPERS, _arg
from symdl.read.calls import _term_end, factor_end
from symdl.read.constructs import _skip_space, emit_power, split_top
from symdl.read.environments import split_rows
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, Parsed, Placeholder, is_group, placeholder_text, plain_text, strip_space

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
        return True, strip_space(nodes[1:])
    if (
        isinstance(first, Token)
        and first.is_cmd("\\mathrm")
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
        j = _skip_space(nodes, k)
        if j >= len(nodes):
            raise reader.error(InvalidInput, "a derivative of nothing", span, "write the function after it")
        first = factor_end(reader, nodes, j)
        if first < len(nodes) and is_group(nodes[first], "paren"):
            first += 1
        end = max(first, _term_end(nodes, j))
        while end > j and isinstance(nodes[end - 1], Token) and nodes[end - 1].kind == "space":
            end -= 1
        of, after = nodes[j:end], end
        if _skip_space(nodes, first) < end:  # more than one factor: the reach is a reading rule
            reader.add_note("derivative-reach", Span(span.start, nodes[end - 1].span.end),
                            {"operator": reader.source[span.start : span.end],
                             "operand": reader.source[nodes[j].span.start : nodes[end - 1].span.end]})
        span = Span(span.start, nodes[end - 1].span.end)
    ph = _deriv(reader, of, wrt, order, span)
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
    """The variable of ``\\partial x^2`` (order 2), checked against the numerator's order."""
    from symdl.read.atoms import read_atom

    head = wrt[0]
    if not (isinstance(head, Token) and head.kind in ("letter", "cmd")):
        return wrt  # \partial (x^2) or another expression: read as written
    _, j, exponent = read_atom(wrt, 0, reader.source)
    rest = strip_space(wrt[j:])
    if rest:
        raise reader.error(NotSupported, "a mixed partial derivative", span, "differentiate by one variable at a time")
    power = int(plain_text(exponent)) if exponent is not None and plain_text(exponent).isdigit() else 1
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


def _starts_name(node: Node) -> bool:
    from symdl.read.atoms import ACCENTS, BOLD, CALLIGRAPHIC, NAME_WRAPPERS

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


def gradient(reader: ExprReader, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
    """``\\nabla_\\theta J(\\theta)``: the gradient of the next factor."""
    j = _skip_space(nodes, i + 1)
    wrt = None
    if j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].is_op("_"):
        arg, j, sp = _arg(nodes, j + 1, reader.source, "\\nabla subscript")
        wrt = reader.read(arg, sp)
    j = _skip_space(nodes, j)
    if j >= len(nodes):
        raise reader.error(
            InvalidInput,
            "\\nabla of nothing",
            nodes[i].span,
            "write the function: \\nabla_\\theta J(\\theta)",
        )
    end = factor_end(reader, nodes, j)
    k = _skip_space(nodes, end)
    if k < len(nodes) and is_group(nodes[k], "paren"):
        head = nodes[j]
        if isinstance(head, Token) and (head.kind == "letter" or (head.kind == "cmd" and head.text[1:] in GREEK)):
            from symdl.read.atoms import read_atom

            reader.function_names.add(read_atom(nodes, j, reader.source)[0].base)
        end = k + 1
    span = Span(nodes[i].span.start, nodes[end - 1].span.end)
    ph = reader.new("grad", span, of=reader.read(nodes[j:end], span), wrt=wrt)
    em.placeholder(ph.id, span)
    return emit_power(reader, nodes, end, em)


def big_operator(reader: ExprReader, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
    """``\\sum``/``\\prod`` with full, partial or no bounds."""
    op = nodes[i]
    assert isinstance(op, Token)
    sub: list[Node] | None = None
    sup: list[Node] | None = None
    j = i + 1
    while True:
        j = _skip_space(nodes, j)
        if j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].is_cmd("\\limits", "\\nolimits"):
            j += 1
            continue
        if j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].is_op("_") and sub is None:
            sub, j, _ = _arg(nodes, j + 1, reader.source, f"{op.text} subscript")
        elif j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].is_op("^") and sup is None:
            sup, j, _ = _arg(nodes, j + 1, reader.source, f"{op.text} superscript")
        else:
            break
    if sub is None:
        raise reader.error(
            NotSupported,
            f"{op.text} without an index",
            op.span,
            f"name the index: {op.text}_{{i=1}}^{{n}} x_i or {op.text}_i x_i",
        )
    index_nodes, low, excluded, members = _index_and_start(reader, op, sub)
    low, sup, over = _over_a_set(reader, op, index_nodes, members, low, sup)
    name = plain_text(index_nodes)
    if op.text in ("\\max", "\\min", *_ARG_WORDS.values()) and not _subscripts_use(nodes[j:], name):
        raise reader.error(  # \min_w L(w), \min_G \max_D V(D, G): an objective over a variable, not over entries
            NotSupported,
            f"an optimisation objective ({op.text}_{{{name}}} over the variable {name}, not over entries of a vector)",
            op.span,
            f"symdl reads {op.text} over an index that subscripts the body ({op.text}_i x_i); write the objective "
            "being optimised on its own",
        )
    index = reader.new("index", op.span, name=name.replace("\\prime", "'"))
    if over:  # \sum_{i \in B}: |B| in the formula is the number of i
        index.data["set"] = over
    if excluded:  # \sum_{j \neq y_i}: every j but one, the body times (1 − δ_{j y_i}) (built by the binder)
        index.data["excluded"] = reader.read(excluded, Span(excluded[0].span.start, excluded[-1].span.end))
    high = sup or []
    em.add("BIGOP", op.text, op.span)
    em.add("UNDERSCORE", "_", op.span)
    em.braced(op.span, lambda: _bound(reader, em, op, index, low, high=False))
    em.add("CIRCUMFLEX", "^", op.span)
    em.braced(op.span, lambda: _bound(reader, em, op, index, high, high=True))
    if _skip_space(nodes, j) >= len(nodes):
        raise reader.error(InvalidInput, f"{op.text} of nothing", op.span, "write what is summed after the bounds")
    return j


#: what an index may be: one Latin letter, primed or not (i, k', s’); anything else would bind a variable named
#: after its spelling, while the body's subscripts keep reading their letters (a silent misreading)
_INDEX = re.compile(r"[A-Za-z](?:'|’|\\prime)*\Z")
_CONDITIONS = {"<", ">", "\\ne", "\\neq", "\\le", "\\leq", "\\ge", "\\geq", "\\notin", "\\ni", "\\subset"}


def _index_and_start(
    reader: ExprReader, op: Token, sub: list[Node]
) -> tuple[list[Node], list[Node], list[Node]]:
    """The index a ``\\sum``/``\\prod`` subscript binds, its start (``[]`` when left out) and what it skips.

    ``\\substack{i=1}`` is unwrapped; ``\\sum_{j \\neq y_i}`` (cs231n's SVM loss) runs over every ``j`` but
    ``y_i``: the nodes after ``\\neq`` are returned as the skipped value.  Other conditions (``k < c``,
    ``i \\in B``, a second ``\\substack`` row) and indices that are not one letter are refused by name, never
    bound as a variable spelled like the condition.
    """
    sub = strip_space(sub)
    if len(sub) == 2 and isinstance(sub[0], Token) and sub[0].is_cmd("\\substack") and is_group(sub[1], "brace"):
        rows = split_rows(sub[1].children)  # type: ignore[union-attr]
        if len(rows) != 1:
            raise reader.error(NotSupported, f"{op.text} with conditions under it (\\substack rows)", op.span,
                               f"write one index with its bounds: {op.text}_{{i=1}}^{{n}}")
        sub = rows[0]
    excluded: list[Node] = []
    at = [k for k, n in enumerate(sub) if isinstance(n, Token) and n.is_cmd("\\neq", "\\ne")]
    if len(at) == 1 and op.text in ("\\sum", "\\prod") and not split_top(sub, "=")[1:]:
        sub, excluded = strip_space(sub[: at[0]]), strip_space(sub[at[0] + 1 :])
        if not excluded:
            raise reader.error(InvalidInput, f"{op.text}_{{{plain_text(sub)} \\neq}} skips nothing", op.span,
                               "write the value the index skips: \\sum_{j \\neq y_i}")
    parts = split_top(sub, "=")
    index_nodes = strip_space(parts[0])
    members: list[Node] = []
    at = [k for k, n in enumerate(index_nodes) if isinstance(n, Token) and n.is_cmd("\\in")]
    if at:  # \sum_{i \in B}: the set is read by _over_a_set
        index_nodes, members = strip_space(index_nodes[: at[0]]), index_nodes[at[0] :]
    name = plain_text(index_nodes)
    if any(isinstance(n, Token) and (n.is_cmd(*_CONDITIONS) or n.is_op(*_CONDITIONS)) for n in index_nodes):
        raise reader.error(
            NotSupported,
            f"{op.text} with a condition on its index ({name})",
            op.span,
            "write the full sum and subtract the excluded terms: \\sum_{k=1}^{K} x_k - x_c",
        )
    if len(split_top(index_nodes, ",")) > 1:
        raise reader.error(
            NotSupported, "a sum over several indices at once", op.span, "nest the sums: \\sum_i \\sum_j"
        )
    if len(parts) > 2 or not _INDEX.match(name):
        raise reader.error(
            NotSupported if name[:1].isalpha() or name.startswith("\\") else InvalidInput,
            f"'{name or plain_text(sub)}' as the index of {op.text}: an index is one Latin letter",
            op.span,
            "write the index as a letter: \\sum_{j=1}^{K} x_j",
        )
    return index_nodes, (parts[1] if len(parts) == 2 else []), excluded, members


def _over_a_set(
    reader: ExprReader, op: Token, index: list[Node], members: list[Node], low: list[Node], sup: list[Node] | None
) -> tuple[list[Node], list[Node] | None, str]:
    """``\\sum_{i \\in B}`` over a named set (a minibatch): i runs over the entries given, 1 to their number, and
    ``|B|`` is that number (``sum-over-set`` note); ``i \\in [n]`` and ``i \\in \\{1, \\dots, n\\}`` run from 1 to n.

    ``members`` is ``\\in`` and what follows it (nothing: a plain index).  Returns ``(start, end, the set's
    spelling)``.
    """
    if not members:
        return low, sup, ""
    at = [k for k, n in enumerate(members) if isinstance(n, Token) and n.is_cmd("\\in")]
    members = strip_space(members[1:])
    if low or sup or len(at) > 1 or not members:
        raise reader.error(NotSupported, f"{op.text} over a set with bounds or conditions besides", op.span,
                           f"write {op.text}_{{i \\in B}} alone, or the bounds alone: {op.text}_{{i=1}}^{{m}}")
    inner = strip_space(members[0].children) if len(members) == 1 and isinstance(members[0], Group) else []
    if len(members) == 1 and is_group(members[0], "bracket") and inner:  # [n] = {1, ..., n}
        return _one(members[0]), inner, ""
    rows = split_top(inner, ",") if is_group(members[0], "set") and len(members) == 1 else []
    if len(rows) >= 2 and any(isinstance(n, Token) and n.is_cmd("\\dots", "\\ldots", "\\cdots") for n in rows[-2]):
        return strip_space(rows[0]), strip_space(rows[-1]), ""  # {1, ..., n}
    spelling = plain_text(members).replace(" ", "")
    if not _SET_NAME.match(spelling):
        raise reader.error(NotSupported, f"{op.text} over the set {spelling}", op.span,
                           f"name the set ({op.text}_{{i \\in B}}), or write the bounds: {op.text}_{{i=1}}^{{m}}")
    end = members[-1].span.end
    span = Span(op.span.start, end + (reader.source[end : end + 1] == "}"))  # through the subscript's brace
    reader.add_note("sum-over-set", span, {"index": plain_text(index), "set": spelling})
    return [], [], spelling


def _one(near: Node) -> list[Node]:
    return [Token("number", "1", near.span)]


#: a set a sum may run over: one letter, maybe calligraphic or bold (B, \mathcal{B}, \mathcal{D}_{train} is not)
_SET_NAME = re.compile(r"^(?:[A-Za-z]|\\(?:mathcal|mathbb|mathscr|mathbf)\{[A-Za-z]\})$")


#: how arg max / arg min are written as a word (``\\operatorname*{arg\\,max}``, ``\\mathrm{argmax}``)
_ARG_WORDS = {word: "\\" + word for word in ARG_OPERATORS}


def arg_operator(nodes: list[Node], i: int) -> tuple[Token, int] | None:
    """``\\arg\\max`` (or ``\\argmax``, ``\\operatorname*{arg\\,max}``, ``\\mathrm{argmin}`` ...) at ``nodes[i]``: one
    ``\\argmax``/``\\argmin`` token spanning it, and the position after it; None for anything else."""
    tok = nodes[i]
    if not isinstance(tok, Token) or tok.kind != "cmd":
        return None
    end = i + 1
    if tok.text in _ARG_WORDS.values():
        text = tok.text
    elif tok.text == "\\arg":
        j = _skip_space(nodes, i + 1)
        if j >= len(nodes) or not (isinstance(nodes[j], Token) and nodes[j].is_cmd("\\max", "\\min")):
            return None
        text, end = "\\arg" + nodes[j].text[1:], j + 1  # type: ignore[union-attr]
    elif tok.text[1:] in NAME_WRAPPERS and i + 1 < len(nodes) and is_group(nodes[i + 1], "brace"):
        word = re.sub(r"\\[,;:! ]|\s", "", plain_text(nodes[i + 1].children)).lower()  # type: ignore[union-attr]
        if word not in _ARG_WORDS:
            return None
        text, end = _ARG_WORDS[word], i + 2
    else:
        return None
    return Token("cmd", text, Span(tok.span.start, nodes[end - 1].span.end)), end


def _subscripts_use(nodes: list[Node], name: str) -> bool:
    """Is ``name`` (a letter) in a subscript among ``nodes``: ``x_i``, ``W_{ij}``, ``\\|x - c_j\\|``?"""
    for k, n in enumerate(nodes):
        if isinstance(n, Token) and n.is_op("_") and k + 1 < len(nodes):
            sub = nodes[k + 1]
            letters = [sub] if isinstance(sub, Token) else _tokens_in(sub)
            if any(isinstance(t, Token) and t.text == name for t in letters):
                return True
        if isinstance(n, Group) and _subscripts_use(n.children, name):
            return True
    return False


def _tokens_in(node: Node) -> list[Token]:
    if isinstance(node, Token):
        return [node]
    return [t for child in node.children for t in _tokens_in(child)]


def _bound(reader: ExprReader, em: Emitter, op: Token, index: Placeholder, nodes: list[Node], *, high: bool) -> None:
    """A sum's bound as written, or the one it stands for: ``i = 1`` below, the length of what ``i`` runs over above."""
    if not high:
        em.placeholder(index.id, op.span)
        em.add("EQUAL", "=", op.span)
    if strip_space(nodes):
        reader.emit(nodes, em)
    elif high:
        em.placeholder(reader.new("length", op.span, index=index.data["name"]).id, op.span)
    else:
        em.add("NUMBER", "1", op.span)
