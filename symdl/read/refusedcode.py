"""Code symdl refuses by name, not to misread it.

A function transform's value applied at once, as JAX, Autograd and the Keras docs write it: ``gradient(f)(W0)``,
``grad(loss)(w)``, ``jax.vmap(f)(x)``.  The first call makes a function, the second applies it; read as a product it
was the transform of f times W0, silently; symdl reads a gradient written as math.  And a statement of C code, a type
before a name or in parentheses (llama.cpp's ``const float scale = 1.0f/sqrtf(...)``): it was const·float·scale."""

from __future__ import annotations

import re

from symdl.errors import NotSupported, Span
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, is_group, seq_span

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


#: C's and C++'s type names a declaration or a cast starts with (ggml's, llama.cpp's kernels)
_C_TYPES = r"(?:const\s+)?(?:float|double|int|long|unsigned|auto|size_t|int64_t|int32_t|ggml_float|half|bool)"
_C_DECLARATION = re.compile(rf"^\s*({_C_TYPES}\s+[A-Za-z_]\w*)\s*=")
_C_CAST = re.compile(rf"(\(\s*{_C_TYPES}\s*\))\s*[(A-Za-z0-9]")


def refuse_c_code(part: list[Node], source: str) -> None:
    """Refuse a statement of C code (llama.cpp's ``const float scale = 1.0f/sqrtf(mean + eps);``, a cast
    ``(ggml_float)(x[i] * x[i])``): a type before a name or in parentheses is no factor (it was ``const·float·scale``,
    silently).

    Raises:
        NotSupported: naming the declaration or the cast.
    """
    span = seq_span(part, Span(0, len(source)))
    text = source[span.start : span.end]
    m = _C_DECLARATION.match(text) or _C_CAST.search(text)
    if m is None:
        return
    at = Span(span.start + m.start(1), span.start + m.end(1))
    raise NotSupported(
        f"C code: a type written before a name or in parentheses ({source[at.start : at.end].strip()}) declares or "
        "casts, it is no factor; symdl reads the math, not C", source=source, span=at,
        hint="write the statement without its types and casts: scale = 1 / \\sqrt{mean + eps}")
