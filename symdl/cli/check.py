"""``symdl check``: verify a hand-derived gradient, or a whole hand derivation step by step.

Two modes:

* ``symdl check 'F' --wrt x --claim 'G'`` — is ``G`` the gradient of ``F`` by ``x``?
  Symbolic first (bounded in time), numeric second; a refutation shows the simplest
  ``claim - truth``, what the mistake looks like, and a counterexample point with both
  values and the relative error.
* ``symdl check FILE`` — ``FILE`` holds a forward system and claimed ``dZ^{[2]} = ...`` lines
  (LaTeX, one statement per line); each claimed line is checked on its own and the first
  wrong one is named with its line number.

Exit codes (:data:`symdl.cli.EXIT`): 0 verified, 1 refuted, 2 bad input, 3 undecided, 4 internal error.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import sympy

from symdl.cli import EXIT, VERDICT_EXIT
from symdl.cli.common import add_common, read_text
from symdl.config import Config
from symdl.errors import InvalidInput
from symdl.formula import Formula

#: verdict → the sentence that follows it on the first line
HEADLINE = {
    "verified": "the claim is the gradient",
    "refuted": "the claim is NOT the gradient",
    "undecided": "symdl could not decide",
}


#: verdict → its ANSI colour on a terminal (bold green, bold red, bold yellow)
COLOURS = {"verified": "1;32", "refuted": "1;31", "undecided": "1;33", "WRONG": "1;31"}


def paint(text: str, colour: bool) -> str:
    """``text`` with the colour of the verdict word it starts with, when ``colour`` (a terminal, no NO_COLOR)."""
    word = text.split(":", 1)[0].split()[0] if text.strip() else ""
    code = COLOURS.get(word)
    if not colour or code is None:
        return text
    return f"\x1b[{code}m{word}\x1b[0m{text[len(word):]}"


def _text_or_file(arg: str) -> tuple[str, bool]:
    """The argument's text, and whether it came from a file."""
    if arg != "-" and "\n" not in arg and len(arg) < 4096:
        path = Path(arg)
        if path.is_dir():
            raise InvalidInput(f"cannot read the file {arg!r}: it is a folder", hint="pass a file or the formula")
        if path.suffix in (".tex", ".txt", ".md") or path.is_file():
            try:
                return path.read_text(encoding="utf-8"), True
            except OSError as exc:
                raise InvalidInput(f"cannot read the file {arg!r}: {exc.strerror}") from None
    return read_text(arg), False


def _number(v: object) -> str:
    arr = np.asarray(v, dtype=float)
    if arr.ndim == 0:
        return f"{float(arr):.6g}"
    return np.array2string(arr, precision=6, max_line_width=100, threshold=40).replace("\n", "\n" + " " * 14)


def _latex(formula: Formula | None, expr: object) -> str:
    """The expression for a terminal: one line of unicode math (β₁·v, √s, σ(z))."""
    from symdl.render.unicode import to_unicode

    return to_unicode(expr)  # type: ignore[arg-type]


def notes_text(formula: Formula, what: str, skip: frozenset[str] = frozenset()) -> str:
    """The reading notes of ``formula`` (the function, the claim ...), one block each, but those of the rules
    ``skip`` (a reading the check replaced); empty when none."""
    return "".join(f"\nreading note ({what}): " + n.render(formula.source).removeprefix("note: ")
                   for n in formula.notes if n.rule not in skip)


