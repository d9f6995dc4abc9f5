r"""A state-space model's linear recurrence: ``h_t = \bar{A} h_{t-1} + \bar{B} x_t`` (S4, Mamba, the discretised SSM).

``state_space_model``: the statement's own state at the step before, times a matrix, plus a matrix times an input,
and nothing else: no activation (a vanilla RNN's ``\tanh(W h_{t-1} + U x_t)`` is ``rnn_cell``), no gate (a GRU's
``z_t \odot h_{t-1}``).  Noted as a linear RNN: it can be unrolled into a convolution, and read out by
``y_t = C h_t``.
"""

from __future__ import annotations

import sympy
from sympy.matrices.expressions.matexpr import MatrixExpr

from symdl.chunk.algebra import terms
from symdl.chunk.optim_steps import earlier_value
from symdl.chunk.registry import Concept, Context, Match


def _matrix_times(t: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic] | None:
    """``(A, v)`` of a matrix times a vector written ``A v``, else None."""
    if type(t).__name__ != "MatMul" or len(t.args) != 2:
        return None
    a, v = t.args
    if not (isinstance(a, MatrixExpr) and 1 not in a.shape and isinstance(v, MatrixExpr) and v.shape[1] == 1):
        return None
    return a, v


def _state_space_model(expr: sympy.Basic, ctx: Context) -> Match | None:
    st = ctx.statement
    if st is None or expr != st.rhs or st.target is None or not isinstance(expr, MatrixExpr):
        return None
    prev = st.previous if st.previous is not None else earlier_value(st.target, expr, ctx)
    parts = terms(expr)
    if prev is None or len(parts) != 2:
        return None
    for state, drive in (parts, parts[::-1]):
        a, b = _matrix_times(state), _matrix_times(drive)
        if a is None or b is None or a[1] != prev or b[1] == prev or b[1].has(st.target):
            continue
        return Match("state_space_model", roles=(("state matrix", a[0]), ("input matrix", b[0]),
                                                 ("previous state", prev), ("input", b[1])),
                     note=f"the state ${ctx.latex(st.target)}$ is ${ctx.latex(a[0])}$ times the previous state plus "
                          f"${ctx.latex(b[0])}$ times the input ${ctx.latex(b[1])}$: a linear recurrence, no "
                          "activation, so it unrolls into a convolution over the inputs")
    return None


CONCEPTS: tuple[Concept, ...] = (
    Concept(
        "state_space_model", "state-space model (linear recurrence)", "carries a state forward linearly: a matrix "
        "times the previous state plus a matrix times the input",
        "h_t = Ā h_{t−1} + B̄ x_t, y_t = C h_t: a linear RNN with no activation between steps. Discretised from the "
        "continuous h'(t) = A h(t) + B x(t) with a step Δ (Ā = exp(ΔA)), it can be computed as a recurrence, one "
        "step at a time, or unrolled into one long convolution with the kernel (C B̄, C Ā B̄, C Ā² B̄, ...): S4 and "
        "Mamba (whose Δ, B and C depend on the input) are built on it.",
        ("state matrix", "input matrix", "previous state", "input"), ("rnn_cell", "linear_layer"), "layer",
        _state_space_model, heads=(sympy.MatAdd,), subsumes=("linear_layer",),
    ),
)
