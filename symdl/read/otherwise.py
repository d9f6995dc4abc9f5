r"""A case split written in words outside ``cases``: the DL4J docs' ``f(x) = x for x > theta``, ``f(x) = 0 otherwise``.

The lines define one function twice, the second for every other input; read as two plain statements, the condition
was set aside and ``0 otherwise`` read as 0 times a name "otherwise", silently.  A statement that ends with the word
*otherwise* outside a ``cases`` environment is refused by name, with the ``cases`` form to write instead.
"""

from __future__ import annotations

import re

from symdl.errors import NotSupported
from symdl.read.syntax import Node, plain_text, seq_span, strip_space

_OTHERWISE = re.compile(r"(?:^|[^A-Za-z])(?:\\text\s*\{\s*)?otherwise\s*\}?\s*[.,;]?\s*$")


def refuse_word_cases(part: list[Node], source: str) -> None:
    """Refuse a statement ending with *otherwise* (see the module)."""
    nodes = strip_space(part)
    if not nodes or not _OTHERWISE.search(plain_text(nodes)):
        return
    span = seq_span(nodes, nodes[0].span)
    raise NotSupported(
        "a case split written in words (... otherwise) outside \\begin{cases}: the lines define one value for some "
        "inputs and another for the rest", source=source, span=span,
        hint="write the cases: f(x) = \\begin{cases} x & x > \\theta \\\\ 0 & \\text{otherwise} \\end{cases}")
