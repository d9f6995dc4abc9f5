"""Silent misreadings the blind judge of session 20 found, each fixed by a rule for its class (issue 12).

- ``vector-entry``: a plain letter with one subscript letter beside the same letter written bold and whole is an entry
  of that vector (cs231n's ``a_c - \\mathrm{lse}(\\mathbf{a})``; it was a name ``a_c`` of its own);
- bold capitals on both sides of ``\\cdot`` whose plain letters the formula indexes with one index are vectors (the
  cosine similarity ``\\mathbf{A} \\cdot \\mathbf{B} / (\\|\\mathbf{A}\\| \\|\\mathbf{B}\\|) = \\sum_i A_i B_i / \\dots``:
  they were matrices with a matrix product and Frobenius norms);
- an optimum over a tuple in a set binds the tuple's letters (max pooling's ``\\arg\\max_{(p,q) \\in
  \\mathcal{R}_{ij}} x_{pq}``: ``x_{pq}`` is entry (p, q) of x, it was a name);
- the last column of an aligned row opened by ``, &`` is a condition (the PyTorch docs' CosineAnnealingLR: ``& T_{cur}
  = (2k+1)T_{max}`` was a statement assigning T_cur).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import sympy

import symdl

SGDR = (
    r"\begin{aligned} \eta_{t+1} & = \eta_{min} + \frac{1}{2}(\eta_{max} - \eta_{min})\left(1 + \cos\left("
    r"\frac{T_{cur+1}}{T_{max}}\pi\right)\right), & T_{cur} \neq (2k+1)T_{max}; \\ \eta_{t+1} & = \eta_{t} + "
    r"\frac{1}{2}(\eta_{max} - \eta_{min}) \left(1 - \cos\left(\frac{1}{T_{max}}\pi\right)\right), & T_{cur} = "
    r"(2k+1)T_{max}. \end{aligned}"
)

# (id, source, latex, each statement as "lhs = rhs" in SymPy's string form, the notes' rules → their spans' texts)
CASES = [
    ("log-softmax-entry", "cs231n, linear classification: the log-probability of class c from the logits a",
     r"\log p(y = c | \mathbf{x}) = a_c - \mathrm{lse}(\mathbf{a})", ["log(p_{y=c}(x)) = a[c] - lse(a)"],
     {"vector-entry": ["a_c"]}),
    ("nll-of-softmax", "the negative log-likelihood of the predicted class probability, d2l 4.1",
     r"L = -\log \hat{y}_c, \quad \hat{\mathbf{y}} = \mathrm{softmax}(\mathbf{z})",
     ["L = -log(yhat[c])", "yhat = softmax(z)"], {"vector-entry": [r"\hat{y}_c"]}),
    ("summed-stays-family-entry", "the softmax's entry beside its sum keeps its family-entry note",
     r"L = z_c - \log\sum_j e^{z_j}, \quad \mathbf{p} = \mathrm{softmax}(\mathbf{z})",
     ["L = -log(Sum(exp(z[j]), (j, 1, N_z))) + z[c]", "p = softmax(z)"], {"family-entry": ["z_c"]}),
    ("capital-stays-label", "a bold capital beside a subscripted plain capital: W_c stays a name (an LSTM's gate)",
     r"\mathbf{y} = \mathbf{W}\mathbf{x} + W_c", None, {"vector-entry": []}),
    ("time-stays-step", "a bold vector at steps t, t-1 (Elman's RNN): no entries",
     r"\mathbf{h}_t = \tanh(W \mathbf{h}_{t-1} + U\mathbf{x}_t)", None, {"vector-entry": [], "family-entry": []}),
    ("max-pool-window", "max pooling's switch: the position of the largest entry in the window R_ij (cs231n, "
     "Zeiler & Fergus)", r"i^* = \arg\max_{(p,q) \in \mathcal{R}_{ij}} x_{pq}",
     [r"i^* = argmax_{(p,q) \in \mathcal{R}_{ij}}(x[p, q])"], {"optimum-over-variable": [
         r"\arg\max_{(p,q) \in \mathcal{R}_{ij}}"]}),
    ("max-over-set", "the largest entry over a set of positions", r"y = \max_{(p,q) \in \mathcal{R}} x_{pq}",
     [r"y = max_{(p,q) \in \mathcal{R}}(x[p, q])"], {}),
    ("theta-in-set-stays", "an optimum over a Greek variable in a set: no entries", r"y = \max_{\theta \in \Theta} "
     r"f(\theta)", [r"y = max_{\theta \in \Theta}(f(theta))"], {}),
    ("sgdr-rows", "PyTorch docs, torch.optim.lr_scheduler.CosineAnnealingLR (Loshchilov & Hutter, SGDR eq. 5)",
     SGDR, ["eta_{t+1} = eta_{min} + (eta_{max} - eta_{min})*(cos(pi*T_{cur+1}/T_{max}) + 1)/2",
            "eta_{t+1} = eta_t + (1 - cos(pi/T_{max}))*(eta_{max} - eta_{min})/2"],
     {"condition-clause": [r"T_{cur} \neq (2k+1)T_{max}", r"T_{cur} = (2k+1)T_{max}"]}),
    ("sgdr-one-row", "the restart row of CosineAnnealingLR pasted alone",
     r"\eta_{t+1} & = \eta_{t} + \frac{1}{2}(\eta_{max} - \eta_{min}) \left(1 - \cos\left(\frac{1}{T_{max}}\pi"
     r"\right)\right), & T_{cur} = (2k+1)T_{max}.",
     ["eta_{t+1} = eta_t + (1 - cos(pi/T_{max}))*(eta_{max} - eta_{min})/2"],
     {"condition-clause": [r"T_{cur} = (2k+1)T_{max}"]}),
    ("two-column-lstm", "an LSTM's gates set in two columns, as papers print them: two statements",
     r"\begin{aligned} i_t &= \sigma(W_i x_t), & f_t &= \sigma(W_f x_t) \end{aligned}",
     ["i_t = Lambda(_x, sigmoid(_x)).(W_i*x_t)", "f_t = Lambda(_x, sigmoid(_x)).(W_f*x_t)"], {"condition-clause": []}),
    ("swish-unit", "Ramachandran et al. 2017 (Swish) as a lecture writes unit k's activation of the state s",
     r"a_k(\mathbf{s}) = z_k \sigma(z_k)", ["a_k(s) = sigmoid(z[k])*z[k]"],
     {"function-member-number": [r"a_k(\mathbf{s})"]}),
    ("unindexed-stays", "a function of a vector without an index is unchanged", r"g(\mathbf{s}) = z \sigma(z)",
     ["g(s) = z*sigmoid(z)"], {"function-member-number": []}),
    ("comma-two-statements", "two statements side by side after a comma, each with its mark: no condition",
     r"\begin{aligned} a &= b + c, & d &= e \end{aligned}", ["a = b + c", "d = e"], {"condition-clause": []}),
]  # fmt: skip


@pytest.mark.parametrize(("row", "source", "latex", "want", "notes"), CASES, ids=[r[0] for r in CASES])
def test_reading(row: str, source: str, latex: str, want: list[str] | None, notes: dict[str, list[str]]) -> None:
    f = symdl.parse(latex)
    if want is not None:
        assert [f"{sympy.sstr(s.lhs)} = {sympy.sstr(s.rhs)}" for s in f.statements] == want
    for rule, spans in notes.items():
        assert [latex[n.span.start : n.span.end] for n in f.notes if n.rule == rule] == spans


COSINE = (
    r"\cos(\theta) = \frac{\mathbf{A} \cdot \mathbf{B}}{\|\mathbf{A}\| \|\mathbf{B}\|} = \frac{\sum_{i=1}^{n} "
    r"A_i B_i}{\sqrt{\sum_{i=1}^{n} A_i^2} \sqrt{\sum_{i=1}^{n} B_i^2}}"
)

# (id, source, latex, bold names that must be column vectors)
BOLD_DOTS = [
    ("cosine-chain", "Wikipedia, Cosine similarity (as tutorials paste it)", COSINE, [r"\mathbf{A}", r"\mathbf{B}"]),
    ("dot-by-entries", "a dot product defined by its entries", r"\mathbf{A}\cdot\mathbf{B} = \sum_i A_i B_i",
     [r"\mathbf{A}", r"\mathbf{B}"]),
]  # fmt: skip


@pytest.mark.parametrize(("row", "source", "latex", "names"), BOLD_DOTS, ids=[r[0] for r in BOLD_DOTS])
def test_bold_capitals_indexed_once_are_vectors(row: str, source: str, latex: str, names: list[str]) -> None:
    f = symdl.parse(latex)
    for name in names:
        assert f.symbols[name].shape[1] == 1
    assert [n for n in f.notes if n.rule == "matrix-norm"] == []


def test_bold_capitals_indexed_twice_stay_matrices() -> None:
    f = symdl.parse(r"\mathbf{A}\mathbf{B} = \sum_{i,j} A_{ij} B_{ij}")
    assert f.symbols[r"\mathbf{A}"].shape[1] != 1


GAIN = np.linspace(0.5, 1.5, 5)  # RMSNorm's gain: one per feature (affine-per-feature, session 24)

# (id, source, latex, the target's inputs → numpy's value of the statement)
REDUCTIONS = [
    ("rmsnorm-code", "Zhang & Sennrich 2019 (RMSNorm) as a blog writes it in code",
     "RMSNorm(x) = x / sqrt(mean(x^2) + eps) * gamma",
     lambda x: x / np.sqrt(np.mean(x**2) + 1e-6) * GAIN),
]  # fmt: skip


@pytest.mark.parametrize(("row", "source", "latex", "want"), REDUCTIONS, ids=[r[0] for r in REDUCTIONS])
def test_a_reduction_makes_its_argument_an_array(row: str, source: str, latex: str, want: Any) -> None:
    f = symdl.parse(latex)
    assert f.symbols["x"].shape[1] == 1
    assert any(n.rule == "array-mean" for n in f.notes)
    x = np.random.default_rng(21).normal(size=5)
    gain = GAIN.reshape(-1, 1)
    values = {"x": x.reshape(-1, 1), "eps": 1e-6, r"\epsilon": 1e-6, "gamma": gain, r"\gamma": gain}
    fn = symdl.lambdify(f)
    got = fn(**{k: v for k, v in values.items() if k in fn.parameters})
    np.testing.assert_allclose(np.asarray(got, dtype=float).ravel(), np.ravel(want(x)), rtol=1e-12)


GRAVES = (
    r"i_t = \sigma\left(W_{xi}x_t + W_{hi}h_{t-1} + W_{ci}c_{t-1} + b_i\right) \\ f_t = \sigma\left(W_{xf}x_t + "
    r"W_{hf}h_{t-1} + W_{cf}c_{t-1} + b_f\right) \\ c_t = f_t c_{t-1} + i_t \tanh\left(W_{xc}x_t + W_{hc}h_{t-1} + "
    r"b_c\right)"
)


def _sig(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-z))


def test_graves_lstm_gates_multiply_entry_by_entry() -> None:
    """Graves 2013, eqs. 7-9 (the peephole LSTM, gates side by side with the cell): c_t evaluates as numpy's."""
    f = symdl.parse(GRAVES)
    assert [
        latex for n in f.notes if n.rule == "gate-elementwise" for latex in [GRAVES[n.span.start : n.span.end]]
    ] == ["f_t c_{t-1}", r"i_t \tanh\left(W_{xc}x_t + W_{hc}h_{t-1} + b_c\right)"]
    rng = np.random.default_rng(2013)
    n, d, h = 4, 3, 5
    v = {
        name: rng.normal(size=shape)
        for name, shape in {
            "W_{xi}": (n, d),
            "W_{hi}": (n, h),
            "W_{ci}": (n, n),
            "b_i": (n, 1),
            "W_{xf}": (n, d),
            "W_{hf}": (n, h),
            "W_{cf}": (n, n),
            "b_f": (n, 1),
            "W_{xc}": (n, d),
            "W_{hc}": (n, h),
            "b_c": (n, 1),
            "x_t": (d, 1),
            "h_{t-1}": (h, 1),
            "c_{t-1}": (n, 1),
        }.items()
    }
    i = _sig(v["W_{xi}"] @ v["x_t"] + v["W_{hi}"] @ v["h_{t-1}"] + v["W_{ci}"] @ v["c_{t-1}"] + v["b_i"])
    fg = _sig(v["W_{xf}"] @ v["x_t"] + v["W_{hf}"] @ v["h_{t-1}"] + v["W_{cf}"] @ v["c_{t-1}"] + v["b_f"])
    want = fg * v["c_{t-1}"] + i * np.tanh(v["W_{xc}"] @ v["x_t"] + v["W_{hc}"] @ v["h_{t-1}"] + v["b_c"])
    got = symdl.lambdify(f)(**v)
    got = list(got.values())[-1] if isinstance(got, dict) else got
    np.testing.assert_allclose(np.asarray(got, dtype=float).ravel(), want.ravel(), rtol=1e-12)


