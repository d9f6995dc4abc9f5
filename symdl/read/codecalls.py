"""Code's calls in formulas pasted from docstrings and notebooks: library prefixes and methods.

* A known function under a library prefix, ``np.sqrt(x)``, ``torch.exp(x)``, ``F.softmax(x)``, ``tf.nn.softmax(x)``,
  ``tf.math.log(x)``, is that function (noted ``code-library``); ``torch.matmul(a, b)``, ``tf.matmul(a, b,
  transpose_b=True)``, ``np.matmul``, ``torch.mm`` are the matrix product, a ``transpose_a``/``transpose_b`` keyword
  the transpose of that factor; ``np.pi``, ``math.pi`` are π.  A normal draw (``torch.randn_like(mu)``) is its
  sample, a name of its own (``code-random-draw``); any other library call (``np.random.rand(n)``) is refused naming it.
* A method after a value, ``x.mean()``, ``(a * b).sum(-1)``, ``logits.log_softmax()``, ``x.exp()``, ``w.t()``, is
  the function of that value (noted ``code-method``): the reductions ``mean``, ``sum``, ``std``, ``var`` without an
  axis over all the entries (numpy's and PyTorch's default), with the axis ``-1`` (``dim=-1``, ``axis=-1``) over the
  last axis (for symdl's vectors, their entries; :func:`symdl.read.keywords.method_reduction`); ``max``, ``min``
  and the entry-wise functions (``exp``, ``log``, ``sqrt``, ``abs``, ``sigmoid``, ``tanh``, ``relu``,
  ``softmax``, ``log_softmax``, ``square``) as their calls; ``.t()`` the transpose, ``.pow(k)`` the power;
  ``.transpose(-2, -1)`` (attention code's ``q @ key.transpose(-2, -1)``) swaps the last two axes, a matrix's
  transpose (noted ``code-transpose-axes``: a batch's leading axes are not symdl's).  Any
  other method (``x.nelement()``, ``x.view(-1)``) is refused naming it.
* ``dim=-1`` (or ``axis=-1``) in a softmax over a vector is its only axis: dropped, noted ``code-softmax-axis``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from symdl.errors import NotSupported, Span
from symdl.read.codearith import METHODS as ARITH_METHODS
from symdl.read.codearith import arith_method
from symdl.read.codelibrary import (
    AXIS_METHODS,
    CLAMPS,
    LAYOUT_METHODS,
    REDUCTIONS,
    SOFTMAXES,
    TEXT_BOXES,
    UNARY_METHODS,
    _clamp,
    dot_at,
    dot_product,
    joined,
    library_call,
    name_at,
    named_call,
    softmax_axis,
    wrapped,
)
from symdl.read.codesizes import SIZE_METHODS, len_call, name_tokens, size_method, word_call
from symdl.read.constructs import split_top
from symdl.read.keywords import keyword_of
from symdl.read.lexer import Token
from symdl.read.nodefields import FIELDS
from symdl.read.syntax import Group, Node, is_group, plain_text, seq_span, strip_space

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader


#: methods that take the entry-wise max or min of the value and their argument: tinygrad's x.maximum(0), PyTorch's
#: x.clamp_min(eps) (smp's Dice denominator), x.clamp_max(c)
_PAIRWISE = {"maximum": "\\max", "minimum": "\\min", "clamp_min": "\\max", "clamp_max": "\\min"}


def code_calls(reader: ExprReader, nodes: list[Node], made: dict[int, int] | None = None) -> list[Node]:
    """Library prefixes dropped from the calls they qualify, methods as calls of their values (in groups too).
    ``made``: the calls made of methods (by ``id``) → how many nodes their name takes before them."""
    made = {} if made is None else made
    out: list[Node] = []
    k = 0
    while k < len(nodes):
        n = nodes[k]
        if isinstance(n, Group):
            boxed = n.kind == "brace" and bool(out) and isinstance(out[-1], Token) and out[-1].is_cmd(*TEXT_BOXES)
            out.append(n if boxed else replace(n, children=code_calls(reader, n.children, made)))  # \text{np.pi}
            k += 1
            continue
        if (sized := len_call(nodes, k)) is not None:  # Python's len(x): the length of x's family (code-size)
            made_len, k = sized
            out.extend(made_len)
            continue
        if (cast := _float_cast(reader, nodes, k)) is not None:  # torch.nn.init's float(fan_in + fan_out): the value
            group, k = cast
            out.append(replace(group, children=code_calls(reader, group.children, made)))
            continue
        if (bare := _bare_dot(reader, nodes, k)) is not None:  # the Keras docs' activation(dot(input, kernel) + bias)
            out.extend(code_calls(reader, bare, made))
            k += 4
            continue
        lib = library_call(reader, nodes, k)
        if lib is not None:
            call, k = lib
            new = code_calls(reader, call, made)
            out.extend(new)
            if new and isinstance(new[-1], Group):  # np.exp(z).sum(): the whole call is the method's value
                made[id(new[-1])] = len(new) - 1
            continue
        if dot_at(nodes, k) and out and (field := name_at(nodes, k + 1)) is not None and field[0] == "data" \
                and dot_at(nodes, field[1]):  # a mean teacher's ema_param.data.mul_(alpha): the value's method
            reader.add_note("code-node-field", Span(nodes[k].span.start, nodes[field[1] - 1].span.end),
                            {"plain": "data", "what": FIELDS["data"]})
            k = field[1]
            continue
        if dot_at(nodes, k) and out and (method := _method(reader, out, nodes, k, made)) is not None:
            k = method
            continue
        out.append(n)
        k += 1
    return out


def _bare_dot(reader: ExprReader, nodes: list[Node], k: int) -> list[Node] | None:
    """The Keras docs' ``dot(input, kernel)`` with no library prefix, in a formula written as code: numpy's
    ``np.dot`` (noted ``code-library``), else None."""
    from symdl.read.words import code_formula  # words reads atoms, which read this module's calls

    if k + 3 >= len(nodes) or "".join(getattr(n, "text", "") for n in nodes[k : k + 3]) != "dot" or not is_group(
            nodes[k + 3], "paren") or not all(isinstance(n, Token) and n.kind == "letter" for n in nodes[k : k + 3]):
        return None
    before = nodes[k - 1] if k else None
    if (isinstance(before, Token) and (before.kind in ("letter", "number") or before.text in (".", "\\"))) or (
            len(split_top(nodes[k + 3].children, ",")) != 2 or not code_formula(reader.source)):  # type: ignore[union-attr]
        return None
    span = Span(nodes[k].span.start, nodes[k + 3].span.end)
    reader.add_note("code-library", span, {"name": "dot", "function": "dot"})
    return dot_product(reader, nodes[k + 3], "dot")  # type: ignore[arg-type]


def _receiver(out: list[Node], made: dict[int, int]) -> int:
    """Where the value a method is called on starts at the end of ``out``: a group with the call's name or the
    name before it, an identifier, a command's name (``\\text{logits}``, ``\\alpha``)."""
    k = len(out) - 1
    last = out[k]
    if isinstance(last, Group):
        if last.kind == "brace" and k > 0 and isinstance(out[k - 1], Token) and out[k - 1].kind == "cmd":  # type: ignore[union-attr]
            return k - 1
        if id(last) in made:  # x.sum(-1).mean(): the call made of the first method is the value
            return k - made[id(last)]
        j = k
        while j > 0 and joined(out[j - 1], out[j]):
            j -= 1  # abs(a - a.mean()): the call is the value
        if (
            j == k
            and j > 1
            and is_group(out[j - 1], "brace")
            and isinstance(out[j - 2], Token)
            and out[j - 2].is_cmd("\\text")
        ):  # type: ignore[union-attr]
            j -= 2  # the lexer's \text{log\_softmax}(x)
        return j
    if last.kind == "cmd":
        return k
    if (last.kind == "letter" and last.text == "T" and k > 1 and isinstance(dot := out[k - 1], Token)
            and dot.is_op(".") and dot.span.end == last.span.start):  # cs231n's X.T.dot(dh1): X's transpose
        start = _receiver(out[: k - 1], made)
        return start if start < k - 1 else len(out)
    while k > 0 and joined(out[k - 1], out[k]):
        k -= 1
    return k if last.kind in ("letter", "number") else len(out)


