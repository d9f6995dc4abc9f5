"""Superscript labels and sample/layer superscripts of session 26 (issue 12), each a rule for its class.

- Parameters (``\\theta``, ``\\phi``, ``\\psi``) up on a name written before a parenthesis name a network applied to it
  (``superscript-parameter-label``): flow matching's ``u_t^\\theta(x)`` was ``u_t**theta * x``;
- a superscript of a letter, a comma and a layer (Nielsen ch. 3's ``a^{x,L}``, ``\\delta^{x,l}``) is training input x
  at layer L (``superscript-sample-layer``), as Ng's ``a^{[L](x)}``; it was refused at the comma.  A lone superscript
  letter that is such an input elsewhere in the formula is that input (``superscript-input-letter``: ``\\delta^x_L``);
- capital words joined by + up on a called name are its label (``superscript-plus-label``: PPO's
  ``L_t^{CLIP+VF+S}(\\theta)``, refused as a function named with a power); PPO's entropy bonus
  ``S[\\pi_\\theta](s_t)``, a functional applied at a point, is refused by name (it was S·π·s_t).
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as, assert_refused_at

RNG = np.random.default_rng(2612)
X3, Y3, Z3 = (RNG.normal(size=3) for _ in range(3))
A, B, C1, C2 = (float(v) for v in RNG.normal(size=4))
W33 = RNG.normal(size=(3, 3))


def _sig(v: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-v))


def _net(x: np.ndarray) -> np.ndarray:
    return np.tanh(2 * x) + 0.5


# (id, source, latex, inputs, plain numpy's value, notes by rule, functions)
CASES = [
    ("flow-matching-cfm-loss", "Lipman et al. (2023), conditional flow matching: ||u_t^theta(x) - u_t(x|z)||^2",
     r"\|u_t^\theta(x) - u_t^{target}(x|z)\|^2", {r"u_t^\theta(x)": X3, r"u_t^{target}(x|z)": Y3},
     np.sum((X3 - Y3) ** 2), ["superscript-parameter-label", "norm-network", "norm-network"], None),
    ("parameter-label-call", "flow matching's learned vector field applied to a point, a number plus its value",
     r"y = u_t^\theta(x) + 1", {"x": A}, _net(np.asarray(A)) + 1, ["superscript-parameter-label"],
     {"u^theta_t": _net}),
    ("parameter-label-phi-sum", "an encoder q^\\phi applied to a sum (VAE notation with the parameters up)",
     r"y = q^\phi(x + z)", {"x": A, "z": B}, _net(np.asarray(A + B)), ["superscript-parameter-label"],
     {"q^phi": _net}),
    ("nielsen-output-error", "Nielsen ch. 3, the cross-entropy's output error for training input x",
     r"\delta^{x,L} = a^{x,L} - y", {"a^{x,L}": X3, "y": Y3}, X3 - Y3, ["superscript-sample-layer"] * 2, None),
    ("nielsen-backprop-x", "Nielsen ch. 2/3, BP2 for training input x: delta^{x,l} from delta^{x,l+1}",
     r"\delta^{x,l} = ((w^{l+1})^T \delta^{x,l+1}) \odot \sigma'(z^{x,l})",
     {"w^{l+1}": W33, r"\delta^{x,l+1}": X3, "z^{x,l}": Z3}, (W33.T @ X3) * _sig(Z3) * (1 - _sig(Z3)),
     ["superscript-sample-layer", "superscript-layer", "superscript-sample-layer"], None),
    ("nielsen-forward-x", "Nielsen ch. 2, the weighted input of training input x at layer l",
     r"z^{x,l} = w^l a^{x,l-1} + b^l", {"w^l": W33, "a^{x,l-1}": X3, "b^l": Y3}, W33 @ X3 + Y3,
     ["superscript-sample-layer", "superscript-layer", "superscript-sample-layer", "superscript-layer"], None),
    ("nielsen-input-letter", "Nielsen ch. 3 (held-out row): delta^x_L beside a^{x,L}, the output error of input x",
     r"\delta^x_{L} = (a^{x,L} - y(x))", {"a^{x,L}": X3, "y(x)": Y3}, X3 - Y3,
     ["superscript-input-letter", "superscript-sample-layer", "function-vector-beside"], None),
    ("ppo-combined-objective", "Schulman et al. (2017), PPO eq. 9 with the entropy bonus named S_t",
     r"L_t^{CLIP+VF+S}(\theta) = \hat{\mathbb{E}}_t\left[L_t^{CLIP}(\theta) - c_1 L_t^{VF}(\theta) + c_2 S_t\right]",
     None, None, ["superscript-plus-label", "superscript-word"], None),
    # must not change: powers of known functions, inverses, Ng's layers, Goodfellow's steps, Nielsen's a^l_j
    ("ng-layer-kept", "Ng's deep learning course: z^{[l]} = W^{[l]} a^{[l-1]} + b^{[l]}",
     r"z^{[l]} = W^{[l]} a^{[l-1]} + b^{[l]}", {"W^{[l]}": W33, "a^{[l-1]}": X3, "b^{[l]}": Y3}, W33 @ X3 + Y3, [],
     None),
    ("goodfellow-step-kept", "Goodfellow et al. eq. 10.8: h^{(t)} = tanh(a^{(t)})", r"h^{(t)} = \tanh(a^{(t)})",
     {"a": X3}, np.tanh(X3), [], None),
    ("nielsen-layer-entry-kept", "Nielsen ch. 2, eq. 23: a^l_j = sigma(z^l_j)", r"a^l_j = \sigma(z^l_j)",
     {"z^l": X3}, _sig(X3), ["superscript-layer", "superscript-layer"], None),
    ("e-theta-kept", "e to a parameter times a parenthesis stays a power and a product", r"y = e^\theta(x)",
     {r"\theta": A, "x": B}, np.exp(A) * B, [], None),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules", "functions"), [c[2:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_labels_against_numpy(latex: str, inputs: dict | None, want: object, rules: list[str],
                              functions: dict | None) -> None:
    formula = symdl.parse(latex)
    if inputs is None:  # unknown functions of the parameters: the reading only
        assert [n.rule for n in formula.notes] == rules
        return
    assert_reads_as(formula, inputs, want, rules, functions=functions)


def test_ppo_objective_is_one_function() -> None:
    """PPO eq. 9: the left side is one function's name applied to theta, not a power of a call."""
    formula = symdl.parse(r"L_t^{CLIP+VF+S}(\theta) = \hat{\mathbb{E}}_t\left[L_t^{CLIP}(\theta) + c_2 S_t\right]")
    st = formula.statements[0]
    assert "CLIP+VF+S" in str(st.lhs) and "**" not in str(st.lhs)


