"""The ``symdl`` command.

Exit codes: 0 success (or ``verified``), 1 ``refuted``, 2 bad input (the error is
printed with its line, column and a caret), 3 ``undecided``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from symdl.config import Config
from symdl.errors import SymdlError
from symdl.formula import Formula


def _read_text(arg: str) -> str:
    return sys.stdin.read() if arg == "-" else arg


def _shapes(items: Sequence[str] | None) -> dict[str, tuple[int, ...]]:
    out: dict[str, tuple[int, ...]] = {}
    for item in items or ():
        name, _, dims = item.partition("=")
        try:
            out[name.strip()] = tuple(int(d) for d in dims.lower().split("x"))
        except ValueError:
            raise SymdlError(
                f"cannot read the shape '{item}'", hint="write --shape 'W=3x4' or --shape 'x=4'"
            ) from None
    return out


def reading_text(f: Formula) -> str:
    """How symdl read a formula: each statement with its kind, then the symbols."""
    lines = [f"kind: {f.kind}"]
    for st in f.statements:
        lines.append(f"  [{st.kind}] {st.as_equation()}")
        if st.previous is not None and st.previous is not st.target:
            lines.append(f"      {st.previous} is the previous value of {st.target}")
        for expr, label in st.labels.items():
            lines.append(f"      labelled '{label}': {expr}")
    lines.append("symbols:")
    for key, obj in f.symbols.items():
        shape = f.shapes.get(str(getattr(obj, "name", obj)))
        kind = type(obj).__name__
        lines.append(f"  {key:<24} {kind}{'' if shape is None else ' ' + str(tuple(shape))}")
    if f.free_indices:
        lines.append("free indices (the value is a vector over them): " + ", ".join(map(str, f.free_indices)))
    for rep in f.warnings:
        lines.append(rep.render(f.source))
    return "\n".join(lines)


def _cmd_parse(args: argparse.Namespace, config: Config) -> int:
    from symdl import parse

    f = parse(_read_text(args.latex), config=config)
    if args.format == "json":
        print(
            json.dumps(
                {
                    "kind": f.kind,
                    "statements": [
                        {"kind": s.kind, "lhs": None if s.lhs is None else str(s.lhs), "rhs": str(s.rhs)}
                        for s in f.statements
                    ],
                    "symbols": {k: str(v) for k, v in f.symbols.items()},
                    "warnings": [r.message for r in f.warnings],
                },
                indent=2,
            )
        )
    else:
        print(reading_text(f))
    return 0


def _cmd_explain(args: argparse.Namespace, config: Config) -> int:
    from symdl import explain, parse
    from symdl.render import explanation as render

    f = parse(_read_text(args.latex), config=config)
    expl = explain(f, config=config)
    fmt = args.format
    out: Any = {
        "text": lambda: render.to_text(expl, color=config.color and sys.stdout.isatty()),
        "md": lambda: render.to_markdown(expl),
        "tex": lambda: render.to_latex(expl),
        "json": lambda: render.to_json(expl),
    }[fmt]()
    print(out)
    return 0


def _cmd_compare(args: argparse.Namespace, config: Config) -> int:
    from symdl import compare
    from symdl.render import explanation as render

    result = compare(_read_text(args.a), _read_text(args.b), config=config)
    to = getattr(render, "comparison_to_json" if args.format == "json" else "comparison_to_text", None)
    print(to(result) if to else result)
    return 0


def _cmd_check(args: argparse.Namespace, config: Config) -> int:
    from symdl import check_gradient

    verdict = check_gradient(
        _read_text(args.formula), args.wrt, args.claim, shapes=_shapes(args.shape), config=config
    )
    print(verdict)
    status = getattr(verdict, "status", getattr(verdict, "verdict", "undecided"))
    return {"verified": 0, "refuted": 1}.get(str(status), 3)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="symdl", description="Symbolic derivations for the math of deep learning."
    )
    p.add_argument("--version", action="version", version="symdl 0.1.0")
    sub = p.add_subparsers(dest="command", required=True)

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument(
            "--lenient", action="store_true", help="repair stripped backslashes/braces, reporting each"
        )
        sp.add_argument("--shape", action="append", metavar="NAME=DIMS", help="declare a shape, e.g. W=3x4")
        sp.add_argument("--no-color", action="store_true", help="plain text output")

    sp = sub.add_parser("parse", help="show how symdl reads a formula")
    sp.add_argument("latex", help="the formula, or - to read standard input")
    sp.add_argument("--format", choices=("text", "json"), default="text")
    common(sp)
    sp.set_defaults(run=_cmd_parse)

    sp = sub.add_parser("explain", help="chunk a formula into named concepts and explain them")
    sp.add_argument("latex", help="the formula, or - to read standard input")
    sp.add_argument("--format", choices=("text", "md", "tex", "json"), default="text")
    common(sp)
    sp.set_defaults(run=_cmd_explain)

    sp = sub.add_parser("compare", help="are two formulas the same concept?")
    sp.add_argument("a")
    sp.add_argument("b")
    sp.add_argument("--format", choices=("text", "json"), default="text")
    common(sp)
    sp.set_defaults(run=_cmd_compare)

    sp = sub.add_parser("check", help="verify a hand-derived gradient")
    sp.add_argument("formula")
    sp.add_argument("--wrt", required=True)
    sp.add_argument("--claim", required=True)
    common(sp)
    sp.set_defaults(run=_cmd_check)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        config = Config(lenient=args.lenient, color=not args.no_color, shapes=_shapes(args.shape))
        return int(args.run(args, config))
    except SymdlError as err:
        print(str(err), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
