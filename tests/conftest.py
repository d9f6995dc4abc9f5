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


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """``--dist loadgroup`` (pyproject's addopts): a test marked ``xdist_group(name)`` gets the node id suffix
    ``@name`` that xdist's scheduler sends to one worker.  pytest-xdist 3.8 sets ``item._nodeid``, which pytest 9 no
    longer reads, so every group was silently spread over both workers (two servers and two browsers for
    test_serve_browser, the library's reports and PDFs built twice); this sets the node id pytest 9 reads.  Only on
    a worker, where xdist sets ``config.option.loadgroup``."""
    if not getattr(config.option, "loadgroup", False):
        return
    try:
        from _pytest.nodeid import coerce_node_id
    except ImportError:  # pytest 8 and before read item._nodeid, which xdist has set already
        return
    for item in items:
        names = sorted({str(m.args[0] if m.args else m.kwargs.get("name", "default"))
                        for m in item.iter_markers("xdist_group")})  # fmt: skip
        if names and not item.nodeid.endswith("@" + "_".join(names)):
            item._id = coerce_node_id(f"{item.nodeid}@{'_'.join(names)}")


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(20261121)


@pytest.fixture(scope="session")
def library_checked() -> Callable[[str], tuple[object, dict[str, float]]]:
    """``symdl.derive.check_file`` of a library derivation, run once per test process in an account of its own with
    the default budgets: its report and the share of each budget it used (``Meter.usage``).  Shared by the tests
    that read the report (test_derive_library, test_hostile_documents) and the one that reads the usage
    (test_budgets); they are in one xdist group ("library"), so that one worker checks each derivation once."""
    from symdl.budget import Budgets, metered
    from symdl.derive import check_file

    @functools.cache
    def checked(name: str) -> tuple[object, dict[str, float]]:
        with metered(Budgets(), None) as account:
            report = check_file(name)
        return report, account.usage()

    return checked


@pytest.fixture(scope="session")
def library_report(library_checked: Callable[[str], tuple[object, dict[str, float]]]) -> Callable[[str], object]:
    """The report of :func:`library_checked`."""
    return lambda name: library_checked(name)[0]
