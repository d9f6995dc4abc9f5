"""Held-out readings (session 14), part v: functions and superscripts left over.

- A function whose parenthesised superscript is an indexed letter, ``J^{(j_k)}(\\theta)`` under ``\\sum_k``, is the
  function of the sampled example j_k (``function-sampled-member``): cs229's mini-batch SGD (Ng's notes, sec. on
  LMS), read as a power of J times θ before; the same notation in the averages of sampled losses it writes
  (the mini-batch cost, finite-sum objectives as SAG/SVRG write them, here in cs229's superscript style).  A name
  so written (``x^{(j_k)}``) is refused; ``\\ell^{(i)}(w, b)`` and ``J^{(i)}(\\theta)`` stay as they were.
- σ(·) beside μ(·) of the same argument is the standard deviation (``sigma-std-beside-mean``): Huang & Belongie's
  AdaIN (2017) eq. 8 and style loss eq. 13, Karras et al.'s StyleGAN (2019) eq. 1, Li et al.'s "Demystifying
  neural style transfer" (2017) moment matching; read as the sigmoid before.  σ(z) alone stays the sigmoid
  (Nielsen ch. 1, the sigmoid's derivative).
- An index computed with a modulo (``\\%``, ``\\bmod``) in a subscript is refused by name: Goodfellow et al.'s tiled
  convolution (eq. 9.10) froze K_{i,l,m,n,j \\% t+1,k \\% t+1} into one fixed name; the untiled convolution
  (eq. 9.7) reads as before.
- Capital letters applied to one argument inside a norm are networks, vectors of their own length (``norm-network``):
  Zhu et al.'s CycleGAN (2017) eq. 2, ``\\|F(G(x)) - x\\|_1`` under an expectation, was applied entry by entry with no
  note; Taigman et al.'s identity-mapping loss; an autoencoder's reconstruction.  ``\\|x - g(z)\\|`` stays
  ``function-vector-beside``.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy

import symdl
from tests.real_sources import assert_reads_as, assert_refused_at

RNG = np.random.default_rng(14022)
A, B, C, D, E = (float(v) for v in RNG.normal(size=5))
PICKS = np.array([3, 1, 4, 1])  # the examples a mini-batch draws, j_1..j_4


def _cost(i: np.ndarray, t: np.ndarray) -> np.ndarray:  # example i's cost at theta
    return (np.asarray(i, dtype=float) * t - 1.0) ** 2


def _sd(v: np.ndarray) -> np.ndarray:  # a deviation: positive, not the sigmoid
    return 0.5 + np.asarray(v, dtype=float) ** 2


def _mean(v: np.ndarray) -> np.ndarray:
    return 0.3 * np.asarray(v, dtype=float) - 0.1


def _phi(v: np.ndarray) -> np.ndarray:
    return np.tanh(v)


def _sigmoid(v: float) -> float:
    return 1.0 / (1.0 + np.exp(-v))


# (id, source, latex, inputs, plain numpy's value, notes by rule, functions)
SAMPLED = [
    ("cs229-minibatch-cost", "cs229 (Ng), mini-batch gradient descent: the batch's cost, the mean of the drawn "
     "examples' costs", r"J_B(\theta) = \frac{1}{B}\sum_{k=1}^B J^{(j_k)}(\theta)",
     {r"\theta": A, "B": 4, "j": PICKS}, np.mean(_cost(PICKS, A)), ["function-sampled-member"], {"J": _cost}),
    ("minibatch-sgd-loss-step", "Goodfellow et al. Alg. 8.1's step on a drawn mini-batch, in cs229's notation "
     "(the i_k-th example's loss)", r"w := w - \frac{\eta}{b}\sum_{k=1}^b \ell^{(i_k)}(w)",
     {"w": A, r"\eta": 0.1, "b": 4, "i": PICKS}, A - 0.1 * np.mean(_cost(PICKS, A)),
     ["function-sampled-member"], {"ell": _cost}),
    ("finite-sum-sampled", "a finite-sum objective as SAG/SVRG sample it (Johnson & Zhang 2013), its terms drawn "
     "at steps t, plus a ridge term", r"F(x) = \frac{1}{m}\sum_{t=1}^m f^{(i_t)}(x) + \lambda x^2",
     {"x": A, "m": 4, "i": PICKS, r"\lambda": 0.2}, np.mean(_cost(PICKS, A)) + 0.2 * A**2,
     ["function-sampled-member"], {"f": _cost}),
    ("cs229-sgd-step-nograd", "cs229's mini-batch update with the costs themselves in place of their gradients",
     r"\theta := \theta - \frac{\alpha}{B} \sum_{k=1}^B J^{(j_k)}(\theta)",
     {r"\theta": A, r"\alpha": 0.05, "B": 4, "j": PICKS}, A - 0.05 * np.mean(_cost(PICKS, A)),
     ["function-sampled-member"], {"J": _cost}),
    # must not change: a family member indexed by a summed letter, d2l's l^{(i)}(w, b)
    ("d2l-loss-family-kept", "d2l sec. 3.1: the mean of the examples' losses l^{(i)}(w, b)",
     r"L = \frac{1}{m}\sum_{i=1}^m \ell^{(i)}(w, b)", {"w": A, "b": B, "m": 3},
     np.mean([(i * A - 1.0) ** 2 for i in (1, 2, 3)]), ["function-family"], {"ell": lambda i, w, b: _cost(i, w)}),
]

STD = [
    ("adain-eq8", "Huang & Belongie (2017), AdaIN eq. 8",
     r"\mathrm{AdaIN}(x, y) = \sigma(y) \left( \frac{x - \mu(x)}{\sigma(x)} \right) + \mu(y)", {"x": A, "y": B},
     _sd(B) * (A - _mean(A)) / _sd(A) + _mean(B),
     ["sigma-std-beside-mean", "call-by-use", "sigma-std-beside-mean", "call-by-use"],
     {"sigma": _sd, "mu": _mean}),
    ("stylegan-adain-eq1", "Karras et al. (2019), StyleGAN eq. 1: AdaIN of feature map x_i with style y",
     r"\mathrm{AdaIN}(x_i, y) = y_{s,i} \frac{x_i - \mu(x_i)}{\sigma(x_i)} + y_{b,i}",
     {"x_i": A, "y_{s,i}": B, "y_{b,i}": C}, B * (A - _mean(A)) / _sd(A) + C,
     ["subscript-label", "call-indexed-argument", "sigma-std-beside-mean", "subscript-label"],
     {"sigma": _sd, "mu": _mean}),
    ("adain-style-loss-eq13", "Huang & Belongie (2017), style loss eq. 13 at one layer phi",
     r"\mathcal{L}_s = \|\mu(\phi(g)) - \mu(\phi(s))\|_2 + \|\sigma(\phi(g)) - \sigma(\phi(s))\|_2",
     {"g": A, "s": B}, abs(_mean(_phi(A)) - _mean(_phi(B))) + abs(_sd(_phi(A)) - _sd(_phi(B))),
     ["norm-of-number", "call-by-use", "call-by-use", "norm-of-number", "sigma-std-beside-mean",
      "sigma-std-beside-mean"], {"sigma": _sd, "mu": _mean, "phi": _phi}),
    ("style-moments-li2017", "Li et al. (2017), Demystifying neural style transfer: matching the first two "
     "moments of the features f and p", r"\mathcal{L} = (\mu(f) - \mu(p))^2 + (\sigma(f) - \sigma(p))^2",
     {"f": A, "p": B}, (_mean(A) - _mean(B)) ** 2 + (_sd(A) - _sd(B)) ** 2,
     None, {"sigma": _sd, "mu": _mean}),
    # must not change: σ with no μ of its argument is the sigmoid (Nielsen ch. 1 and 2)
    ("nielsen-sigmoid-derivative-kept", "Nielsen ch. 2: the sigmoid's derivative",
     r"y = \sigma(z) (1 - \sigma(z))", {"z": A}, _sigmoid(A) * (1 - _sigmoid(A)), [], None),
    ("nielsen-sigmoid-neuron-kept", "Nielsen ch. 1: a sigmoid neuron", r"y = \sigma(w x + b)",
     {"w": A, "x": B, "b": C}, _sigmoid(A * B + C), [], None),
]

ALL = SAMPLED + STD


@pytest.mark.parametrize(("latex", "inputs", "want", "rules", "functions"),
                         [pytest.param(*row[2:], id=row[0]) for row in ALL])
def test_reads_as(latex: str, inputs: dict, want: object, rules: list[str] | None, functions: dict | None) -> None:
    f = symdl.parse(latex)
    if rules is None:  # the order of the call notes is the reader's: check the sigma notes by count
        rules = [n.rule for n in f.notes]
        assert rules.count("sigma-std-beside-mean") == 2
    assert_reads_as(f, inputs, want, rules, functions=functions)


def test_cs229_minibatch_sgd_gradient() -> None:
    """The held-out formula itself: the gradient of the drawn example's cost, J(j[k], θ), under the sum."""
    f = symdl.parse(r"\theta := \theta - \frac{\alpha}{B} \sum_{k=1}^B \nabla_\theta J^{(j_k)}(\theta)")
    assert [n.rule for n in f.notes] == ["nabla-number", "function-sampled-member"]
    calls = [c for c in f.statements[0].rhs.atoms(sympy.Function) if str(c.func) == "J"]
    assert len(calls) == 1 and str(calls[0].args[0]) == "j[k]"
    assert not f.statements[0].rhs.atoms(sympy.Pow) - {p for p in f.statements[0].rhs.atoms(sympy.Pow)
                                                         if p.exp == -1}


