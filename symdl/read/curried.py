"""A function transform's value applied at once, as JAX, Autograd and the Keras docs write it: ``gradient(f)(W0)``,
``grad(loss)(w)``, ``jax.vmap(f)(x)``.  The first call makes a function, the second applies it; read as a product
it was the transform of f times W0, silently.  Refused by name: symdl reads a gradient written as math."""

from __future__ import annotations

from symdl.errors import NotSupported
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, is_group

#: transforms of a function into a function (JAX, Autograd, the Keras and Flux docs)
TRANSFORMS = frozenset({"grad", "gradient", "jacobian", "jacfwd", "jacrev", "hessian", "vmap", "jit", "value_and_grad",
                        "vjp", "jvp", "pmap"})


def _word_before(nodes: list[Node], k: int) -> str:
    """The run of letters (and code's underscores) that touches ``nodes[k]`` from the left."""
    letters: list[str] = []
    j = k - 1
    while j >= 0 and isinstance(nodes[j], Token) and (nodes[j].kind == "letter" or nodes[j].is_op("_")) \
            and nodes[j].span.end == nodes[j + 1].span.start:
        letters.append("_" if nodes[j].is_op("_") else nodes[j].text)  # type: ignore[union-attr]
        j -= 1
    return "".join(reversed(letters))


def refuse_curried_calls(nodes: list[Node], source: str) -> None:
    """Refuse a transform's call followed at once by another parenthesis (see the module), inside groups too.

    Raises:
        NotSupported: naming the transform and how to write the gradient.
    """
    for k, n in enumerate(nodes):
        if isinstance(n, Group):
            refuse_curried_calls(n.children, source)
        nxt = nodes[k + 1] if k + 1 < len(nodes) else None
        if not (is_group(n, "paren") and is_group(nxt, "paren") and nxt.span.start == n.span.end):  # type: ignore[union-attr]
            continue
        word = _word_before(nodes, k)
        if word.lower() in TRANSFORMS:
            raise NotSupported(
                f"the function {word}(...) makes, applied at once ({source[n.span.start - len(word) : nxt.span.end]}"  # type: ignore[union-attr]
                "): a transform of a function, as JAX and the Keras docs write it, is not read",
                source=source, span=nxt.span,  # type: ignore[union-attr]
                hint="write the gradient as math: \\nabla f(W_0), or \\frac{\\partial f}{\\partial W}(W_0)")
