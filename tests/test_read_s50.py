r"""Session 45, from held-out sets 49 and 50: classes of notation, each a rule with its note, checked by value against
plain numpy.

* an update step that uses one example i, no sum running over i and no left side carrying it (the perceptron's
  ``\mathbf{w}^{(t+1)} = \mathbf{w}^{(t)} + y_i \mathbf{x}_i``, SGD's ``\mathbf{w} \leftarrow \mathbf{w} - \eta
  (\mathbf{w}^\top\mathbf{x}_i - y_i)\mathbf{x}_i``), reads each member as a name of its own (``family-member-given``;
  before: refused);
* a vector made of members times their dot products (the least-squares gradient ``\mathbf{g} = \frac{1}{m}\sum_i
  \mathbf{x}_i(\mathbf{w}^\top\mathbf{x}_i - y_i)``) takes the members' length for its left side (``family-rows``;
  before: refused because the left side's length was a size of its own).
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy

import symdl
from symdl.cli import main
from tests.real_sources import assert_values_noted

RNG = np.random.default_rng(4550)
X = RNG.normal(size=(6, 3))
Y = RNG.normal(size=6)
YS = np.sign(RNG.normal(size=6))
W = RNG.normal(size=3)

STEPS = [
    # Shalev-Shwartz & Ben-David, the batch perceptron (ch. 9.1.2): one misclassified example i per step
    ("perceptron-step", r"\mathbf{w}^{(t+1)} = \mathbf{w}^{(t)} + y_i \mathbf{x}_i",
     {r"\mathbf{w}^{(t)}": W, "y_i": YS[2], r"\mathbf{x}_i": X[2]}, W + YS[2] * X[2], ("family-member-given",)),
    # SGD for least squares on one example (Bottou et al. 2018, eq. 2.4 written for a linear model)
    ("sgd-least-squares", r"\mathbf{w}_{t+1} = \mathbf{w}_t - \eta(\mathbf{w}_t^T\mathbf{x}_i - y_i)\mathbf{x}_i",
     {r"\mathbf{w}_t": W, r"\eta": 0.1, r"\mathbf{x}_i": X[4], "y_i": Y[4]},
     W - 0.1 * (W @ X[4] - Y[4]) * X[4], ("family-member-given",)),
    # the same with an arrow (Rosenblatt's rule as Hagan et al. write it, with a learning rate)
    ("arrow-step", r"\mathbf{w} \leftarrow \mathbf{w} + \eta y_i \mathbf{x}_i",
     {r"\mathbf{w}": W, r"\eta": 0.5, "y_i": YS[1], r"\mathbf{x}_i": X[1]}, W + 0.5 * YS[1] * X[1],
     ("family-member-given",)),
    # the least-squares gradient over a batch, the member on the left of its residual and on the right
    ("lsq-gradient-left", r"\mathbf{g} = \frac{1}{m}\sum_{i=1}^m \mathbf{x}_i(\mathbf{w}^T\mathbf{x}_i - y_i)",
     {r"\mathbf{x}": X, "y": Y, r"\mathbf{w}": W, "m": 6}, X.T @ (X @ W - Y) / 6, ("family-rows",)),
    ("lsq-gradient-right", r"\mathbf{g} = \sum_{i=1}^m (\mathbf{w}^T\mathbf{x}_i - y_i)\mathbf{x}_i",
     {r"\mathbf{x}": X, "y": Y, r"\mathbf{w}": W, "m": 6}, X.T @ (X @ W - Y), ("family-rows",)),
]


@pytest.mark.parametrize(("code", "args", "want", "rules"), [c[1:] for c in STEPS], ids=[c[0] for c in STEPS])
def test_member_steps(code: str, args: dict, want: np.ndarray, rules: tuple[str, ...]) -> None:
    assert_values_noted(code, args, {"": want}, rules)


STILL_REFUSED = [
    ("mixup-pair", r"\tilde{\mathbf{x}} = \lambda \mathbf{x}_i + (1-\lambda) \mathbf{x}_j"),
    ("two-letters-one-family", r"\mathbf{h}_j = \boldsymbol\Omega_k \mathbf{h}_i"),
    ("outer-no-letter-left", r"\mathbf{S} = \mathbf{h}_i\mathbf{h}_i^T"),
]


@pytest.mark.parametrize("code", [c[1] for c in STILL_REFUSED], ids=[c[0] for c in STILL_REFUSED])
def test_not_a_step_stays_refused(code: str) -> None:
    with pytest.raises(symdl.SymdlError, match=r"family of vectors|one vector"):
        symdl.parse(code)


def _elu(x: np.ndarray, alpha: float) -> np.ndarray:
    return np.where(x > 0, x, alpha * (np.exp(x) - 1.0))


Z = RNG.normal(size=7) * 3.0
W3x4, X4v, R3 = RNG.normal(size=(3, 4)), RNG.normal(size=4), RNG.normal(size=(3, 3))
R3v, H3, B3 = RNG.random(size=3), RNG.normal(size=3), RNG.normal(size=3)

VALUES = [
    # the DL4J / MathWorks activation pages: a colon opens each case's condition
    ("colon-conditions-elu",
     r"f(x) = \left\{ \begin{array}{lr} x & : x > 0 \\ \alpha(e^x - 1) & : x \le 0 \end{array} \right.",
     {"x": Z, r"\alpha": 0.7}, _elu(Z, 0.7), ()),
    ("colon-otherwise", r"f(x) = \begin{cases} x & : x > 0 \\ 0 & : \text{otherwise} \end{cases}",
     {"x": Z}, np.maximum(Z, 0.0), ()),
    # tinygrad's CELU and hard swish, written with methods
    ("tinygrad-celu", r"y = x.maximum(0) + (alpha * ((x / alpha).exp() - 1)).minimum(0)",
     {"x": Z, "alpha": 1.3}, np.maximum(Z, 0) + np.minimum(0, 1.3 * (np.exp(Z / 1.3) - 1)), ("code-method",)),
    ("tinygrad-hardswish", r"y = x * (x+3).relu6() * (1/6)",
     {"x": Z}, Z * np.clip(Z + 3, 0, 6) / 6, ("code-method",)),
    # the ONNX GRU's candidate state: R_h times the reset hidden state, a matrix times a vector
    ("gru-reset-product", r"\tilde{h} = W_h x + R_h(r \odot h_p) + b_h",
     {"W_h": W3x4, "x": X4v, "R_h": R3, "r": R3v, "h_p": H3, "b_h": B3},
     W3x4 @ X4v + R3 @ (R3v * H3) + B3, ("product-capital-hadamard",)),
    # Fast R-CNN's box loss (Girshick 2015, eq. 2), squared here: the four named offsets are positions 1 to 4
    ("fast-rcnn-labels", r"L = \sum_{i \in \{x,y,w,h\}} (t_i - v_i)^2",
     {"t": Y[:4], "v": Z[:4]}, np.sum((Y[:4] - Z[:4]) ** 2), ("sum-over-labels",)),
    # the maximum calibration error (Guo et al. 2017, eq. 4): a max over the bins m = 1..M
    ("mce-max-over-range", r"\mathrm{MCE} = \max_{m \in \{1, \ldots, M\}} |a_m - c_m|",
     {"a": Y, "c": Z[:6], "M": 6}, np.max(np.abs(Y - Z[:6])), ()),
    # a max over an integer interval (a max-pooling over k neighbours, h_i = max_{j in [1, k]} z_ij)
    ("max-over-interval", r"h = \max_{j \in [1, k]} z_j", {"z": Y, "k": 6}, np.max(Y), ()),
    # EWC over two tasks (Kirkpatrick et al., eq. 3): task A's Fisher weights each squared difference
    ("ewc-two-tasks", r"L = L_C + \sum_i \frac{\lambda}{2}F_{A,i}(\theta_i - \theta_{A,i}^*)^2",
     {"L_C": 0.4, r"\lambda": 2.0, "F_A": np.abs(Y), r"\theta": Z[:6], r"\theta_A^*": Y},
     0.4 + np.sum(np.abs(Y) * (Z[:6] - Y) ** 2), ()),
]


@pytest.mark.parametrize(("code", "args", "want", "rules"), [c[1:] for c in VALUES], ids=[c[0] for c in VALUES])
def test_values(code: str, args: dict, want: np.ndarray, rules: tuple[str, ...]) -> None:
    assert_values_noted(code, args, {"": want}, rules)


def test_alternatives_in_cases_are_refused_not_dropped() -> None:
    """Bottou et al.'s three choices of the stochastic direction (eq. 4.2) have no conditions: not a piecewise."""
    with pytest.raises(symdl.NotSupported, match="no condition before the last row"):
        symdl.parse(r"g(w_k) = \begin{cases} \nabla f(w_k) \\ \frac{1}{n}\sum_{i=1}^n \nabla f_i(w_k) \end{cases}")


