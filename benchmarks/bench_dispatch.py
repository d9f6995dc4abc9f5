"""Work of recognition per explain: recogniser calls and equivalence tests (issue 14, item 4).

Counts, not wall time: for each seed formula (:data:`benchmarks.corpus.SEED_FORMULAS`) and each
formula of ``tests/test_chunk_cases.py``, how many recognisers :func:`symdl.chunk.explain` ran, how many
equivalence tests it asked for and how many of those reached the exact test (past the structural check
and the float64 pre-filter).

Run: ``python -m benchmarks.bench_dispatch`` (``--each`` prints every formula).
"""

from __future__ import annotations

import sys
from pathlib import Path

import symdl
from benchmarks.corpus import SEED_FORMULAS
from symdl.chunk import explain
from symdl.chunk.registry import STATS

ROOT = Path(__file__).resolve().parents[1]
KEYS = ("recogniser calls", "equivalence tests", "exact tests", "points evaluated")


def case_formulas() -> list[str]:
    """The LaTeX of every row of tests/test_chunk_cases.py."""
    sys.path.insert(0, str(ROOT / "tests"))
    from test_chunk_cases import CASES

    return [c[1] for c in CASES]


def measure(formulas: list[str]) -> dict[str, list[int]]:
    """Per formula, the counters of one explain (a formula the reader refuses counts nothing)."""
    out: dict[str, list[int]] = {k: [] for k in KEYS}
    for latex in formulas:
        try:
            formula = symdl.parse(latex)
        except Exception:
            continue
        STATS.clear()
        explain(formula)
        for k in KEYS:
            out[k].append(STATS[k])
    return out


def main() -> None:
    for label, formulas in (("seeds", list(SEED_FORMULAS)), ("test_chunk_cases", case_formulas())):
        got = measure(formulas)
        n = len(got[KEYS[0]])
        figures = ", ".join(f"{k}: {sum(v)} ({sum(v) / max(n, 1):.1f}/explain, max {max(v, default=0)})"
                            for k, v in got.items())
        print(f"{label} ({n} formulas): {figures}")


if __name__ == "__main__":
    main()
