"""Products of one layer's arrays, element by element (noted ``layer-elementwise``).

Ng's course writes the backward pass with ``\\times``, ``\\cdot`` or nothing between two of one layer's arrays:
``dZ^{[l]} = dA^{[l]} \\times g^{[l]\\prime}(Z^{[l]})``, ``g^{[L]\\prime}(Z^{[L]}) = A^{[L]}(1 - A^{[L]})``.  A layer's
activations, their pre-activations, the gradients by either and an activation applied to them all have the one shape
of layer l (n_l × m, one column per example), so a matrix product of two of them does not fit: the product is
element-wise, as numpy's ``*`` computes it.  Weights (W, w) and biases (b) have other shapes and a transposed
factor is a matrix product, so neither is such a factor.  Before, the product was a matrix product of two matrices
of free sizes, silently.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import sympy

from symdl.bind.build import first_position, span_of
from symdl.bind.names import identity
from symdl.errors import Span
from symdl.read.syntax import placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder

#: the names (or what a ``d`` name is the gradient of) whose layer arrays are not the layer's activations' shape
_OTHER_SHAPES = frozenset({"W", "w", "b", "B"})


def layer_products(b: Binder, kinds: dict[tuple[object, ...], str]) -> list[tuple[int, Span, str]]:
    """``(position between the factors, the product's span, the layer)`` for each pair of one layer's arrays
    multiplied side by side or with a sign other than ``*`` (``*`` is element-wise already)."""
    out = []
    for e in b._all_exprs():
        for m in sympy.preorder_traversal(e):
            if not isinstance(m, sympy.Mul):
                continue
            factors = sorted((f for f in m.args if not f.is_number), key=lambda f: first_position(f, b.ph))
            for n, (left, right) in enumerate(itertools.pairwise(factors)):
                layer = _layer_of(b, left, kinds)
                if n > 0 and layer is not None and _transposed_weight(b, factors[n - 1], layer):
                    layer = _previous(layer)  # W^{[2]T} dZ^{[2]}: layer 1's shape
                other = _layer_of(b, right, kinds)
                complement = _complement(b, left, right, kinds)
                if not complement and (layer is None or other is None or not _same(other, layer)):
                    continue
                ls, rs = span_of(left, b.ph), span_of(right, b.ph)
                if ls is None or rs is None or ls.end - 1 <= first_position(left, b.ph):
                    continue
                between = b.source[ls.end : rs.start]
                if "*" in between:
                    continue
                out.append((ls.end - 1, Span(first_position(left, b.ph), _end(b, right, rs)),
                            "" if complement else layer))  # type: ignore[arg-type]
    return out


def _complement(b: Binder, left: sympy.Basic, right: sympy.Basic, kinds: dict[tuple[object, ...], str]) -> bool:
    """Is the product an array times one minus itself, the logistic's slope written in its output (``\\mathbf{a}(1 -
    \\mathbf{a})``, ``\\sigma(\\mathbf{z})(1 - \\sigma(\\mathbf{z}))``, Goodfellow's ``a_1(1 - a_1)``)?  Element-wise,
    as the slope is (noted ``complement-elementwise``); side by side, two columns were refused."""
    from symdl.bind.valuekind import value_kind

    k = placeholder_id(right)
    if k is not None and k in b.ph and b.ph[k].kind == "group":  # (1 - \sigma(\mathbf{z})): its bracket's inside
        right = b.ph[k].data["inner"].expr
    if value_kind(b, left, kinds) not in ("col", "matrix") or not isinstance(right, sympy.Add):
        return False
    terms = [t for t in right.args if not t.is_number]
    if len(terms) != 1 or len(right.args) != 2:
        return False
    coeff, rest = terms[0].as_coeff_Mul()
    ls, rs = span_of(left, b.ph), span_of(rest, b.ph)
    return (coeff == -1 and ls is not None and rs is not None
            and "".join(b.source[ls.start : ls.end].split()) == "".join(b.source[rs.start : rs.end].split()))


def _transposed_weight(b: Binder, f: sympy.Basic, layer: str) -> bool:
    """Is ``f`` layer ``layer``'s weight transposed (``W^{[2]T}``), which takes layer ``layer``'s arrays back to the
    layer before?"""
    k = placeholder_id(f)
    if k is not None and k in b.ph and b.ph[k].kind == "transpose":  # UFLDL's (W^{(l+1)})^T, the group transposed
        a = b.atom_of(b.ph[k].data["inner"].expr)
    else:
        a = b.atoms.get(k) if k is not None else None
        a = a if a is not None and a.transpose else None
    return a is not None and a.base in ("W", "w") and a.layer is not None and _same(a.layer, layer)


def _previous(layer: str) -> str:
    """The label of the layer before ``layer``: 2 → 1, l+1 → l, l → l-1."""
    text = layer.replace(" ", "")
    if text.isdigit():
        return str(int(text) - 1)
    return text[:-2] if text.endswith("+1") else f"{text}-1"


def _same(x: str, y: str) -> bool:
    return x.replace(" ", "") == y.replace(" ", "")


def _end(b: Binder, right: sympy.Basic, rs: Span) -> int:
    """Where the right factor ends in the source, its closing parenthesis included."""
    end = rs.end
    while end < len(b.source) and b.source[end] in " )":
        end += 1
        if b.source[end - 1] == ")":
            break
    return end


def _layer_of(b: Binder, f: sympy.Basic, kinds: dict[tuple[object, ...], str]) -> str | None:
    """The layer label of ``f`` if it is one of a layer's activation-shaped arrays: a layer-labelled vector or
    matrix that is no weight or bias and is not transposed, an activation applied to one, or a number minus one."""
    from symdl.bind.kinds import _entrywise_argument  # kinds runs this module's rule

    k = placeholder_id(f)
    if k is not None and k in b.atoms:
        a = b.atoms[k]
        if (a.layer is None or a.transpose or kinds.get(identity(a)) not in ("matrix", "vector")
                or (a.d_of or a.base) in _OTHER_SHAPES):
            return None
        return a.layer
    if k is not None and k in b.ph and b.ph[k].kind == "group":  # ((W^{(l+1)})^T \delta^{(l+1)}) \cdot f'(z^{(l)})
        return _back_layer(b, b.ph[k].data["inner"].expr, kinds)
    if k is not None:
        arg = _entrywise_argument(b, f)
        return _layer_of(b, arg, kinds) if arg is not None else None
    if isinstance(f, sympy.Mul):
        coeff, rest = f.as_coeff_Mul()
        return _layer_of(b, rest, kinds) if coeff.is_number and rest is not f else None
    if isinstance(f, sympy.Add):
        layers = {_layer_of(b, t, kinds) for t in f.args if not t.is_number}
        return layers.pop() if len(layers) == 1 else None
    return None


def _back_layer(b: Binder, inner: sympy.Basic, kinds: dict[tuple[object, ...], str]) -> str | None:
    """The layer of a bracket's inside: a layer's transposed weight times that layer's array is the layer before's
    (UFLDL's ``(W^{(l+1)})^T \\delta^{(l+1)}``, layer l); any other inside, as :func:`_layer_of` has it."""
    factors = sorted((f for f in sympy.Mul.make_args(inner) if not f.is_number), key=lambda f: first_position(f, b.ph))
    if len(factors) == 2 and (layer := _layer_of(b, factors[1], kinds)) is not None \
            and _transposed_weight(b, factors[0], layer):
        return _previous(layer)
    return _layer_of(b, inner, kinds) if len(factors) == 1 else None
