"""Session 26: a sum of squared deviations from a mean is a spread, not a squared error (issue 14's false labels).

Pearson's correlation ``\\sum_i (x_i - \\bar{x})^2`` under its root was named squared_error; the deviation of a value
from its own mean (x̄, μ, mean(x)) measures spread, as mean(|x − mean(x)|) already is not named mae.  Errors between
a target and a prediction keep their name (must-still-match rows).
"""

from __future__ import annotations

import pytest

from tests.concept_cases import assert_concepts

# (id, latex, concepts named, concepts that would be false); the source in the comment above each row
CASES = [
    # Pearson's r (statistics texts; the set's "Pearson r")
    ("pearson-r", r"r = \frac{\sum_i (x_i - \bar{x})(y_i - \bar{y})}{\sqrt{\sum_i (x_i - \bar{x})^2}"
     r"\sqrt{\sum_i (y_i - \bar{y})^2}}", set(), {"squared_error"}),
    # the sum of squared deviations about a mean μ
    ("deviations-about-mu", r"s = \sum_i (x_i - \mu)^2", set(), {"squared_error"}),
    # least squares (d2l 3.1): target minus prediction
    ("sum-of-squared-errors", r"L = \sum_i (y_i - \hat{y}_i)^2", {"squared_error"}, set()),
    ("half-squared-error", r"\ell = \frac{1}{2}(\hat{y} - y)^2", {"squared_error"}, set()),
]


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)
