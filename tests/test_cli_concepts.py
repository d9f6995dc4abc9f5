"""``symdl concepts``: the catalogue a user sees is the registry, and README's list is the same catalogue.

The command runs through ``symdl.cli.main`` in this process (what it prints and returns); the entry point and exit
codes in a real process are tests/test_cli_exit_codes.py's and test_cli_check's ``test_subprocess_entry_point``."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest

import symdl
from symdl.chunk import REGISTRY
from symdl.cli import main
from symdl.render.catalogue import catalogue_to_markdown

ROOT = Path(__file__).resolve().parents[1]


class Ran(NamedTuple):
    """What ``symdl concepts ...`` returned and printed."""

    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Callable[..., Ran]:
    """``symdl concepts ARGS`` through ``symdl.cli.main``: its exit code (argparse's own exit too) and output."""

    def concepts(*args: str) -> Ran:
        capsys.readouterr()
        try:
            code = main(["concepts", *args])
        except SystemExit as exc:  # argparse refusing an option value
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return Ran(code, out, err)

    return concepts


def test_json_lists_every_registered_concept(run: Callable[..., Ran]) -> None:
    p = run("--format", "json")
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    assert (doc["schema_version"], doc["command"]) == (1, "concepts")
    rows = doc["concepts"]
    assert [r["id"] for r in rows] == list(REGISTRY)
    assert all(r["what"] and r["explanation"] and r["category"] for r in rows)


@pytest.mark.parametrize(("category", "member"), [("activation", "relu"), ("optimizer", "adam"), ("loss", "mse")])
def test_text_by_category(run: Callable[..., Ran], category: str, member: str) -> None:
    p = run("--category", category)
    assert p.returncode == 0, p.stderr
    ids = re.findall(r"^  (\w+) ", p.stdout, flags=re.M)
    assert member in ids
    assert set(ids) == {c.id for c in REGISTRY.values() if c.category == category}


def test_unknown_category_is_bad_input_with_the_known_ones(run: Callable[..., Ran]) -> None:
    p = run("--category", "astrology")
    assert p.returncode == 2 and "Traceback" not in p.stderr
    assert "astrology" in p.stderr and "activation" in p.stderr


def test_readme_lists_the_catalogue() -> None:
    text = (ROOT / "README.md").read_text()
    got = re.search(r"<!-- concepts:begin -->\n(.*?)<!-- concepts:end -->", text, flags=re.S)
    assert got, "README lacks the <!-- concepts:begin/end --> block"
    assert got.group(1) == catalogue_to_markdown(symdl.concepts()) + "\n", (
        "README's concept list is stale: replace the block with `python -m symdl concepts --format md`"
    )