def test_vectors_side_by_side_without_a_gate_stay_an_error() -> None:
    with pytest.raises(symdl.SymdlError, match="two column vectors side by side"):
        symdl.parse(r"\mathbf{y} = \mathbf{a} \mathbf{b}")


# (id, source, latex, numpy's value from the arrays x, y, t and the numbers)
ENTRY_SUMS = [
    ("half-sum-squares", "PyTorch docs, an output of half the sum of squares (L2 loss as Caffe/TF's l2_loss)",
     r"\text{output} = \frac{\sum t^2}{2}", lambda v: (v["t"] ** 2).sum() / 2),
    ("normalize", "PyTorch docs, torch.nn.functional.normalize with p = 2 written with the sum",
     r"\text{output} = \frac{x}{\sqrt{\max\left(\sum x^2, \epsilon\right)}}",
     lambda v: v["x"] / np.sqrt(max((v["x"] ** 2).sum(), v["eps"]))),
    ("dice", "Keras-style Dice loss as tutorials write it",
     r"\mathrm{loss} = 1 - \frac{2 \sum y_{\text{true}} \, y_{\text{pred}}}{\sum y_{\text{true}} + \sum y_{\text{pred}}}",
     lambda v: 1 - 2 * (v["yt"] * v["yp"]).sum() / (v["yt"].sum() + v["yp"].sum())),
    ("rms-norm", "RMSNorm as a blog writes it, with 1/N and an index-less sum",
     r"y = \frac{x}{\sqrt{\frac{1}{N}\sum x^2 + \epsilon}}",
     lambda v: v["x"] / np.sqrt((v["x"] ** 2).sum() / v["x"].size + v["eps"])),
]  # fmt: skip

