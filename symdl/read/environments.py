"""``\\begin{...}`` environments inside expressions: matrices and ``cases``."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import sympy

from symdl.errors import InvalidInput, NotSupported, Span
from symdl.read.atoms import _arg
from symdl.read.caseprose import prose_rows
from symdl.read.condjoin import joined_condition
from symdl.read.constructs import _skip_space, emit_power, split_top
from symdl.read.indmember import conjunction, membership
from symdl.read.lexer import Token
from symdl.read.notes import quote
from symdl.read.syntax import Group, Node, Parsed, is_group, plain_text, seq_span, strip_space
from symdl.read.topk import topk_condition, topk_words

if TYPE_CHECKING:
    from symdl.read.expr import Emitter, ExprReader

#: horizontal rules inside arrays, dropped
RULES = {"\\hline", "\\cline", "\\toprule", "\\midrule", "\\bottomrule"}
MATRIX_ENVS = {"pmatrix", "bmatrix", "Bmatrix", "matrix", "smallmatrix", "array"}
RELATIONS = {
    "=": "==",
    ">": ">",
    "<": "<",
    "\\ge": ">=",
    "\\geq": ">=",
    "\\geqslant": ">=",
    "\\le": "<=",
    "\\leq": "<=",
    "\\leqslant": "<=",
    "\\neq": "!=",
    "\\ne": "!=",
}


def split_rows(nodes: list[Node]) -> list[list[Node]]:
    """Rows split at ``\\\\``; a row's extra space (``\\\\[2pt]``) is dropped."""
    rows: list[list[Node]] = [[]]
    for n in nodes:
        if isinstance(n, Token) and n.is_cmd("\\\\"):
            rows.append([])
        else:
            rows[-1].append(n)
    return [r for r in (_drop_row_space(r) for r in rows) if r]


def _drop_row_space(row: list[Node]) -> list[Node]:
    row = strip_space(row)
    dimension = r"-?\d*\.?\d+(pt|em|ex|mm|cm|in|mu|bp)"
    if row and is_group(row[0], "bracket") and re.fullmatch(dimension, plain_text(row[0].children)):  # type: ignore[union-attr]
        row = strip_space(row[1:])
    return row


def _env_parts(group: Group) -> list[Node]:
    """An environment's body, without rules and without an array's column spec."""
    body = [n for n in group.children if not (isinstance(n, Token) and n.is_cmd(*RULES))]
    if group.name == "array" and body and is_group(strip_space(body)[0], "brace"):
        body = strip_space(body)[1:]  # the column spec {rrr}
    return body


def brace_cases(reader: ExprReader, nodes: list[Node], i: int, em: Emitter) -> int:
    """``\\left\\{ \\begin{array}{ll} x & x > 0 \\\\ 0 & \\text{otherwise} \\end{array} \\right.``: a piecewise."""
    group = nodes[i]
    assert isinstance(group, Group) and group.open is not None
    env = strip_space(group.children)[0]
    assert isinstance(env, Group)
    if env.name not in MATRIX_ENVS or not group.left:
        raise reader.error(
            InvalidInput,
            f"this '{group.open.text}' is never closed",
            group.open.span,
            "close it with \\} or, around the rows of a piecewise definition, with \\right.",
        )
    rows = [_case(reader, row, group.span) for row in split_rows(_env_parts(env))]
    ph = reader.new("piecewise", group.span, rows=rows)
    em.placeholder(ph.id, group.span)
    return emit_power(reader, nodes, i + 1, em)


