"""Shared fixtures: a seeded RNG (as in HIPS/autograd's test-suite)."""

from __future__ import annotations

import numpy as np
import pytest


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(20261121)
