"""Silent misreadings of session 24's blind set, each fixed by a rule for its class (issue 12).

- ``sigma-hidden-layer``, ``sigma-gate-operand``: σ of a weight product inside a larger layer (a two-layer network's
  ``W_2\\sigma(W_1x)``, a gated feed-forward layer's ``\\sigma(\\mathbf{W}_1\\mathbf{x}) \\odot \\mathbf{V}\\mathbf{x}``)
  stays the sigmoid, noted: papers write σ there for an activation left open (it was read as the sigmoid with no note).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import sympy

import symdl

RNG = np.random.default_rng(25)
W1, V1, W2 = RNG.normal(size=(4, 3)), RNG.normal(size=(4, 3)), RNG.normal(size=(2, 4))
X3, B4, B2 = RNG.normal(size=(3, 1)), RNG.normal(size=(4, 1)), RNG.normal(size=(2, 1))
XR, WR, VR = RNG.normal(size=(5, 3)), RNG.normal(size=(3, 4)), RNG.normal(size=(3, 4))
BR, CR = RNG.normal(size=(1, 4)), RNG.normal(size=(1, 4))
C4, H4 = RNG.normal(size=(4, 1)), RNG.normal(size=(4, 1))


def _sig(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-z))


# (id, source, latex, arguments, the value plain numpy gives for the reading, the notes expected, notes not expected)
VALUES: list[tuple[str, str, str, dict[str, Any], Any, set[str], set[str]]] = [
    ("gated-ffn-bold", "Shazeer 2020, GLU Variants: the gated FFN with σ left open",
     r"\mathbf{y} = \mathbf{W}_2 (\sigma(\mathbf{W}_1 \mathbf{x}) \odot \mathbf{V} \mathbf{x})",
     {"\\mathbf{W}_2": W2, "\\mathbf{W}_1": W1, "\\mathbf{V}": V1, "\\mathbf{x}": X3},
     W2 @ (_sig(W1 @ X3) * (V1 @ X3)), {"sigma-gate-operand"}, set()),
    ("two-layer-plain", "the universal-approximation form of a two-layer network (Cybenko; Goodfellow 6.4.1)",
     r"y = W_2 \sigma(W_1 x + b_1) + b_2", {"W_2": W2, "W_1": W1, "x": X3, "b_1": B4, "b_2": B2},
     W2 @ _sig(W1 @ X3 + B4) + B2, {"sigma-hidden-layer"}, set()),
    ("glu-rows", "Dauphin et al. 2017, GLU: σ(XW + b) ⊗ (XV + c), one example per row",
     r"\mathrm{GLU}(X) = \sigma(XW + b) \otimes (XV + c)", {"X": XR, "W": WR, "b": BR, "V": VR, "c": CR},
     _sig(XR @ WR + BR) * (XR @ VR + CR), {"sigma-gate-operand"}, set()),
    ("lstm-inline-gate-stays", "an LSTM cell state written inline: σ beside a state and a call is a gate",
     r"\mathbf{c}_t = \sigma(\mathbf{W}_f \mathbf{x}) \odot \mathbf{c}_{t-1} + \sigma(\mathbf{W}_i \mathbf{x}) \odot "
     r"\tanh(\mathbf{W}_c \mathbf{x})",
     {"\\mathbf{W}_f": W1, "\\mathbf{W}_i": V1, "\\mathbf{W}_c": W1, "\\mathbf{x}": X3, "\\mathbf{c}_{t-1}": C4},
     _sig(W1 @ X3) * C4 + _sig(V1 @ X3) * np.tanh(W1 @ X3), set(), {"sigma-hidden-layer", "sigma-gate-operand"}),
    ("gate-definition-stays", "Graves's LSTM input gate: a gate is the sigmoid",
     r"\mathbf{i}_t = \sigma(\mathbf{W}_i \mathbf{x} + \mathbf{b}_i)", {"\\mathbf{W}_i": W1, "\\mathbf{x}": X3,
     "\\mathbf{b}_i": B4}, _sig(W1 @ X3 + B4), set(), {"sigma-hidden-layer", "sigma-gate-operand", "sigma-activation"}),
    ("nielsen-layer-stays", "Nielsen ch. 2 eq. 25: σ of the layer's weighted input, its own rule",
     r"a^{l} = \sigma(w^l a^{l-1} + b^l)", {"w^l": W1, "a^{l-1}": X3, "b^l": B4}, _sig(W1 @ X3 + B4),
     {"sigma-activation"}, {"sigma-hidden-layer", "sigma-gate-operand"}),
    ("sigmoid-defined-stays", "a formula that defines σ: the sigmoid, no guess",
     r"y = W_2 \sigma(W_1 x), \quad \sigma(z) = \frac{1}{1 + e^{-z}}", {"W_2": W2, "W_1": W1, "x": X3},
     W2 @ _sig(W1 @ X3), set(), {"sigma-hidden-layer", "sigma-gate-operand"}),
    ("activation-a", "a forum question: a = σ(Wx + b), σ the network's activation (ReLU there)",
     r"a = \sigma(Wx + b)", {"W": W1, "x": X3, "b": B4}, _sig(W1 @ X3 + B4), {"sigma-activation"}, set()),
    ("example-probability-stays", "Ng, Coursera DL: a^{(i)} = σ(w^T x^{(i)} + b), example i's probability",
     r"a^{(i)} = \sigma(w^T x^{(i)} + b)", {"w": X3[:, 0], "x": XR, "b": 0.2}, _sig(XR @ X3[:, 0] + 0.2), set(),
     {"sigma-activation"}),
    ("named-preactivation-stays", "Nielsen ch. 2: a = σ(z) of a named pre-activation", r"a = \sigma(z)", {"z": 0.4},
     _sig(0.4), set(), {"sigma-activation"}),
    ("hidden-times-scalar-stays", "σ of a weight product times a number: not a layer inside a layer",
     r"y = 2 \sigma(w x)", {"w": 0.3, "x": 1.7}, 2 * _sig(0.3 * 1.7), set(), {"sigma-hidden-layer", "sigma-gate-operand"}),
]


@pytest.mark.parametrize(("latex", "args", "expected", "rules", "absent"), [c[2:] for c in VALUES],
                         ids=[c[0] for c in VALUES])
def test_value(latex: str, args: dict[str, Any], expected: Any, rules: set[str], absent: set[str]) -> None:
    f = symdl.parse(latex)
    seen = {n.rule for n in f.notes}
    assert rules <= seen
    assert not absent & seen
    got = symdl.lambdify(f)(**args)
    got = got[next(iter(got))] if isinstance(got, dict) else got  # the first statement
    np.testing.assert_allclose(np.asarray(got, dtype=float).reshape(np.shape(expected)), expected, rtol=1e-12)


U35, V45 = RNG.normal(size=(3, 5)), RNG.normal(size=(4, 5))
# (id, source, latex, arguments, the value plain numpy gives, the notes expected)
INNER: list[tuple[str, str, str, dict[str, Any], Any, set[str]]] = [
    ("clip-logits", "Radford et al. 2021, CLIP: S_ij = <u_i, v_j>/τ with plain u, v",
     r"S_{ij} = \frac{\langle u_i, v_j\rangle}{\tau}", {"u": U35, "v": V45, "\\tau": 0.07}, U35 @ V45.T / 0.07,
     {"inner-members"}),
    ("fm-pair", "Rendle 2010, factorization machines: <v_i, v_j> without bold", r"s = \langle v_i, v_j \rangle",
     {"v": V45}, V45 @ V45.T, {"inner-members"}),  # a table over the free i, j
    ("bold-members-stay", "the same with bold members (its own rule)", r"s = \langle \mathbf{u}_i, \mathbf{v}_j \rangle",
     {"\\mathbf{u}": U35, "\\mathbf{v}": V45}, U35 @ V45.T, set()),
]


@pytest.mark.parametrize(("latex", "args", "expected", "rules"), [c[2:] for c in INNER], ids=[c[0] for c in INNER])
def test_inner_product_members(latex: str, args: dict[str, Any], expected: Any, rules: set[str]) -> None:
    f = symdl.parse(latex)
    assert rules <= {n.rule for n in f.notes}
    got = symdl.lambdify(f)(**args)
    got = got[next(iter(got))] if isinstance(got, dict) else got
    np.testing.assert_allclose(np.asarray(got, dtype=float).reshape(np.shape(expected)), expected, rtol=1e-12)


def test_sigma_layer_note_span_and_alternative() -> None:
    latex = r"y = W_2 \sigma(W_1 x + b_1) + b_2"
    n = next(n for n in symdl.parse(latex).notes if n.rule == "sigma-hidden-layer")
    assert latex[n.span.start : n.span.end] == r"\sigma(W_1 x + b_1)"
    assert "\\phi" in n.alternative and "a guess" in n.message


# (id, source, latex, concepts named, concepts said only as a guess)
GUESSED = [
    ("gcn-layer", "Kipf & Welling 2017, GCN eq. 2: σ 'denotes an activation function, such as ReLU'",
     r"H^{(l+1)} = \sigma\left(\tilde{D}^{-\frac{1}{2}}\tilde{A}\tilde{D}^{-\frac{1}{2}}H^{(l)}W^{(l)}\right)",
     set(), {"sigmoid"}),
    ("d2l-hidden", "d2l 5.1: H = σ(XW + b), σ an activation function", r"\mathbf{H} = \sigma(\mathbf{X} \mathbf{W}^{(1)} "
     r"+ \mathbf{b}^{(1)})", {"linear_layer"}, {"sigmoid"}),
    ("two-layer", "a two-layer network with σ left open", r"y = W_2 \sigma(W_1 x + b_1) + b_2", {"linear_layer"},
     {"sigmoid"}),
    ("distillation", "Hinton et al. 2015 written with σ for the softmax", r"\mathcal{L} = \mathrm{KL}\left(\sigma(z_t/T) "
     r"\,\|\, \sigma(z_s/T)\right)", {"kl_divergence"}, {"sigmoid"}),
    ("glu-gate-named", "Dauphin et al. 2017: GLU's gate is the sigmoid", r"h = (X W + b) \odot \sigma(X V + c)",
     {"glu", "sigmoid"}, set()),
    ("lstm-gate-named", "Graves 2013: a gate is the sigmoid", r"f_t = \sigma(W_f x_t + U_f h_{t-1} + b_f)",
     {"sigmoid"}, set()),
    ("sigmoid-by-name", "a σ-guess context but the sigmoid written by name", r"\mathbf{h} = \mathrm{sigmoid}(\mathbf{W}"
     r"\mathbf{x} + \mathbf{b})", {"sigmoid"}, set()),
]


@pytest.mark.parametrize(("latex", "named", "guessed"), [c[2:] for c in GUESSED], ids=[c[0] for c in GUESSED])
def test_sigma_guess_is_not_a_label(latex: str, named: set[str], guessed: set[str]) -> None:
    e = symdl.explain(latex)
    assert named <= e.concepts
    assert guessed <= e.guessed and not guessed & e.concepts
    if guessed:
        assert any(c.guess for c in e.chunks())
        if e.statements[0].guess:  # the whole statement is the guessed block: the summary says so
            assert "a guess" in e.summary


def test_guess_in_json_and_text() -> None:
    import contextlib
    import io
    import json

    from symdl.cli import main

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        main(["explain", "--format", "json", r"y = W_2 \sigma(W_1 x + b_1) + b_2"])
    doc = json.loads(buf.getvalue())
    assert doc["guessed_concepts"] == ["sigmoid"] and "sigmoid" not in doc["concepts"]
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        main(["explain", r"y = W_2 \sigma(W_1 x + b_1) + b_2"])
    assert "a guess: σ is read as the logistic sigmoid" in buf.getvalue()


# (id, source, latex, the notes expected, names that must not appear in the reading)
GAN = [
    ("gan-slides-plain-e", "Goodfellow et al. 2014's objective as lecture slides write it: plain E, \\textrm{Data}",
     r"\min_G \max_D \{ -E_{x \sim \textrm{Data}} \log D(\mathbf x) - E_{z \sim \textrm{Noise}} \log(1 - D(G(\mathbf z)))"
     r" \}", {"objective-prefix", "expectation-reach", "expectation-mean"}, {"E_{x\\simData}", "N_D"}),
    ("plain-e-drawn", "a plain E subscripted with a draw, no bracket", r"L = E_{x \sim p} \log D(x)",
     {"expectation-reach", "expectation-mean"}, {"E_{x\\simp}"}),
]


@pytest.mark.parametrize(("latex", "rules", "absent"), [c[2:] for c in GAN], ids=[c[0] for c in GAN])
def test_plain_e_with_a_draw_is_an_expectation(latex: str, rules: set[str], absent: set[str]) -> None:
    f = symdl.parse(latex)
    assert rules <= {n.rule for n in f.notes}
    names = {str(s) for st in f.statements for s in st.rhs.free_symbols}
    assert not names & absent
    assert "MaxOver" not in str(f.statements[0].rhs)


@pytest.mark.parametrize("latex", [r"L = E_{in}(h)", r"y = E_x + 1"], ids=["error-named-by-subscript", "e-sub-x"])
def test_plain_e_without_a_draw_stays(latex: str) -> None:
    assert not {n.rule for n in symdl.parse(latex).notes} & {"expectation-reach", "expectation-mean"}


Z43 = RNG.normal(size=(4, 3))


def test_cdot_members_are_a_dot_product() -> None:
    """Khosla et al. 2020 (SupCon) / SimCLR: exp(z_i · z_p / τ) over Σ_a exp(z_i · z_a / τ), z a family of vectors."""
    latex = r"L = -\log \frac{\exp(z_i \cdot z_p / \tau)}{\sum_{a} \exp(z_i \cdot z_a/\tau)}"
    f = symdl.parse(latex)
    assert "cdot-members" in {n.rule for n in f.notes}
    got = np.asarray(symdl.lambdify(f)(**{"z": Z43, "\\tau": 0.5}))
    s = Z43 @ Z43.T / 0.5
    want = -(s - np.log(np.exp(s).sum(axis=1, keepdims=True)))
    np.testing.assert_allclose(got.reshape(want.shape), want, rtol=1e-12)


@pytest.mark.parametrize("latex", [r"y = \sum_i w_i \cdot x_i", r"s = x_i \cdot x_i"], ids=["two-families", "one-index"])
def test_cdot_of_numbers_stays(latex: str) -> None:
    assert "cdot-members" not in {n.rule for n in symdl.parse(latex).notes}


# (id, source, latex, arguments, the value plain numpy gives)
REACH: list[tuple[str, str, str, dict[str, Any], Any]] = [
    ("expectation-of-a-norm", "a flow-matching loss as slides write it: E with no bracket before a norm",
     r"L = \mathbb{E}_{x \sim p} |x - y| + 1", {"x": np.arange(4.0), "y": np.ones(4)},
     np.mean(np.abs(np.arange(4.0) - 1)) + 1),
]


@pytest.mark.parametrize(("latex", "args", "expected"), [c[2:] for c in REACH], ids=[c[0] for c in REACH])
def test_expectation_reaches_over_bars(latex: str, args: dict[str, Any], expected: Any) -> None:
    got = symdl.lambdify(symdl.parse(latex))(**args)
    np.testing.assert_allclose(float(np.asarray(got, dtype=float).reshape(())), expected, rtol=1e-12)


@pytest.mark.parametrize("latex", [
    r"\mathcal{L}_{CFM} = \mathbb{E}_{t, x_0, x_1} \| v_\theta(x_t, t) - (x_1 - x_0) \|^2",  # Lipman et al. 2023
    r"W = \mathbb{E}_{(x,y)\sim\gamma}\|x - y\|",  # the Wasserstein distance's expectation
], ids=["flow-matching", "wasserstein"])
def test_expectation_of_a_norm_reads(latex: str) -> None:
    f = symdl.parse(latex)
    assert "expectation-reach" in {n.rule for n in f.notes}


def test_unicode_capital_superscript() -> None:
    """Nielsen's BP1 pasted from the book's page: δᴸ = ∇ₐC ⊙ σ'(zᴸ), ᴸ the output layer (it was refused)."""
    f = symdl.parse("δᴸ = ∇ₐC ⊙ σ'(zᴸ)")
    tex = symdl.parse(r"\delta^{L} = \nabla_{a} C \odot \sigma'(z^{L})")
    assert "superscript-layer" in {n.rule for n in f.notes}
    assert str(f.statements[0].lhs) == str(tex.statements[0].lhs) == "delta^[L]"
    assert str(f.statements[0].rhs) == str(tex.statements[0].rhs)


