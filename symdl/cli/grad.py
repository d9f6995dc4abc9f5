"""``symdl grad F --wrt X [--wrt Y ...] [--steps] [--emit numpy|torch|jax] [--format text|json|md] [-o FILE|-]``.

Prints each gradient ∂F/∂X in ML layout (the gradient has X's shape), as ``symdl.diff`` computes it; ``--steps``
adds the derivation's steps.  With ``--emit``, the text output is the source of a Python module whose function
takes the formula's inputs as keyword arguments and returns ``(value, {input: gradient})`` (``-o grad.py`` writes it;
``--format md`` and ``json`` carry it beside the gradients).

Exit codes (:data:`symdl.cli.EXIT`): 0 done, 2 bad input (an input not in the formula, a gradient or code symdl
cannot give), 4 internal error.
"""

from __future__ import annotations

import argparse
import sys

from symdl.cli import EXIT
from symdl.cli.common import add_common, read_text
from symdl.cli.output import check_output, is_stdout, write_text
from symdl.config import Config


def gradient_text(g: object, *, steps: bool) -> str:
    """What a person reads: the value, each gradient in one line of Unicode math, its steps, the reading notes."""
    from symdl.render.unicode import to_unicode

    lines = [f"F = {to_unicode(g.value)}"]  # type: ignore[attr-defined]
    for part in g.parts:  # type: ignore[attr-defined]
        lines.append(f"∂F/∂{to_unicode(part.derivation.wrt)} = {to_unicode(part.expr)}")
        if steps:
            for n, st in enumerate(part.derivation.steps, 1):
                lines.append(f"  {n}. {st.description} [{st.rule}]: {to_unicode(st.expr)}")
    formula = g.formula  # type: ignore[attr-defined]
    if formula is not None:
        lines += ["reading note: " + n.render(formula.source).removeprefix("note: ") for n in formula.notes]
    return "\n".join(lines)


def run(args: argparse.Namespace, config: Config) -> int:
    """Differentiate, and print (or write) the gradients, their steps or the emitted code."""
    from symdl import grad, parse

    if args.output is not None and not is_stdout(args.output):
        check_output(args.output)
    formula = parse(read_text(args.latex), config=config)
    g = grad(formula, args.wrt, emit=args.emit, steps=args.steps, name=args.name, config=config)
    if args.format == "json":
        from symdl.render import jsonout

        text = jsonout.dump("grad", jsonout.gradient(g))
    elif args.format == "md":
        text = g._repr_markdown_()
    else:
        text = g.source if g.source is not None else gradient_text(g, steps=args.steps)
    write_text(args.output or "-", text)
    if args.output is not None and not is_stdout(args.output):
        print(f"wrote {args.output}", file=sys.stderr)
    return EXIT["ok"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``grad`` sub-command."""
    sp = sub.add_parser("grad", help="the gradient of a formula (ML layout), its steps, and code computing it",
                        description="symdl grad 'F' --wrt X prints dF/dX with X's shape; --emit numpy|torch|jax "
                        "prints a Python function computing F and its gradients")  # fmt: skip
    sp.add_argument("latex", help="the formula, or - to read standard input")
    sp.add_argument("--wrt", action="append", required=True, metavar="X",
                    help="an input to differentiate by, as written in the formula (repeatable)")  # fmt: skip
    sp.add_argument("--steps", action="store_true", help="show each derivation's steps")
    sp.add_argument("--emit", choices=("numpy", "torch", "jax"),
                    help="print the source of a Python function computing the value and the gradients (numpy: the "
                    "program symdl.lambdify runs, with its stable forms; torch, jax: SymPy's printers)")  # fmt: skip
    sp.add_argument("--name", help="the emitted function's name (default: grad_ and the inputs)")
    sp.add_argument("--format", choices=("text", "json", "md"), default="text",
                    help="json: a document of render/schema.json (errors too); md: Markdown with math")  # fmt: skip
    sp.add_argument("-o", "--output", help="write to this file (- : standard output, the default)")
    add_common(sp)
    sp.set_defaults(run=run)
