"""The README's commands are true: every ``$ symdl ...`` line of its text blocks is pasteable into bash (its
arguments are what bash makes of it), runs, and prints what the README shows (a line ``...`` stands for lines left
out). What is compared is standard output, or standard error for bad input (exit 2): progress lines on stderr
are not shown. The files the commands name (``two-layer.tex`` ...) are in ``examples/``, where the commands run."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from symdl.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
EXAMPLES = ROOT / "examples"


def _commands() -> list[tuple[int, str, str]]:
    """(line number, command, shown output) of every ``$ symdl`` line in a ```text block."""
    text = README.read_text(encoding="utf-8")
    out = []
    for block in re.finditer(r"^```text\n(.*?)^```", text, flags=re.S | re.M):
        start = text.count("\n", 0, block.start(1)) + 1
        lines = block.group(1).split("\n")
        k = 0
        while k < len(lines):
            if not lines[k].startswith("$ symdl "):
                k += 1
                continue
            line_no, cmd = start + k, lines[k][2:]
            while cmd.endswith("\\"):  # a command continued on the next line
                k += 1
                cmd = cmd[:-1] + " " + lines[k].strip()
            k += 1
            shown = []
            while k < len(lines) and not lines[k].startswith("$ "):
                shown.append(lines[k])
                k += 1
            out.append((line_no, cmd, "\n".join(shown).strip("\n")))
    return out


COMMANDS = _commands()


def bash_argv(cmd: str) -> list[str]:
    """The arguments bash gives ``symdl`` for ``cmd`` (a syntax error fails: the line is not pasteable)."""
    assert shutil.which("bash"), "bash is needed to read the README's command lines as a user's shell does"
    args = cmd.removeprefix("symdl ")
    proc = subprocess.run(["bash", "-c", f"printf '%s\\0' {args}"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, f"not pasteable into bash: {proc.stderr.strip()}"
    return proc.stdout.split("\0")[:-1]


def shown_pattern(shown: str) -> re.Pattern[str]:
    """The shown output as a pattern: each line literal (trailing spaces ignored), a line ``...`` any lines, a line
    ending in ``...`` any line it starts."""
    parts = []
    for line in shown.split("\n"):
        if line.strip() == "...":
            parts.append(r"(?:[^\n]*\n)*?")
        elif line.rstrip().endswith("..."):
            parts.append(re.escape(line.rstrip()[:-3]) + r"[^\n]*\n")
        else:
            parts.append(re.escape(line.rstrip()) + r"\n")
    return re.compile("".join(parts), flags=re.S)


def test_the_readme_has_commands() -> None:
    assert len(COMMANDS) >= 25
    assert {c.split()[1] for _, c, _ in COMMANDS} >= {"explain", "compare", "check", "derive", "list", "parse", "grad"}


@pytest.mark.parametrize(("line", "cmd", "shown"), COMMANDS, ids=[f"README-line-{n}" for n, _, _ in COMMANDS])
def test_readme_command_prints_what_is_shown(line: int, cmd: str, shown: str, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    for f in EXAMPLES.glob("*"):
        shutil.copy(f, tmp_path / f.name)
    monkeypatch.chdir(tmp_path)
    argv = bash_argv(cmd)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = int(exc.code or 0)
    json_doc = "--format" in argv and argv[argv.index("--format") + 1 :][:1] == ["json"]  # errors are documents too
    # an error's message, else the answer (progress aside); with --format json the document on stdout, error or not
    text = err.getvalue() if code == 2 and not json_doc else out.getvalue()
    got = "".join(line.rstrip() + "\n" for line in text.strip("\n").split("\n"))
    assert shown_pattern(shown).fullmatch(got), f"README line {line}: {cmd}\n--- shown:\n{shown}\n--- got:\n{got}"
