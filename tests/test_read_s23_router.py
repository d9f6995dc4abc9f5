"""A plain name set equal to an outer product is a matrix (session 23, issue 12).

``s = u v^T`` (a lower-case left side, u and v lower-case) was read with s a vector and v forced to 1×1, silently:
the value was u times a number.  Code's similarity matrices (SimCLR's ``sim = z_a @ z_b.T / tau``, CLIP's
``logits = z_a @ z_b.T``) were misread the same way.  The statement pass promoted the left side to a vector before
u was known a column (``u v^T`` then looked like a row); a column times a row is a matrix, the outer product,
whatever the case of the name set equal to it (:func:`symdl.bind.valuekind.is_outer_product`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import symdl

RNG = np.random.default_rng(23)
U, V = RNG.normal(size=4), RNG.normal(size=3)
ZA, ZB = RNG.normal(size=5), RNG.normal(size=6)
W = RNG.normal(size=(4, 3))


def col(x: np.ndarray) -> np.ndarray:
    return x.reshape(-1, 1)


# (id, source, latex, arguments, the value plain numpy gives for the meaning the source has)
VALUES: list[tuple[str, str, str, dict[str, Any], Any]] = [
    ("outer-lower", "the outer product as linear-algebra notes write it (Goodfellow et al. 2.1, u v^T)",
     r"s = u v^T", {"u": col(U), "v": col(V)}, np.outer(U, V)),
    ("outer-lower-top", "the same with \\top (d2l 2.3)", r"s = u v^\top", {"u": col(U), "v": col(V)},
     np.outer(U, V)),
    ("outer-scaled-frac", "a scaled outer product, as a temperature divides a similarity",
     r"s = \frac{u v^\top}{\tau}", {"u": col(U), "v": col(V), r"\tau": 0.5}, np.outer(U, V) / 0.5),
    ("simclr-sim-code", "SimCLR (Chen et al. 2020) in code: sim = z_a @ z_b.T / tau",
     r"sim = z_a @ z_b.T / tau", {"z_a": col(ZA), "z_b": col(ZB), "tau": 0.1}, np.outer(ZA, ZB) / 0.1),
    ("clip-logits-code", "CLIP (Radford et al. 2021) pseudocode: logits = z_a @ z_b.T",
     r"logits = z_a @ z_b.T", {"z_a": col(ZA), "z_b": col(ZB)}, np.outer(ZA, ZB)),
    ("outer-capital-kept", "must not change: a capital left side was right already (S = u v^T)",
     r"S = u v^T", {"u": col(U), "v": col(V)}, np.outer(U, V)),
    ("outer-bold-kept", "must not change: bold vectors (Bishop's \\mathbf{u}\\mathbf{v}^T)",
     r"m = \mathbf{u}\mathbf{v}^T", {r"\mathbf{u}": col(U), r"\mathbf{v}": col(V)}, np.outer(U, V)),
    ("inner-kept", "must not change: u^T v is a number (Goodfellow et al. 2.1)",
     r"s = u^T v", {"u": col(U), "v": col(U[::-1].copy())}, U @ U[::-1]),
    ("matvec-kept", "must not change: cs231n's W x", r"y = W x", {"W": W, "x": col(V)}, W @ V),
    ("layer-kept", "must not change: Nielsen's sigma(W x + b)", r"h = \sigma(W x + b)",
     {"W": W, "x": col(V), "b": col(U)}, 1 / (1 + np.exp(-(W @ V + U)))),
    ("momentum-kept", "must not change: momentum's v = beta v + (1 - beta) g, numbers",
     r"v = \beta v + (1-\beta) g", {"v": 0.3, r"\beta": 0.9, "g": 2.0}, 0.9 * 0.3 + 0.1 * 2.0),
]


@pytest.mark.parametrize(("latex", "args", "expected"), [c[2:] for c in VALUES], ids=[c[0] for c in VALUES])
def test_value(latex: str, args: dict[str, Any], expected: Any) -> None:
    f = symdl.parse(latex)
    got = np.asarray(symdl.lambdify(f)(**args), dtype=float)
    if np.ndim(expected) == 2 and min(np.shape(expected)) > 1:  # an outer product: the whole matrix, not a column
        assert got.shape == np.shape(expected)
    np.testing.assert_allclose(got.ravel(), np.ravel(expected), rtol=1e-12)


SHAPES = [
    ("outer-lower", r"s = u v^T", "s", 2),
    ("simclr-sim-code", r"sim = z_a @ z_b.T / tau", "sim", 2),
    ("inner-kept", r"s = u^T v", "s", 0),
    ("matvec-kept", r"y = W x", "y", 1),
]


@pytest.mark.parametrize(("latex", "name", "rank"), [c[1:] for c in SHAPES], ids=[c[0] for c in SHAPES])
def test_left_side_takes_the_right_sides_shape(latex: str, name: str, rank: int) -> None:
    f = symdl.parse(latex)
    sym = f.symbols[name]
    shape = getattr(sym, "shape", ())
    cols = [d for d in shape if d != 1]
    assert len(cols) == rank, shape
