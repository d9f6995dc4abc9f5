"""Derivation files: load (positioned errors), verify every step, build documents, ``symdl check FILE``.

Public API:

* :func:`load` / :func:`loads` → :class:`DerivationFile` (format: ``derivations/README.md``);
* :func:`verify` ``(derivation, *, config, progress)`` → :class:`Report` (a verdict per statement);
* :func:`check_file` ``(path_or_name)`` → :class:`Report` and :func:`report_to_text` for ``symdl check FILE``;
* :func:`library_dir`, :func:`names`, :func:`load_named` — the library shipped in ``symdl/derivations``.

Inside: :mod:`~symdl.derive.report` (the report types, the ``{kind: handler}`` table and the helpers
every handler shares) ← :mod:`~symdl.derive.verify` (define, claim, gradient, plot) and
:mod:`~symdl.derive.systems` (compare, backprop), which register their handlers there; both call
the stages through :mod:`symdl.pipeline`, never through the guarded ``symdl.*`` functions.
"""

from __future__ import annotations

from symdl.derive import check as _check
from symdl.derive import systems as systems  # imported for its effect: registers the compare and backprop handlers
from symdl.derive.check import report_to_text
from symdl.derive.format import load, loads
from symdl.derive.library import library_dir, load_named, names
from symdl.derive.model import Block, DerivationError, DerivationFile, Prose
from symdl.derive.report import Report, StepReport
from symdl.derive.verify import verify
from symdl.guard import guarded

#: the public entry: a whole derivation runs under one guard, one account of budgets
check_file = guarded("derive")(_check.check_file)

__all__ = [
    "Block",
    "DerivationError",
    "DerivationFile",
    "Prose",
    "Report",
    "StepReport",
    "check_file",
    "library_dir",
    "load",
    "load_named",
    "loads",
    "names",
    "report_to_text",
    "verify",
]
