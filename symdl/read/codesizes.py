"""Code's sizes in formulas pasted from the PyTorch docs: ``x.size(0)``, ``x.size()``, ``x.nelement()``,
``x.numel()``, ``x.shape[0]``, ``len(x)`` are the number of entries of ``x``, the length its family already has (the
docs' ``loss(x, y) = sum_i(max(0, 1 - (x[y[j]] - x[i]))) / x.size(0)``).

Each is rewritten into the ``\\text{x.size}(0)`` the TeX of the same docs writes, which
:func:`symdl.read.constructs.atom_or_word` reads as a length placeholder, noted ``code-size`` (of a matrix, the
number of rows or of all entries would differ).  Only a one-letter value is sized; ``x.size(-1)`` (the last axis of a
batch) and sizes of other values stay refused by name.
"""

from __future__ import annotations

from itertools import pairwise

from symdl.errors import Span
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, is_group, plain_text

#: the methods that count a tensor's entries (along axis 0 with the argument 0)
SIZE_METHODS = {"size", "nelement", "nElement", "numel"}


def name_tokens(value: list[Node]) -> list[Token] | None:
    """The tokens of the one name ``value`` is, if it is one: a letter, or code's identifier written together
    (``batch_y``, ``X_train``, ``h1``: letters, digits and underscores after a letter)."""
    tokens = [t for t in value if isinstance(t, Token)]
    if len(tokens) != len(value) or not tokens or tokens[0].kind != "letter":
        return None
    if any(a.span.end != b.span.start for a, b in pairwise(tokens)):
        return None
    word = all(t.kind in ("letter", "number") or t.is_op("_") or t.is_cmd("\\_") for t in tokens)
    return tokens if word and not (tokens[-1].is_op("_") or tokens[-1].is_cmd("\\_")) else None


def size_nodes(name: list[Token], span: Span) -> list[Node]:
    """``\\text{x.size}(0)`` for the name ``x`` (its tokens), every node spanning ``span`` (the code as written)."""
    spelt = [Token("op", "_", span) if t.is_cmd("\\_") else Token(t.kind, t.text, span) for t in name]
    word = [*spelt, Token("op", ".", span), *(Token("letter", c, span) for c in "size")]
    zero = Group([Token("number", "0", span)], span, "paren")
    return [Token("cmd", "\\text", span), Group(word, span, "brace"), zero]


def size_method(value: list[Node], name: str, args: Node | None, span: Span) -> list[Node] | None:
    """``x.size(0)`` (``name`` the method, ``args`` the group after it: a paren, or the bracket of ``.shape[0]``) as
    the length of x's family; None when it is no size of one letter."""
    tokens = name_tokens(value)
    inside = "".join(plain_text(args.children).split()) if isinstance(args, Group) else None
    if tokens is None or inside is None:
        return None
    counts = name in SIZE_METHODS and is_group(args, "paren") and inside in ("", "0")
    first_axis = name == "shape" and is_group(args, "bracket") and inside == "0"
    return size_nodes(tokens, span) if counts or first_axis else None


def word_call(nodes: list[Node], k: int, word: str) -> Group | None:
    """The parenthesis of code's call of ``word`` spelt by the letters at ``k`` (``len(x)``, ``float(x)``): the
    letters written together and the parenthesis against them; None otherwise."""
    n = len(word)
    if k + n >= len(nodes):
        return None
    letters = nodes[k : k + n]
    if "".join(t.text for t in letters if isinstance(t, Token) and t.kind == "letter") != word:
        return None
    if any(a.span.end != b.span.start for a, b in pairwise(letters)):
        return None
    call = nodes[k + n]
    return call if is_group(call, "paren") and call.span.start == letters[-1].span.end else None  # type: ignore[return-value]


def len_call(nodes: list[Node], k: int) -> tuple[list[Node], int] | None:
    """Python's ``len(x)`` at ``k`` (x one name) as the length of x's family, and the index after it."""
    if k and isinstance(nodes[k - 1], Token) and nodes[k - 1].kind == "letter":  # type: ignore[union-attr]
        return None
    call = word_call(nodes, k, "len")
    if call is None:
        return None
    name = name_tokens([c for c in call.children if not (isinstance(c, Token) and c.kind == "space")])
    if name is None:
        return None
    return size_nodes(name, Span(nodes[k].span.start, call.span.end)), k + 4
