"""``symdl parse``: show how symdl reads a formula."""

from __future__ import annotations

import argparse

from symdl.cli import EXIT
from symdl.cli.common import add_common, read_text
from symdl.config import Config
from symdl.formula import Formula


def reading_text(f: Formula) -> str:
    """How symdl read a formula: each statement with its kind, then the symbols."""
    lines = [f"kind: {f.kind}"]
    for st in f.statements:
        lines.append(f"  [{st.kind}] {st.as_equation()}")
        if st.aliases:  # a = b = c: the middle sides, kept as further forms of the value
            lines.append(f"      also equal to it (a middle side of the chain): {'; '.join(map(str, st.aliases))}")
        if st.previous is not None and st.previous is not st.target:
            if f.later_step(st.target, st.previous):  # GAE's \hat{A}_t = ... \hat{A}_{t+1}: computed from the end
                lines.append(f"      {st.previous} is the value one step later, computed first: {st.target} runs "
                             "backwards")
            else:
                lines.append(f"      {st.previous} is the previous value of {st.target}")
        for expr, label in st.labels.items():
            lines.append(f"      labelled '{label}': {expr}")
    lines.append("symbols:")
    spellings: dict[object, list[str]] = {}  # one line per quantity: snake's \mathrm{x} beside x is one x
    for key, obj in f.symbols.items():
        spellings.setdefault(obj, []).append(key)
    import sympy

    params = {p for st in f.statements for p in st.params}
    families = {str(b.label) for st in f.statements for side in (st.lhs, st.rhs) if side is not None
                for b in getattr(side, "atoms", lambda *_: ())(sympy.IndexedBase)}
    for obj, keys in spellings.items():
        # a number has no shape (a plain k beside the bold keys \mathbf{k}_j shares their name: not their shape)
        shape = None if type(obj).__name__ in ("Symbol", "Dummy") else f.shapes.get(str(getattr(obj, "name", obj)))
        kind = type(obj).__name__
        if kind == "Symbol" and obj in params and str(obj) in families:  # PixelCNN++'s P(x | \pi, \mu, s) = ...
            kind = "IndexedBase (a parameter: the whole family of its entries)"
        key = ", ".join(keys)
        lines.append(f"  {key:<24} {kind}{'' if shape is None else ' ' + str(tuple(shape))}")
    if f.free_indices:
        lines.append("free indices (the value is a vector over them): " + ", ".join(map(str, f.free_indices)))
    for rep in f.warnings:
        lines.append(rep.render(f.source))
    for note in f.notes:
        lines.append(note.render(f.source))
    return "\n".join(lines)


def run(args: argparse.Namespace, config: Config) -> int:
    from symdl import parse

    f = parse(read_text(args.latex), config=config)
    if args.format == "json":
        from symdl.render import jsonout

        print(jsonout.dump("parse", jsonout.reading(f)))
    else:
        print(reading_text(f))
    return EXIT["ok"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    sp = sub.add_parser("parse", help="show how symdl reads a formula (kinds, symbols, shapes)")
    sp.add_argument("latex", help="the formula, or - to read standard input")
    sp.add_argument("--format", choices=("text", "json"), default="text")
    add_common(sp)
    sp.set_defaults(run=run)