_NAMES = {"t": "t", "x": "x", r"y_{\text{true}}": "yt", r"y_{\text{pred}}": "yp", r"\epsilon": "eps", "N": "N"}


@pytest.mark.parametrize(("row", "source", "latex", "want"), ENTRY_SUMS, ids=[r[0] for r in ENTRY_SUMS])
def test_a_sum_with_no_index_sums_entries(row: str, source: str, latex: str, want: Any) -> None:
    f = symdl.parse(latex)
    assert {n.rule for n in f.notes} == {"sum-no-index"}
    rng = np.random.default_rng(5)
    v = {
        "t": rng.normal(size=5),
        "x": rng.normal(size=5),
        "yt": (rng.random(5) > 0.5) * 1.0,
        "yp": rng.random(5),
        "eps": 1e-12,
        "N": 5,
    }
    fn = symdl.lambdify(f)
    args = {
        p: (v[_NAMES[p]].reshape(-1, 1) if np.ndim(v[_NAMES[p]]) else v[_NAMES[p]])
        for p in fn.parameters
        if p in _NAMES
    }
    got = fn(**args)
    np.testing.assert_allclose(np.asarray(got, dtype=float).ravel(), np.ravel(want(v)), rtol=1e-12)


def test_a_product_with_no_index_stays_refused() -> None:
    with pytest.raises(symdl.NotSupported, match="without an index"):
        symdl.parse(r"y = \prod x_i")


