"""Benchmark (a) of issue 4: backprop derivation time vs naive ``sympy.diff`` of the composed loss.

For L = 1, 2, 4, ..., 64 layers it measures, in one run:

* ``symdl`` — :func:`symdl.differentiate.backprop` on the scalar chain
  ``z_l = w_l a_{l-1} + b_l``, ``a_l = tanh(z_l)`` (sigmoid + cross-entropy at the top),
  all 2L parameter gradients, through the named intermediates;
* ``naive`` — the same loss composed into one expression and ``sympy.diff`` by every
  parameter (cut off after ``budget`` seconds per L: reported as such, not guessed); the size of
  its results (``count_ops``) is measured after the clock stops;
* ``symdl_matrix`` — backprop on the matrix network of the same depth (Ng's vectorised form).

Ratios ``naive / symdl`` are printed; :func:`run` returns the figures as a dict.
Run: ``python -m benchmarks.bench_backprop [--max-layers 64] [--budget 60]`` (``python -m benchmarks`` runs all).
"""

from __future__ import annotations

import argparse
import signal
import time
from collections.abc import Callable
from typing import TypeVar

import sympy
from sympy import HadamardProduct, MatrixSymbol, OneMatrix
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction as Apply

from symdl.differentiate import backprop
from symdl.functions import sigmoid

T = TypeVar("T")


def scalar_chain(layers: int) -> tuple[list[tuple[sympy.Basic, sympy.Basic]], list[sympy.Symbol]]:
    """The statements of an L-layer width-1 network and its parameters."""
    x, y = sympy.symbols("x y", real=True)
    prev, stmts, params = x, [], []
    for layer in range(1, layers + 1):
        w, b, z, a = sympy.symbols(f"w_{layer} b_{layer} z_{layer} a_{layer}", real=True)
        f = sigmoid if layer == layers else sympy.tanh
        stmts += [(z, w * prev + b), (a, f(z))]
        params += [w, b]
        prev = a
    loss = sympy.Symbol("L", real=True)
    stmts.append((loss, -y * sympy.log(prev) - (1 - y) * sympy.log(1 - prev)))
    return stmts, params


def matrix_chain(layers: int) -> list[tuple[sympy.Basic, sympy.Basic]]:
    """The statements of an L-layer matrix network (tanh hidden layers, sigmoid output, CE)."""
    n, m = sympy.symbols("n m", integer=True, positive=True)
    ones = OneMatrix(1, m)
    prev, stmts = MatrixSymbol("X", n, m), []
    for layer in range(1, layers + 1):
        rows = 1 if layer == layers else n
        W, b = MatrixSymbol(f"W^[{layer}]", rows, n), MatrixSymbol(f"b^[{layer}]", rows, 1)
        Z, A = MatrixSymbol(f"Z^[{layer}]", rows, m), MatrixSymbol(f"A^[{layer}]", rows, m)
        stmts += [(Z, W * prev + b * ones), (A, Apply(sigmoid if layer == layers else sympy.tanh, Z))]
        prev = A
    Y = MatrixSymbol("Y", 1, m)
    cost = (
        -(1 / m)
        * (HadamardProduct(Y, Apply(sympy.log, prev)) + HadamardProduct(ones - Y, Apply(sympy.log, ones - prev)))
        * OneMatrix(m, 1)
    )
    return [*stmts, (MatrixSymbol("J", 1, 1), cost)]


def naive(stmts: list[tuple[sympy.Basic, sympy.Basic]], params: list[sympy.Symbol]) -> list[sympy.Basic]:
    """Compose the loss into one expression and differentiate it by every parameter (the timed baseline)."""
    full = stmts[-1][1]
    for lhs, rhs in reversed(stmts[:-1]):
        full = full.xreplace({lhs: rhs})
    return [sympy.diff(full, p) for p in params]


def size(derivatives: list[sympy.Basic]) -> int:
    """The total size of the naive results (counted after the clock stops: the baseline is the diff alone)."""
    return sum(sympy.count_ops(d) for d in derivatives)


class _Cut(Exception):
    """The naive baseline ran past its seconds."""


def cut_after(fn: Callable[[], T], seconds: float) -> tuple[T | None, bool]:
    """``(fn(), False)``, or ``(None, True)`` when ``fn`` runs past ``seconds`` of wall time.

    Only the baseline is cut this way: it is plain SymPy, outside symdl's counted budgets, and a benchmark
    (never a test) may use the clock. Counting its steps with a trace function would slow it many times over.
    """

    def stop(signum: int, frame: object) -> None:
        raise _Cut

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return fn(), False
    except _Cut:
        return None, True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _clock(fn: object) -> float:
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - start


def run(max_layers: int = 64, budget: float = 60.0) -> dict[int, dict[str, float | str | None]]:
    """Measure every depth 1, 2, 4, ... ≤ ``max_layers``.

    Returns:
        ``{L: {"symdl": s, "symdl_matrix": s, "naive": s or None (cut off),
        "ratio": naive/symdl or None, "naive_ops": total size of naive results,
        "naive_status": "ok" | "cut off" | "RecursionError"}}``.
    """
    figures: dict[int, dict[str, float | str | None]] = {}
    layers = 1
    while layers <= max_layers:
        stmts, params = scalar_chain(layers)
        ours = _clock(lambda stmts=stmts: backprop(stmts))
        ours_matrix = _clock(lambda layers=layers: backprop(matrix_chain(layers)))
        sympy.core.cache.clear_cache()
        start = time.perf_counter()
        status = "ok"
        try:
            derivatives, cut = cut_after(lambda stmts=stmts, params=params: naive(stmts, params), budget)
        except RecursionError:  # sympy.diff recurses through the nested composition
            derivatives, cut, status = None, True, "RecursionError"
        base = None if cut else time.perf_counter() - start
        if cut and status == "ok":
            status = "cut off"
        ops = None if derivatives is None else size(derivatives)
        figures[layers] = {
            "naive_status": status,
            "symdl": ours,
            "symdl_matrix": ours_matrix,
            "naive": base,
            "ratio": None if base is None else base / ours,
            "naive_ops": None if cut else float(ops or 0),
        }
        layers *= 2
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-layers", type=int, default=64)
    parser.add_argument("--budget", type=float, default=60.0, help="seconds allowed to naive sympy.diff per L")
    args = parser.parse_args()
    figures = run(args.max_layers, args.budget)
    head = ("L", "symdl (s)", "matrix (s)", "naive (s)", "naive/symdl", "naive ops")
    print(" ".join(h.rjust(w) for h, w in zip(head, (4, 10, 11, 11, 12, 10), strict=True)))
    for layers, f in figures.items():
        naive_s = f"> {args.budget:.0f}" if f["naive_status"] == "cut off" else "-"
        naive_s = naive_s if f["naive"] is None else f"{f['naive']:.3f}"
        ratio = str(f["naive_status"]) if f["ratio"] is None else f"{f['ratio']:.1f}x"
        ops = "-" if f["naive_ops"] is None else f"{f['naive_ops']:.0f}"
        print(f"{layers:>4} {f['symdl']:>10.3f} {f['symdl_matrix']:>11.3f} {naive_s:>11} {ratio:>12} {ops:>10}")


if __name__ == "__main__":
    main()
