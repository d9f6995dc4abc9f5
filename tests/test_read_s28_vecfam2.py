"""Families of vectors and matrices whose index is free in the whole formula, session 28 (issue 12).

Books write layer-by-layer equations "for each k" with families of bold vectors and matrices (Prince's Understanding
Deep Learning: ``\\mathbf{f}_k = \\boldsymbol\\beta_k + \\boldsymbol\\Omega_k \\mathbf{h}_k,\\ \\mathbf{h}_{k+1} =
\\mathbf{a}[\\mathbf{f}_k]`` and his backpropagation).  Where no sum binds the index, no name stands for it, it is on
the left side (or the formula is an expression), and only bold members carry it as their lone subscript, each member
is a vector or matrix of its own named with its subscript (``family-member-each``); before, the family readings
refused the formula (a member of a family of vectors is one row of an array there).  The rule is taken only where
those readings refuse, so what they read keeps its reading; sums over the members and the near misses stay refused.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import symdl
from symdl.errors import NotSupported

RNG = np.random.default_rng(28)
B3, H4, G3, F4 = (RNG.normal(size=n) for n in (3, 4, 3, 4))
OM = RNG.normal(size=(3, 4))
A2, X2, U1 = RNG.normal(size=(2, 2)), RNG.normal(size=2), RNG.normal(size=1)
BU = RNG.normal(size=(2, 1))
PRINCE_GRAD_F = (r"\frac{\partial \ell_i}{\partial \mathbf{f}_{k-1}} = \mathbb{I}[\mathbf{f}_{k-1}>0] \odot "
                 r"\left(\boldsymbol\Omega_k^T \frac{\partial \ell_i}{\partial \mathbf{f}_k}\right)")
DL_DF = r"\frac{\partial\ell_i}{\partial\mathbf{f}_k}"

# (id, source, latex, arguments by spelling, the value plain numpy gives, the first member's spelling)
VALUES: list[tuple[str, str, str, dict[str, Any], Any, str]] = [
    ("prince-pre-activation", "Prince, Understanding Deep Learning (2023) eq. 7.5: f_k = beta_k + Omega_k h_k",
     r"\mathbf{f}_k = \boldsymbol\beta_k + \boldsymbol\Omega_k \mathbf{h}_k",
     {r"\boldsymbol\beta_k": B3, r"\boldsymbol\Omega_k": OM, r"\mathbf{h}_k": H4}, B3 + OM @ H4, r"\mathbf{f}_k"),
    ("prince-next-layer", "Prince eq. 4.15 style: the next member h_{k+1} of a ReLU layer",
     r"\mathbf{h}_{k+1} = \mathrm{ReLU}[\boldsymbol\beta_k + \boldsymbol\Omega_k \mathbf{h}_k]",
     {r"\boldsymbol\beta_k": B3, r"\boldsymbol\Omega_k": OM, r"\mathbf{h}_k": H4}, np.maximum(B3 + OM @ H4, 0),
     r"\mathbf{h}_{k+1}"),
    ("prince-grad-weights", "Prince eq. 7.22: the loss' gradient by Omega_k, an outer product",
     r"\frac{\partial \ell_i}{\partial \boldsymbol\Omega_k} = \frac{\partial \ell_i}{\partial \mathbf{f}_k}"
     r"\mathbf{h}_k^T", {DL_DF: G3, r"\mathbf{h}_k": H4}, np.outer(G3, H4), r"\boldsymbol\Omega_k"),
    ("prince-grad-previous", "Prince eq. 7.23: the gradient by the previous member f_{k-1} through the ReLU",
     PRINCE_GRAD_F, {DL_DF: G3, r"\mathbf{f}_{k-1}": F4, r"\boldsymbol\Omega_k": OM}, (F4 > 0) * (OM.T @ G3),
     r"\mathbf{f}_{k-1}"),
    ("prince-grad-hidden", "Prince eq. 7.20: the gradient by h_k, Omega_k^T times the gradient by f_k",
     r"\frac{\partial \ell_i}{\partial \mathbf{h}_k} = \boldsymbol\Omega_k^T \frac{\partial \ell_i}{\partial "
     r"\mathbf{f}_k}", {DL_DF: G3, r"\boldsymbol\Omega_k": OM}, OM.T @ G3, r"\mathbf{h}_k"),
    ("prince-sgd-step", "Prince eq. 6.11 per layer: Omega_k <- Omega_k - alpha dL/dOmega_k",
     r"\boldsymbol\Omega_k \leftarrow \boldsymbol\Omega_k - \alpha \frac{\partial L}{\partial \boldsymbol\Omega_k}",
     {r"\boldsymbol\Omega_k": OM, r"\alpha": 0.1, r"\frac{\partial L}{\partial\boldsymbol\Omega_k}": 2 * OM},
     0.8 * OM, r"\boldsymbol\Omega_k"),
    ("state-space-step", "a linear state space model (Kalman 1960; S4's discretised x_{k+1} = A x_k + B u_k)",
     r"\mathbf{x}_{k+1} = \mathbf{A}\mathbf{x}_k + \mathbf{B}\mathbf{u}_k",
     {r"\mathbf{A}": A2, r"\mathbf{x}_k": X2, r"\mathbf{B}": BU, r"\mathbf{u}_k": U1}, A2 @ X2 + BU @ U1,
     r"\mathbf{x}_{k+1}"),
    ("function-at-member", "a function defined at one member, f(x_i) = W x_i (was refused, session 21's row)",
     r"f(\mathbf{x}_i) = \mathbf{W}\mathbf{x}_i", {r"\mathbf{W}": OM, r"\mathbf{x}_i": H4}, OM @ H4,
     r"\mathbf{x}_i"),
    ("member-concatenated", "a member concatenated with a vector, one longer vector per member (was refused, "
     "session 22's row)", r"\mathbf{z}_i = [\mathbf{x}_i; \mathbf{y}]", {r"\mathbf{x}_i": H4, r"\mathbf{y}": B3},
     np.concatenate([H4, B3]), r"\mathbf{z}_i"),
    ("member-quadratic-form", "a quadratic form of one k's members (an expression: it holds for each k)",
     r"\mathbf{h}_k^T \boldsymbol\Omega_k \mathbf{h}_k", {r"\mathbf{h}_k": F4[:3], r"\boldsymbol\Omega_k": OM[:, :3]},
     F4[:3] @ OM[:, :3] @ F4[:3], r"\mathbf{h}_k"),
]


@pytest.mark.parametrize(("latex", "args", "expected", "first"), [c[2:] for c in VALUES], ids=[c[0] for c in VALUES])
def test_member_value(latex: str, args: dict[str, Any], expected: Any, first: str) -> None:
    f = symdl.parse(latex)
    got = symdl.lambdify(f)(**args)
    np.testing.assert_allclose(np.asarray(got, dtype=float).reshape(np.shape(expected)), expected, rtol=1e-12)
    notes = [n for n in f.notes if n.rule == "family-member-each"]
    assert len(notes) == 1
    assert latex[notes[0].span.start : notes[0].span.end].replace("^T", "") == first


def test_prince_layer_system_shapes() -> None:
    """Prince's layer and its activation, two statements: each member a name of its own, shapes that agree."""
    f = symdl.parse(r"\mathbf{f}_k = \boldsymbol\beta_k + \boldsymbol\Omega_k \mathbf{h}_k,\quad "
                    r"\mathbf{h}_{k+1} = \mathbf{a}[\mathbf{f}_k]")
    s = f.symbols
    f_k, beta, omega, h_k, h_next = (s[x] for x in (r"\mathbf{f}_k", r"\boldsymbol\beta_k", r"\boldsymbol\Omega_k",
                                                    r"\mathbf{h}_k", r"\mathbf{h}_{k+1}"))
    assert len({f_k, beta, omega, h_k, h_next}) == 5  # h_k and h_{k+1}: two names
    assert f_k.shape == beta.shape == (omega.shape[0], 1)
    assert h_k.shape == (omega.shape[1], 1) and h_next.shape[1] == 1
    assert [n.rule for n in f.notes].count("family-member-each") == 1
    assert str(f.statements[1].rhs) == "a(f_k)"