# (id, source, latex, the statement as SymPy prints it)
EVENTS = [
    ("entropy-log2", "Murphy, PML 1 §6.1: the entropy of a discrete random variable in bits",
     r"\mathbb{H}(Y) = -\sum_{c=1}^{C} p(Y = c) \log_2 p(Y = c)",
     "Hmathbb(Y) = -Sum(log(p[c])*p[c]/log(2), (c, 1, C))"),
    ("gini", "the Gini impurity of a node (decision-tree lectures)", r"G = 1 - \sum_{k=1}^{K} P(y = k)^2",
     "G = 1 - Sum(P[k]**2, (k, 1, K))"),
    ("one-class", "the probability of the positive class as a number", r"L = -\log p(y = 1)", "L = -log(p_1)"),
    ("bar-keeps-event-name", "with a bar the event names the function (event-name, unchanged)",
     r"L = \log p(y = c | x)", "L = log(p_{y=c}(x))"),
]  # fmt: skip


@pytest.mark.parametrize(("row", "source", "latex", "want"), EVENTS, ids=[r[0] for r in EVENTS])
def test_the_probability_of_an_event(row: str, source: str, latex: str, want: str) -> None:
    f = symdl.parse(latex)
    s = f.statements[0]
    assert f"{sympy.sstr(s.lhs)} = {sympy.sstr(s.rhs)}" == want
    assert ("event-entry" in [n.rule for n in f.notes]) == (row != "bar-keeps-event-name")


