"""Code-style keyword arguments in library docs: the Keras losses' ``mean(square(y_true - y_pred), axis=-1)``.

``axis=-1`` (or ``dim=-1``, PyTorch's spelling) in a call of ``mean`` or ``sum`` is the reduction over the last axis
of the argument: for a vector argument, over its entries (``keepdims=True`` beside it keeps the reduced axis of length
1: the same values).  The call is read as the mean (the sum) of the entries of
its argument, the names inside it arrays of values (noted ``keyword-axis``).  Any other keyword argument is refused
by name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from symdl.errors import NotSupported, Span
from symdl.read.lexer import Token
from symdl.read.syntax import AtomSpec, Group, Node, is_group, plain_text, seq_span, strip_space

if TYPE_CHECKING:
    from symdl.read.expr import Emitter, ExprReader

#: reductions whose last axis a keyword names → the statistic read
REDUCTIONS = {"mean": "mean", "sum": "sum", "reduce_mean": "mean", "reduce_sum": "sum", "std": "std",
              "var": "variance"}
AXIS_WORDS = ("axis", "dim", "reduction_indices")  # (TensorFlow 1's name of the axis)


def keyword_of(part: list[Node]) -> tuple[str, list[Node]] | None:
    """``axis=-1`` → ("axis", the nodes of -1); None when ``part`` is no keyword argument.  The word may be wrapped
    (the Keras docs as typeset, ``\\text{axis}=-1``) and the sign braced (CLIP's ``\\text{axis}{=}0``)."""
    nodes = strip_space(part)
    if (len(nodes) > 1 and isinstance(nodes[0], Token) and nodes[0].is_cmd(*_WRAPPERS) and is_group(nodes[1], "brace")
            and all(isinstance(n, Token) and n.kind in ("letter", "space") for n in nodes[1].children)):  # type: ignore[union-attr]
        nodes = [n for n in nodes[1].children if n.kind == "letter"] + nodes[2:]  # type: ignore[union-attr]
    k, word = 0, ""
    while k < len(nodes) and isinstance(nodes[k], Token) and (
            nodes[k].kind == "letter" or (word and (nodes[k].is_op("_") or nodes[k].text == "\\_"))):
        word, k = word + ("_" if nodes[k].text in ("_", "\\_") else nodes[k].text), k + 1
    while k < len(nodes) and isinstance(nodes[k], Token) and nodes[k].kind == "space" and word in _SPACED:
        k += 1  # axis = 0, as code style allows (h_j = 1 in P(h_j = 1 | v) is an event, no keyword)
    if k < len(nodes) and is_group(nodes[k], "brace") and len(nodes[k].children) == 1:  # type: ignore[union-attr]
        nodes = [*nodes[:k], nodes[k].children[0], *nodes[k + 1 :]]  # type: ignore[union-attr]  # axis{=}0
    if not word or k >= len(nodes) or not (isinstance(nodes[k], Token) and nodes[k].is_op("=")):
        return None
    return word, strip_space(nodes[k + 1 :])


#: the keywords that may stand apart from their = (numpy's np.sum(x, axis = 0))
_SPACED = ("axis", "dim", "keepdims", "keepdim")

#: the wrappers a keyword may be typeset in
_WRAPPERS = ("\\text", "\\textrm", "\\mathrm", "\\texttt", "\\mathtt")


def keyword_call(reader: ExprReader, name: str, group: Group, start: int, em: Emitter) -> bool:
    """Read ``name(arg, axis=-1)`` as a reduction over the argument's entries and emit it; False when the call has
    no keyword argument.  ``start``: where the call's name starts in the source."""
    from symdl.read.constructs import split_top

    parts = split_top(group.children, ",")
    keywords = [(part, kw) for part in parts if (kw := keyword_of(part)) is not None]
    if not keywords:
        return False
    span = Span(start, group.span.end)
    positional = [part for part in parts if keyword_of(part) is None]
    last_axis = [(part, word) for part, (word, value) in keywords
                 if word in AXIS_WORDS and "".join(n.text for n in value if isinstance(n, Token)) == "-1"]
    kept = [(part, word) for part, (word, value) in keywords  # keepdims=True beside axis=-1: the same values
            if word in ("keepdims", "keepdim") and "".join(n.text for n in value if isinstance(n, Token)) == "True"]
    odd = [(part, word) for part, (word, _) in keywords if (part, word) not in last_axis + kept]
    if odd or len(last_axis) != 1 or name.lower() not in REDUCTIONS or len(positional) != 1:
        part, word = (odd or [(keywords[0][0], keywords[0][1][0])])[0]
        value = plain_text(keyword_of(part)[1]).replace(" ", "")  # type: ignore[index]
        raise reader.error(NotSupported, f"the keyword argument {word}= in a call of {name} ({word}={value})",
                           seq_span(strip_space(part), group.span),
                           "symdl reads axis=-1 (or dim=-1) in mean, sum, std and var of one argument: the "
                           "reduction over the argument's entries; write other reductions as sums")
    inner = reader.read(positional[0], seq_span(positional[0], group.span))
    what = REDUCTIONS[name.lower()]
    kept_text = "; keepdims=True keeps the reduced axis, of length 1: the same values" if kept else ""
    reader.add_note("keyword-axis", span, {"name": name, "keyword": last_axis[0][1], "spread": _spread(what),
                                           "kept": kept_text})
    ph = reader.new("expect", span, inner=inner, statistic=what, over="", under="", axis=True, last=True)
    em.placeholder(ph.id, span)
    return True


def axis_call(reader: ExprReader, callee: AtomSpec, group: Group, start: int, em: Emitter) -> bool:
    """The Annotated Transformer's LayerNorm ``\\mathrm{mean}(x, -1)``, ``\\operatorname{std}_{-1}(x)`` (code's
    ``x.mean(-1)``, ``x.std(-1)``): a reduction (mean, sum, std, var) whose last argument or subscript is the axis
    ``-1``, read as the reduction over the last axis of its one other argument, as ``axis=-1`` is (noted
    ``axis-argument``); False for any other call."""
    from symdl.read.constructs import split_top

    what = REDUCTIONS.get(callee.base.replace("\\", "").lower()) if callee.word and not callee.primes else None
    parts = split_top(group.children, ",")
    sub = callee.sub.text.replace(" ", "") if callee.sub is not None else None
    minus_one = ["".join(n.text for n in strip_space(p) if isinstance(n, Token)) == "-1" for p in parts]
    if what is None or (sub, len(parts)) not in (("-1", 1), (None, 2)) or (sub is None and not minus_one[1]):
        return False
    if any(keyword_of(p) is not None for p in parts):
        return False
    span = Span(start, group.span.end)
    inner = reader.read(parts[0], seq_span(parts[0], group.span))
    reader.add_note("axis-argument", span, {"name": callee.base, "spread": _spread(what)})
    ph = reader.new("expect", span, inner=inner, statistic=what, over="", under="", axis=True, last=True)
    em.placeholder(ph.id, span)
    return True


#: how a note says what an explicit axis 0 (the batch's) or another axis reduces, the value read as a vector
_AXIS_VECTOR = (
    "axis {axis} of the value, read as a vector along that axis (for a (batch, classes) array, axis 1 is one "
    "example's row of scores): its entries; every other row is reduced the same way",
    "axis 0 of the value, the batch axis of a (batch, features) array as cs231n's code lays it out: the value is read "
    "as one column, one feature over the examples, and reduced over its entries; every column is reduced the same "
    "way",
)


def one_axis(reader: ExprReader, name: str, axis: str, span: Span) -> None:
    """Refuse an axis that is no single integer (a tuple of axes, a name)."""
    if not axis.lstrip("-").isdigit():
        raise reader.error(NotSupported, f"code's .{name}() over the axes {axis}", span,
                           "symdl's arrays are vectors: it reads a reduction over all the entries, or over one axis "
                           "(the entries of the vector along it); write the sum over an index")


def axis_used(reader: ExprReader, axis: str, span: Span) -> None:
    """Record a reduction over ``axis``; refuse a second, different axis in the same text: symdl's arrays are
    vectors, so ``x.sum(axis=0)`` beside ``x.sum(axis=1)`` cannot both be its entries (cs231n's code reduces a
    (batch, classes) array over the classes in the loss and over the batch in the bias gradient)."""
    for other, where in reader.reduction_axes.items():
        if other != axis:
            line = reader.source.count("\n", 0, where) + 1
            column = where - reader.source.rfind("\n", 0, where)
            raise reader.error(NotSupported, f"a reduction over axis {axis} where line {line}, column {column} "
                               f"reduces over axis {other}", span,
                               "symdl's arrays are vectors, one axis each: reductions over two axes need a matrix; "
                               "write each as a sum over an index: \\sum_i x_{ij}, \\sum_j x_{ij}")
    reader.reduction_axes.setdefault(axis, span.start)


def _spread(what: str) -> str:
    """What a note adds about a spread: the std and var divide by the count n (PyTorch's torch.std and torch.var
    divide by n - 1 unless told unbiased=False)."""
    if what not in ("std", "variance"):
        return ""
    return ("; the spread is the mean squared deviation from the mean, divided by n (numpy's default; PyTorch's "
            "torch.std and torch.var divide by n - 1 unless unbiased=False)")


#: keyword arguments of .var()/.std() that ask for the biased estimator (dividing by n), symdl's own: PyTorch's
#: unbiased=False (LayerNorm written in code: x.var(-1, keepdim=True, unbiased=False)) and correction=0, numpy's ddof=0
BIASED_KEYWORDS = frozenset({("unbiased", "False"), ("correction", "0"), ("ddof", "0")})

#: keyword arguments that keep the reduced axis with size 1: the shape changes, not the values
LAYOUT_KEYWORDS = ("keepdim", "keepdims")


def method_reduction(reader: ExprReader, name: str, group: Group, em: Emitter) -> bool:
    """A reduction method rewritten as a call by :mod:`symdl.read.codecalls` (``x.mean()``, ``(a * b).sum(-1)``,
    ``x.sum(dim=-1, keepdim=True)``): over all the entries without an axis, over the last axis with ``-1``, noted
    (``code-reduction``); another axis is refused naming it.  False for any other call."""
    from symdl.read.constructs import split_top

    if group.span.start not in reader.method_calls or name.lower() not in REDUCTIONS:
        return False
    parts = split_top(group.children, ",")
    axis: str | None = None
    kept = ""
    for part in parts[1:]:
        kw = keyword_of(part)
        word, value = kw if kw is not None else ("axis", strip_space(part))
        text = plain_text(value).replace(" ", "")
        if word in LAYOUT_KEYWORDS and text in ("True", "False"):
            kept = f"; {word}={text} keeps the reduced axis with size 1, the shape and not the values"
        elif (word, text) in BIASED_KEYWORDS and name.lower() in ("var", "std"):
            kept += f"; {word}={text}: the biased estimator, dividing by n, as symdl's variance does"
        elif word in AXIS_WORDS and axis is None:
            axis = text
        else:
            raise reader.error(NotSupported, f"the keyword argument {word}={text} of .{name}()",
                               seq_span(strip_space(part), group.span),
                               "symdl reads the axis (dim=-1, axis=-1) and keepdim=True of a reduction method")
    if axis not in (None, "-1"):
        one_axis(reader, name, axis, group.span)
    inner = reader.read(parts[0], seq_span(parts[0], group.span))
    over = "all the entries of the value (numpy's and PyTorch's default without an axis)" if axis is None else (
        "the last axis of the value (-1; for a vector, its entries)" if axis == "-1" else _AXIS_VECTOR[axis == "0"]
        .format(axis=axis))
    if axis is not None:
        axis_used(reader, axis, group.span)
    reader.add_note("code-reduction", group.span, {"name": name, "over": over + kept, "spread": _spread(
        REDUCTIONS[name.lower()])})
    ph = reader.new("expect", group.span, inner=inner, statistic=REDUCTIONS[name.lower()], over="", under="",
                    axis=True, whole=axis is None, last=axis is not None, axis_text=axis)
    em.placeholder(ph.id, group.span)
    return True