def _method(reader: ExprReader, out: list[Node], nodes: list[Node], k: int, made: dict[int, int]) -> int | None:
    """The method called at the ``.`` at ``k`` on the value ending ``out``, rewritten into ``out`` as a call;
    the index after it.  None for numpy's ``.T`` (:mod:`symdl.read.matmulop`) and what is no method call."""
    named = name_at(nodes, k + 1)
    if named is None:
        return None
    name, j = named
    group = nodes[j] if j < len(nodes) else None
    if _last_axis(reader, out, made, name, group, nodes[k].span):  # attention code's k.size(-1): the head's width
        return j + 1
    if _sized(out, made, name, group):  # the PyTorch docs' x.size(0), x.nelement(), x.shape[0] (code-size)
        return j + 1
    if (isinstance(group, Group) and group.kind == "brace" and name.endswith("_")
            and reader.source[group.span.start : group.span.start + 1] == "("):
        group = replace(group, kind="paren")  # an in-place method's x.mul_(beta): its _( was read as a subscript
    if not is_group(group, "paren"):
        return None
    assert isinstance(group, Group)
    start = _receiver(out, made)
    if start == len(out):
        return None
    value = out[start:]
    span = Span(min(v.span.start for v in value), group.span.end)
    text = reader.source[nodes[k].span.start : group.span.end]
    del out[start:]
    receiver = Group(value, seq_span(value, span), "paren")
    if name in ARITH_METHODS and name not in UNARY_METHODS:  # Adam's exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)
        made_arith = arith_method(reader, name, value, group, span, text)
        out.append(made_arith)
        made[id(made_arith)] = 0
        return j + 1
    if name in REDUCTIONS:
        call = Group(
            [receiver, *([Token("op", ",", nodes[k].span), *group.children] if group.children else [])], span, "paren"
        )
        reader.method_calls.add(span.start)
        out += [*nodes[k + 1 : j], call]
        made[id(call)] = j - k - 1
        return j + 1
    args = split_top(group.children, ",") if strip_space(group.children) else []
    if name in UNARY_METHODS and (not args or name in SOFTMAXES):
        reader.add_note("code-method", Span(nodes[k].span.start, group.span.end), {"method": text, "name": name})
        call = softmax_axis(
            reader,
            name,
            Group([receiver, *([Token("op", ",", nodes[k].span), *group.children] if args else [])], span, "paren"),
        )
        if len(split_top(call.children, ",")) > 1:
            raise reader.error(
                NotSupported,
                f"code's method {text} with an argument",
                group.span,
                f"symdl reads .{name}() and .{name}(dim=-1)",
            )
        made_call = named_call(name, Span(nodes[k + 1].span.start, nodes[j - 1].span.end), call)
        out += made_call
        made[id(made_call[-1])] = len(made_call) - 1
        return j + 1
    if name in CLAMPS and args:  # TD3's (noise * scale).clamp(-c, c): np.clip of the value, min then max
        reader.add_note("code-method", Span(nodes[k].span.start, group.span.end), {"method": text, "name": name})
        out += _clamp(reader, Group([*value, Token("op", ",", nodes[k].span), *group.children], span, "paren"), name)
        return j + 1
    if name in _PAIRWISE and len(args) == 1 and keyword_of(args[0]) is None:  # tinygrad's x.maximum(0)
        reader.add_note("code-method", Span(nodes[k].span.start, group.span.end), {"method": text, "name": name})
        pair = Group([*value, Token("op", ",", nodes[k].span), *strip_space(args[0])], span, "paren")
        out += [Token("cmd", _PAIRWISE[name],
                      Span(nodes[k + 1].span.start, nodes[j - 1].span.end)), pair]
        made[id(pair)] = 1
        return j + 1
    if name in ("dot", "matmul", "mm") and len(args) == 1:  # cs231n's X.dot(W), GPTQ's inp.matmul(inp.t())
        reader.add_note("code-method", Span(nodes[k].span.start, group.span.end), {"method": text, "name": name})
        pair = Group([*value, Token("op", ",", nodes[k].span), *strip_space(args[0])], span, "paren")
        out += dot_product(reader, pair, "dot")
        return j + 1
    if (name in LAYOUT_METHODS and not args) or (name in AXIS_METHODS and len(args) <= 1 and all(
            re.fullmatch(r"-?\d", plain_text(a).strip()) for a in args)):  # DiT's scale.unsqueeze(1): broadcast
        reader.add_note("code-layout-method", Span(nodes[k].span.start, group.span.end), {"method": text})
        out.append(receiver)
        made[id(receiver)] = 0
        return j + 1
    if name in ("transpose", "swapaxes") and _two_axes(args):  # numpy-ml's dScores.swapaxes(-2, -1) too
        reader.add_note("code-transpose-axes", Span(nodes[k].span.start, group.span.end), {"method": text})
        name, args = "t", []  # attention code's key.transpose(-2, -1): the last two axes swapped, a matrix's transpose
    if name in ("t", "pow") and len(args) == (name == "pow"):
        reader.add_note("code-method", Span(nodes[k].span.start, group.span.end), {"method": text, "name": name})
        power = [Token("letter", "T", group.span)] if name == "t" else strip_space(args[0])
        made_power = [*wrapped(value, receiver.span), Token("op", "^", nodes[k].span),
                      Group(power, group.span, "brace")]
        if dot_at(nodes, j + 1):  # LLaMA's x.pow(2).mean(-1, keepdim=True): the power is the next method's value
            chained = Group(made_power, span, "paren")
            out.append(chained)
            made[id(chained)] = 0
        else:
            out += made_power
        return j + 1
    raise reader.error(
        NotSupported,
        f"code's method {text} (on {reader.source[value[0].span.start : value[-1].span.end]})",
        Span(nodes[k].span.start, group.span.end),
        "symdl reads the reductions .mean(), .sum(), .std(), .var() (of all entries, or over dim=-1), "
        ".max(), .min(), the entry-wise .exp(), .log(), .sqrt(), .abs(), .softmax(), .log_softmax(), "
        ".t(), .pow(k) and the stop-gradient .detach(); write the math the method computes",
    )


