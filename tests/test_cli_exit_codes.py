"""Issue 10: every command exits with a code from the one table ``symdl.cli.EXIT``, and never with a traceback.

0 ok/verified, 1 refuted, 2 bad input (a budget, memory, an unreadable input or an unwritable output
included), 3 undecided, 4 internal error.  Each row runs through ``symdl.cli.main``; a few also run in
a real ``python -m symdl`` process, where a traceback would show.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from symdl.cli import EXIT, VERDICT_EXIT, main

SIGMA_CLAIM = ["check", r"\sigma(z)", "--wrt", "z", "--claim", r"\sigma(z)(1-\sigma(z))"]
MOMENTUM = [r"v_t = \gamma v_{t-1} + \eta \nabla J", r"v = \beta v + (1-\beta) dW"]

#: (id, argv — ``{tmp}`` is a fresh folder holding ``file.txt`` —, exit code, regex the stderr (or stdout) shows)
ROWS = [
    ("verified", SIGMA_CLAIM, 0, r"^verified"),
    ("refuted", ["check", r"\log(\sigma(z))", "--wrt", "z", "--claim", r"\sigma(z) - 1"], 1, r"^refuted"),
    ("undecided", ["check", r"\log(-x^2 - 1)", "--wrt", "x", "--claim", r"\frac{x}{x^2+1}"], 3, r"^undecided"),
    ("explain-ok", ["explain", "--no-color", r"\frac{e^{z_i}}{\sum_j e^{z_j}}"], 0, r"softmax"),
    ("compare-same", ["compare", *MOMENTUM], 0, r"same concept"),
    ("compare-different", ["compare", r"v = \beta v + (1-\beta) dW", r"y = \tanh(x)"], 1, r"."),
    ("bad-latex", ["parse", r"W = W - \alpha \foo"], 2, r"invalid input: unknown or unsupported command \\foo"),
    ("unknown-wrt", ["check", "z^2", "--wrt", "q", "--claim", "2z"], 2, r"unknown variable 'q'"),
    ("bad-shape", ["check", "W x", "--wrt", "x", "--claim", "W^T", "--shape", "W=3xq"], 2, r"shape"),
    ("claim-without-wrt", ["check", "z^2", "--claim", "2z"], 2, r"--claim needs --wrt"),
    ("usage-error", ["check"], 2, r"usage: symdl check"),
    ("huge-sum-memory", ["check", r"\sum_{i=1}^{10^{12}} i z", "--wrt", "z", "--claim", "1"], 2, r"limit exceeded"),
    ("input-file-missing", ["check", "{tmp}/missing.tex"], 2, r"cannot read the file '.*missing.tex': No such file"),
    ("input-file-is-folder", ["check", "{tmp}"], 2, r"cannot read the file '.*': it is a folder"),
    ("derive-file-missing", ["derive", "{tmp}/missing.md"], 2, r"missing\.md"),
    ("output-missing-folder", ["derive", "sigmoid", "-o", "{tmp}/no/such/x.md"], 2,
     r"cannot write the output '.*/no/such/x\.md': the folder '.*/no/such' does not exist"),
    ("output-under-a-file", ["derive", "sigmoid", "-o", "{tmp}/file.txt/x.md"], 2, r"'.*file\.txt' is not a folder"),
    ("output-is-a-folder", ["derive", "sigmoid", "-o", "{tmp}"], 2, r"cannot write the output '.*': Is a directory"),
    ("output-pdf-missing-folder", ["derive", "sigmoid", "--format", "pdf", "-o", "{tmp}/no/x.pdf"], 2, r"does not exist"),
    ("output-device-full", ["derive", "sigmoid", "-o", "/dev/full"], 2,
     r"cannot write the output '/dev/full': No space left on device"),
    ("output-read-only", ["derive", "sigmoid", "--format", "tex", "-o", "/sys/x.tex"], 2,
     r"cannot write the output '/sys/.*': (Permission denied|Read-only file system)"),
    ("output-stdout", ["derive", "sigmoid", "-o", "-"], 0, r"^# The sigmoid"),
]  # fmt: skip

#: rows also run as a real process
IN_A_PROCESS = {"refuted", "huge-sum-memory", "output-missing-folder", "output-device-full", "input-file-is-folder",
                "usage-error", "bad-latex"}  # fmt: skip


def _argv(argv: list[str], tmp: Path) -> list[str]:
    (tmp / "file.txt").write_text("not a folder\n", encoding="utf-8")
    return [a.replace("{tmp}", str(tmp)) for a in argv]


def _run(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as exc:  # argparse's usage error
        return int(exc.code or 0)


@pytest.mark.parametrize(("argv", "code", "shows"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_exit_code_through_main(
    argv: list[str], code: int, shows: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    got = _run(_argv(argv, tmp_path))
    out, err = capsys.readouterr()
    assert got == code, err
    assert re.search(shows, err if code == EXIT["bad input"] else out or err, re.MULTILINE), (out, err)
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "code", "shows"), [r[1:] for r in ROWS if r[0] in IN_A_PROCESS], ids=[r[0] for r in ROWS if r[0] in IN_A_PROCESS]
)
def test_exit_code_in_a_real_process(argv: list[str], code: int, shows: str, tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "symdl", *_argv(argv, tmp_path)], capture_output=True, text=True, check=False, cwd=tmp_path
    )
    assert proc.returncode == code, proc.stderr
    assert re.search(shows, proc.stderr if code == EXIT["bad input"] else proc.stdout, re.MULTILINE), proc.stderr
    assert "Traceback" not in proc.stderr


#: (id, what a command raises from deep inside, exit code, what stderr says)
FAILURES = [
    ("a-bug", RuntimeError("boom"), 4, r"^internal error: symdl failed on this input \(RuntimeError: boom\)"),
    ("a-key-error", KeyError("x"), 4, r"^internal error: .*KeyError"),
    ("out-of-memory", MemoryError(), 2, r"^limit exceeded: this input needs more memory than this machine has"),
    ("an-os-error", PermissionError(13, "Permission denied", "/root/secret.tex"), 2,
     r"^error: cannot read or write '/root/secret.tex': Permission denied"),
    ("a-recursion-error", RecursionError("maximum recursion depth exceeded"), 4, r"^internal error: .*RecursionError"),
]  # fmt: skip


@pytest.mark.parametrize(("exc", "code", "says"), [f[1:] for f in FAILURES], ids=[f[0] for f in FAILURES])
def test_any_other_failure_is_one_message_and_a_code(
    exc: BaseException, code: int, says: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import symdl.cli.parse

    def fail(*args: object, **kwargs: object) -> str:
        raise exc

    monkeypatch.setattr(symdl.cli.parse, "reading_text", fail)
    assert main(["parse", "x^2"]) == code
    err = capsys.readouterr().err
    assert re.search(says, err) and "Traceback" not in err
    assert len(err.strip().splitlines()) <= 3  # the message, perhaps a caret, a hint


def test_the_table_is_the_documented_one() -> None:
    """The codes the README's CLI reference lists, and the verdicts' codes drawn from them."""
    assert EXIT == {"ok": 0, "refuted": 1, "bad input": 2, "undecided": 3, "internal": 4, "interrupted": 130}
    assert VERDICT_EXIT == {"verified": 0, "refuted": 1, "undecided": 3}
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    for name, code in EXIT.items():
        assert re.search(rf"\|\s*{code}\s*\|\s*{name}", readme), f"README's exit-code table lacks {code} {name}"
