"""``symdl compare``: are two formulas the same concept, under which mapping?"""

from __future__ import annotations

import argparse

from symdl.cli import EXIT
from symdl.cli.common import add_common, read_text
from symdl.config import Config


def run(args: argparse.Namespace, config: Config) -> int:
    from symdl import compare, parse
    from symdl.render import explanation as render

    result = compare(parse(read_text(args.a), config=config), parse(read_text(args.b), config=config), config=config)
    renderers = {
        "text": lambda: render.comparison_to_text(result, color=config.color, width=config.width),
        "md": lambda: render.comparison_to_markdown(result),
        "json": lambda: render.comparison_to_json(result),
    }
    print(renderers[args.format]())
    return EXIT["ok"] if result.same else EXIT["refuted"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    sp = sub.add_parser("compare", help="are two formulas the same concept? (exit 0 same, 1 different)")
    sp.add_argument("a", help="first formula (or - for standard input)")
    sp.add_argument("b", help="second formula")
    sp.add_argument("--format", choices=("text", "md", "json"), default="text")
    add_common(sp)
    sp.set_defaults(run=run)
