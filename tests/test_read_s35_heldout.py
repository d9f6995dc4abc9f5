r"""Session 35 (held-out set 35): readings that were silent or refused on real formulas.

* a superscript letter a sum binds, alone up on two names (``\sum_{i=1}^N (y^i - \hat{y}^i)``), is the sample
  (``superscript-summed-sample``; before: powers);
* the superscript 0 on a name is an index (ViT's ``\mathbf{z}_L^0``; before: the power 0, ``\mathrm{LN}(1)``);
* cs231n's ``L_i = \sum_{j\neq y_i} \max(0, w_j^T x_i - w_{y_i}^T x_i + \Delta)`` is a number (before: L_i a column);
* code: ``k.size(-1)`` (``code-size-last``), ``.flatten()``/``.clone()`` (``code-layout-method``), ``args.`` and
  ``data.`` (``code-holder``), ``.transpose()`` and ``.transpose(0, 1)``, numpy's ``np.dot(delta, a.transpose())``;
  a negative index (``x[-1]``) is refused, never read as a call;
* a squared norm of a gradient, a Jacobian or with a minus sign is no L2 penalty (no false label).
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl


def _shapes(formula: symdl.Formula) -> dict[str, tuple[str, ...]]:
    return {str(k): tuple(str(d) for d in v) for k, v in formula.shapes.items()}


# (id, formula, the rule of the note, the name it is on, a name that must not be read as a power of it)
SAMPLES = [
    ("hastie-intercept", r"\frac{\partial}{\partial\beta_0} L(\boldsymbol{\beta}) = -\sum_{i=1}^N (y^i - \hat{y}^i)",
     "superscript-summed-sample", "y^i"),
    ("ng-cost", r"J = \frac{1}{2m}\sum_{i=1}^m (h(x^i) - y^i)^2", "superscript-summed-sample", "x^i"),
    ("vit-class-token", r"\mathbf{y} = \operatorname{LN}(\mathbf{z}_L^0)", "superscript-zero", r"\mathbf{z}_L^0"),
    ("input-layer", r"h^0 = x, \quad h^{l} = \sigma(W^l h^{l-1})", "superscript-zero", "h^0"),
]


@pytest.mark.parametrize(("latex", "rule", "text"), [c[1:] for c in SAMPLES], ids=[c[0] for c in SAMPLES])
def test_superscript_index_readings(latex: str, rule: str, text: str) -> None:
    formula = symdl.parse(latex)
    notes = [n for n in formula.notes if n.rule == rule]
    assert notes and formula.source[notes[0].span.start : notes[0].span.end] == text
    assert notes[0].alternative
    assert f"**{text[-1]}" not in str(formula.statements[-1].rhs)  # no power of the index left


# (id, formula): the power readings kept
POWERS = [
    ("polynomial", r"p = \sum_{i=0}^d w_i x^i"),
    ("discounted", r"G = \sum_{k=0}^{T} \gamma^k r^k"),
    ("written-polynomial", r"p = a_0 x^0 + a_1 x^1 + a_2 x^2"),
    ("series-with-dots", r"p = a_0 x^0 + a_1 x + \dots"),
]


@pytest.mark.parametrize("latex", [c[1] for c in POWERS], ids=[c[0] for c in POWERS])
def test_powers_kept(latex: str) -> None:
    rules = {n.rule for n in symdl.parse(latex).notes}
    assert not rules & {"superscript-summed-sample", "superscript-zero"}


def test_summed_sample_values() -> None:
    """The mean squared error over samples y^i, \\hat{y}^i, against numpy."""
    fn = symdl.lambdify(symdl.parse(r"J = \frac{1}{2N}\sum_{i=1}^N (y^i - \hat{y}^i)^2"))
    rng = np.random.default_rng(35)
    y, yhat = rng.normal(size=5), rng.normal(size=5)
    got = fn(**{"y^i": y, "\\hat{y}^i": yhat, "N": 5})
    np.testing.assert_allclose(float(got), np.sum((y - yhat) ** 2) / 10)


@pytest.mark.parametrize("latex", [
    r"L_i = \sum_{j\neq y_i} \max(0, w_j^T x_i - w_{y_i}^T x_i + \Delta)",
    r"L = \sum_{j} w_j^T v",
], ids=["cs231n-svm", "sum-of-dots"])
def test_transposed_member_times_vector_is_a_number(latex: str) -> None:
    formula = symdl.parse(latex)
    lhs = str(formula.statements[0].lhs)
    assert lhs not in _shapes(formula)  # a number, not a column


def test_svm_loss_values() -> None:
    """cs231n's multiclass SVM loss of one example, against numpy."""
    fn = symdl.lambdify(symdl.parse(r"L_i = \sum_{j\neq y_i} \max(0, w_j^T x_i - w_{y_i}^T x_i + \Delta)"))
    rng = np.random.default_rng(351)
    w, x = rng.normal(size=(4, 3)), rng.normal(size=3)
    scores = (w @ x).ravel()
    want = sum(max(0.0, scores[j] - scores[2] + 1.0) for j in range(4) if j != 2)
    got = fn(**{"w": w, "x_i": x, "y_i": 3, "\\Delta": 1.0})  # labels count from 1
    np.testing.assert_allclose(float(got), want)


