"""Python function definitions pasted as a formula: ``def name(args):`` and its indented body.

Library docs write a formula as a Python function (the Keras docs' CosineDecay: ``def decayed_learning_rate(step):``
then ``step = min(step, decay_steps)``, ``cosine_decay = ...``, ``return initial_learning_rate * decayed``), and people
paste a PyTorch module's ``forward`` (Llama:
``def forward(self, x): return self.w2(F.silu(self.w1(x)) * self.w3(x))``).

The header ``def name(args):`` followed by lines that are the function's body is the definition of the function
``name(args)`` whose value is the returned expression: the ``return`` line becomes the statement
``name(args) = expr`` and the lines before it the statements of a system before it, run in the order written, as
Python runs them (noted ``code-def``).  ``self`` among the arguments is the module, not an input: it is dropped
(``self.`` before a name is dropped by :mod:`symdl.read.pasted`, ``code-self``).  A name called through ``self.``
(``self.w1(x)``) is a layer of the module, read as an unknown function of its argument (noted ``code-layer``): which
layer it is (``nn.Linear``, an MLP) the code pasted does not say.  A line that assigns an argument again
(``step = min(step, decay_steps)``) is an update of the argument: later lines use the new value (noted
``code-rebind``).  The header is only read with a ``return`` line ending the body; other definitions are left as
written (and refused where they were).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from symdl.errors import Span
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, is_group, letter_run, plain_text

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader


def _skip(nodes: list[Node], k: int, kinds: tuple[str, ...] = ("space",)) -> int:
    while k < len(nodes) and isinstance(nodes[k], Token) and nodes[k].kind in kinds:  # type: ignore[union-attr]
        k += 1
    return k


def _name_end(nodes: list[Node], k: int) -> int:
    """The end of a Python identifier (letters, digits, ``_``, written together) starting at ``nodes[k]``."""
    j = k
    while j < len(nodes) and (j == k or nodes[j].span.start == nodes[j - 1].span.end):
        n = nodes[j]
        if isinstance(n, Token) and (n.kind in ("letter", "number") or n.is_op("_")):
            j += 1
        elif j > k and is_group(n, "brace") and isinstance(nodes[j - 1], Token) and nodes[j - 1].is_op("_"):
            j += 1  # d_out, braced by plain text's subscript rule (d_{out}): still one identifier
        else:
            break
    return j if j > k and isinstance(nodes[k], Token) and nodes[k].kind == "letter" else k  # type: ignore[union-attr]


def _header(nodes: list[Node]) -> tuple[int, int, Group, int] | None:
    """``def name(args):`` then a line break at the start of ``nodes``: (where the name starts, where it ends, its
    parenthesis, where the body starts), or None."""
    k = _skip(nodes, 0, ("space", "newline"))
    end, word = letter_run(nodes, k)
    if word != "def" or not (end < len(nodes) and isinstance(nodes[end], Token) and nodes[end].kind == "space"):
        return None
    start = _skip(nodes, end)
    boxed = (start + 1 < len(nodes) and isinstance(nodes[start], Token) and nodes[start].is_cmd("\\text")
             and is_group(nodes[start + 1], "brace"))  # def tanh_backward(...): the code pass's \text{tanh_backward}
    stop = start + 2 if boxed else _name_end(nodes, start)
    paren = nodes[stop] if stop < len(nodes) else None
    if stop == start or not (isinstance(paren, Group) and paren.kind == "paren"):
        return None
    colon = _skip(nodes, stop + 1)
    if not (colon < len(nodes) and isinstance(nodes[colon], Token) and nodes[colon].is_op(":")):  # type: ignore[union-attr]
        return None
    body = _skip(nodes, colon + 1)
    if not (body < len(nodes) and isinstance(nodes[body], Token) and nodes[body].kind == "newline"):  # type: ignore[union-attr]
        return None
    return start, stop, paren, body + 1


def _arguments(paren: Group) -> list[list[Node]] | None:
    """The arguments of the header's parenthesis, each a plain name (``self`` dropped); None for anything else (a
    default value, ``*args``, an annotation): not a list of inputs symdl reads."""
    args: list[list[Node]] = [[]]
    for n in paren.children:
        if isinstance(n, Token) and n.is_op(","):
            args.append([])
        elif not (isinstance(n, Token) and n.kind == "space"):
            args[-1].append(n)
    out = []
    for arg in args:
        if not arg or _name_end(arg, 0) != len(arg):
            return None
        if "".join(n.text for n in arg if isinstance(n, Token)) != "self":
            out.append(arg)
    return out or None


def _return_at(nodes: list[Node]) -> int | None:
    """Where the body's last line, ``return expr``, starts (its word at the start of a line); None when the body ends
    otherwise."""
    for k in range(len(nodes) - 1, -1, -1):
        end, word = letter_run(nodes, k)
        before = _skip_back(nodes, k - 1)
        if word == "return" and end < len(nodes) and isinstance(nodes[end], Token) and nodes[end].kind == "space" \
                and (before < 0 or (isinstance(nodes[before], Token) and nodes[before].kind == "newline")):
            rest = [n for n in nodes[end:] if isinstance(n, Token) and n.kind == "newline"]
            return k if not rest or all(_blank_after(nodes, n) for n in rest) else None
    return None


def _skip_back(nodes: list[Node], k: int) -> int:
    while k >= 0 and isinstance(nodes[k], Token) and nodes[k].kind == "space":  # type: ignore[union-attr]
        k -= 1
    return k


def _blank_after(nodes: list[Node], newline: Token) -> bool:
    """Is there nothing but spaces and line breaks after ``newline``?"""
    at = next(k for k, n in enumerate(nodes) if n is newline)
    return all(isinstance(n, Token) and n.kind in ("space", "newline") for n in nodes[at:])


def python_defs(reader: ExprReader, nodes: list[Node]) -> list[Node]:
    """``nodes`` with a Python ``def name(args):`` header and its body read as the body's statements, then
    ``name(args) = expr`` for its ``return expr``, noted; other formulas unchanged."""
    if "\\" in reader.source:
        return nodes
    found = _header(nodes)
    if found is None:  # a pasted forward line, return self.w2(F.silu(self.w1(x)) * self.w3(x)): layers all the same
        _note_layers(reader, Span(0, len(reader.source)))
        return nodes
    start, stop, paren, at = found
    args = _arguments(paren)
    body = nodes[at:]
    ret = _return_at(body)
    if args is None or ret is None or any(letter_run(ln, _skip(ln, 0))[1] in _BLOCKS for ln in _lines(body)):
        return nodes  # a body with its own blocks (if:, for:): its lines are not statements run in order
    params: list[Node] = []
    for arg in args:
        params += [*([Token("op", ",", arg[0].span), Token("space", " ", arg[0].span)] if params else []), *arg]
    colon = nodes[_skip(nodes, stop + 1)]
    name = _plain(nodes[start:stop])
    head = Span(nodes[_skip(nodes, 0, ("space", "newline"))].span.start, colon.span.end)
    reader.add_note("code-def", head, {"name": name, "args": ", ".join(_plain(a) for a in args)})
    _note_rebinds(reader, body[:ret], {_plain(a) for a in args})
    _note_layers(reader, Span(body[0].span.start, body[-1].span.end))
    word_end = ret + 6
    lhs = [*nodes[start:stop], Group(params, paren.span, "paren")]
    value = [*lhs, Token("space", " ", colon.span), Token("op", "=", colon.span), *body[word_end:]]
    return [*body[:ret], *value]


def _plain(nodes: list[Node]) -> str:
    """The identifier ``nodes`` spell (``d_out`` with its plain-text braces, ``\\text{tanh\\_backward}``'s word)."""
    text = plain_text([n for n in nodes if not (isinstance(n, Token) and n.is_cmd("\\text"))])
    return text.replace("\\_", "_").replace("{", "").replace("}", "")


def _lines(nodes: list[Node]) -> list[list[Node]]:
    out: list[list[Node]] = [[]]
    for n in nodes:
        if isinstance(n, Token) and n.kind == "newline":
            out.append([])
        else:
            out[-1].append(n)
    return out


def _note_rebinds(reader: ExprReader, body: list[Node], args: set[str]) -> None:
    """A body line ``arg = ...`` that assigns an argument again (the Keras docs' ``step = min(step, decay_steps)``):
    an update of the argument, noted."""
    for line in _lines(body):
        k = _skip(line, 0)
        end = _name_end(line, k)
        eq = _skip(line, end)
        if end > k and _plain(line[k:end]) in args and eq < len(line) and isinstance(line[eq], Token) \
                and line[eq].is_op("=") and not (eq + 1 < len(line) and line[eq + 1].is_op("=")):  # type: ignore[union-attr]
            reader.add_note("code-rebind", Span(line[k].span.start, line[eq].span.end), {"name": _plain(line[k:end])})


#: the words that open a block of their own in a body
_BLOCKS = {"if", "elif", "else", "for", "while", "with", "try", "def"}

#: a call of a module's layer, ``self.w1(x)`` (``self.`` itself is dropped by symdl.read.pasted, noted ``code-self``)
_LAYER = re.compile(r"(?<![\w.])self\.([A-Za-z]\w*)\(")


def _note_layers(reader: ExprReader, span: Span) -> None:
    """``self.name(...)`` in the body: a call of the module's layer ``name``, an unknown function of its argument;
    its name is made a function, so that ``self.w2(F.silu(...) * ...)`` is a call, not a product, noted."""
    for m in _LAYER.finditer(reader.source, span.start, span.end):
        layer = m.group(1)
        reader.function_names |= {layer, layer.rstrip("0123456789_")}
        reader.add_note("code-layer", Span(m.start(), m.end(1)), {"name": layer})
