"""``symdl check FILE`` for derivation files: every step's verdict and the first wrong one."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from symdl.config import DEFAULT, Config
from symdl.derive.library import load_named
from symdl.derive.report import Progress, Report
from symdl.derive.verify import verify

#: exit codes, as for ``symdl check``: 0 verified, 1 refuted, 3 undecided
EXIT = {"verified": 0, "refuted": 1, "undecided": 3}


def check_file(
    path_or_name: str | Path, *, config: Config = DEFAULT, progress: Progress | None = None, explain: bool = True
) -> Report:
    """Load a derivation file (or a library name) and verify every step.

    ``explain`` keeps each statement's chunked explanation in the report (documents show them).

    Raises:
        DerivationError: the file is malformed or a statement does not parse (positioned).
    """
    return verify(load_named(str(path_or_name)), config=config, progress=progress, explain=explain)


def _error(x: float) -> str:
    return "—" if x != x else "0" if x == 0 else f"{x:.1e}"


def report_to_text(report: Report) -> str:
    """One line per step (verdict, how it was checked), then the overall verdict and the first wrong step."""
    d = report.derivation
    lines = [f"{d.path}: {d.title}"]
    width = max((len(s.name) for s in report.steps), default=4)
    for s in report.steps:
        num = s.numeric
        how = f"symbolic {s.symbolic}"
        if num is not None:
            how += f", {num.method}, max rel. error {_error(num.max_rel_error)}"
        lines.append(f"  {s.verdict:<10} {s.kind:<8} {s.name:<{width}}  {how}")
        if s.verdict in ("refuted", "undecided"):  # an undecided step says why
            from symdl.render.unicode import math_in_text  # details are prose with $...$ math

            lines.extend(f"             {math_in_text(x)}" for x in s.details if x)
    first = report.first_wrong
    tail = f"; first wrong step: {first.name}" if first else ""
    lines.append(f"{report.verdict}: {len(report.steps)} steps{tail}")
    return "\n".join(lines)


#: the first meaningful line of a derivation file (comments and blank lines skipped)
_FIRST_LINE = re.compile(r"\A(?:[ \t]*(?:#[^\n]*)?\n)*title\s*:", re.MULTILINE)


def is_derivation_text(text: str) -> bool:
    """Is this the text of a derivation file (its first meaningful line is ``title: ...``)?"""
    return _FIRST_LINE.match(text) is not None


def run_check(path: str | Path, *, config: Config = DEFAULT, fmt: str = "text", quiet: bool = False) -> int:
    """``symdl check FILE`` for a derivation file: the report on stdout (``fmt``: text or json), progress on
    stderr; the exit code.

    Raises:
        DerivationError: the file is malformed or a statement does not parse (the CLI prints it, exit 2).
    """

    def progress(done: int, total: int, name: str) -> None:
        print(f"checking [{done}/{total}] {name}", file=sys.stderr, flush=True)

    report = check_file(path, config=config, progress=None if quiet else progress, explain=False)
    if fmt == "json":
        from symdl.render import jsonout

        print(jsonout.dump("check", {"mode": "derivation", **jsonout.derivation(report)}))
    else:
        print(report_to_text(report))
    return EXIT.get(report.verdict, 3)
