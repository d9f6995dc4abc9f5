"""A plot drawn once in a process is copied, not redrawn, when a derivation's PDF needs it again (both PDF paths
draw the same plots; adam, rmsprop and gradient-descent share the optimizers plot): the copy is the bytes a fresh
drawing makes, and a change of argument or of matplotlib's settings draws anew."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import pytest
import sympy

from symdl.derive import plots

X = sympy.Symbol("x", real=True)

#: (id, plot function, its data arguments, keyword arguments): the library's three kinds of plot
PLOTS = [
    ("activation-tanh", plots.plot_activation, (sympy.tanh(X), X, "tanh"), {"label": r"\tanh(x)"}),  # activations.txt
    ("optimizers", plots.plot_optimizers, (), {}),  # adam.txt, rmsprop.txt, gradient-descent.txt
    ("ema", plots.plot_ema, (), {}),  # ema.txt
]


@pytest.mark.parametrize(("plot", "args", "kwargs"), [p[1:] for p in PLOTS], ids=[p[0] for p in PLOTS])
def test_a_copied_plot_is_the_drawing(tmp_path: Path, plot, args, kwargs) -> None:
    first = plot(*args, path=tmp_path / "a.png", **kwargs)
    plots._DRAWN.clear()
    fresh = plot(*args, path=tmp_path / "b.png", **kwargs)
    copied = plot(*args, path=tmp_path / "c.png", **kwargs)
    assert first.read_bytes() == fresh.read_bytes() == copied.read_bytes()
    assert copied == tmp_path / "c.png"


def test_other_arguments_or_settings_draw_anew(tmp_path: Path) -> None:
    tanh = plots.plot_activation(sympy.tanh(X), X, "tanh", path=tmp_path / "t.png").read_bytes()
    relu = plots.plot_activation(sympy.Max(0, X), X, "relu", path=tmp_path / "r.png").read_bytes()
    ema = plots.plot_ema(path=tmp_path / "e.png").read_bytes()
    assert tanh != relu
    assert plots.plot_ema(path=tmp_path / "e2.png", beta=0.5).read_bytes() != ema
    with matplotlib.rc_context({"lines.linewidth": 4.0}):
        assert plots.plot_activation(sympy.tanh(X), X, "tanh", path=tmp_path / "t2.png").read_bytes() != tanh


def test_the_memo_is_bounded(tmp_path: Path) -> None:
    for k in range(plots.DRAWN_KEPT + 3):
        plots.plot_ema(path=tmp_path / f"e{k}.png", beta=0.5 + k / 100)
    assert len(plots._DRAWN) == plots.DRAWN_KEPT
