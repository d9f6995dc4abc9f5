"""symdl's benchmarks and long-running fuzzing (not part of the installed package).

* ``python -m benchmarks [--quick] [--json PATH] [--update-readme]`` — every benchmark, as ratios
  against baselines measured in the same run (:mod:`benchmarks.__main__`);
* ``python -m benchmarks.fuzz --n 100000`` — the long fuzz run over parse, explain, diff and check
  (:mod:`benchmarks.fuzz`; inputs from :mod:`benchmarks.corpus`, oracle in :mod:`benchmarks.probe`).
"""
