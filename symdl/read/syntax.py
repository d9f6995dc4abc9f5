"""Brace structure over tokens, and the placeholders the reader hands to the binder.

Every atom (``v_t``, ``\\hat{y}^{(i)}``, ``dW``, ``\\mathbf{h}_t^T``), every call and every
construct is replaced by a placeholder symbol ``Q_{k}``.  The arithmetic between placeholders
(``+ - \\frac \\sqrt ^ \\sum``) is read by symdl's grammar (:mod:`symdl.read.arith`); the
:class:`Placeholder` table says what each ``Q_{k}`` means.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import sympy

from symdl.budget import budget_error
from symdl.errors import InvalidInput, Span
from symdl.read.lexer import Token


@dataclass
class Group:
    """A ``{...}`` group: its children and the span including the braces."""

    children: list[Node]
    span: Span


Node = Token | Group


def seq_span(nodes: list[Node], default: Span) -> Span:
    if not nodes:
        return default
    return Span(nodes[0].span.start, nodes[-1].span.end)


def build_groups(tokens: list[Token], source: str, *, max_depth: int) -> list[Node]:
    """Nest tokens by braces.

    Raises:
        InvalidInput: unbalanced braces, with the span of the unmatched one.
        ResourceLimit: nesting deeper than ``max_depth``.
    """
    stack: list[tuple[list[Node], Token | None]] = [([], None)]
    for tok in tokens:
        if tok.kind == "lbrace":
            if len(stack) > max_depth:
                raise budget_error("depth", len(stack), max_depth, what="these braces", source=source, span=tok.span)
            stack.append(([], tok))
        elif tok.kind == "rbrace":
            if len(stack) == 1:
                raise InvalidInput(
                    "this '}' closes nothing",
                    source=source,
                    span=tok.span,
                    hint="remove it or add the matching '{'",
                )
            children, opener = stack.pop()
            assert opener is not None
            if len(children) == 1 and isinstance(children[0], Group):  # {{x}} groups exactly as {x} does
                children = children[0].children
            stack[-1][0].append(Group(children, Span(opener.span.start, tok.span.end)))
        else:
            stack[-1][0].append(tok)
    if len(stack) > 1:
        opener = stack[-1][1]
        assert opener is not None
        raise InvalidInput(
            "this '{' is never closed",
            source=source,
            span=opener.span,
            hint="add the matching '}'",
        )
    return stack[0][0]


def strip_space(nodes: list[Node]) -> list[Node]:
    """Drop leading/trailing space tokens."""
    a, b = 0, len(nodes)
    while a < b and isinstance(nodes[a], Token) and nodes[a].kind in ("space", "newline"):
        a += 1
    while b > a and isinstance(nodes[b - 1], Token) and nodes[b - 1].kind in ("space", "newline"):
        b -= 1
    return nodes[a:b]


def unwrap(node: Node) -> list[Node]:
    """A group's children, or the single node as a list."""
    return node.children if isinstance(node, Group) else [node]


def plain_text(nodes: list[Node]) -> str:
    """The nodes' text with braces, whitespace folded (``{t-1}`` → ``t-1``)."""
    out: list[str] = []
    for n in nodes:
        if isinstance(n, Group):
            out.append("{" + plain_text(n.children) + "}")
        elif n.kind == "space":
            continue
        else:
            out.append(n.text)
    return "".join(out)


@dataclass
class Placeholder:
    """What a placeholder symbol ``Q_{k}`` stands for.

    Attributes:
        id: its number.
        kind: ``atom``, ``call``, ``grad``, ``deriv``, ``matrix``, ``concat``, ``piecewise``,
            ``label``, ``hadamard``, ``abs``, ``norm``, ``transpose``, ``index``, ``length``,
            ``group`` (a parenthesised sub-expression kept whole).
        span: the source characters it covers.
        data: kind-specific fields (an :class:`AtomSpec`, sub-expressions, a label ...).
    """

    id: int
    kind: str
    span: Span
    data: dict[str, Any] = field(default_factory=dict)


def placeholder_text(k: int) -> str:
    return f"Q_{{{k}}}"


_PH = re.compile(r"^Q_\{?(\d+)\}?$")


def placeholder_id(sym: sympy.Basic) -> int | None:
    """The number of a placeholder symbol, or None for any other object."""
    if isinstance(sym, sympy.Symbol):
        m = _PH.match(sym.name)
        if m:
            return int(m.group(1))
    return None


@dataclass(frozen=True)
class SubscriptSpec:
    """A subscript as written: its canonical text and, when it has that form,
    its index terms ``(letter, offset)`` (``{t-1}`` → ``(("t", -1),)``, ``{ts}`` →
    ``(("t", 0), ("s", 0))``)."""

    text: str
    terms: tuple[tuple[str, int], ...] | None


