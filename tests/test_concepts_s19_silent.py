"""Session 19, helper SILENT: concepts named once σ's meaning follows the reader (must / must-not rows).

A σ(·) the reader reads as a standard deviation (a normal's parameter, beside μ(·)) is no sigmoid for the concepts
either; a σ it keeps as the sigmoid is still named.  Each row: (id, LaTeX, must-name, must-not-name), through
``symdl.parse`` and ``symdl.chunk.explain``; the source is cited per row.
"""

from __future__ import annotations

import pytest

from tests.concept_cases import assert_concepts

CASES: list[tuple[str, str, set[str], set[str]]] = [
    # Nair & Hinton 2010, Rectified Linear Units Improve Restricted Boltzmann Machines: the noisy ReLU
    ("noisy-relu", r"\max(0, x + N(0, \sigma(x)))", {"relu"}, {"sigmoid", "gaussian_density"}),
    # the noisy ReLU with a calligraphic N, as tutorials write the noise
    ("noisy-relu-cal", r"y = \max\left(0, x + \mathcal{N}(0, \sigma(x))\right)", {"relu"}, {"sigmoid"}),
    # Huang & Belongie 2017, Adaptive Instance Normalization, eq. (8): σ(·) beside μ(·) is a standard deviation
    (
        "adain",
        r"\mathrm{AdaIN}(x, y) = \sigma(y)\left(\frac{x - \mu(x)}{\sigma(x)}\right) + \mu(y)",
        set(),
        {"sigmoid"},
    ),
    # Murphy, Probabilistic Machine Learning, sec. 10.2: logistic regression's Bernoulli, σ the sigmoid
    ("bernoulli-logistic", r"y \sim \mathrm{Bernoulli}(\sigma(\mathbf{w}^\top \mathbf{x}))", {"sigmoid"}, set()),
    # Hinton et al. 2015 (Keras distillation example): σ kept as the sigmoid, noted; the losses are named
    (
        "distillation",
        r"\mathcal{L} = \alpha\, \mathrm{CE}\left(y, \sigma(z_s)\right) + (1 - \alpha)\, T^2\, "
        r"\mathrm{KL}\left(\sigma(z_t / T) \,\|\, \sigma(z_s / T)\right)",
        {"cross_entropy", "kl_divergence"},
        {"label_smoothing"},
    ),
    # Goodfellow et al., Deep Learning eq. (3.30): the sigmoid defined, no deviation anywhere
    ("sigmoid-definition", r"\sigma(x) = \frac{1}{1 + \exp(-x)}", {"sigmoid"}, {"standard_deviation"}),
    # Zhang & Sennrich 2019, RMSNorm eq. (4): RMS defined in a where-clause, the use stays the statistic
    (
        "rmsnorm-where",
        r"\bar{a}_i = \frac{a_i}{\text{RMS}(\mathbf{a})} g_i, \quad \text{where} \quad "
        r"\text{RMS}(\mathbf{a}) = \sqrt{\frac{1}{n}\sum_{i=1}^{n} a_i^2}",
        {"rms_norm"},
        {"layer_norm", "standard_deviation"},
    ),
    # a forum post's "RMS" that is the Euclidean length: the formula's own RMS, no root mean square
    ("rms-is-length", r"\mathrm{RMS}(\mathbf{g}) = \sqrt{\sum_{i=1}^{n} g_i^2}", {"l2_norm"}, {"rms_norm"}),
]


@pytest.mark.parametrize(("row", "latex", "want", "avoid"), CASES, ids=[c[0] for c in CASES])
def test_concepts(row: str, latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)
