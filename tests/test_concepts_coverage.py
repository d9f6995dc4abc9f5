"""Every registered concept is tested: ≥ 2 must-name rows with different formulas and ≥ 1 look-alike it must not name.

Counted over the ``CASES`` tables of tests/test_chunk_cases.py and tests/test_concepts_*.py (rows
``(id, latex, must-name ids, must-not-name ids)``), so a concept added without its rows fails here.
"""

from __future__ import annotations

import importlib.util
from collections import defaultdict
from pathlib import Path

import pytest

from symdl.chunk import REGISTRY

HERE = Path(__file__).resolve().parent


def _tables() -> list[tuple]:
    rows: list[tuple] = []
    for path in [HERE / "test_chunk_cases.py", *sorted(HERE.glob("test_concepts_*.py"))]:
        if path.name == Path(__file__).name:
            continue
        spec = importlib.util.spec_from_file_location(f"_cases_{path.stem}", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        rows.extend(getattr(module, "CASES", []))
    return rows


ROWS = _tables()
MUST: dict[str, set[str]] = defaultdict(set)
MUST_NOT: dict[str, set[str]] = defaultdict(set)
for _row in ROWS:
    for _cid in _row[2]:
        MUST[_cid].add(_row[1])
    for _cid in _row[3]:
        MUST_NOT[_cid].add(_row[1])


def test_tables_are_found() -> None:
    assert len(ROWS) >= 300


@pytest.mark.parametrize("cid", list(REGISTRY))
def test_concept_has_two_notations_and_a_look_alike(cid: str) -> None:
    assert len(MUST[cid]) >= 2, f"{cid}: {len(MUST[cid])} must-name formulas"
    assert len(MUST_NOT[cid]) >= 1, f"{cid}: no look-alike row"


def test_every_id_in_the_tables_is_registered() -> None:
    unknown = (set(MUST) | set(MUST_NOT)) - set(REGISTRY)
    assert not unknown
