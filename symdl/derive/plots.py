"""Plots for derivation documents (matplotlib, Agg backend, no network).

* ``activation``: an activation (a library ``define``) and its derivative from :func:`symdl.pipeline.diff`;
* ``optimizers``: GD, momentum, RMSProp and Adam as agents on a 2-D loss surface, each running
  the update rule of its library derivation (read and compiled by symdl, not re-typed here);
* ``ema``: an exponential moving average (``ema.txt``'s update) smoothing a noisy series.
"""

from __future__ import annotations

import collections
import functools
import threading
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import numpy as np
import sympy

#: matplotlib (pyplot, mathtext) is not thread-safe: every drawing in symdl holds this lock
MATPLOTLIB_LOCK = threading.RLock()

#: the 2-D loss surface the optimizers walk on: an elongated, rotated quadratic bowl
SURFACE = np.array([[3.0, 1.2], [1.2, 1.0]])
#: update rules from the library: (label, derivation file, statement names, hyper-parameters by spelling)
OPTIMIZERS = (
    ("GD", "momentum", ("ng",), {r"\alpha": 0.08, r"\beta": 0.0}),
    ("momentum", "momentum", ("ng",), {r"\alpha": 0.08, r"\beta": 0.9}),
    ("RMSProp", "rmsprop", ("mean-square", "update"), {r"\alpha": 0.05, r"\beta": 0.9}),
    ("Adam", "adam", ("first-moment", "second-moment", "simplified-update"),
     {r"\alpha": 0.1, r"\beta_1": 0.9, r"\beta_2": 0.999, r"\epsilon": 1e-8}),
)  # fmt: skip


#: PNG bytes of plots drawn in this process, by (plot function, its arguments but the path, matplotlib's settings):
#: a plot is a pure function of these, and a derivation's PDF draws the same plots on both paths (adam, rmsprop and
#: gradient-descent draw the one optimizers plot); oldest dropped first beyond :data:`DRAWN_KEPT`
_DRAWN: collections.OrderedDict[tuple[object, ...], bytes] = collections.OrderedDict()
DRAWN_KEPT = 32


def _locked(fn: Callable[..., Path]) -> Callable[..., Path]:
    """Run a plotting function (its first argument after the data: the PNG's ``path``) while holding
    :data:`MATPLOTLIB_LOCK`; a plot drawn before with the same arguments and settings is copied from :data:`_DRAWN`."""

    @functools.wraps(fn)
    def run(*args: object, path: Path, **kwargs: object) -> Path:
        import matplotlib

        with MATPLOTLIB_LOCK:
            key = (fn.__name__, args, tuple(sorted(kwargs.items())), repr(sorted(matplotlib.rcParams.items())))
            png = _DRAWN.get(key)
            if png is not None:
                path.write_bytes(png)
                return path
            out = fn(*args, path=path, **kwargs)
            _DRAWN[key] = out.read_bytes()
            while len(_DRAWN) > DRAWN_KEPT:
                _DRAWN.popitem(last=False)
            return out

    return run


def _pyplot() -> ModuleType:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _run_updates(statements: list, params: dict[str, float], start: np.ndarray, steps: int) -> np.ndarray:
    """Run update statements (``v = ...``, ``W = ...``) in order, feeding ``dW`` = the surface's gradient."""
    from symdl.numeric.program import compile_expr

    progs = [(st.lhs, compile_expr(st.rhs)) for st in statements]
    names: dict = {}
    spelled = {}
    for lhs, prog in progs:
        for o in (lhs, *prog.needs):
            spelled[str(getattr(o, "name", o))] = o
    env: dict = {spelled[k.lstrip("\\")]: v for k, v in params.items() if k.lstrip("\\") in spelled}
    weight, grad = spelled["W"], spelled["dW"]
    for lhs, _ in progs:
        env.setdefault(lhs, np.zeros(2))
    env[weight] = start.copy()
    path = [start.copy()]
    for _ in range(steps):
        env[grad] = SURFACE @ env[weight]
        for lhs, prog in progs:
            env[lhs] = np.asarray(prog(env, names), dtype=float)
        path.append(np.array(env[weight]))
    return np.array(path)


def optimizer_paths(steps: int = 60) -> dict[str, np.ndarray]:
    """Each optimizer's trajectory from the same start, driven by its library update rule."""
    from symdl.config import DEFAULT
    from symdl.derive.evaluate import Context
    from symdl.derive.library import load_named
    from symdl.derive.report import parse_block

    out = {}
    start = np.array([-2.0, 2.5])
    for label, file, blocks, params in OPTIMIZERS:
        d = load_named(file)
        stmts = [st for b in blocks for st in parse_block(d.block(b), d, Context(), DEFAULT).statements]
        out[label] = _run_updates(stmts, params, start, steps)
    return out