def test_a_word_defined_later_is_a_call_before_its_definition() -> None:
    """GNMT's beam score (Wu et al. 2016, eq. 14): lp and cp defined after they are used."""
    f = symdl.parse(r"s(Y) = \log(P(Y))/lp(Y) + cp(X; Y) \\ lp(Y) = \frac{(5 + |Y|)^\alpha}{(5 + 1)^\alpha}"
                    r" \\ cp(X; Y) = \beta \sum_{i=1}^{n} \log(\min(x_i, 1))")
    calls = {type(c).__name__ for c in f.statements[0].rhs.atoms(sympy.Function)}
    assert {"lp", "cp"} <= calls
    assert not f.statements[0].rhs.has(sympy.Symbol("l", real=True))


def test_a_set_of_members_is_the_family() -> None:
    """Faster R-CNN's loss L(\\{p_i\\}, \\{t_i\\}): one loss of all anchors, no index left free."""
    f = symdl.parse(r"L(\{p_i\}, \{t_i\}) = \frac{1}{N} \sum_i \ell(p_i, t_i)")
    assert [n.rule for n in f.notes] == ["set-of-members", "set-of-members"]
    assert f.free_indices == () and str(f.statements[0].lhs) == "L(p, t)"


def test_the_word_norm_is_noted() -> None:
    f = symdl.parse(r"Y = \text{norm}(X) * \gamma + \beta")
    assert [n.rule for n in f.notes] == ["norm-function"]


