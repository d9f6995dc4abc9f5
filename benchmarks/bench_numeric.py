"""Benchmarks of the numeric stage (ratios measured in one run; not tests).

(b) the generated softmax-cross-entropy gradient on a 4096 x 1000 float64 batch vs a
    hand-written numpy gradient, and vs torch CPU autograd of ``cross_entropy`` when torch is
    installed;
(c) checking the gradient of a 10 000-parameter function with :func:`symdl.numeric.check_grads`
    (every coordinate: complex step and 6th-order Richardson differences) vs ``torch.autograd.gradcheck``
    (skipped cleanly when torch is not installed): time and achieved error.

Run: ``python -m benchmarks.bench_numeric`` (``python -m benchmarks`` runs every benchmark).
"""

from __future__ import annotations

import time

import numpy as np
import sympy

from benchmarks import best_of
from symdl.numeric import check_grads, lambdify


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def bench_softmax_ce_gradient(batch: int = 4096, classes: int = 1000, repeat: int = 3) -> dict[str, float]:
    """(b) generated dCE/dz vs hand numpy ``softmax(z) - t`` (rows are one-hot), and vs torch autograd."""
    from symdl.differentiate import diff

    z = sympy.IndexedBase("z", real=True)
    t = sympy.IndexedBase("t", real=True)
    j = sympy.Symbol("j", integer=True)
    n = sympy.Symbol("N_z", integer=True, positive=True)
    ce = -sympy.Sum(t[j] * sympy.log(sympy.exp(z[j]) / sympy.Sum(sympy.exp(z[j]), (j, 1, n))), (j, 1, n))
    start = time.perf_counter()
    grad = lambdify(diff(ce, z).expr)
    build = time.perf_counter() - start
    rng = np.random.default_rng(0)
    zz = rng.normal(size=(batch, classes))
    tt = np.eye(classes)[rng.integers(0, classes, batch)]
    got = grad(z=zz, t=tt)
    err = float(np.max(np.abs(got - (_softmax(zz) - tt))))
    t_gen = best_of(lambda: grad(z=zz, t=tt), repeat)
    t_hand = best_of(lambda: _softmax(zz) - tt, repeat)
    out = {
        "ce_build_s": build,
        "ce_generated_s": t_gen,
        "ce_hand_numpy_s": t_hand,
        "ce_ratio_generated_over_hand": t_gen / t_hand,
        "ce_max_abs_diff": err,
    }
    try:
        import torch
    except ImportError:
        return out
    torch.set_num_threads(max(1, torch.get_num_threads()))
    labels = torch.tensor(tt.argmax(axis=-1))
    zt0 = torch.tensor(zz)

    def torch_grad() -> np.ndarray:
        zt = zt0.clone().requires_grad_(True)
        # summed (not averaged) over the batch, like the per-row gradient softmax(z) - t
        torch.nn.functional.cross_entropy(zt, labels, reduction="sum").backward()
        return zt.grad.numpy()  # type: ignore[union-attr]

    out["ce_torch_autograd_s"] = best_of(torch_grad, repeat)
    out["ce_ratio_generated_over_torch"] = t_gen / out["ce_torch_autograd_s"]
    out["ce_torch_max_abs_diff"] = float(np.max(np.abs(torch_grad() - got)))
    return out


def _f10k(w: np.ndarray, a: np.ndarray) -> np.ndarray:
    return np.sum(np.log1p(np.exp(w * a)) + 0.5 * w**2, axis=-1) + np.sin(np.sum(w, axis=-1))


def _g10k(w: np.ndarray, a: np.ndarray) -> np.ndarray:
    return a / (1 + np.exp(-w * a)) + w + np.cos(np.sum(w))


def bench_gradient_check(n: int = 10_000) -> dict[str, float]:
    """(c) full gradient check, every coordinate, of an n-parameter function: symdl vs torch."""
    rng = np.random.default_rng(1)
    w = rng.normal(size=n)
    a = rng.normal(size=n)
    out: dict[str, float] = {}
    for method in ("complex", "richardson"):
        start = time.perf_counter()
        r = check_grads(lambda v: _f10k(v, a), lambda v: _g10k(v, a), w, directions=None, method=method)
        out[f"check_{method}_s"] = time.perf_counter() - start
        out[f"check_{method}_max_rel_error"] = r.rel_error
        out[f"check_{method}_evaluations"] = float(r.evaluations)
        out[f"check_{method}_passed"] = float(r.passed)
    try:
        import torch
    except ImportError:
        out["torch"] = float("nan")
        return out
    at = torch.tensor(a)

    def tf(v: torch.Tensor) -> torch.Tensor:
        return torch.sum(torch.log1p(torch.exp(v * at)) + 0.5 * v**2) + torch.sin(torch.sum(v))

    wt = torch.tensor(w, requires_grad=True)
    start = time.perf_counter()
    ok = torch.autograd.gradcheck(tf, (wt,), eps=1e-6, atol=1e-5, rtol=1e-3)
    out["torch_gradcheck_s"] = time.perf_counter() - start
    out["torch_gradcheck_passed"] = float(ok)
    out["ratio_symdl_complex_over_torch"] = out["check_complex_s"] / out["torch_gradcheck_s"]
    return out


def bench_directional_check(n: int = 10_000) -> dict[str, float]:
    """(d) ``symdl.check_grads`` (K random directions) vs the coordinate-wise complex-step pass, same process.

    Both check the same right gradient of the n-parameter function of (c); CPU time beside wall time.
    """
    import symdl

    rng = np.random.default_rng(1)
    w, a = rng.normal(size=n), rng.normal(size=n)
    out: dict[str, float] = {}
    for key, run_check in (
        ("directional", lambda: symdl.check_grads(lambda v: _f10k(v, a), lambda v: _g10k(v, a), w)),
        ("coordinatewise", lambda: symdl.check_grads(
            lambda v: _f10k(v, a), lambda v: _g10k(v, a), w, directions=None)),
    ):
        wall, cpu = time.perf_counter(), time.process_time()
        r = run_check()
        out[f"{key}_wall_s"] = time.perf_counter() - wall
        out[f"{key}_cpu_s"] = time.process_time() - cpu
        out[f"{key}_evaluations"] = float(r.evaluations)
        out[f"{key}_passed"] = float(r.passed)
    out["ratio_directional_over_coordinatewise_cpu"] = out["directional_cpu_s"] / out["coordinatewise_cpu_s"]
    return out


def run(quick: bool = False) -> dict[str, float]:
    """All numeric benchmarks, one dict of figures (``quick``: a 512 x 100 batch, 1 000 parameters)."""
    if quick:
        return {**bench_softmax_ce_gradient(512, 100, repeat=2), **bench_gradient_check(1_000),
                **bench_directional_check(1_000)}  # fmt: skip
    return {**bench_softmax_ce_gradient(), **bench_gradient_check(), **bench_directional_check()}


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key:36s} {value:.4g}")