def test_parameter_label_is_a_call() -> None:
    """u_t^\\theta(x) is the network applied to x: no power, no product by x."""
    formula = symdl.parse(r"y = u_t^\theta(x) + 1")
    rhs = str(formula.statements[0].rhs)
    assert "**" not in rhs and "u^theta_t(x)" in rhs


# (id, source, latex, what the refusal names, the text it points at)
REFUSED = [
    ("ppo-entropy-bonus", "Schulman et al. (2017), PPO eq. 9: the entropy bonus S[pi_theta](s_t)",
     r"L_t^{CLIP+VF+S}(\theta) = \hat{\mathbb{E}}_t\left[L_t^{CLIP}(\theta) - c_1 L_t^{VF}(\theta) "
     r"+ c_2 S[\pi_\theta](s_t)\right]", "a functional of \\pi_\\theta applied at s_t", r"S[\pi_\theta](s_t)"),
    ("sigma-squared-call-kept", "Bishop's predictive variance: a function named with a power stays refused",
     r"\sigma^2(x)", "a function named with a power", r"\sigma^2(x)"),
    ("inverse-kept", "an inverse function stays refused", r"f^{-1}(x)", "the inverse function of f", r"f^{-1}(x)"),
]


@pytest.mark.parametrize(("latex", "what", "text"), [c[2:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_refused(latex: str, what: str, text: str) -> None:
    assert_refused_at(latex, what, text)


def test_spaced_bracket_stays_a_product() -> None:
    """S [\\pi] (s), spaced apart, is not the functional's notation: the product is kept."""
    formula = symdl.parse(r"y = S [p](s)")
    assert formula.statements[0].kind == "assignment"