def test_index_name_kept() -> None:
    """Must not change: J^{(i)}(θ) with no sum over i is the function named by its index."""
    f = symdl.parse(r"\theta := \theta - \alpha \nabla_\theta J^{(i)}(\theta)")
    assert [n.rule for n in f.notes] == ["nabla-number", "function-index-name"]


# (id, source, latex, what the message names, the span's text)
REFUSED = [
    ("goodfellow-tiled-conv-eq9.10", "Goodfellow et al. eq. 9.10: tiled convolution, kernels cycled modulo t",
     r"Z_{i,j,k} = \sum_{l,m,n} V_{l,j+m-1,k+n-1} K_{i,l,m,n,j \% t+1,k \% t+1}", "an index computed with a modulo",
     r"{i,l,m,n,j \% t+1,k \% t+1}"),
    ("circular-shift-bmod", "a circular shift (PyTorch's torch.roll), the position taken mod n",
     r"y_i = x_{(i + s) \bmod n}", "an index computed with a modulo", r"{(i + s) \bmod n}"),
    ("circular-conv-mod", "circular convolution (Bishop sec. 5.5.3's shift invariance, the DFT's wrap-around)",
     r"y_i = \sum_j w_j x_{(i - j) \bmod n}", "an index computed with a modulo", r"{(i - j) \bmod n}"),
    ("cycle-position-pmod", "a round-robin schedule's position as Vaswani et al.'s pos mod period",
     r"p_t = q_{t \pmod k}", "an index computed with a modulo", r"{t \pmod k}"),
    ("minibatch-sampled-name", "a drawn example as a name's superscript: refused, not one fixed example",
     r"y = \frac{1}{B}\sum_{k=1}^B x^{(j_k)}", "an example index picked by another index", r"x^{(j_k)}"),
]


