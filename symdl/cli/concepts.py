"""``symdl concepts``: the concepts symdl can name, by category."""

from __future__ import annotations

import argparse

from symdl.cli import EXIT
from symdl.cli.common import add_common
from symdl.config import Config
from symdl.errors import InvalidInput


def run(args: argparse.Namespace, config: Config) -> int:
    from symdl import concepts
    from symdl.render import catalogue as render

    found = concepts(category=args.category)
    if not found:
        known = sorted({c.category for c in concepts()})
        raise InvalidInput(f"no concept has the category {args.category!r}", hint="one of: " + ", ".join(known))
    renderers = {
        "text": lambda: render.catalogue_to_text(found),
        "md": lambda: render.catalogue_to_markdown(found),
        "json": lambda: render.catalogue_to_json(found),
    }
    print(renderers[args.format]())
    return EXIT["ok"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    sp = sub.add_parser("concepts", help="list the concepts symdl can name, by category")
    sp.add_argument("--category", default=None, help="only this category (optimizer, activation, loss, ...)")
    sp.add_argument("--format", choices=("text", "md", "json"), default="text")
    add_common(sp)
    sp.set_defaults(run=run)
