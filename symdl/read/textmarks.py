r"""A factorial typeset inside a wrapped name: the PyTorch docs' PoissonNLLLoss ``\log(\text{target!})``.

``\text{target!}`` is the factorial of the name ``target``, as ``\text{target}!`` is (the Stirling term of the
Poisson log-likelihood); the ``!`` is moved after the wrapper, so the name is read as the other names of the
formula and its factorial by the gamma function.  Before, ``target!`` was refused as a name with punctuation.
"""

from __future__ import annotations

from dataclasses import replace

from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, is_group, strip_space

#: the wrappers of a name
_WRAPPERS = ("\\text", "\\textrm", "\\mathrm", "\\textit", "\\mathit", "\\operatorname")


def factorials_out(nodes: list[Node]) -> list[Node]:
    """``nodes`` with ``\\text{word!}`` written as ``\\text{word}!``, in groups too."""
    out: list[Node] = []
    for k, n in enumerate(nodes):
        if isinstance(n, Group):
            inner = strip_space(n.children)
            wrapped = k > 0 and isinstance(nodes[k - 1], Token) and nodes[k - 1].is_cmd(*_WRAPPERS)  # type: ignore[union-attr]
            if wrapped and is_group(n, "brace") and _word_then_bang(inner):
                out.extend([Group(inner[:-1], n.span, n.kind, n.open, n.close), inner[-1]])
                continue
            n = replace(n, children=factorials_out(n.children))
        out.append(n)
    return out


def _word_then_bang(inner: list[Node]) -> bool:
    """Letters then ``!``: ``target!``."""
    return (
        len(inner) >= 2
        and isinstance(inner[-1], Token)
        and inner[-1].is_op("!")
        and all(isinstance(t, Token) and t.kind == "letter" for t in inner[:-1])
    )
