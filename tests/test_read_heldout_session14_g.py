r"""Plain capitals that are matrices, continued (session 14, part g), from a held-out sweep.

- A parenthesised sum of plain capitals around the identity ``I`` right before a vector (``capital-group-matrix``):
  ``y = (A - I)x``, Strang's eigenvector residual ``(A - \lambda I)x``, Richardson's iteration ``(I - \omega A)x +
  \omega b`` (Saad), a linear residual block's ``(I + W)x`` (He et al.); they read ``x(A - I)``, numbers, silently.
  Before a family's member (an iterate ``x_k``) it is refused, as cs231n's ``W x_i`` is.
- The identity is square: Nocedal & Wright's BFGS ``V_k = I - \rho_k y_k s_k^T`` (eq. 6.17; the held-out spelling with
  ``\delta u_k, \delta w_k``) gave ``I`` and ``V_k`` a non-square n_1×n_2 shape.
- A plain capital times a capital with a label superscript (``capital-projection``): Vaswani et al.'s ``head_i =
  \mathrm{Attention}(QW^Q_i, KW^K_i, VW^V_i)`` (sec. 3.2.2), ``XW^O``: matrix products in the order written (were
  numbers, commuted).  ``\text{Concat}(head_1, \dots, head_h)W^O`` reads since session 19 (concat-matrix,
  tests/test_read_s19_struct.py).
- Refused by name: ``\exp`` of a lone capital times a vector (``y = \exp(A)x``: the matrix exponential or the entries'),
  and Newton's step with its gradient at another point (Goodfellow's eq. 4.12 ``\theta^* = \theta_0 -
  H^{-1}\nabla_\theta J(\theta_0)``, Bishop's ``w^{(new)} = w^{(old)} - H^{-1}\nabla_w E(w)``, the natural gradient's
  ``F^{-1}\nabla_\theta L(\theta_t)``), which read ``\nabla J / H``, numbers, silently.

Must not change: counts (``(N - 1)x``), cs229's Newton step at the name itself and its gradient descent, Adam, attention's definition,
the covariance identity ``\sigma^2 I``, Householder's ``I - 2vv^T``, an entry-wise ``\exp(QK^T)``.
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as, assert_refused_at

RNG = np.random.default_rng(1407)
A3, W3 = RNG.normal(size=(3, 3)), RNG.normal(size=(3, 3))
X3, B3, U3, V3 = RNG.normal(size=3), RNG.normal(size=3), RNG.normal(size=3), RNG.normal(size=3)
E3 = np.eye(3)
Q46, K46, V46 = RNG.normal(size=(4, 6)), RNG.normal(size=(4, 6)), RNG.normal(size=(4, 6))
WQ, WK, WV = RNG.normal(size=(6, 2)), RNG.normal(size=(6, 2)), RNG.normal(size=(6, 2))


def _softmax_rows(s: np.ndarray) -> np.ndarray:
    e = np.exp(s - s.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _attention(q: np.ndarray, k: np.ndarray, v: np.ndarray) -> np.ndarray:
    return _softmax_rows(q @ k.T / np.sqrt(q.shape[1])) @ v


GROUP = ["capital-group-matrix"]

# (id, source, latex, inputs, numpy's value, notes by rule)
CASES = [
    # -- a sum of capitals around the identity, times a vector ----------------------------------------------------
    ("heldout-a-minus-i", "held-out sweep: a linear map minus the identity applied to x", r"y = (A - I)x",
     {"A": A3, "I": E3, "x": X3}, (A3 - E3) @ X3, GROUP),
    ("strang-6.1-eigen-residual", "Strang, Introduction to Linear Algebra, sec. 6.1: (A - \\lambda I)x",
     r"r = (A - \lambda I)x", {"A": A3, r"\lambda": 0.7, "I": E3, "x": X3}, (A3 - 0.7 * E3) @ X3, GROUP),
    ("saad-richardson", "Saad, Iterative Methods for Sparse Linear Systems: Richardson's iteration",
     r"z = (I - \omega A)x + \omega b", {"I": E3, r"\omega": 0.1, "A": A3, "x": X3, "b": B3},
     (E3 - 0.1 * A3) @ X3 + 0.1 * B3, GROUP),
    ("he-linear-residual", "He et al. 2016: a linear residual block, x + Wx written (I + W)x",
     r"y = (I + W)x", {"I": E3, "W": W3, "x": X3}, (E3 + W3) @ X3, GROUP),
    ("quadratic-gd-step", "gradient descent on a quadratic, one step as a matrix (Goodfellow sec. 7.8)",
     r"v = (I - \epsilon H)w", {"I": E3, r"\epsilon": 0.05, "H": A3, "w": X3}, (E3 - 0.05 * A3) @ X3, GROUP),
    # -- the identity is square --------------------------------------------------------------------------------
    ("nocedal-6.17-bfgs-v", "Nocedal & Wright, eq. 6.17: BFGS's V_k = I - rho_k y_k s_k^T",
     r"V_k = I - \rho_k y_k s_k^T", {"I": E3, r"\rho_k": 0.3, "y_k": U3, "s_k": V3},
     E3 - 0.3 * np.outer(U3, V3), []),
    ("heldout-bfgs-delta", "held-out sweep: BFGS with the changes written \\delta u_k, \\delta w_k",
     r"V_k = I - \rho_k \delta u_k \delta w_k^\top", {"I": E3, r"\rho_k": 0.3, r"\delta u_k": U3, r"\delta w_k": V3},
     E3 - 0.3 * np.outer(U3, V3), ["delta-change", "delta-change"]),
    # -- a capital times a labelled projection -------------------------------------------------------------------
    ("projection-output", "a transformer's output projection XW^O (Vaswani et al. sec. 3.2.2's W^O)",
     r"Y = XW^O", {"X": Q46, "W^O": WQ}, Q46 @ WQ, ["capital-projection", "superscript-word"]),
    ("projection-query", "a query projection Q = XW^Q, as transformer papers write it",
     r"O = XW^Q", {"X": K46, "W^Q": WK}, K46 @ WK, ["capital-projection", "superscript-word"]),
    # must not change: a count times a vector, a covariance's identity, Householder's reflector
    ("count-times-vector", "a count in parentheses times a vector stays a number", r"y = (N - 1)x",
     {"N": 5.0, "x": 2.0}, 8.0, []),
    ("golub-householder", "Golub & Van Loan, sec. 5.1: the Householder reflector", r"H = I - 2 v v^T",
     {"I": E3, "v": U3}, E3 - 2 * np.outer(U3, U3), []),
    ("cs229-newton-at-theta", "cs229 notes, Newton's method: the step at theta itself",
     r"\theta := \theta - H^{-1}\nabla_\theta \ell(\theta)",
     {r"\theta": X3, "H": A3 + 3 * E3, r"\nabla_\theta \ell(\theta)": B3},
     X3 - np.linalg.solve(A3 + 3 * E3, B3), ["capital-matrix"]),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [r[2:] for r in CASES], ids=[r[0] for r in CASES])
def test_reads_as_its_source_means(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


def test_identity_is_square() -> None:
    """The held-out BFGS row's shapes: V_k and I one n×n (an outer product of two changes)."""
    f = symdl.parse(r"V_k = I - \rho_k \delta u_k \delta w_k^\top")
    rows, cols = f.shapes["I"]
    assert rows == cols and f.shapes["V_k"] == (rows, cols)