@dataclass
class AtomSpec:
    """A name as written, with everything attached to it.

    Attributes:
        base: canonical ASCII base name (``W``, ``beta``, ``MSE``, ``dW``).
        base_latex: LaTeX of the base (``W``, ``\\beta``, ``\\text{MSE}``, ``dW``).
        greek: the base is a Greek letter.
        word: the base is a multi-letter name (``\\text{MSE}``, ``score``).
        bold: written in ``\\mathbf``/``\\boldsymbol``/``\\bm``/``\\vec``.
        decorations: accents from outside in (``("bar",)``).
        sub: the subscript, if any.
        layer: the ``[l]`` superscript (``"2"``), if any.
        sample: the ``(i)`` superscript's text (``"i"``), if any.
        primes: number of primes.
        transpose: a ``^T``/``^\\top`` was attached.
        spelling: the source text of the atom without its power.
        d_of: for ``dW``, the base it is the gradient of (``W``).
        readings: the reading rules (:data:`symdl.read.notes.NOTE_RULES`) that chose between two
            readings of this name; each becomes a reading note.
    """

    base: str
    base_latex: str
    greek: bool = False
    word: bool = False
    bold: bool = False
    decorations: tuple[str, ...] = ()
    sub: SubscriptSpec | None = None
    layer: str | None = None
    sample: str | None = None
    primes: int = 0
    transpose: bool = False
    spelling: str = ""
    d_of: str | None = None
    cal: bool = False
    readings: tuple[str, ...] = ()

    def family_key_parts(self) -> tuple[Any, ...]:
        """Everything that identifies the quantity except index and time subscripts."""
        return (self.base, self.bold, self.decorations, self.layer, self.primes, self.cal)


@dataclass
class Parsed:
    """A sub-expression read by :mod:`symdl.read.arith`: SymPy over placeholder symbols."""

    expr: sympy.Basic
    span: Span
    latex: str


def nesting(nodes: list[Node], *, envs: bool = True, brackets: bool = True) -> Iterator[tuple[Node, int]]:
    """Each node with the depth it stands at: inside ``(``/``[`` (with ``brackets``) and ``\\begin``...``\\end``
    (with ``envs``).

    Opening and closing tokens are reported at the outer depth, so ``depth == 0`` means "at the top level".
    """
    depth = 0
    for n in nodes:
        is_tok = isinstance(n, Token)
        opens = is_tok and ((brackets and n.is_op("(", "[")) or (envs and n.is_cmd("\\begin")))
        closes = is_tok and ((brackets and n.is_op(")", "]")) or (envs and n.is_cmd("\\end")))
        depth -= closes
        yield n, depth
        depth += opens


def mentions(ph: Placeholder, name: str, table: dict[int, Placeholder]) -> bool:
    """Does placeholder ``ph`` use the index ``name`` (in a subscript, a sample or layer superscript, or
    anywhere inside its sub-expressions)?  The index of a sum it contains that rebinds ``name`` does not count.
    """
    return any(_uses(value, name, table, 0) for value in ph.data.values())


def _uses(value: Any, name: str, table: dict[int, Placeholder], depth: int) -> bool:
    if depth > 200:
        return False
    if isinstance(value, AtomSpec):
        sub = value.sub
        in_sub = sub is not None and (
            any(letter == name for letter, _ in sub.terms) if sub.terms is not None else name in _index_words(sub.text)
        )
        return in_sub or name in (value.sample, value.layer)
    if isinstance(value, Parsed):
        return any(_uses_symbol(s, name, table, depth) for s in value.expr.free_symbols)
    if isinstance(value, (list, tuple)):
        return any(_uses(v, name, table, depth + 1) for v in value)
    if isinstance(value, dict):
        return any(_uses(v, name, table, depth + 1) for v in value.values())
    return False


def _uses_symbol(sym: sympy.Basic, name: str, table: dict[int, Placeholder], depth: int) -> bool:
    k = placeholder_id(sym)
    ph = table.get(k) if k is not None else None
    if ph is None or ph.kind in ("index", "length"):
        return False
    return any(_uses(v, name, table, depth + 1) for v in ph.data.values())


def _index_words(text: str) -> set[str]:
    """The index names in a subscript's text: ``i,j`` → {i, j}; ``ij`` → {i, j}; ``\\tau`` → {\\tau}."""
    words = set(re.findall(r"\\[A-Za-z]+|[A-Za-z]", text))
    return words | {w[1:] for w in words if w.startswith("\\")}
