"""Row- or column-major layers: which way a bias vector broadcasts.

``W x + b`` and Ng's ``W^{[l]} A^{[l-1]} + b^{[l]}`` put the weight first: outputs are rows of the result and
the bias is a column added to every column.  d2l writes layers row-major, ``\\mathbf{X}\\mathbf{W} + \\mathbf{b}``
and ``\\mathbf{H}\\mathbf{W}^{(2)} + \\mathbf{b}^{(2)}`` (one example per row), as the PyTorch docs write
``x A^T + b``: the weight is the last factor, outputs are columns, and the bias is a **row** added to every row.

The rules (one table, :data:`WEIGHT_LETTERS`): a vector written right before a weight (``x A^T``,
``\\mathbf{x}\\mathbf{W}^{(1)}``) is a row, one example (rule ``vector-row``); a vector added to a product whose
last factor is a weight and whose first factor is data (a matrix or such a row) is a row vector too (rule
``bias-row``).  Both readings are noted.
"""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING

import sympy

from symdl.bind.build import first_position
from symdl.bind.letters import LABELLED
from symdl.bind.names import identity
from symdl.bind.sums import inner_exprs, reachable
from symdl.errors import Span
from symdl.functions import PAIRWISE_EXTREMA
from symdl.read.syntax import AtomSpec, placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder

#: base letters that name weights in layer formulas (W, U, V; Θ in Ng's course; A in PyTorch's Linear docs)
WEIGHT_LETTERS = {"W", "U", "V", "Theta", "A"}


#: a capital numbered by a digit up that is a label (Goldberg's \mathbf{W}^{1}, \mathbf{W}^{2}: layers 1 and 2)
_NUMBERED = re.compile(r"[A-Z]\^\d+")

#: code's weight names: W, U or V then lower-case letters (cs231n's Wx, Wh; Karpathy's Wxh, Why)
_CODE_WEIGHT = re.compile(r"[WUV][a-z]{1,3}")


def _is_weight(a: AtomSpec) -> bool:
    """A weight's letter, plain or labelled by a superscript of letters (a GRU's U^h, W^z) or a digit read as a
    label (Goldberg's W^{1}), or a weight's word."""
    return (a.base in WEIGHT_LETTERS or "weight" in a.base.lower() or "kernel" in a.base.lower()
            or ((bool(LABELLED.match(a.base)) or bool(_NUMBERED.fullmatch(a.base))) and a.base[:1] in WEIGHT_LETTERS)
            or (a.word and bool(_CODE_WEIGHT.fullmatch(a.base))))  # cs231n's RNN code: x.dot(Wx), prev_h.dot(Wh)


def _weight_first(first: AtomSpec, last: AtomSpec) -> bool:
    """Is ``first``, written before the weight ``last``, a weight too?  Not activations ``A`` with a layer's label
    before a W (Raschka's ``\\boldsymbol{A}^{(h)}\\boldsymbol{W}^{(out)T}``, Ng's ``A^{[l-1]}``): data."""
    activations = first.base == "A" and bool(first.layer or first.sample) and last.base[:1] == "W"
    return _is_weight(first) and not activations


def _group_inner(b: Binder, t: sympy.Basic) -> sympy.Basic:
    """The product inside a parenthesis placeholder (numpy's ``np.dot(X, W)``, read as ``(X W)``), else ``t``."""
    k = placeholder_id(t)
    p = b.ph.get(k) if k is not None else None
    return p.data["inner"].expr if p is not None and p.kind == "group" else t


def _factor_atom(b: Binder, e: sympy.Basic) -> AtomSpec | None:
    k = placeholder_id(e)
    if k is None or k not in b.ph:
        return None
    p = b.ph[k]
    if p.kind == "atom":
        return p.data["atom"]
    if p.kind == "transpose":  # x A^T: the transposed weight of PyTorch's Linear
        return _factor_atom(b, p.data["inner"].expr)
    return None


def _transposed(b: Binder, g: sympy.Basic) -> bool:
    """Is the factor ``g`` a transposed name (``K^T``, ``(K)^T``)?  A vector written before it is a row."""
    k = placeholder_id(g)
    return k is not None and k in b.ph and (b.ph[k].kind == "transpose" or (k in b.atoms and b.atoms[k].transpose))


def _in_order(b: Binder, t: sympy.Mul) -> list[sympy.Basic]:
    """The factors of a product that are not numbers, in the order they are written."""
    return sorted((f for f in t.args if not f.is_number), key=lambda f: first_position(f, b.ph))