def test_vaswani_heads_are_matrix_products() -> None:
    """Vaswani et al. sec. 3.2.2: each head is the attention of the projected Q, K, V (in the order written)."""
    f = symdl.parse(r"\mathrm{head_i} = \mathrm{Attention}(QW^Q_i, KW^K_i, VW^V_i)")
    assert [n.rule for n in f.notes] == ["capital-projection", "superscript-word"] * 3
    got = symdl.lambdify(f, functions={"Attention": _attention})(
        Q=Q46, K=K46, V=V46, **{"W^Q_i": WQ, "W^K_i": WK, "W^V_i": WV})
    np.testing.assert_allclose(got, _attention(Q46 @ WQ, K46 @ WK, V46 @ WV), rtol=1e-12)


ATTENTION = r"\mathrm{Attention}(Q, K, V) = \mathrm{softmax}\left(\frac{QK^T}{\sqrt{d_k}}\right)V"


def test_attention_definition_unchanged() -> None:
    """Must not change: Vaswani et al.'s eq. 1, attention itself."""
    assert_reads_as(symdl.parse(ATTENTION), {"Q": Q46, "K": K46, "V": V46, "d_k": 6.0}, _attention(Q46, K46, V46),
                    ["softmax-rows", "subscript-label"])


REFUSED = [
    ("heldout-exp-of-capital", r"y = \exp(A)x", "matrix exponential", r"\exp(A)x"),
    ("exp-of-weight", r"h = \exp(W)v", "matrix exponential", r"\exp(W)v"),
    ("iterate-family", r"x_{k+1} = (I - \eta A)x_k", "one vector of a family", r"(I - \eta A)x_k"),
    ("goodfellow-4.12-newton", r"\theta^* = \theta_0 - H^{-1}\nabla_\theta J(\theta_0)", "taken at another point",
     r"H^{-1}\nabla_\theta J(\theta_0)"),
    ("bishop-newton-old-new", r"w^{(new)} = w^{(old)} - H^{-1}\nabla_w E(w)", "taken at another point",
     r"H^{-1}\nabla_w E(w)"),
    ("natural-gradient", r"\theta_{t+1} = \theta_t - \eta F^{-1}\nabla_\theta L(\theta_t)", "taken at another point",
     r"F^{-1}\nabla_\theta L(\theta_t)"),
]


@pytest.mark.parametrize(("latex", "what", "text"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_refused_by_name(latex: str, what: str, text: str) -> None:
    assert_refused_at(latex, what, text)


KEPT = [
    ("cs229-gradient-descent", r"\theta := \theta - \alpha \nabla_\theta J(\theta)",
     {r"\theta": 1.0, r"\alpha": 0.5, r"\nabla_\theta J(\theta)": 2.0}, 0.0, None),
    ("covariance-sigma-i", r"\Sigma = \sigma^2 I", {r"\sigma": 2.0, "I": 1.0}, 4.0, []),
    ("entrywise-exp-of-scores", r"S = \exp(QK^T)", {"Q": Q46, "K": K46}, np.exp(Q46 @ K46.T), ["matrix-entrywise"]),
    ("exp-of-energy", r"p = \exp(-E)", {"E": 0.5}, np.exp(-0.5), []),
    ("adam-update", r"\theta_t = \theta_{t-1} - \alpha \hat{m}_t / (\sqrt{\hat{v}_t} + \epsilon)",
     {r"\theta_{t-1}": X3, r"\alpha": 0.01, r"\hat{m}_t": U3, r"\hat{v}_t": V3**2, r"\epsilon": 1e-8},
     X3 - 0.01 * U3 / (np.abs(V3) + 1e-8), None),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [r[1:] for r in KEPT], ids=[r[0] for r in KEPT])
def test_neighbours_unchanged(latex: str, inputs: dict, want: object, rules: list[str] | None) -> None:
    f = symdl.parse(latex)
    assert_reads_as(f, inputs, want, [n.rule for n in f.notes] if rules is None else rules)
