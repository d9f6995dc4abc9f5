"""Which kind of letter a name is, for the rules of :mod:`symdl.bind.kinds`: a plain Latin capital (``W``), a plain
lower-case letter (``x``), a Greek capital that names a matrix (``\\Lambda``), a family's vector (``x_i``)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import sympy

from symdl.bind.shapes import declared_shape
from symdl.read.syntax import AtomSpec, placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder


#: the capitals weight matrices take (Shazeer's GLU x W, x V; an RNN's U, V, W), not counts (x N, T x)
WEIGHT_CAPITALS = frozenset({"W", "V", "U"})

#: plain letters that count (samples, entries): numbers even inside a reduction's argument or dividing a matrix's
#: value (X.T @ (p - y) / N)
COUNT_LETTERS = frozenset({"N", "n", "m"})


def batch_size(a: AtomSpec) -> bool:
    """The batch size's plain N (no subscript, decoration, bold or word): a number beside an array even with a ``*``
    (cs231n's ``N * dxhat``; the lower-case count letters n and m stay promotable: Adam's m is a moment vector, n a
    noise vector)."""
    return a.base == "N" and a.sub is None and not (a.bold or a.decorations or a.word or a.transpose)


#: the batch size's capitals: before a written \cdot and an array, a count that scales it (noted count-dot)
BATCH_CAPITALS = frozenset({"N", "B"})


def count_capital(a: AtomSpec) -> bool:
    """A plain N or B (no subscript, decoration, bold or word): a batch size when a \\cdot joins it to an array."""
    return a.base in BATCH_CAPITALS and a.sub is None and not (a.bold or a.decorations or a.word or a.transpose
                                                              or a.layer is not None)


def plain_letter(b: Binder, k: int) -> bool:
    """One plain Latin letter (not bold, Greek or a word; subscripts allowed) that nothing declares."""
    a = b.atoms[k]
    return (len(a.base) == 1 and a.base.isascii() and a.base.isalpha() and not (a.bold or a.greek or a.word)
            and declared_shape(a, b.declared) is None)


def plain_capital(b: Binder, k: int) -> bool:
    """A plain upper-case Latin letter (W, W_1, W_{hh}) that nothing declares, not a family's entry."""
    a = b.atoms[k]
    return (plain_letter(b, k) and a.base.isupper() and not a.decorations and not a.primes and a.d_of is None
            and b.roles[k].kind != "family")


#: a capital with a label superscript of letters: W^Q, W^O, W^{QK} (not a power, not a step)
LABELLED = re.compile(r"^[A-Z]\^[A-Za-z]+$")


def labelled_capital(b: Binder, k: int) -> bool:
    """A capital with a label superscript (``W^Q``, ``W^O_i``: Vaswani's projections), nothing declaring it, no index
    running over it."""
    a = b.atoms[k]
    return (bool(LABELLED.match(a.base)) and not (a.bold or a.greek or a.transpose or a.decorations or a.primes)
            and b.roles[k].kind != "family" and declared_shape(a, b.declared) is None)


def weight_capital(b: Binder, k: int) -> bool:
    """A plain capital (``W``, ``W_1``) or one with a label superscript (``W^Q``): a weight matrix before a vector."""
    return plain_capital(b, k) or labelled_capital(b, k)


def capital(b: Binder, k: int) -> bool:
    """An upper-case Latin letter that nothing declares a number, a weight matrix however labelled (W^V, W_{hh})."""
    a = b.atoms[k]
    letter = a.base.split("^")[0]  # W^V: the V labels the matrix
    return (len(letter) == 1 and letter.isascii() and letter.isupper() and not a.greek
            and declared_shape(a, b.declared) != () and b.roles[k].kind != "family")


def plain_lower(b: Binder, k: int) -> bool:
    """A plain lower-case Latin letter (x, h, \\hat x) that nothing declares and no index runs over."""
    a = b.atoms[k]
    return plain_letter(b, k) and a.base.islower() and not a.primes and b.roles[k].kind != "family"


#: Greek capitals that name matrices (a factor loading \Lambda, a covariance \Sigma, a design matrix \Phi), not
#: operators (\Delta, \Pi) or sets
MATRIX_GREEK = frozenset({"Lambda", "Sigma", "Phi", "Psi", "Gamma", "Omega", "Theta"})  # Θ: Ng's and Eisenstein's
# parameter matrices \Theta^{(l)}