# (id, code, the rule of the note, {name: shape} or None)
CODE = [
    ("nanogpt-scale", "att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))", "code-size-last",
     {"q": ("n_1", "n_3"), "k": ("n_2", "n_3")}),
    ("shape-last", "attn_weights = torch.softmax(attn_scores / keys.shape[-1]**0.5, dim=-1)", "code-size-last", None),
    ("cleanrl-dqn", "td_target = data.rewards.flatten() + args.gamma * target_max * (1 - data.dones.flatten())",
     "code-layout-method", None),
    ("cleanrl-ppo", "pg_loss2 = -mb_advantages * torch.clamp(ratio, 1 - args.clip_coef, 1 + args.clip_coef)",
     "code-holder", None),
    ("lora-transpose", "y = x @ lora_A.transpose(0, 1) @ lora_B.transpose(0, 1)", "code-transpose-axes",
     {"x": ("n_1", "n_3"), "lora_A": ("n_4", "n_3"), "lora_B": ("n_2", "n_4")}),
    ("nielsen-outer", "y = np.dot(d, a.transpose())", "code-transpose-axes", {"y": ("n_1", "n_2"), "a": ("n_2", "1")}),
    ("nielsen-network-py", "nabla_b = delta \\\\ nabla_w = np.dot(delta, act.transpose())", "code-transpose-axes",
     {"delta": ("n_1", "1"), "nabla_w": ("n_1", "n_2")}),
]


@pytest.mark.parametrize(("code", "rule", "shapes"), [c[1:] for c in CODE], ids=[c[0] for c in CODE])
def test_code_readings(code: str, rule: str, shapes: dict[str, tuple[str, str]] | None) -> None:
    formula = symdl.parse(code)
    assert rule in {n.rule for n in formula.notes}
    if shapes is not None:
        got = _shapes(formula)
        for name, shape in shapes.items():
            assert got[name] == shape, (name, got)


def test_code_values() -> None:
    """CleanRL's TD target and nanoGPT's scaled scores, against numpy."""
    fn = symdl.lambdify(symdl.parse(
        "td_target = data.rewards.flatten() + args.gamma * target_max * (1 - data.dones.flatten())"))
    got = fn(rewards=2.0, gamma=0.9, target_max=3.0, dones=0.0)
    np.testing.assert_allclose(float(got), 2.0 + 0.9 * 3.0)
    att = symdl.lambdify(symdl.parse("att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))"))
    rng = np.random.default_rng(352)
    q, k = rng.normal(size=(3, 4)), rng.normal(size=(5, 4))
    got = att(**{"q": q, "k.transpose(-2,-1)": k, "k.size(-1)": 4})  # inputs by their spelling
    np.testing.assert_allclose(np.asarray(got), q @ k.T / 2.0)


@pytest.mark.parametrize(("code", "text"), [
    ("y = x[-1]", "[-1]"),
    ("nw = np.dot(delta, activations[-l-1].transpose())", "[-l-1]"),
    ("y = acts[-2] * 2", "[-2]"),
], ids=["last-entry", "nielsen-layer-from-end", "word-from-end"])
def test_index_from_end_refused(code: str, text: str) -> None:
    with pytest.raises(symdl.NotSupported) as err:
        symdl.parse(code)
    span = err.value.span
    assert span is not None and code[span.start : span.end] == text
    assert "from the end" in str(err.value)


def test_unknown_layer_beside_matmul_refused() -> None:
    """``drop(x) @ W``: x beside @ through its layer's call is an array, and the layer's value is not read (it was
    silent before: W a 1×1 matrix)."""
    with pytest.raises(symdl.NotSupported, match="number"):
        symdl.parse("y = drop(x) @ W")


# (id, formula): no L2 penalty named (Goodfellow's second-order change, the contractive penalty on a Jacobian)
NO_PENALTY = [
    ("taylor-step", r"\frac{1}{2} \epsilon^2 \boldsymbol{g}^\top \boldsymbol{H} \boldsymbol{g} - \epsilon "
     r"\boldsymbol{g}^\top \boldsymbol{g}"),
    ("contractive", r"\Omega(\boldsymbol{h}) = \lambda \left\| \frac{\partial f(\boldsymbol{x})}{\partial "
     r"\boldsymbol{x}} \right\|_F^2"),
]
PENALTY = [
    ("weight-decay", r"R = \frac{\lambda}{2} \|w\|^2"),
    ("ridge", r"J = \|y - X\theta\|^2 + \lambda \|\theta\|^2"),
]


@pytest.mark.parametrize("latex", [c[1] for c in NO_PENALTY], ids=[c[0] for c in NO_PENALTY])
def test_no_false_l2_penalty(latex: str) -> None:
    assert "l2_penalty" not in symdl.explain(latex).concepts


@pytest.mark.parametrize("latex", [c[1] for c in PENALTY], ids=[c[0] for c in PENALTY])
def test_l2_penalty_still_named(latex: str) -> None:
    assert "l2_penalty" in symdl.explain(latex).concepts
