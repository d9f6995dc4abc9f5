"""Attention as papers write it: ``\\mathrm{softmax}(QK^T/\\sqrt{d_k})V`` (Vaswani et al. 2017; d2l 11.3; the
PyTorch docs of ``scaled_dot_product_attention``).  Read with a row-wise softmax (noted), ``d_k`` one name
(noted), evaluated against plain numpy, chunked as scaled dot-product attention."""

from __future__ import annotations

import json

import numpy as np
import pytest

import symdl
from symdl.cli import main
from symdl.functions import RowSoftmax

RNG = np.random.default_rng(7)
Q, K, V = RNG.normal(size=(3, 4)), RNG.normal(size=(5, 4)), RNG.normal(size=(5, 2))


def softmax_rows(s: np.ndarray) -> np.ndarray:
    e = np.exp(s - s.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def attention(q: np.ndarray, k: np.ndarray, v: np.ndarray, d: float) -> np.ndarray:
    return softmax_rows(q @ k.T / np.sqrt(d)) @ v


# (id, formula, inputs, expected value, notes by rule)
CASES = [
    ("paper-vaswani-definition", r"\mathrm{Attention}(Q, K, V) = \mathrm{softmax}\left(\frac{QK^T}{\sqrt{d_k}}\right)V",
     {"Q": Q, "K": K, "V": V, "d_k": 4.0}, attention(Q, K, V, 4.0), ["softmax-rows", "subscript-label"]),
    ("d2l-top-transpose", r"A = \operatorname{softmax}\left(\frac{\mathbf Q \mathbf K^\top}{\sqrt{d}}\right) \mathbf V",
     {r"\mathbf Q": Q, r"\mathbf K": K, r"\mathbf V": V, "d": 4.0}, attention(Q, K, V, 4.0), ["softmax-rows"]),
    ("notes-slash-scale", r"O = \mathrm{softmax}(QK^T / \sqrt{d_k}) V",
     {"Q": Q, "K": K, "V": V, "d_k": 9.0}, attention(Q, K, V, 9.0), ["softmax-rows", "subscript-label"]),
    ("notes-unscaled", r"O = \mathrm{softmax}(QK^T) V", {"Q": Q, "K": K, "V": V}, attention(Q, K, V, 1.0),
     ["softmax-rows"]),
    ("notes-huge-scores-stay-finite", r"O = \mathrm{softmax}(QK^T) V", {"Q": 1e3 * Q, "K": K, "V": V},
     softmax_rows(1e3 * Q @ K.T) @ V, ["softmax-rows"]),
    ("notes-column-softmax-other-reading", r"P = (\mathrm{softmax}(S^T))^T", {"S": Q},
     softmax_rows(Q.T).T, ["softmax-rows"]),
]


@pytest.mark.parametrize(("latex", "inputs", "expected", "rules"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_attention_reads_and_evaluates(latex: str, inputs: dict, expected: np.ndarray, rules: list[str]) -> None:
    f = symdl.parse(latex)
    assert f.statements[-1].rhs.has(RowSoftmax)
    assert [n.rule for n in f.notes] == rules
    got = symdl.lambdify(f)(**inputs)
    assert np.all(np.isfinite(got))
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)


def test_rows_of_the_softmax_sum_to_one() -> None:
    f = symdl.parse(r"S \in \mathbb{R}^{m \times n} \\ P = \mathrm{softmax}(S)")
    got = symdl.lambdify(f)(S=RNG.normal(size=(4, 6)) * 50)
    np.testing.assert_allclose(got.sum(axis=1), np.ones(4), rtol=1e-12)


def test_attention_is_explained_as_attention(capsys: pytest.CaptureFixture[str]) -> None:
    src = r"\mathrm{Attention}(Q, K, V) = \mathrm{softmax}\left(\frac{QK^T}{\sqrt{d_k}}\right)V"
    assert main(["explain", src, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    chunk = data["statements"][0]
    assert chunk["concept"] == "scaled_dot_product_attention"
    assert "linear_layer" not in chunk.get("also", [])
    assert [n["rule"] for n in data["notes"]] == ["softmax-rows", "subscript-label"]
    assert main(["explain", src, "--no-color"]) == 0
    out = capsys.readouterr().out
    assert "in short scaled dot-product attention" in out and "softmax(1/√(dₖ)·Q·Kᵀ)·V" in out


# (id, formula, is d_k one name): the label rule needs matrix algebra and a letter no sum binds or other name carries
LABELS = [
    ("attention-dk", r"O = \mathrm{softmax}(QK^T / \sqrt{d_k}) V", True),
    ("no-transpose-keeps-the-family", r"y = \sqrt{d_k}", False),
    ("bound-by-a-sum-keeps-the-family", r"s = \sum_k d_k + w^T x", False),
    ("two-names-carry-k-keeps-the-family", r"y_k = d_k \, w^T x", False),
]


@pytest.mark.parametrize(("latex", "label"), [c[1:] for c in LABELS], ids=[c[0] for c in LABELS])
def test_subscript_label_rule(latex: str, label: bool) -> None:
    f = symdl.parse(latex)
    assert ("d_k" in f.symbols) is label
    assert ("subscript-label" in [n.rule for n in f.notes]) is label
