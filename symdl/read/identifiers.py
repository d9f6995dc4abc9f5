"""Names written as code writes them, read as one name: identifiers with digits inside (Trask's ``relu2deriv``,
``conv2d``; noted ``code-identifier``) and words joined by TeX's space (a blog's ``Output\\ context``; noted
``text-words``)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from symdl.errors import Span
from symdl.functions import KNOWN_FUNCTIONS
from symdl.read.lexer import Token
from symdl.read.syntax import Node, is_group

if TYPE_CHECKING:
    from symdl.read.emit import Emitter
    from symdl.read.expr import ExprReader


def spaced_words_end(nodes: list[Node], i: int, j: int) -> int | None:
    """The end of words joined by TeX's space (``Output\\ context``, ``learning\\ rate``): runs of two letters or
    more, no known function's name, with one ``\\ `` between each pair and nothing else; else None.  They
    are one name, as ``\\text{Output context}`` is (noted ``text-words``), never a product of two words."""
    end, k = None, j
    run = "".join(n.text for n in nodes[i:j])  # type: ignore[union-attr]
    if j - i < 2 or run.lower() in KNOWN_FUNCTIONS:
        return None
    while k + 1 < len(nodes) and isinstance(nodes[k], Token) and nodes[k].is_cmd("\\ "):
        m = k + 1
        while m < len(nodes) and isinstance(nodes[m], Token) and nodes[m].kind == "letter" \
                and nodes[m].span.start == nodes[m - 1].span.end:
            m += 1
        word = "".join(n.text for n in nodes[k + 1:m])  # type: ignore[union-attr]
        if m - k - 1 < 2 or word.lower() in KNOWN_FUNCTIONS:
            break
        end = k = m
    return end


def identifier_end(nodes: list[Node], i: int, j: int) -> int | None:
    """The end of a code identifier with digits inside (Trask's ``relu2deriv``, ``conv2d``, ``layer2out``; thinc's
    constant ``SQRT2PI``, Transformer Engine's ``FP8_MAX``): two letters or more of one case at ``nodes[i:j]``, then
    digits, then letters of that case (capitals also after an underscore), all touching; else None."""
    if j - i < 2 or j + 1 >= len(nodes):
        return None
    case = str.islower if all(n.text.islower() for n in nodes[i:j]) else (  # type: ignore[union-attr]
        str.isupper if all(n.text.isupper() for n in nodes[i:j]) else None)  # type: ignore[union-attr]
    num, after = nodes[j], nodes[j + 1]
    joined = (case is str.isupper and isinstance(after, Token) and after.is_op("_") and j + 2 < len(nodes)
              and isinstance(nodes[j + 2], Token) and nodes[j + 2].kind == "letter" and nodes[j + 2].text.isupper()
              and nodes[j + 2].span.start == after.span.end)  # Transformer Engine's FP8_MAX: a constant's name
    if not (case is not None and isinstance(num, Token) and num.kind == "number" and num.text.isdigit()
            and isinstance(after, Token) and (joined or (after.kind == "letter" and case(after.text)))
            and nodes[j - 1].span.end == num.span.start and num.span.end == after.span.start):
        return None
    end = j + 1
    while end < len(nodes) and isinstance(nodes[end], Token) and nodes[end].span.start == nodes[end - 1].span.end \
            and (nodes[end].kind == "letter" or (joined and nodes[end].is_op("_"))):  # type: ignore[union-attr]
        end += 1
    return end


def read_identifier(reader: ExprReader, nodes: list[Node], i: int, end: int, em: Emitter, bold: bool) -> int:
    """A code identifier with digits inside (``relu2deriv``): one name, or the function it names when a
    parenthesis follows; noted ``code-identifier``."""
    from symdl.read import constructs, words  # they read names with this module

    name = "".join(n.text for n in nodes[i:end])  # type: ignore[union-attr]
    span = Span(nodes[i].span.start, nodes[end - 1].span.end)
    parts = re.fullmatch(r"([A-Za-z]+)(\d+)(.*)", name)
    reader.add_note("code-identifier", span, {"run": name, "product": "·".join(parts.groups()) if parts else name},
                    once_for=name)
    nxt = next((k for k in range(end, len(nodes)) if not (isinstance(nodes[k], Token) and nodes[k].kind == "space")),
               None)
    if nxt is not None and is_group(nodes[nxt], "paren"):
        return constructs.word_call(reader, nodes, i, end, name, em)
    return words.as_one_name(reader, nodes, i, end, em, bold)