def matrix_greek(b: Binder, k: int) -> bool:
    """A plain Greek capital that names a matrix (\\Lambda, \\Sigma_k), undeclared, not a family's entry."""
    a = b.atoms[k]
    return (a.greek and a.base.split("^")[0] in MATRIX_GREEK  # \Theta^{(x \to z)}: its label after the ^
            and not (a.bold or a.decorations or a.primes or a.transpose) and a.d_of is None
            and declared_shape(a, b.declared) is None and b.roles[k].kind != "family")


def lower_name(b: Binder, k: int) -> bool:
    """A plain lower-case Latin or Greek letter (z, w, \\mu) that nothing declares and no index runs over; or a bold
    one (Eisenstein's \\Theta \\mathbf{z})."""
    a = b.atoms[k]
    greek = a.greek and a.base[:1].islower() and len(a.base) > 1 and not (a.bold or a.primes or a.word)
    bold = a.bold and a.base[:1].islower() and not (a.primes or a.word) and a.sample is None
    return plain_lower(b, k) or ((greek or bold) and declared_shape(a, b.declared) is None
                                 and b.roles[k].kind != "family")


def gated_names(b: Binder, e: sympy.Basic) -> list[int | None]:
    """The names of one part of a bracket list: the name itself, or the two names of a gate's product (a GRU's
    ``[r_t \\odot h_{t-1}, x_t]``, Olah's ``[r_t * h_{t-1}, x_t]``: the reset gate times the state, entry by entry)."""
    k = placeholder_id(e)
    if k is not None and k in b.ph and b.ph[k].kind == "hadamard":
        ops = [placeholder_id(op.expr) for op in b.ph[k].data["operands"]]
        return ops if len(ops) == 2 else [None]
    if isinstance(e, sympy.Mul) and len(e.args) == 2:
        return [placeholder_id(f) for f in e.args]
    return [k]


def names_listed(b: Binder, k: int) -> bool:
    """``[h_{t-1}, x_t]``, ``[h_{t-1}; x_t]``: a bracket listing two or more plain names (no numbers), none a
    family's, at least one lower-case; a plain capital among them is a state vector too (Olah's peephole LSTM
    ``[C_{t-1}, h_{t-1}, x_t]``, the cell state C beside h and x); capitals alone when each has a subscript (a GRU's
    ``W_z [H_{t-1}, X_t]``: the states at steps)."""
    p = b.ph[k]
    if p.kind not in ("vector", "concat") or len(p.data["parts"]) < 2:
        return False
    keys = [key for part in p.data["parts"] for key in gated_names(b, part.expr)]
    if not all(key is not None and key in b.atoms and not b.atoms[key].decorations for key in keys):
        return False
    lower = [key for key in keys if plain_lower(b, key)]
    stepped = all(b.atoms[key].sub is not None for key in keys)  # a GRU's [H_{t-1}, X_t]: states at steps, vectors
    return (bool(lower) or stepped) and all(key in lower or plain_capital(b, key) for key in keys)


def family_vector(b: Binder, k: int) -> bool:
    """A plain or bold lower-case letter that a free index makes a family (cs231n's x_i, the i-th example; Vaswani's
    and Bishop's \\mathbf{x}_i)."""
    a = b.atoms[k]
    bold = (a.bold and len(a.base) == 1 and a.base.isascii() and a.base.isalpha() and not (a.greek or a.word)
            and declared_shape(a, b.declared) is None)
    return (plain_letter(b, k) or bold) and a.base.islower() and b.roles[k].kind == "family" and a.sub is not None


#: the opening of code's dot call right before its first factor (np.dot(, torch.dot(, dot()
_DOT_CALL = re.compile(r"(?<![A-Za-z\\])(?:[A-Za-z]+\.)*dot\(\s*$")
#: the opening of code's dot call and its first argument, right before its second: np.dot(Wxh, (Karpathy's min-char-rnn)
DOT_SECOND = re.compile(r"(?<![A-Za-z_])(?:[A-Za-z]+\.)*dot\(\s*[^(),]+,\s*$")


def touching(b: Binder, left: int, right: int) -> bool:
    """Nothing but spaces between the two names in the source (``W x``, ``W\\,x``, not ``W \\cdot x``), or code's
    matrix product sign ``@`` (PEP 465: ``W @ x`` is ``W x``; the reader refused every other ``@``)."""
    between = b.source[b.ph[left].span.end : b.ph[right].span.start]
    if between.strip() == "," and _DOT_CALL.search(b.source[: b.ph[left].span.start]):
        return True  # np.dot(W, x), Karpathy's np.dot(Wxh, xs[t]): the reader made it the product W x
    return not between.replace("\\,", "").replace("\\ ", "").replace("@", "").strip()
