r"""The bound index inside calls of sums and products (session 14, from a held-out sweep).

- A name subscripted by a product's index (or the index minus a constant) inside a call under ``\prod_t`` is a member
  of a family, as under ``\sum_t``: DDPM's (Ho et al., eq. 2) forward process ``\prod_t q(\mathbf{x}_t \vert
  \mathbf{x}_{t-1})`` read x_t and x_{t-1} as two fixed vectors, so the factor did not vary with t, silently; Bishop's
  Markov chain (eq. 13.2), a first-order HMM-style likelihood.
- Sutskever et al.'s (2014) ``p(y_1, \ldots, y_{T'} | x_1, \ldots, x_T) = \prod_t p(y_t | v, y_1, \ldots, y_{t-1})``
  crashed with a RecursionError: two runs of members in one call reused a forgotten placeholder's id, so the call
  became its own argument.  Now each run is one argument (argument-sequence).
- Bishop's softmax (eq. 4.104) ``y_k(\mathbf{x}, \mathbf{w}) = \exp(a_k(\mathbf{x}, \mathbf{w})) / \sum_j
  \exp(a_j(\mathbf{x}, \mathbf{w}))``: a_j was a family of functions but a_k a fixed function of its own; now both
  are the one function a, member k and member j (function-family).
Each row: the formula as its source writes it, seeded inputs and plain numpy's value where evaluable, the notes by
rule; rows that are not evaluable (unknown functions of vectors) pin the printed reading.
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as

RNG = np.random.default_rng(1404)
X = RNG.normal(size=6)


def q(a: object, b: object) -> object:
    """A transition density, entry by entry (numpy broadcasts it over the product's index)."""
    return np.exp(-(np.asarray(a) - 0.9 * np.asarray(b)) ** 2)


CHAIN = np.prod([q(X[t], X[t - 1]) for t in range(1, 6)])

# (id, source, latex, inputs, numpy's value, notes by rule)
EVALUATED = [
    ("ddpm-forward-chain-scalar", "Ho et al. 2020, eq. 2 (the forward process, one number per step)",
     r"L = \prod^T_{t=2} q(x_t \vert x_{t-1})", {"x": X, "T": 6}, CHAIN, []),
    ("bishop-markov-chain", "Bishop, eq. 13.2 (a first-order Markov chain)",
     r"L = \prod_{n=2}^N q(x_n | x_{n-1})", {"x": X, "N": 6}, CHAIN, []),
    ("murphy-hmm-transitions", "Murphy, PML 2, eq. 29.2 (the transitions of a Markov model)",
     r"L = \prod_{t=2}^{T} q(z_t \mid z_{t-1})", {"z": X, "T": 6}, CHAIN, []),
    # -- must not change: the same family under a sum, and one argument per step ----------------------------------
    ("goodfellow-log-likelihood-sum", "Goodfellow et al., eq. 10.34 style (a sum of log-likelihood terms)",
     r"L = \sum_{t=2}^T \log q(x_t | x_{t-1})", {"x": X, "T": 6},
     np.sum([np.log(q(X[t], X[t - 1])) for t in range(1, 6)]), []),
    ("d2l-sum-over-steps", "d2l, sec. 9.1 (a sum over the steps of one function)",
     r"L = \sum_{t=1}^T q(x_t, 0)", {"x": X, "T": 6}, np.sum(q(X, 0)), []),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [c[2:] for c in EVALUATED],
                         ids=[c[0] for c in EVALUATED])
def test_members_in_calls_under_products(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules, functions={"q": q})


# (id, source, latex, the right side printed, notes by rule)
READ = [
    ("ddpm-forward-process", "Ho et al. 2020, eq. 2",
     r"q(\mathbf{x}_{1:T} \vert \mathbf{x}_0) = \prod^T_{t=1} q(\mathbf{x}_t \vert \mathbf{x}_{t-1})",
     "Product(q(x[t], x[t - 1]), (t, 1, T))", []),
    ("ddpm-reverse-process", "Ho et al. 2020, eq. 1",
     r"p_\theta(\mathbf{x}_{0:T}) = p(\mathbf{x}_T) \prod_{t=1}^T p_\theta(\mathbf{x}_{t-1} \vert \mathbf{x}_t)",
     r"Product(p_{\theta}(x[t - 1], x[t]), (t, 1, T))*p(x_T)",
     ["function-number", "capital-member", "conditional-arguments"]),  # x_T: a name, or the family's last (noted)
    ("sutskever-seq2seq", "Sutskever et al. 2014, eq. 1 (crashed: RecursionError)",
     r"p(y_1, \ldots, y_{T'} | x_1, \ldots, x_T) = \prod_{t=1}^{T'} p(y_t | v, y_1, \ldots, y_{t-1})",
     "Product(p(y[t], v, y_1, ..., y_{t-1}), (t, 1, T'))", ["argument-sequence"] * 3),
    ("sutskever-seq2seq-markov", "Sutskever et al. 2014, eq. 1 with a first-order context",
     r"p(y_1, \ldots, y_{T'} | x_1, \ldots, x_T) = \prod_{t=1}^{T'} p(y_t | v, y_{t-1})",
     "Product(p(y[t], v, y[t - 1]), (t, 1, T'))", ["argument-sequence"] * 2),
    ("bishop-softmax-outputs", "Bishop, eq. 4.104 / 5.25 (the softmax of the activations)",
     r"y_k(\mathbf{x}, \mathbf{w}) = \frac{\exp(a_k(\mathbf{x}, \mathbf{w}))}{\sum_j \exp(a_j(\mathbf{x}, \mathbf{w}))}",
     "exp(a(k, x, w))*Sum(exp(a(j, x, w)), (j, 1, N_j))**(-1)", ["function-family"] * 2),
    ("murphy-softmax-of-scores", "Murphy, PML 1, eq. 2.92 (the softmax of per-class scores)",
     r"p_k = \frac{\exp(f_k(x))}{\sum_j \exp(f_j(x))}",
     "exp(f(k, x))/Sum(exp(f(j, x)), (j, 1, N_j))", ["function-family"] * 2),
    # -- must not change: one function with a subscript no sum runs over, and a family under its sum alone ---------
    ("bishop-outputs-under-their-sum", "Bishop, eq. 5.24 (the cross-entropy over the outputs)",
     r"E(\mathbf{w}) = -\sum_{k} t_k \ln y_k(\mathbf{x}, \mathbf{w})", "-Sum(t[k]*log(y_k(k, x, w)), (k, 1, N_t))",
     ["function-family"]),
    ("ddim-network-at-a-step", "Song et al. (DDIM), eq. 9 (one network of its own)",
     r"L = \| \epsilon - \epsilon_\theta(x_t) \|^2", None, ["call-parameterised", "norm-network"]),
]


@pytest.mark.parametrize(("latex", "rhs", "rules"), [c[2:] for c in READ], ids=[c[0] for c in READ])
def test_members_in_calls_read(latex: str, rhs: str | None, rules: list[str]) -> None:
    formula = symdl.parse(latex)
    assert [n.rule for n in formula.notes] == rules
    if rhs is not None:
        assert str(formula.statements[0].rhs) == rhs
