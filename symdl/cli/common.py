"""Options and helpers shared by the sub-commands."""

from __future__ import annotations

import argparse
import os
import shutil
import sys

from symdl.budget import BUDGETS, Budgets
from symdl.config import LAYOUTS, Config
from symdl.errors import InvalidInput, Span, SymdlError


def add_common(sp: argparse.ArgumentParser) -> None:
    """Options every formula-reading command takes."""
    sp.add_argument("--lenient", action="store_true", help="repair stripped backslashes/braces, reporting each")
    sp.add_argument("--shape", action="append", metavar="NAME=DIMS", help="declare a shape, e.g. W=3x4 or x=4")
    sp.add_argument("--no-color", action="store_true", help="plain text output")
    sp.add_argument("--label", action="append", metavar="NAME",
                    help="read NAME (like y_i) as an integer label that picks an entry, wherever it is written")
    sp.add_argument("--layout", choices=LAYOUTS, default="auto",
                    help="auto: a vector right before a weight (x A^T + b) is a row, as is its bias (noted); "
                    "columns: every vector is a column")
    add_functions(sp)
    add_budgets(sp)


def add_functions(sp: argparse.ArgumentParser) -> None:
    """``--function NAME=KNOWN`` (repeatable): read the unknown function NAME as the known function KNOWN."""
    sp.add_argument("--function", action="append", metavar="NAME=KNOWN",
                    help="read the unknown function NAME as the known function KNOWN in formula and claim alike, e.g. "
                    "--function 'H=heaviside' or --function 'phi=tanh' (repeatable; a reading note says so)")


def parse_functions(items: list[str] | None) -> dict[str, str]:
    """``--function NAME=KNOWN`` options as ``Config.functions`` (a missing ``=`` refused; names checked there)."""
    out: dict[str, str] = {}
    for item in items or ():
        name, eq, known = item.partition("=")
        if not eq or not name.strip() or not known.strip():
            raise InvalidInput(f"cannot read --function {item!r}", source=item, span=Span(0, len(item)),
                               hint="write --function 'NAME=KNOWN', e.g. --function 'H=heaviside'")
        out[name.strip()] = known.strip()
    return out


def add_budgets(sp: argparse.ArgumentParser) -> None:
    """``--budget NAME=VALUE`` and ``--time-limit``: every command takes them."""
    sp.add_argument(
        "--budget",
        action="append",
        metavar="NAME=VALUE",
        help="raise or lower a counted budget, e.g. --budget steps=10000000 (repeatable; names: "
        + ", ".join(BUDGETS)
        + ")",
    )
    sp.add_argument(
        "--time-limit",
        type=float,
        default=Config.time_limit,
        metavar="SECONDS",
        help=f"wall-clock backstop of one call, a last resort behind the budgets (default {Config.time_limit:g}; "
        "0: none)",
    )


def read_text(arg: str) -> str:
    """The argument itself, or standard input for ``-``."""
    return sys.stdin.read() if arg == "-" else arg


def parse_shapes(items: list[str] | None) -> dict[str, tuple[int, ...]]:
    out: dict[str, tuple[int, ...]] = {}
    for item in items or ():
        name, _, dims = item.partition("=")
        try:
            out[name.strip()] = tuple(int(d) for d in dims.lower().split("x"))
        except ValueError:
            raise SymdlError(
                f"cannot read the shape '{item}'", hint="write --shape 'W=3x4' or --shape 'x=4'"
            ) from None
    return out


def parse_budgets(items: list[str] | None) -> Budgets:
    """``--budget NAME=VALUE`` options as :class:`Budgets` (unknown names and bad values refused)."""
    changes: dict[str, int] = {}
    for item in items or ():
        name, _, value = item.partition("=")
        name = name.strip()
        if name not in BUDGETS:
            raise InvalidInput(
                f"there is no budget named '{name}'",
                source=item,
                span=Span(0, len(name)),
                hint="the budgets are " + ", ".join(BUDGETS),
            )
        try:
            number = int(value.strip().replace("_", ""))
        except ValueError:
            number = -1
        if number < 0:
            raise InvalidInput(
                f"the budget '{name}' takes a whole number of {BUDGETS[name][1]}",
                source=item,
                span=Span(len(name) + 1, len(item)),
                hint=f"write --budget {name}=N",
            )
        changes[name] = number
    return Budgets().with_(**changes)


def config_from(args: argparse.Namespace) -> Config:
    return Config(
        lenient=getattr(args, "lenient", False),
        color=not getattr(args, "no_color", False) and not os.environ.get("NO_COLOR") and sys.stdout.isatty(),
        width=_width(),
        shapes=parse_shapes(getattr(args, "shape", None)),
        labels=tuple(getattr(args, "label", None) or ()),
        layout=getattr(args, "layout", "auto") or "auto",
        functions=parse_functions(getattr(args, "function", None)),
        budgets=parse_budgets(getattr(args, "budget", None)),
        time_limit=_limit(getattr(args, "time_limit", Config.time_limit)),
    )


def _width() -> int:
    """The terminal's width when standard output is one (at least 60 columns), else 110."""
    if not sys.stdout.isatty():
        return Config.width
    return max(60, shutil.get_terminal_size((Config.width, 24)).columns)


def _limit(seconds: float | None) -> float | None:
    return None if seconds is None or seconds <= 0 else seconds