W43B, X3B, H4B, B4B = RNG.normal(size=(4, 3)), RNG.normal(size=3), RNG.normal(size=4), RNG.normal(size=4)
W44B = RNG.normal(size=(4, 4))


def test_plain_text_subscripts_rnn() -> None:
    """The PyTorch 0.3 docs' RNN cell as plain text (verbatim): w_ih, b_ih, h_(t-1) are one subscript each."""
    f = symdl.parse("h_t = tanh(w_ih * x_t + b_ih + w_hh * h_(t-1) + b_hh)")
    assert "plain-subscript" in {n.rule for n in f.notes}
    got = symdl.lambdify(f)(**{"w_ih": W43B, "x_t": X3B, "b_ih": B4B, "w_hh": W44B, "h_(t-1)": H4B, "b_hh": B4B})
    np.testing.assert_allclose(np.asarray(got, dtype=float).ravel(), np.tanh(W43B @ X3B + B4B + W44B @ H4B + B4B),
                               rtol=1e-12)


# (id, latex, the reading's free names expected)
PLAIN_SUBS = [
    ("readme-linear", "y = x W_ih + b_ih", {"W_{ih}", "b_{ih}", "x"}),
    ("digits", "y = W_12 x", {"W_{12}", "x"}),
    ("mixed-run-stays", "y = x_t + W_2x", {"W_2", "x", "x_t"}),
    ("tex-stays", r"y = \alpha x_ij", {"alpha", "j"}),  # TeX: x_i times j
]


