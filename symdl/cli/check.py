"""``symdl check``: verify a hand-derived gradient."""

from __future__ import annotations

import argparse

from symdl.cli.common import add_common, parse_shapes, read_text
from symdl.config import Config


def run(args: argparse.Namespace, config: Config) -> int:
    from symdl import check_gradient

    verdict = check_gradient(
        read_text(args.formula), args.wrt, args.claim, shapes=parse_shapes(args.shape), config=config
    )
    print(verdict)
    return {"verified": 0, "refuted": 1}.get(str(getattr(verdict, "verdict", "undecided")), 3)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    sp = sub.add_parser("check", help="verify a hand-derived gradient (exit 0 verified, 1 refuted, 3 undecided)")
    sp.add_argument("formula", help="the function, as LaTeX")
    sp.add_argument("--wrt", required=True, help="the variable, as written in the formula")
    sp.add_argument("--claim", required=True, help="the claimed gradient, as LaTeX")
    add_common(sp)
    sp.set_defaults(run=run)
