"""The ``symdl`` command: one module per sub-command, each with ``register(subparsers)``.

Exit codes: 0 success (or ``verified``), 1 ``refuted``, 2 bad input (the error is
printed with its line, column and a caret), 3 ``undecided``, 4 an internal error (a bug in symdl,
reported in one line without a traceback).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from symdl import __version__
from symdl.cli.common import config_from
from symdl.errors import InternalError, SymdlError

#: sub-command modules, in the order ``symdl --help`` lists them
COMMANDS = ("explain", "parse", "compare", "check", "derive")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="symdl", description="Symbolic derivations for the math of deep learning.")
    p.add_argument("--version", action="version", version=f"symdl {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"symdl.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"symdl.cli.{name}":
                raise
            continue
        module.register(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args, config_from(args)))
    except InternalError as err:
        print(str(err), file=sys.stderr)
        return 4
    except SymdlError as err:
        print(str(err), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except (RecursionError, ArithmeticError, LookupError, TypeError, ValueError, AttributeError, RuntimeError) as exc:
        # a bug in symdl: say so in one line, never with a traceback
        print(f"internal error: symdl failed on this input ({type(exc).__name__}: {exc})"[:400], file=sys.stderr)
        print("hint: this is a bug in symdl; please report the command line", file=sys.stderr)
        return 4
    except BrokenPipeError:  # output piped into `head` and closed: not an error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