def verdict_text(verdict: object, formula: Formula | None, wrt: str, order: int = 1) -> str:
    """What a person reads for one claimed gradient (``order=2``: Hessian)."""
    v = verdict
    head = HEADLINE[v.verdict].replace("gradient", "Hessian") if order == 2 else HEADLINE[v.verdict]
    lines = [f"{v.verdict}: {head} {'∂²/∂' + wrt + '²' if order == 2 else 'd/d' + wrt} ({v.method})"]
    if getattr(v, "layout", ""):
        lines.append(f"  layout: {v.layout}")
    if v.verdict == "verified":
        if v.method.startswith("symbolic"):
            lines.append("  claim - truth simplifies to 0")
        lines.append(f"  agrees at {v.points} random points, max relative error {v.max_rel_error:.2g}")
    if v.verdict == "refuted":
        if v.truth is not None:
            lines.append(f"  {'Hessian:' if order == 2 else 'gradient:':15}{_latex(formula, v.truth)}")
        if v.difference is not None:
            lines.append(f"  claim - truth = {_latex(formula, v.difference)}")
        if v.diagnosis:
            lines.append(f"  diagnosis:     {v.diagnosis}")
        ce = v.counterexample
        if ce is not None:
            lines.append("  counterexample:")
            for name, value in ce.point.items():
                lines.append(f"    {name:<10} = {_number(value)}")
            if ce.worst:
                lines.append(f"    worst entry {tuple(ce.worst)}:")
                lines.append(f"    claim      = {_number(np.asarray(ce.claim)[ce.worst])}")
                lines.append(f"    truth      = {_number(np.asarray(ce.truth)[ce.worst])}")
            else:
                lines.append(f"    claim      = {_number(ce.claim)}")
                lines.append(f"    truth      = {_number(ce.truth)}")
            lines.append(f"    relative error {ce.rel_error:.3g}")
    lines.extend(f"  note: {n}" for n in v.notes)
    return "\n".join(lines)


def _line_of(formula: Formula, name: str) -> tuple[int, str]:
    """(1-based line, source text) of the statement defining the gradient ``name``."""
    for st in formula.statements:
        target = st.target if st.target is not None else st.lhs
        target = target.base if isinstance(target, sympy.Indexed) else target  # dx_i = ...: a line of dx
        if target is not None and formula.symbols.get(name) == target:
            return formula.source.count("\n", 0, st.span.start) + 1, st.latex.strip()
    return 0, name


def _head(report: object, formula: Formula, path: str | None) -> list[str]:
    """The verdict line, and for a refuted file the compiler-style ``file:line:`` of the first wrong step."""
    wrong = report.first_wrong
    n = len(report.steps)
    if wrong is not None:
        line, text = _line_of(formula, wrong)
        head = [f"refuted: the first wrong step is {wrong} (line {line}) ({report.method})"]
        return head + ([f"{path}:{line}: error: wrong step: {text}"] if path else [])
    if report.verdict == "undecided":
        unsure = [s for s in report.steps if s.undecided]
        line, _ = _line_of(formula, unsure[0].name)
        where = f"{path}:{line}" if path else f"line {line}"
        return [f"undecided: {len(unsure)} of {n} claimed steps could not be computed, the first at {where} "
                f"({report.method})"]
    return [f"verified: all {n} claimed steps are right ({report.method})"]


def report_text(report: object, formula: Formula, path: str | None = None) -> str:
    """What a person reads for a checked hand derivation (``path``: the file's name, for ``file:line``)."""
    wrong = report.first_wrong
    lines = _head(report, formula, path)
    for s in report.steps:
        line, text = _line_of(formula, s.name)
        mark = "ok   " if s.ok else "?    " if s.undecided else "WRONG"
        err = "shape" if s.max_rel_error == float("inf") else "nan" if s.undecided else f"{s.max_rel_error:.2g}"
        lines.append(f"  {mark} line {line:>3}: {text}   [max relative error {err}]")
        if s.note:
            lines.append(f"        {s.note}")
    first = next((s for s in report.steps if not s.ok and not s.undecided), None)
    if first is not None and first.claim is not None and first.truth is not None:
        got, ref = np.asarray(first.claim), np.asarray(first.truth)
        if got.shape == ref.shape:
            err = np.abs(got - ref) / np.maximum(np.abs(ref), 1e-300)
            worst = np.unravel_index(int(np.argmax(err)), err.shape) if err.ndim else ()
            lines.append(f"  at a random point, entry {tuple(int(i) for i in worst)} of {first.name}:")
            lines.append(f"    claim = {_number(got[worst])}")
            lines.append(f"    truth = {_number(ref[worst])}")
    if wrong is not None:
        lines.append("  (each step is checked with the earlier gradients set to their true values)")
    lines += [f"  reading: {r}" for r in getattr(report, "readings", ())]
    lines += [f"  note: {n}" for n in getattr(report, "notes", ())]
    return "\n".join(lines)