# the readings next to the new one stay: (id, source, latex, a rule that must be noted or "", its value's text)
KEPT: list[tuple[str, str, str, str, str]] = [
    ("embedding-rows", "d2l's embedding of one example, e_i = E^T x_i: read by family-rows (the same per member)",
     r"\mathbf{e}_i = \mathbf{E}^\top\mathbf{x}_i", "family-rows", "Sum(E[k, j]*x[i, k], (k, 1, n_1))"),
    ("nielsen-scalar-family", "Nielsen's a^l_j = sigma(sum_k w^l_jk a^{l-1}_k + b^l_j): numbers",
     r"a_j^l = \sigma(\sum_k w_{jk}^l a_k^{l-1} + b_j^l)", "superscript-layer",
     "sigmoid(b^[l][j] + Sum(a^[l-1][k]*w^[l][j, k], (k, 1, N_al1)))"),
    ("d2l-sample-dot", "d2l 3.1: y^(i) = w^T x^(i) + b, a dot product with one example",
     r"\hat{y}^{(i)} = \mathbf{w}^\top \mathbf{x}^{(i)} + b", "", "b + Sum(w[j]*x[i, j], (j, 1, n_1))"),
    ("entry-beside-vector", "an entry x_i of a vector x used whole beside it",
     r"y_i = \mathbf{x}^\top\mathbf{x} - x_i", "", "-x[i] + Trace(x.T*x)"),
    ("row-member", "Srivastava et al.'s w_i y: a bold member before a column is a row of weights",
     r"\mathbf{y} = \boldsymbol\Omega_k \mathbf{x}", "family-row-member", "Sum(Omega[k, j]*x[j], (j, 1, n_1))"),
    ("bishop-layer-superscript", "Bishop, Deep Learning (2024) eq. 6.19: z^(l) = W^(l) a^(l-1)",
     r"\mathbf{z}^{(l)} = \mathbf{W}^{(l)}\mathbf{a}^{(l-1)}", "", "W^[l]*a^[l-1]"),
    ("gnn-neighbour-mean", "Prince ch. 13 / GraphSAGE mean aggregation over the neighbours of n",
     r"\mathbf{z}_n^{(l)} = \frac{1}{|\mathcal{N}(n)|}\sum_{m\in\mathcal{N}(n)}\mathbf{h}_m^{(l)}",
     "sum-over-neighbours", "Sum(Ncal[n, m]*h^[l][m, k], (m, 1, N_mathbfhl))/Sum(Ncal[n, j], (j, 1, N_mathbfhl))"),
    ("capital-member", "a Latin capital's lone letter names it (an LSTM's W_i): read as before, unnoted",
     r"\mathbf{h}_k = \sigma(\mathbf{W}_k \mathbf{h}_{k-1} + \mathbf{b}_k)", "sigma-activation",
     "Lambda(_x, sigmoid(_x)).(W_k*h_{k-1} + b_k)"),
]


