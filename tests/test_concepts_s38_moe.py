r"""Session 34: mixture-of-experts layers and the backprop forms of code (held-out sets 35-37 named neither).

* ``mixture_of_experts``: a sum over experts of a gate times an expert network, the gate depending on the same
  input (Shazeer et al. 2017, the Switch Transformer, DeepSeekMoE); a mixture density ``\sum_k \pi_k p_k(x)`` and
  an input-independent weighting are not one;
* ``topk_gating``: a softmax over only the top k router scores (Shazeer's KeepTopK, Mixtral's Top2);
* Karpathy's ``dhraw = (1 - hs[t] * hs[t]) * dh``: the delta rule through a tanh written in its output, in code.
"""

from __future__ import annotations

import pytest

from tests.concept_cases import assert_concepts

# (id, latex, must-name ids, must-not-name ids)
CASES = [
    ("shazeer-moe", r"y = \sum_{i=1}^{n} G(x)_i E_i(x)", {"mixture_of_experts"}, set()),
    ("switch-moe", r"y = \sum_{i \in \mathcal{T}} p_i(x) E_i(x)", {"mixture_of_experts"}, set()),
    ("deepseek-moe", r"h_t = u_t + \sum_{i=1}^{N} g_{i,t} \operatorname{FFN}_i(u_t)", {"mixture_of_experts"}, set()),
    ("gaussian-mixture-density", r"p(x) = \sum_{k=1}^{K} \pi_k p_k(x)", set(), {"mixture_of_experts"}),
    ("fixed-weights-of-networks", r"y = \sum_{i=1}^{N} g_i \text{FFN}_i(u)", set(), {"mixture_of_experts"}),
    ("shazeer-keep-top-k", r"G(x) = \text{Softmax}(\text{KeepTopK}(H(x), k))", {"topk_gating"}, set()),
    ("mixtral-top2", r"G(x) := \text{Softmax}(\text{Top2}(x \cdot W_g))", {"topk_gating"}, set()),
    ("plain-softmax-gate", r"G(x) = \text{Softmax}(x W_g)", {"softmax"}, {"topk_gating"}),
    ("karpathy-tanh-backward", "dhraw = (1 - hs[t] * hs[t]) * dh", {"delta_rule", "tanh_derivative"}, set()),
    ("makemore-tanh-backward", "dhpreact = (1.0 - h**2) * dh", {"delta_rule", "tanh_derivative"}, set()),
    ("differentials-no-tanh", r"dx = (1 - x^2) dt", set(), {"tanh_derivative"}),
]


@pytest.mark.parametrize(("latex", "must", "must_not"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts(latex: str, must: set[str], must_not: set[str]) -> None:
    assert_concepts(latex, must, must_not)
