"""``%load_ext symdl``: the ``%symdl`` line magic and ``%%symdl`` cell magic for Jupyter and IPython.

Each returns the result object, which the notebook shows as Markdown with rendered math:

* ``%symdl explain LATEX`` or a cell ``%%symdl explain`` — the chunked explanation;
* ``%symdl parse LATEX`` / ``%%symdl parse`` — how symdl read it;
* ``%%symdl check --wrt x --claim G`` (the cell is the function) — the verdict on a claimed gradient;
  ``%%symdl check`` of a forward system with ``dX = ...`` lines — every step's verdict;
* ``%symdl derive NAME`` — a library derivation verified; ``%%symdl derive`` — the cell is a derivation file;
* ``%symdl diff LATEX --wrt x`` — the derivative with its steps;
* ``%symdl grad LATEX --wrt W [--emit numpy|torch|jax]`` — the gradient (ML layout) and the code computing it.

Options are the command line's (``--shape W=3x4``, ``--label y_i``, ``--layout``, ``--budget``...). An error is
shown as symdl's message (span, caret, hint), never a traceback; nothing in a cell is evaluated as Python.
"""

from __future__ import annotations

import argparse
import shlex
from typing import Any

from symdl.errors import InvalidInput, SymdlError

#: the magic's sub-commands
COMMANDS = ("explain", "parse", "check", "derive", "diff", "grad")


class MagicError(InvalidInput):
    """A magic line symdl cannot read (IPython shows every SymdlError as a ``UsageError``: no traceback)."""


def _parser() -> argparse.ArgumentParser:
    from symdl.cli.common import add_common

    p = argparse.ArgumentParser(prog="%symdl", add_help=False, exit_on_error=False)
    p.add_argument("command", choices=COMMANDS)
    p.add_argument("latex", nargs="*", help="the formula (line magic), or a library name for derive")
    p.add_argument("--wrt")
    p.add_argument("--claim")
    p.add_argument("--hessian", action="store_true")
    p.add_argument("--convention", choices=("ng", "exact"), default="ng")
    p.add_argument("--loss")
    p.add_argument("--emit", choices=("numpy", "torch", "jax"))
    p.add_argument("--steps", action="store_true")
    add_common(p)
    return p


def run(line: str, cell: str | None = None) -> Any:
    """The magic's result for ``line`` (and the ``cell`` body).

    Raises:
        SymdlError: the input cannot be read or checked (:class:`MagicError` for the magic's own line).
    """
    import symdl
    from symdl.cli.common import config_from

    try:
        args = _parser().parse_args(shlex.split(line))
    except (argparse.ArgumentError, ValueError, SystemExit) as exc:
        raise MagicError(f"%symdl: {exc}; write %symdl explain|parse|check|derive|diff|grad [options]") from None
    text = cell if cell is not None and cell.strip() else " ".join(args.latex)
    if not text.strip():
        raise MagicError(f"%symdl {args.command}: no formula (write it after the command, or in the cell)")
    from symdl.budget import metered

    config = config_from(args)
    with metered(config.budgets, config.time_limit):  # one magic, one account of budgets (as one command)
        return _dispatch(symdl, args, text, config, from_cell=cell is not None and bool(cell.strip()))


def _dispatch(symdl: Any, args: argparse.Namespace, text: str, config: Any, *, from_cell: bool) -> Any:
    if args.command == "explain":
        return symdl.explain(symdl.parse(text, config=config), config=config)
    if args.command == "parse":
        return symdl.parse(text, config=config)
    if args.command == "diff":
        if args.wrt is None:
            raise MagicError("%symdl diff needs --wrt: the variable")
        return symdl.diff(symdl.parse(text, config=config), args.wrt, config=config)
    if args.command == "grad":
        if args.wrt is None:
            raise MagicError("%symdl grad needs --wrt: the input")
        return symdl.grad(symdl.parse(text, config=config), args.wrt, emit=args.emit, steps=args.steps, config=config)
    if args.command == "derive":
        from symdl.derive.format import loads
        from symdl.derive.library import load_named
        from symdl.derive.verify import verify

        derivation = loads(text, name="cell") if from_cell else load_named(text.strip())
        return verify(derivation, config=config)
    formula = symdl.parse(text, config=config)
    if args.claim is not None:
        if args.wrt is None:
            raise MagicError("--claim needs --wrt: the variable the claim is the gradient by")
        claim = symdl.parse(args.claim, config=config)
        order = 2 if args.hessian else 1
        return symdl.check_gradient(formula, args.wrt, claim, shapes=dict(config.shapes) or None, order=order,
                                    config=config)  # fmt: skip
    return symdl.check_derivation(formula, convention=args.convention, loss=args.loss, config=config)


def load_ipython_extension(ipython: Any) -> None:
    """Register ``%symdl`` and ``%%symdl`` (called by ``%load_ext symdl``)."""
    from IPython.core.error import UsageError

    def symdl(line: str, cell: str | None = None) -> Any:
        try:
            return run(line, cell)
        except SymdlError as exc:
            raise UsageError(str(exc)) from None

    symdl.__doc__ = __doc__
    ipython.register_magic_function(symdl, magic_kind="line_cell", magic_name="symdl")