@_locked
def plot_optimizers(*, path: Path) -> Path:
    """Trajectories of GD, momentum, RMSProp and Adam on the 2-D loss surface."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6, 4.2))
    g = np.linspace(-3, 3, 200)
    X, Y = np.meshgrid(g, g)
    Z = 0.5 * (SURFACE[0, 0] * X**2 + 2 * SURFACE[0, 1] * X * Y + SURFACE[1, 1] * Y**2)
    ax.contour(X, Y, Z, levels=20, cmap="Greys", linewidths=0.6)
    for label, p in optimizer_paths().items():
        ax.plot(p[:, 0], p[:, 1], marker=".", markersize=3, linewidth=1.2, label=label)
    ax.plot([0], [0], "k*", markersize=10)
    ax.set(title="optimizers as agents on a loss surface", xlabel="$W_1$", ylabel="$W_2$")
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def break_jumps(xs: np.ndarray, ys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The curve with a gap (NaN) at each jump, so a step is drawn as two pieces, never as a vertical line.

    A jump is a step between neighbouring samples far larger than the curve's usual steps (``JUMP_FACTOR`` times
    the median step, and at least ``JUMP_SHARE`` of its range); a kink (a jump of the slope) is continuous and kept.
    """
    steps = np.abs(np.diff(ys))
    finite = steps[np.isfinite(steps)]
    if finite.size == 0:
        return xs, ys
    span = float(np.nanmax(ys) - np.nanmin(ys)) if np.isfinite(ys).any() else 0.0
    limit = max(JUMP_FACTOR * float(np.median(finite)), JUMP_SHARE * span, 1e-12)
    cuts = np.nonzero(steps > limit)[0] + 1
    return np.insert(xs.astype(float), cuts, np.nan), np.insert(ys.astype(float), cuts, np.nan)


#: a step between neighbouring samples this many times the median step, and this share of the range, is a jump
JUMP_FACTOR, JUMP_SHARE = 25.0, 0.05


def _drawable(label: str) -> bool:
    """Can mathtext draw ``$label$`` (and ``$\\frac{d}{dx}\\,label$``)?  A label it cannot is not used."""
    from matplotlib.mathtext import MathTextParser

    try:
        MathTextParser("path").parse(rf"$\frac{{d}}{{dx}}\,{label}$", dpi=72)
        return "$" not in label
    except Exception:  # mathtext raises ValueError (often with an empty message) and others
        return False


@_locked
def plot_activation(
    expr: sympy.Basic, var: sympy.Symbol, title: str, *, path: Path, label: str | None = None
) -> Path:
    """An activation and its derivative (from :func:`symdl.pipeline.diff`) on [-5, 5].

    ``label`` is the function as mathtext (``\\mathrm{ReLU}(x)``, made and sealed by the renderer): the legend
    says ``f(x)`` and ``d/dx f(x)`` with it, and the title uses it; without it, the statement's name.
    Jumps of the derivative are drawn as gaps (:func:`break_jumps`), the axes are labelled.
    """
    from symdl.numeric.program import compile_expr
    from symdl.pipeline import diff

    plt = _pyplot()
    params = {s: 1.0 for s in expr.free_symbols if s != var}
    params.update({s: 0.1 for s in expr.free_symbols if str(s) == "a"})
    f = expr.xreplace(params)
    df = diff(f, var).expr
    xs = np.linspace(-5, 5, 401)
    label = label if label and _drawable(label) else None
    fig, ax = plt.subplots(figsize=(6, 3.4))
    name = f"${label}$" if label else title
    d_name = rf"$\frac{{d}}{{d{var}}}\,{label}$" if label else "its derivative"
    for e, text in ((f, name), (df, d_name)):
        ys = np.broadcast_to(np.asarray(compile_expr(e)({var: xs}, {}), dtype=float), xs.shape)
        ax.plot(*break_jumps(xs, ys), label=text)
    ax.axhline(0, color="grey", linewidth=0.5)
    ax.set(title=f"{name} and its derivative", xlabel=f"${var}$", ylabel="value")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


@_locked
def plot_ema(*, path: Path, beta: float = 0.9) -> Path:
    """The library's EMA update run over a noisy series, with and without bias correction."""
    from symdl.config import DEFAULT
    from symdl.derive.evaluate import Context
    from symdl.derive.library import load_named
    from symdl.derive.report import parse_block
    from symdl.numeric.program import compile_expr

    plt = _pyplot()

    d = load_named("ema")
    st = parse_block(d.block("ema"), d, Context(), DEFAULT).statements[0]
    prog = compile_expr(st.rhs)
    by = {str(getattr(o, "name", o)): o for o in prog.needs}
    rng = np.random.default_rng(0)
    t = np.arange(1, 121)
    series = np.sin(t / 15) + 0.4 * rng.standard_normal(t.size)
    v, out = 0.0, []
    for x in series:
        v = float(prog({by["beta"]: beta, by["v_{t-1}"]: v, by["theta_t"]: x}, {}))
        out.append(v)
    fig, ax = plt.subplots(figsize=(6, 3.4))
    ax.plot(t, series, ".", color="grey", markersize=3, label="noisy series")
    ax.plot(t, out, label=rf"EMA, $\beta$ = {beta}")
    ax.plot(t, np.array(out) / (1 - beta**t), "--", label="bias-corrected")
    ax.set(title="an exponential moving average smoothing a noisy series", xlabel="step $t$", ylabel="value")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path
