"""``\\begin{...}`` environments inside expressions: matrices and ``cases``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from symdl.errors import InvalidInput, NotSupported, Span
from symdl.read.constructs import emit_power, split_top
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, Parsed, nesting, placeholder_text, plain_text, strip_space

if TYPE_CHECKING:
    from symdl.read.expr import Emitter, ExprReader

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


def env_name(nodes: list[Node], i: int) -> str | None:
    if i + 1 < len(nodes) and isinstance(nodes[i + 1], Group):
        return plain_text(nodes[i + 1].children).strip()  # type: ignore[union-attr]
    return None


def find_end(reader: ExprReader, nodes: list[Node], i: int) -> int:
    """Index of the ``\\end`` matching the ``\\begin`` at ``nodes[i]``."""
    for j, (n, depth) in enumerate(nesting(nodes[i:], brackets=False), start=i):
        if depth == 0 and isinstance(n, Token) and n.is_cmd("\\end"):
            return j
    raise reader.error(
        InvalidInput,
        f"\\begin{{{env_name(nodes, i)}}} is never ended",
        nodes[i].span,
        f"add \\end{{{env_name(nodes, i)}}}",
    )


def split_rows(nodes: list[Node]) -> list[list[Node]]:
    rows: list[list[Node]] = [[]]
    for n, depth in nesting(nodes, brackets=False):
        if depth == 0 and isinstance(n, Token) and n.is_cmd("\\\\"):
            rows.append([])
        else:
            rows[-1].append(n)
    return [r for r in rows if strip_space(r)]


def environment(reader: ExprReader, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
    name = env_name(nodes, i)
    if name is None:
        raise reader.error(InvalidInput, "\\begin without an environment name", nodes[i].span)
    end = find_end(reader, nodes, i)
    close = end + 2 if end + 1 < len(nodes) and isinstance(nodes[end + 1], Group) else end + 1
    span = Span(nodes[i].span.start, nodes[close - 1].span.end)
    body = nodes[i + 2 : end]
    if name == "array" and body and isinstance(strip_space(body)[0], Group):
        body = strip_space(body)[1:]  # the column spec {rrr}
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
        ph = reader.new("piecewise", span, rows=[_case(reader, row, span) for row in split_rows(body)])
    elif name == "vmatrix":
        raise reader.error(NotSupported, "determinants", span, "symdl does not read determinants yet")
    else:
        raise reader.error(
            NotSupported,
            f"the environment {name} inside an expression",
            span,
            "aligned/align blocks are read only around whole statements",
        )
    em.add(placeholder_text(ph.id), span)
    return emit_power(reader, nodes, close, em)


def _case(reader: ExprReader, row: list[Node], span: Span) -> tuple[Parsed, object]:
    cells = split_top(row, "&")
    if len(cells) > 2:
        raise reader.error(InvalidInput, "a case with more than two parts", span, "write value & condition")
    value = reader.read(cells[0], span)
    if len(cells) == 1:
        return value, None
    cond = [n for n in strip_space(cells[1]) if not (isinstance(n, Token) and n.kind == "op" and n.text in ",.")]
    words = plain_text(cond).replace("\\text", "").replace("\\mathrm", "").replace("{", "").replace("}", "")
    if words.strip() in ("otherwise", "else", ""):
        return value, None
    for k, n in enumerate(cond):
        rel = RELATIONS.get(n.text) if isinstance(n, Token) else None
        if rel is not None:
            lhs = [m for m in cond[:k] if not (isinstance(m, Token) and m.is_cmd("\\text", "\\mathrm"))]
            lhs = [m for m in lhs if not (isinstance(m, Group) and plain_text(m.children).strip() in ("if", "for"))]
            lhs = [m for m in lhs if not (isinstance(m, Token) and m.kind == "letter" and False)]
            text = plain_text(lhs)
            if text.startswith("if"):
                lhs = _drop_word(lhs, "if")
            return value, (reader.read(lhs, span), rel, reader.read(cond[k + 1 :], span))
    raise reader.error(
        NotSupported,
        f"the condition '{plain_text(cond)}'",
        span,
        "conditions are comparisons such as x > 0, or 'otherwise'",
    )


def _drop_word(nodes: list[Node], word: str) -> list[Node]:
    letters = "".join(n.text for n in nodes[: len(word)] if isinstance(n, Token))
    return nodes[len(word) :] if letters == word else nodes