def test_entropy_of_an_event_evaluates() -> None:
    f = symdl.parse(r"H = -\sum_{c=1}^{C} p(Y = c) \log p(Y = c)")
    p = np.array([0.2, 0.5, 0.3])
    got = symdl.lambdify(f)(p=p, C=3)
    np.testing.assert_allclose(float(np.asarray(got)), -(p * np.log(p)).sum(), rtol=1e-12)


def test_events_of_two_variables_under_one_name_are_refused() -> None:
    with pytest.raises(symdl.NotSupported, match="two variables"):
        symdl.parse(r"L = p(X = a) + p(Y = b)")


# (id, source, latex, the statements as SymPy prints them, notes' rules → their spans' texts)
OVER_INDEX = [
    ("gat", "Veličković et al. 2018 (GAT), eq. 2", r"\alpha_{ij} = \mathrm{softmax}_j(e_{ij})",
     ["alpha[i, j] = exp(e[i, j])/Sum(exp(e[i, j']), (j', 1, N_alpha2))"],
     {"softmax-over-index": [r"\mathrm{softmax}_j(e_{ij})"]}),
    ("scores", "attention as lecture notes write it: scores by entries, then the softmax over j",
     r"\text{score}_{ij} = \frac{q_i \cdot k_j}{\sqrt{d_k}}, \quad z_i = \sum_j \operatorname{softmax}_j"
     r"(\text{score}_{ij})\, v_j",
     ["score[i, j] = k[j]*q[i]/sqrt(d_k)",
      "z[i] = Sum(exp(score[i, j])*v[j]/Sum(exp(score[i, j']), (j', 1, N_v)), (j, 1, N_v))"],
     {"subscript-label": ["d_k"]}),
    ("gate-bias", "an LSTM's input gate and its bias", r"i_t = \sigma(W x_t + b_i)",
     ["i_t = Lambda(_x, sigmoid(_x)).(W*x_t + b_i)"], {"subscript-label": ["b_i"]}),
    ("summed-stays-index", "a letter a sum binds stays an index even when it names a quantity",
     r"y = \sum_k k_j x_k", ["y = Sum(k[j]*x[k], (k, 1, N_x))"], {"subscript-label": []}),
]  # fmt: skip


@pytest.mark.parametrize(("row", "source", "latex", "want", "notes"), OVER_INDEX, ids=[r[0] for r in OVER_INDEX])
def test_softmax_over_an_index_and_named_letters(
    row: str, source: str, latex: str, want: list[str], notes: dict[str, list[str]]
) -> None:
    f = symdl.parse(latex)
    assert [f"{sympy.sstr(s.lhs)} = {sympy.sstr(s.rhs)}" for s in f.statements] == want
    for rule, spans in notes.items():
        assert [latex[n.span.start : n.span.end] for n in f.notes if n.rule == rule] == spans


