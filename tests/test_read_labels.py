"""Issue 12: labels that pick an entry — cs231n's ``s_{y_i}``, the score of the correct class of example i.

``s_{y_i}`` is entry ``y_i`` of the family s, ``y_i`` an integer label (a :class:`symdl.formula.Label`: an input
the user supplies, 1-based, never an index the result runs over, never a variable to differentiate by), with a
``label-entry`` reading note; a bare letter that indexes a name elsewhere (``k`` in ``\\mathbb{1}(k = y_i)``
beside ``s_k``) is that index's value (``index-value`` note).  ``Config(labels=...)``/``--label`` declares a label
where no subscript shows it, and the checker passes a formula's labels on to its claim.  Every reading is checked
against plain numpy; the gradients of the SVM and softmax losses are checked with right and wrong claims.
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from symdl.formula import Label

RNG = np.random.default_rng(20261203)
S = RNG.normal(size=5)
Y = np.array([2, 5, 1, 3])

SVM = r"L_i = \sum_{j\neq y_i} \max(0, s_j - s_{y_i} + \Delta)"
SOFTMAX_LOSS = r"L_i = -\log\left(\frac{e^{f_{y_i}}}{ \sum_j e^{f_j} }\right)"


def _svm(s: np.ndarray, y: int, delta: float) -> float:
    return sum(max(0.0, s[j] - s[y - 1] + delta) for j in range(len(s)) if j != y - 1)


# (id, formula, inputs, expected value from plain numpy, reading-note rules in order)
READINGS = [
    ("cs231n-multiclass-svm-loss", SVM, {"s": S, "y_i": 3, r"\Delta": 1.0}, _svm(S, 3, 1.0), ["label-entry"]),
    ("cs231n-svm-loss-label-first", SVM, {"s": S, "y_i": 1, r"\Delta": 1.0}, _svm(S, 1, 1.0), ["label-entry"]),
    ("cs231n-softmax-loss", SOFTMAX_LOSS, {"f": S, "y_i": 4}, -np.log(np.exp(S[3]) / np.exp(S).sum()),
     ["label-entry"]),
    ("correct-class-log-probability", r"\log p_{y_i}", {"p": np.abs(S), "y_i": 2}, np.log(abs(S[1])),
     ["label-entry"]),
    ("nll-over-a-batch-of-labels", r"-\frac{1}{N}\sum_{i=1}^{N} \log p_{y_i}", {"p": np.abs(S), "y": Y, "N": 4},
     -np.mean(np.log(np.abs(S)[Y - 1])), ["label-entry"]),
    ("label-braced-index", r"\max(0, 1 - s_{y_{i}})", {"s": S, "y_i": 5}, max(0.0, 1 - S[4]), ["label-entry"]),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [c[1:] for c in READINGS], ids=[c[0] for c in READINGS])
def test_labels_read_as_meant(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    formula = symdl.parse(latex)
    assert sorted(n.rule for n in formula.notes) == sorted(rules)
    got = symdl.lambdify(formula)(**inputs)
    np.testing.assert_allclose(np.asarray(got, dtype=float).ravel(), np.asarray(want, dtype=float).ravel(),
                               rtol=1e-12)


def test_label_is_one_integer_input_and_the_note_points_at_the_entry() -> None:
    formula = symdl.parse(SVM)
    label = formula.symbols["y_i"]
    assert isinstance(label, Label) and label.is_integer
    assert formula.free_indices == ()  # L_i is one number for the given label, not a vector over y_i
    (entry,) = formula.notes
    assert SVM[entry.span.start : entry.span.end] == "s_{y_i}"
    assert "entry y_i of s" in entry.message and r"s_{\text{y_i}}" in entry.alternative


def test_written_as_text_the_subscript_is_a_name() -> None:
    formula = symdl.parse(r"s_{\text{y_i}} + 1")
    assert not formula.notes and not any(isinstance(v, Label) for v in formula.symbols.values())


# (id, label value, what the error says): a label must pick an existing entry
BAD_LABELS = [
    ("label-past-the-end", 6, "index out of range"),
    ("label-zero", 0, "index out of range"),
    ("label-not-a-whole-number", 2.5, "non-integer"),
]


@pytest.mark.parametrize(("value", "message"), [c[1:] for c in BAD_LABELS], ids=[c[0] for c in BAD_LABELS])
def test_a_label_outside_the_family_is_refused(value: float, message: str) -> None:
    fn = symdl.lambdify(SVM)
    with pytest.raises(symdl.InvalidInput, match=message):
        fn(**{"s": S, "y_i": value, r"\Delta": 1.0})


SVM_RIGHT = r"\mathbb{1}(s_k - s_{y_i} + \Delta > 0) - \mathbb{1}(k = y_i) \sum_{j} \mathbb{1}(s_j - s_{y_i} + \Delta > 0)"
SVM_CS231N = (r"\mathbb{1}(k \neq y_i)\,\mathbb{1}(s_k - s_{y_i} + \Delta > 0) "
              r"- \mathbb{1}(k = y_i) \sum_{j \neq y_i} \mathbb{1}(s_j - s_{y_i} + \Delta > 0)")
# forgets that s_{y_i}'s own margin term is not in the loss: off by one at k = y_i when Δ > 0
SVM_SUBTLY_WRONG = (r"\mathbb{1}(s_k - s_{y_i} + \Delta > 0) "
                    r"- \mathbb{1}(k = y_i) \sum_{j \neq y_i} \mathbb{1}(s_j - s_{y_i} + \Delta > 0)")

# (id, function, variable, claim, verdict)
GRADIENTS = [
    ("svm-gradient-sum-over-all-j", SVM, "s", SVM_RIGHT, "verified"),
    ("svm-gradient-as-cs231n-writes-it", SVM, "s", SVM_CS231N, "verified"),
    ("svm-gradient-off-by-one-at-the-label", SVM, "s", SVM_SUBTLY_WRONG, "refuted"),
    ("svm-gradient-forgetting-the-label-row", SVM, "s", r"\mathbb{1}(s_k - s_{y_i} + \Delta > 0)", "refuted"),
    ("softmax-loss-gradient", SOFTMAX_LOSS, "f", r"\frac{e^{f_k}}{\sum_j e^{f_j}} - \mathbb{1}(k = y_i)", "verified"),
    ("softmax-loss-gradient-via-p", SOFTMAX_LOSS, "f",
     r"p_k = \frac{e^{f_k}}{\sum_j e^{f_j}} \\ p_k - \mathbb{1}(k = y_i)", "verified"),
    ("softmax-loss-gradient-missing-the-one", SOFTMAX_LOSS, "f", r"\frac{e^{f_k}}{\sum_j e^{f_j}}", "refuted"),
    ("nll-gradient-counts-each-label", r"-\frac{1}{N}\sum_{i=1}^{N} \log p_{y_i}", "p",
     r"-\frac{1}{N}\sum_{i=1}^{N} \frac{\mathbb{1}(k = y_i)}{p_k}", "verified"),
    ("nll-gradient-as-if-every-label-were-k", r"-\frac{1}{N}\sum_{i=1}^{N} \log p_{y_i}", "p", r"-\frac{1}{N p_k}",
     "refuted"),
    ("softmax-loss-gradient-wrong-sign", SOFTMAX_LOSS, "f", r"\mathbb{1}(k = y_i) - \frac{e^{f_k}}{\sum_j e^{f_j}}",
     "refuted"),
]


@pytest.mark.parametrize(("latex", "wrt", "claim", "verdict"), [c[1:] for c in GRADIENTS], ids=[c[0] for c in GRADIENTS])
def test_gradients_through_labels(latex: str, wrt: str, claim: str, verdict: str) -> None:
    assert symdl.check_gradient(latex, wrt, claim).verdict == verdict


def test_nothing_is_differentiated_by_a_label() -> None:
    with pytest.raises(symdl.InvalidInput, match="integer label"):
        symdl.check_gradient(SOFTMAX_LOSS, "y_i", "0")


def test_declared_label_where_no_subscript_shows_it() -> None:
    latex = r"s_k - \mathbb{1}(k = y_i)"
    plain = symdl.parse(latex)
    declared = symdl.parse(latex, config=symdl.Config(labels=("y_i",)))
    assert not isinstance(plain.symbols.get("y_i"), Label)
    assert isinstance(declared.symbols["y_i"], Label)
    got = symdl.lambdify(declared)(s=S, y_i=3)
    np.testing.assert_allclose(got, S - (np.arange(1, 6) == 3), rtol=1e-12)


@pytest.mark.parametrize("labels", [("yi",), ("y_12",), "y_i"], ids=["no-underscore", "long-index", "a-bare-string"])
def test_config_refuses_what_is_not_a_label(labels: object) -> None:
    with pytest.raises(symdl.InvalidInput, match="labels are names like 'y_i'"):
        symdl.Config(labels=labels)  # type: ignore[arg-type]


def test_cli_label_option(capsys: pytest.CaptureFixture[str]) -> None:
    from symdl.cli import main  # in this process: what the command prints (the entry point: test_cli_exit_codes)

    code = main(["explain", r"s_k - \mathbb{1}(k = y_i)", "--label", "y_i", "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "y_i" in out and "index-value" in out