@pytest.mark.parametrize("code", [r"u = \beta_2^\infty v + (1 - \beta_2^\infty) |g|^\infty", r"u = \beta^{\infty}"],
                         ids=["adamax-limit", "braced"])
def test_a_power_to_infinity_is_refused(code: str) -> None:
    with pytest.raises(symdl.NotSupported, match="a power to infinity"):
        symdl.parse(code)


def test_an_expectation_of_a_difference_squared_is_the_mean_of_the_square() -> None:
    """Wasserman's variance V(X) = E(X - mu)^2; E(X)^2 of one value stays the square of the mean."""
    f = symdl.parse(r"V = \mathbb{E}(X-\mu)^2")
    assert [n.rule for n in f.notes] == ["expectation-power-inside"]
    rhs = f.statements[0].rhs
    assert isinstance(rhs, sympy.Function) and isinstance(rhs.args[0], sympy.Pow)


def test_a_bracket_function_defined_on_the_left_is_a_call_everywhere() -> None:
    """The Neural Turing Machine's similarity K[u, v] (Graves et al. 2014, eq. 6), then used in eq. 5."""
    f = symdl.parse(r"K[\mathbf{u}, \mathbf{v}] = \frac{\mathbf{u} \cdot \mathbf{v}}{\|\mathbf{u}\| \|\mathbf{v}\|}"
                    r" \\ s = \exp(\beta K[\mathbf{k}, \mathbf{m}])")
    assert f.statements[0].kind == "definition" and str(f.statements[0].lhs) == "K(u, v)"
    assert str(f.statements[1].rhs) == "exp(beta*K(k, m))"
    u, v = RNG.normal(size=3), RNG.normal(size=3)
    defined = symdl.parse(r"K[\mathbf{a}, \mathbf{b}] = \frac{\mathbf{a} \cdot \mathbf{b}}{\|\mathbf{a}\| "
                          r"\|\mathbf{b}\|} \\ c = K[\mathbf{u}, \mathbf{v}]")
    got = symdl.lambdify(defined)(**{r"\mathbf{u}": u, r"\mathbf{v}": v})["c"]
    np.testing.assert_allclose(got, u @ v / np.linalg.norm(u) / np.linalg.norm(v), rtol=1e-12)