@pytest.mark.parametrize(("latex", "names"), [c[1:] for c in PLAIN_SUBS], ids=[c[0] for c in PLAIN_SUBS])
def test_plain_text_subscripts(latex: str, names: set[str]) -> None:
    f = symdl.parse(latex)
    got = {str(s) for st in f.statements for s in st.rhs.free_symbols}
    assert names <= got or names <= {str(k) for k in f.symbols}, got


@pytest.mark.parametrize(("latex", "statements"), [
    ("loss(x, class) = -log(exp(x[class]) / (\\sum_j exp(x[j])))\n                       = -x[class] + log(\\sum_j "
     "exp(x[j]))", 1),  # the old PyTorch CrossEntropyLoss docs: a chain over two lines
    ("a = b + c\n= d", 1),
    ("a = b + c\nd = e", 2),  # a new statement on the next line stays one
], ids=["pytorch-ce-chain", "chain-over-lines", "two-statements"])
def test_a_line_opening_with_equals_continues_the_chain(latex: str, statements: int) -> None:
    f = symdl.parse(latex)
    assert len(f.statements) == statements
    if "loss" in latex:  # one definition of the loss, its value x's cross-entropy at the class (labels from 1)
        z = np.array([0.3, -1.2, 2.0])
        got = symdl.lambdify(f.statements[0].rhs)(x=z)  # a vector over the class, as x[class] leaves it free
        np.testing.assert_allclose(np.asarray(got, dtype=float).ravel(), -z + np.log(np.exp(z).sum()), rtol=1e-12)


