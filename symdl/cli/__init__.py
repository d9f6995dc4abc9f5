"""The ``symdl`` command: one module per sub-command, each with ``register(subparsers)``.

Every command exits with a code from :data:`EXIT` (the README's CLI reference prints the same table);
whatever goes wrong, the user reads one message on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import itertools
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from symdl import __version__
from symdl.budget import metered, out_of_memory
from symdl.cli.argv import latex_minus
from symdl.cli.common import config_from
from symdl.errors import InternalError, InvalidInput, SymdlError

#: The exit codes of every command, by meaning (the one table; README "Exit codes" prints it):
#:
#: * ``ok`` 0 — done; ``check``: the claim is verified; ``compare``: the same concept;
#: * ``refuted`` 1 — ``check``: the claim (or a step) is wrong; ``compare``: different concepts;
#: * ``bad input`` 2 — the input is invalid or not supported, a budget or memory limit was hit, a
#:   file could not be read or an output could not be written (the path and the OS's reason are
#:   named), or the command line itself is wrong (argparse's usage error);
#: * ``undecided`` 3 — ``check``: neither verified nor refuted;
#: * ``internal`` 4 — a bug in symdl, reported in one line;
#: * ``interrupted`` 130 — Ctrl-C.
EXIT = {"ok": 0, "refuted": 1, "bad input": 2, "undecided": 3, "internal": 4, "interrupted": 130}

#: a verdict (``check``, ``derive``) → its exit code
VERDICT_EXIT = {"verified": EXIT["ok"], "refuted": EXIT["refuted"], "undecided": EXIT["undecided"]}

#: sub-command modules, in the order ``symdl --help`` lists them
COMMANDS = ("explain", "parse", "compare", "check", "grad", "derive", "concepts", "serve")


class _Parser(argparse.ArgumentParser):
    """argparse's parser, whose usage errors become a JSON error document when ``--format json`` was asked."""

    json_errors = False

    def error(self, message: str) -> NoReturn:
        if _Parser.json_errors:
            self.print_usage(sys.stderr)
            _say(f"{self.prog}: error: {message}")
            error = InvalidInput(f"{self.prog}: {message}", hint=f"see {self.prog} --help")
            _print_json_error(self.prog.removeprefix("symdl").strip() or "symdl", error, EXIT["bad input"])
            raise SystemExit(EXIT["bad input"])
        super().error(message)


def _wants_json(argv: Sequence[str]) -> bool:
    """``--format json`` (or ``--format=json``) anywhere on the command line."""
    return "--format=json" in argv or any(pair == ("--format", "json") for pair in itertools.pairwise(argv))


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; with ``only`` (the command being run), that command's module alone is imported
    (the others' modules pull in numpy, matplotlib's plots or the derivation library: a cold start pays for what it
    runs, issue 15)."""
    p = _Parser(
        prog="symdl",
        description="Symbolic derivations for the math of deep learning.",
        epilog="exit codes: " + ", ".join(f"{code} {name}" for name, code in EXIT.items()),
    )
    p.add_argument("--version", action="version", version=f"symdl {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS if only is None else (only,):
        try:
            module = importlib.import_module(f"symdl.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"symdl.cli.{name}":
                raise
            continue
        module.register(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; the exit code is one of :data:`EXIT` (argparse's usage errors exit 2 themselves)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    _Parser.json_errors = _wants_json(argv)
    parser = build_parser(next((a for a in argv[:1] if a in COMMANDS), None))
    args = parser.parse_args(latex_minus(parser, argv))  # -x^2, --claim -2x
    try:
        config = config_from(args)
        with metered(config.budgets, config.time_limit):  # one command, one account of budgets
            return int(args.run(args, config))
    except BaseException as exc:  # every failure becomes one message and a code
        code = _report(exc)
        if getattr(args, "format", None) == "json" and code not in (EXIT["ok"], EXIT["interrupted"]):
            _print_json_error(args.command, exc, code)
        return code


def _print_json_error(command: str, exc: BaseException, code: int) -> None:
    """The error of ``command`` as a JSON document on stdout (the one-line message is on stderr too)."""
    from symdl.render import jsonout

    try:
        print(jsonout.dump(command, jsonout.error(exc, code)), flush=True)
    except OSError:
        pass


def _report(exc: BaseException) -> int:
    """Print ``exc`` as the user should read it (one message, no traceback); its exit code."""
    if isinstance(exc, SystemExit | KeyboardInterrupt):
        if isinstance(exc, KeyboardInterrupt):
            return EXIT["interrupted"]
        raise exc
    if isinstance(exc, BrokenPipeError):  # output piped into `head` and closed: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT["ok"]
    if isinstance(exc, SymdlError):
        _say(str(exc))
        return EXIT["internal"] if isinstance(exc, InternalError) else EXIT["bad input"]
    if isinstance(exc, MemoryError):
        _say(str(out_of_memory()))
        return EXIT["bad input"]
    if isinstance(exc, OSError):
        where = f" {exc.filename!r}" if exc.filename else ""
        _say(f"error: cannot read or write{where}: {exc.strerror or exc}",
             "hint: check that the path exists and is readable (inputs) or writable (outputs)")  # fmt: skip
        return EXIT["bad input"]
    _say(f"internal error: symdl failed on this input ({type(exc).__name__}: {exc})"[:400],
         "hint: this is a bug in symdl; please report the command line")  # fmt: skip
    return EXIT["internal"]


def _say(*lines: str) -> None:
    try:
        print("\n".join(lines), file=sys.stderr, flush=True)
    except OSError:  # stderr itself is gone: nothing more can be said
        pass


if __name__ == "__main__":
    sys.exit(main())