@pytest.mark.parametrize(("latex", "rule", "value"), [c[2:] for c in KEPT], ids=[c[0] for c in KEPT])
def test_kept(latex: str, rule: str, value: str) -> None:
    f = symdl.parse(latex)
    rules = [n.rule for n in f.notes]
    assert "family-member-each" not in rules
    assert not rule or rule in rules
    assert str(f.statements[-1].rhs) == value


# still refused: (id, source, latex, a piece of the message)
REFUSED: list[tuple[str, str, str, str]] = [
    ("members-in-example-sum", "Prince eq. 7.22 summed over examples: f_k, h_k are example i's, not one vector",
     r"\frac{\partial L}{\partial \boldsymbol\Omega_k} = \sum_{i} \frac{\partial \ell_i}{\partial \mathbf{f}_k}"
     r"\mathbf{h}_k^T", "a transposed vector of a family of vectors"),
    ("sum-over-members", "a sum over the members of a family of matrices",
     r"\mathbf{s} = \sum_k \boldsymbol\Omega_k \mathbf{h}_k", "a family of matrices"),
    ("two-letters-one-family", "one family at two letters (h_j and h_i)",
     r"\mathbf{h}_j = \boldsymbol\Omega_k \mathbf{h}_i", "one vector of a family of vectors"),
    ("bare-beside-member", "the family written bare beside its member",
     r"\mathbf{f}_k = \boldsymbol\Omega_k \mathbf{h}_k + \mathbf{h}", "added to a vector"),
    ("letter-alone", "the index letter used as a number too",
     r"\mathbf{f}_k = k \boldsymbol\Omega_k \mathbf{h}_k", "one vector of a family of vectors"),
    ("left-without-letter", "a left side that does not carry the letter",
     r"\mathbf{S} = \mathbf{h}_i \mathbf{h}_i^T", "an outer product of vectors of a family"),
    ("member-function", "Prince's residual block with a family of functions f_k",
     r"\mathbf{h}_{k+1} = \mathbf{h}_k + \mathbf{f}_k[\mathbf{h}_k, \boldsymbol\phi_k]", "vector-valued function"),
    ("bracket-of-capitals", "a sum of two maps of example i: refused as capitals that may be numbers, not as a member "
     "(only the family readings' refusals of a member are read again)",
     r"\mathbf{y}_i = \left(A + B\right)\mathbf{x}_i", "a bracket holding capitals"),
    ("vae-two-samples", "Kingma & Welling's z^{(i,l)}: two sample indices in one superscript",
     r"\mathbf{z}^{(i,l)} = \boldsymbol\mu^{(i)} + \boldsymbol\sigma^{(i)} \odot\boldsymbol\epsilon^{(l)}",
     "a tuple as a superscript"),
]


@pytest.mark.parametrize(("latex", "message"), [c[2:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_refused(latex: str, message: str) -> None:
    with pytest.raises(NotSupported) as err:
        symdl.parse(latex)
    assert message in str(err.value)
