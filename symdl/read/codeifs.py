r"""Piecewise definitions written as Python: ``if x < -2.5: return 0 \\ if x > 2.5: return 1 \\ ...`` (the TensorFlow
docs' hard sigmoid, the Keras docs' SELU), ``\text{if } x<-2.5: 0;\ \text{elif } x>2.5: 1;\ \text{else}: -0.2x + 0.5``,
and Python's conditional expression ``x if x > 0 else alpha * (exp(x) - 1)``.

Each ``if``/``elif`` row is the value after its ``:`` (a ``return`` before it dropped) where the condition before the
``:`` holds; an ``else`` row is the value otherwise.  Rows are separated by ``\\``, ``;`` or a new line.  The rows are
tried in order, as the code runs them: they become the rows of a ``cases``, which symdl reads as a piecewise function
whose first holding row wins (noted ``code-if``).  The keywords are plain words or in a text box (``\text{if }``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from symdl.errors import Span
from symdl.read.caselines import case_lines
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, is_blank

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader

#: text boxes a keyword may be written in
_BOXES = {"\\text", "\\mathrm", "\\textbf", "\\texttt", "\\mathtt", "\\textrm", "\\operatorname", "\\textit"}
_KEYWORDS = {"if", "elif", "else", "return", "otherwise"}


def code_ifs(reader: ExprReader, nodes: list[Node]) -> list[Node]:
    """``nodes`` with Python's ``if c: a \\\\ elif d: b \\\\ else: e`` rows, or its ``a if c else b``, after a relation
    or alone, as one ``cases`` group, noted; other formulas unchanged."""
    at = _start(nodes)
    if at is None:
        return nodes
    body = _trim(nodes[at:])
    if not body:
        return nodes
    rule = "code-if"
    if _keyword(body, 0)[0] == "if":
        rows = _statement_rows(body)
    else:
        lhs = " ".join(reader.source[nodes[0].span.start : nodes[at - 1].span.start].split()) if at else ""
        rows = _value_if_rows(body, lhs, reader.source) or _ternary_rows(body)
        if rows is not None and any(isinstance(n, Token) and n.is_op("&") for n in body):
            rule = "align-cases"  # numpy-ml's f(x) &= 1 &&\text{if } x > 0 \\ &= 0 &&\text{otherwise}
        if rows is None and at and (rows := case_lines(reader, _trim(nodes[: at - 1]), body)) is not None:
            rule = "case-lines"  # the PyTorch docs' f(x) = +1, if x > 1   f(x) = -1, if x < -1 ...: one line
    if rows is None:
        return nodes
    span = Span(body[0].span.start, body[-1].span.end)
    cells: list[Node] = []
    for value, cond in rows:
        if cells:
            cells.append(Token("cmd", "\\\\", value[0].span))
        cells += [*value, Token("op", "&", value[-1].span), *(cond or _otherwise(value[-1].span))]
    reader.add_note(rule, span, {})
    return [*nodes[:at], Token("space", " ", Span(span.start, span.start)), Group(cells, span, "env", name="cases")]


def _start(nodes: list[Node]) -> int | None:
    """Where the piecewise value starts: at the start, or after the one relation (``=``, ``\\leftarrow``) before its
    first ``if``; None when there is no ``if`` to read."""
    ifs = [k for k in range(len(nodes)) if _keyword(nodes, k)[0] == "if"]
    if not ifs:
        return None
    relations = [k for k, n in enumerate(nodes[: ifs[0]]) if _relation(nodes, k)]
    if len(relations) > 1:
        return None
    return relations[0] + 1 if relations else 0


def _relation(nodes: list[Node], k: int) -> bool:
    """Is ``nodes[k]`` a statement's ``=`` (not part of ``<=``, ``>=``, ``==``, ``!=``) or ``\\leftarrow``?"""
    n = nodes[k]
    if isinstance(n, Token) and n.is_cmd("\\leftarrow", "\\gets"):
        return True
    if not (isinstance(n, Token) and n.is_op("=")):
        return False
    near = [
        m
        for m in (nodes[k - 1] if k else None, nodes[k + 1] if k + 1 < len(nodes) else None)
        if isinstance(m, Token)
        and m.kind == "op"
        and m.text in "<>=!"
        and _joined(*sorted((m, n), key=lambda t: t.span.start))
    ]
    return not near


