"""``*`` between names: a product of numbers, an element-wise product, or a convolution.

Between numbers ``*`` is multiplication (code's ``2 * x``); between two vectors the shape pass reads it element-wise
(noted ``star-elementwise``).  Deep-learning texts also write it between arrays that nothing marks as arrays: the
older PyTorch docs' LSTM ``c_t = f_t * c_{t-1} + i_t * g_t`` (element-wise), and ConvLSTM's and CNN papers'
``W_{xi} * X_t`` (a convolution of a weight kernel with the input).  A weight's capital before ``*`` is read as that
convolution, which symdl does not read: refused by name.  A state or gate at a step (``f_t``, ``c_{t-1}``)
multiplied by ``*`` with a name that stays a number is a product of numbers, noted ``star-product`` (the reading a
reader may not mean); an activation's ``x * \\sigma(x)`` is not noted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sympy

from symdl.bind.entrydefs import set_values
from symdl.bind.names import identity, step_letter
from symdl.bind.shapes import declared_shape
from symdl.bind.valuekind import value_kind
from symdl.errors import NotSupported, Span
from symdl.read.syntax import placeholder_id, placeholder_text
from symdl.read.words import code_formula

if TYPE_CHECKING:
    from symdl.bind.binder import Binder

#: the capitals a weight or kernel takes before ``*`` (ConvLSTM's W_{xi} * X_t, a CNN's K * I)
KERNEL_CAPITALS = frozenset({"W", "K"})


def star_operands(b: Binder) -> list[tuple[int, int, int]]:
    """``(position of the *, left placeholder, right placeholder)`` for each ``*`` written right between two
    placeholders (the outermost one on each side: the call ``\\tanh(c_t)``, not the c_t inside it)."""
    out = []
    for pos in b.rr.dot_positions:
        width = _star_width(b.source, pos)  # * or WaveNet's \ast
        if not width:
            continue
        left = [k for k, p in b.ph.items() if p.span.end <= pos and not b.source[p.span.end : pos].strip()]
        right = [k for k, p in b.ph.items() if p.span.start > pos and not b.source[pos + width : p.span.start].strip()]
        if left and right:
            out.append((pos, min(left, key=lambda k: b.ph[k].span.start), max(right, key=lambda k: b.ph[k].span.end)))
    return out


def _star_width(source: str, pos: int) -> int:
    """How many characters the star written at ``pos`` takes: 1 for ``*``, 4 for TeX's ``\\ast`` (not the start of a
    longer command), 0 for no star."""
    if source[pos] == "*":
        return 1
    return len("\\ast") if source.startswith("\\ast", pos) and not source[pos + 4 : pos + 5].isalpha() else 0


#: the letters an input takes beside a bold kernel (WaveNet's W_{f,k} * \mathbf{x}, the gated CNN's X * W, I * K)
INPUT_LETTERS = frozenset("xXhHzZuI")


def _kernel(b: Binder, kernel: Any, other: Any) -> bool:
    r"""Is ``kernel * other`` (either order) a weight or kernel and an input: a plain W or K (ConvLSTM's
    W_{xi} * X_t), or a bold one beside an input letter in a formula written in TeX (the gated CNN's
    \mathbf{X} * \mathbf{W}; code's x * W stays element-wise)?"""
    if kernel.base not in KERNEL_CAPITALS or kernel.transpose or declared_shape(kernel, b.declared) == ():
        return False
    return not kernel.bold or (other.base in INPUT_LETTERS and not code_formula(b.source))


def refuse_kernel_star(b: Binder) -> None:
    """``W_{xi} * X_t``: a weight's capital (no transpose, not declared a number) before ``*`` and a name, or a bold
    kernel on either side of an input: the convolution of ConvLSTM, WaveNet and CNN papers, refused by name."""
    for pos, kl, kr in star_operands(b):
        left, right = b.atoms.get(kl), b.atoms.get(kr)
        if pos in b.gate_positions:  # the PyTorch 0.x docs' W_{ih} * x_t: a matrix times a vector
            continue
        if left is None or right is None or not (_kernel(b, left, right) or (right.bold and _kernel(b, right, left))):
            continue
        span = Span(b.ph[kl].span.start, b.ph[kr].span.end)
        raise NotSupported(
            f"{b.source[span.start : span.end]}: '*' between a weight and an input is a convolution in the papers "
            "that write it so (ConvLSTM's W_{xi} * X_t, WaveNet's W_{f,k} * x, the gated CNN's X * W + b, a CNN's "
            "kernel), and a convolution is not read",
            source=b.source, span=span,
            hint=f"for a matrix product write {left.spelling} {right.spelling}; for an element-wise product "
                 f"{left.spelling} \\odot {right.spelling}; for numbers, declare {left.spelling} \\in \\mathbb{{R}}")


def star_products(b: Binder) -> list[tuple[Span, str, str]]:
    """Each ``*`` read as a product of numbers although a name stands on both sides (the PyTorch docs' LSTM
    ``f_t * c_{t-1}``, GRU's bracketed ``(1 - z_t) * n_t``, LSTMCell's ``c' = f * c + i * g``): ``(span, left,
    right)`` for the note ``star-product``."""
    out = []
    primed = _next_state(b)  # PyTorch's LSTMCell c' = f * c + i * g: a cell's next state, primed
    for start, left, right in _star_sides(b):
        named = [a for k in (*left, *right) if (a := b.atoms.get(k)) is not None]
        if not (primed or any(step_letter(a) for a in named)) or any(
                identity(a) in b.kinds or a.bold or a.word for a in named):
            continue  # a state or gate at a step (f_t, c_{t-1}), an array in those texts; x * \sigma(x) is no note
        if not named or any(value_kind(b, sympy.Symbol(placeholder_text(k)), b.kinds) != "scalar"
                            for k in (*left, *right)):
            continue
        end = b.ph[right[0]].span.end
        star = next(k for k in range(start, end) if _star_width(b.source, k))
        out.append((Span(start, end), b.source[start:star].strip(),
                    b.source[star + _star_width(b.source, star) : end].strip()))
    return out


def _star_sides(b: Binder) -> list[tuple[int, list[int], list[int]]]:
    """``(where the left side starts, its placeholders, the right side's)`` for each ``*`` between two operands: a
    placeholder on each side (the outermost), or a bracket on the left, ``(1 - z_t) * n_t`` (every name in it)."""
    out = [(b.ph[kl].span.start, [kl], [kr]) for _, kl, kr in star_operands(b)]
    for pos in b.rr.dot_positions:
        before = b.source[:pos].rstrip()
        if b.source[pos] != "*" or not before.endswith(")"):
            continue
        opening = _opening(b.source, len(before) - 1)
        right = [k for k, p in b.ph.items() if p.span.start > pos and not b.source[pos + 1 : p.span.start].strip()]
        inside = [k for k, p in b.ph.items() if opening is not None and opening < p.span.start < len(before)]
        if opening is not None and right and inside:
            out.append((opening, inside, [max(right, key=lambda k: b.ph[k].span.end)]))
    return sorted(out)


def _opening(source: str, close: int) -> int | None:
    """The position of the '(' matching the ')' at ``close``."""
    depth = 0
    for at in range(close, -1, -1):
        depth += {")": 1, "(": -1}.get(source[at], 0)
        if depth == 0:
            return at
    return None


def _next_state(b: Binder) -> bool:
    """Does a statement set a primed name (the PyTorch docs' LSTMCell ``c' = f * c + i * g``, ``h' = ...``): a
    cell's next state, whose gates and states are arrays in those texts?"""
    for st in b.rr.statements:
        if len(st.sides) >= 2 and (a := b.atom_of(st.sides[0].expr)) is not None and a.primes:
            return True
    return False


#: the gate labels of the PyTorch 0.x docs' RNN, LSTM and GRU cells (w_{ih}, w_{hh}; w_{ii}, w_{hi}, ... w_{hn})
GATE_LABELS = frozenset({"ih", "hh", "ii", "hi", "if", "hf", "ig", "hg", "io", "ho", "ir", "hr", "iz", "hz", "in",
                         "hn"})


def gate_weight_stars(b: Binder) -> list[tuple[int, int, int]]:
    """``(position of the *, weight, vector)`` for each ``w_{ih} * x_t``: a weight w or W with a gate label before
    ``*`` and the input x or the state h at a step after it (the PyTorch 0.x docs' ``h_t = \\tanh(w_{ih} * x_t +
    b_{ih} + w_{hh} * h_{(t-1)} + b_{hh})``), the matrix-vector product there (noted ``star-gate-weight``)."""
    out = []
    for pos, kl, kr in star_operands(b):
        w, v = b.atoms.get(kl), b.atoms.get(kr)
        if w is None or v is None or w.base not in ("w", "W") or w.sub is None or w.transpose:
            continue
        label = w.sub.text.replace(" ", "").strip("{}")
        step = v.sub.text.replace(" ", "").strip("{}()") if v.sub is not None else ""
        if label in GATE_LABELS and v.base in ("x", "h") and not v.transpose and step in ("t", "t-1"):
            out.append((pos, kl, kr))
    return out


def seed_gate_stars(b: Binder, kinds: dict[tuple[object, ...], str]) -> None:
    """The weights of :func:`gate_weight_stars` matrices, their inputs and states vectors."""
    for _, kl, kr in b.gate_stars:
        kinds[identity(b.atoms[kl])] = "matrix"
        kinds[identity(b.atoms[kr])] = "vector"


#: the squashing functions LSTM and GRU cells apply to a state before ``*`` (Olah's o_t * \tanh(C_t)): entry-wise
SQUASHING = frozenset({"tanh", "sigmoid"})


def _state_operand(b: Binder, k: int, kinds: dict[tuple[object, ...], str]) -> int | None:
    """The name a ``*`` operand stands for when it is a Latin state at a step (``C_t``, ``c_{t-1}``, ``\\tilde{C}_t``),
    bare or squashed (``\\tanh(C_t)``), that nothing shapes: its placeholder, else None."""
    p = b.ph[k]
    if p.kind == "call" and p.data.get("known") in SQUASHING and len(p.data.get("args", ())) == 1:
        inner = placeholder_id(p.data["args"][0].expr)
        k = inner if inner is not None else -1
    a = b.atoms.get(k)
    if a is None or step_letter(a) is None or a.bold or a.word or a.greek or a.transpose or b.roles[k].kind == "family":
        return None  # a Greek name at a step is a rate or a coefficient (\eta_t * g_t), a number
    return k if identity(a) not in kinds and declared_shape(a, b.declared) is None else None


def promote_star_states(b: Binder, kinds: dict[tuple[object, ...], str]) -> None:
    """``*`` between a column vector and a state at a step (Olah's LSTM ``h_t = o_t * \\tanh(C_t)``, the output gate
    o_t a vector): the element-wise product of two vectors, so the state is a vector of the gate's shape (noted
    ``star-state-vector``); as a number, C_t scaled the whole gate, silently."""
    for _, kl, kr in star_operands(b):
        for vec, other in ((kl, kr), (kr, kl)):
            state = _state_operand(b, other, kinds)
            if state is not None and value_kind(b, sympy.Symbol(placeholder_text(vec)), kinds) == "col":
                kinds[identity(b.atoms[state])] = "vector"
                span = b.ph[vec].span
                b.star_states.append((state, b.atoms[state].spelling, b.source[span.start : span.end]))


#: the functions code applies entry by entry to an array whose arguments :func:`promote_star_calls` makes arrays
#: (numpy's and PyTorch's exp, log ...; not sqrt: a normalisation's sqrt(var + eps) divides by a number)
_ENTRYWISE_CODE = frozenset({"exp", "log", "tanh", "sigmoid", "abs", "square", "relu", "softplus"})


def promote_star_calls(b: Binder, kinds: dict[tuple[object, ...], str]) -> None:
    """Code's ``*`` between an array and an entry-wise function of code words (the VAE's ``torch.exp(0.5 * logvar)
    * torch.randn_like(mu)``): numpy and PyTorch multiply entry by entry, and the function keeps its argument's shape,
    so the words inside (``logvar``) are arrays of the other operand's kind.  Greek names and one-letter names (a rate,
    a step) stay numbers; only in a formula written as code."""
    if not b.code:
        return
    for _, kl, kr in star_operands(b):
        for vec, other in ((kl, kr), (kr, kl)):
            p = b.ph[other]
            if (p.kind != "call" or p.data.get("known") not in _ENTRYWISE_CODE or len(p.data.get("args", ())) != 1
                    or value_kind(b, sympy.Symbol(placeholder_text(vec)), kinds) != "col"):
                continue
            arg = p.data["args"][0].expr
            if any((k := placeholder_id(f)) is not None and k in b.ph and b.ph[k].kind != "atom"
                   for f in sympy.preorder_traversal(arg)):
                continue  # RMSNorm's torch.sqrt(torch.mean(x ** 2) + eps) * weight: a reduction inside, eps a number
            for f in sympy.preorder_traversal(arg):
                a = b.atom_of(f) if placeholder_id(f) is not None else None
                if (a is not None and a.word and not a.greek and not a.base.startswith("eps") and not a.transpose
                        and identity(a) not in kinds and not set_values(b, a)  # var = jnp.mean(...): a statistic
                        and b.roles[placeholder_id(f)].kind != "family" and declared_shape(a, b.declared) is None):
                    kinds[identity(a)] = "vector"
