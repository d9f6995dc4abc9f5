"""The README's other blocks are true too (issue 16, item 8; ``tests/test_readme.py`` runs its ``$ symdl`` lines):

* every ``symdl`` command of a ```bash block (the install-and-run lines) is pasteable and runs (exit 0);
* the ```python blocks run, in order, in one namespace, as a reader pastes them; a block that prints is followed
  by a ```text block of exactly what it prints;
* the ``curl`` call of the JSON API answers with the JSON document the README shows;
* the package metadata the README relies on: a LICENSE file, the MIT classifier, and no fenced block whose
  commands escape both tests (a ``console`` block).
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shlex

import pytest
from test_readme import README, ROOT, bash_argv

from symdl.cli import main

TEXT = README.read_text(encoding="utf-8")
#: every fenced block: (line of its first content line, language, content)
BLOCKS = [
    (TEXT.count("\n", 0, m.start(2)) + 1, m[1], m[2])
    for m in re.finditer(r"^```(\w*)\n(.*?)^```", TEXT, flags=re.S | re.M)
]


def _symdl_in_bash() -> list[tuple[int, str]]:
    """``symdl ...`` commands in ```bash blocks (after ``&&`` or at a line's start), but ``symdl serve``."""
    out = []
    for line, lang, body in BLOCKS:
        if lang != "bash":
            continue
        for k, row in enumerate(body.split("\n")):
            for part in re.split(r"&&", row.split("  #")[0]):
                cmd = part.strip()
                if cmd.startswith("symdl ") and not cmd.startswith("symdl serve"):
                    out.append((line + k, cmd))
    return out


@pytest.mark.parametrize(("line", "cmd"), _symdl_in_bash(), ids=[f"README-line-{n}" for n, _ in _symdl_in_bash()])
def test_bash_block_commands_run(line: int, cmd: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(bash_argv(cmd)) == 0, f"README line {line}: {cmd}"
    assert capsys.readouterr().out.strip()


def _python_blocks() -> list[tuple[int, str, str | None]]:
    """(line, source, the ```text block right after it when it has no ``$`` command) of every ```python block."""
    lines = TEXT.split("\n")
    out = []
    for k, (line, lang, body) in enumerate(BLOCKS):
        if lang != "python":
            continue
        after = BLOCKS[k + 1] if k + 1 < len(BLOCKS) else None
        closing = line + body.count("\n")  # the closing fence's line (1-based)
        between = lines[closing : after[0] - 2] if after else ["end"]  # between it and the next opening fence
        adjacent = after is not None and not any(x.strip() for x in between)
        shown = after[2] if adjacent and after[1] == "text" and "$ " not in after[2] else None
        out.append((line, body, shown))
    return out


def test_python_blocks_run_and_print_what_is_shown() -> None:
    namespace: dict[str, object] = {}
    blocks = _python_blocks()
    assert len(blocks) >= 3
    for line, source, shown in blocks:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(source, f"README.md:{line}", "exec"), namespace)  # the README's own code, as pasted
        if shown is not None:
            got = out.getvalue().strip("\n")
            assert got == shown.strip("\n"), f"README line {line}\n--- shown:\n{shown}\n--- got:\n{got}"


def test_the_python_comments_state_values() -> None:
    """The first block's ``expr  # value`` comments: each literal one is the value the line computes."""
    line, source, _ = _python_blocks()[0]
    namespace: dict[str, object] = {}
    exec(compile(source, f"README.md:{line}", "exec"), namespace)  # the README's own code, as pasted
    checked = 0
    for row in source.split("\n"):
        m = re.match(r"^([\w.]+(?:\([^#]*\))?)\s+# ('[^']*'|\([^#]*\)|array\(\[[^\]]*\]\))(?:\s|$)", row)
        if m is None:
            continue
        value = eval(m[1], namespace)  # the README's own expression, as a reader evaluates it
        assert repr(value) == m[2], (row, repr(value))
        checked += 1
    assert checked >= 3


def test_the_api_call_answers_the_shown_json() -> None:
    pytest.importorskip("starlette")
    pytest.importorskip("latex2mathml")
    from starlette.testclient import TestClient

    from symdl.serve.app import create_app

    k = next(i for i, (_, lang, body) in enumerate(BLOCKS) if lang == "bash" and body.lstrip().startswith("curl"))
    words = shlex.split(BLOCKS[k][2].replace("\\\n", " "))
    body, url = words[words.index("-d") + 1], words[-1]
    assert BLOCKS[k + 1][1] == "json", "the curl call is followed by the JSON it answers"
    with TestClient(create_app(), base_url="http://127.0.0.1") as client:
        answer = client.post(url.removeprefix("http://127.0.0.1:8000"), content=body,
                             headers={"content-type": "application/json"})  # fmt: skip
    assert answer.json() == json.loads(BLOCKS[k + 1][2])


def test_no_command_block_escapes_the_tests() -> None:
    """A shown command is in a ```text block (run by tests/test_readme.py) or a ```bash block (run here)."""
    assert not [line for line, lang, _ in BLOCKS if lang in ("console", "shell", "sh", "")], "use ```text or ```bash"


def test_license_and_classifiers() -> None:
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert "License :: OSI Approved :: MIT License" in meta["classifiers"]
    assert meta["license-files"] == ["LICENSE"] and meta["readme"] == "README.md"
    assert meta["scripts"]["symdl"] == "symdl.cli:main"