def _sized(out: list[Node], made: dict[int, int], name: str, group: Node | None) -> bool:
    """Rewrite the value ending ``out`` and its size method ``name`` (``group`` after it) as the length of the
    value's family (:func:`symdl.read.codesizes.size_method`); False when it is no size of one letter."""
    start = _receiver(out, made)
    if start == len(out) or group is None or not (name in SIZE_METHODS or name == "shape"):
        return False
    sized = size_method(out[start:], name, group, Span(out[start].span.start, group.span.end))
    if sized is None:
        return False
    out[start:] = sized
    return True


def base_start(out: list[Node]) -> int:
    """Where the operand ending ``out`` starts (spaces at its end skipped): a call, a group, an identifier."""
    end = len(out)
    while end > 0 and isinstance(out[end - 1], Token) and out[end - 1].kind == "space":  # type: ignore[union-attr]
        end -= 1
    return _receiver(out[:end], {}) if end else 0


def _two_axes(args: list[list[Node]]) -> bool:
    """Do the arguments of ``.transpose(...)`` swap a matrix's two axes: none (numpy's ``a.transpose()`` reverses
    them), ``(0, 1)`` (LoRA's ``lora_A.transpose(0, 1)``), or the last two of a batch ``(-2, -1)``?"""
    axes = {plain_text(a).replace(" ", "") for a in args}
    return not args or (len(args) == 2 and axes in ({"-2", "-1"}, {"0", "1"}))


