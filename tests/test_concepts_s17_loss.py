"""Session 17, helper LOSS: losses, divergences and probability on real notation (must / must-not rows).

Each row: (id, LaTeX, must-name, must-not-name), through ``symdl.parse`` and ``symdl.chunk.explain``; the source
is cited per row, the must-not rows are look-alikes that are not the concept.
"""

from __future__ import annotations

import pytest

from tests.concept_cases import assert_concepts

CASES: list[tuple[str, str, set[str], set[str]]] = [
    # --- the expectation's distribution is the reading's, per expectation (not any \sim of the text)
    ("entropy-expect", r"H(x) = -\mathbb{E}_{x \sim P}[\log P(x)]", {"entropy"}, {"cross_entropy"}),  # Goodfellow 3.49
    ("ce-expect", r"H(P, Q) = -\mathbb{E}_{x \sim P}[\log Q(x)]", {"cross_entropy"}, {"entropy"}),  # Goodfellow 3.51
    # trap: the p of the second expectation's subscript is not what the first one draws from
    (
        "not-entropy-other-draw",
        r"-\mathbb{E}_{x \sim q}[\log p(x)] + \mathbb{E}_{z \sim p}[f(z)]",
        {"expectation"},
        {"entropy"},
    ),
]


@pytest.mark.parametrize(("cid", "latex", "want", "avoid"), CASES, ids=[c[0] for c in CASES])
def test_concepts(cid: str, latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)