def test_a_superscript_one_on_a_subscripted_name_is_step_one() -> None:
    """Graves' CTC initialisation alpha(1, 1) = y_b^1: the output for the blank at time 1, not y_b to the power 1."""
    f = symdl.parse(r"\alpha(1,1) = y_b^1 \\ \alpha(1,2) = y_{l_1}^1")
    assert {n.rule for n in f.notes} == {"superscript-one"}
    assert {str(s) for s in f.symbols.values() if isinstance(s, sympy.Symbol)} >= {"y^1_b", "y^1_{l_1}"}


def test_an_event_of_accented_variables_given_a_value() -> None:
    """Calibration (Guo et al. 2017): P(\\hat{Y} = Y | \\hat{P} = p) = p."""
    f = symdl.parse(r"\mathbb{P}(\hat{Y} = Y \mid \hat{P} = p) = p")
    assert "given-value" in {n.rule for n in f.notes}
    assert str(f.statements[0].lhs) == r"P_{\hat{Y}=Y}(p)"


def test_a_number_subscript_beside_a_summed_family_is_its_entry() -> None:
    """Bottou et al.'s bound (Thm. 4.8): F(w_1) is the first iterate of the w_k the mean runs over."""
    f = symdl.parse(r"y = \sum_{i=1}^n x_i + x_1")
    assert [n.rule for n in f.notes] == ["family-number-member"]
    x = RNG.normal(size=4)
    np.testing.assert_allclose(symdl.lambdify(f)(x=x, n=4), x.sum() + x[0], rtol=1e-12)
    g = symdl.parse(r"y = \frac{1}{K}\sum_{k=1}^{K} F(w_k) + F(w_1)")
    assert "F(w[1])" in str(g.statements[0].rhs)


def test_a_name_beside_its_own_family_is_no_update() -> None:
    """The MathWorks weighted loss: loss is defined from the per-element losses loss_n, not updated."""
    f = symdl.parse(r"\text{loss} = \frac{1}{N}\sum_{n} W_n \, \text{loss}_n")
    assert f.statements[0].kind == "assignment"
    assert symdl.parse(r"w_i \leftarrow w_i - \eta g_i").statements[0].kind == "update"


CROSS_ENTROPIES = [
    ("mathworks", r"\text{loss} = -\frac{1}{N}\sum_{n=1}^{N}\sum_{i=1}^{K} T_{ni}\ln Y_{ni}",
     "summed over the classes i; averaged over n"),
    ("pytorch-order", r"L = -\frac{1}{N}\sum_{n=1}^{N}\sum_{c=1}^{C} y_{n,c}\log p_{n,c}",
     "summed over the classes c; averaged over n"),
]


@pytest.mark.parametrize(("code", "said"), [c[1:] for c in CROSS_ENTROPIES], ids=[c[0] for c in CROSS_ENTROPIES])
def test_cross_entropy_names_the_inner_sum_the_classes(code: str, said: str, capsys: pytest.CaptureFixture) -> None:
    assert main(["explain", code, "--no-color"]) == 0
    assert said in capsys.readouterr().out


def test_a_formula_that_defines_sigma_means_its_own_sigma(capsys: pytest.CaptureFixture) -> None:
    """Bach's two-layer network with sigma(u) = (u)_+: ReLU, not the logistic sigmoid."""
    code = r"f(x) = \sum_{j=1}^m \eta_j\, \sigma(w_j^\top x + b_j) \\ \sigma(u) = (u)_+ = \max\{u, 0\}"
    assert main(["explain", code, "--no-color"]) == 0
    out = capsys.readouterr().out
    assert "ReLU" in out and "sigmoid" not in out.split("\nnote:")[0] and "does NOT hold" not in out


def test_an_integral_against_a_distribution_is_refused_by_name() -> None:
    """Wasserman's variance as a Stieltjes integral: dF(x) is no differential times (x)."""
    with pytest.raises(symdl.NotSupported, match="Stieltjes"):
        symdl.parse(r"V = \int (x-\mu)^2 \, dF(x)")