def _last_axis(reader: ExprReader, out: list[Node], made: dict[int, int], name: str, group: Node | None,
               dot: Span) -> bool:
    """Rewrite code's ``k.size(-1)`` or ``k.shape[-1]`` (the value ending ``out``, one name) as ``d_k``, the size
    of k's last axis (attention code's head width, the d_k of \\sqrt{d_k}), noted ``code-size-last``; False when it
    is no such size."""
    start = _receiver(out, made)
    inside = "".join(plain_text(group.children).split()) if isinstance(group, Group) else None
    sized = name == "size" and is_group(group, "paren") and inside in ("-1", "dim=-1")
    if start == len(out) or not (sized or (name == "shape" and is_group(group, "bracket") and inside == "-1")):
        return False
    tokens = name_tokens(out[start:])
    if tokens is None:
        return False
    assert isinstance(group, Group)
    span = Span(out[start].span.start, group.span.end)
    reader.add_note("code-size-last", span, {"text": reader.source[span.start : span.end],
                                             "of": "".join(t.text for t in tokens)})
    label = Group([Token(t.kind, t.text, span) for t in tokens], span, "brace")  # d_{\\text{k}}: a label, no index
    at = Span(span.start, span.start)  # spelt as written: k.size(-1), the name's one piece
    out[start:] = [Token("letter", "d", at), Token("op", "_", at),
                   Group([Token("cmd", "\\text", at), label], span, "brace")]
    return True


def _float_cast(reader: ExprReader, nodes: list[Node], k: int) -> tuple[Group, int] | None:
    """Python's ``float(x)`` at ``k``, a cast that keeps x's value (torch.nn.init's ``math.sqrt(2.0 / float(fan_in +
    fan_out))``): the parenthesis alone, noted ``code-cast``, and the index after it; else None (as an unknown
    function of x, the cast hid Xavier's fan sum)."""
    if k and isinstance(nodes[k - 1], Token) and (nodes[k - 1].kind == "letter" or nodes[k - 1].is_op(".", "_")):
        return None
    call = word_call(nodes, k, "float")
    if call is None:
        return None
    span = Span(nodes[k].span.start, call.span.end)
    reader.add_note("code-cast", span, {"text": reader.source[span.start : span.end]})
    return call, k + 6