def _keyword(nodes: list[Node], k: int) -> tuple[str, int]:
    """The keyword (``if``, ``elif``, ``else``, ``return``, ``otherwise``) written at ``nodes[k]`` as a whole word or
    in a text box, and the index after it; ``("", k)`` when there is none."""
    n = nodes[k] if k < len(nodes) else None
    if isinstance(n, Token) and n.kind == "cmd" and n.text in _BOXES and k + 1 < len(nodes):
        box = nodes[k + 1]
        if isinstance(box, Group) and box.kind == "brace":
            text = "".join(c.text for c in box.children if isinstance(c, Token) and c.kind == "letter")
            plain = all(isinstance(c, Token) and c.kind in ("letter", "space") for c in box.children)
            return (text, k + 2) if plain and text in _KEYWORDS else ("", k)
        return "", k
    if not (isinstance(n, Token) and n.kind == "letter") or (k > 0 and _joined(nodes[k - 1], n)):
        return "", k
    j = k
    while (
        j + 1 < len(nodes)
        and isinstance(nodes[j + 1], Token)
        and nodes[j + 1].kind == "letter"
        and _joined(nodes[j], nodes[j + 1])
    ):  # type: ignore[arg-type]
        j += 1
    word = "".join(t.text for t in nodes[k : j + 1] if isinstance(t, Token))
    nxt = nodes[j + 1] if j + 1 < len(nodes) else None
    if isinstance(nxt, Token) and _joined(nodes[j], nxt) and (nxt.kind == "number" or nxt.is_op("_", "'")):
        return "", k  # if_x, else2: an identifier, not the keyword
    return (word, j + 1) if word in _KEYWORDS else ("", k)


def _joined(a: Node, b: Node) -> bool:
    """Are ``a`` and ``b`` written together, with nothing between them?"""
    return a.span.end == b.span.start and not any(is_blank(n) for n in (a, b))


def _trim(nodes: list[Node]) -> list[Node]:
    """``nodes`` without blanks at either end."""
    a, b = 0, len(nodes)
    while a < b and is_blank(nodes[a]):
        a += 1
    while b > a and is_blank(nodes[b - 1]):
        b -= 1
    return nodes[a:b]


def _rows(nodes: list[Node]) -> list[list[Node]]:
    """``nodes`` split at the top-level row breaks: ``\\\\``, ``;``, a new line."""
    rows: list[list[Node]] = [[]]
    for n in nodes:
        if isinstance(n, Token) and (n.is_cmd("\\\\") or n.is_op(";") or n.kind == "newline"):
            rows.append([])
        else:
            rows[-1].append(n)
    return [_trim(r) for r in rows if _trim(r)]


def _statement_rows(body: list[Node]) -> list[tuple[list[Node], list[Node]]] | None:
    """The (value, condition) rows of ``if c: a`` statements; an ``else`` row's condition is empty."""
    out: list[tuple[list[Node], list[Node]]] = []
    for row in _rows(body):
        word, k = _keyword(row, 0)
        colons = [j for j, n in enumerate(row) if isinstance(n, Token) and n.is_op(":") and j >= k]
        if word not in ("if", "elif", "else") or (word != "else" and not colons) or (out and not out[-1][1]):
            return None
        cond = _trim(row[k : colons[0]]) if word != "else" else []
        after = colons[0] + 1 if colons else k
        ret, v = _keyword(row, _skip(row, after))
        value = _trim(row[v if ret == "return" else after :])
        if not value or (word != "else" and not cond) or _has_relation(value):
            return None  # if cond: g \\leftarrow ...: a guarded statement (guard-line), not a value
        out.append((value, cond))
    return out