def _run_claim(source: str, args: argparse.Namespace, config: Config) -> int:
    from symdl import check_gradient, parse

    formula = parse(source, config=config)
    claim = parse(read_text(args.claim), config=config)
    order = 2 if args.hessian else 1
    verdict = check_gradient(formula, args.wrt, claim, shapes=dict(config.shapes) or None, order=order, config=config)
    if args.format == "json":
        from symdl.render import jsonout

        doc = jsonout.verdict(verdict, wrt=args.wrt, order=order, formula=formula, claim=claim)
        print(jsonout.dump("check", {"mode": "claim", **doc}))
    else:
        text = paint(verdict_text(verdict, formula, args.wrt, order), config.color)
        print(text + notes_text(formula, "function") + notes_text(claim, "claim"))
    return VERDICT_EXIT.get(verdict.verdict, EXIT["undecided"])


def _run_file(source: str, args: argparse.Namespace, config: Config, path: str | None = None) -> int:
    from symdl import check_derivation, parse

    formula = parse(source, config=config)
    report = check_derivation(formula, convention=args.convention, loss=args.loss, config=config)
    from symdl.numeric.stepfamilies import COLUMN_SOFTMAX

    if args.format == "json":
        from symdl.render import jsonout

        lines = {s.name: _line_of(formula, s.name)[0] for s in report.steps}
        print(jsonout.dump("check", {"mode": "file", **jsonout.steps(report, formula, lines, path)}))
        return VERDICT_EXIT.get(report.verdict, EXIT["undecided"])
    replaced = frozenset({"softmax-rows"}) if COLUMN_SOFTMAX in report.readings else frozenset()
    lines = report_text(report, formula, path).split("\n")
    lines = [paint(lines[0], config.color)] + [_paint_mark(x, config.color) for x in lines[1:]]
    print("\n".join(lines) + notes_text(formula, "file", replaced))
    return VERDICT_EXIT.get(report.verdict, EXIT["undecided"])


def _paint_mark(line: str, colour: bool) -> str:
    """A step line ``  WRONG line 9: ...`` with its mark coloured."""
    head = line[: len(line) - len(line.lstrip())]
    return head + paint(line.lstrip(), colour) if line.lstrip().startswith("WRONG") else line


def run(args: argparse.Namespace, config: Config) -> int:
    source, from_file = _text_or_file(args.formula)
    if from_file and args.claim is None and args.wrt is None:
        from symdl.derive.check import is_derivation_text, run_check

        if is_derivation_text(source):  # a file of the derivations library's format
            return run_check(args.formula, config=config, fmt=args.format, quiet=args.quiet)
    if args.claim is not None:
        if args.wrt is None:
            raise InvalidInput("--claim needs --wrt: the variable the claim is the gradient by")
        return _run_claim(source, args, config)
    if args.hessian:
        raise InvalidInput("--hessian needs --wrt and --claim: the claimed Hessian, as LaTeX")
    if args.wrt is not None and not from_file:
        raise InvalidInput("--wrt needs --claim: the claimed gradient, as LaTeX")
    return _run_file(source, args, config, args.formula if from_file else None)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    sp = sub.add_parser(
        "check",
        help="verify a hand-derived gradient or derivation (exit 0 verified, 1 refuted, 2 bad input, 3 undecided)",
        description=(
            "symdl check 'F' --wrt x --claim 'G' checks one claimed gradient; "
            "symdl check FILE checks a forward system plus claimed dX = ... lines, naming the first wrong one."
        ),
    )
    sp.add_argument("formula", help="the function as LaTeX, or a FILE with a forward system and dX = ... lines")
    sp.add_argument("--wrt", help="the variable, as written in the formula")
    sp.add_argument("--claim", help="the claimed gradient, as LaTeX")
    sp.add_argument("--hessian", action="store_true",
                    help="the claim is the Hessian ∂²f/∂x_i∂x_j (an n×n matrix for x of length n), not the gradient")
    sp.add_argument(
        "--convention",
        choices=("ng", "exact"),
        default="ng",
        help="FILE mode: 'ng' (dZ is the per-sample gradient, dW = 1/m dZ A^T) or 'exact' (every dX is dJ/dX)",
    )
    sp.add_argument("--loss", help="FILE mode: the loss (default: the last forward statement)")
    sp.add_argument("-q", "--quiet", action="store_true", help="no progress lines on standard error (derivation files)")
    sp.add_argument("--format", choices=("text", "json"), default="text",
                    help="json: the verdict as a document of render/schema.json (errors too)")  # fmt: skip
    add_common(sp)
    sp.set_defaults(run=run)
