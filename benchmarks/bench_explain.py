"""Benchmarks of issue 3, each a ratio against a baseline measured in the same run.

* **cold CLI** — wall time of a fresh ``symdl explain 'LATEX'`` process vs a fresh
  ``python -c "import sympy"`` (the floor any SymPy tool pays);
* **warm explain** — :func:`symdl.explain` of each seed formula in a warm process vs the raw
  ``latex2sympy2_extended.latex2sympy`` parse of the same text (only formulas that library
  reads on its own are compared).

Run: ``python -m benchmarks.bench_explain``.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import best_of

#: Seed formulas (000, 003, 004) in notations ``latex2sympy2_extended`` also reads.
FORMULAS: dict[str, str] = {
    "softmax": r"\frac{e^{z_i}}{\sum_{j=1}^{n} e^{z_j}}",
    "sigmoid": r"\frac{1}{1+e^{-x}}",
    "ema": r"\beta v + (1-\beta) dW",
    "rmsprop-step": r"W - \alpha \frac{dW}{\sqrt{s}}",
    "adam-step": r"W - \alpha \frac{v}{\sqrt{s} + \epsilon}",
    "bce": r"-y \log \hat{y} - (1 - y) \log(1 - \hat{y})",
    "mse": r"\frac{1}{n} \sum_{i=1}^n (y_i - \tilde{y}_i)^2",
    "cost-J": r"-\frac{1}{m} \sum_{i=1}^m \left( y_i \log a_i + (1-y_i) \log(1-a_i) \right)",
    "relu": r"\max(0, x)",
    "sigmoid-derivative": r"\frac{1}{1+e^{-x}} \left(1 - \frac{1}{1+e^{-x}}\right)",
}

ROOT = Path(__file__).resolve().parents[1]


#: where the cold runs keep the bytecode of what they import (outside the tree: a prefix, as PYTHONPYCACHEPREFIX)
PYCACHE = Path(tempfile.gettempdir()) / f"symdl-bench-pycache-{os.getuid() if hasattr(os, 'getuid') else 0}"


def _wall(cmd: list[str], repeat: int) -> tuple[float, list[float]]:
    """Median wall time of ``cmd`` run ``repeat`` times (each a fresh process).

    Every process reads its modules' bytecode, as an installed package does (pip compiles it): a first, untimed
    run writes it for all it imports under :data:`PYCACHE`, and the timed runs read it from there and write
    nothing.  Without it, symdl's own modules (in a checkout run with ``PYTHONDONTWRITEBYTECODE``) were compiled
    from source in every cold run, a third of its time, while ``import sympy`` read its installed bytecode.
    """
    times = []
    env = {**os.environ, "PYTHONPYCACHEPREFIX": str(PYCACHE), "PYTHONDONTWRITEBYTECODE": "1"}
    warm = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=warm, check=False)
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env, check=False)
        times.append(time.perf_counter() - start)
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd[:3])}... exited {proc.returncode}: {proc.stderr[-300:]}")
    return statistics.median(times), times


def cli_command() -> list[str]:
    """The installed ``symdl`` script next to this interpreter, else the same entry point via ``-c``."""
    script = Path(sys.executable).with_name("symdl")
    if script.exists():
        return [str(script)]
    found = shutil.which("symdl")
    if found:
        return [found]
    return [sys.executable, "-c", "import sys; from symdl.cli import main; sys.exit(main())"]


def bench_cold_cli(repeat: int = 5, formula: str = FORMULAS["softmax"]) -> dict[str, float]:
    """Cold ``symdl explain`` vs cold ``import sympy`` (median of ``repeat`` fresh processes each)."""
    base, _ = _wall([sys.executable, "-c", "import sympy"], repeat)
    ours, _ = _wall([*cli_command(), "explain", formula, "--no-color"], repeat)
    return {"import_sympy_s": base, "cli_explain_s": ours, "ratio_cli_over_import_sympy": ours / base}


def bench_warm_explain(repeat: int = 5, names: list[str] | None = None) -> dict[str, dict[str, float | str]]:
    """Warm ``symdl.explain(latex)`` (parse + chunk) vs ``latex2sympy`` of the same text, per formula."""
    from latex2sympy2_extended import latex2sympy

    import symdl

    out: dict[str, dict[str, float | str]] = {}
    for name in names or list(FORMULAS):
        latex = FORMULAS[name]
        try:
            latex2sympy(latex)
        except Exception as exc:  # the library cannot read it alone: not comparable
            out[name] = {"skipped": f"latex2sympy cannot parse it: {type(exc).__name__}"}
            continue
        raw = best_of(lambda latex=latex: latex2sympy(latex), repeat, warm=True)
        ours = best_of(lambda latex=latex: symdl.explain(latex), repeat, warm=True)
        parse = best_of(lambda latex=latex: symdl.parse(latex), repeat, warm=True)
        out[name] = {
            "latex2sympy_s": raw,
            "symdl_parse_s": parse,
            "symdl_explain_s": ours,
            "ratio_explain_over_latex2sympy": ours / raw,
            "ratio_parse_over_latex2sympy": parse / raw,
        }
    return out


def run(quick: bool = False) -> dict[str, object]:
    """Both benchmarks; ``quick`` uses fewer repetitions and formulas."""
    repeat = 2 if quick else 5
    names = list(FORMULAS)[:3] if quick else None
    return {"cold_cli": bench_cold_cli(repeat), "warm_explain": bench_warm_explain(repeat, names),
            "reader": "symdl-grammar"}


if __name__ == "__main__":
    res = run()
    cold = res["cold_cli"]
    print(f"cold symdl explain / import sympy: {cold['ratio_cli_over_import_sympy']:.2f}x")  # type: ignore[index]
    for name, f in res["warm_explain"].items():  # type: ignore[union-attr]
        ratio = f.get("ratio_explain_over_latex2sympy")
        print(f"{name:20s} " + (f"{ratio:.2f}x" if ratio else str(f.get("skipped"))))
