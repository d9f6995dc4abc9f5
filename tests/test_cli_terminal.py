"""The terminal: text as wide as the terminal (110 columns when piped), colour on verdicts only on a terminal and
never with NO_COLOR, ``-q`` silencing progress."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys

import pytest

from symdl.cli import build_parser, main
from symdl.cli.check import paint
from symdl.cli.common import config_from
from symdl.render.explanation import to_text

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _config(monkeypatch: pytest.MonkeyPatch, *, tty: bool, columns: int = 80, no_color: str | None = None,
            argv: tuple[str, ...] = ("explain", "x")) -> object:  # fmt: skip
    monkeypatch.setattr(sys.stdout, "isatty", lambda: tty, raising=False)
    monkeypatch.setattr(shutil, "get_terminal_size", lambda fallback=(80, 24): os.terminal_size((columns, 24)))
    if no_color is None:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", no_color)
    args: argparse.Namespace = build_parser().parse_args(list(argv))
    return config_from(args)


TERMINALS = [
    pytest.param(True, 80, None, 80, True, id="terminal-80-columns-colour"),
    pytest.param(True, 200, None, 200, True, id="terminal-200-columns"),
    pytest.param(True, 30, None, 60, True, id="narrow-terminal-at-least-60"),
    pytest.param(True, 80, "1", 80, False, id="NO_COLOR-turns-colour-off"),
    pytest.param(False, 80, None, 110, False, id="piped-110-columns-no-colour"),
]


@pytest.mark.parametrize(("tty", "columns", "no_color", "width", "colour"), TERMINALS)
def test_width_and_colour_follow_the_terminal(monkeypatch: pytest.MonkeyPatch, tty: bool, columns: int,
                                              no_color: str | None, width: int, colour: bool) -> None:  # fmt: skip
    config = _config(monkeypatch, tty=tty, columns=columns, no_color=no_color)
    assert (config.width, config.color) == (width, colour)


@pytest.mark.parametrize("width", [60, 80, 110])
def test_explanation_fits_the_width(width: int) -> None:
    import symdl

    source = r"m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t \\ v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2"
    text = to_text(symdl.explain(source), color=False, width=width)
    assert max(len(line) for line in text.splitlines()) <= width
    assert "exponential moving average" in " ".join(text.split())


PAINT = [
    pytest.param("verified: the claim is the gradient d/dx", True, "1;32", id="verified-green"),
    pytest.param("refuted: the claim is NOT the gradient d/dx", True, "1;31", id="refuted-red"),
    pytest.param("undecided: symdl could not decide", True, "1;33", id="undecided-yellow"),
    pytest.param("WRONG line 9: dW = ...", True, "1;31", id="wrong-step-red"),
    pytest.param("refuted: the claim is NOT the gradient", False, None, id="no-colour-when-off"),
    pytest.param("  layout: derivative df/dx", True, None, id="other-lines-plain"),
]


@pytest.mark.parametrize(("line", "colour", "code"), PAINT)
def test_verdict_colours(line: str, colour: bool, code: str | None) -> None:
    out = paint(line, colour)
    assert ANSI.sub("", out) == line
    assert (f"\x1b[{code}m" in out) if code else out == line


def test_piped_check_has_no_colour(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "x^2", "--wrt", "x", "--claim", "3x"]) == 1
    assert not ANSI.search(capsys.readouterr().out)


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(("derive", "momentum", "-o", "{tmp}/momentum.md"), id="derive"),
        pytest.param(("check", "{lib}/momentum.txt"), id="check"),
    ],
)
def test_quiet_silences_progress(capsys: pytest.CaptureFixture[str], tmp_path: object, argv: tuple[str, ...]) -> None:
    from symdl.derive.library import library_dir

    args = [a.format(tmp=tmp_path, lib=library_dir()) for a in argv]
    assert main(args) == 0
    loud = capsys.readouterr().err
    assert "verifying [" in loud or "checking [" in loud, "without -q the progress is shown"
    assert main([*args, "-q"]) == 0
    err = capsys.readouterr().err
    assert "verifying [" not in err and "checking [" not in err and "rendering" not in err