def _ternary_rows(body: list[Node]) -> list[tuple[list[Node], list[Node]]] | None:
    """The (value, condition) rows of Python's ``a if c else b`` (``b`` may be another conditional expression)."""
    ifs = [k for k in range(len(body)) if _keyword(body, k)[0] == "if"]
    elses = [k for k in range(len(body)) if _keyword(body, k)[0] == "else"]
    if (
        not ifs
        or not elses
        or not ifs[0] < elses[0]
        or any(isinstance(n, Token) and (n.is_op(":", ";") or n.is_cmd("\\\\")) for n in body)
    ):
        return None
    value, cond = _trim(body[: ifs[0]]), _trim(body[_keyword(body, ifs[0])[1] : elses[0]])
    rest = _trim(body[_keyword(body, elses[0])[1] :])
    if not value or not cond or not rest or _has_relation(value) or _has_relation(rest):
        return None
    more = _ternary_rows(rest) if any(_keyword(rest, k)[0] == "if" for k in range(len(rest))) else None
    return [(value, cond), *(more or [(rest, [])])]


def _value_if_rows(body: list[Node], lhs: str, source: str) -> list[tuple[list[Node], list[Node]]] | None:
    """The (value, condition) rows of the Keras docs' ``0 if x < -2.5, 1 if x > 2.5, (0.2 * x) + 0.5 if -2.5 <= x
    <= 2.5``: two rows or more, separated by ``,``, ``;`` or ``\\\\``, each a value, ``if`` and a condition (the last
    may be a value and ``otherwise``); a row may repeat the statement's left side ``lhs`` (``loss = 0.5 * x^2 if |x|
    <= d \\\\ loss = ... if |x| > d``).  None when the formula is not so written."""
    rows: list[list[Node]] = [[]]
    for n in body:
        if isinstance(n, Token) and n.is_op("&"):
            continue  # numpy-ml's f(x) &= 1 &&\text{if } x > 0 \\ &= ... &&\text{otherwise}: alignment marks
        if isinstance(n, Token) and (n.is_op(",", ";") or n.is_cmd("\\\\") or n.kind == "newline"):
            rows.append([])
        else:
            rows[-1].append(n)
    out: list[tuple[list[Node], list[Node]]] = []
    for at, raw in enumerate(rows):
        row, last = _trim(raw), at == len(rows) - 1
        again = [k for k in range(len(row)) if _relation(row, k)]
        if again and at and lhs and " ".join(source[row[0].span.start : row[again[0]].span.start].split()) == lhs:
            row = _trim(row[again[0] + 1 :])  # the Huber rows' loss = ... if |x| > d: the same left side again
        elif again and at and again[0] == 0:
            row = _trim(row[1:])  # an align block's continued row &= ... &&\text{if } ...: the same left side
        words = [(k, w) for k in range(len(row)) if (w := _keyword(row, k)[0])]
        if len(words) == 1 and words[0][1] == "otherwise" and _keyword(row, words[0][0])[1] == len(row):
            value, cond = _trim(row[: words[0][0]]), []
        elif len(words) == 1 and words[0][1] == "if":
            value, cond = _trim(row[: words[0][0]]), _trim(row[_keyword(row, words[0][0])[1] :])
        else:
            return None
        if not value or (not cond and not last) or any(isinstance(n, Token) and n.is_op(":") for n in row):
            return None
        if _has_relation(value):
            return None
        out.append((value, cond))
    return out if len(out) > 1 and all(c for _, c in out[:-1]) else None


def _has_relation(nodes: list[Node]) -> bool:
    """Does ``nodes`` hold a statement's relation (``=``, ``\\leftarrow``) at its top level?"""
    return any(_relation(nodes, k) for k in range(len(nodes)))


def _skip(nodes: list[Node], k: int) -> int:
    """The index of the first non-space node from ``k``."""
    while k < len(nodes) and is_blank(nodes[k]):
        k += 1
    return k


def _otherwise(at: Span) -> list[Node]:
    """``\\text{otherwise}``: the condition of an ``else`` row."""
    word = [Token("letter", ch, at) for ch in "otherwise"]
    return [Token("cmd", "\\text", at), Group(word, at, "brace")]
