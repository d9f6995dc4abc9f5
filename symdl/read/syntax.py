"""The nodes of the structure tree (:class:`Group`, made by :mod:`symdl.read.structure`), and the placeholders
the reader hands to the binder.

Every atom (``v_t``, ``\\hat{y}^{(i)}``, ``dW``, ``\\mathbf{h}_t^T``), every call and every
construct is replaced by a placeholder symbol ``Q_{k}``.  The arithmetic between placeholders
(``+ - \\frac \\sqrt ^ \\sum``) is read by symdl's grammar (:mod:`symdl.read.arith`); the
:class:`Placeholder` table says what each ``Q_{k}`` means.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

import sympy

from symdl.errors import Span
from symdl.read.lexer import Token


@dataclass
class Group:
    """A bracketed part of the formula (made by :mod:`symdl.read.structure`).

    Attributes:
        children: the nodes between the opening and the closing token.
        span: the source it covers, both delimiters included.
        kind: ``brace`` ``{}``, ``paren`` ``()``, ``bracket`` ``[]``, ``set`` ``\\{ \\}``, ``env``
            ``\\begin{name} ... \\end{name}``, or ``delim`` (``\\left|``, ``\\left.`` ... with other delimiters).
        open, close: the opening and closing tokens (a ``\\left`` group's delimiters; an environment's
            ``\\begin`` and ``\\end``); None for a group made by the reader.
        name: an environment's name.
        left: written with ``\\left ... \\right``.
    """

    children: list[Node]
    span: Span
    kind: str = "brace"
    open: Token | None = None
    close: Token | None = None
    name: str = ""
    left: bool = False


Node = Token | Group


def is_group(node: object, *kinds: str) -> bool:
    """Is ``node`` a group (of one of ``kinds``, when given)?"""
    return isinstance(node, Group) and (not kinds or node.kind in kinds)


def seq_span(nodes: list[Node], default: Span) -> Span:
    if not nodes:
        return default
    return Span(nodes[0].span.start, nodes[-1].span.end)


def letter_run(nodes: list[Node], k: int) -> tuple[int, str]:
    """The end of the run of letter tokens from ``nodes[k]``, each touching the one before (a word typed in plain
    letters: ``sigmoid``, ``for``), and the word they spell; ``(k, "")`` when no letter starts there."""
    j = k
    while j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].kind == "letter" and (  # type: ignore[union-attr]
            j == k or nodes[j].span.start == nodes[j - 1].span.end):
        j += 1
    return j, "".join(n.text for n in nodes[k:j] if isinstance(n, Token))


def runs_over(source: str, letter: str, ops: str = "sum|prod") -> bool:
    """Does a big operator of ``ops`` in ``source`` run over ``letter`` (``\\sum_i``, ``\\sum_{i=1}``,
    ``\\prod_{t}``)?"""
    return re.search(rf"\\(?:{ops})_\{{?\s*{re.escape(letter)}(?![A-Za-z])", source) is not None


def arg_runs_over(source: str, letter: str) -> bool:
    """Does an arg max or arg min in ``source`` run over ``letter``, however it is written (``\\argmax_k``,
    ``\\operatorname*{arg\\,max}_k``, ``\\text{argmax}_k``, plain text's ``argmax_k``)?"""
    under = rf"_\{{?\s*{re.escape(letter)}(?![A-Za-z])"
    return re.search(rf"(?<![A-Za-z])arg\s*(?:\\[,;! ])?\s*\\?(?:max|min)\}}?\s*{under}", source) is not None


def statement_start(source: str, at: int) -> int:
    """Where the statement holding position ``at`` starts: after the last ``\\\\``, newline or ``;`` before it."""
    return max(source.rfind(sep, 0, at) for sep in ("\\\\", "\n", ";")) + 1


def unwritten_letter(source: str, letters: str) -> str | None:
    """The first of ``letters`` the formula writes nowhere as a letter of its own (a new index's name), or None."""
    return next((c for c in letters if not re.search(rf"(?<![A-Za-z\\]){re.escape(c)}(?![A-Za-z])", source)), None)


def rewrite_nodes(nodes: list[Node], rule: Callable[[list[Node], int, list[Node]], int | None]) -> list[Node]:
    """``nodes``, and every group's children in turn, with ``rule`` tried at each node: ``rule(nodes, k, out)``
    appends what it reads the nodes from ``k`` as to ``out`` and returns the index after them, or returns None to
    keep ``nodes[k]`` as it is.  The walk the passes of the reader that rewrite one construct share."""
    out: list[Node] = []
    k = 0
    while k < len(nodes):
        n = nodes[k]
        if isinstance(n, Group):
            out.append(replace(n, children=rewrite_nodes(n.children, rule)))
            k += 1
            continue
        end = rule(nodes, k, out)
        if end is None:
            out.append(n)
            k += 1
        else:
            k = end
    return out


#: TeX's spacing commands that set only space between a formula's parts
BLANK_COMMANDS = frozenset({"\\ ", "\\,", "\\;", "\\:", "\\!", "\\quad", "\\qquad", "\\enspace"})


def is_blank(n: Node) -> bool:
    """Is ``n`` a space, a new line or a spacing command?"""
    return isinstance(n, Token) and (n.kind in ("space", "newline") or (n.kind == "cmd" and n.text in BLANK_COMMANDS))


def strip_space(nodes: list[Node]) -> list[Node]:
    """Drop leading/trailing space tokens."""
    a, b = 0, len(nodes)
    while a < b and isinstance(nodes[a], Token) and nodes[a].kind in ("space", "newline"):
        a += 1
    while b > a and isinstance(nodes[b - 1], Token) and nodes[b - 1].kind in ("space", "newline"):
        b -= 1
    return nodes[a:b]


def nodes_in(nodes: list[Node]) -> Iterator[tuple[list[Node], int, Node]]:
    """Every node of ``nodes`` and of the groups inside them, with the sequence it is in and its index there (each
    sequence's own nodes before those of the groups it holds)."""
    stack = [nodes]
    while stack:
        seq = stack.pop()
        for i, n in enumerate(seq):
            if isinstance(n, Group):
                stack.append(n.children)
            yield seq, i, n


def tokens_in(nodes: list[Node]) -> Iterator[tuple[list[Node], int, Token]]:
    """Every token of ``nodes`` and of the groups inside them (:func:`nodes_in`'s order)."""
    for seq, i, n in nodes_in(nodes):
        if not isinstance(n, Group):
            yield seq, i, n


def leaf_tokens(nodes: list[Node]) -> list[Token]:
    """The tokens of ``nodes`` and of every group inside them, in the order written (:func:`tokens_in` visits each
    sequence before the groups it holds)."""
    return [t for n in nodes for t in (leaf_tokens(n.children) if isinstance(n, Group) else [n])]


def unwrap(node: Node) -> list[Node]:
    """A brace group's children, or the single node as a list."""
    return node.children if is_group(node, "brace") else [node]  # type: ignore[union-attr]


def plain_text(nodes: list[Node]) -> str:
    """The nodes' text with braces, whitespace folded (``{t-1}`` → ``t-1``)."""
    out: list[str] = []
    for n in nodes:
        if isinstance(n, Group):
            opening, closing = delimiters_of(n)
            out.append(opening + plain_text(n.children) + closing)
        elif n.kind == "space":
            continue
        else:
            out.append(n.text)
    return "".join(out)


def delimiters_of(group: Group) -> tuple[str, str]:
    """The opening and closing text of a group as written (braces for a group the reader made)."""
    if group.kind == "env":
        return f"\\begin{{{group.name}}}", f"\\end{{{group.name}}}"
    if group.open is None or group.close is None:
        return "{", "}"
    if group.left:
        return "\\left" + group.open.text, "\\right" + group.close.text
    return group.open.text, group.close.text


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
    """The number of a placeholder symbol, or None for any other object (a name the formula writes, TD3's ``Q_1``,
    is a real symbol: never a placeholder, which carries no assumption)."""
    if isinstance(sym, sympy.Symbol) and sym.is_real is not True:
        m = _PH.match(sym.name)
        if m:
            return int(m.group(1))
    return None


@dataclass(frozen=True)
class SubscriptSpec:
    """A subscript as written: its canonical text and, when it has that form,
    its index terms ``(letter, offset)`` (``{t-1}`` → ``(("t", -1),)``, ``{ts}`` →
    ``(("t", 0), ("s", 0))``).  ``entry`` is ``(label, index)`` for a subscript that is itself an indexed
    letter: ``s_{y_i}`` is entry ``y_i`` of s (cs231n's score of the correct class); ``nested`` for a subscript
    with such a letter among others that is not read (``s_{i+y_i}``).  ``positions`` is, for a subscript listing
    index letters and labels between commas (the PyTorch docs' ``x_{n,y_n}``, the target class's score of sample n),
    each position's ``(letter, "")`` for an index letter or ``(label, index)`` for a label.  ``linear`` is, for a
    subscript that computes its positions (``{t+k}``, ``{i+m, j+n}``, ``{i, 2j+1}``), each position as its
    ``((letter, coefficient), ...)`` and constant (see :mod:`symdl.read.linearsub`)."""

    text: str
    terms: tuple[tuple[str, int], ...] | None
    entry: tuple[str, str] | None = None
    nested: bool = False
    positions: tuple[tuple[str, str], ...] | None = None
    linear: tuple[tuple[tuple[tuple[str, int], ...], int], ...] | None = None


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
        d_of: for ``dW`` and ``\\Delta w``, the name it is the gradient or the change of (``W``, ``w``): shaped alike.
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


def mentions(ph: Placeholder, name: str, table: dict[int, Placeholder]) -> bool:
    """Does placeholder ``ph`` use the index ``name`` (in a subscript, a sample or layer superscript, or
    anywhere inside its sub-expressions)?  The index of a sum it contains that rebinds ``name`` does not count.

    Walks the placeholder graph with a work list (each placeholder once), so no nesting needs counting.
    """
    todo: list[Any] = list(ph.data.values())
    seen: set[int] = {ph.id}
    if _entry_index_is(ph, name):
        return True
    while todo:
        value = todo.pop()
        if isinstance(value, AtomSpec):
            if _atom_uses(value, name):
                return True
        elif isinstance(value, Parsed):
            for sym in value.expr.free_symbols:
                k = placeholder_id(sym)
                inner = table.get(k) if k is not None else None
                if inner is not None and inner.kind not in ("index", "length") and inner.id not in seen:
                    if _entry_index_is(inner, name):
                        return True
                    seen.add(inner.id)
                    todo.extend(inner.data.values())
        elif isinstance(value, (list, tuple)):
            todo.extend(value)
        elif isinstance(value, dict):
            todo.extend(value.values())
    return False


def _entry_index_is(ph: Placeholder, name: str) -> bool:
    """``(W\\mathbf{x})_j`` uses j: its subscript, read as an expression of its own, is that letter."""
    index = ph.data.get("index") if ph.kind == "group-entry" else None
    return isinstance(index, Parsed) and index.latex.strip("{} ") == name


def _atom_uses(atom: AtomSpec, name: str) -> bool:
    sub = atom.sub
    in_sub = sub is not None and (  # a wrapped word (N_{\mathrm{synth}}) is a label: its letters index nothing
        any(letter == name for letter, _ in sub.terms) if sub.terms is not None
        else not (sub.text.isalpha() and len(sub.text) > 1) and name in _index_words(sub.text)
    )
    sampled = atom.sample is not None and atom.sample.endswith(f"_{name}")  # J^{(j_k)}: example j_k uses k
    return in_sub or sampled or name in (atom.sample, atom.layer)


def _index_words(text: str) -> set[str]:
    """The index names in a subscript's text: ``i,j`` → {i, j}; ``ij`` → {i, j}; ``\\tau`` → {\\tau}."""
    words = set(re.findall(r"\\[A-Za-z]+|[A-Za-z]", text))
    return words | {w[1:] for w in words if w.startswith("\\")}