def test_gat_softmax_evaluates_row_by_row() -> None:
    f = symdl.parse(r"\alpha_{ij} = \mathrm{softmax}_j(e_{ij})")
    e = np.random.default_rng(18).normal(size=(3, 4))
    got = np.asarray(symdl.lambdify(f)(e=e), dtype=float)
    np.testing.assert_allclose(got, np.exp(e) / np.exp(e).sum(axis=1, keepdims=True), rtol=1e-12)


# (id, source, latex, inputs' spellings for the masks a and b, numpy's value)
SETS = [
    ("jaccard", "the Jaccard index (IoU) as segmentation papers define it", r"J(A, B) = \frac{|A \cap B|}{|A \cup B|}",
     ("A", "B"), lambda a, b: (a * b).sum() / (a.sum() + b.sum() - (a * b).sum())),
    ("dice-eps", "Milletari et al. 2016 (V-Net) as tutorials write the smoothed Dice loss",
     r"\mathcal{L}_{\text{Dice}} = 1 - \frac{2\,|X \cap Y| + \epsilon}{|X| + |Y| + \epsilon}", ("X", "Y"),
     lambda a, b: 1 - (2 * (a * b).sum() + 1e-6) / (a.sum() + b.sum() + 1e-6)),
    ("dice-words", "a forum answer's Dice with words for the masks",
     r"dice = 1 - \frac{2 * |pred \bigcap true|}{|pred| + |true| + smooth}", ("pred", "true"),
     lambda a, b: 1 - 2 * (a * b).sum() / (a.sum() + b.sum() + 1.0)),
]  # fmt: skip


@pytest.mark.parametrize(("row", "source", "latex", "masks", "want"), SETS, ids=[r[0] for r in SETS])
def test_sizes_of_mask_sets(row: str, source: str, latex: str, masks: tuple[str, str], want: Any) -> None:
    f = symdl.parse(latex)
    assert "set-indicator" in [n.rule for n in f.notes]
    rng = np.random.default_rng(7)
    a, b = ((rng.random((4, 3)) > 0.5) * 1.0 for _ in range(2))
    values = {masks[0]: a, masks[1]: b, r"\epsilon": 1e-6, "smooth": 1.0}
    fn = symdl.lambdify(f)
    if masks[0] == "pred":  # lower-case words are column vectors here
        values = {masks[0]: a.reshape(-1, 1), masks[1]: b.reshape(-1, 1), "smooth": 1.0}
    got = fn(**{k: v for k, v in values.items() if k in fn.parameters})
    np.testing.assert_allclose(float(np.asarray(got, dtype=float).ravel()[0]), want(a, b), rtol=1e-12)


def test_mixed_set_operations_stay_refused() -> None:
    with pytest.raises(symdl.SymdlError):
        symdl.parse(r"y = |A \cap B \cup C|")


def test_a_sum_with_no_index_over_one_subscript_letter() -> None:
    """The PyTorch docs' L1 loss as pasted: ``\\frac{1}{n} \\sum |x_i - y_i|`` is the sum over i (noted)."""
    f = symdl.parse(r"\ell = \frac{1}{n}\sum |x_i - y_i|")
    assert "sum-implied-index" in [n.rule for n in f.notes]
    x, y = np.random.default_rng(1).normal(size=(2, 6))
    got = symdl.lambdify(f)(x=x, y=y, n=6)
    np.testing.assert_allclose(float(np.asarray(got)), np.abs(x - y).mean(), rtol=1e-12)