def test_parameters_named_on_the_left_are_no_untransposed_use() -> None:
    """CS224n's negative-sampling loss J(u_o, v_c, U) = -log σ(u_o^T v_c) - Σ_k log σ(-u_k^T v_c): u_o in the parameter
    list does not make the family written untransposed (it was refused); a vector over the free o."""
    f = symdl.parse(r"J(u_o, v_c, U) = -\log \sigma(u_o^T v_c) - \sum_{k=1}^K \log \sigma(-u_k^T v_c)")
    assert "family-transposed" in {n.rule for n in f.notes}
    u, v = RNG.normal(size=(5, 3)), RNG.normal(size=3)
    got = np.asarray(symdl.lambdify(f)(u=u, v_c=v, K=4), dtype=float)

    def sig(z: np.ndarray) -> np.ndarray:
        return 1 / (1 + np.exp(-z))

    want = -np.log(sig(u @ v)) - sum(np.log(sig(-u[k] @ v)) for k in range(4))
    np.testing.assert_allclose(got.ravel(), want, rtol=1e-12)


def test_a_nested_sum_over_the_same_letter_has_its_own_index() -> None:
    """The PyTorch NLLLoss docs' weighted mean: the inner Σ_n is over an n of its own, the indicator tested there (it
    was lifted out of the inner sum and tested at the outer n, silently)."""
    f = symdl.parse(r"\ell(x, y) = \sum_{n=1}^N \frac{1}{\sum_{n=1}^N w_{y_n} \cdot \mathbb{1}\{y_n \not= "
                    r"\text{ignore\_index}\}} l_n")
    assert "shadowed-index" in {n.rule for n in f.notes}
    assert "sum-constant" not in {n.rule for n in f.notes}
    loss, w, y = np.array([0.5, 1.0, 2.0, 0.3]), np.array([1.0, 2.0, 3.0]), np.array([1, 3, 2, 3])
    got = symdl.lambdify(f)(l=loss, w=w, y=y, **{r"\text{ignore\_index}": 3})
    np.testing.assert_allclose(float(np.asarray(got)), loss.sum() / sum(w[c - 1] * (c != 3) for c in y), rtol=1e-12)


