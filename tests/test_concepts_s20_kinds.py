"""Session 20: false labels the blind set found (must / must-not rows).

- a standardisation whose variance the formula defines as something else (the square forgotten) is no batch norm:
  the formula says what σ_B² is, so a Greek name no longer stands for the statistic;
- RMSNorm written with the reader's RMS(a) is not also an L2 norm: the root mean square is its block.

Each row: (id, LaTeX, must-name, must-not-name), through ``symdl.parse`` and ``symdl.chunk.explain``; the source is
cited per row.
"""

from __future__ import annotations

import pytest

from tests.concept_cases import assert_concepts

CASES: list[tuple[str, str, set[str], set[str]]] = [
    # a batch-norm forward pass with the variance's square forgotten (a bug as students write it): no batch norm
    (
        "bn-variance-unsquared",
        r"\mu_B = \frac{1}{m}\sum_{i=1}^{m} x_i,\quad \sigma_B^2 = \frac{1}{m}\sum_{i=1}^{m} (x_i - \mu_B),\quad "
        r"\hat{x} = \frac{x - \mu_B}{\sqrt{\sigma_B^2 + \epsilon}}",
        {"mean"},
        {"batch_norm", "variance"},
    ),
    # Ioffe & Szegedy 2015, Algorithm 1, as written: batch norm with both statistics
    (
        "bn-ioffe",
        r"\mu_B = \frac{1}{m}\sum_{i=1}^{m} x_i,\quad \sigma_B^2 = \frac{1}{m}\sum_{i=1}^{m} (x_i - \mu_B)^2,\quad "
        r"\hat{x}_i = \frac{x_i - \mu_B}{\sqrt{\sigma_B^2 + \epsilon}}, \quad y_i = \gamma \hat{x}_i + \beta",
        {"batch_norm", "mean", "variance"},
        set(),
    ),
    # a standardisation with Greek statistics no statement defines: still read as the statistics
    ("bn-undefined-stats", r"\hat{x}_i = \frac{x_i - \mu_B}{\sqrt{\sigma_B^2 + \epsilon}}", {"batch_norm"}, set()),
    # Zhang & Sennrich 2019 (RMSNorm), eq. (4), the RMS in a where-clause
    (
        "rmsnorm-bold-where",
        r"\bar{a}_i = \frac{a_i}{\text{RMS}(\mathbf{a})} g_i, \quad \text{where } "
        r"\text{RMS}(\mathbf{a}) = \sqrt{\frac{1}{n}\sum_{i=1}^{n} a_i^2}",
        {"rms_norm"},
        {"l2_norm"},
    ),
    # the PyTorch docs, torch.nn.RMSNorm
    (
        "rmsnorm-pytorch",
        r"y_i = \frac{x_i}{\mathrm{RMS}(x)} * \gamma_i, \quad \text{where} \quad "
        r"\text{RMS}(x) = \sqrt{\epsilon + \frac{1}{n} \sum_{i=1}^{n} x_i^2}",
        {"rms_norm"},
        {"l2_norm", "layer_norm"},
    ),
    # Salimans & Kingma 2016 (weight normalisation): the norm is written, so it is named
    ("weight-norm-l2", r"\mathbf{w} = \frac{g}{\|\mathbf{v}\|} \mathbf{v}", {"weight_norm", "l2_norm"}, set()),
]


@pytest.mark.parametrize(("case_id", "latex", "must", "must_not"), CASES, ids=[c[0] for c in CASES])
def test_concepts(case_id: str, latex: str, must: set[str], must_not: set[str]) -> None:
    assert_concepts(latex, must, must_not)
