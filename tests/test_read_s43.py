r"""Session 39, from held-out set 43 (unseen until its dump): classes of notation read silently wrong or refused.

* numpy-ml's piecewise definitions as align rows, ``f(x) &= 1 &&\text{if } x > 0 \\ &= \alpha e^x &&\text{otherwise}``
  (``align-cases``; before: the first row's value alone, the other rows swallowed as conditions, silently);
* RankNet's ``-\sigma / (1 + e^{\sigma(s_i - s_j)})``: σ written alone makes ``\sigma(...)`` a product
  (``product-of-a-written-value``; before: a call, silently);
* LeCun et al.'s and Hochreiter & Schmidhuber's shifted time arguments ``\Delta w(t-1)``, ``s_{c_j}(t-1)``
  (``step-argument`` for t when shifted and nothing differentiates by t; before: products with t − 1, silently);
* S4's ``(\mathrm{I}_n + A/2)(\mathrm{I}_n - A/2)^{-1}``: the identity with its size (``identity-sum``); Goodfellow's
  ``(\mathbf{I} - \alpha\mathbf{A})^k``: the k-th matrix power (``matrix-power``; before: entry-wise, silently);
* Graves's LSTM weights ``w_{i\phi}`` under ``\sum_i``: index i, the gate's label φ (before: one fixed name);
* Glorot & Bengio's ``\prod_{i'} Var[W^{i'}]``: a primed letter read as a power is noted (``superscript-power``);
* Bahdanau's ``e_{i,j} = w^\top\tanh(W s_{i-1} + V h_j + U f_{i,j} + b)``: plain members of families with free
  indices read as vectors of their own (``family-member-each``; before: refused);
* PyTorch Geometric's lone bar ``\mathbf{x}_i \, \Vert \, \mathbf{x}_j`` (``bar-concat``), braced norms
  ``{\| x \|}^2_2`` and ``\sum_{j \in \mathcal{N}(i) \cup \{i\}}`` (the self-loop; ``sum-over-neighbours``);
* code: Chainer's ``self.xp.sqrt``, ``.item()``, thinc's constant ``SQRT2PI`` (``code-identifier``; before:
  ``sqrt(2)·PI``, silently); Goldberg's ``NN_{MLP1}(\mathbf{x})`` (``acronym-call``; before: N·N_{MLP1}(x));
* Telgarsky's ``x \mapsto ...``: refused by name (before: an update of x, silently).
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as

RNG = np.random.default_rng(4339)
X5, Y5 = RNG.normal(size=5), RNG.normal(size=5)
A3 = RNG.normal(size=(3, 3)) * 0.3
W0 = RNG.normal(size=3)
ADJ = (RNG.uniform(size=(4, 4)) > 0.5).astype(float)
np.fill_diagonal(ADJ, 0.0)
X4 = RNG.normal(size=4)


def _hard_sigmoid(z: np.ndarray) -> np.ndarray:
    return np.where(z < -2.5, 0.0, np.where(z <= 2.5, 0.2 * z + 0.5, 1.0))


# (id, source, latex, inputs, plain numpy's value, notes by rule)
READS = [
    ("numpy-ml-hard-sigmoid-align", "numpy-ml activations, HardSigmoid docstring",
     r"\text{HardSigmoid}(z_i) &= 0 \ \ \ \ &&\text{if }z_i < -2.5 \\ &= 0.2 z_i + 0.5 \ \ \ \ &&\text{if }-2.5 "
     r"\leq z_i \leq 2.5 \\ &= 1 \ \ \ \ &&\text{if }z_i > 2.5", {"z": 2 * X5}, _hard_sigmoid(2 * X5),
     ["align-cases"]),
    ("ranknet-lambda-sigma-a-number", "Burges 2010, From RankNet to LambdaRank to LambdaMART, eq. (3)",
     r"\lambda_{ij}=\frac{-\sigma}{1+e^{\sigma(s_i-s_j)}}", {"\\sigma": 1.5, "s": X5},
     -1.5 / (1 + np.exp(1.5 * (X5[:, None] - X5[None, :]))), ["product-of-a-written-value"]),
    ("lecun-momentum-time-arguments", "LeCun et al., Efficient BackProp, momentum",
     r"\Delta w(t) = \alpha \Delta w(t-1) + \eta \delta(t) y(t)",
     {"\\alpha": 0.9, "\\Delta w(t-1)": 2.0, "\\eta": 0.1, "\\delta(t)": 0.4, "y(t)": -1.5},
     0.9 * 2.0 + 0.1 * 0.4 * -1.5, ["step-argument", "step-argument"]),
    ("s4-bilinear-identity-with-size", "Gu et al., S4, the bilinear discretisation (Q = (I + A/2)(I - A/2)^{-1})",
     r"Q = (\mathrm{I}_n + A/2)(\mathrm{I}_n - A/2)^{-1}", {"A": A3},  # I_n: the identity (sized-identity)
     (np.eye(3) + A3 / 2) @ np.linalg.inv(np.eye(3) - A3 / 2), ["sized-identity", "identity-sum"]),
    ("goodfellow-error-dynamics-matrix-power", "Goodfellow et al. 7.8, early stopping as L2 (eq. 7.40 style)",
     r"\tilde{\mathbf{w}}^{(k)} = (\mathbf{I} - \alpha \mathbf{A})^k \tilde{\mathbf{w}}^{(0)}",
     {"\\mathbf{I}": np.eye(3), "\\alpha": 0.5, "\\mathbf{A}": A3, "k": 3, "\\tilde{\\mathbf{w}}^{(0)}": W0},
     np.linalg.matrix_power(np.eye(3) - 0.5 * A3, 3) @ W0, ["superscript-label", "matrix-power"]),
    ("graves-gate-weights-under-a-sum", "Graves 2012, Supervised Sequence Labelling, LSTM forward pass (4.2)",
     r"a_\phi = \sum_{i=1}^{I} w_{i\phi} x_i", {"w_{phi}": X5, "x": Y5, "I": 5}, X5 @ Y5, []),
    ("pyg-self-loop-neighbourhood", "PyTorch Geometric GCNConv: a sum over N(i) and i itself",
     r"y_i = \sum_{j \in \mathcal{N}(i) \cup \{ i \}} x_j", {"\\mathcal{N}": ADJ, "x": X4},
     (ADJ + np.eye(4)) @ X4, ["sum-over-neighbours"]),
    ("pyg-braced-norm-squared", "PyTorch Geometric PairNorm docs", r"n = {\| \mathbf{x} \|}^2_2", {"\\mathbf{x}": X4},
     X4 @ X4, []),
    ("thinc-constant-with-digits", "thinc's GELU: tmp = 1.0 + xp.tanh(SQRT2PI * (X + 0.044715 * X**3))",
     "tmp = 1.0 + self.xp.tanh(SQRT2PI * X)", {"SQRT2PI": 0.8, "X": X4}, 1.0 + np.tanh(0.8 * X4),
     ["code-name", "code-self", "code-library", "code-identifier"]),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [r[2:] for r in READS], ids=[r[0] for r in READS])
def test_a_class_of_notation_reads_with_its_note(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


def test_bahdanau_energy_reads_each_member_as_a_vector() -> None:
    """Bahdanau et al.'s alignment energy with its coverage term (Tu et al.): plain s_{i-1}, h_j, f_{i,j}, each a
    vector of its own (before: refused as a member of a family)."""
    f = symdl.parse(r"e_{i,j}=w^{\top}\tanh(Ws_{i-1}+Vh_j+Uf_{i,j}+b)")
    assert "family-member-each" in {n.rule for n in f.notes}
    W, V, U = (RNG.normal(size=(3, 2)) for _ in range(3))
    w, b, s, h, c = (RNG.normal(size=k) for k in (3, 3, 2, 2, 2))
    got = symdl.lambdify(f)(w=w, W=W, V=V, U=U, b=b, **{"s_{i-1}": s, "h_j": h, "f_{i,j}": c})
    np.testing.assert_allclose(float(np.ravel(got)[0]), w @ np.tanh(W @ s + V @ h + U @ c + b), rtol=1e-12)


@pytest.mark.parametrize(("latex", "parts"), [
    (r"\mathbf{h} = \mathbf{x} \, \Vert \, \mathbf{y}", (3, 2)),
    (r"\mathbf{q}^{*}_t = \mathbf{q}_t \, \Vert \, \mathbf{r}_t", (2, 2)),
    (r"\mathbf{h} = f(\mathbf{x} \Vert \mathbf{y})", (2, 3)),
], ids=["pyg-gated-graph-concat", "set2set-concat", "edgeconv-inside-a-network"])
def test_a_lone_bar_between_vectors_concatenates(latex: str, parts: tuple[int, int]) -> None:
    f = symdl.parse(latex)
    assert "bar-concat" in {n.rule for n in f.notes}
    fn = symdl.lambdify(f, functions={"f": np.tanh})
    names = [k for k in fn.spellings if k != f.statements[0].lhs_latex]
    a, b = RNG.normal(size=parts[0]), RNG.normal(size=parts[1])
    got = fn(**dict(zip(names, (a, b), strict=True)))
    want = np.concatenate([a, b])
    np.testing.assert_allclose(np.ravel(got), np.tanh(want) if "f(" in latex else want, rtol=1e-12)


# (id, formula, the right side as read, the note)
KEPT_OR_NOTED = [
    ("numpy-ml-elu-derivative-align",
     r"\frac{\partial \text{ELU}}{\partial x_i} &=  1 \ \ \ \ &&\text{if } x_i > 0 \\ &=  \alpha e^{x_i} \ \ \ \ "
     r"&&\text{otherwise}", "Piecewise((1, x[i] > 0), (alpha*exp(x[i]), True))", "align-cases"),
    ("kl-bar-stays-a-divergence", r"D = D_{KL}(P \| Q)", "D_{KL}(P, Q)", ""),
    ("closed-norm-stays", r"n = \|x\|", "sqrt(Trace(x.T*x))", ""),
    ("sigma-alone-only-as-a-call-stays-sigmoid", r"C = \log(1+e^{-\sigma(s_i-s_j)})",
     "log(1 + exp(-sigmoid(s[i] - s[j])))", ""),
    ("sigma-of-itself-stays", r"y = \sigma(1-\sigma)", "sigma*(1 - sigma)", "product-of-itself"),
    ("flow-time-stays-a-variable", r"\frac{dh(t)}{dt} = f(h(t), t)", "f(h(t), t)", ""),
    ("goldberg-network-name", r"NN_{MLP1}(\mathbf{x}) = g(\mathbf{x}W^1 + \mathbf{b}^1)W^2 + \mathbf{b}^2",
     "Lambda(_x, g(_x)).(b^[1] + x*W^[1])*W^[2] + b^[2]", "acronym-call"),
    ("chainer-array-module", "w = lr * (m / (self.xp.sqrt(v) + eps))", "lr*m/(eps + sqrt(v))", "code-library"),
    ("ranknet-differentiated-call", r"\lambda_{ij}=\frac{\partial C(s_i-s_j)}{\partial s_i}=\frac{-\sigma}{1+e^{\sigma(s_i-s_j)}}",
     "-sigma/(exp(sigma*(s[i] - s[j])) + 1)", "call-differentiated"),
    ("pyg-bold-theta-network", r"y = \gamma_{\mathbf{\Theta}}(\mathbf{x})", "gamma_{\\mathbf{\\Theta}}(x)", "call-parameterised"),
    ("bishop-mdn-output-label", r"\frac{\partial E^q}{\partial z_i^{\alpha}}=\alpha_i-\pi_i", "alpha[i] - pi[i]",
     "superscript-differentiated"),
    ("autoregressive-greek-context", r"p(y|x)=\prod_{\ell=1}^{L}p(y_{\ell}|y_{<\ell},x_{\le\ell})",
     "Product(p(y[ell], y_<[ell], x_<[ell + 1]), (ell, 1, L))", "prefix-context"),
    ("tabnet-step-brackets",
     r"\mathbf{M}[\mathbf{i}]=\text{sparsemax}(\mathbf{P}[\mathbf{i}-\mathbf{1}]\cdot h_i(\mathbf{a}[\mathbf{i}-\mathbf{1}]))",
     "sparsemax(P^(i-1)*Lambda(_x, h_i(_x)).(a^(i-1)))", "step-bracket"),
    ("calculus-power-in-a-numerator-stays", r"\frac{\partial x^n}{\partial x} = n x^{n-1}", "n*x**(n - 1)",
     "superscript-power"),
    ("siren-named-map", r"\mathbf{x}_i \mapsto \phi_i(\mathbf{x}_i) = \sin(\mathbf{W}_i\mathbf{x}_i + \mathbf{b}_i)",
     "Lambda(_x, sin(_x)).(W_i*x_i + b_i)", ""),
    ("divergence-of-bold-conditionals-stays", r"y = D_{KL}(q_\phi(\mathbf{z}|\mathbf{x}) \| p(\mathbf{z}))",
     "D_{KL}(q_{\\phi}(z, x), p(z))", ""),
    ("transformer-engine-fp8-scale", "new_scaling_factor = (FP8_MAX / amax) / (2 ^ margin)",
     "FP8_MAX/(2**margin*amax)", "word-exponent"),
    ("tex-letters-after-a-caret-stay", r"y = x^ab", "b*x**a", "superscript-power"),
    ("lecun-derivative-by-a-weight-at-a-step",
     r"\Delta w(t) = -\varepsilon \frac{\partial E}{\partial w(t)} + \alpha \Delta w(t-1)",
     "Deltaw^(t-1)*alpha - varepsilon*Derivative(E(w^(t)), w^(t))", "step-argument"),
    ("numpy-ml-swapaxes", "dK = dScores.swapaxes(-2, -1) @ q * scale", "scale*dScores.T*q", "code-transpose-axes"),
    ("kornia-annotated-assignment", "loss: torch.Tensor = input - input * target - F.logsigmoid(input)",
     "-input*target + input - log(sigmoid(input))", "code-annotation"),
    ("label-before-a-statement-stays", "Loss: L = a + b", "a + b", "prose-label"),
    ("learning-from-data-activation-s", r"\hat{y} = s(W s_1(Vx))",
     "Lambda(_x, s(_x)).(W*Lambda(_x, s_1(_x)).(V*x))", "call-activation"),
    ("a-letter-written-alone-stays-a-product", r"y = a(Wx) + a", "(a*W*x)*ones(1, n_1) + a", ""),
    ("plain-latin-name-beside-a-vector-noted", r"g = X^\top (y - \sigma(Xw))",
     "X.T*(y*ones(n_2, 1) - Lambda(_x, sigmoid(_x)).(X*w))", "scalar-broadcast"),
    ("glorot-primed-layer-power-noted", r"V = \prod_{i'=0}^{i-1} n_{i'} W^{i'}",
     "Product(W**i'*n[i'], (i', 0, i - 1))", "superscript-power"),
]


@pytest.mark.parametrize(("latex", "rhs", "rule"), [r[1:] for r in KEPT_OR_NOTED], ids=[r[0] for r in KEPT_OR_NOTED])
def test_readings_kept_or_noted(latex: str, rhs: str, rule: str) -> None:
    f = symdl.parse(latex)
    assert str(f.statements[-1].rhs) == rhs
    if rule:
        assert rule in {n.rule for n in f.notes}


def test_an_unnamed_map_is_refused_by_name() -> None:
    latex = r"x \mapsto \sum_{j=1}^{m} a_j \sigma(w_j^\top x + b_j)"
    with pytest.raises(symdl.NotSupported) as err:
        symdl.parse(latex)
    assert "without a name" in str(err.value)
    assert latex[err.value.span.start:err.value.span.end] == r"\mapsto"


def test_members_with_free_indices_read_as_vectors_of_their_own() -> None:
    """cs231n's score function, Shaw et al.'s row projection and Ba et al.'s row of a layer: each member a vector of
    its own (``family-member-each``; before: refused)."""
    W, x, b = RNG.normal(size=(3, 4)), RNG.normal(size=4), RNG.normal(size=3)
    f = symdl.parse(r"f(x_i, W, b) = W x_i + b")
    assert "family-member-each" in {n.rule for n in f.notes}
    np.testing.assert_allclose(np.ravel(symdl.lambdify(f)(x_i=x, W=W, b=b)), W @ x + b, rtol=1e-12)
    f = symdl.parse(r"z_j = x_j W^V")
    assert {"family-member-each", "vector-row"} <= {n.rule for n in f.notes}
    np.testing.assert_allclose(np.ravel(symdl.lambdify(f)(x_j=x, **{"W^V": W.T})), x @ W.T, rtol=1e-12)
    f = symdl.parse(r"a_i^l = {w_i^l}^\top h^l")
    assert str(f.statements[0].rhs) == "w^[l]_i.T*h^[l]"


def test_sigma_before_prose_stays_the_sigmoid() -> None:
    f = symdl.parse(r"y = \sigma(z) \text{ where } \sigma \text{ is the sigmoid}")
    assert str(f.statements[0].rhs) == "sigmoid(z)"


@pytest.mark.parametrize(("latex", "noted"), [
    (r"H = \frac{1}{\sqrt{d}} S_d H_d", True),  # Transformer Engine's docs: matrices, read as numbers, said so
    (r"Q = \Theta \, \Phi", True),
    (r"\mathcal{L} = - \frac{1}{LG} \sum_{i=1}^G l_i", False),  # G a count (a sum's bound): one capital left
    (r"\text{BLEU} = BP \cdot \exp(x)", False),  # letters side by side: the letters' own note
    (r"y = W x + b", False),  # a matrix beside a vector: no numbers
    (r"h_i = \max_j ( \Theta \cdot (h_j - h_i) + \Phi \cdot h_i)", True),  # DGCNN's EdgeConv
    (r"y = \Phi \cdot h_i", True),  # a Greek capital beside a name
    ("lr = A * b", False),  # code's star: a product
], ids=["transformer-engine-hadamard", "greek-capitals", "grpo-counts", "bleu-letters", "layer", "edgeconv-difference",
        "greek-capital-and-name", "code-star"])
def test_capitals_multiplied_as_numbers_are_noted(latex: str, noted: bool) -> None:
    f = symdl.parse(latex)
    assert ("capital-numbers" in {n.rule for n in f.notes}) is noted


def test_goldberg_bracket_entry_and_a_rooted_delta() -> None:
    """Goldberg's softmax entry ``\\hat{\\mathbf{y}}_{[i]}`` (``bracket-subscript``) and Bayes by Backprop's
    ``\\sqrt{\\delta_{m,j}}`` (``delta-value``): entries and a variance, before a family of vectors (refused) and the
    Kronecker delta (silently)."""
    f = symdl.parse(r"\hat{\mathbf{y}}_{[i]} = \frac{e^{(\mathbf{xW} + \mathbf{b})_{[i]}}}{\sum_j "
                    r"e^{(\mathbf{xW} + \mathbf{b})_{[j]}}}")
    assert "bracket-subscript" in {n.rule for n in f.notes}
    assert str(f.statements[0].lhs) == "yhat[i]"  # an entry (its value needs i's range: a group entry, no array)
    assert str(f.statements[0].rhs) == "exp((b + xW)[i - 1, 0])/Sum(exp((b + xW)[j - 1, 0]), (j, 1, n_1))"
    g = symdl.parse(r"b_{m,j}=\gamma_{m,j}+\sqrt{\delta_{m,j}}\zeta_{m,j}")
    assert "delta-value" in {n.rule for n in g.notes}
    gam, dlt, zet = RNG.normal(size=(2, 3)), RNG.uniform(0.1, 1.0, size=(2, 3)), RNG.normal(size=(2, 3))
    got = symdl.lambdify(g)(**{"\\gamma": gam, "\\delta": dlt, "\\zeta": zet})
    np.testing.assert_allclose(np.asarray(got), gam + np.sqrt(dlt) * zet, rtol=1e-12)


def test_an_inverse_defined_is_the_formulas_own_function() -> None:
    """WaveNet's μ-law expansion ``F^{-1}(y) = ...`` defines an inverse function: the formula's own, evaluated by its
    definition (inverse-defined; session 43 refused it by name, before that it read y/F)."""
    f = symdl.parse(r"F^{-1}(y)=\operatorname{sgn}(y)\frac{(1+\mu)^{|y|}-1}{\mu} \\ x = F^{-1}(v)")
    assert "inverse-defined" in [n.rule for n in f.notes]
    got = symdl.lambdify(f)(v=-0.4, **{r"\mu": 255.0})["x"]
    np.testing.assert_allclose(got, -((256.0 ** 0.4) - 1) / 255.0, rtol=1e-12)


def test_a_capital_before_a_tex_star_is_noted_as_maybe_a_convolution() -> None:
    f = symdl.parse(r"f_i=F*\alpha_{i-1}")
    note = next(n for n in f.notes if n.rule == "star-product")
    assert "convolution" in note.message


def test_eisenstein_arrow_labels_and_theta_matrices() -> None:
    """Eisenstein's ``\\Theta^{(z \\to y)} \\mathbf{z}``: the arrow a label (``script-arrow-label``; before: refused
    as an unknown command) and \\Theta before a bold vector a matrix (``capital-matrix``; before: a number)."""
    f = symdl.parse(r"\tilde{\mathbf{y}} = \text{SoftMax}(\Theta^{(z \to y)} \mathbf{z} + \mathbf{b})")
    assert {"script-arrow-label", "capital-matrix"} <= {n.rule for n in f.notes}
    theta, z, b = RNG.normal(size=(3, 4)), RNG.normal(size=4), RNG.normal(size=3)
    fn = symdl.lambdify(f)
    names = {k: v for k, v in zip(fn.spellings, (None,) * len(fn.spellings), strict=True)}
    args = {k: theta if "Theta" in k else z if "mathbf{z}" in k else b for k in names if "tilde" not in k}
    e = np.exp(theta @ z + b - (theta @ z + b).max())
    np.testing.assert_allclose(np.ravel(fn(**args)), e / e.sum(), rtol=1e-12)
    g = symdl.parse(r"L = \sum_{i=1}^{N} \ell^{(i)} + \lambda_{z \to y} \| \Theta^{(z \to y)} \|_F^2")
    assert "script-arrow-label" in {n.rule for n in g.notes}


def test_gp_lengthscale_matrix_and_a_parameterised_termination() -> None:
    """GPyTorch's ARD kernel ``(\\mathbf{x_1} - \\mathbf{x_2})^\\top \\Theta^{-2} (\\mathbf{x_1} - \\mathbf{x_2})``: Θ the
    lengthscale matrix (before: a number, silently); the option-critic's ``\\beta_{\\omega,\\vartheta}(s')``: a
    function of s' with parameters ϑ (before: a product, silently)."""
    f = symdl.parse(r"k = \exp \left( -\frac{1}{2} (\mathbf{x_1} - \mathbf{x_2})^\top \Theta^{-2} (\mathbf{x_1} - "
                    r"\mathbf{x_2}) \right)")
    theta = np.diag(RNG.uniform(0.5, 2.0, size=3))
    x1, x2 = RNG.normal(size=3), RNG.normal(size=3)
    got = symdl.lambdify(f)(**{"\\Theta": theta, "\\mathbf{x_1}": x1, "\\mathbf{x_2}": x2})
    d = x1 - x2
    np.testing.assert_allclose(float(np.ravel(got)[0]), np.exp(-0.5 * d @ np.linalg.inv(theta) @ np.linalg.inv(theta) @ d),
                               rtol=1e-12)
    g = symdl.parse(r"U(\omega, s') = (1 - \beta_{\omega,\vartheta}(s'))Q_\Omega(s', \omega) + "
                    r"\beta_{\omega,\vartheta}(s')V_\Omega(s')")
    assert "call-parameterised" in {n.rule for n in g.notes}
