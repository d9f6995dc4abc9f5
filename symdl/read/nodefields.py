"""An autograd node's fields in pasted code: micrograd's ``self.grad += (out.data > 0) * out.grad``.

In Karpathy's micrograd (and PyTorch's ``tensor.data``, ``tensor.grad``) a value node ``v`` carries its number as
``v.data`` and the loss's gradient by it as ``v.grad``.  ``v.data`` is read as ``v`` itself, and ``v.grad`` as the
name ``v_grad`` of its own (noted ``code-node-field``): the backward pass's ``+=`` then reads as the chain rule it is.
"""

from __future__ import annotations

from symdl.errors import Span
from symdl.read.lexer import Token
from symdl.read.syntax import letter_run

#: the fields read, and what each is
FIELDS = {
    "data": "the value the node holds (micrograd's and PyTorch's v.data)",
    "grad": "the gradient of the loss by the node (micrograd's and PyTorch's v.grad), a name of its own",
    "value": "the number a holder keeps (TRL's adaptive KL controller kl_ctl.value: the coefficient)",
}


def node_field(tokens: list[Token], k: int, *, chained: bool = False
               ) -> tuple[list[Token], int, tuple[str, Span, dict[str, str]]] | None:
    """``v.data`` or ``v.grad`` starting at ``tokens[k]`` (a name, a '.', the field, written together, not called
    and not part of a longer name): the tokens to read instead, the index after, and the note; else None."""
    before = tokens[k - 1] if k > 0 and not chained else None  # (chained: right after a holder, self.kl_ctl.value)
    if before is not None and (before.kind in ("letter", "number") or before.is_op("_", ".")):
        return None
    dot = letter_run(tokens, k)[0]  # type: ignore[arg-type]
    while (dot + 1 < len(tokens) and tokens[dot].is_op("_") and tokens[dot + 1].kind == "letter"
           and tokens[dot].span.start == tokens[dot - 1].span.end):  # DDPG's target_param.data: a snake_case name
        dot = letter_run(tokens, dot + 1)[0]  # type: ignore[arg-type]
    if (dot == k or dot >= len(tokens) or not tokens[dot].is_op(".")
            or tokens[dot].span.start != tokens[dot - 1].span.end):
        return None
    end = letter_run(tokens, dot + 1)[0]  # type: ignore[arg-type]
    field = "".join(t.text for t in tokens[dot + 1 : end])
    if field not in FIELDS or end == dot + 1 or tokens[dot + 1].span.start != tokens[dot].span.end:
        return None
    after = tokens[end] if end < len(tokens) else None
    if after is not None and (after.kind in ("letter", "number") or after.is_op("(", "_", ".")):
        return None  # v.grad.zero_(), v.data_ptr: a method or a longer name (v.data.mul_(a): symdl.read.codecalls)
    name = tokens[k:dot]
    if field == "value" and "".join(t.text for t in name) in ("self", "args", "config", "cfg", "hparams"):
        return None  # a module's own self.value: the setting named value (a holder, symdl.read.pasted)
    span = Span(tokens[k].span.start, tokens[end - 1].span.end)
    note = ("code-node-field", span, {"plain": field, "what": FIELDS[field]})
    if field in ("data", "value"):
        return name, end, note
    at, stop = Span(span.start, span.start), Span(span.end, span.end)  # v.grad: the code name v_grad
    word = [*name, Token("cmd", "\\_", tokens[dot].span), *tokens[dot + 1 : end]]
    return [Token("cmd", "\\text", at), Token("lbrace", "{", at), *word, Token("rbrace", "}", stop)], end, note
