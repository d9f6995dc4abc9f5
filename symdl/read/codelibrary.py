"""Code's library calls in formulas pasted from docstrings and notebooks (read by :mod:`symdl.read.codecalls`).

A known function under a library prefix, ``np.sqrt(x)``, ``torch.exp(x)``, ``F.softmax(x)``, ``tf.nn.softmax(x)``,
``tf.math.log(x)``, is that function (noted ``code-library``); ``torch.matmul(a, b)``, ``tf.matmul(a, b,
transpose_b=True)``, ``np.matmul``, ``torch.mm`` are the matrix product, a ``transpose_a``/``transpose_b`` keyword the
transpose of that factor; ``torch.pow(x, k)`` the power; ``np.outer(a, b)``, ``np.fmax``, ``np.log1p``, ``np.expm1`` the
math they compute (:data:`ELEMENTARY`); ``np.pi``, ``math.pi`` are π.  A normal draw
(``torch.randn_like(mu)``) is its sample, a name of its own (:mod:`symdl.read.codedraws`); any other library call
(``np.random.rand(n)``) is refused naming it.  ``dim=-1`` (or ``axis=-1``) in a softmax over a vector is its only
axis: dropped, noted ``code-softmax-axis``.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise
from typing import TYPE_CHECKING

from symdl.activations import READER_FUNCTIONS
from symdl.errors import NotSupported, Span
from symdl.functions import KNOWN_FUNCTIONS
from symdl.read.codedraws import DRAWS, random_draw
from symdl.read.codegelu import TANH_GELU, gelu_call
from symdl.read.codewhere import where_call
from symdl.read.constructs import split_top
from symdl.read.keywords import REDUCTIONS, keyword_of
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, is_group, plain_text, seq_span, strip_space

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader

#: the prefixes of numpy, PyTorch, TensorFlow, JAX, Keras and Python's math, and their submodules
LIBRARIES = {
    "np",
    "numpy",
    "torch",
    "th",  # Stable-Baselines3's import torch as th (th.log1p, th.sum(..., dim=1))
    "tf",
    "F",
    "jnp",
    "mx",  # Apple's MLX: mlx.core as mx (mx.cos, mx.sigmoid)
    "xp",  # Chainer's and thinc's array module, numpy or CuPy (self.xp.sqrt(v), ops.xp.tanh)
    "cp",  # CuPy
    "cupy",
    "mlx",
    "jax",
    "lax",
    "math",
    "fastmath",  # Trax's numpy-like module (fastmath.logsumexp)
    "nn",
    "functional",
    "keras",
    "K",
    "ops",
    "backend",
    "linalg",
    "special",
    "scipy",
    "activations",
    "random",
}
#: methods that change a tensor's layout or type, not its entries: on a vector (or of a copy) the value itself
LAYOUT_METHODS = frozenset({"flatten", "clone", "contiguous", "float", "double", "copy", "item"})  # .item(): the
# number a one-entry tensor holds (TorchKGE's self.gamma.item())
#: methods that add or drop an axis of length 1 (x.unsqueeze(1), x.squeeze(-1)): the entries, lined up to broadcast
AXIS_METHODS = frozenset({"unsqueeze", "squeeze"})
#: methods symdl reads on a value (symdl.read.codecalls): after a prefix that is also a value's name, a method
VALUE_METHODS = frozenset({"transpose", "swapaxes", "t", *LAYOUT_METHODS, *AXIS_METHODS})
#: the power's names in those libraries (torch.pow(x, 3.0), np.power(x, 2))
POWERS = {"pow", "power"}
#: the commands whose braced argument is a name or prose (``\\text{np.random.randn}``), left as written
TEXT_BOXES = (
    "\\text",
    "\\mathrm",
    "\\operatorname",
    "\\textrm",
    "\\texttt",
    "\\mathtt",
    "\\mbox",
    "\\textit",
    "\\mathit",
)
#: the matrix product's names in those libraries
MATMULS = {"matmul", "mm", "bmm", "mv"}  # torch.mv(weight_mat, v): a matrix times a vector
#: the dot product's names (np.dot of a matrix and a vector is their product, as \\cdot reads it)
DOTS = {"dot", "inner", "vdot"}
#: clipping to bounds: np.clip(x, lo, hi), torch.clamp(x, min=lo, max=hi), tf.clip_by_value(x, lo, hi)
CLAMPS = {"clip": ("a_min", "a_max"), "clamp": ("min", "max"), "clip_by_value": ("clip_value_min", "clip_value_max")}
#: numpy's and PyTorch's elementary functions spelt otherwise, one row each: the name → how many arguments it takes
#: and the math it computes (:func:`_elementary`; #1, #2 the arguments)
ELEMENTARY: dict[str, tuple[int, str]] = {
    "fmax": (2, "maximum(#1, #2)"),  # numpy's maximum that skips NaN: the same on numbers
    "fmin": (2, "minimum(#1, #2)"),
    "log1p": (1, "log(1 + #1)"),  # numpy's and PyTorch's log1p(x), exact for a small x
    "expm1": (1, "(exp(#1) - 1)"),
    "outer": (2, "(#1 #2^T)"),  # np.outer(a, b), torch.outer(a, b): the outer product a b^T (the softmax Jacobian's)
    "ger": (2, "(#1 #2^T)"),  # PyTorch's older name of outer
    "rsqrt": (1, "(1 / sqrt(#1))"),
    "log2": (1, "(log(#1) / log(2))"),  # math.log2(n), np.log2: the logarithm to base 2 (ALiBi's slopes)
    "log10": (1, "(log(#1) / log(10))"),  # torch.rsqrt(v + eps), jax.lax.rsqrt: the reciprocal square root
    "divide": (2, "(#1 / #2)"),  # Ng's dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL)): entry by entry
    "div": (2, "(#1 / #2)"),  # torch.div(w_avg[k], len(w)): FedAvg's mean of the clients' weights
    "true_divide": (2, "(#1 / #2)"),
    "mul": (2, "(#1 ⊙ #2)"),  # torch.mul(a, b): element by element
    "sub": (2, "(#1 - #2)"),
    "multiply": (2, "(#1 ⊙ #2)"),  # np.multiply(a, b), torch.mul: the element-wise product, its operands arrays
    "subtract": (2, "(#1 - #2)"),
    "add": (2, "(#1 + #2)"),
    "norm": (1, "‖#1‖"),  # np.linalg.norm(x), torch.norm(x): the Euclidean (a matrix's Frobenius) norm, numpy's default
}
#: calls read only under an array library's own prefix (``tf.transpose(x)``; ``activations.transpose()`` is a value's
#: method): the number of arguments and the math, as :data:`ELEMENTARY`'s rows
LIBRARY_ONLY: dict[str, tuple[int, str]] = {
    "transpose": (1, "(#1)^T"),  # tf.transpose(x), np.transpose(x): of one argument, the transpose
    "tensor": (1, "(#1)"),  # torch.tensor(2.0 / torch.pi): the value itself
    "asarray": (1, "(#1)"),
    "array": (1, "(#1)"),
}
#: the prefixes of array libraries themselves (not a module named like a value, Keras' activations)
ARRAY_LIBRARIES = frozenset({"np", "numpy", "torch", "th", "tf", "jnp"})
#: the rows of :data:`ELEMENTARY` whose arguments are vectors (numpy flattens them): each must be one name
VECTOR_ARGUMENTS = {"outer", "ger"}
#: what a library prefix may call: the known functions, the reductions, and these
CALLABLE = {*KNOWN_FUNCTIONS, *REDUCTIONS, *(name.lower() for name in READER_FUNCTIONS), "log_softmax", *POWERS}
#: methods read as the call of the same function on the value
UNARY_METHODS = {
    "exp",
    "log",
    "sqrt",
    "abs",
    "sigmoid",
    "tanh",
    "relu",
    "relu6",  # tinygrad's (x + 3).relu6()
    "softmax",
    "log_softmax",
    "square",
    "max",
    "min",
    "softplus",
    "gelu",
    "silu",
    "erf",
    "detach",  # PyTorch's x.detach(): the stop-gradient (symdl.activations)
}
#: functions whose ``dim=-1`` over a vector is their only axis
SOFTMAXES = {"softmax", "log_softmax"}


def name_at(nodes: list[Node], k: int) -> tuple[str, int] | None:
    """The identifier starting at ``nodes[k]`` (letters, digits and underscores written together, or the lexer's
    ``\\text{log\\_softmax}``) and the index after it; None when none starts there."""
    n = nodes[k] if k < len(nodes) else None
    if isinstance(n, Token) and n.is_cmd("\\text") and k + 1 < len(nodes) and is_group(nodes[k + 1], "brace"):
        word = plain_text(nodes[k + 1].children).replace("\\_", "_").replace(" ", "")  # type: ignore[union-attr]
        return (word, k + 2) if word.replace("_", "").isalnum() else None
    if not (isinstance(n, Token) and n.kind == "letter"):
        return None
    j, word = k, ""
    while (
        j < len(nodes)
        and isinstance(nodes[j], Token)
        and (nodes[j].kind in ("letter", "number") or nodes[j].is_op("_") or nodes[j].is_cmd("\\_"))
        and (  # type: ignore[union-attr]
            j == k or nodes[j].span.start == nodes[j - 1].span.end
        )
    ):
        word += "_" if nodes[j].text in ("_", "\\_") else nodes[j].text  # type: ignore[union-attr]
        j += 1
    return word, j


def dot_at(nodes: list[Node], k: int) -> bool:
    """Is ``nodes[k]`` a ``.`` written against what is on both its sides?"""
    n = nodes[k] if k < len(nodes) else None
    return (
        isinstance(n, Token)
        and n.is_op(".")
        and 0 < k < len(nodes) - 1
        and nodes[k - 1].span.end == n.span.start
        and nodes[k + 1].span.start == n.span.end
    )


def joined(before: Node, node: Node) -> bool:
    """Is ``before`` a letter, digit or underscore of an identifier written against ``node``?"""
    return (
        isinstance(before, Token)
        and before.span.end == node.span.start
        and (before.kind in ("letter", "number") or before.is_op("_"))
    )


def _fancy_rows(nodes: list[Node], j: int) -> bool:
    """Is ``nodes[j]`` a parenthesis followed by ``, y`` and nothing else (the inside of a fancy index's brackets)?"""
    rest = [n for n in nodes[j + 1 :] if not (isinstance(n, Token) and n.kind == "space")]
    return (is_group(nodes[j] if j < len(nodes) else None, "paren") and len(rest) == 2
            and isinstance(rest[0], Token) and rest[0].is_op(",") and isinstance(rest[1], Token)
            and rest[1].kind == "letter")


def library_call(reader: ExprReader, nodes: list[Node], k: int) -> tuple[list[Node], int] | None:
    """``np.sqrt(...)`` at ``k``: the call without its prefix and the index after it; None when no library's prefix
    starts at ``k``."""
    if k > 0 and (dot_at(nodes, k - 1) or joined(nodes[k - 1], nodes[k])):  # a method's name, not a prefix; the
        return None  # end of a longer identifier (Trax's fastmath.logsumexp is no math.)
    first = name_at(nodes, k)
    if first is None or first[0] not in LIBRARIES or not dot_at(nodes, first[1]):
        return None
    path, j = [first[0]], first[1]
    while dot_at(nodes, j) and (part := name_at(nodes, j + 1)) is not None:
        path.append(part[0])
        name_k, j = j + 1, part[1]
        if part[0] not in LIBRARIES:
            break
    name, span = path[-1], Span(nodes[k].span.start, nodes[j - 1].span.end)
    if name == "pi" and not (j < len(nodes) and is_group(nodes[j], "paren")):
        reader.add_note("code-library", span, {"name": ".".join(path), "function": "\\pi"})
        return [Token("cmd", "\\pi", span)], j
    group = nodes[j] if j < len(nodes) else None
    if len(path) == 2 and len(path[0]) == 1 and not (is_group(group, "paren") and name.lower() in CALLABLE | MATMULS):
        return None  # K.t(), F.T: a one-letter prefix calling no known function is a value's method (K the keys)
    if name == "arange" and _fancy_rows(nodes, j):  # cs231n's dscores[np.arange(N), y]: as range(N, y), read
        return list(nodes[name_k : j + 1]), j + 1  # by symdl.read.bracketindex (code-fancy-index)
    if name in DRAWS and isinstance(group, Group) and group.kind == "paren":  # torch.randn_like(mu): a draw
        return random_draw(reader, path, group, span), j + 1
    if name == "where" and isinstance(group, Group) and group.kind == "paren":  # torch.where(cond, a, b): cases
        return where_call(reader, path, group, span), j + 1
    if name == "logsumexp" and is_group(group, "paren"):  # jax.nn.logsumexp(x, axis=-1): log of the sum of exp
        reader.add_note("code-library", span, {"name": ".".join(path), "function": _shown(name)})
        return _logsumexp(reader, group, span), j + 1
    if (len(path) == 2 and name in LIBRARY_ONLY and path[0] in ARRAY_LIBRARIES and is_group(group, "paren")
            and len(split_top(group.children, ",")) == LIBRARY_ONLY[name][0]):  # type: ignore[union-attr]
        reader.add_note("code-library", span, {"name": ".".join(path), "function": _shown(name)})
        return _template(LIBRARY_ONLY[name][1], [wrapped(strip_space(group.children), group.span)],  # type: ignore[union-attr]
                         group.span), j + 1  # tf.transpose(features): the transpose; torch.tensor(2.0 / pi): the value
    if len(path) == 2 and name in VALUE_METHODS and name.lower() not in CALLABLE:
        return None  # Nielsen's activations.transpose(): a value's method, though Keras has a module of that name
    if not (is_group(group, "paren") and name.lower() in CALLABLE | MATMULS | DOTS | set(CLAMPS) | set(ELEMENTARY)):
        raise reader.error(
            NotSupported,
            f"code's library call '{'.'.join(path)}'",
            span,
            "symdl reads a known function under a library prefix (np.sqrt, torch.exp, F.softmax, "
            "tf.matmul); write the math the call computes",
        )
    assert isinstance(group, Group)
    if name == "gelu" and (gelu := gelu_call(reader, path, group, span)) is not None:  # jax.nn.gelu: tanh by default
        arg, tanh = gelu
        argument = wrapped(arg, seq_span(arg, group.span))
        return (_template(TANH_GELU, [argument], group.span) if tanh
                else [*_letters("gelu", span), Group(arg, group.span, "paren")]), j + 1
    reader.add_note("code-library", span, {"name": ".".join(path), "function": _shown(name)})
    if name in MATMULS:
        return _matmul(reader, group, name), j + 1
    if name in DOTS:
        return dot_product(reader, group, name), j + 1
    if name in CLAMPS:
        return _clamp(reader, group, name), j + 1
    if name in ELEMENTARY:
        return _elementary(reader, group, name), j + 1
    if name in POWERS and len(args := split_top(group.children, ",")) == 2 and keyword_of(args[1]) is None:
        base, exponent = strip_space(args[0]), strip_space(args[1])  # torch.pow(x, 3.0): x^{3.0}
        return [
            *wrapped(base, seq_span(base, group.span)),
            Token("op", "^", group.span),
            Group(exponent, seq_span(exponent, group.span), "brace"),
        ], j + 1
    if name.lower() in REDUCTIONS:  # np.mean(x), torch.sum(x, dim=-1): as x.mean(), x.sum(dim=-1)
        reader.method_calls.add(group.span.start)
    return named_call(
        name, Span(nodes[name_k].span.start, nodes[j - 1].span.end), softmax_axis(reader, name, group)
    ), j + 1


def _logsumexp(reader: ExprReader, group: Group, span: Span) -> list[Node]:
    """``logsumexp(x, axis=-1)`` as ``log(sum(exp(x), axis=-1))``: the sum a reduction over the axis written (noted
    ``code-reduction``), as numpy's ``np.log(np.sum(np.exp(x), axis=-1))`` reads (the MoE router's z-loss)."""
    parts = split_top(group.children, ",")
    argument = Group(parts[0], seq_span(strip_space(parts[0]), group.span), "paren")
    rest: list[Node] = [n for part in parts[1:] for n in (Token("op", ",", group.span), *part)]
    summed = Group([*_letters("exp", span), argument, *rest], group.span, "paren")
    reader.method_calls.add(group.span.start)  # the sum's parenthesis: a reduction (symdl.read.keywords)
    return [*_letters("log", span), Group([*_letters("sum", span), summed], Span(span.start, group.span.end), "paren")]


def named_call(name: str, span: Span, call: Group) -> list[Node]:
    """The call of ``name`` on the parenthesis ``call``, its name spelt as letters (``\\_`` joining words) at
    ``span``; ``log_softmax`` as PyTorch defines it, the log of the softmax (entry by entry)."""
    if name.lower() == "log_softmax":
        inner = Group([*_letters("softmax", span), call], Span(span.start, call.span.end), "paren")
        return [*_letters("log", span), inner]
    return [*_letters(name, span), call]


def _letters(word: str, span: Span) -> list[Node]:
    """``word`` as letter tokens at ``span``; a word with an underscore (TeX's ``\\_``) or a digit (``relu6``) inside
    ``\\text{...}``, one name (its letters share one span, so nothing else tells they touch)."""
    letters: list[Node] = [
        Token("cmd", "\\_", span) if c == "_" else Token("number" if c.isdigit() else "letter", c, span) for c in word
    ]
    if "_" not in word and word.isalpha():
        return letters
    return [Token("cmd", "\\text", span), Group(letters, span, "brace")]  # log_softmax, relu6: one name


def _matmul(reader: ExprReader, group: Group, name: str) -> list[Node]:
    """``matmul(a, b, transpose_b=True)``: the product of the factors, each in parentheses, the transposed ones
    with ``^T``."""
    parts = split_top(group.children, ",")
    factors = [p for p in parts if keyword_of(p) is None]
    flags: dict[str, bool] = {}
    for part in parts:
        kw = keyword_of(part)
        if kw is None:
            continue
        word, value = kw
        text = plain_text(value).strip()
        if word not in ("transpose_a", "transpose_b", "adjoint_a", "adjoint_b") or text not in ("True", "False"):
            raise reader.error(
                NotSupported,
                f"the keyword argument {word}={text} of {name}",
                seq_span(strip_space(part), group.span),
                "symdl reads transpose_a=True and transpose_b=True in a matrix product",
            )
        flags[word[-1]] = text == "True"
    if len(factors) != 2:
        raise reader.error(
            NotSupported,
            f"{name} of {len(factors)} factors",
            group.span,
            "a matrix product takes two factors: matmul(a, b)",
        )
    out: list[Node] = []
    for factor, side in zip(factors, "ab", strict=True):
        sp = seq_span(strip_space(factor), group.span)
        made = wrapped(strip_space(factor), sp)
        if side == "b" and is_group(made[0], "paren") and not is_group(out[0], "paren"):
            out[:-1] = [Group(out[:-1], seq_span(out[:-1], sp), "paren")]  # (Q) (K + B): a product, not a call Q(...)
        out += [*made, Token("space", " ", sp)]
        if flags.get(side):
            out[-1:-1] = [Token("op", "^", Span(sp.end, sp.end)), Token("letter", "T", Span(sp.end, sp.end))]
    return out


def _star_as_odot(part: list[Node]) -> list[Node]:
    """``part`` with each top-level ``*`` between two names as ``\\odot``: numpy's ``*`` multiplies arrays entry by
    entry, and inside a dot's operand (d2l's GRU ``np.dot(R * H, W_hh)``) it must stay that operand's own product,
    not join the matrix product around it."""
    out = list(part)
    for k in range(1, len(out) - 1):
        n = out[k]
        if isinstance(n, Token) and n.is_op("*"):
            before = next((m for m in reversed(out[:k]) if not (isinstance(m, Token) and m.kind == "space")), None)
            after = next((m for m in out[k + 1 :] if not (isinstance(m, Token) and m.kind == "space")), None)
            if all(isinstance(m, Token) and m.kind == "letter" for m in (before, after)):
                out[k] = Token("cmd", "\\odot", n.span)
    return out


def dot_product(reader: ExprReader, group: Group, name: str) -> list[Node]:
    """``np.dot(w, x)``: the inner product ``\\langle w, x \\rangle`` of two vectors; ``np.dot(W, x)``, a capital first,
    the product of a matrix and a vector."""
    parts = [strip_space(p) for p in split_top(group.children, ",")]
    if len(parts) != 2 or any(keyword_of(p) is not None or not p for p in parts):
        raise reader.error(NotSupported, f"{name} of other than two factors", group.span,
                           "a dot product takes two factors: np.dot(w, x)")
    declared = plain_text(parts[0]).strip() in reader.matrix_letters  # --shape w=4x3: a matrix, as declared
    first_capital = _matrix_factor(parts[0][:1]) and not _prefix_at(parts[0], 0)  # F.relu(e): a module, no matrix
    if declared or first_capital or (name == "dot" and any(_matrix_factor(p) for p in parts)):
        a, b = (p if len(p) == 1 else wrapped(_star_as_odot(p), seq_span(p, group.span)) for p in parts)
        if len(a) > 1 or is_group(b[0], "paren"):  # np.dot(Wxh, xs[t]) (Karpathy's min-char-rnn): (Wxh)(xs[t]), a
            # product, not a call Wxh(...); Nielsen's np.dot(delta, a.transpose()): (delta)(a^T), not delta(...)
            a = [Group(a, seq_span(a, group.span), "paren")]
        return [Group([*a, Token("space", " ", group.span), *b], group.span, "paren")]
    reader.add_note("code-dot-vectors", group.span,
                    {"a": plain_text(parts[0]).strip(), "b": plain_text(parts[1]).strip()})
    return [Group([*parts[0], Token("op", ",", group.span), *parts[1]], group.span, "angle")]  # <w, x>


#: words that name a layer's weight matrix in code (Flax's and Keras' kernel, PyTorch's weight)
_WEIGHT_WORDS = ("kernel", "weight")


def _matrix_factor(part: list[Node]) -> bool:
    """Does a capital letter stand in ``part`` outside its groups (``W``, ``dZ1``, cs231n's ``X.T``, CLIP's ``T_e``),
    or code's ``.T``, the transpose: an array of two axes, whose numpy dot is the matrix product, not ``<a, b>``?"""
    letters = [n for k, n in enumerate(part) if isinstance(n, Token) and n.kind == "letter" and not _prefix_at(part, k)]
    word = "".join(t.text for t in letters).lower()
    if any(w in word for w in _WEIGHT_WORDS) and len(word) > 3:  # Flax's jnp.dot(x, kernel): the layer's weights
        return True
    if any(dot_at(part, k) and (named := name_at(part, k + 1)) is not None and named[0] in ("t", "transpose")
           for k in range(len(part))):
        return True  # Nielsen's np.dot(delta, activations.transpose()): an outer product
    return any(t.text.isupper() for t in letters) or any(  # .T, or np.transpose(w) already read as (w)^T
        isinstance(a, Token) and a.is_op(".", "^") and b.text == "T" for a, b in pairwise(part) if isinstance(b, Token))


def _prefix_at(part: list[Node], k: int) -> bool:
    """Is the letter at ``part[k]`` a one-letter library prefix, ``F`` of ``F.relu(e)`` or ``K`` of ``K.exp(x)``
    (a module, not a capital matrix)?"""
    n = part[k]
    return (isinstance(n, Token) and n.text in LIBRARIES and k + 2 < len(part) and dot_at(part, k + 1)
            and not (k and isinstance(part[k - 1], Token) and part[k - 1].kind == "letter"))


def _clamp(reader: ExprReader, group: Group, name: str) -> list[Node]:
    """``torch.clamp(x, min=0)``, ``np.clip(x, lo, hi)``: ``\\max(\\min(x, hi), lo)`` with the bounds given."""
    parts = [strip_space(p) for p in split_top(group.children, ",")]
    if len(parts) > 1 and not parts[-1]:
        parts = parts[:-1]  # CleanRL's torch.clamp(x, -c, c,): Python's trailing comma
    words = CLAMPS[name]
    bounds: dict[str, list[Node]] = {}
    for at, part in enumerate(parts[1:]):
        kw = keyword_of(part)
        word = kw[0] if kw is not None else (words[at] if at < 2 else "")
        if word not in words or word in bounds:
            raise reader.error(NotSupported, f"the argument {plain_text(part).strip()} of {name}",
                               seq_span(part, group.span), f"symdl reads {name}(x, {words[0]}, {words[1]})")
        bounds[word] = kw[1] if kw is not None else part
    if not parts or not parts[0] or not bounds:
        raise reader.error(NotSupported, f"{name} without bounds", group.span, f"write {name}(x, lo, hi)")
    value = wrapped(parts[0], seq_span(parts[0], group.span))
    for word, op in ((words[1], "\\min"), (words[0], "\\max")):
        if word in bounds:
            bound = bounds[word]
            value = [Token("cmd", op, group.span), Group([*value, Token("op", ",", group.span), *bound], group.span,
                                                         "paren")]
    return value


def wrapped(value: list[Node], span: Span) -> list[Node]:
    """``value`` as one operand: itself when it is one already (a name written together, ``\\text{...}``, a group),
    else in parentheses."""
    head = value[:-2] if len(value) > 2 and isinstance(value[-2], Token) and value[-2].is_op("^") else value
    alone = (
        len(head) == 1
        or (len(head) == 2 and isinstance(head[0], Token) and head[0].kind == "cmd")
        or (all(joined(a, b) for a, b in pairwise(head)) and all(isinstance(v, Token) for v in head))
    )  # K, K_t, \text{key}, K^{T}
    return value if alone else [Group(value, span, "paren")]


def softmax_axis(reader: ExprReader, name: str, group: Group) -> Group:
    """``softmax(x, dim=-1)``: the call without the axis, the last (for a vector, the only) one, noted; other
    calls unchanged."""
    if name.lower() not in SOFTMAXES:
        return group
    parts = split_top(group.children, ",")
    if len(parts) != 2:
        return group
    kw = keyword_of(parts[1])
    value = kw[1] if kw is not None and kw[0] in ("dim", "axis") else strip_space(parts[1])
    axis = plain_text(value).replace(" ", "")
    if axis not in ("-1", "1"):
        return group
    rule = "code-softmax-axis" if axis == "-1" else "code-softmax-class-axis"  # dim=1 of a (batch, classes) array
    reader.add_note(rule, seq_span(strip_space(parts[1]), group.span), {"name": name})
    return replace(group, children=strip_space(parts[0]))


def _elementary(reader: ExprReader, group: Group, name: str) -> list[Node]:
    """``np.log1p(x)``, ``np.outer(a, b)``: the math :data:`ELEMENTARY` says the call computes, its arguments each
    one operand (:func:`wrapped`); an outer product's arguments each one name (a difference would be read as a
    number)."""
    count, template = ELEMENTARY[name]
    parts = [strip_space(p) for p in split_top(group.children, ",")]
    if len(parts) != count or any(not p or keyword_of(p) is not None for p in parts):
        raise reader.error(NotSupported, f"{name} of other than {count} argument{'s' * (count > 1)}", group.span,
                           f"write {name} as numpy does: {template.replace('#1', 'x').replace('#2', 'y')}")
    args = [wrapped(p, seq_span(p, group.span)) for p in parts]
    if name in VECTOR_ARGUMENTS and (bad := next((p for p, a in zip(parts, args, strict=True) if a is not p), None)):
        raise reader.error(NotSupported, f"{name} of a value that is no one name", seq_span(bad, group.span),
                           "symdl reads a value written out as a number, not the vector numpy's outer flattens it "
                           "to: name it first (d = p - y), then np.outer(d, x)")
    return _template(template, args, group.span)


def _template(template: str, args: list[list[Node]], span: Span) -> list[Node]:
    """The nodes of a :data:`ELEMENTARY` row's ``template`` (words, digits, ``+ - ^ ,``, spaces, parentheses, a
    norm's bars ``‖``, π, the entry-wise product ``⊙``),
    ``#k`` the k-th argument's nodes; what stands before the arguments is made at ``span`` (the call), what follows
    one at its end (so ``s^T`` spans the ``s`` written)."""
    stack: list[list[Node]] = [[]]
    at, k = span, 0
    while k < len(template):
        c = template[k]
        if c == "#":
            arg = args[int(template[k + 1]) - 1]
            stack[-1].extend(arg)
            at = Span(seq_span(arg, span).end, seq_span(arg, span).end)
            k += 2
            continue
        if c == "(":
            stack.append([])
        elif c == ")":
            inner = stack.pop()
            stack[-1].append(Group(inner, span, "paren"))
        elif c == "‖":
            stack[-1].append(Token("cmd", "\\|", at))  # a norm's bar
        elif c == "π":
            stack[-1].append(Token("cmd", "\\pi", at))  # the number π
        elif c == "⊙":
            stack[-1].append(Token("cmd", "\\odot", at))  # numpy's multiply: entry by entry, its operands arrays
        elif c.isdigit():  # a number of several digits, maybe with a point (0.044715)
            end = k
            while end < len(template) and (template[end].isdigit() or template[end] == "."):
                end += 1
            stack[-1].append(Token("number", template[k:end], at))
            k = end
            continue
        elif c.isalpha():
            stack[-1].append(Token("letter", c, at))
        else:
            stack[-1].append(Token("space" if c == " " else "op", c, at))
        k += 1
    return stack[0]


def _shown(name: str) -> str:
    """How a note names the function a library call is read as."""
    if name in ELEMENTARY:
        return ELEMENTARY[name][1].replace("#1", "x").replace("#2", "y")
    return "the matrix product" if name in MATMULS else "the power" if name in POWERS else name
