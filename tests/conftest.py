"""Shared fixtures: a seeded RNG (as in HIPS/autograd's test-suite); hypothesis derandomized.

Hypothesis draws its examples from a fixed seed per test, so a run on CI sees the same examples as
one here: a property that fails, fails every time (same input, same answer applies to the suite too).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import settings

settings.register_profile("symdl", derandomize=True, database=None)
settings.load_profile("symdl")


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(20261121)


@pytest.fixture(scope="session")
def library_report() -> Callable[[str], object]:
    """``symdl.derive.check_file`` of a library derivation, run once per test process and shared by the tests
    that only read its report (test_derive_library, test_hostile_documents)."""
    from symdl.derive import check_file

    return functools.cache(check_file)
