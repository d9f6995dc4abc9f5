"""Top-k gates, argmax as a value (issue 12, session 28).

- a case condition that a value is among the K largest of its family (DeepSeekMoE's
  ``s_{i,t} \\in \\operatorname{Topk}(\\{s_{j,t}\\}, K)``, Shazeer et al.'s KeepTopK in words) is a count:
  fewer than K members strictly larger (``topk-member``; ties at the K-th value are all kept);
- ``\\operatorname{argmax}(v)`` with no index under it is the index of v's largest entry, numbered from 1
  (``argmax-value``); plain text's ``argmax_k``; ``\\arg\\max_k p(y = k \\mid x)`` runs over the classes.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import symdl
from symdl.errors import NotSupported
from symdl.functions import ArgMaxOver, OptimumOver

RNG = np.random.default_rng(28)
S = RNG.permutation(np.linspace(-2.0, 3.0, 7))  # distinct affinities: no ties
Z = RNG.normal(size=5)
P = RNG.random((6, 4))


def _top(s: np.ndarray, k: int) -> np.ndarray:
    """Plain numpy's top-k gate: s_i where i is among the k largest, else 0."""
    keep = np.zeros(s.shape, dtype=bool)
    keep[np.argsort(s)[::-1][:k]] = True
    return np.where(keep, s, 0.0)


# (id, source, latex, arguments, the value plain numpy gives for the meaning the source has)
VALUES: list[tuple[str, str, str, dict[str, Any], Any]] = [
    ("deepseekmoe-gate", "DeepSeekMoE (Dai et al. 2024), eq. 4, as the issue's row h28-202 writes it",
     r"g_{i,t} = \begin{cases} s_{i,t}, & s_{i,t}\in\text{Topk}(\{s_{j,t}\},K)\\ 0, & \text{otherwise}\end{cases}",
     {"s_t": S, "K": 2}, _top(S, 2)),
    ("deepseekmoe-gate-range", "DeepSeekMoE eq. 4 as the paper sets it: {s_{j,t} | 1 <= j <= N}",
     r"g_{i,t} = \begin{cases} s_{i,t}, & s_{i,t} \in \operatorname{Topk}(\{s_{j,t} | 1 \leqslant j \leqslant N\}, K)"
     r" \\ 0, & \text{otherwise} \end{cases}", {"s_t": S, "K": 3, "N": 7}, _top(S, 3)),
    ("topk-mid", "DeepSeek-V2 routing written with \\mid and TopK", r"g_{i} = \begin{cases} s_{i}, & \text{if } s_{i}"
     r" \in \mathrm{TopK}(\{s_{j} \mid 1 \le j \le N\}, K) \\ 0, & \text{otherwise} \end{cases}",
     {"s": S, "K": 4, "N": 7}, _top(S, 4)),
    ("topk-one", "top-1 routing (Switch Transformer): K = 1 keeps the largest only",
     r"g_{i} = \begin{cases} s_{i}, & s_{i}\in\text{Topk}(\{s_{j}\},K)\\ 0, & \text{otherwise}\end{cases}",
     {"s": S, "K": 1}, _top(S, 1)),
    ("topk-ties", "the tie rule: with ties at the K-th value every tied member is kept (3 entries for K = 2)",
     r"g_{i} = \begin{cases} s_{i}, & s_{i}\in\text{Topk}(\{s_{j}\},K)\\ 0, & \text{otherwise}\end{cases}",
     {"s": np.array([0.3, 0.1, 0.5, 0.2, 0.3]), "K": 2}, np.array([0.3, 0.0, 0.5, 0.0, 0.3])),
    ("keeptopk", "Shazeer et al. 2017, eq. 5: KeepTopK(v, k)_i = v_i if v_i is in the top k elements of v, else -inf",
     r"\text{KeepTopK}(v, k)_i = \begin{cases} v_i & \text{if } v_i \text{ is in the top } k \text{ elements of } v"
     r" \\ -\infty & \text{otherwise}\end{cases}", {"v": S, "k": 2}, np.where(_top(S, 2) != 0, S, -np.inf)),
    ("top-k-words", "the same condition in other words: among the top k entries",
     r"g_i = \begin{cases} v_i & \text{if } v_i \text{ is among the top } k \text{ entries of } v \\ 0 &"
     r" \text{otherwise}\end{cases}", {"v": S, "k": 3}, _top(S, 3)),
    ("argmax-bold", "a classifier's prediction, argmax of the scores (numbered from 1)",
     r"y = \operatorname{argmax}(\mathbf{z})", {"z": Z}, np.argmax(Z) + 1),
    ("argmin-plain", "argmin of a plain name: the name is the vector it ranks",
     r"y = \operatorname{argmin}(z)", {"z": Z}, np.argmin(Z) + 1),
    ("accuracy-indicator", "one example's accuracy: the indicator that the argmax is the label y",
     r"a = \mathbb{1}\{\operatorname{argmax}(\mathbf{z}) = y\}", {"z": Z, "y": np.argmax(Z) + 1}, 1.0),
    ("accuracy-miss", "the same indicator with a wrong label",
     r"a = \mathbb{1}\{\operatorname{argmax}(\mathbf{z}) = y\}", {"z": Z, "y": np.argmin(Z) + 1}, 0.0),
    ("argmax-plain-text", "a plain-text paste of arg max over an index", r"y = argmax_k z_k", {"z": Z},
     np.argmax(Z) + 1),
]