def row_vectors(b: Binder, kinds: dict[tuple[object, ...], str]) -> dict[tuple[object, ...], int | None]:
    """Identities of the vectors written right before a weight matrix (``x A^T``, PyTorch's Linear) → the
    placeholder of one such use (to note), and of the vectors set equal to such a product → None: rows."""
    found: dict[tuple[object, ...], int | None] = {}
    for expr in b.exprs:
        for t in expr.atoms(sympy.Mul) | ({expr} if isinstance(expr, sympy.Mul) else set()):
            for f, g in itertools.pairwise(_in_order(b, t)):
                k = placeholder_id(f)
                a, w = b.atoms.get(k) if k is not None else None, _factor_atom(b, g)
                if a is None and k is not None and b.ph[k].kind in ("hadamard", "group") and w is not None \
                        and kinds.get(identity(w)) == "matrix" and _is_weight(w):
                    _group_rows(b, k, kinds, found)  # a GRU's (s_{t-1} \odot r) W^h: its vectors are rows
                    continue
                if a is None or a.transpose or w is None or b.roles[k].kind == "family":
                    continue
                if b.star_between(b.ph[k].span.start, first_position(g, b.ph)):
                    continue  # the docs' GRU r * (W_{hn} h + b_{hn}): element-wise with the product, r a column
                if kinds.get(identity(a)) == "vector" and kinds.get(identity(w)) == "matrix" and (
                        _is_weight(w) or _transposed(b, g)):  # x A^T; attention's q K^T: a query's row
                    found.setdefault(identity(a), k)
    for ident in b.gradient_rows:  # \frac{\partial L}{\partial x} = \delta W^T: x a row, as \delta is
        found.setdefault(ident, None)
    _rows_by_statement(b, kinds, found)
    if found and _rows_by_hadamard(b, kinds, found):  # Goldberg's dropout \tilde{h} = m \odot h beside h = g(xW + b)
        _rows_by_statement(b, kinds, found)
    return found


def _rows_by_statement(b: Binder, kinds: dict[tuple[object, ...], str],
                       found: dict[tuple[object, ...], int | None]) -> None:
    """``\\mathbf{o} = \\mathbf{h}\\mathbf{W} + \\mathbf{b}``: a vector set equal to a row is a row too."""
    for st in b.rr.statements:
        if any(_row_valued(b, s.expr, found) for s in st.sides):
            for s in st.sides:
                k = placeholder_id(s.expr)
                a = b.atoms.get(k) if k is not None else None
                if a is not None and not a.transpose and kinds.get(identity(a)) == "vector":
                    found.setdefault(identity(a), None)


def _rows_by_hadamard(b: Binder, kinds: dict[tuple[object, ...], str],
                      found: dict[tuple[object, ...], int | None]) -> bool:
    """The vectors of an element-wise product with a row (``\\mathbf{m} \\odot \\mathbf{h}``, h a row): rows too, as
    the product and its operands have one shape; whether any was added."""
    added = False
    for k, p in b.ph.items():
        if p.kind != "hadamard":
            continue
        inside = [j for j in _bracketed(b, k) if not b.atoms[j].transpose and b.roles[j].kind != "family"]
        if any(identity(b.atoms[j]) in found for j in inside):
            for j in inside:
                if kinds.get(identity(b.atoms[j])) == "vector" and identity(b.atoms[j]) not in found:
                    found[identity(b.atoms[j])] = None
                    added = True
    return added


def _group_rows(b: Binder, k: int, kinds: dict[tuple[object, ...], str],
                found: dict[tuple[object, ...], int | None]) -> None:
    """The vectors of a bracketed value written right before a weight (an element-wise product, a sum): rows."""
    for j in _bracketed(b, k):
        a = b.atoms[j]
        if a is not None and not a.transpose and b.roles[j].kind != "family" and kinds.get(identity(a)) == "vector":
            found.setdefault(identity(a), j)


def _bracketed(b: Binder, k: int) -> list[int]:
    """The names inside a bracket or an element-wise product ``k``, to any depth."""
    return [j for e in inner_exprs(b.ph[k]) for j in reachable(b.ph, e) if j in b.atoms]


def _row_valued(b: Binder, e: sympy.Basic, rows: dict[tuple[object, ...], int | None]) -> bool:
    """Is ``e`` a product that starts with a row vector, or a sum of one, or an element-wise function of one?"""
    if isinstance(e, sympy.Add):
        return any(_row_valued(b, t, rows) for t in e.args)
    if isinstance(e, sympy.Mul):
        factors = _in_order(b, e)
        k = placeholder_id(factors[0]) if factors else None
        a = b.atoms.get(k) if k is not None else None
        if a is None and k is not None and b.ph[k].kind in ("hadamard", "group") and len(factors) > 1:
            return any(identity(b.atoms[j]) in rows for j in _bracketed(b, k))  # (s \odot r) W^h
        if a is None and k is not None and b.ph[k].kind == "call" and len(factors) > 1:
            return _row_valued(b, factors[0], rows)  # Shazeer's FFN \max(0, xW_1 + b_1) W_2, code's relu(x @ W1) @ W2
        return a is not None and not a.transpose and identity(a) in rows and len(factors) > 1
    k = placeholder_id(e)
    p = b.ph.get(k) if k is not None else None
    if p is not None and p.kind == "group":
        return _row_valued(b, p.data["inner"].expr, rows)
    if p is not None and p.kind == "hadamard":  # Goldberg's dropout \mathbf{m} \odot \mathbf{h}, h a row
        return any(identity(b.atoms[j]) in rows for j in _bracketed(b, k))  # type: ignore[arg-type]
    if p is not None and p.kind == "call" and len(p.data["args"]) == 1:
        return _row_valued(b, p.data["args"][0].expr, rows)
    if p is not None and p.kind == "call" and p.data.get("known") in PAIRWISE_EXTREMA:  # \max(0, xW_1 + b_1)
        return any(_row_valued(b, a.expr, rows) for a in p.data["args"])
    return False


