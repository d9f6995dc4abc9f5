"""The result types are exported from ``symdl`` (issue 16.5) and are what the API returns; ``import symdl`` still
imports none of the later stages (they load when a result type or a function first needs them)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

import symdl

# (name, a call returning that type)
RESULTS = [
    ("Explanation", lambda: symdl.explain(r"\sigma(x)")),
    ("Comparison", lambda: symdl.compare(r"v = \beta v + (1-\beta) g", r"m = \beta_1 m + (1-\beta_1) g")),
    ("Derivation", lambda: symdl.diff("x^2", "x")),
    ("NumpyFunction", lambda: symdl.lambdify("x^2")),
    ("Verdict", lambda: symdl.check_gradient("x^2", "x", "2x")),
    ("DirectionalCheck", lambda: symdl.check_grads(lambda v: np.sum(v**2), lambda v: 2 * v, np.ones(3))),
]


@pytest.mark.parametrize(("name", "call"), RESULTS, ids=[r[0] for r in RESULTS])
def test_each_result_type_is_exported_and_returned(name: str, call: object) -> None:
    cls = getattr(symdl, name)
    assert isinstance(call(), cls)  # type: ignore[operator]
    assert name in symdl.__all__


def test_chunk_of_an_explanation_is_exported() -> None:
    chunks = list(symdl.explain(r"\sigma(x)").chunks())
    assert chunks and all(isinstance(c, symdl.Chunk) for c in chunks)


def test_import_symdl_stays_light() -> None:
    code = "import sys, symdl; print(sorted(m for m in sys.modules if m.startswith(('symdl.chunk', 'symdl.numeric'))))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        symdl.Nope  # noqa: B018
