"""A method called on a library call's value takes the whole call as its value (issue 12).

``np.exp(z).sum()`` read as ``ex·sum(p(z))``: the letters a library call's name was rewritten into carried the
span of the whole prefixed name, so the method found only the last letter joined to the parenthesis. A silent
misreading of the commonest code softmax (cs231n, the PyTorch tutorials' ``torch.exp(x) / torch.exp(x).sum()``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import symdl

RNG = np.random.default_rng(23)
X = RNG.normal(size=6) * 3

CASES: list[tuple[str, str, str, Any]] = [
    ("torch-softmax", "PyTorch tutorial's softmax by hand", r"p = torch.exp(x) / torch.exp(x).sum()",
     np.exp(X) / np.exp(X).sum()),
    ("numpy-softmax", "cs231n's probabilities by hand", r"p = np.exp(x) / np.exp(x).sum()", np.exp(X) / np.exp(X).sum()),
    ("pow-sum", "a squared norm in code", r"y = torch.pow(x, 2).sum()", (X**2).sum()),
    ("log-softmax-sum", "PyTorch's F.log_softmax summed", r"y = F.log_softmax(x).sum()",
     (X - np.log(np.exp(X).sum())).sum()),
    ("method-on-name-unchanged", "x.sum() as before", r"y = x.sum() * 2", 2 * X.sum()),
]


@pytest.mark.parametrize(("latex", "expected"), [c[2:] for c in CASES], ids=[c[0] for c in CASES])
def test_method_on_a_library_call(latex: str, expected: Any) -> None:
    f = symdl.parse(latex)
    got = symdl.lambdify(f)(x=X)
    np.testing.assert_allclose(np.asarray(got, dtype=float), expected, rtol=1e-12)
    assert "ex" not in {str(s) for s in f.rhs.free_symbols}
