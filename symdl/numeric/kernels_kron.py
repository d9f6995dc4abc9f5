"""The Kronecker product kernel (batch axes lead, as every kernel of :mod:`symdl.numeric.kernels`)."""

from __future__ import annotations

import numpy as np


def symdl_kron(a: object, b: object) -> np.ndarray:
    """``A ⊗ B`` on the two trailing axes: entry ((i, k), (j, l)) is ``A_ij B_kl`` (numpy's np.kron of matrices)."""
    x, y = np.asarray(a), np.asarray(b)
    out = x[..., :, None, :, None] * y[..., None, :, None, :]
    m, p, n, q = out.shape[-4:]
    return out.reshape(*out.shape[:-4], m * p, n * q)
