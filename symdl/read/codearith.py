r"""Code's arithmetic methods on tensors, as optimiser sources write them (PyTorch's Adam and AdaBelief, timm's
LAMB and MADGRAD, the EMA of a mean teacher): each is the arithmetic it does, one table row per method.

* ``x.add(y)``, ``x.sub(y)``, ``x.mul(y)``, ``x.div(y)`` and their in-place forms (``x.mul_(beta2)``) are
  ``x + y``, ``x - y``, ``x * y``, ``x / y``; ``x.add(y, alpha=a)`` is ``x + a y``, and the old two-value form
  ``x.add_(a, y)`` (a mean teacher's ``ema.mul_(alpha).add_(1 - alpha, param)``) is ``x + a y`` too;
* ``x.addcmul_(a, b, value=c)`` is ``x + c a b``, ``x.addcdiv_(a, b, value=c)`` is ``x + c a / b`` (c is 1 when not
  given); ``x.lerp_(end, w)`` is ``x + w (end - x)``;
* ``x.reciprocal()`` is ``1 / x``, ``x.rsqrt()`` is ``1 / \sqrt{x}``, ``x.neg()`` is ``-x``, ``x.exp2()`` is ``2^x``;
* ``x.to(...)``, ``x.requires_grad_()``, ``x.cpu()``, ``x.cuda()`` change where or how a value is kept, not its
  entries: the value itself.

Each is noted ``code-method`` (the method, the arithmetic read).  The result is one operand (in parentheses), so a
chain (``exp_avg.mul_(beta2).addcmul_(g, g, value=1 - beta2)``) reads left to right as the code runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from symdl.errors import NotSupported, Span
from symdl.read.constructs import split_top
from symdl.read.keywords import keyword_of
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, strip_space

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader

#: method → its operator, for the methods of one value (``x.mul_(beta2)``: ``x * beta2``)
BINARY = {"add": "+", "sub": "-", "mul": "*", "div": "/"}
#: methods with a product or quotient of two values added (``addcmul``: ``x + c a b``, ``addcdiv``: ``x + c a / b``)
FUSED = {"addcmul": "*", "addcdiv": "/"}
#: methods that change where or how a value is kept (device, dtype, autograd flag): the value itself
KEEPERS = frozenset({"to", "requires_grad_", "cpu", "cuda", "type_as", "float", "double", "half", "contiguous",
                     "astype"})
#: the entry-wise methods of one value with no argument: method → (before the value, after it)
UNARY = {"reciprocal": ("1/", ""), "rsqrt": ("1/\\sqrt", ""), "neg": ("-", ""), "exp2": ("2^", "")}
#: every method name this module reads, in-place forms too
METHODS = frozenset({*BINARY, *(f"{m}_" for m in BINARY), *FUSED, *(f"{m}_" for m in FUSED), "lerp", "lerp_",
                     *KEEPERS, *UNARY, *(f"{m}_" for m in UNARY)})


def arith_method(reader: ExprReader, name: str, value: list[Node], group: Group, span: Span,
                 text: str) -> Group:
    """The arithmetic the method ``name`` does on ``value`` with the arguments in ``group``, as one parenthesised
    operand spanning ``span``; ``text`` is the method as written (for the note and errors)."""
    base = name.removesuffix("_") if name not in KEEPERS else name
    parts = [strip_space(p) for p in split_top(group.children, ",")] if strip_space(group.children) else []
    keywords = {kw[0]: kw[1] for p in parts if (kw := keyword_of(p)) is not None}
    args = [p for p in parts if keyword_of(p) is None]
    where = group.span
    x = Group(value, span, "paren")
    if name in KEEPERS:
        body: list[Node] = [x]
    elif base in UNARY and not parts:
        body = _unary(base, x, where)
    elif base in BINARY and len(args) == 1 and set(keywords) <= {"alpha"}:
        scale = [_wrap(keywords["alpha"], where), Token("op", "*", where)] if "alpha" in keywords else []
        body = [x, Token("op", BINARY[base], where), *scale, _wrap(args[0], where)]
    elif base in ("add", "sub") and len(args) == 2 and not keywords:  # the old add_(1 - alpha, param): x + a·y
        body = [x, Token("op", BINARY[base], where), _wrap(args[0], where), Token("op", "*", where),
                _wrap(args[1], where)]
    elif base in FUSED and len(args) == 2 and set(keywords) <= {"value"}:
        scale = [_wrap(keywords["value"], where), Token("op", "*", where)] if "value" in keywords else []
        body = [x, Token("op", "+", where), *scale, _wrap(args[0], where), Token("op", FUSED[base], where),
                _wrap(args[1], where)]
    elif base == "lerp" and len(args) == 2 and not keywords:  # x + w (end − x)
        body = [x, Token("op", "+", where), _wrap(args[1], where), Token("op", "*", where),
                Group([_wrap(args[0], where), Token("op", "-", where), Group(list(value), span, "paren")], where,
                      "paren")]
    else:
        raise reader.error(NotSupported, f"code's method {text} with these arguments", where,
                           "symdl reads .add(y), .add(y, alpha=a), .mul(y), .sub(y), .div(y), .addcmul(a, b, value=c), "
                           ".addcdiv(a, b, value=c), .lerp(end, w) and their in-place forms")
    reader.add_note("code-method", Span(span.start, where.end), {"method": text, "name": name})
    return Group(body, Span(span.start, where.end), "paren")


def _wrap(nodes: list[Node], span: Span) -> Group:
    return Group(list(nodes), span, "paren")


def _unary(base: str, x: Group, where: Span) -> list[Node]:
    if base == "reciprocal":
        return [Token("number", "1", where), Token("op", "/", where), x]
    if base == "rsqrt":
        return [Token("number", "1", where), Token("op", "/", where), Token("cmd", "\\sqrt", where),
                Group([x], where, "brace")]
    if base == "neg":
        return [Token("op", "-", where), x]
    return [Token("number", "2", where), Token("op", "^", where), Group([x], where, "brace")]  # exp2
