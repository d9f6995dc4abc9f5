"""symdl's benchmarks and long-running fuzzing (not part of the installed package).

* ``python -m benchmarks [--quick] [--json PATH] [--update-readme]`` — every benchmark, as ratios
  against baselines measured in the same run (:mod:`benchmarks.__main__`);
* ``python -m benchmarks.fuzz --n 100000`` — the long fuzz run over parse, explain, diff and check
  (:mod:`benchmarks.fuzz`; inputs from :mod:`benchmarks.corpus`, oracle in :mod:`benchmarks.probe`).
"""

from __future__ import annotations

from collections.abc import Callable


def best_of(fn: Callable[[], object], repeat: int = 3, *, warm: bool = False) -> float:
    """The fastest of ``repeat`` timed calls of ``fn`` (after one untimed call when ``warm``)."""
    import time

    if warm:
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)
