"""``symdl concepts``: the catalogue a user sees is the registry, and README's list is the same catalogue."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import symdl
from symdl.chunk import REGISTRY
from symdl.render.catalogue import catalogue_to_markdown

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "symdl", "concepts", *args], capture_output=True, text=True,
                          cwd=ROOT, check=False)


def test_json_lists_every_registered_concept() -> None:
    p = _run("--format", "json")
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    assert (doc["schema_version"], doc["command"]) == (1, "concepts")
    rows = doc["concepts"]
    assert [r["id"] for r in rows] == list(REGISTRY)
    assert all(r["what"] and r["explanation"] and r["category"] for r in rows)


@pytest.mark.parametrize(("category", "member"), [("activation", "relu"), ("optimizer", "adam"), ("loss", "mse")])
def test_text_by_category(category: str, member: str) -> None:
    p = _run("--category", category)
    assert p.returncode == 0, p.stderr
    ids = re.findall(r"^  (\w+) ", p.stdout, flags=re.M)
    assert member in ids
    assert set(ids) == {c.id for c in REGISTRY.values() if c.category == category}


def test_unknown_category_is_bad_input_with_the_known_ones() -> None:
    p = _run("--category", "astrology")
    assert p.returncode == 2 and "Traceback" not in p.stderr
    assert "astrology" in p.stderr and "activation" in p.stderr


def test_readme_lists_the_catalogue() -> None:
    text = (ROOT / "README.md").read_text()
    got = re.search(r"<!-- concepts:begin -->\n(.*?)<!-- concepts:end -->", text, flags=re.S)
    assert got, "README lacks the <!-- concepts:begin/end --> block"
    assert got.group(1) == catalogue_to_markdown(symdl.concepts()) + "\n", (
        "README's concept list is stale: replace the block with `python -m symdl concepts --format md`"
    )
