"""Names beside code's matrix product ``@`` are arrays (rule ``code-matmul-operand``).

PEP 465's ``@`` multiplies arrays: numpy and PyTorch refuse a number beside it.  A name written right before or
after ``@`` that the promotion passes left a number (cs231n's ``dW = X.T @ dscores + reg * W``, where ``dscores``
is a word; a two-layer net's ``np.maximum(0, x @ W1 + b1) @ W2 + b2``, where ``W2`` follows a call; the receiver
of numpy's ``X.dot(W)`` and the argument after it; both arguments of ``np.dot(X, W)``) is an array: a matrix when
it is a capital or a word (code's batch arrays: ``dscores``, ``hidden``), else a vector; the second argument of
``np.dot`` is a vector unless it is a capital (Karpathy's ``np.dot(Wxh, xs[t])``: numpy's 1-D array).  A last
resort, as :func:`symdl.bind.transposed.transposed_groups` is: the passes run again, so the names added to it follow.

In a formula where ``@`` stands before a transposed lower-case name (attention code's ``softmax(q @ k.transpose(-2,
-1) * self.scale) @ v``, ``q @ k.T``), every lower-case name beside ``@`` is a matrix (tokens × dims), as attention
code writes them: read as column vectors, ``q k^T`` would be an outer product (``code-attention-operand``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from symdl.bind.letters import DOT_SECOND
from symdl.bind.names import identity
from symdl.bind.shapes import declared_shape
from symdl.bind.valuekind import value_kind
from symdl.errors import Span
from symdl.read.syntax import AtomSpec, placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder

Kinds = dict[tuple[object, ...], str]

#: ``@`` before a lower-case name transposed (attention code's ``q @ k.transpose(-2, -1)``, ``q @ k.T``, ``.t()``,
#: as :mod:`symdl.read.codecalls` wrote them: ``k^{T}``): the names beside ``@`` are matrices, a row per token
_TRANSPOSED_RIGHT = re.compile(
    r"@\s*(?:self\.)?[a-z][A-Za-z0-9_]*\s*(?:\.T(?![A-Za-z])|\.t\(\s*\)"
    r"|\.transpose\(\s*(?:-[12]\s*,\s*-[12]|[01]\s*,\s*[01])?\s*\))")  # LoRA's x @ self.lora_A.transpose(0, 1)


#: an argument of a library's matrix product (tf.matmul, torch.matmul, torch.mm, torch.bmm): matrices, both of them
_MATMUL_ARGUMENT = re.compile(  # the first argument may call a method: torch.mm(input_norm.t(), target_norm)
    r"(?<![A-Za-z_])(?:[A-Za-z]+\.)*(?:matmul|mm|bmm|mv)\(\s*(?:(?:[^(),]|\([^()]*\))+,\s*)?$")


_MATMUL_CALL = re.compile(r"(?<![A-Za-z_])(?:[A-Za-z]+\.)*(?:matmul|mm|bmm)\(")


def matmul_operands(b: Binder, kinds: Kinds) -> bool:
    """Make each name beside ``@`` still a number an array; True when one was."""
    changed = False
    transposed = _TRANSPOSED_RIGHT.search(b.source) is not None
    calls = _sole_arguments(b)
    for k, a in b.atoms.items():
        span = calls.get(k, b.ph[k].span)  # LoRA's self.lora_dropout(x) @ ...: x beside @ through its layer's call
        before, after = b.source[: span.start].rstrip(), b.source[span.end :].lstrip()
        before = _SELF.sub("", before).rstrip()  # Karpathy's np.dot(self.Wxh, xs[t]): the attribute is the weight
        vector = kinds.get(identity(a)) == "vector"  # q @ k.T, CLIP's image_features @ text_features.T: no column
        attention = transposed and vector
        if (matmul_vector := vector and _MATMUL_ARGUMENT.search(before) is not None):
            attention = False  # tf.matmul(query, key, transpose_b=True): a matrix, rank 2
        if vector and ((a.transpose and (_after_code_product(before) or after.startswith(("@", ".dot("))))
                       or _AFTER_TRANSPOSED.search(before)) and _sets_weight_gradient(b, k):
            kinds[identity(a)] = "matrix"  # cs231n's dW2 = h.T @ dlogits, dWx = x.T.dot(dtanh): batches, an example
            # per row (the factor after the transposed one too)
            b.code_arrays.append((k, "matrix"))
            changed = True
            continue
        typed_greek = a.greek and not a.spelling.lstrip().startswith("\\")  # Nielsen's np.dot(delta, ...): a value
        if (a.greek and not typed_greek) or b.roles[k].kind == "family" \
                or (identity(a) in kinds and not (attention or matmul_vector)) \
                or declared_shape(a, b.declared) is not None:
            continue
        second = DOT_SECOND.search(before) is not None  # np.dot(Wxh, xs[t]): numpy's 1-D vector
        matmul = _MATMUL_ARGUMENT.search(before) is not None  # tf.matmul(query, key, transpose_b=True): rank 2
        bracketed = _scaled_before_matmul(before, after)  # SIREN's (2.*np.pi*x) @ B.T: the name is the array
        if not (second or matmul or _after_code_product(before) or after.startswith(("@", ".dot(")) or bracketed):
            continue
        attention = transposed and not second
        weight = a.word and any(w in a.base.lower() for w in ("kernel", "weight"))  # Flax's jnp.dot(x, kernel)
        kind = "matrix" if (a.d_of or a.base)[:1].isupper() or (a.word and not second) or attention or weight \
            or matmul or _sets_weight_gradient(b, k) else "vector"
        kinds[identity(a)] = kind
        b.code_arrays.append((k, "attention" if attention and not a.base[:1].isupper() else kind))
        changed = True
    if changed:
        _outer_values(b, kinds)
    return _attention_values(b, kinds) if changed and (transposed or _MATMUL_CALL.search(b.source)) else changed


def _scaled_before_matmul(before: str, after: str) -> bool:
    """Is the name alone in a bracket with numbers that scale it, then ``@`` (``(2.*np.pi*x) @ B.T``)?  numpy
    refuses a number beside ``@``, so the name is the array."""
    return re.match(r"\)\s*@", after) is not None and _NUMBERS_TIMES.search(before) is not None


#: an opening bracket, then numbers (2., np.pi) each times the next, up to the name: SIREN's (2.*np.pi*
_NUMBERS_TIMES = re.compile(r"\(\s*(?:(?:\d+\.?\d*|(?:np|math|torch|jnp)\.pi|\\pi)\s*\*\s*)*$")


def _after_code_product(before: str) -> bool:
    """Does the text before a name end with code's ``@`` or ``dot(`` (not TeX's ``\\cdot(``, a product with a
    bracket: the center loss' ``\\delta(y_i = j) \\cdot (c_j - x_i)``)?"""
    return before.endswith("@") or (before.endswith("dot(") and not before.endswith("\\cdot("))


def _outer_values(b: Binder, kinds: Kinds) -> None:
    """A name set equal to a column times a row (Nielsen's ``nabla_w = np.dot(delta, a.transpose())``), read a
    vector while the column was a number, is a matrix, the outer product."""
    for st in b.rr.statements:
        a = b.atom_of(st.sides[0].expr) if len(st.sides) >= 2 else None
        if a is not None and kinds.get(identity(a)) == "vector" and value_kind(b, st.sides[-1].expr, kinds) == "matrix":
            kinds[identity(a)] = "matrix"


def _sole_arguments(b: Binder) -> dict[int, Span]:
    """The names that are the one argument of a call of a function symdl does not know (code's layer
    ``self.lora_dropout(x)``, ``drop(x)``) → that call's span: an array's layer keeps its shape, so beside ``@`` the
    argument is the array."""
    found: dict[int, Span] = {}
    for p in b.ph.values():
        callee = p.data.get("callee") if p.kind == "call" else None
        if isinstance(callee, AtomSpec) and p.data.get("known") is None and len(p.data.get("args", ())) == 1:
            k = placeholder_id(p.data["args"][0].expr)
            if k is not None and k in b.atoms:
                found[k] = p.span
    return found


#: right after a transposed name's matrix product: ``x.T @ ``, ``x.T.dot(``, ``np.dot(x.T, ``
_AFTER_TRANSPOSED = re.compile(r"(?:\.T\s*(?:@|\.dot\()|dot\(\s*[A-Za-z_][\w.]*\.T\s*,)\s*$")


#: code's ``self.`` before an attribute
_SELF = re.compile(r"\bself\.\s*$")


#: code's name of a weight's gradient: grad_w2, grad_W1, dw1, d_w (a weight letter w or W, maybe numbered)
_GRAD_OF_WEIGHT = re.compile(r"(?:grad_?|d_)[wW]_?\d*")


def _sets_weight_gradient(b: Binder, k: int) -> bool:
    """Is the name at ``k`` in a statement that sets a capital's gradient (cs231n's ``dW2 = h.T @ dlogits``, ``dW =
    np.dot(X.T, dscores)``)?  Then the arrays of its matrix product are batches, one example per row, matrices: as
    columns, the product was a row or a column, not the weight's shape."""
    for st in b.rr.statements:
        target = b.atom_of(st.sides[0].expr) if len(st.sides) >= 2 else None
        of = target.d_of or (target.base[1:] if target.word and target.base[:1] == "d" else "") if target else ""
        spelled = re.sub(r"[\\{}\s]|text", "", target.spelling) if target is not None else ""
        if ((of[:1].isupper() or _GRAD_OF_WEIGHT.fullmatch(spelled))  # dW2, code's one name dWx (the RNN's input
                # weight Wx); the PyTorch tutorial's grad_w2 = h_relu.T.dot(grad_y_pred)
                and st.span.start <= b.ph[k].span.start < st.span.end):
            return True
    return False


def _attention_values(b: Binder, kinds: Kinds) -> bool:
    """The names set equal to attention code's products (``attn = softmax(q @ k.T * scale) @ v``), left vectors
    while q, k, v were, are matrices too; True (the passes run again)."""
    for st in b.rr.statements:
        a = b.atom_of(st.sides[0].expr) if len(st.sides) >= 2 else None
        if a is not None and kinds.get(identity(a)) == "vector":
            kinds[identity(a)] = "matrix"
    return True
