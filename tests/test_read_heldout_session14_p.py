r"""Held-out session 14, helper p: entry definitions by their letters, capital labels on Greek names, the imaginary
unit's gaps, and TeX's infix ``\over``.

- A left side whose subscript is two or more lone letters, each written bare on the right side, defines the entries
  of a matrix (``entry-letters``): HiPPO-LegS's and HiPPO-LegT's ``A_{nk}`` (Gu et al. 2020), Strang's DCT-II matrix
  ``C_{nk}`` (SIAM Review 1999), the causal mask ``M_{ts}`` (Phuong & Hutter, Formal Algorithms for Transformers);
  read as one name ``A_{nk}`` before (k a label beside n).  Goodfellow's ``C_{i,j} = \sum_k A_{i,k} B_{k,j}``,
  PyTorch's ``W_{ih}`` and the Hilbert matrix ``H_{ij}`` stay.
- A capital letter (not T) over a lower-case Greek name that is no rate is a label (``superscript-capital-label``):
  GAE's (Schulman et al. 2016) ``\delta_{t+l}^V`` in eq. 16 and eq. 12, DDPG's (Lillicrap et al. 2016) critic weights
  ``\theta^Q``, ``\theta^{Q'}``; read as powers, silently, before.  GAE's eq. 10 (V applied: the function label) and
  a rate's power stay.
- The imaginary unit is refused by name also where the letter is an index elsewhere and beside an angle (numpy's
  inverse DFT with ``{mk \over n}``), in an LRU eigenvalue (Orvieto et al. 2023), a characteristic function
  (Wasserman's All of Statistics), the torch.stft docs' and Rahimi & Recht's ``j``; before, a real i or j, silently.
  The moment generating function and von Mises' density (Bishop eq. 2.179) stay.
- ``{a \over b}`` is the fraction a/b inside its group (LeCun et al.'s Efficient BackProp, Bottou's SGD tricks, Adam's
  bias correction, Nielsen's sigmoid as TeX-era papers write it); it was an unknown command.
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as, assert_refused_at

LEGS = (r"\boldsymbol{A}_{nk} = -\begin{cases} (2n+1)^{1/2}(2k+1)^{1/2} & \text{if } n > k \\ n+1 & \text{if } n = k "
        r"\\ 0 & \text{if } n < k \end{cases}")
N4, K4 = np.meshgrid(np.arange(4.0), np.arange(4.0), indexing="ij")
LEGS_WANT = -np.where(N4 > K4, np.sqrt(2 * N4 + 1) * np.sqrt(2 * K4 + 1), np.where(N4 == K4, N4 + 1, 0.0))
rng = np.random.default_rng(14)
A, B, G = rng.uniform(0.1, 0.9, 3)
X3 = rng.normal(size=3)
MA, MB = rng.normal(size=(3, 4)), rng.normal(size=(4, 2))

CASES = [
    # entry-letters: a left side's letters written bare on the right side are the entry's indices
    ("hippo-legs", "Gu et al., HiPPO (2020), eq. for LegS: the state matrix entry by entry (all n, k at once)",
     LEGS, {}, {"n": N4, "k": K4}, LEGS_WANT, ["entry-letters"]),
    ("hippo-legs-one-entry", "Gu et al., HiPPO LegS: one entry, n = 3, k = 1",
     LEGS, {}, {"n": 3.0, "k": 1.0}, -np.sqrt(7.0) * np.sqrt(3.0), ["entry-letters"]),
    ("hippo-legt", "Gu et al., HiPPO (2020), LegT's state matrix over a window θ",
     r"A_{nk} = \frac{1}{\theta}\begin{cases} (-1)^{n-k}(2n+1) & \text{if } n \geq k \\ 2n+1 & \text{if } n \leq k "
     r"\end{cases}", {}, {"n": 1.0, "k": 3.0, r"\theta": A}, 3.0 / A, ["entry-letters"]),
    ("strang-dct2", "Strang, The Discrete Cosine Transform (SIAM Review 1999): the DCT-II matrix",
     r"C_{nk} = \cos\left(\frac{\pi}{N}\left(n + \frac{1}{2}\right)k\right)", {},
     {"n": N4, "k": K4, "N": 4.0}, np.cos(np.pi / 4 * (N4 + 0.5) * K4), ["entry-letters"]),
    ("causal-mask", "Phuong & Hutter, Formal Algorithms for Transformers (2022): the causal mask",
     r"M_{ts} = \begin{cases} 0 & \text{if } s \leq t \\ -1 & \text{if } s > t \end{cases}", {},
     {"t": N4, "s": K4}, np.where(K4 <= N4, 0.0, -1.0), ["entry-letters"]),
    # must not change: entries of arrays on the right side, labels, conventional indices
    ("goodfellow-matmul", "Goodfellow et al. eq. 2.5: the matrix product entry by entry",
     r"C_{i,j} = \sum_k A_{i,k} B_{k,j}", {}, {"A": MA, "B": MB}, MA @ MB, []),
    ("pytorch-rnn-label", "the torch.nn.RNN docs: W_{ih} names the input-hidden weights",
     r"h = W_{ih} x + b", {}, {"W_{ih}": MA, "x": MB[:, 0], "b": X3}, MA @ MB[:, 0] + X3,
     ["subscript-label", "capital-matrix"]),
    ("hilbert-matrix", "the Hilbert matrix (Higham, Accuracy and Stability, ch. 28): i, j read as indices already",
     r"H_{ij} = \frac{1}{i+j-1}", {}, {"i": N4 + 1, "j": K4 + 1}, 1 / (N4 + K4 + 1), ["index-value", "index-value"]),
    # superscript-capital-label: a capital letter over a Greek name is a label, not a power
    ("gae-eq12", "Schulman et al., GAE (2016), eq. 12: the two-step advantage from TD residuals",
     r"\hat{A}_t^{(2)} = \delta_t^V + \gamma \delta_{t+1}^V", {},
     {r"\delta_t^V": A, r"\delta_{t+1}^V": B, r"\gamma": G}, A + G * B, ["superscript-capital-label"]),
    ("ddpg-soft-update", "Lillicrap et al., DDPG (2016), Algorithm 1: the critic's target weights",
     r"\theta^{Q'} \leftarrow \tau \theta^Q + (1 - \tau)\theta^{Q'}", {},
     {r"\theta^{Q'}": X3, r"\theta^Q": 2 * X3, r"\tau": A}, A * 2 * X3 + (1 - A) * X3,
     ["superscript-capital-label", "superscript-capital-label"]),
    ("gae-eq10-function-label", "Schulman et al., GAE eq. 10: V applied, the function label (must not change)",
     r"\delta_t^V = r_t + \gamma V(s_{t+1}) - V(s_t)", {"V": np.tanh}, {"r_t": A, r"\gamma": G, "s_t": B,
                                                                       "s_{t+1}": 2 * B},
     A + G * np.tanh(2 * B) - np.tanh(B), ["superscript-function-label"]),
    ("rate-power-capital", "Sutton & Barto eq. 7.1: a rate raised to a capital stays a power (must not change)",
     r"G = \gamma^N V", {}, {r"\gamma": G, "N": 3.0, "V": A}, G**3 * A, []),
    # \over: the fraction inside its group
    ("lecun-efficient-backprop", "LeCun et al., Efficient BackProp (1998), sec. 4.4: the recommended sigmoid",
     r"f(x) = 1.7159 \tanh\left({2 \over 3} x\right)", {}, {"x": X3}, 1.7159 * np.tanh(2 / 3 * X3), []),
    ("bottou-sgd-rate", "Bottou, Stochastic Gradient Descent Tricks (2012), eq. 10: the learning rate schedule",
     r"\gamma_t = {\gamma_0 \over 1 + \gamma_0 \lambda t}", {}, {r"\gamma_0": A, r"\lambda": B, "t": 5.0},
     A / (1 + A * B * 5.0), []),
    ("adam-bias-correction", "Kingma & Ba, Adam (2015), Algorithm 1: the bias-corrected first moment",
     r"\hat{m}_t = {m_t \over 1 - \beta_1^t}", {}, {"m_t": X3, r"\beta_1": 0.9, "t": 3.0}, X3 / (1 - 0.9**3), []),
    ("nielsen-sigmoid-over", "Nielsen ch. 1 eq. 3, the sigmoid written with \\over",
     r"\sigma(z) = {1 \over 1+e^{-z}}", {}, {"z": X3}, 1 / (1 + np.exp(-X3)), []),
    ("nielsen-sigmoid-frac", "Nielsen ch. 1 eq. 3 with \\frac (must not change)",
     r"\sigma(z) = \frac{1}{1+e^{-z}}", {}, {"z": X3}, 1 / (1 + np.exp(-X3)), []),
    # must not change: exponents of e with no imaginary unit
    ("bishop-von-mises", "Bishop eq. 2.179: the von Mises density, an angle in an exponent of e",
     r"p(\theta) = \frac{1}{2\pi I_0(m)} \exp\{m \cos(\theta - \theta_0)\}", {"I_0": np.i0},
     {r"\theta": A, "m": 2.0, r"\theta_0": B}, np.exp(2.0 * np.cos(A - B)) / (2 * np.pi * np.i0(2.0)), []),
]


@pytest.mark.parametrize(("latex", "functions", "inputs", "want", "rules"), [r[2:] for r in CASES],
                         ids=[r[0] for r in CASES])
def test_reads_as_its_source_means(latex: str, functions: dict, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules, functions=functions)


def test_gae_eq16_delta_v_is_a_label() -> None:
    """GAE eq. 16 (an infinite sum: no value): δ^V is the residual family's label, not a power by V."""
    f = symdl.parse(r"\hat{A}_t^{GAE(\gamma,\lambda)} = \sum_{l=0}^\infty (\gamma\lambda)^l \delta_{t+l}^V")
    assert [n.rule for n in f.notes] == ["superscript-word-label", "superscript-capital-label"]  # GAE(...): session14_s
    assert "**V" not in str(f.statements[0].rhs)


