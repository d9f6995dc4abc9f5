r"""Session 42, from held-out set 47 (unseen rows written from Géron, Raschka, Bishop, Haykin, the Paddle docs, Lil'Log,
BYOL, WaveNet and an RBM): classes of notation, each a rule with its note.

* a member of a family of vectors divided by a vector, or multiplied by one with ``\odot``/``\otimes``, is read entry by
  entry (Géron's batch norm ``\hat{\mathbf{x}}^{(i)} = (\mathbf{x}^{(i)} - \boldsymbol{\mu}_B) / \sqrt{{\boldsymbol{\sigma}_B}^2
  + \varepsilon}``, ``\boldsymbol{\gamma} \otimes \hat{\mathbf{x}}^{(i)} + \boldsymbol{\beta}``; before: refused);
* ``\otimes`` between vectors is the element-wise product, noted (Géron's LSTM; before: refused);
* a braced name squared on the left, ``{\boldsymbol{\sigma}_B}^2 = ...``, defines that square (``square-name``);
* ``\ast`` between a weight and an input is the convolution ``*`` is (WaveNet; before: a matrix product, silently);
* a parenthesised word label then a transpose, ``\boldsymbol{W}^{(out)T}`` (before: W to the power T·out, silently);
* ``\nabla loss``: the gradient of the word (before: (∇l)·oss, silently);
* a line defining with ``\triangleq`` is a statement of its own (before: joined to the line above, silently);
* ``x_{max}`` is a label, no index a sum runs over, and a number beside the array x (before: a sum over m);
* a name set twice is noted (``set-again``; before: the later value, silently);
* ``b_i^{(v)}`` and ``b_j^{(h)}`` are two families (before: one family b, silently).
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy

import symdl
from tests.real_sources import assert_refused_at, assert_values_noted

RNG = np.random.default_rng(4742)
X53 = RNG.normal(size=(5, 3))
G3, B3, MU3 = RNG.normal(size=3), RNG.normal(size=3), RNG.normal(size=3)
S3 = RNG.uniform(0.5, 2.0, size=3)
F4, C4, I4, GG4 = (RNG.normal(size=4) for _ in range(4))
A24, W34, BO3 = RNG.normal(size=(2, 4)), RNG.normal(size=(3, 4)), RNG.normal(size=3)
V3, BV3, H2, BH2 = RNG.normal(size=3), RNG.normal(size=3), RNG.normal(size=2), RNG.normal(size=2)
XL5 = RNG.normal(size=5)

GERON_BN = (r"\boldsymbol{\mu}_B = \frac{1}{m_B}\sum_{i=1}^{m_B}\mathbf{x}^{(i)} \\ {\boldsymbol{\sigma}_B}^2 = "
            r"\frac{1}{m_B}\sum_{i=1}^{m_B}\left(\mathbf{x}^{(i)} - \boldsymbol{\mu}_B\right)^2 \\ \hat{\mathbf{x}}^{(i)} = "
            r"\frac{\mathbf{x}^{(i)} - \boldsymbol{\mu}_B}{\sqrt{{\boldsymbol{\sigma}_B}^2 + \varepsilon}} \\ "
            r"\mathbf{z}^{(i)} = \boldsymbol{\gamma} \otimes \hat{\mathbf{x}}^{(i)} + \boldsymbol{\beta}")
BN_WANT = G3 * (X53 - X53.mean(0)) / np.sqrt(X53.var(0) + 1e-5) + B3

# (id, source, formula, inputs, numpy functions for its unknown ones, {statement: plain numpy's value}, notes it
# must carry)
READS = [
    ("geron-batch-norm", "Géron, Hands-On ML (3rd ed.), ch. 11: batch normalization, eq. 11-4", GERON_BN,
     {r"\mathbf{x}": X53, "m_B": 5, r"\varepsilon": 1e-5, r"\boldsymbol{\gamma}": G3, r"\boldsymbol{\beta}": B3},
     None, {r"\mathbf{z}": BN_WANT}, ("square-name", "family-rows", "otimes-elementwise")),
    ("member-over-a-vector", "Raschka et al., ch. 6: standardising each example by the feature means and deviations",
     r"\mathbf{z}^{(i)} = \frac{\mathbf{x}^{(i)} - \boldsymbol{\mu}}{\boldsymbol{\sigma}}",
     {r"\mathbf{x}": X53, r"\boldsymbol{\mu}": MU3, r"\boldsymbol{\sigma}": S3}, None, {"": (X53 - MU3) / S3},
     ("family-rows",)),
    ("member-odot-a-vector", "Ioffe & Szegedy 2015, alg. 1: scale and shift, with bold vectors per example",
     r"\mathbf{y}^{(i)} = \boldsymbol{\gamma} \odot \mathbf{x}^{(i)} + \boldsymbol{\beta}",
     {r"\mathbf{x}": X53, r"\boldsymbol{\gamma}": G3, r"\boldsymbol{\beta}": B3}, None, {"": G3 * X53 + B3},
     ("family-rows",)),
    ("geron-lstm-otimes", "Géron, ch. 15: the LSTM cell, eq. 15-4 (⊗ for the element-wise product)",
     r"\mathbf{c}_{(t)} = \mathbf{f}_{(t)} \otimes \mathbf{c}_{(t-1)} + \mathbf{i}_{(t)} \otimes \mathbf{g}_{(t)}",
     {r"\mathbf{f}_{(t)}": F4, r"\mathbf{c}_{(t-1)}": C4, r"\mathbf{i}_{(t)}": I4, r"\mathbf{g}_{(t)}": GG4},
     None, {"": F4 * C4 + I4 * GG4}, ("otimes-elementwise",)),
    ("raschka-label-then-transpose", "Raschka et al., ch. 11: the output layer Z^{(out)} = A^{(h)} W^{(out)T} + b^{(out)}",
     r"\boldsymbol{Z}^{(out)} = \boldsymbol{A}^{(h)}\boldsymbol{W}^{(out)T} + \boldsymbol{b}^{(out)}",
     {r"\boldsymbol{A}^{(h)}": A24, r"\boldsymbol{W}^{(out)}": W34, r"\boldsymbol{b}^{(out)}": BO3},
     None, {"": A24 @ W34.T + BO3}, ("bias-row",)),
    ("logsumexp-max-label", "the PaddlePaddle docs: logsumexp with the maximum subtracted",
     r"logsumexp(x) = \log(\sum(e^{x-x_{max}})) + x_{max}", {"x": XL5, "x_{max}": XL5.max()},
     None, {"": np.log(np.exp(XL5).sum())}, ("sum-no-index",)),
    ("rbm-two-bias-families", "Aggarwal, Neural Networks and Deep Learning, sec. 6.3: the RBM's energy",
     r"E = -\sum_i b_i^{(v)} v_i - \sum_j b_j^{(h)} h_j",
     {"b^{(v)}": BV3, "v": V3, "b^{(h)}": BH2, "h": H2}, None, {"": -(BV3 @ V3) - BH2 @ H2}, ()),
]


W23, XB3, BB2 = RNG.normal(size=(2, 3)), RNG.normal(size=3), RNG.normal(size=2)
XP2 = np.array([3.0, -4.0])
XS = np.array([-1.5, 0.3, 25.0])
Z3, Y3, ONEHOT3 = np.array([0.5, -1.0, 2.0]), np.array([1.0, 0.0, 1.0]), np.array([1.0, 0.0, 0.0])
SIG3 = 1 / (1 + np.exp(-Z3))

READS += [
    ("theano-s-of-an-affine-map", "the Theano tutorials (deeplearning.net), denoising autoencoder: y = s(Wx + b)",
     r"y = s(Wx + b)", {"W": W23, "x": XB3, "b": BB2}, {"s": np.tanh}, {"": np.tanh(W23 @ XB3 + BB2)},
     ("call-activation",)),
    ("tfp-two-pi", "the TensorFlow Probability docs, tfp.distributions.Normal: Z = (2 pi sigma**2)**0.5",
     "Z = (2 pi sigma**2)**0.5", {"sigma": 1.7}, None, {"": np.sqrt(2 * np.pi * 1.7**2)}, ("code-pi",)),
    ("nnabla-lvert-norm", "the NNabla docs, F.norm_normalization: y = x / max(||x||_p, eps) with \\lvert bars",
     r"y = \frac{x}{ \max\left( \lvert \lvert x \rvert \rvert_p, epsilon\right) }",
     {"x": XP2, "p": 2, "epsilon": 1e-12}, None, {"": XP2 / 5.0}, ()),
    ("paddle-adam-moment", "the PaddlePaddle docs, paddle.optimizer.Adam: moment\\_1\\_out with {\\beta}_1",
     r"moment\_1\_out = {\beta}_1 * moment\_1 + (1 - {\beta}_1) * grad",
     {r"moment\_1": 0.5, r"\beta_1": 0.9, "grad": 2.0}, None, {"": 0.9 * 0.5 + 0.1 * 2.0}, ()),
    ("paddle-softplus-cases", "the PaddlePaddle docs, paddle.nn.functional.softplus: cases written without &",
     r"softplus(x) = \begin{cases} x, \text{if } x > \text{threshold} \\ \ln(1 + e^{x}), \text{otherwise} "
     r"\end{cases}", {"x": XS, r"\text{threshold}": 20.0}, None, {"": np.where(XS > 20, XS, np.log1p(np.exp(XS)))}, ()),
    ("ng-sigmoid-then-its-entries", "Ng's deep learning course: a = sigma(z), then the cross-entropy of its entries",
     r"a = \sigma(z) \\ L = -\sum_i (y_i \log a_i + (1 - y_i)\log(1 - a_i))", {"z": Z3, "y": Y3}, None,
     {"L": -(Y3 * np.log(SIG3) + (1 - Y3) * np.log(1 - SIG3)).sum()}, ("set-whole-vector",)),
    ("softmax-then-its-entries", "cs231n notes, softmax classifier: p = softmax(z), then -log of one entry summed",
     r"\hat{y} = \mathrm{softmax}(z) \\ L = -\sum_k y_k \log \hat{y}_k", {"z": Z3, "y": ONEHOT3}, None,
     {"L": -np.log(np.exp(Z3[0]) / np.exp(Z3).sum())}, ()),
]


@pytest.mark.parametrize(("latex", "inputs", "functions", "want", "rules"), [r[2:] for r in READS],
                         ids=[r[0] for r in READS])
def test_a_class_of_notation_reads_with_its_note(latex: str, inputs: dict, functions: dict | None, want: dict,
                                                 rules: tuple[str, ...]) -> None:
    assert_values_noted(latex, inputs, want, rules, functions=functions, same_shape=True)


def test_the_braced_square_is_the_variance_the_line_above_defines() -> None:
    f = symdl.parse(GERON_BN)
    assert "sigma_B" not in {str(s) for s in f.symbols}  # no standard deviation nobody sets
    note = next(n for n in f.notes if n.rule == "square-name")
    assert GERON_BN[note.span.start : note.span.end].startswith(r"{\boldsymbol{\sigma}_B}^2")
    assert "^2^2" not in note.message


@pytest.mark.parametrize(("latex", "spot"), [
    (r"\mathbf{z} = \tanh\left(W_{f,k} \ast \mathbf{x}\right) \odot \sigma\left(W_{g,k} \ast \mathbf{x}\right)",
     r"W_{f,k} \ast \mathbf{x}"),
    (r"\mathbf{y} = \tanh(W_{k,f} \ast \mathbf{x} + V_{k,f} \ast \mathbf{s})", r"W_{k,f} \ast \mathbf{x}"),
], ids=["wavenet-gated-unit", "gated-pixelcnn"])
def test_ast_between_a_weight_and_an_input_is_a_convolution(latex: str, spot: str) -> None:
    assert_refused_at(latex, "is a convolution", spot)


@pytest.mark.parametrize(("latex", "value"), [
    (r"c_t = f_t \ast c_{t-1} + i_t \ast g_t", 2.0 * 3.0 + 5.0 * 7.0),
    (r"y = 2 \ast x", 2.0 * 3.0),
], ids=["lstm-gates-as-numbers", "a-number-times"])
def test_ast_between_numbers_is_their_product(latex: str, value: float) -> None:
    f = symdl.parse(latex)
    args = {"f_t": 2.0, "c_{t-1}": 3.0, "i_t": 5.0, "g_t": 7.0} if "f_t" in latex else {"x": 3.0}
    assert float(symdl.lambdify(f)(**args)) == value


def test_nabla_of_a_word_is_the_gradient_of_that_name() -> None:
    f = symdl.parse(r"loss = -\log P\left(a_t \mid s_t\right)R_t \\ w' = w - \nabla loss")
    names = {str(s) for s in f.symbols}
    assert "oss" not in names and "l" not in names


def test_a_definition_line_with_triangleq_is_a_statement_of_its_own() -> None:
    latex = "v \\triangleq t(x), \\quad v' \\triangleq t'(x)\ny_\\theta \\triangleq f_\\theta(v), \\quad z_\\theta \\triangleq g_\\theta(y_\\theta)"
    f = symdl.parse(latex)
    assert len(f.statements) == 4
    assert [s.lhs_latex for s in f.statements] == ["v", "v'", "y_\\theta", "z_\\theta"]
    assert "prime-pair" in {n.rule for n in f.notes}  # BYOL's second augmentation t', no derivative
    assert not f.statements[1].rhs.atoms(sympy.Derivative)


@pytest.mark.parametrize("latex", [
    r"f(x) = x^2 \\ g(x) = f'(x)",
    r"v = t(x) \\ w' = t'(y)",
], ids=["a-derivative-of-a-defined-function", "another-argument"])
def test_a_prime_without_its_pair_stays_a_derivative(latex: str) -> None:
    f = symdl.parse(latex)
    assert "prime-pair" not in {n.rule for n in f.notes}


def test_an_approximation_line_still_carries_the_chain_on() -> None:
    f = symdl.parse("f(x) = a\n\\approx b")
    assert len(f.statements) == 1 and f.statements[0].aliases


def test_a_max_label_is_no_index() -> None:
    f = symdl.parse(r"logsumexp(x) = \log(\sum(e^{x-x_{max}})) + x_{max}")
    assert not any(n.rule == "sum-implied-index" for n in f.notes)
    assert f.shapes.get(next(s for s in f.symbols if str(s) == "x_{max}"), ()) == ()


@pytest.mark.parametrize(("latex", "first", "second"), [
    (r"lr = start\_lr + (end\_lr - start\_lr) * \frac{epoch}{warmup\_steps}" "\n" r"lr = learning\_rate", "1", "2"),
    (r"L = a + b \\ y = L \\ L = c", "1", "3"),
], ids=["paddle-linear-warmup", "set-again-after-a-use"])
def test_a_name_set_twice_is_noted(latex: str, first: str, second: str) -> None:
    f = symdl.parse(latex)
    note = next(n for n in f.notes if n.rule == "set-again")
    assert f"statement {first} and again by statement {second}" in note.message
    assert latex[note.span.start : note.span.end].startswith(("lr", "L"))


@pytest.mark.parametrize("latex", [
    r"h = W x \\ h = \mathrm{ReLU}(h)",
    r"v_t = \beta v_{t-1} + g_t",
    r"a = b \\ c = d",
], ids=["an-update-of-itself", "a-step-update", "two-names"])
def test_no_set_again_note_without_a_second_setting(latex: str) -> None:
    assert "set-again" not in {n.rule for n in symdl.parse(latex).notes}


@pytest.mark.parametrize(("latex", "concepts"), [
    (r"p(z) = \sigma(z) = \frac{e^{z_i}}{\sum_{j=1}^{M}e^{z_j}}", {"softmax"}),
    (r"y = \sigma(z) = \frac{1}{1 + e^{-z}}", {"sigmoid"}),
], ids=["raschka-softmax-called-sigma", "a-name-then-the-sigmoid"])
def test_a_definition_chain_does_not_name_its_middle_call_the_builtin(latex: str, concepts: set[str]) -> None:
    assert symdl.explain(latex).concepts == concepts




@pytest.mark.parametrize("latex", [
    r"y = s(a + b)",
    r"y = 2 pi r + api",
    r"y = a2 pi",
], ids=["s-of-a-sum-of-numbers", "api-is-a-word", "an-identifier-digit"])
def test_no_call_and_no_pi_where_nothing_says_so(latex: str) -> None:
    f = symdl.parse(latex)
    assert "call-activation" not in {n.rule for n in f.notes}
    if "api" in latex:  # the pi of 2 pi r only, not the letters of api
        assert [latex[n.span.start - 1 : n.span.end] for n in f.notes if n.rule == "code-pi"] == [" pi"]
    if "a2" in latex:
        assert not any(n.rule == "code-pi" for n in f.notes)


def test_an_inner_product_of_function_values_is_refused() -> None:
    latex = r"\langle f_q(\boldsymbol{x}_m, m), f_k(\boldsymbol{x}_n, n)\rangle = g(\boldsymbol{x}_m, \boldsymbol{x}_n, m - n)"
    assert_refused_at(latex, "an inner product of values of functions",
                      r"\langle f_q(\boldsymbol{x}_m, m), f_k(\boldsymbol{x}_n, n)\rangle")


@pytest.mark.parametrize(("latex", "name"), [
    (r"(m_t)_i = \beta_1 (m_{t-1})_i + (1-\beta_1) g_i", "m_t"),
    (r"(W_{t+1})_i = (W_t)_i - \alpha g_i", "W_t"),
], ids=["caffe-adam-component", "caffe-sgd-component"])
def test_one_name_in_a_subscripted_bracket_is_a_vector(latex: str, name: str) -> None:
    f = symdl.parse(latex)
    assert "group-entry" in {n.rule for n in f.notes}
    shape = next(v for k, v in f.shapes.items() if str(k) == name)
    assert shape[1] == 1 and shape[0] != 1


def test_a_dot_before_a_weight_names_the_row_times_matrix_reading() -> None:
    f = symdl.parse(r"G_\sigma(x) = Softmax(x \cdot W_g)")
    note = next(n for n in f.notes if n.rule == "dot-of-numbers")
    assert "x W_g" in note.alternative


@pytest.mark.parametrize(("latex", "what", "spot"), [
    (r"\alpha(t, r) = \left(\alpha(t-1, r) + \alpha(t-1, r-1)\right)y_t^{S(r)}", "a letter applied to an index",
     "^{S(r)}"),
    (r"E = \frac{-1}{n} \sum\limits_{n=1}^N \left[ p_n \log \hat{p}_n + (1 - p_n) \log(1 - \hat{p}_n) \right]",
     "is also written outside it",
     r"E = \frac{-1}{n} \sum\limits_{n=1}^N \left[ p_n \log \hat{p}_n + (1 - p_n) \log(1 - \hat{p}_n) \right]"),
    ("counts = logits.exp()\nprob = counts / counts.sum(1, keepdims=True)\nloss = -prob[torch.arange(32), Y].log().mean()",
     "a matrix of rows", "loss = -prob[torch.arange(32), Y].log().mean()"),
], ids=["ctc-called-superscript", "caffe-index-outside-its-sum", "makemore-fancy-index-of-a-vector"])
def test_refused_by_name_where_it_was_silent(latex: str, what: str, spot: str) -> None:
    assert_refused_at(latex, what, spot)


@pytest.mark.parametrize(("latex", "want"), [
    (r"y = e^{f(x)}", "exp"),
    (r"E = \frac{-1}{N} \sum_{n=1}^N p_n", "Sum"),
    (r"z = x_n - \frac{1}{N}\sum_{n=1}^N x_n", "Sum"),
], ids=["exponential-of-a-call", "the-count-outside", "a-centred-entry"])
def test_neighbours_of_the_refusals_still_read(latex: str, want: str) -> None:
    assert want in str(symdl.parse(latex).statements[0].rhs)


def test_a_fancy_index_with_capital_labels_reads_one_entry_per_row() -> None:
    f = symdl.parse("loss = -prob[torch.arange(32), Y].log().mean()")
    prob, labels = RNG.uniform(0.1, 1.0, size=(32, 5)), RNG.integers(0, 5, size=32)
    got = symdl.lambdify(f)(**{r"\text{prob}": prob, "Y": labels + 1})  # labels 1-based, as symdl's are
    np.testing.assert_allclose(float(got), -np.log(prob[np.arange(32), labels]).mean(), rtol=1e-12)


def test_a_density_beside_its_conditional_is_called() -> None:
    f = symdl.parse(r"\log p(x) \approx \log p(x|z_q(x))p(z_q(x))")
    assert "p" not in {str(s) for s in f.symbols}
    assert {"call-by-use", "conditional-arguments"} <= {n.rule for n in f.notes}


def test_a_sized_identity_is_the_identity_of_that_size() -> None:
    f = symdl.parse(r"L_0 = \epsilon I_m ; \; R_0 = \epsilon I_n")
    assert [n.rule for n in f.notes].count("sized-identity") == 2
    got = symdl.lambdify(f)(**{r"\epsilon": 0.5, "m": 2, "n": 3})
    np.testing.assert_allclose(got["L_0"], 0.5 * np.eye(2))
    np.testing.assert_allclose(got["R_0"], 0.5 * np.eye(3))


@pytest.mark.parametrize("latex", [
    r"C_j \frac{dv_j(t)}{dt} = -\frac{v_j(t)}{R_j} + \sum_{i=1}^{N}w_{ji}\varphi_i(v_i(t)) + I_j",
    r"y = \sum_{k=1}^{K} I_k",
], ids=["haykin-input-current", "a-summed-family"])
def test_an_indexed_i_is_no_identity(latex: str) -> None:
    assert "sized-identity" not in {n.rule for n in symdl.parse(latex).notes}


@pytest.mark.parametrize(("latex", "written"), [
    (r"\hat{\mathbf{Y}}_{(t)} = \phi\left(\mathbf{X}_{(t)}\mathbf{W}_x + \hat{\mathbf{Y}}_{(t-1)}\mathbf{W}_{\hat{y}} "
     r"+ \mathbf{b}\right)", r"\hat{\mathbf{Y}}_{(t-1)}"),
    (r"h_{(t)} = \tanh(W_x x_{(t)} + W_h h_{(t-1)} + b)", "h_{(t-1)}"),
], ids=["geron-rnn-layer", "parenthesised-steps"])
def test_a_parenthesised_step_is_a_step(latex: str, written: str) -> None:
    assert written in latex
    f = symdl.parse(latex)
    st = f.statements[0]
    assert st.kind == "update"
    assert f.shapes[str(st.target)] == f.shapes[str(st.previous)]  # one quantity at two steps, one shape
    assert str(st.previous).endswith("_{t-1}")


def test_a_braced_parenthesis_squared_reads() -> None:
    """Barlow Twins' ``{(z^A_{b,i})}^2``: a parenthesis in braces, squared (an internal error in session 42's first
    build of the braced square)."""
    latex = (r"\mathcal{C}_{ij} \triangleq \frac{\sum_b z^A_{b,i} z^B_{b,j}}{\sqrt{\sum_b {(z^A_{b,i})}^2} "
             r"\sqrt{\sum_b {(z^B_{b,j})}^2}}")
    assert symdl.parse(latex).statements[0].kind == "assignment"
    assert str(symdl.parse(r"{(x)}^2 = 3 \\ y = {(x)}^2").statements[1].rhs) == "x**2"


def test_lamb_ratio_divides_entry_by_entry() -> None:
    latex = (r"r_t = \frac{m_t}{\sqrt{v_t}+\epsilon} \\ w_t = w_{t-1} -\eta_t \frac{\left \| w_{t-1}\right \|}"
             r"{\left \| r_t + \lambda w_{t-1}\right \|} (r_t + \lambda w_{t-1})")  # You et al.'s LAMB
    f = symdl.parse(latex)
    assert "per-coordinate" in {n.rule for n in f.notes}
    m, v, w = RNG.normal(size=3), RNG.uniform(0.1, 1.0, size=3), RNG.normal(size=3)
    r = symdl.lambdify(f)(**{"m_t": m, "v_t": v, r"\epsilon": 1e-8, r"\eta_t": 0.1, r"\lambda": 0.01, "w_{t-1}": w})
    np.testing.assert_allclose(r["r_t"], m / (np.sqrt(v) + 1e-8), rtol=1e-12)


@pytest.mark.parametrize(("latex", "noted"), [
    (r"\alpha_i \leftarrow \epsilon \cdot \sigma_i^2/\sigma_L^2", True),
    (r"y = x_N - \frac{1}{N} \sum_{n=1}^{N} x_n", False),  # (x_N: the family's entry N, noted family-entry)
    (r"y = \beta_1 x", False),
], ids=["ncsn-last-noise-level", "an-entry-of-the-family", "a-numbered-label"])
def test_a_count_subscript_beside_its_family_is_noted(latex: str, noted: bool) -> None:
    assert ("capital-member" in {n.rule for n in symdl.parse(latex).notes}) is noted


@pytest.mark.parametrize(("latex", "noted"), [
    (r"\mathbf{z}_{-1} \doteq \mathbf{0} \\ \mathbf{z}_t \doteq \gamma\lambda\mathbf{z}_{t-1} + \mathbf{g}_t", True),
    ("hidden_0 = 0\nhidden_i = (hidden_{i-1} - value) * (1 - decay)", True),
    (r"v_0 = 0 \\ v_t = \beta v_{t-1} + (1 - \beta) g_t", True),
    (r"x_0 = a \\ y = x_0 + b", False),
], ids=["sutton-barto-trace", "karpathy-hidden", "momentum-start", "no-recurrence"])
def test_a_start_value_beside_its_recurrence_is_noted(latex: str, noted: bool) -> None:
    f = symdl.parse(latex)
    assert ("start-value" in {n.rule for n in f.notes}) is noted


@pytest.mark.parametrize(("latex", "named", "not_named"), [
    (r"L_i = \max(0, 1 - y_i \mathbf{w}^T \mathbf{x}_i)", "hinge", "relu"),
    (r"L_i = \max\{0, 1 - y_i(\overline{W} \cdot \overline{X_i})\}", "hinge", "relu"),
    (r"\mathbf{H}\mathbf{u}_i = \lambda_i\mathbf{u}_i", None, "linear_layer"),
    (r"\mathbf{R}\mathbf{q}_j = \lambda_j\mathbf{q}_j, \quad j = 1, 2, \ldots, m", None, "linear_layer"),
    (r"y = \max(0, \mathbf{w}^T \mathbf{x})", "relu", "hinge"),
    (r"W x = b", "linear_layer", None),
], ids=["hinge-of-a-dot-product", "aggarwal-hinge", "bishop-hessian-eigenvectors", "haykin-pca-eigenvectors",
        "relu-of-a-dot-product", "a-linear-system-keeps-its-map"])
def test_no_false_label_on_a_hinge_or_an_eigenvector_equation(latex: str, named: str | None,
                                                               not_named: str | None) -> None:
    concepts = symdl.explain(latex).concepts
    assert named is None or named in concepts
    assert not_named is None or not_named not in concepts


def test_esl_weight_decay_sums_over_m_and_ell() -> None:
    latex = r"J = \sum_{km}\frac{\beta_{km}^2}{1 + \beta_{km}^2} + \sum_{m\ell}\frac{\alpha_{m\ell}^2}{1 + \alpha_{m\ell}^2}"
    f = symdl.parse(latex)
    beta, alpha = RNG.normal(size=(3, 4)), RNG.normal(size=(4, 2))
    got = symdl.lambdify(f)(**{r"\beta": beta, r"\alpha": alpha})
    want = (beta**2 / (1 + beta**2)).sum() + (alpha**2 / (1 + alpha**2)).sum()
    np.testing.assert_allclose(float(got), want, rtol=1e-12)
    assert [n.rule for n in f.notes].count("sum-letters-as-indices") == 2


@pytest.mark.parametrize(("latex", "count"), [
    (r"E(\overline{h}, \overline{v}) = -\sum_i b_i^{(v)} v_i - \sum_j b_j^{(h)} h_j - \sum_{i,j} w_{ij} v_i h_j", 2),
    (r"P(h_j = 1|\overline{v}) = \frac{1}{1 + \exp(-b_j^{(h)} - \sum_{i=1}^{m} v_i w_{ij})}", 1),
    (r"\bar{x} = \frac{1}{n}\sum_i x_i", 0),
    (r"y = \sum_i (x_i - \bar{x})^2", 0),
], ids=["aggarwal-rbm-energy", "aggarwal-rbm-conditional", "a-mean-defined", "a-mean-used"])
def test_an_overlined_whole_beside_its_entries_is_noted(latex: str, count: int) -> None:
    assert [n.rule for n in symdl.parse(latex).notes].count("overline-whole") == count
