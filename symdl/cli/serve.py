"""``symdl serve [--host 127.0.0.1] [--port 8000]``: the local web page and JSON API (the ``web`` extra)."""

from __future__ import annotations

import argparse
import sys

from symdl.cli import EXIT
from symdl.cli.common import add_budgets
from symdl.config import Config
from symdl.errors import InvalidInput


def run(args: argparse.Namespace, config: Config) -> int:
    """Serve until Ctrl-C; every request runs under ``config``'s budgets (``--budget``, ``--time-limit``)."""
    try:
        import uvicorn

        from symdl.serve import create_app
    except ModuleNotFoundError as exc:
        raise InvalidInput(f"symdl serve needs the web extra ({exc.name} is not installed)",
                           hint="pip install 'symdl[web]'") from None  # fmt: skip
    app = create_app(config, host=args.host)
    where = f"[{args.host}]" if ":" in args.host else args.host
    print(f"symdl serve: http://{where}:{args.port}/ (Ctrl-C stops)", file=sys.stderr, flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning" if args.quiet else "info")
    return EXIT["ok"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    sp = sub.add_parser(
        "serve",
        help="a local web page and JSON API (pip install 'symdl[web]')",
        description="Serve the explain, check and derive page and the JSON API on this machine.",
    )
    sp.add_argument("--host", default="127.0.0.1", help="the address to listen on (default: this machine only)")
    sp.add_argument("--port", type=int, default=8000, help="the port (default 8000)")
    sp.add_argument("-q", "--quiet", action="store_true", help="no log line per request")
    add_budgets(sp)
    sp.set_defaults(run=run)