def test_entry_letters_read_the_left_side_as_an_entry() -> None:
    f = symdl.parse(LEGS)
    assert str(f.statements[0].lhs) == "A[n, k]"


REFUSED = [
    ("numpy-ifft-over", "the numpy.fft docs: the inverse DFT, with \\over and \\exp\\{\\}",
     r"a_m = \frac{1}{n}\sum_{k=0}^{n-1} A_k \exp\left\{2\pi i{mk \over n}\right\}", "the imaginary unit i", "i"),
    ("dft-i-also-an-index", "a DFT where i is also a sum's index: i beside 2π is the unit",
     r"x_n = \sum_{i} X_i e^{2\pi i kn/N}", "the imaginary unit i", "i"),
    ("lru-eigenvalue", "Orvieto et al., LRU (2023), eq. 6: the diagonal's eigenvalues",
     r"\lambda_j = \exp(-\nu_j + i\theta_j)", "the imaginary unit i", "i"),
    ("wasserman-characteristic", "Wasserman, All of Statistics: the characteristic function",
     r"\varphi_X(t) = \mathbb{E}[e^{itX}]", "the imaginary unit i", "i"),
    ("torch-stft-j", "the torch.stft docs: the short-time Fourier transform, j the imaginary unit",
     r"X[\omega, m] = \sum_{k=0}^{\text{win\_length-1}} \text{window}[k]\ \text{input}[m \times \text{hop\_length} + k]"
     r"\ \exp\left(- j \frac{2 \pi \cdot \omega k}{\text{n\_fft}}\right)", "the imaginary unit j", "j"),
    ("rahimi-recht-j", "Rahimi & Recht, Random Features (2007), eq. 2: Bochner's theorem, j the imaginary unit",
     r"k(x - y) = \int p(\omega) e^{j\omega'(x-y)} d\omega", "the imaginary unit j", "j"),
]


@pytest.mark.parametrize(("latex", "what", "text"), [r[2:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_refused_by_name(latex: str, what: str, text: str) -> None:
    assert_refused_at(latex, what, text)


def test_moment_generating_function_stays() -> None:
    """The moment generating function E[e^{tX}]: no i, read as before (must not change)."""
    f = symdl.parse(r"M_X(t) = \mathbb{E}[e^{tX}]")
    assert [n.rule for n in f.notes] == ["letters-product"]