def environment(reader: ExprReader, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
    """A matrix (``pmatrix``, ``bmatrix``, ``array`` ...) or a piecewise definition (``cases``)."""
    group = nodes[i]
    assert isinstance(group, Group)
    name, body, span = group.name, _env_parts(group), group.span
    if name in MATRIX_ENVS:
        body = _commas_as_columns(reader, body, span)  # MML's \begin{bmatrix} 1, 1, \ldots, 1 \end{bmatrix}
    listed = _dots_column(reader, body, span, em) if name in MATRIX_ENVS else ""
    if listed == "row":  # [x_1 & \cdots & x_n]^T: a row, transposed or not, is the vector of x_i (as (x_1, ..., x_n))
        from symdl.read.groups import transpose_after

        return transpose_after(nodes, i + 1)
    if listed:  # d2l's [a_1^T x; \vdots; a_m^T x]
        return emit_power(reader, nodes, i + 1, em)
    if name == "array" and _conditions_column(reader, body):  # the older PyTorch docs' CosineEmbeddingLoss
        reader.add_note("array-cases", span, {"text": quote(reader.source[span.start : span.end], 50)})
        name = "cases"
    if name in MATRIX_ENVS:
        rows = [[reader.read(cell, span) for cell in split_top(row, "&")] for row in split_rows(body)]
        if not rows or len({len(r) for r in rows}) != 1:
            raise reader.error(
                InvalidInput,
                "the rows of this matrix have different lengths",
                span,
                "give every row the same number of & separated entries",
            )
        ph = reader.new("matrix", span, rows=rows)
    elif name == "cases":
        rows = prose_rows(reader, split_rows(body), span)  # \text{if eps is None}: a setting's row, left out
        cases = [_case(reader, row, span) for row in rows]
        if any(cond is None for _, cond in cases[:-1]):  # Bottou et al.'s g(w_k, \xi_k) = \begin{cases} \nabla
            raise reader.error(  # f(w_k; \xi_k) \\ \frac{1}{n_k}\sum_i ... \end{cases}: alternatives
                NotSupported, "a case with no condition before the last row: the rows are alternatives (one "
                "definition or another), not a piecewise function", span,
                "read one alternative at a time, or give each row its condition (x & \\text{if } x > 0)")
        ph = reader.new("piecewise", span, rows=cases)
    elif name == "vmatrix":
        raise reader.error(NotSupported, "determinants", span, "symdl does not read determinants yet")
    else:
        raise reader.error(
            NotSupported,
            f"the environment {name} inside an expression",
            span,
            "aligned/align blocks are read only around whole statements",
        )
    em.placeholder(ph.id, span)
    return emit_power(reader, nodes, i + 1, em)


def _constant_run(cells: list[list[Node]]) -> int | None:
    """0 or 1 when every cell is that one number or the dots (``1 & 1 & \\cdots & 1``), else None."""
    from symdl.read.indexranges import DOTS

    values = set()
    for cell in (strip_space(c) for c in cells):
        if len(cell) != 1 or not isinstance(cell[0], Token):
            return None
        if cell[0].is_cmd(*DOTS):
            continue
        values.add(cell[0].text)
    return int(values.pop()) if values in ({"0"}, {"1"}) else None


def _commas_as_columns(reader: ExprReader, body: list[Node], span: Span) -> list[Node]:
    """A matrix written with commas between a row's entries and no ``&`` (Deisenroth et al.'s ``\\begin{bmatrix} 1, 1,
    \\ldots, 1 \\end{bmatrix}``): the commas separate the columns (noted ``matrix-commas``; before: "unexpected
    ','")."""
    rows = split_rows(body)
    if not rows or any(len(split_top(row, "&")) != 1 or len(split_top(row, ",")) < 2 for row in rows):
        return body
    reader.add_note("matrix-commas", span, {})
    out: list[Node] = []
    for r, row in enumerate(rows):
        if r:
            out.append(Token("cmd", "\\\\", span))
        for c, cell in enumerate(split_top(row, ",")):
            if c:
                out.append(Token("op", "&", span))
            out.extend(cell)
    return out


def _dots_column(reader: ExprReader, body: list[Node], span: Span, em: Emitter) -> str:
    """A one-column (or one-row) matrix whose rows (cells) are a first entry, dots, a last entry: the vector of that
    pattern (:mod:`symdl.read.series`): ``row`` or ``column``, '' for any other matrix."""
    from symdl.read.series import emit_series

    rows = split_rows(body)
    if len(rows) == 1 and len(cells := split_top(rows[0], "&")) > 1:  # a row, x_1 & \cdots & x_n: as the column
        if (value := _constant_run(cells)) is not None:  # MML's [1, 1, \ldots, 1]: the vector of ones, sized by
            em.placeholder(reader.new("constvec", span, value=value, transpose=False).id, span)  # its context, as
            return "row"  # [0, \dots, 0] is
        return "row" if emit_series(reader, cells, span, em) else ""
    if any(len(split_top(row, "&")) != 1 for row in rows):
        return ""
    return "column" if emit_series(reader, rows, span, em) else ""


#: words that introduce a condition (``\\text{if } x > 0``) and words that mean "every other case"
CONNECTIVES = {"if", "for", "when", "where", "whenever"}
OTHERWISE = {"otherwise", "else", "elsewhere", "ifotherwise", "others", "inothercases", "forallothers", ""}
_PUNCT = {",", ".", ";"}


def _conditions_column(reader: ExprReader, body: list[Node]) -> bool:
    """Does every row of an array have two cells, the second a condition in words (``\\mbox{if } y = 1``,
    ``\\text{otherwise}``): a piecewise definition written without its brace?"""
    rows = [split_top(row, "&") for row in split_rows(body)]
    if len(rows) < 2 or any(len(r) != 2 or not strip_space(r[1]) for r in rows):
        return False
    texts = [reader.source[seq_span(strip_space(r[1]), Span(0, 0)).start : seq_span(strip_space(r[1]),
             Span(0, 0)).end].lower() for r in rows]
    return all(re.search(r"\b(?:if|otherwise|else)\b", t) for t in texts)


def _case(reader: ExprReader, row: list[Node], span: Span) -> tuple[Parsed, object]:
    """One row of ``cases``: ``value & condition``; punctuation (``x, & \\text{if } x > 0``) is dropped, and so is a
    column holding only punctuation or nothing between them (``0 &, & \\text{if } x \\le -3``)."""
    from symdl.read.commands import NAME_WRAPPERS

    cells = split_top(row, "&")
    if len(cells) == 1 and (k := _condition_word_at(row, NAME_WRAPPERS)) is not None:
        cells = [row[:k], row[k:]]  # the Paddle docs' x, \text{if } x > \text{threshold}: no & before the condition
    if len(cells) > 2:  # array{cll}'s 0 &, & \text{if } x \le -3: a column of punctuation only, or empty, is layout
        cells = [cells[0], *(c for c in cells[1:] if _trim_punct(c))]
    if len(cells) > 2:
        raise reader.error(InvalidInput, "a case with more than two parts", span, "write value & condition")
    value = reader.read(_trim_punct(cells[0]), span)
    if len(cells) == 1:
        return value, None
    cond = _flatten_text(_trim_punct(cells[1]), NAME_WRAPPERS)
    if cond and isinstance(cond[0], Token) and cond[0].text == ":":  # the DL4J docs' x & : x > 0: "where"
        cond = strip_space(cond[1:])
    alone = strip_space(cond)
    if len(alone) == 1 and isinstance(alone[0], Group) and alone[0].kind == "paren":  # NNabla's & (u > p), and
        cond = _flatten_text(alone[0].children, NAME_WRAPPERS)  # ({\rm otherwise}): the parentheses only enclose it
    if (interval := _membership(reader, _drop_connectives(cond, NAME_WRAPPERS), span)) is not None:
        return value, interval
    if (parity := _parity(reader, _drop_connectives(cond, NAME_WRAPPERS), NAME_WRAPPERS, span)) is not None:
        return value, parity
    if (top := topk_words(reader, _drop_connectives(cond, NAME_WRAPPERS), span)) is not None:
        return value, top  # Shazeer et al.'s v_i \\text{ is in the top } k \\text{ elements of } v
    found = comparisons(cond)
    if not found and _words(cond, NAME_WRAPPERS) in OTHERWISE:  # a comparison of Greek letters and numbers has no
        return value, None  # letters left either (|\delta| \le 1): it is a condition, not "otherwise"
    if found and (joined := joined_condition(reader, _drop_connectives(cond, NAME_WRAPPERS), span, NAME_WRAPPERS,
                                              lambda part: _comparison(reader, part, span))) is not None:
        return value, joined  # x < -1 \text{ or } x > 1 (symdl.read.condjoin)
    if found and (compared := _comparison(reader, cond, span)) is not None:
        return value, compared
    if not found and len(cond) == 2 and isinstance(cond[0], Token) and cond[0].text[1:] in NAME_WRAPPERS:
        raise reader.error(  # Luong et al.'s score(h_t, \bar{h}_s) = h_t^T \bar{h}_s & \text{dot} \\ ...
            NotSupported, f"the condition '{reader.source[cond[0].span.start : cond[-1].span.end]}' in words only "
            "(a variant's name, as Luong et al.'s dot, general, concat, or prose)", span,
            "write the condition as a comparison (x > 0); for variants, each as a formula of its own: "
            "score_{dot}(h_t, \\bar{h}_s) = h_t^\\top \\bar{h}_s")
    raise reader.error(
        NotSupported,
        f"the condition '{reader.source[cond[0].span.start : cond[-1].span.end] if cond else ''}'"
        + (" (a chained comparison)" if len(found) > 1 else ""),
        span,
        "conditions are one comparison such as x > 0, a range a < x \\le b, or 'otherwise'; otherwise split the row "
        "or write the function another way (a clip: \\max(-1, \\min(1, x)))",
    )


def _condition_word_at(row: list[Node], wrappers: object) -> int | None:
    """Where a row of ``cases`` written without ``&`` starts its condition: a text box after the value whose words
    start with if, for, when or otherwise (``x, \\text{if } x > 0``); None where there is none."""
    for k, n in enumerate(row):
        if k == 0 or not (isinstance(n, Token) and n.kind == "cmd" and n.text[1:] in wrappers):  # type: ignore[operator]
            continue
        box = row[k + 1] if k + 1 < len(row) else None
        words = plain_text(box.children).strip().lower().split() if isinstance(box, Group) else []
        if words and (words[0] in CONNECTIVES or words[0] in OTHERWISE) and strip_space(row[:k]):
            return k
    return None


def _comparison(reader: ExprReader, cond: list[Node], span: Span) -> tuple | None:
    """``cond`` as one comparison (``x > 0``) or a range (JAX's hard_tanh row ``-1 \\le x \\le 1``: both hold),
    as the chain (side, relation, side, ...); None for anything else."""
    from symdl.read.commands import NAME_WRAPPERS

    found = comparisons(cond)
    if not found:
        return None
    k, rel, after = found[0]
    lhs, rhs = _drop_connectives(cond[:k], NAME_WRAPPERS), cond[after:]
    if not lhs or not strip_space(rhs):
        return None
    if len(found) == 1 and not _has_words(rhs, NAME_WRAPPERS):  # x > 0 \text{ and } ...: words after it
        return (reader.read(lhs, span), rel, reader.read(rhs, span))
    if len(found) == 2 and not _has_words(rhs, NAME_WRAPPERS) and _same_direction(rel, found[1][1]):
        k2, rel2, after2 = found[1]
        mid, last = cond[after:k2], cond[after2:]
        if mid and last:
            return (reader.read(lhs, span), rel, reader.read(mid, span), rel2, reader.read(last, span))
    return None


#: an interval's brackets → the comparison at its ends: [a, b] closed, (a, b) open
_INTERVAL_ENDS = {"bracket": "<=", "paren": "<"}


def _membership(reader: ExprReader, cond: list[Node], span: Span) -> tuple[Parsed, ...] | None:
    """``x \\in [a, b]``, ``x \\in (a, b)``: a range, as ``a \\le x \\le b`` and ``a < x < b``; None for a condition
    without ``\\in``.  Membership of any other set (``x \\in A``, the indicator of a set) is refused by name: symdl
    reads no sets as values."""
    at = [k for k, n in enumerate(cond) if isinstance(n, Token) and n.is_cmd("\\in", "\\notin")]
    if not at:
        return None
    lhs, rest = strip_space(cond[: at[0]]), strip_space(cond[at[0] + 1 :])
    ends = split_top(rest[0].children, ",") if len(rest) == 1 and isinstance(rest[0], Group) else []
    rel = _INTERVAL_ENDS.get(rest[0].kind, "") if len(ends) == 2 else ""  # type: ignore[union-attr]
    if len(at) == 1 and cond[at[0]].text == "\\in" and lhs and rel and all(strip_space(e) for e in ends):
        low, high = (reader.read(strip_space(e), span) for e in ends)
        return low, rel, reader.read(lhs, span), rel, high
    if (topk := topk_condition(reader, cond, span)) is not None:  # DeepSeekMoE's s_{i,t} \\in Topk(\\{s_{j,t}\\}, K)
        return topk
    written = reader.source[cond[0].span.start : cond[-1].span.end]
    raise reader.error(NotSupported, f"the condition '{written}': membership of a set", span,
                       "symdl reads no sets as values; write the condition as comparisons (a \\le x \\le b), or "
                       "the indicator of a comparison: \\mathbb{1}[x > 0]")


#: the words after an index that say its parity (the sinusoidal encoding's i \\text{ even}) → its remainder by 2
_PARITY = {"even": 0, "iseven": 0, "odd": 1, "isodd": 1}


def _parity(reader: ExprReader, cond: list[Node], wrappers: set[str], span: Span) -> tuple[Parsed, ...] | None:
    """``i \\text{ even}``, ``\\text{if } 2i \\text{ is odd}``: the remainder of the value by 2 is 0 (1); None for any
    other condition."""
    if len(cond) < 3 or not (isinstance(cond[-2], Token) and cond[-2].text[1:] in wrappers
                             and is_group(cond[-1], "brace")):
        return None
    rest = _words(cond[-1].children, wrappers)  # type: ignore[union-attr]
    value = strip_space(cond[:-2])
    if rest not in _PARITY or not value or any(isinstance(n, Token) and n.text[1:] in wrappers for n in value):
        return None
    read = reader.read(value, span)
    remainder = Parsed(sympy.Mod(read.expr, 2), read.span, rf"{read.latex} \\bmod 2")
    return remainder, "==", Parsed(sympy.Integer(_PARITY[rest]), span, str(_PARITY[rest]))


def _same_direction(a: str, b: str) -> bool:
    """``-1 < x \\le 1`` reads as a range; ``a < x > b`` does not."""
    return a[0] == b[0] and a[0] in "<>"


def comparisons(cond: list[Node]) -> list[tuple[int, str, int]]:
    r"""The comparisons in ``cond`` as ``(position, relation, position after it)``; ``>=`` and ``<=`` typed as two
    characters (cs231n's ``\mathbb{1}(x>=0)``) are one comparison."""
    found: list[tuple[int, str, int]] = []
    k = 0
    while k < len(cond):
        n = cond[k]
        rel = RELATIONS.get(n.text) if isinstance(n, Token) else None
        if rel in (">", "<") and k + 1 < len(cond) and isinstance(cond[k + 1], Token) and cond[k + 1].text == "=":
            found.append((k, rel + "=", k + 2))
            k += 2
            continue
        if rel is not None:
            found.append((k, rel, k + 1))
        k += 1
    return found


def _has_words(nodes: list[Node], wrappers: set[str]) -> bool:
    """Is a connective written in words among ``nodes`` (``\text{ and }``)?  A wrapped name (``\text{threshold}``)
    is a value, not a word."""
    return any(
        isinstance(m, Token) and m.text[1:] in wrappers and k + 1 < len(nodes) and is_group(nodes[k + 1], "brace")
        and _words(nodes[k + 1].children, wrappers) in CONNECTIVES | {"and", "or", "with", "s.t.", "st"}
        for k, m in enumerate(nodes)
    )


def _trim_punct(cell: list[Node]) -> list[Node]:
    """A cell without its trailing punctuation and spacing: ``x,`` → ``x``, ``x > 0.`` → ``x > 0``."""
    cell = strip_space(cell)
    while cell and ((isinstance(cell[-1], Token) and (
            cell[-1].text in _PUNCT or cell[-1].is_cmd("\\quad", "\\qquad", "\\,", "\\;"))) or _joining_word(cell)):
        cell = strip_space(cell[:-2] if _joining_word(cell) else cell[:-1])
    return cell


def _joining_word(cell: list[Node]) -> bool:
    """Does ``cell`` end in a text box holding only a word that joins it to the next row (the Stan docs'
    ``\\text{if } y = 1, \\text{ and}``), prose to leave out?"""
    return (len(cell) >= 3 and isinstance(cell[-2], Token) and cell[-2].is_cmd("\\text", "\\textrm", "\\mbox")
            and is_group(cell[-1], "brace") and plain_text(cell[-1].children).strip(" ~") in ("and", "or"))


def _flatten_text(cond: list[Node], wrappers: set[str]) -> list[Node]:
    """``\\text{if $x > 0$}``: a comparison written inside the text is read from inside it."""
    if len(cond) == 2 and isinstance(cond[0], Token) and cond[0].text[1:] in wrappers and is_group(cond[1], "brace"):
        inner = strip_space(cond[1].children)
        if any(isinstance(n, Token) and n.text in RELATIONS for n in inner):
            return inner
    return cond


def _words(cond: list[Node], wrappers: set[str]) -> str:
    """The letters of a condition with wrappers, spacing and punctuation dropped (``\\text{otherwise.}``)."""
    text = " ".join(plain_text([n]) for n in cond  # one piece per node: -1 \\le x is not the command \\lex
                    if not (isinstance(n, Token) and n.kind == "cmd" and n.text[1:] in wrappers))
    return re.sub(r"\\[A-Za-z]+|\\.|[^A-Za-z]", "", text).lower()


def _drop_connectives(lhs: list[Node], wrappers: set[str]) -> list[Node]:
    """``\\text{if } x``, ``\\mbox{for } x``, ``if x`` → ``x``."""
    out: list[Node] = []
    for k, m in enumerate(lhs):
        if (isinstance(m, Token) and m.text[1:] in wrappers and k + 1 < len(lhs) and is_group(lhs[k + 1], "brace")
                and _words(lhs[k + 1].children, wrappers) in CONNECTIVES):  # type: ignore[union-attr]
            continue  # \text{if } \text{eps}: the wrapped name after the word stays one name
        if is_group(m, "brace") and _words(m.children, wrappers) in CONNECTIVES:
            continue
        out.append(m)
    out = strip_space(out)
    letters = "".join(n.text for n in out[:2] if isinstance(n, Token) and n.kind == "letter")
    if letters in ("if",) and len(out) > 2 and isinstance(out[2], Token) and out[2].kind == "space":
        out = strip_space(out[2:])
    return out


def condition_follows(nodes: list[Node], k: int) -> bool:
    """Does a condition follow a bold one at ``nodes[k]``: a set ``\\{...\\}`` (UFLDL's ``\\mathbf{1}\\{y^{(i)} =
    k\\}``) or a subscript that holds a comparison (SimCLR's ``\\mathbf{1}_{[k \\ne i]}``)?  A subscript with no
    comparison (``\\mathbf{1}_n``) is the ones vector's length."""
    if k < len(nodes) and is_group(nodes[k], "set"):
        return True
    if k < len(nodes) and is_group(nodes[k], "paren"):  # Guo et al.'s \mathbf{1}(\hat{y}_i = y_i): a comparison
        return _conditions(nodes[k].children)  # type: ignore[union-attr]
    if not (k + 1 < len(nodes) and isinstance(nodes[k], Token) and nodes[k].is_op("_")):
        return False
    sub = nodes[k + 1]
    inner = strip_space(sub.children) if isinstance(sub, Group) and sub.kind == "brace" else []
    if len(inner) == 1 and isinstance(inner[0], Group) and inner[0].kind in ("paren", "bracket", "set"):
        inner = inner[0].children
    return _conditions(inner)


def _conditions(cond: list[Node]) -> bool:
    """Is ``cond`` one comparison, a membership in a named set, or several of them joined by commas or ands?"""
    return bool(cond) and all(len(comparisons(p)) == 1 or membership(p) for p in conjunction(cond))


def _in_interval(cond: list[Node]) -> tuple[list[Node], list[Node], list[Node]] | None:
    """``x \\in [a, b]`` → (x, a, b); None for any other condition."""
    cond = strip_space(cond)
    at = [k for k, n in enumerate(cond) if isinstance(n, Token) and n.is_cmd("\\in")]
    if len(at) != 1 or at[0] + 2 != len(cond) or not is_group(cond[-1], "bracket"):
        return None
    ends = split_top(strip_space(cond[-1].children), ",")  # type: ignore[union-attr]
    if len(ends) != 2 or not all(strip_space(e) for e in ends) or not strip_space(cond[: at[0]]):
        return None
    return strip_space(cond[: at[0]]), strip_space(ends[0]), strip_space(ends[1])


def indicator(reader: ExprReader, nodes: list[Node], i: int, span: Span, em: Emitter,
              after_op: int | None = None) -> int:
    """``\\mathbb{1}[y = k]``, ``\\mathbb{1}\\{y_i = k\\}``, ``\\mathbb{1}(x > 0)``, ``\\mathbb{1}_{y=k}``, cs229's
    ``1\\{y^{(i)} = 1\\}``: 1 where the comparison holds, else 0 (a piecewise of two rows); ``after_op``: the index
    after the operator (``\\mathbb{1}`` is two nodes)."""
    j = _skip_space(nodes, i + 2 if after_op is None else after_op)
    if j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].is_op("_"):
        cond, after, _ = _arg(nodes, j + 1, reader.source, "the indicator's condition")
        inner = strip_space(cond)  # SimCLR's \mathbb{1}_{[k \neq i]}: the bracket only wraps the condition
        if len(inner) == 1 and isinstance(inner[0], Group) and inner[0].kind in ("paren", "bracket", "set"):
            cond = inner[0].children  # Szepesvári's \mathbb{I}_{\{X_t = x\}} too
    elif j < len(nodes) and isinstance(nodes[j], Group) and nodes[j].kind in ("paren", "bracket", "set"):
        cond, after = nodes[j].children, j + 1  # type: ignore[union-attr]
    else:
        raise reader.error(NotSupported, "\\mathbb{1} without a condition", span,
                           "write the indicator of a comparison: \\mathbb{1}[y = k]; the ones vector is \\mathbf{1}")
    where = comparisons(cond)
    full = Span(span.start, nodes[after - 1].span.end)
    if not where and (interval := _in_interval(cond)) is not None:  # the straight-through estimator's
        x, low, high = interval  # \mathbb{1}_{x \in [q_{\min}, q_{\max}]}: low ≤ x and x ≤ high, a product of two
        one, zero = Parsed(sympy.Integer(1), full, "1"), Parsed(sympy.Integer(0), full, "0")
        em.open_paren(full)
        for k, test in enumerate(((reader.read(low, full), "<=", reader.read(x, full)),
                                  (reader.read(x, full), "<=", reader.read(high, full)))):
            if k:
                em.add("CDOT", "\\cdot", full)
            em.placeholder(reader.new("piecewise", full, rows=[(one, test), (zero, None)]).id, full)
        em.close_paren(full)
        reader.add_note("indicator-interval", full, {"text": reader.source[full.start : full.end]})
        return emit_power(reader, nodes, after, em)
    parts = conjunction(cond)
    if not all(len(comparisons(part)) == 1 or membership(part) for part in parts):
        raise reader.error(NotSupported, "an indicator of anything but one comparison", full,
                           "write one comparison: \\mathbb{1}[y_i = k], or a membership: \\mathbb{1}[i \\in S]")
    if len(parts) > 1:  # Szepesvári's \mathbb{I}_{\{x = X_t, a = A_t\}}: both hold, a product
        em.open_paren(full)
    for n, part in enumerate(parts):
        if n:
            em.add("CDOT", "\\cdot", full)
        _one_condition(reader, part, full, em)
    if len(parts) > 1:
        em.close_paren(full)
    return emit_power(reader, nodes, after, em)


def _one_condition(reader: ExprReader, cond: list[Node], full: Span, em: Emitter) -> None:
    """One comparison as 1 where it holds, else 0; a membership as the set's 0/1 mask at the value (noted)."""
    if (member := membership(cond)) is not None:
        entry, spelling = member
        em.open_paren(full)
        reader.emit(entry, em)
        em.close_paren(full)
        text = plain_text(cond).strip()
        reader.add_note("indicator-membership", full, {"text": text, "set": spelling,
                                                       "entry": plain_text(entry).replace(" ", "")})
        return
    k, rel, rest = comparisons(cond)[0]
    test = (reader.read(cond[:k], full), rel, reader.read(cond[rest:], full))
    one, zero = Parsed(sympy.Integer(1), full, "1"), Parsed(sympy.Integer(0), full, "0")
    ph = reader.new("piecewise", full, rows=[(one, test), (zero, None)])
    em.placeholder(ph.id, full)
