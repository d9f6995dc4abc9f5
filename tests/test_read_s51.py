r"""Session 46, from held-out set 51: classes of notation, each a rule with its note, checked by value against plain
numpy where the formula has a value, and by its reading and note where it states a relation.

* ``\mathrm{logit}^{-1}`` is the inverse logit, the sigmoid (``inverse-function``; before: 1/logit, silently);
* ``\text{softmax}(\beta)`` of a lone Greek name makes it the scores (``softmax-argument``);
* code's ``log_e{(...)}``, ``log_2(...)`` are logarithms to their base (before: a name ``log_e`` times the sum, or the
  base dropped);
* ``\mathbf{A}^H`` is the conjugate transpose, of a real matrix its transpose (``conjugate-transpose``);
* ``I_{kj}`` beside free indices is the identity's entry, the Kronecker delta (``identity-entry``);
* a product whose body never uses its index is noted as a sum's is (``sum-constant``), and so is a left side's index
  its right side never uses (``left-index-unused``);
* ``\sigma_{i<N}`` is member i of σ, the comparison saying for which i (``subscript-condition``);
* a derivative by a plain x inside ``\det`` makes x a vector, the derivative a Jacobian (``jacobian-variable``);
* ``\text{mean} = \frac{1}{N}\sum x`` is a number on the next line too (it was made a vector there);
* the TensorFlow docs' ``\sum_j A[i,j] * B[j,k]``: entries of the capitals (before: A times a vector [i; j]);
* code's spaced ``decay ^ step``, ``0.96 ^ step``: the whole word is the power (before: a label, or ``s·tep``);
* ``\text{end\_learning\_rate}``: an identifier, not the pseudo-code's ``end`` (before: dropped, then refused);
* ``\pi^{\mathrm{RL}}_\phi``: a policy with a label (before: π = 3.14 and a subscript with nothing to attach to);
* sums over capital Greek and bold sets (``\Omega_{neg}``, ``\boldsymbol{m}``), a chain of inequalities that bounds
  a computed value, a cases row ending in ``\text{ and}``, a step size ``\lambda^k`` beside steps ``x^{k+1}``
  (``greek-power-step``), and ``H = \gamma I`` (``scaled-identity``).
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from symdl.cli import main
from tests.real_sources import assert_refused_at, assert_shown_noted, assert_values_noted

RNG = np.random.default_rng(4651)
Z = RNG.normal(size=7) * 2.0
Y3 = RNG.random(size=3)
M34 = RNG.normal(size=(3, 4))
A23, B32 = RNG.normal(size=(2, 3)), RNG.normal(size=(3, 2))


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max())
    return e / e.sum()


VALUES = [
    # the Stan functions reference: the logistic approximation of the normal CDF
    ("inverse-logit", r"\Phi_{\mathrm{approx}}(x) = \mathrm{logit}^{-1}(0.07056 \, x^3 + 1.5976 \, x)",
     {"x": Z}, _sigmoid(0.07056 * Z**3 + 1.5976 * Z), ("inverse-function",)),
    # the Stan docs' categorical logit: the softmax of the vector beta
    ("softmax-of-greek", r"p = \text{softmax}(\beta)", {r"\beta": Z}, _softmax(Z), ("softmax-argument",)),
    # the PyTorch docs' Softplus, as the docs page renders it in plain text
    ("code-log-base-e", r"softplus(x) = log_e{(1 + exp(x))}", {"x": Z}, np.log1p(np.exp(Z)), ()),
    ("code-log-base-2", r"y = log_2(1 + exp(x))", {"x": Z}, np.log2(1 + np.exp(Z)), ()),
    # the Matrix Cookbook's Frobenius norm through the trace
    ("conjugate-transpose", r"s = \mathrm{Tr}(\mathbf{A}\mathbf{A}^H)", {r"\mathbf{A}": M34},
     np.trace(M34 @ M34.T), ("conjugate-transpose",)),
    # Bishop's softmax derivative (PRML eq. 4.106), entry (k, j): diag(y) - y y^T
    ("identity-entry", r"s_{kj} = y_k(I_{kj} - y_j)", {"y": Y3}, np.diag(Y3) - np.outer(Y3, Y3), ("identity-entry",)),
    # a product whose body forgot its index: the body n times, noted (sum-constant, products too)
    ("product-constant", r"L = \prod_{i=1}^{n} \sigma(z)", {"z": 0.3, "n": 3}, _sigmoid(0.3) ** 3, ("sum-constant",)),
    # the TensorFlow docs' segment sum with its condition left in prose: each entry the whole sum
    ("left-index-unused", r"output_i = \sum_j data_j", {"data": Y3}, Y3.sum(),
     ("left-index-unused",)),
    # the TensorFlow docs' matmul written entry by entry
    ("bracket-entries", r"C[i,k] = \sum_j A[i,j] * B[j,k]", {"A": A23, "B": B32}, A23 @ B32, ("bracket-index",)),
    # Keras' EMA with bias correction in code: decay ^ step is a power
    ("spaced-caret-word", r"d = 1 - decay ^ step", {"decay": 0.9, "step": 3.0}, 1 - 0.9**3, ()),
    ("spaced-caret-number", r"lr = lr_0 * 0.96 ^ step", {"lr_0": 0.1, "step": 4.0}, 0.1 * 0.96**4, ()),
    # the Stan docs' Bernoulli-logit written with a joining "and" after the first condition
    ("cases-joining-and", r"f(y) = \begin{cases} a & \text{if } y = 1, \text{ and} \\ 1 - a & \text{if } y = 0"
     r" \end{cases}", {"y": 0.0, "a": 0.3}, 0.7, ()),
    # Circle loss's negative set, a capital Greek letter with a label
    ("sum-over-greek-set", r"L = \log\left(1 + \sum_{i\in\Omega_{neg}} e^{s_i}\right)", {"s": Z},
     np.log1p(np.exp(Z).sum()), ("sum-over-set",)),
    # Parikh & Boyd's proximal gradient without the prox: the step size at step k, a power, noted
    # Cover & Thomas's differential entropy of a Gaussian, in bits written after it
    ("euler-beside-pi", r"h = \frac{1}{2}\log 2\pi e\sigma^2 \text{ bits}", {r"\sigma": 1.3},
     0.5 * np.log(2 * np.pi * np.e * 1.69), ("euler-beside-pi",)),
    ("greek-power-step", r"x^{k+1} = x^k - \lambda^k g", {"x^k": 1.5, r"\lambda": 0.5, "k": 2.0, "g": 0.8},
     1.5 - 0.25 * 0.8, ("greek-power-step",)),
]


@pytest.mark.parametrize(("code", "args", "want", "rules"), [c[1:] for c in VALUES], ids=[c[0] for c in VALUES])
def test_values(code: str, args: dict, want: np.ndarray, rules: tuple[str, ...]) -> None:
    assert_values_noted(code, args, {"": want}, rules)


def test_mean_stays_a_number_on_the_next_line() -> None:
    code = "\\text{mean} = \\frac{1}{N} \\sum x\n\\text{variance} = \\frac{1}{N} \\sum (x - \\text{mean})^2"
    assert_values_noted(code, {"x": Z, "N": float(Z.size)}, {r"\text{mean}": Z.mean(), r"\text{variance}": Z.var()}, ())


def test_end_word_in_an_identifier_is_a_name() -> None:
    code = r"y = a + \text{end\_learning\_rate}"
    f = symdl.parse(code)
    got = symdl.lambdify(f)(**{"a": 1.0, r"\text{end\_learning\_rate}": 0.25})
    assert float(got) == pytest.approx(1.25)


def test_scaled_identity_is_the_identity() -> None:
    f = symdl.parse(r"H = \gamma I")
    assert "scaled-identity" in {n.rule for n in f.notes}
    got = symdl.lambdify(f)(**{r"\gamma": 2.0, "n_1": 3})
    np.testing.assert_allclose(got, 2.0 * np.eye(3))


READINGS = [
    # (id, formula, text the reading must show, note rule)
    # Karras et al.'s (EDM) noise levels, eq. 5
    ("subscript-condition", r"\sigma_{i<N} = \Big({\sigma_\text{max}}^{\frac{1}{\rho}} + \tfrac{i}{N-1}"
     r"({\sigma_\text{min}}^{\frac{1}{\rho}} - {\sigma_\text{max}}^{\frac{1}{\rho}})\Big)^{\rho} \quad\text{and}"
     r"\quad \sigma_N = 0", "Eq(sigma[i],", "subscript-condition"),
    ("jacobian-variable", r"y = \log|\det(\frac{\partial f(x)}{\partial x})|", "Determinant(", "jacobian-variable"),
    ("policy-label-before-subscript", r"R = \log \pi^{\mathrm{RL}}_\phi(y|x) - \log \pi^{\mathrm{SFT}}(y|x)",
     "pi^RL_{\\phi}(y, x)", ""),
    ("gradient-transposed", r"q = f(\theta) + \nabla f(\theta)^\top p + \frac{1}{2}p^\top Bp", "Trace(", ""),
    ("inequality-chain", r"\log p(\mathbf{x}) \geq \mathcal{L}_{k+1} \geq \mathcal{L}_k",
     "[inequality] Lcal_{k+1} >= Lcal_k", "comparison-chain"),
    ("digit-label", r"y = W^{\text{4bit}} x", "W^4bit", ""),
    # DDPG's exploration policy: a primed name on a left side, read as the derivative, noted
    ("primed-left", r"\mu'(s_t) = \mu(s_t|\theta^\mu_t) + \mathcal{N}", "Derivative(mu(s_t), s_t)", "primed-left"),
    # Sutton & Barto's actor-critic: the weights' step size, a bold label
    ("bold-superscript-label", r"\mathbf{w} \leftarrow \mathbf{w} + \alpha^{\mathbf{w}}\delta \mathbf{z}",
     "alpha^w*delta", "superscript-bold-label"),
    # the same model's Euler step with the score network of two arguments, a vector
    ("score-of-two-arguments", r"\hat{\mathbf{x}}^{\boldsymbol{\phi}}_{t_n} = \mathbf{x}_{t_{n+1}} - (t_n - t_{n+1})"
     r"t_{n+1}\boldsymbol{s}_{\boldsymbol{\phi}}(\mathbf{x}_{t_{n+1}}, t_{n+1})", "s_{\\boldsymbol{\\phi}}(x_t_{n+1}",
     "time-subscript"),
    # Song et al.'s consistency models: the state at the schedule's times
    ("time-subscript", r"\hat{x}_{t_n} = x_{t_{n+1}} - (t_n - t_{n+1}) t_{n+1} s(x_{t_{n+1}}, t_{n+1})",
     "x_t_{n+1}", "time-subscript"),
    # Hinton's contrastive divergence written with the Gibbs step's superscript
    ("angle-mean-step", r"\Delta w_{ij} = \varepsilon(\langle v_i h_j\rangle^0 - \langle v_i h_j\rangle^1)",
     "E_{0}(h[j]*v[i]) - E_{1}(h[j]*v[i])", "angle-mean"),
    # Chollet's temperature sampling: the distribution an array through np.log
    ("code-log-of-array", "distribution = np.log(original_distribution) / temperature\n"
     "distribution = np.exp(distribution)\nreturn distribution / np.sum(distribution)",
     "original_distribution    MatrixSymbol", ""),
]


@pytest.mark.parametrize(("code", "shown", "rule"), [c[1:] for c in READINGS], ids=[c[0] for c in READINGS])
def test_readings(code: str, shown: str, rule: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert_shown_noted(code, shown, rule, capsys)


def test_jacobian_variable_is_a_vector() -> None:
    f = symdl.parse(r"y = \log|\det(\frac{\partial f(x)}{\partial x})|")
    assert f.shapes["x"][1] == 1 and f.shapes["x"][0] != 1


def test_iverson_note_offers_the_sign() -> None:
    f = symdl.parse(r"s = \sigma([\![ y = k ]\!] \cdot v^\top u)")
    note = next(n for n in f.notes if n.rule == "iverson-bracket")
    assert "2\\mathbb{1}[...] - 1" in note.alternative


STILL_REFUSED = [
    # (id, formula, what the refusal says, the text it points at)
    # the Keras docs' gradient descent with JAX-style transforms: the gradient function applied at once
    ("curried-gradient", r"W1 = W0 - step * gradient(f)(W0)", "applied at once", "(W0)"),
    # llama.cpp's RMS norm kernel and its RoPE: C declarations and casts
    ("c-declaration", "const float theta_scale = powf(freq_base, -2.0f/n_dims);", "C code", "const float theta_scale"),
    ("c-cast", "sum += (ggml_float)(x[i00] * x[i00]);", "C code", "(ggml_float)"),
    ("range-of-a-name", r"0 \le p \le 1", "a chain of comparisons", r"\le"),
    ("two-sets-one-array", r"L = \sum_{i\in\Omega_{neg}} e^{s_i} + \sum_{j\in\Omega_{pos}} e^{-s_j}", "two sets",
     r"\sum_{j\in\Omega_{pos}}"),
]


@pytest.mark.parametrize(("code", "what", "text"), [c[1:] for c in STILL_REFUSED], ids=[c[0] for c in STILL_REFUSED])
def test_still_refused(code: str, what: str, text: str) -> None:
    assert_refused_at(code, what, text)


def test_bare_expectation_letter() -> None:
    f = symdl.parse(r"Ef(X) \geq f(EX)")
    assert "expectation-letter" in {n.rule for n in f.notes}
    assert "E" not in {str(s) for s in f.statements[0].lhs.free_symbols}  # no number named E
    g = symdl.parse(r"H = EX + b")
    assert "expectation-letter" not in {n.rule for n in g.notes}


def test_labelled_run_is_one_name() -> None:
    code = r"Q_{output} = zp_{output} + \frac{scale_{input}}{scale_{output}} * (Q_{input} - zp_{input})"
    f = symdl.parse(code)
    assert "labelled-run" in {n.rule for n in f.notes}
    got = symdl.lambdify(f)(**{"zp_{output}": 3.0, "scale_{input}": 0.5, "scale_{output}": 0.25,
                               "Q_{input}": 10.0, "zp_{input}": 2.0})
    assert float(got) == pytest.approx(3.0 + 2.0 * 8.0)


CHECKS = [
    # (id, formula, what explain's relations must say: "holds", "does NOT hold" or "" for no verdict)
    ("trace-cyclic-unknown-matrix", r"\mathrm{Tr}(\mathbf{A}^T\mathbf{A}) = \mathrm{Tr}(\mathbf{A}\mathbf{A}^T)", ""),
    ("frobenius-chain", r"\|\mathbf{A}\|_F = \sqrt{\sum_{ij}|A_{ij}|^2} = \sqrt{\mathrm{Tr}(\mathbf{A}\mathbf{A}^H)}", ""),
    ("hadamard-entry", r"(\mathbf{A}\circ\mathbf{B})_{ij} = A_{ij}B_{ij}", ""),
    ("tanh-derivative", r"\frac{d}{dx}\tanh x = 1 - \tanh^2 x", "holds"),
    ("tanh-derivative-wrong", r"\frac{d}{dx}\tanh x = 1 + \tanh^2 x", "does NOT hold"),
]


@pytest.mark.parametrize(("code", "verdict"), [c[1:] for c in CHECKS], ids=[c[0] for c in CHECKS])
def test_explain_never_refutes_what_it_cannot_compute(code: str, verdict: str,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", code, "--no-color"]) == 0
    out = capsys.readouterr().out
    if verdict == "holds":
        assert ") holds" in out and "does NOT hold" not in out, out
    elif verdict:
        assert "does NOT hold" in out, out
    else:
        assert "does NOT hold" not in out and ") holds" not in out, out

