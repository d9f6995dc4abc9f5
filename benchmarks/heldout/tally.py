"""Tally blind judgments of a held-out set, and list the rows whose output changed between two dumps.

``python benchmarks/heldout/tally.py SETDIR [JUDGED.jsonl ...]``: the figures of a set (later files override earlier
ones row by row); ``python benchmarks/heldout/tally.py SETDIR --changed NEW_DUMP_DIR BASE_DUMP_DIR``: the ids whose
reading or explanation changed, each with its current judgment (those rows are judged again; the others keep theirs).
"""

from __future__ import annotations

import collections
import json
import sys
from pathlib import Path

KEYS = ("parse_code", "parse", "parse_err", "explain_code", "explain", "explain_err")


def _jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def judgments(files: list[Path]) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for path in files:
        out.update({r["id"]: r for r in _jsonl(path)})
    return out


def figures(setdir: Path, judged: dict[str, dict]) -> str:
    rows = [r["id"] for part in sorted(setdir.glob("rows_*.jsonl")) for r in _jsonl(part)]
    n = len(rows)
    c = collections.Counter(judged[i]["reading"] for i in rows if i in judged)
    named = sum(judged[i]["named"] == "yes" for i in rows if i in judged)
    false = sum(bool(judged[i]["false_label"]) for i in rows if i in judged)
    right = c["right"] + c["noted"]
    refused = c["refused_plain"] + c["refused_exotic"]
    return (f"rows {n}, judged {sum(i in judged for i in rows)}: read right or noted {right} = {100 * right / n:.1f} % "
            f"({c['right']} + {c['noted']}), silent {c['silent']} ({100 * c['silent'] / n:.1f} %), refused {refused} "
            f"({c['refused_plain']} plain), crashes {c['crash']}, named {named} = {100 * named / n:.1f} %, "
            f"false labels {false}")


def changed(new: Path, base: Path) -> list[str]:
    out = []
    for part in sorted(base.glob("dump_*.jsonl")):
        old = {r["id"]: r for r in _jsonl(part)}
        now = {r["id"]: r for r in _jsonl(new / part.name)}
        out += [i for i in old if any(old[i][k] != now[i][k] for k in KEYS)]
    return out


def main() -> None:
    setdir, rest = Path(sys.argv[1]), sys.argv[2:]
    if rest[:1] == ["--changed"]:
        print(" ".join(changed(Path(rest[1]), Path(rest[2]))))
        return
    final = setdir / "judged_final.jsonl"
    files = [Path(p) for p in rest] or [final if final.exists() else setdir / "judged_unseen.jsonl"]
    print(figures(setdir, judgments(files)))


if __name__ == "__main__":
    main()