@pytest.mark.parametrize(("latex", "what", "text"), [pytest.param(*row[2:], id=row[0]) for row in REFUSED])
def test_refused(latex: str, what: str, text: str) -> None:
    assert_refused_at(latex, what, text)


def test_untiled_convolution_kept() -> None:
    """Must not change: Goodfellow et al.'s eq. 9.7, no modulo, reads as the sum of entry products."""
    f = symdl.parse(r"Z_{i,j,k} = \sum_{l,m,n} V_{l,j+m-1,k+n-1} K_{i,l,m,n}")
    assert [n.rule for n in f.notes] == ["sum-several-indices"]
    assert "K[i, l, m, n]" in str(f.statements[0].rhs)


# CycleGAN's generators: capital letters applied inside a norm are networks, their outputs vectors (norm-network)
# (id, source, latex, notes by rule)
NETWORKS = [
    ("cyclegan-eq2", "Zhu et al. (2017), CycleGAN eq. 2: the cycle-consistency loss",
     r"\mathcal{L}_{\text{cyc}}(G, F) = \mathbb{E}_{x \sim p_{\text{data}}(x)}[\|F(G(x)) - x\|_1] + "
     r"\mathbb{E}_{y \sim p_{\text{data}}(y)}[\|G(F(y)) - y\|_1]", ["norm-network"] * 4),
    ("cyclegan-forward-cycle", "Zhu et al. (2017), CycleGAN sec. 3.2: forward cycle consistency, x -> G(x) -> "
     "F(G(x)) ~ x", r"L = \mathbb{E}_{x}[\|F(G(x)) - x\|_1]", ["norm-network"] * 2),
    ("identity-mapping-loss", "Taigman et al. (2017), the identity-mapping loss CycleGAN sec. 5.2 adds",
     r"\mathcal{L}_{\text{id}}(G) = \mathbb{E}_{y \sim p_{\text{data}}(y)}[\|G(y) - y\|_1]", ["norm-network"]),
    ("reconstruction-no-expectation", "an autoencoder's reconstruction with encoder C and decoder D (Goodfellow et "
     "al. ch. 14's g(f(x)), written with capitals)", r"r = \|D(C(x)) - x\|_2^2", ["norm-network"] * 2),
]


@pytest.mark.parametrize(("latex", "rules"), [pytest.param(row[2], row[3], id=row[0]) for row in NETWORKS])
def test_capital_networks_noted(latex: str, rules: list[str]) -> None:
    assert [n.rule for n in symdl.parse(latex).notes] == rules


def test_cycle_value() -> None:
    """The forward cycle's value: the network's output is a vector given by its spelling, x's length."""
    x, fg = RNG.normal(size=3), RNG.normal(size=3)
    f = symdl.parse(r"L = \mathbb{E}_{x}[\|F(G(x)) - x\|_1]")
    got = symdl.lambdify(f, functions={"E_{x}": lambda v: v})(**{"L": 0, "x": x, "G(x)": x, "F(G(x))": fg})
    np.testing.assert_allclose(got, np.abs(fg - x).sum(), rtol=1e-12)


def test_lowercase_beside_kept() -> None:
    """Must not change: a plain lower-case function beside a vector in a norm is function-vector-beside."""
    assert [n.rule for n in symdl.parse(r"L = \|x - g(z)\|^2").notes] == ["function-vector-beside"]