PROTO = RNG.normal(size=(5, 3))
PAIRS_X, PAIRS_Z = RNG.random(size=6) + 0.1, RNG.random(size=6) + 0.1

MEMBER_SUMS = [
    # prototypical networks (Snell et al. 2017, eq. 1) with f the identity: the class mean of the support set
    ("prototype-mean", r"\mathbf{c}_k = \frac{1}{|S_k|}\sum_{(\mathbf{x}_i, y_i)\in S_k}\mathbf{x}_i",
     {r"\mathbf{x}": PROTO}, PROTO.mean(axis=0), ("sum-over-indexed-members",)),
    # a sum over a dataset's pairs written by bare letters (Graves' CTC objective, with p(z|x) = z x here)
    ("ctc-pairs", r"O = -\sum_{(x,z)\in S}\ln(z x)", {"x": PAIRS_X, "z": PAIRS_Z},
     -np.sum(np.log(PAIRS_Z * PAIRS_X)), ("sum-over-set-pairs",)),
    # MAML's inner loss over the task's sampled pairs (Finn et al. 2017, eq. 2), squared error of scalars
    ("maml-sampled-pairs", r"L = \sum_{x^{(j)}, y^{(j)}\sim\mathcal{T}_i}(w x^{(j)} - y^{(j)})^2",
     {"x": PAIRS_X, "y": PAIRS_Z, "w": 0.7}, np.sum((0.7 * PAIRS_X - PAIRS_Z) ** 2),
     ("sum-over-indexed-members",)),
]


@pytest.mark.parametrize(("code", "args", "want", "rules"), [c[1:] for c in MEMBER_SUMS],
                         ids=[c[0] for c in MEMBER_SUMS])
def test_sums_over_members_written_by_their_index(code: str, args: dict, want: np.ndarray,
                                                  rules: tuple[str, ...]) -> None:
    assert_values_noted(code, args, {"": want}, rules)


def test_a_triple_of_indices_over_a_set_stays_refused() -> None:
    with pytest.raises(symdl.NotSupported, match="tuples of a set"):
        symdl.parse(r"L = \sum_{(u,i,j) \in D_S} \ln \sigma(x_{uij})")


def test_capitals_written_together_after_a_subscript_are_noted() -> None:
    """LeCun et al.'s Efficient BackProp, Y_n = W_n X_{n-1} written without a space: numbers, a stated guess."""
    f = symdl.parse(r"Y_n = W_nX_{n-1} \\ X_n = F(Y_n)")
    assert "capital-numbers" in [n.rule for n in f.notes]


def test_an_inverse_defined_by_the_formula_is_its_own_function() -> None:
    """The mlpack logistic page: f, f' and f^{-1}(y) = ln(y/(1-y)), the logit, evaluated by its definition."""
    f = symdl.parse(r"f(x) = \frac{1}{1 + e^{-x}} \\ f^{-1}(y) = \ln(\frac{y}{1-y}) \\ z = f^{-1}(p)")
    assert "inverse-defined" in [n.rule for n in f.notes]
    got = symdl.lambdify(f)(x=0.3, p=0.8)
    np.testing.assert_allclose(got["z"], np.log(0.8 / 0.2), rtol=1e-12)
    with pytest.raises(symdl.NotSupported, match="inverse function"):
        symdl.parse(r"y = \psi^{-1}(x)")


def test_a_greek_letter_with_a_label_at_two_steps_is_indexed_by_the_step() -> None:
    """Graves' LSTM cell error eps_s^t beside eps_s^{t+1}: the error at steps t and t+1; Adam's beta_1^t stays a power."""
    f = symdl.parse(r"\epsilon_s^t = b_\omega^t h(s_c^t)\epsilon_c^t + b_\phi^{t+1}\epsilon_s^{t+1}")
    assert {"\\epsilon_s^t", "\\epsilon_s^{t+1}"} <= set(f.symbols)
    g = symdl.parse(r"\hat{m} = m / (1 - \beta_1^t) \\ c = \beta_1^{t+1}")
    assert "beta_1**t" in str(g.statements[0].rhs)
