r"""A plain σ(·) of a computed argument that holds a weight product (``\mathbf{W}_1 \mathbf{x}``, ``xW + b``), written
inside a larger layer, stays the element-wise logistic sigmoid, noted as a guess where papers write σ for an
activation left open:

- ``sigma-hidden-layer``: the hidden layer of a two-layer network, multiplied by a weight on its left
  (``W_2\,\sigma(W_1 x + b_1) + b_2``, the universal-approximation form, a transformer's feed-forward block): the
  explanation does not name it a sigmoid (``symdl.chunk.registry.SIGMA_GUESSES``);
- ``sigma-gate-operand``: one operand of an element-wise product whose other operand is a weight product too (a gated
  feed-forward layer, ``\sigma(\mathbf{W}_1\mathbf{x}) \odot \mathbf{V}\mathbf{x}``): Dauphin et al.'s and Shazeer's
  GLU gate is the sigmoid, but the GLU variants put other activations there (with Swish it is SwiGLU).

A gate of an LSTM written inline (``\sigma(\dots) \odot c_{t-1}``, an operand beside a state or a call) and σ of a
named pre-activation are not noted; a formula that defines σ, or reads σ as a deviation, is left to those rules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sympy

from symdl.bind.meanings import _plain_sigma
from symdl.read.syntax import AtomSpec, Placeholder, placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder


def _weight(a: AtomSpec | None) -> bool:
    """A name that is a weight matrix: a capital letter, not a word (``W``, ``\\mathbf{V}``, ``W^{(2)}``)."""
    return a is not None and not a.word and not a.greek and a.base[:1].isupper() and len(a.base) == 1


def _placeholders(b: Binder, e: Any) -> list[Placeholder]:
    return [b.ph[k] for s in getattr(e, "free_symbols", ()) if (k := placeholder_id(s)) is not None and k in b.ph]


def _weight_product(b: Binder, e: Any, depth: int = 0) -> bool:
    """``e`` holds a product with a weight matrix as a factor (looking through brackets and sums)."""
    if depth > 6:
        return False
    for m in sympy.preorder_traversal(e):
        if isinstance(m, sympy.Mul) and any(_weight(b.atom_of(f)) for f in m.args):
            return True
    for p in _placeholders(b, e):
        if p.kind == "group" and _weight_product(b, p.data["inner"].expr, depth + 1):
            return True
    return False


def _sigma_of_product(b: Binder, p: Placeholder) -> bool:
    return _plain_sigma(p) and _weight_product(b, p.data["args"][0].expr)


def _multiplied_by_weight(b: Binder, k: int, exprs: list[Any]) -> bool:
    """σ's call is a factor of a product with a weight written before it: ``W_2\\sigma(W_1 x)``."""
    at = b.ph[k].span.start
    for e in exprs:
        for m in sympy.preorder_traversal(e):
            if not isinstance(m, sympy.Mul) or not any(placeholder_id(f) == k for f in m.args):
                continue
            for f in m.args:
                a = b.atom_of(f)
                j = placeholder_id(f)
                if _weight(a) and j is not None and b.ph[j].span.end <= at:
                    return True
    return False


def _gated_operand(b: Binder, k: int) -> bool:
    """σ's call is an operand of ⊙ whose other operand is a weight product (not a state, not a call)."""
    for p in b.ph.values():
        if p.kind != "hadamard":
            continue
        ops = p.data["operands"]
        if not any(placeholder_id(o.expr) == k for o in ops):
            continue
        others = [o for o in ops if placeholder_id(o.expr) != k]
        if others and all(_weight_product(b, o.expr) and not _is_call(b, o.expr) for o in others):
            return True
    return False


def _is_call(b: Binder, e: Any) -> bool:
    k = placeholder_id(e)
    return k is not None and b.ph[k].kind == "call"


def note_sigma_layer_operands(b: Binder, skip: set[int]) -> None:
    """Note each σ(weight product) inside a larger layer (``sigma-hidden-layer``, ``sigma-gate-operand``: see the
    module)."""
    if b.sigma_is_std or any(_plain_sigma(b.ph[k]) for k in b.defined_entries):
        return
    for k, p in b.ph.items():
        if k in skip or not _sigma_of_product(b, p):
            continue
        if _multiplied_by_weight(b, k, b.exprs):
            b._note("sigma-hidden-layer", p.span)
        elif _gated_operand(b, k):
            b._note("sigma-gate-operand", p.span)