@pytest.mark.parametrize(("latex", "args", "expected"), [c[2:] for c in VALUES], ids=[c[0] for c in VALUES])
def test_value(latex: str, args: dict[str, Any], expected: Any) -> None:
    f = symdl.parse(latex)
    got = symdl.lambdify(f)(**args)
    np.testing.assert_allclose(np.asarray(got, dtype=float), expected, rtol=1e-12)


def test_classifier_decision_rule_evaluates() -> None:
    """h28-369, a Unicode paste of a classifier's decision rule: the index of the largest class probability."""
    f = symdl.parse("ŷ = argmax_k p(y = k | x)")
    assert isinstance(f.statements[0].rhs, ArgMaxOver)
    value = symdl.lambdify(f, functions={"p_k": lambda k, x: P[1][np.asarray(k, int) - 1]})(x=1.0, N_k=4)
    assert value == np.argmax(P[1]) + 1


def test_switch_router_fraction() -> None:
    """h28-053, the Switch Transformer's f_i: the indicator of the router's argmax, over its components p(j, x)."""
    f = symdl.parse(r"f_i = \frac{1}{T}\sum_{x \in X}\mathbb{1}\{\operatorname{argmax}(p(x))=i\}")
    assert "ArgMaxOver(p(j, X[x]), (j, 1, N_p))" in str(f.statements[0].rhs)
    assert "argmax-value" in [n.rule for n in f.notes]


# (id, latex, the notes' rules that must be there)
NOTES = [
    ("topk", r"g_{i} = \begin{cases} s_{i}, & s_{i}\in\text{Topk}(\{s_{j}\},K)\\ 0, & \text{otherwise}\end{cases}",
     ["topk-member"]),
    ("keeptopk-words", r"g_i = \begin{cases} v_i & \text{if } v_i \text{ is in the top } k \text{ elements of } v"
     r" \\ 0 & \text{otherwise}\end{cases}", ["topk-member"]),
    ("argmax", r"y = \operatorname{argmax}(\mathbf{z})", ["argmax-value"]),
    ("argmax-event", r"\hat{y} = \arg\max_k p(y = k \mid x)", ["probability-event", "function-family"]),
]


@pytest.mark.parametrize(("latex", "rules"), [c[1:] for c in NOTES], ids=[c[0] for c in NOTES])
def test_notes(latex: str, rules: list[str]) -> None:
    got = [n.rule for n in symdl.parse(latex).notes]
    assert all(r in got for r in rules), got


# (id, source, latex, the refusal's words)
REFUSED = [
    ("nucleus", "Holtzman et al. 2020, eq. 3: membership of the nucleus, a set defined in prose",
     r"P'(x|x_{1:i-1}) = \begin{cases}P(x|x_{1:i-1})/p' & \text{if } x\in V^{(p)}\\ 0 & \text{otherwise}\end{cases}",
     "membership of a set"),
    ("topk-no-index", "a Topk of a set whose member is the compared value itself: no index runs",
     r"g = \begin{cases} s, & s \in \text{Topk}(\{s\}, K) \\ 0, & \text{otherwise}\end{cases}",
     "membership of a set"),
    ("topk-strict-range", "a range under the set that is not 1 <= j <= N",
     r"g_i = \begin{cases} s_i, & s_i \in \text{Topk}(\{s_j | j \ne i\}, K) \\ 0, & \text{otherwise}\end{cases}",
     "membership of a set"),
    ("top-k-of-another", "the words name another vector than the entry's: not read",
     r"g_i = \begin{cases} v_i & \text{if } v_i \text{ is in the top } k \text{ elements of } w \\ 0 &"
     r" \text{otherwise}\end{cases}", "the condition"),
    ("argmax-number", "argmax of one number ranks nothing", r"y = \operatorname{argmax}(3)", "one number"),
    ("argmax-two", "argmax of two arguments", r"y = \text{argmax}(a, b)", "several arguments"),
]


@pytest.mark.parametrize(("latex", "words"), [c[2:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_refused(latex: str, words: str) -> None:
    with pytest.raises(NotSupported) as err:
        symdl.parse(latex)
    assert words in str(err.value)


# must not change: an optimum over a variable stays an optimum, a max over an index its value
KEPT = [
    ("argmax-theta", r"\arg\max_\theta L(\theta)", OptimumOver, "argmax"),
    ("theta-star", r"\theta^* = \arg\min_\theta L(\theta)", OptimumOver, "argmin"),
    ("max-over-k", r"y = \max_k z_k", None, "MaxOver(z[k], (k, 1, N_z))"),
    ("argmax-over-k", r"y = \arg\max_k z_k", ArgMaxOver, "ArgMaxOver(z[k], (k, 1, N_z))"),
    ("max-of-vector", r"y = \max(\mathbf{z})", None, "MaxOver(z[j], (j, 1, N_z))"),
]


@pytest.mark.parametrize(("latex", "cls", "shown"), [c[1:] for c in KEPT], ids=[c[0] for c in KEPT])
def test_kept(latex: str, cls: type | None, shown: str) -> None:
    st = symdl.parse(latex).statements[0]
    value = st.rhs
    if cls is not None:
        assert isinstance(value, cls)
    assert shown in str(value)