def test_distinct_letters_are_not_renamed() -> None:
    f = symdl.parse(r"L = \sum_{n=1}^N \frac{l_n}{\sum_{m=1}^N w_m}")
    assert "shadowed-index" not in {n.rule for n in f.notes}


def test_a_computed_position_makes_the_letter_an_index() -> None:
    """Sutton & Barto's return without bounds, G = Σ_k γ^k R_{t+k+1}: k positions R, so it is an index, not "a sum over
    the values of k" (which left R's position at a symbol k the sum did not bind)."""
    f = symdl.parse(r"G = \sum_{k} \gamma^k R_{t+k+1}")
    assert "sum-over-values" not in {n.rule for n in f.notes}
    s = next(iter(f.statements[0].rhs.atoms(sympy.Sum)))
    assert s.limits[0][0] in s.function.free_symbols


def test_values_of_a_bare_letter_stay() -> None:
    """Sutton & Barto's Σ_r p(r)[r + γ v]: the rewards' values (sum-over-values) as before."""
    assert "sum-over-values" in {n.rule for n in symdl.parse(r"v = \sum_r p(r) [r + \gamma v]").notes}


def test_a_sum_from_zero_without_an_end_runs_to_the_last_entry() -> None:
    """Σ_{t=0} γ^t r_t with no upper bound: t runs over r's N entries from 0, up to N − 1 (it ran to N: index out of
    range when evaluated)."""
    r = np.array([1.0, 2.0, 3.0, 4.0])
    f = symdl.parse(r"s = \sum_{t=0} \gamma^{t} r_t")
    got = symdl.lambdify(f)(r=r, **{"\\gamma": 0.5})
    np.testing.assert_allclose(float(np.asarray(got)), sum(0.5**t * r[t] for t in range(4)), rtol=1e-12)