def test_an_undefined_gate_at_the_gates_step_is_a_vector() -> None:
    """The blind set's h20-366: an LSTM's input gate and cell without the forget gate's line; f_t c_{t-1} is a gate
    times the cell, entry by entry (it was refused, then briefly a number times the cell)."""
    latex = (
        r"i_t = \sigma(W_{xi}x_t + W_{hi}h_{t-1} + W_{ci}c_{t-1} + b_i) \\ c_t = f_t c_{t-1} + i_t \tanh(W_{xc}x_t "
        r"+ W_{hc}h_{t-1} + b_c)"
    )
    f = symdl.parse(latex)
    assert f.symbols["f_t"].shape[1] == 1
    assert next(latex[n.span.start : n.span.end] for n in f.notes if n.rule == "gate-elementwise") == "f_t c_{t-1}"
    assert str(symdl.parse(r"h_t = \beta_t h_{t-1} + x_t").statements[0].rhs) == "beta_t*h_{t-1} + x_t"


# (id, source, latex, the statement as SymPy prints it)
CODE_CALLS = [
    ("np-dot", "a numpy neuron as forum answers write it", r"y = np.dot(w, x) + b", "y = b + Trace(w.T*x)"),
    ("torch-clamp-min", "PyTorch docs, torch.clamp as a ReLU", r"y = torch.clamp(x, min=0)", "y = Max(0, x)"),
    ("np-clip", "numpy's np.clip of a gradient to [-1, 1]", r"g = np.clip(x, -1, 1)", "g = Max(-1, Min(1, x))"),
    ("tf-clip", "TensorFlow docs, tf.clip_by_value", r"y = tf.clip_by_value(x, -c, c)", "y = Max(-c, Min(c, x))"),
    ("clamp-max-only", "torch.clamp with an upper bound only", r"y = torch.clamp(x, max=6)", "y = Min(6, x)"),
]  # fmt: skip


@pytest.mark.parametrize(("row", "source", "latex", "want"), CODE_CALLS, ids=[r[0] for r in CODE_CALLS])
def test_code_dot_and_clamp(row: str, source: str, latex: str, want: str) -> None:
    s = symdl.parse(latex).statements[0]
    assert f"{sympy.sstr(s.lhs)} = {sympy.sstr(s.rhs)}" == want


def test_clamp_with_an_unknown_keyword_is_refused() -> None:
    with pytest.raises(symdl.NotSupported, match="argument"):
        symdl.parse(r"y = torch.clamp(x, lo=0)")


def test_gru_candidate_with_decorated_target() -> None:
    """Chung et al. 2014's GRU candidate as lectures write it: W^h, U^h are the candidate's weights (labels, matrices),
    not powers; U^h before (r_t ⊙ h_{t-1}) is a matrix times a vector."""
    f = symdl.parse(r"\tilde{h}_t = \tanh(W^h x_t + U^h (r_t \odot h_{t-1}))")
    assert f.symbols["U^h"].shape[1] == f.symbols["r_t"].shape[0]
    assert f.symbols["W^h"].shape[1] == f.symbols["x_t"].shape[0]
    assert [n.rule for n in f.notes].count("superscript-target") == 2
    rng = np.random.default_rng(14)
    v = {
        "W^h": rng.normal(size=(3, 2)),
        "U^h": rng.normal(size=(3, 3)),
        "x_t": rng.normal(size=(2, 1)),
        "r_t": rng.random((3, 1)),
        "h_{t-1}": rng.normal(size=(3, 1)),
    }
    want = np.tanh(v["W^h"] @ v["x_t"] + v["U^h"] @ (v["r_t"] * v["h_{t-1}"]))
    got = np.asarray(symdl.lambdify(f)(**v), dtype=float)
    np.testing.assert_allclose(got.ravel(), want.ravel(), rtol=1e-12)


def test_keras_keepdims_beside_the_last_axis() -> None:
    """The Keras docs' ``mean(square(y_true - y_pred), axis=-1, keepdims=True)``: the mean over the last axis, the
    reduced axis kept (the same values; noted); keepdims alone stays refused."""
    f = symdl.parse(r"loss = mean(square(y_true - y_pred), axis=-1, keepdims=True)")
    assert any("keepdims=True" in n.message for n in f.notes if n.rule == "keyword-axis")
    a, b = np.random.default_rng(3).normal(size=(2, 5))
    got = symdl.lambdify(f)(y_true=a.reshape(-1, 1), y_pred=b.reshape(-1, 1))
    np.testing.assert_allclose(float(np.asarray(got)), np.mean((a - b) ** 2), rtol=1e-12)
