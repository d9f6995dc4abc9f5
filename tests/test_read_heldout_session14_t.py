r"""Layout, optimisation operators and expectation spellings (session 14, from a held-out sweep).

Three classes, each once a silent misreading:

* a row break's optional length (``\\[0.4em]``, ``\\[2pt]``, ``\\[-1mm]``, ``\\*``) in Goh's momentum, the Adam
  paper's moments, Ioffe & Szegedy's batch statistics and d2l's layers was read as factors 0.4·e·m; it is layout
  and is dropped with the break;
* ``\mathop{\mathrm{minimize}}_f`` (d2l), ``\operatorname*{argmin}``, ``\text{minimize}_w`` and
  ``\underset{w}{\text{minimize}}`` (cs229, Bishop, Boyd & Vandenberghe), ``\underset{\theta}{\arg\min}`` were a
  name times the body; they are the operators ``\min_w`` / ``\arg\min_\theta`` symdl reads (``objective-prefix``,
  ``optimum-over-variable``);
* a plain ``E`` with a subscript applied to a bracket (the REINFORCE / score-function gradient of Williams and of
  Mohamed et al., the GAN paper's value function as often retyped) was a function on the left and a variable on
  the right; it is the expectation, read as ``\mathbb{E}_x[...]`` is.  Adadelta's ``E[g^2]_t`` and an energy
  ``E(\mathbf{w})`` stay as they were.
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as

RNG = np.random.default_rng(14)
X4 = RNG.normal(size=4)
W2, V2, B2 = RNG.normal(size=(2, 2)), RNG.normal(size=2), RNG.normal(size=2)


def _sig(t: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-t))


# (id, source, latex, functions, inputs, numpy's value, notes by rule)
EVALUATED = [
    # -- a row break's length is layout ------------------------------------------------------------------------------
    ("adam-moments-2pt", "Kingma & Ba (2015), Alg. 1: the biased first and second moments",
     r"\begin{aligned} m_t &= \beta_1 m_{t-1} + (1-\beta_1) g_t \\[2pt] v_t &= \beta_2 v_{t-1} + (1-\beta_2) g_t^2"
     r" \end{aligned}", {}, {r"\beta_1": 0.9, "m_{t-1}": 1.0, "g_t": 2.0, r"\beta_2": 0.99, "v_{t-1}": 3.0},
     0.99 * 3.0 + 0.01 * 4.0, []),
    ("batchnorm-stats-star", "Ioffe & Szegedy (2015), Alg. 1: the mini-batch mean and variance",
     r"\begin{aligned} \mu_B &= \frac{1}{m} \sum_{i=1}^m x_i \\* \sigma_B^2 &= \frac{1}{m} \sum_{i=1}^m (x_i - \mu_B)^2"
     r" \end{aligned}", {}, {"x": X4, "m": 4}, X4.var(), ["square-name"]),
    ("d2l-layer-negative-length", "d2l, sec. 5.1: an affine layer and its activation",
     r"\begin{aligned} a &= W x + b \\[-1mm] h &= \tanh(a) \end{aligned}", {}, {"W": W2, "x": V2, "b": B2},
     np.tanh(W2 @ V2 + B2), ["capital-matrix"]),
    # -- optimisation operators written as words -----------------------------------------------------------------------
    ("svm-underset-minimize", "cs229 notes (SVMs): the optimal margin classifier's objective",
     r"\underset{w}{\text{minimize}} \; \frac{1}{2}\|w\|^2", {}, {"w": X4}, 0.5 * X4 @ X4, ["objective-prefix"]),
    ("argmax-mathop", "d2l, sec. 4.1: the predicted class, the index of the largest probability",
     r"\hat{y} = \mathop{\mathrm{argmax}}_j p_j", {}, {"p": np.array([0.1, 0.7, 0.2])}, 2, []),
    ("max-operatorname-star", "Goodfellow et al., sec. 6.2: max pooling's largest entry",
     r"y = \operatorname*{max}_i x_i", {}, {"x": X4}, X4.max(), []),
    # -- a plain E with a subscript before a bracket is the expectation --------------------------------------------------
    ("second-moment-plain-e", "Bishop (2006), eq. 1.34 as retyped: a second moment over samples",
     r"m_2 = E_{x \sim p}[x^2]", {}, {"x": X4}, np.mean(X4**2), ["expectation-mean"]),
    ("gan-value-plain-e", "Goodfellow et al. (2014), eq. 1 as often retyped with a plain E",
     r"V = E_{x \sim p_{data}}[\log D(x)] + E_{z \sim p_z}[\log(1 - D(G(z)))]", {"D": _sig, "G": np.tanh},
     {"x": X4, "z": X4[:3]}, np.mean(np.log(_sig(X4))) + np.mean(np.log(1 - _sig(np.tanh(X4[:3])))),
     ["expectation-mean", "expectation-mean"]),
    # -- must not change: Adadelta's running average, a plain E_t name -------------------------------------------------
    ("adadelta-running-average", "Zeiler (2012), eq. 8: E[g^2]_t is a running average, not an expectation",
     r"E[g^2]_t = \gamma E[g^2]_{t-1} + (1-\gamma) g_t^2", {}, {r"\gamma": 0.9, "E[g^2]_{t-1}": 2.0, "g_t": 3.0},
     0.9 * 2.0 + 0.1 * 9.0, ["running-average-name"]),
    ("error-at-step-t", "Werbos / BPTT: E_t, the error at step t, is a name",
     r"E_t = \frac{1}{2}(y_t - o_t)^2", {}, {"y_t": 1.5, "o_t": 0.5}, 0.5, []),
]


@pytest.mark.parametrize(("latex", "functions", "inputs", "want", "rules"), [r[2:] for r in EVALUATED],
                         ids=[r[0] for r in EVALUATED])
def test_reads_and_evaluates(latex: str, functions: dict, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules, functions=functions)


# (id, source, as written, the spelling symdl already read right): both read the same statements and notes
SAME_AS = [
    ("momentum-04em", "Goh (2017), Why Momentum Really Works: the heavy-ball iteration",
     r"\begin{aligned} z^{k+1}&=\beta z^{k}+\nabla f(w^{k})\\[0.4em] w^{k+1}&=w^{k}-\alpha z^{k+1} \end{aligned}",
     r"\begin{aligned} z^{k+1}&=\beta z^{k}+\nabla f(w^{k})\\ w^{k+1}&=w^{k}-\alpha z^{k+1} \end{aligned}"),
    ("matrix-row-length", "a matrix typeset with row spacing (must not change: the entries stay)",
     r"\begin{bmatrix} a & b \\[2pt] c & d \end{bmatrix}", r"\begin{bmatrix} a & b \\ c & d \end{bmatrix}"),
    ("d2l-mathop-minimize", "d2l, sec. 4.7 (generalization): empirical risk minimisation",
     r"\mathop{\mathrm{minimize}}_f \frac{1}{n} \sum_{i=1}^n l(f(\mathbf{x}_i), y_i)",
     r"\min_f \frac{1}{n} \sum_{i=1}^n l(f(\mathbf{x}_i), y_i)"),
    ("text-minimize-subscript", "Boyd & Vandenberghe style: minimize_w of a regularised objective",
     r"\text{minimize}_w \frac{\lambda}{2}\|w\|^2", r"\min_w \frac{\lambda}{2}\|w\|^2"),
    ("underset-argmin", "Murphy (2012), sec. 7.3: the least-squares estimate",
     r"\hat{\theta} = \underset{\theta}{\arg\min} L(\theta)", r"\hat{\theta} = \arg\min_\theta L(\theta)"),
    ("operatorname-star-argmin", "Goodfellow et al., sec. 5.5: the maximum-likelihood estimate",
     r"\theta_{ML} = \operatorname*{arg\,max}_\theta \sum_{i=1}^m \log p(x^{(i)}; \theta)",
     r"\theta_{ML} = \arg\max_\theta \sum_{i=1}^m \log p(x^{(i)}; \theta)"),
    ("mathop-argmin-latin", "was refused (tests/test_read_syntax.py): the minimiser over w, as \\arg\\min_w",
     r"\mathop{\mathrm{argmin}}_w L(w)", r"\arg\min_w L(w)"),
    ("reinforce-plain-e", "Williams (1992) / Mohamed et al. (2020): the score-function gradient",
     r"\nabla_{\theta} E_x[f(x)] = E_x[f(x) \nabla_{\theta} \log p(x)]",
     r"\nabla_{\theta} \mathbb{E}_x[f(x)] = \mathbb{E}_x[f(x) \nabla_{\theta} \log p(x)]"),
    ("policy-gradient-mathrm-e", "Sutton et al. (2000) as retyped: the policy gradient with \\mathrm{E}",
     r"\nabla_\theta J(\theta) = \mathrm{E}_{\tau}[R(\tau) \nabla_\theta \log \pi_\theta(\tau)]",
     r"\nabla_\theta J(\theta) = \mathbb{E}_{\tau}[R(\tau) \nabla_\theta \log \pi_\theta(\tau)]"),
    ("policy-gradient-plain-e", "Sutton et al. (2000) as retyped with a plain E",
     r"\nabla_\theta J(\theta) = E_{\tau}[R(\tau) \nabla_\theta \log \pi_\theta(\tau)]",
     r"\nabla_\theta J(\theta) = \mathbb{E}_{\tau}[R(\tau) \nabla_\theta \log \pi_\theta(\tau)]"),
]


def _reading(latex: str) -> tuple[list[tuple[str, str, str]], list[str]]:
    f = symdl.parse(latex)
    return [(str(s.lhs), str(s.rhs), s.kind) for s in f.statements], [n.rule for n in f.notes]


@pytest.mark.parametrize(("written", "canonical"), [r[2:] for r in SAME_AS], ids=[r[0] for r in SAME_AS])
def test_reads_as_the_canonical_spelling(written: str, canonical: str) -> None:
    assert _reading(written) == _reading(canonical)


def test_energy_function_and_unsubscripted_word_stay() -> None:
    """Must not change: an energy E(\\mathbf{w}) is a function defined by its right side (Bishop, eq. 5.11), and
    a wrapped max inside a subscript is a label (\\eta_{\\text{max}}, SGDR's largest rate)."""
    energy = symdl.parse(r"E(\mathbf{w}) = \frac{1}{2}\|\mathbf{w}\|^2")
    assert energy.statements[0].kind == "definition" and str(energy.statements[0].lhs) == "E(w)"
    label = symdl.parse(r"\eta_{\text{max}} = 2")
    assert str(label.statements[0].lhs) == "eta_{max}"