def row_biases(b: Binder, kinds: dict[tuple[object, ...], str], rows: dict[tuple[object, ...], int | None],
               ) -> dict[tuple[object, ...], int]:
    """Identities of the vectors added, as biases, to a row-major product → the placeholder of one such use;
    ``rows`` are the row vectors (:func:`row_vectors`)."""
    found: dict[tuple[object, ...], int] = {}
    for expr in b.exprs:
        for add in expr.atoms(sympy.Add) | ({expr} if isinstance(expr, sympy.Add) else set()):
            products = [t for t in map(lambda t: _group_inner(b, t), add.args) if isinstance(t, sympy.Mul)]
            row_major = False
            for t in products:
                factors = _in_order(b, t)
                atoms = [_factor_atom(b, f) for f in factors]
                last = atoms[-1] if atoms else None  # tf.matmul(x, w): a lower-case w read as a matrix is a weight
                if len(atoms) >= 2 and last is not None and (_is_weight(last) or (
                        last.base == "w" and kinds.get(identity(last)) == "matrix")):
                    first = atoms[0]  # data: a matrix, a row, or a row's value (Vaswani's \max(0, xW_1 + b_1) W_2)
                    data = (_row_valued(b, factors[0], rows) if first is None else not _weight_first(first, last)
                            and (kinds.get(identity(first)) == "matrix" or identity(first) in rows))
                    row_major = row_major or data
            if not row_major:
                continue
            for t in add.args:
                k = placeholder_id(t)
                if k is not None and k in b.atoms and kinds.get(identity(b.atoms[k])) == "vector":
                    found.setdefault(identity(b.atoms[k]), k)
    return found


def juxtaposed_vectors(b: Binder, a: int, c: int) -> tuple[Span, str, str] | None:
    """Two bold names written side by side with nothing between, at source positions ``a`` and ``c``, both column
    vectors (Burkov's ``\\mathbf{w}_{l,u}\\mathbf{z} + b_{l,u}``: he writes wx for the dot product w·x): (the span of
    the pair, the first, the second), read as their dot product (noted ``juxtaposed-dot``); None otherwise."""
    first, second = b.atom_written_at(a), b.atom_written_at(c)
    if first is None or second is None or not (b.atoms[first].bold and b.atoms[second].bold) \
            or "family" in (b.roles[first].kind, b.roles[second].kind):
        return None  # (Srivastava et al.'s \mathbf{w}_i \mathbf{y}: a unit's row of weights, noted there)
    if b.atoms[first].transpose or b.atoms[second].transpose or b.source[b.ph[first].span.end : c].strip():
        return None
    if b.atoms[second].primes or re.search(r"\\text(?:bf|it|rm)?\s*\{\s*$", b.source[max(0, a - 12) : a]):
        return None  # Salimans & Kingma's \mathbf{w}\mathbf{w}' (w' its transpose); \textbf{if}: a word
    if not _beside_plain_bias(b, first, second):
        return None  # \mathbf{y} = \mathbf{a}\mathbf{b}, dW = 2\mathbf{r}\mathbf{x}: a transpose missing, refused
    written = [b.source[b.ph[k].span.start : b.ph[k].span.end] for k in (first, second)]
    return Span(a, b.ph[second].span.end), written[0], written[1]


def _beside_plain_bias(b: Binder, first: int, second: int) -> bool:
    """Is the product of the placeholders ``first`` and ``second`` a term of a sum beside a plain name, a number (a
    neuron's bias: ``\\mathbf{w}\\mathbf{x} + b``)?"""
    for e in b.exprs:
        for add in e.atoms(sympy.Add):
            for term in add.args:
                ids = {placeholder_id(x) for x in term.free_symbols}
                if not {first, second} <= ids:
                    continue
                for other in add.args:
                    k = placeholder_id(other.as_coeff_Mul()[1])  # e^{-(\\mathbf{w}\\mathbf{x} + b)}: -b
                    if other is not term and k in b.atoms and not b.atoms[k].bold and b.roles[k].kind == "scalar" \
                            and not b.atoms[k].base[:1].isupper():
                        return True
    return False
