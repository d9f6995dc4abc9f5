"""GELU as the libraries define it: ``jax.nn.gelu(x)`` is the tanh approximation unless ``approximate=False`` (JAX's
and Flax's default), ``F.gelu(x, approximate='tanh')`` (PyTorch) is the approximation, PyTorch's default the exact
``x Φ(x)``.  A call with the approximation is read as its formula ``0.5 x (1 + \\tanh(\\sqrt{2/\\pi}(x + 0.044715
x^3)))``, noted ``code-gelu-approximate`` (symdl's GELU is the exact one)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from symdl.errors import NotSupported, Span
from symdl.read.constructs import split_top
from symdl.read.keywords import keyword_of
from symdl.read.syntax import Group, Node, plain_text, strip_space

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader

#: the libraries whose gelu defaults to the tanh approximation
_APPROXIMATE_BY_DEFAULT = frozenset({"jax", "jnp", "flax"})
#: what the keyword approximate= may say: the approximation, or the exact GELU
_TANH = {"True", "'tanh'", '"tanh"'}
_EXACT = {"False", "'none'", '"none"'}
#: the approximation's formula, #1 the argument (symdl.read.codelibrary's template)
TANH_GELU = "(0.5 #1 (1 + tanh(sqrt(2 / π) (#1 + 0.044715 #1^3))))"


def gelu_call(reader: ExprReader, path: list[str], group: Group, span: Span) -> tuple[list[Node], bool] | None:
    """The argument of ``gelu(...)`` and whether it is the tanh approximation, by the keyword or the library's
    default; None for a call of no keyword that is the exact GELU (read as before)."""
    parts = split_top(group.children, ",")
    keywords = [(p, kw) for p in parts if (kw := keyword_of(p)) is not None]
    positional = [strip_space(p) for p in parts if keyword_of(p) is None]
    default = bool(set(path) & _APPROXIMATE_BY_DEFAULT)
    if not keywords and not default:
        return None
    tanh = default
    for _, (word, value) in keywords:
        text = plain_text(value).replace(" ", "")
        if word != "approximate" or text not in _TANH | _EXACT:
            raise reader.error(NotSupported, f"the keyword argument {word}={text} of gelu", span,
                               "symdl reads gelu's approximate=True/'tanh' (the tanh approximation) and "
                               "approximate=False/'none' (the exact GELU)")
        tanh = text in _TANH
    if len(positional) != 1:
        raise reader.error(NotSupported, "gelu of other than one argument", group.span, "write gelu(x)")
    reader.add_note("code-gelu-approximate" if tanh else "code-gelu-exact", span,
                    {"name": ".".join(path), "default": " (the library's default)" if not keywords else ""})
    return positional[0], tanh
