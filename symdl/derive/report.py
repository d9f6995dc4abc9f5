"""The report of a verified derivation, and what every statement kind's handler shares.

:class:`Report` and :class:`StepReport` are what :func:`symdl.derive.verify` returns and what
:mod:`symdl.render.document` formats.  :data:`HANDLERS` maps a statement kind to the function
that verifies it: :mod:`symdl.derive.verify` registers ``define``, ``claim``, ``gradient`` and
``plot``, :mod:`symdl.derive.systems` registers ``compare`` and ``backprop`` (with
:func:`handles`), so neither module imports the other.  The helpers below (reading a block,
showing it as LaTeX, the bounded symbolic check, combining verdicts) are used by both.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import sympy

from symdl.activations import SMOOTH_CLASSES
from symdl.config import Config
from symdl.derive.evaluate import Context, NumericCheck
from symdl.derive.model import Block, DerivationError, DerivationFile
from symdl.errors import NotSupported, Span, SymdlError
from symdl.formula import Formula
from symdl.latex import SymdlLatexPrinter
from symdl.printers import Shown
from symdl.simplify import bounded_simplify

if TYPE_CHECKING:
    from symdl.chunk import Explanation

#: functions rewritten through exp when a difference does not simplify to zero as written
REWRITE_TO_EXP = SMOOTH_CLASSES  # sigmoid, tanh, softplus (records without kinks, symdl.activations)

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class StepReport:
    """The verification of one statement.

    Attributes:
        name: the statement's name.
        kind: its kind (``define``, ``claim``, ...).
        verdict: ``verified``, ``refuted`` or ``undecided`` (``plot`` statements: ``shown``).
        symbolic: ``verified``, ``refuted``, ``undecided`` (not shown in time) or ``n/a``.
        numeric: the numeric check, or None when none applies.
        rule: the rule used (the author's ``rule:`` and/or the rules symdl applied).
        latex: the statement as LaTeX, for display.
        steps: ``(description, rule, LaTeX)`` of the symbolic derivation, when one was made.
        details: further lines (what was defined, the concept found, a counterexample...).
        explanation: the statement chunked into concepts (:func:`symdl.pipeline.explain`), for
            documents; None when not asked for or when it could not be made.
        context_statements: how many leading statements of the explained formula are another statement's, read
            with this one for their names (a backprop's forward system): a document explains only the rest.
    """

    name: str
    kind: str
    verdict: str
    symbolic: str
    numeric: NumericCheck | None
    rule: str
    latex: str
    steps: tuple[tuple[str, str, str], ...] = ()
    details: tuple[str, ...] = ()
    explanation: Explanation | None = None
    context_statements: int = 0


@dataclass(repr=False)
class Report(Shown):
    """Every step's verdict for one derivation file."""

    derivation: DerivationFile
    steps: list[StepReport] = field(default_factory=list)
    formulas: dict[str, Formula] = field(default_factory=dict)
    context: Context = field(default_factory=Context)
    extras: dict[str, object] = field(default_factory=dict)

    @property
    def first_wrong(self) -> StepReport | None:
        """The first refuted step, or None."""
        return next((s for s in self.steps if s.verdict == "refuted"), None)

    @property
    def verdict(self) -> str:
        """``verified`` when every step is, ``refuted`` when one is wrong, else ``undecided``."""
        if self.first_wrong is not None:
            return "refuted"
        ok = all(s.verdict in ("verified", "shown") for s in self.steps)
        return "verified" if ok else "undecided"


#: verifies one statement of a kind in the context of the ones before it
Handler = Callable[[Block, Report, Config], StepReport]
#: statement kind → its handler (filled by :func:`handles` in verify and systems)
HANDLERS: dict[str, Handler] = {}


def handles(*kinds: str) -> Callable[[Handler], Handler]:
    """Register the decorated function as the handler of statements of ``kinds``."""

    def register(fn: Handler) -> Handler:
        for kind in kinds:
            HANDLERS[kind] = fn
        return fn

    return register


def parse_block(
    block: Block, d: DerivationFile, ctx: Context, config: Config, *, text: str | None = None, at: int | None = None
) -> Formula:
    """Parse a block's LaTeX (or another text of it) with the derivation's shapes; errors point into the file."""
    from symdl.pipeline import parse

    shape = block.fields.get("shape")
    if shape is not None and shape.value:
        for item in shape.value.split(","):
            name, _, dims = item.partition("=")
            try:
                ctx.shapes[name.strip()] = tuple(int(x) for x in dims.lower().split("x"))
            except ValueError:
                raise DerivationError(f"cannot read the shape '{item.strip()}'", path=d.path, source=d.source,
                                      span=shape.span, hint="write 'shape: W=3x4, x=4'") from None  # fmt: skip
    src = block.text if text is None else text
    try:
        f = parse(src, config=config.with_(shapes=dict(ctx.shapes)))
        for st in f.statements:  # a \\le b is no equality: never verified as one
            if st.relation or st.kind == "distribution":  # W \\sim U[-a, a], \\mathcal{N}(0, s) alone
                raise NotSupported(f"a step that is {'an' if st.kind == 'inequality' else 'a'} {st.kind}: symdl "
                                   "checks equalities only", source=src, span=st.span,
                                   hint="write the step as an equality, or leave the bound as prose")
        return f
    except SymdlError as exc:
        if at is None:
            span = Span(block.file_offset(exc.span.start), block.file_offset(exc.span.end))
        else:
            span = Span(at + exc.span.start, at + exc.span.end)
        raise DerivationError(exc.message, path=d.path, source=d.source, span=span, hint=exc.hint) from None


def latex(ctx: Context, expr: sympy.Basic) -> str:
    """``expr`` as LaTeX, with every symbol spelled as the derivation wrote it."""
    names = {k: v for k, v in ctx.latex_names.items() if isinstance(k, sympy.Symbol | sympy.MatrixSymbol)}
    by_name = {str(k): v for k, v in names.items()}  # a matrix re-made with the same name (expanded, shaped)
    names.update({m: by_name[str(m)] for m in expr.atoms(sympy.Symbol, sympy.MatrixSymbol) if str(m) in by_name})
    try:  # symdl's printer: an element-wise f.(X) as a reader writes it, f(X), and g'(X) for its derivative
        return SymdlLatexPrinter({"symbol_names": names}).doprint(expr)
    except Exception:  # an exotic node the printer rejects: fall back to its string form
        return sympy.latex(sympy.Symbol(str(expr)))


def statement_latex(ctx: Context, f: Formula) -> str:
    """Every statement of ``f`` as LaTeX (``lhs = rhs``), one per row."""
    rows = []
    for st in f.statements:
        rhs = latex(ctx, st.rhs)
        rows.append(rhs if st.lhs is None else f"{latex(ctx, st.lhs)} = {rhs}")
    return r" \\ ".join(rows)


def symbolic_zero(expr: sympy.Basic, config: Config) -> str:
    """``verified``: ``expr`` simplifies to zero in its budget; ``refuted``: to a nonzero number; else ``undecided``."""
    try:
        if isinstance(expr, sympy.MatrixExpr):
            expr = expr.doit()
        out, gave_up = bounded_simplify(expr)
        if out != 0 and not isinstance(out, sympy.MatrixExpr) and out.has(*REWRITE_TO_EXP):
            out, gave_up = bounded_simplify(out.rewrite(sympy.exp))
    except Exception:
        return "undecided"
    if out == 0 or getattr(out, "is_ZeroMatrix", False):
        return "verified"
    if not gave_up and out.is_number and out != 0:
        return "refuted"
    return "undecided"


def combine(symbolic: str, numeric: NumericCheck | None) -> str:
    """A step's verdict from its symbolic and numeric parts: a numeric counterexample refutes."""
    if numeric is not None and numeric.points and not numeric.ok:
        return "refuted"
    if symbolic == "refuted":
        return "refuted"
    if numeric is not None and numeric.ok:
        return "verified"
    return "verified" if symbolic == "verified" else "undecided"
