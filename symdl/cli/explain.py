"""``symdl explain``: chunk a formula into named concepts and explain them."""

from __future__ import annotations

import argparse

from symdl.cli import EXIT
from symdl.cli.common import add_common, read_text
from symdl.config import Config


def run(args: argparse.Namespace, config: Config) -> int:
    from symdl import explain, parse
    from symdl.render import explanation as render

    f = parse(read_text(args.latex), config=config)
    expl = explain(f, config=config)
    renderers = {
        "text": lambda: render.to_text(expl, color=config.color, width=config.width),
        "md": lambda: render.to_markdown(expl),
        "tex": lambda: render.to_latex(expl),
        "json": lambda: render.to_json(expl),
    }
    print(renderers[args.format]())
    return EXIT["ok"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    sp = sub.add_parser("explain", help="chunk a formula into named concepts and say what each does")
    sp.add_argument("latex", help="the formula, or - to read standard input")
    sp.add_argument("--format", choices=("text", "md", "tex", "json"), default="text")
    add_common(sp)
    sp.set_defaults(run=run)
