r"""A network layer named by a word and applied to one array: an array of its argument's shape (rule
``function-layer``, issue 12: read as numbers before, silently).

Transformer texts write the blocks of a layer by their names and never expand them: Vaswani et al.'s
``\mathrm{LayerNorm}(x + \mathrm{Sublayer}(x))``, ViT's
``\mathbf{z}'_\ell = \mathrm{MSA}(\mathrm{LN}(\mathbf{z}_{\ell-1})) + \mathbf{z}_{\ell-1}``, the pre-norm residual
``x_{l+1} = x_l + \mathrm{Attn}(\mathrm{LN}(x_l))``, DiT's
``\gamma(\mathbf{c}) \odot \mathrm{LN}(\mathbf{h})``, QK-norm's ``\mathrm{LN}(Q)\,\mathrm{LN}(K)^\top``.  Each such
block maps its input to an output of the same shape (a normalisation, dropout, a residual branch, a feed-forward or
attention sublayer of width d_model).  So a word of :data:`LAYER_WORDS` applied to one argument, which the formula
does not define itself, is read as an array shaped as its argument (the plain names in it are arrays by their
letter's case: lower-case vectors, capitals matrices), given to ``lambdify`` by its spelling as an input.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from symdl.bind.callvalue import open_callee
from symdl.bind.letters import plain_capital
from symdl.bind.names import identity
from symdl.bind.sums import reachable
from symdl.bind.valuekind import value_kind
from symdl.read.syntax import AtomSpec, Placeholder, placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder

#: The layer names (as written, case kept) → what each one is, for the note.  One row per name.
LAYER_WORDS: dict[str, str] = {
    "LN": "layer normalisation",
    "LayerNorm": "layer normalisation",
    "BN": "batch normalisation",
    "BatchNorm": "batch normalisation",
    "GN": "group normalisation",
    "GroupNorm": "group normalisation",
    "RMSNorm": "RMS normalisation",
    "InstanceNorm": "instance normalisation",
    "Dropout": "dropout",
    "DropPath": "stochastic depth",
    "FFN": "a position-wise feed-forward block",
    "FeedForward": "a position-wise feed-forward block",
    "MLP": "a transformer's MLP block",
    "Sublayer": "a residual branch (sublayer)",
    "SubLayer": "a residual branch (sublayer)",
    "Attn": "an attention sublayer",
    "Attention": "an attention sublayer",
    "SelfAttention": "an attention sublayer",
    "MHA": "multi-head attention",
    "MSA": "multi-head self-attention",
}


def layer_callee(p: Placeholder) -> str | None:
    """What the layer is, if ``p`` is a call of a word of :data:`LAYER_WORDS` with one argument (no primes, no
    subscript or superscript: ``\\mathrm{MLP}^{(k)}`` is one network per index, read elsewhere); else None."""
    callee = p.data.get("callee") if p.kind == "call" else None
    if (not isinstance(callee, AtomSpec) or not callee.word or callee.bold or callee.primes or callee.sub is not None
            or callee.layer is not None or callee.sample is not None or p.data.get("known") is not None
            or len(p.data.get("args", ())) != 1):
        return None
    return LAYER_WORDS.get(callee.base)


def layer_call(b: Binder, p: Placeholder) -> bool:
    """Is ``p`` a layer's call read as an array of its argument's shape (:func:`layer_calls`)?"""
    return p.id in b.layer_calls


def shaped_like_argument(b: Binder, p: Placeholder) -> bool:
    """Is ``p`` a call whose value has its one argument's shape: a function symdl does not know, applied entry by
    entry (``\\phi(K)``), or a layer's (``\\mathrm{LN}(K)``)?"""
    return p.kind == "call" and (open_callee(p) is not None or layer_call(b, p))


def layer_calls(b: Binder) -> set[int]:
    """The layers' calls read as arrays shaped as their argument: not one the formula defines itself
    (``\\mathrm{LN}(x) = \\gamma \\odot ...`` keeps its definition), and of a name or of another such call only (ViT's
    ``\\mathrm{MSA}(\\mathrm{LN}(\\mathbf{z}))``), since the value is named by its call whole and the concepts read the
    layers from that name; a layer of a sum (the Transformer's ``\\mathrm{LayerNorm}(x + \\mathrm{Sublayer}(x))``)
    and every call inside it keep the number reading, where the residual connection is named."""
    found = {p.id for p in b.ph.values() if layer_callee(p) is not None and p.id not in b.defined_entries
             and p.id not in b.own_definitions and p.data["callee"].base not in b.defined_callees}
    blocked: set[int] = set()
    for k in found:
        if not _plain_argument(b, b.ph[k].data["args"][0].expr, found):
            blocked |= {k, *reachable(b.ph, b.ph[k].data["args"][0].expr)}
    return found - blocked


def _plain_argument(b: Binder, e: sympy.Basic, found: set[int]) -> bool:
    """A name (not a family's member), or a layer's call of one."""
    k = placeholder_id(e)
    if k is None:
        return False
    if k in b.atoms:
        return b.roles[k].kind != "family" or b.atoms[k].bold
    return k in found and _plain_argument(b, b.ph[k].data["args"][0].expr, found)


def layer_value(b: Binder, p: Placeholder, arg: sympy.Basic) -> sympy.Basic:
    """The layer's output: a matrix symbol shaped as ``arg`` named by its call, given by its spelling; noted."""
    from symdl.bind.operators import by_spelling  # imported here: operators imports the placeholders' records

    callee = p.data["callee"]
    text = b.source[p.span.start : p.span.end]
    arg_span = p.data["args"][0].span
    b._note("function-layer", p.span, name=callee.base_latex, what=LAYER_WORDS[callee.base],
            arg=b.source[arg_span.start : arg_span.end])
    value = sympy.MatrixSymbol(f"{callee.base}({arg})", *arg.shape)
    b.latex_names.setdefault(value, text)
    by_spelling(b, p, value)
    return value


def capital_calls_beside_matrix(b: Binder, m: sympy.Mul, kinds: dict[tuple[object, ...], str]) -> None:
    """Linear attention's ``\\phi(Q)\\left(\\phi(K)^\\top V\\right)``: a call shaped as its argument (a function
    applied entry by entry, or a layer's) of one plain capital, a factor of a product with a matrix, makes the
    capital a matrix, as the capital itself would be beside the matrix (``capital-matrix``)."""
    if not any(value_kind(b, f, kinds) == "matrix" for f in m.args):
        return
    for f in m.args:
        k = placeholder_id(f)
        p = b.ph.get(k) if k is not None else None
        if p is None or not shaped_like_argument(b, p):
            continue
        ka = placeholder_id(p.data["args"][0].expr)
        if ka is not None and ka in b.atoms and plain_capital(b, ka):
            kinds.setdefault(identity(b.atoms[ka]), "matrix")
