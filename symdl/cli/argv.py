"""A pre-pass over the command line: LaTeX arguments that start with a minus sign.

argparse reads every argument that starts with ``-`` as an option, so ``symdl check -x^2 --wrt x --claim -2x`` and
``symdl explain '-\\sum_i y_i \\log p_i'`` were usage errors ("expected one argument").  :func:`latex_minus` rewrites
such a command line before argparse sees it, in two documented ways:

* an option's value that starts with ``-`` is joined to its option: ``--claim -2x`` → ``--claim=-2x`` (argparse reads
  the value after ``=`` as is);
* when a positional argument (the formula, compare's two formulas, derive's FILE) starts with ``-``, every positional
  argument moves, in its order, after a ``--`` at the end (argparse reads everything after ``--`` as positional).

An argument that starts with ``-`` is one of the command's options when it is one of its option strings (``-o``,
``-h``, ``--wrt``, ``--claim=...``, ``-ofile``) or a prefix of one of its long options (``--cl``, as argparse
accepts); ``-`` alone is standard input.  Anything else that starts with one ``-`` is LaTeX (``-x``, ``-\\log``,
``-2x``), as is a ``--`` argument that is no option and holds a backslash, digit, ``^``, ``_``, a bracket or an
operator.  A ``--`` the user wrote is kept: what follows it is positional already.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Sequence

#: characters that make an argument starting with ``--`` LaTeX, not a misspelt option
LATEX_MARK = re.compile(r"[\\\d^_(){}\[\]|+*/'<>=,.! ]")


def latex_minus(parser: argparse.ArgumentParser, argv: Sequence[str]) -> list[str]:
    """``argv`` with LaTeX arguments that start with ``-`` made readable to ``parser`` (see the module's text)."""
    argv = list(argv)
    sub = _subcommand(parser, argv)
    if sub is None:
        return argv
    k, sp = sub
    opts = sp._option_string_actions
    out, positionals, moved = argv[: k + 1], [], False
    i = k + 1
    while i < len(argv):
        tok = argv[i]
        if tok == "--":
            positionals += argv[i + 1 :]
            moved = True
            break
        action = _option(opts, tok)
        if action is None:
            positionals.append(tok)
            moved = moved or (tok.startswith("-") and tok != "-")
        elif _takes_value(action, tok, opts) and i + 1 < len(argv) and argv[i + 1].startswith("-") and \
                argv[i + 1] not in ("-", "--") and _option(opts, argv[i + 1]) is None:  # fmt: skip
            out.append(f"{tok}={argv[i + 1]}")
            i += 1
        else:
            out.append(tok)
            if _takes_value(action, tok, opts) and i + 1 < len(argv):
                out.append(argv[i + 1])  # its value, read as is (-o -)
                i += 1
        i += 1
    return [*out, "--", *positionals] if moved else [*out, *positionals]


def _subcommand(parser: argparse.ArgumentParser, argv: list[str]) -> tuple[int, argparse.ArgumentParser] | None:
    """The index of the command's name in ``argv`` and its parser (None: no command, or ``--help`` first)."""
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    for k, tok in enumerate(argv):
        if not tok.startswith("-"):
            return (k, subs[0].choices[tok]) if subs and tok in subs[0].choices else None
    return None


def _option(opts: dict[str, argparse.Action], tok: str) -> argparse.Action | None:
    """The action ``tok`` names when it is one of the command's options, else None (LaTeX, ``-``, a positional)."""
    if not tok.startswith("-") or tok == "-":
        return None
    name = tok.split("=", 1)[0]
    if name in opts:
        return opts[name]
    if tok.startswith("--"):
        prefixed = [a for s, a in opts.items() if s.startswith("--") and s.startswith(name)]
        if prefixed:
            return prefixed[0]
        return None if LATEX_MARK.search(tok) else argparse.Action([tok], "unknown")  # argparse says it is unknown
    short = [a for s, a in opts.items() if len(s) == 2 and tok.startswith(s) and a.nargs is None]
    return short[0] if short else None  # -ofile: -o with its value attached


def _takes_value(action: argparse.Action, tok: str, opts: dict[str, argparse.Action]) -> bool:
    """Whether the next argument is this option's value: one value, not given in ``tok`` itself."""
    name = tok.split("=", 1)[0]
    attached = "=" in tok or (not tok.startswith("--") and name not in opts)
    return action.nargs is None and action.option_strings != [] and not attached and action.dest != "unknown"
