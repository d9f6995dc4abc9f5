r"""Session 44, from held-out set 49 (Hardt & Recht, Shalev-Shwartz & Ben-David, Mohri et al., Hagan et al., Sutton &
Barto, the ONNX and OpenVINO operator specifications, the Keras and timm docs, CS224n, instance and contrastive
normalisation papers): classes of notation, each a rule with its note.

* a probability with square brackets around an event or a condition (``\mathbb{P}[Y = 1 \mid X = x]``, Mohri's
  ``p_{\mathbf{w}}[y \mid x]``) is the probability's call (``probability-bracket``; before: "the set \mathbb{P}");
* a condition that sets a variable to a value, ``X = x``, conditions on the value (``given-value``; before:
  "unexpected '='");
* the remainder operator ``i \bmod 2``, ``i \text{ mod } 2``, ``i \% 2`` and code's ``i % 2`` (``modulo``; before:
  ``i \cdot mod \cdot 2``, and code's ``% 2`` dropped as a TeX comment, silently);
* a library call of a name with digits (``F.relu6``) keeps the name (before: ``6 x``, silently);
* a spelled Greek letter up (code's ``output ** gamma``) is a power (before: one name ``output^{gamma}``);
* ``\Delta w(i)`` defined on the left is a function on the right too (before: ``\Delta w \cdot (i - 1)``);
* a set in bars (``|\mathcal{H}|``, ``|H|`` beside ``h \in H``) is its size (``set-size``; before: an absolute
  value, silently);
* a letter the left side takes as a parameter, written as a subscript (word2vec's ``P(o \mid c) = ... v_c``), is an
  index (before: ``v_c`` a name apart from c, silently);
* letters beside a summed index in a subscript of single letters (``x_{nchw}``) are indices (before: a label
  ``x_{nc}``, silently);
* ``\|z\|_{L^1}``, ``\|z\|_{\ell_2}`` name the p-norm's order (before: an internal error's text);
* ``\text{others}`` ends a case split as "otherwise" does; ``\Pi`` is a Greek capital's name; ``\rho^2(b, c)`` is
  the square of the call (a tuple is no factor).
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy

import symdl
from tests.real_sources import assert_values_noted

RNG = np.random.default_rng(4944)
U, V = RNG.normal(size=(5, 3)), RNG.normal(size=(5, 3))
X4 = RNG.normal(size=(2, 3, 4, 5))
Z6 = RNG.normal(size=6)


def _relu6(v: np.ndarray) -> np.ndarray:
    return np.minimum(np.maximum(v, 0.0), 6.0)


def _word2vec(o: int, c: int) -> float:
    scores = U @ V[c - 1]
    return float(np.exp(scores[o - 1]) / np.exp(scores).sum())


# (id, source, formula, inputs, unknown functions, {statement: plain numpy's value}, notes it must carry)
READS_49 = [
    ("transformer-pe-text-mod", "Vaswani et al. as blogs write it: \\text{if } i \\text{ mod } 2 = 0",
     r"PE = \begin{cases} \sin\left(\frac{pos}{10000^{i/d}}\right) & \text{if } i \text{ mod } 2=0\\ "
     r"\cos\left(\frac{pos}{10000^{(i-1)/d}}\right) & \text{otherwise} \end{cases}",
     {"pos": 3.0, "i": 5.0, "d": 16.0}, None, {"": np.cos(3.0 / 10000 ** (4 / 16))}, ("modulo",)),
    ("code-percent-modulo", "code's remainder in a warm-up schedule: (t + 1) % k",
     r"r = (t + 1) % k", {"t": 7.0, "k": 3.0}, None, {"": 2.0}, ("modulo",)),
    ("tex-bmod", "TeX's \\bmod between two operands", r"r = n \bmod m", {"n": 17.0, "m": 5.0}, None, {"": 2.0},
     ("modulo",)),
    ("timm-relu6-library-call", "the timm docs, hard_sigmoid: F.relu6(x + 3.) / 6.",
     r"y = F.relu6(x + 3.) / 6.", {"x": 1.5}, None, {"": _relu6(np.array(4.5)) / 6}, ("code-library",)),
    ("keras-focal-spelled-gamma", "the Keras docs, BinaryFocalCrossentropy: focal_factor = output ** gamma",
     r"focal\_factor = output ** gamma", {"output": 0.3, "gamma": 2.0}, None, {"": 0.09}, ("python-power",)),
    ("hagan-delta-w-of-step", "Hagan et al., Neural Network Design, momentum: \\Delta w(i) with \\Delta w(i-1)",
     r"\Delta w(i) = -\gamma g + \alpha\Delta w(i-1)", {r"\gamma": 0.1, "g": 2.0, r"\alpha": 0.9, "i": 3.0},
     {"Deltaw": lambda v: 10 * v}, {"": -0.2 + 0.9 * 20.0}, ()),
    ("ssbd-hypothesis-class-size", "Shalev-Shwartz & Ben-David, finite classes: \\log(|\\mathcal{H}|/\\delta)",
     r"m = \frac{\log(|\mathcal{H}|/\delta)}{\epsilon}", {r"n_{\mathcal{H}}": 1000.0, r"\delta": 0.05,
                                                           r"\epsilon": 0.1}, None,
     {"": np.log(1000 / 0.05) / 0.1}, ("set-size",)),
    ("mohri-set-size-by-membership", "Mohri et al., Foundations of ML: the bound for every h \\in H, \\log|H|",
     r"R = \sqrt{\frac{\log|H| + \log\frac{2}{\delta}}{2m}} \quad \forall h \in H", {"n_{H}": 64.0,
                                                                                        r"\delta": 0.1, "m": 50.0},
     None, {"": np.sqrt((np.log(64) + np.log(20)) / 100)}, ("set-size",)),
    ("lecun-l1-norm-by-space", "the NYU deep learning notes, sparse coding: \\lambda \\Vert z \\Vert_{L^1}",
     r"E = \lambda \Vert z \Vert_{L^1}", {r"\lambda": 0.5, "z": Z6}, None, {"": 0.5 * np.abs(Z6).sum()}, ()),
    ("cases-others-word", "Longformer-style relative offsets: a last case written \\text{others.}",
     r"f = \begin{cases} 0 & i < k \\ i - k & \text{others.} \end{cases}", {"i": 5.0, "k": 2.0}, None, {"": 3.0},
     ()),
    ("diou-squared-distance", "Zheng et al., DIoU loss: \\rho^2(\\mathbf{b}, \\mathbf{b}^{gt}) / c^2",
     r"L = 1 - u + \frac{\rho^2(b, g)}{c^2}", {"u": 0.6, "b": 2.0, "g": 5.0, "c": 2.0},
     {"rho": lambda a, b: abs(a - b)}, {"": 1 - 0.6 + 9.0 / 4.0}, ("operator-power",)),
]


@pytest.mark.parametrize(("latex", "inputs", "functions", "want", "rules"), [r[2:] for r in READS_49],
                         ids=[r[0] for r in READS_49])
def test_a_class_of_set_49_reads_with_its_note(latex: str, inputs: dict, functions: dict | None, want: dict,
                                               rules: tuple[str, ...]) -> None:
    assert_values_noted(latex, inputs, want, rules, functions=functions)


def test_a_percent_before_words_stays_a_comment() -> None:
    f = symdl.parse("x = y % the learning rate")
    assert str(f.statements[0].rhs) == "y"


@pytest.mark.parametrize(("latex", "callee", "args", "rules"), [
    (r"\mathbb{P}[Y=1 \mid X=x] = \frac{p_{1}(x)\,\mathbb{P}[Y=1]}{p(x)}", "P_{Y=1}", "(x,)",
     {"probability-bracket", "given-value", "event-name", "event-entry"}),
    (r"q = P(Y=1 \mid X=x)", "P_{Y=1}", "(x,)", {"given-value", "event-name"}),
    (r"f(x) = \begin{cases} 1 & \text{if } \mathbb{P}[y = 1 \mid x] \geq 1/2 \\ 0 & \text{otherwise} \end{cases}",
     "P_{y=1}", "(x,)", {"probability-bracket", "event-name"}),
], ids=["hardt-recht-bayes-rule", "given-value-in-parentheses", "ssbd-bayes-optimal"])
def test_a_probability_of_an_event_given_a_value_is_a_function_of_the_value(latex: str, callee: str, args: str,
                                                                             rules: set[str]) -> None:
    f = symdl.parse(latex)
    calls = [c for st in f.statements for side in (st.lhs, st.rhs) for c in side.atoms()
             if type(c).__name__ == callee] + [c for st in f.statements for side in (st.lhs, st.rhs)
                                               for c in side.atoms(*_applied()) if c.func.__name__ == callee]
    assert calls and str(calls[0].args).replace(" ", "") == args
    assert rules <= {n.rule for n in f.notes}


def _applied() -> tuple[type, ...]:
    from sympy.core.function import AppliedUndef

    return (AppliedUndef,)


def test_mohri_bracket_density_is_a_call() -> None:
    f = symdl.parse(r"p_{\mathbf{w}}[y \mid x] = \frac{\exp(\mathbf{w} \cdot \boldsymbol{\Phi}(x, y))}{Z(x)}")
    assert f.statements[0].kind == "definition"
    assert "probability-bracket" in {n.rule for n in f.notes}


def test_a_set_in_an_inequality_stays_refused_by_name() -> None:
    with pytest.raises(symdl.NotSupported):
        symdl.parse(r"\mathbb{P}\left[|R - r| \ge \epsilon\right] \le 2\exp(-2n\epsilon^{2})")


def test_word2vec_centre_vector_is_the_member_of_the_argument() -> None:
    f = symdl.parse(r"P(o \mid c) = \frac{\exp(u_o^T v_c)}{\sum_{w \in V} \exp(u_w^T v_c)}")
    got = np.asarray(symdl.lambdify(f)(u=U, v=V), dtype=float)  # free indices c, o: one row per centre word c
    want = np.array([[_word2vec(o, c) for o in range(1, 6)] for c in range(1, 6)])
    np.testing.assert_allclose(got, want, rtol=1e-12)


def test_instance_norm_subscripts_are_indices_beside_the_summed_ones() -> None:
    f = symdl.parse(r"\mu_{nc} = \frac{1}{HW}\sum_{h=1}^{H}\sum_{w=1}^{W} x_{nchw}")
    got = symdl.lambdify(f)(x=X4, H=4, W=5)
    np.testing.assert_allclose(np.asarray(got, dtype=float), X4.mean(axis=(2, 3)), rtol=1e-12)
    note = next(n for n in f.notes if n.rule == "subscript-companions")
    assert "c, n" in note.message and "h, w" in note.message


def test_contrast_normalisation_keeps_the_image_index() -> None:
    f = symdl.parse(r"y_{tijk} = \frac{x_{tijk}}{\sum_{l=1}^{W}\sum_{m=1}^{H} x_{tilm}}")
    assert [str(i) for i in f.statements[0].lhs.indices] == ["t", "i", "j", "k"]


def test_pi_is_a_greek_capital_name() -> None:
    f = symdl.parse(r"\Pi_H(m) \leq \left(\frac{em}{d}\right)^d")
    assert f.statements[0].lhs.func.__name__ == "Pi_H"


W2, P2, B2 = np.array([[1.0, -2.0], [0.5, 1.0]]), np.array([1.0, 1.0]), np.array([0.5, -2.0])

# (id, source, formula, inputs, {statement: plain numpy's value}, notes it must carry)
TRANSFER = [
    ("hagan-bold-hardlim", "Hagan et al., Neural Network Design, ch. 2: a = hardlim(Wp + b), set in bold",
     r"\mathbf{a} = \mathbf{hardlim}(\mathbf{W}\mathbf{p} + \mathbf{b})",
     {r"\mathbf{W}": W2, r"\mathbf{p}": P2, r"\mathbf{b}": B2}, {"": (W2 @ P2 + B2 >= 0).astype(float)}, ()),
    ("hagan-bold-satlins", "Hagan et al., the Hopfield network: a = satlins(Wa + b), set in bold",
     r"\mathbf{y} = \mathbf{satlins}(\mathbf{W}\mathbf{p} + \mathbf{b})",
     {r"\mathbf{W}": W2, r"\mathbf{p}": P2, r"\mathbf{b}": B2}, {"": np.clip(W2 @ P2 + B2, -1, 1)}, ()),
    ("hagan-logsig", "Hagan et al., ch. 11: a^1 = logsig(n^1)", r"a = \mathrm{logsig}(n)", {"n": 0.3},
     {"": 1 / (1 + np.exp(-0.3))}, ()),
    ("hagan-tansig", "MATLAB's tansig", r"a = \mathrm{tansig}(n)", {"n": 0.3}, {"": np.tanh(0.3)}, ()),
    ("hagan-purelin", "Hagan et al.: the linear output layer a^2 = purelin(n^2)", r"a = \mathrm{purelin}(n)",
     {"n": -1.7}, {"": -1.7}, ()),
    ("hagan-radbas", "Hagan et al., ch. 17: the radial basis layer radbas(n)", r"a = \mathrm{radbas}(n)",
     {"n": 0.5}, {"": np.exp(-0.25)}, ()),
    ("hagan-tribas", "MATLAB's tribas", r"a = \mathrm{tribas}(n)", {"n": 0.25}, {"": 0.75}, ()),
    ("hagan-hardlims", "MATLAB's hardlims", r"a = \mathrm{hardlims}(n)", {"n": -0.5}, {"": -1.0}, ()),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [r[2:] for r in TRANSFER],
                         ids=[r[0] for r in TRANSFER])
def test_matlab_transfer_functions_read_as_their_definitions(latex: str, inputs: dict, want: dict,
                                                             rules: tuple[str, ...]) -> None:
    assert_values_noted(latex, inputs, want, rules)


def test_an_unknown_bold_word_applied_is_a_function() -> None:
    f = symdl.parse(r"\mathbf{a} = \mathbf{compet}(\mathbf{W}\mathbf{p})")
    assert "bold-word-function" in {n.rule for n in f.notes}


def test_hagan_layer_letter_alone_and_its_capital_are_layers() -> None:
    f = symdl.parse(r"\mathbf{a}^{0} = \mathbf{p} \\ \mathbf{a}^{m+1} = \mathbf{f}^{m+1}(\mathbf{W}^{m+1}"
                    r"\mathbf{a}^{m} + \mathbf{b}^{m+1}) \quad \text{for } m = 0, 1, \ldots, M-1 \\ "
                    r"\mathbf{a} = \mathbf{a}^{M}")
    assert not any(isinstance(e, sympy.HadamardPower) for st in f.statements for e in sympy.preorder_traversal(st.rhs))
    assert "superscript-offset-letter" in {n.rule for n in f.notes}


@pytest.mark.parametrize(("latex", "rule"), [
    (r"\ell_{feat}^{\phi, j}(\hat{y}, y) = \frac{1}{C_j H_j W_j}\|\phi_j(\hat{y}) - \phi_j(y)\|_2^2",
     "superscript-list"),
    (r"\dot{f}^{1}(n) = \frac{e^{-n}}{(1+e^{-n})^{2}}", "superscript-one"),
    (r"R_{S}[f] = \frac{1}{n}\sum_{i=1}^{n}\mathrm{loss}(f(x_{i}), y_{i})", "functional-bracket"),
    (r"\Delta_{\mathrm{gen}}(f) = R[f] - R_{S}[f]", "functional-bracket"),
], ids=["johnson-perceptual-labels", "hagan-layer-one-derivative", "hardt-recht-empirical-risk",
        "hardt-recht-generalisation-gap"])
def test_a_name_with_labels_or_a_functional_is_defined(latex: str, rule: str) -> None:
    f = symdl.parse(latex)
    assert f.statements[0].kind == "definition"
    assert rule in {n.rule for n in f.notes}


def _concepts(latex: str) -> frozenset[str]:
    return symdl.explain(latex).concepts


def test_an_energy_with_its_parameters_is_no_expectation() -> None:
    e = symdl.explain(r"g = \mathbb{E}_{p(\mathbf{x})}\left[\nabla_{\theta}E_{\theta}(\mathbf{x})\right] - "
                      r"\mathbb{E}_{q_{\theta}(\mathbf{x})}\left[\nabla_{\theta}E_{\theta}(\mathbf{x})\right]")
    named = [c.expr for c in e.chunks() if c.concept == "expectation"]
    assert len(named) == 2 and all(type(x).__name__.startswith("E_{") and "theta}(x)" not in str(x)[:12]
                                   for x in named)


@pytest.mark.parametrize(("latex", "absent", "present"), [
    (r"\Phi_\rho(x) = \min\left(1, \max\left(0, 1 - \frac{x}{\rho}\right)\right)", "hard_sigmoid", None),
    (r"y = \min(1, \max(0, x/6 + 1/2))", None, "hard_sigmoid"),
    (r"f(x) = x \cdot \max(0, \min(1, \alpha x + \beta))", None, "hard_sigmoid"),
    (r"\hat{\epsilon}(w) = \rho\nabla_{w}L_{\mathcal{B}}(w)/\|\nabla_{w}L_{\mathcal{B}}(w)\|_{2}", "weight_norm",
     "lp_normalization"),
], ids=["ramp-loss-is-no-hard-sigmoid", "hard-sigmoid-still-named", "hard-sigmoid-of-alpha-beta",
        "sam-perturbation-is-no-weight-norm"])
def test_no_false_label(latex: str, absent: str | None, present: str | None) -> None:
    got = _concepts(latex)
    assert absent is None or absent not in got
    assert present is None or present in got


def test_the_angle_average_note_quotes_what_is_inside() -> None:
    f = symdl.parse(r"\chi(K) = C_{W}\left\langle\sigma(z)\sigma(z)\right\rangle_{K}")
    note = next(n for n in f.notes if n.rule == "angle-mean")
    assert "of \\sigma(z)\\sigma(z)," in note.message


def test_a_gradient_by_an_index_is_by_the_weight_it_picks() -> None:
    f = symdl.parse(r"v_i = -\eta \nabla_{i}E + w_i")
    derivative = next(iter(f.statements[0].rhs.atoms(sympy.Derivative)))
    assert str(derivative.variables[0]) == "w[i]"
    assert "nabla-index" in {n.rule for n in f.notes}


def test_a_gradient_by_an_index_no_family_carries_is_refused() -> None:
    with pytest.raises(symdl.NotSupported) as err:
        symdl.parse(r"y = 2 \nabla_{i}E")
    assert "a gradient by the index i" in str(err.value)


def test_quickprop_gradient_is_by_the_weight_whose_change_is_written() -> None:
    f = symdl.parse(r"\Delta^{(k)}w_{i} = \Delta^{(k-1)}w_{i}\left(\frac{\nabla_{i}E^{(k)}}{\nabla_{i}E^{(k-1)} - "
                    r"\nabla_{i}E^{(k)}}\right)")
    assert {str(d.variables[0]) for d in f.statements[0].rhs.atoms(sympy.Derivative)} == {"w[i]"}
    assert {"delta-step", "nabla-index"} <= {n.rule for n in f.notes}


def test_a_value_at_step_zero_beside_values_at_steps() -> None:
    f = symdl.parse(r"\mathbf{a}(0) = \mathbf{p}, \quad \mathbf{a}(t+1) = \mathbf{satlins}(\mathbf{W}\mathbf{a}(t) + "
                    r"\mathbf{b})")
    assert f.statements[0].kind == "assignment"
    assert "step-argument" in {n.rule for n in f.notes}


def test_a_step_up_on_delta_is_the_change_at_that_step() -> None:
    f = symdl.parse(r"\Delta^{(k)} w = \eta \Delta^{(k-1)} w")
    assert f.statements[0].kind == "update"
    assert "delta-step" in {n.rule for n in f.notes}


@pytest.mark.parametrize(("latex", "entries"), [
    (r"y = [a \ b]", 2),
    (r"y = [a \quad b \quad c]", 3),
], ids=["one-space", "quads"])
def test_entries_spaced_in_square_brackets_are_a_row(latex: str, entries: int) -> None:
    f = symdl.parse(latex)
    assert f.statements[0].rhs.shape[0] == entries
    assert "spaced-row" in {n.rule for n in f.notes}


def test_a_thin_space_in_brackets_stays_a_product() -> None:
    assert str(symdl.parse(r"y = [a\,b]").statements[0].rhs) == "a*b"


@pytest.mark.parametrize(("latex", "call"), [
    (r"\overline{VE}(\mathbf{w}) = \sum_{s} \mu(s)\left[v_\pi(s) - \hat{v}(s, \mathbf{w})\right]^2", True),
    (r"y = \sum_i \gamma(i) x_i", True),
    (r"y = \gamma(x)", False),
], ids=["sutton-barto-state-distribution", "greek-of-summed-index", "greek-of-a-free-letter-stays-a-product"])
def test_a_greek_letter_applied_to_a_summed_index_is_a_call(latex: str, call: bool) -> None:
    f = symdl.parse(latex)
    applied = [a for a in f.statements[0].rhs.atoms(*_applied()) if a.func.__name__ in ("mu", "gamma")]
    assert bool(applied) is call
    assert ("call-of-summed" in {n.rule for n in f.notes}) is call


def test_an_identity_is_checked_with_the_names_its_where_clause_defines() -> None:
    e = symdl.explain(r"\frac{x_i - \mu}{\sigma} = \frac{x_i - \mu_\mathcal{B}}{\sigma_\mathcal{B}} \cdot r + d, \\ "
                      r"\text{where } r = \frac{\sigma_\mathcal{B}}{\sigma}, \quad d = \frac{\mu_\mathcal{B} - \mu}"
                      r"{\sigma}")
    checks = [r.text for r in e.relations if r.kind == "check"]
    assert checks and all("holds with" in t and "NOT" not in t for t in checks)


def test_an_identity_that_is_false_with_its_definitions_is_said_so() -> None:
    e = symdl.explain(r"3a = a \cdot r + d \\ r = 2 \\ d = 1")
    checks = [r.text for r in e.relations if r.kind == "check"]
    assert checks and all("does NOT hold with" in t for t in checks)


def test_a_labelled_example_passed_as_a_pair_is_two_arguments() -> None:
    f = symdl.parse(r"\ell(\mathbf{w}, (\mathbf{x}, y)) = \log\left(1 + \exp(-y\langle \mathbf{w}, \mathbf{x} "
                    r"\rangle)\right)")
    assert len(f.statements[0].lhs.args) == 3
    assert "pair-argument" in {n.rule for n in f.notes}
    w, x = np.array([0.5, -1.0]), np.array([2.0, 1.0])
    got = symdl.lambdify(f)(**{r"\mathbf{w}": w, r"\mathbf{x}": x, "y": -1.0})
    np.testing.assert_allclose(got, np.log1p(np.exp(w @ x)), rtol=1e-12)


def test_sigma_inside_a_gaussian_average_is_a_noted_guess() -> None:
    e = symdl.explain(r"\chi_{\parallel}(K) \equiv \frac{C_{W}}{2K^{2}}\left\langle\sigma(z)\sigma(z)\left(z^{2} - "
                      r"K\right)\right\rangle_{K}")
    assert "sigma-in-average" in {n.rule for n in e.formula.notes}
    assert "sigmoid" in e.guessed


def test_sigma_outside_an_average_is_no_such_guess() -> None:
    f = symdl.parse(r"a = \sigma(z)")
    assert "sigma-in-average" not in {n.rule for n in f.notes}


def test_the_expected_surprise_of_a_variable_under_its_own_density_is_the_entropy() -> None:
    assert "entropy" in symdl.explain(r"H(X) = -\mathbb{E}[\log p_X(X)]").concepts
    assert "entropy" not in symdl.explain(r"L = -\mathbb{E}[\log p(y)]").concepts


@pytest.mark.parametrize(("latex", "rest"), [
    (r"G = \int_{-\infty}^{\infty}\frac{dz}{\sqrt{2\pi K}}e^{-\frac{z^{2}}{2K}} z^2", None),
    (r"y = \int_{0}^{1} \frac{dx}{1 + x^2} + c", "c"),
], ids=["roberts-yaida-gaussian-average", "stops-at-the-term"])
def test_a_differential_written_first_integrates_its_term(latex: str, rest: str | None) -> None:
    f = symdl.parse(latex)
    rhs = f.statements[0].rhs
    integral = next(iter(rhs.atoms(sympy.Integral)))
    assert "leading-differential" in {n.rule for n in f.notes}
    if rest is None:
        k = next(x for x in integral.free_symbols if str(x) == "K")
        assert float(integral.subs(k, 2.0).evalf()) == pytest.approx(2.0, rel=1e-9)  # the variance K of N(0, K)
    else:
        assert str(rhs - integral) == rest


@pytest.mark.parametrize("latex", [
    r"\mathbf{Q}, \mathbf{K}, \mathbf{V} \in \mathbb{R}^{N\times d}",
    r"B \in \mathbb{R}^{M^2 \times M^2}, \quad \hat{B} \in \mathbb{R}^{(2M-1) \times (2M-1)}",
], ids=["flashattention-shapes", "swin-bias-shapes"])
def test_declarations_alone_are_refused_as_nothing_to_explain(latex: str) -> None:
    with pytest.raises(symdl.NotSupported) as err:
        symdl.parse(latex)
    assert "only declarations of shapes" in str(err.value)


def test_e_beside_letters_is_a_noted_name() -> None:
    f = symdl.parse(r"\Pi_H(m) \leq \left(\frac{em}{d}\right)^d")
    assert "e-name" in {n.rule for n in f.notes}
    assert "e-name" not in {n.rule for n in symdl.parse(r"y = e^{x} m").notes}


@pytest.mark.parametrize(("latex", "x", "want"), [
    (r"HardSigmoid(x) - min(max(alpha*x + beta, 0), 1)", 0.5, min(max(0.2 * 0.5 + 0.5, 0), 1)),
    (r"ScaledTanh(x) - alpha*Tanh(beta*x)", 0.5, 1.7 * np.tanh(0.5 * 0.5)),
], ids=["openvino-hardsigmoid", "openvino-scaledtanh"])
def test_a_spaced_dash_after_a_specified_function_defines_it(latex: str, x: float, want: float) -> None:
    f = symdl.parse(latex)
    assert f.statements[0].kind == "definition"
    assert "dash-definition" in {n.rule for n in f.notes}
    values = {"alpha": 0.2, "beta": 0.5} if "Hard" in latex else {"alpha": 1.7, "beta": 0.5}
    np.testing.assert_allclose(symdl.lambdify(f)(x=x, **values), want, rtol=1e-12)


def test_a_spaced_dash_between_two_calls_stays_a_difference() -> None:
    assert symdl.parse(r"KlDiv(p) - H(p)").statements[0].kind == "expression"


def test_a_derivative_by_a_defined_name_is_checked_as_written() -> None:
    e = symdl.explain(r"y = (1 + \exp(-x))^{-1} \\ \frac{\partial E}{\partial x} = \frac{\partial E}{\partial y} y (1 - y)")
    assert "sigmoid" in e.concepts


def test_the_size_of_a_summed_family_is_its_length() -> None:
    f = symdl.parse(r"y = \frac{1}{|x|}\sum_i \left[(x_i + 2)^2 + 3\right]")
    x = np.array([1.0, -2.0, 0.5])
    np.testing.assert_allclose(symdl.lambdify(f)(x=x), np.mean((x + 2) ** 2 + 3), rtol=1e-12)
    assert "family-size" in {n.rule for n in f.notes}


def test_the_reciprocal_of_a_trace_is_noted() -> None:
    f = symdl.parse(r"\gamma = n - 2\alpha\mathrm{tr}(\mathbf{H})^{-1}")
    assert "trace-reciprocal" in {n.rule for n in f.notes}


def test_a_risk_of_an_estimate_in_brackets_is_a_functional() -> None:
    f = symdl.parse(r"R[\hat{Y}] = \mathbb{E}[\mathrm{loss}(\hat{Y}, Y)]")
    assert f.statements[0].kind == "definition"
    assert "functional-bracket" in {n.rule for n in f.notes}


def test_the_expectation_of_a_scaled_vector_set_to_a_vector_is_refused() -> None:
    with pytest.raises(symdl.NotSupported) as err:
        symdl.parse(r"\mathbf{h} = E[t\mathbf{z}]")
    assert "the expectation of a random vector" in str(err.value)
    assert symdl.parse(r"y = \mathbf{x} - \mathrm{E}[\mathbf{x}]").statements[0].kind == "assignment"


def test_a_two_letter_label_beside_its_indexed_members() -> None:
    f = symdl.parse(r"\mathcal{L}^{sup}_{in} = \sum_{i \in I}\mathcal{L}^{sup}_{in, i}")
    st = f.statements[0]
    assert st.kind == "assignment" and not getattr(st.lhs, "indices", ())
    assert "subscript-label-index" in {n.rule for n in f.notes}
