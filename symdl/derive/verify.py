"""Verify every statement of a derivation: symbolically where possible (time-bounded), numerically always.

* ``define``: parsed, its definitions put in force; checked to evaluate finitely at random
  points and, with ``concept:``, to be recognised as that concept by :func:`symdl.explain`.
  A define of a function symdl already knows (``\\sigma(x) = ...``) or of a derivative
  (``\\sigma'(x) = ...``) is a claim and is checked as one.
* ``claim``: ``lhs = rhs`` given the definitions: bounded simplification of the difference,
  and both sides evaluated at random points; a derivative on the left (``f'(x) = ...``) is a
  gradient claim.
* ``gradient``: ``claim = d(of)/d(wrt)``: :func:`symdl.check_gradient` (symbolic) and the
  finite-difference/complex-step comparison (always); the derivation's steps and rules
  come from :func:`symdl.diff`.
* ``backprop`` and ``compare``: :mod:`symdl.derive.systems`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import sympy
from sympy.core.function import AppliedUndef

from symdl.config import DEFAULT, Config
from symdl.derive.evaluate import Context, NumericCheck, numeric_gradient, numeric_identity
from symdl.derive.model import Block, DerivationError, DerivationFile
from symdl.errors import Span, SymdlError
from symdl.formula import Formula
from symdl.functions import sigmoid, softplus
from symdl.simplify import bounded_simplify

#: functions rewritten through exp when a difference does not simplify to zero as written
REWRITE_TO_EXP = (sigmoid, softplus, sympy.tanh)

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


@dataclass
class Report:
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


def parse_block(
    block: Block, d: DerivationFile, ctx: Context, config: Config, *, text: str | None = None, at: int | None = None
) -> Formula:
    """Parse a block's LaTeX (or another text of it) with the derivation's shapes; errors point into the file."""
    from symdl import parse

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
        return parse(src, config=config.with_(shapes=dict(ctx.shapes)))
    except SymdlError as exc:
        if at is None:
            span = Span(block.file_offset(exc.span.start), block.file_offset(exc.span.end))
        else:
            span = Span(at + exc.span.start, at + exc.span.end)
        raise DerivationError(exc.message, path=d.path, source=d.source, span=span, hint=exc.hint) from None


def _latex(ctx: Context, expr: sympy.Basic) -> str:
    names = {k: v for k, v in ctx.latex_names.items() if isinstance(k, sympy.Symbol)}
    try:
        return sympy.latex(expr, symbol_names=names)
    except Exception:  # an exotic node the printer rejects: fall back to its string form
        return sympy.latex(sympy.Symbol(str(expr)))


def _symbolic_zero(expr: sympy.Basic, config: Config) -> str:
    try:
        if isinstance(expr, sympy.MatrixExpr):
            expr = expr.doit()
        out, gave_up = bounded_simplify(expr, seconds=config.simplify_seconds)
        if out != 0 and not isinstance(out, sympy.MatrixExpr) and out.has(*REWRITE_TO_EXP):
            out, gave_up = bounded_simplify(out.rewrite(sympy.exp), seconds=config.simplify_seconds)
    except Exception:
        return "undecided"
    if out == 0 or getattr(out, "is_ZeroMatrix", False):
        return "verified"
    if not gave_up and out.is_number and out != 0:
        return "refuted"
    return "undecided"


def _combine(symbolic: str, numeric: NumericCheck | None) -> str:
    if numeric is not None and numeric.points and not numeric.ok:
        return "refuted"
    if symbolic == "refuted":
        return "refuted"
    if numeric is not None and numeric.ok:
        return "verified"
    return "verified" if symbolic == "verified" else "undecided"


def _is_claim_define(f: Formula) -> bool:
    st = f.statements[0]
    lhs = st.lhs
    known = isinstance(lhs, sympy.Function) and not isinstance(lhs, AppliedUndef)
    return len(f.statements) == 1 and (known or isinstance(lhs, sympy.Derivative))


def _derivative_claim(name: str, kind: str, rule: str, lhs: sympy.Derivative, rhs: sympy.Basic,
                      ctx: Context, config: Config, shown: str) -> StepReport:  # fmt: skip
    var = lhs.variables[0]
    return _gradient_report(name, kind, rule, ctx.expand(lhs.expr), var, ctx.expand(rhs), ctx, config, shown)


def _gradient_report(name: str, kind: str, rule: str, f: sympy.Basic, var: sympy.Basic, claim: sympy.Basic,
                     ctx: Context, config: Config, shown: str) -> StepReport:  # fmt: skip
    from symdl import check_gradient, diff

    steps: tuple[tuple[str, str, str], ...] = ()
    rules: list[str] = []
    try:
        dv = diff(f, var, config=config)
        steps = tuple((s.description, s.rule, _latex(ctx, s.expr)) for s in dv.steps)
        rules = list(dict.fromkeys(r for s in dv.steps for r in s.rule.split("; ") if r and r != "result"))
    except SymdlError:
        pass
    symbolic = "undecided"
    details: list[str] = []
    try:
        v = check_gradient(f, var, claim, config=config)
        if v.method == "symbolic":
            symbolic = "verified"
        elif v.verdict == "refuted" and v.difference is not None:
            details.append(f"claim − truth = {v.difference}")
    except SymdlError as exc:
        details.append(exc.message)
    numeric = numeric_gradient(f, var, claim, ctx, config=config)
    if numeric.note:
        details.append(numeric.note)
    full_rule = "; ".join(x for x in (rule, ", ".join(rules)) if x)
    return StepReport(name, kind, _combine(symbolic, numeric), symbolic, numeric, full_rule, shown, steps,
                      tuple(details))  # fmt: skip


def _statement_latex(ctx: Context, f: Formula) -> str:
    rows = []
    for st in f.statements:
        rhs = _latex(ctx, st.rhs)
        rows.append(rhs if st.lhs is None else f"{_latex(ctx, st.lhs)} = {rhs}")
    return r" \\ ".join(rows)


def _identity_report(name: str, kind: str, rule: str, f: Formula, ctx: Context, config: Config) -> StepReport:
    shown = _statement_latex(ctx, f)
    parts: list[StepReport] = []
    for st in f.statements:
        if st.lhs is None:
            raise SymdlError("a claim needs an '=': write 'claim NAME: left = right'")
        if isinstance(st.lhs, sympy.Derivative):
            parts.append(_derivative_claim(name, kind, rule, st.lhs, st.rhs, ctx, config, shown))
            continue
        lhs, rhs = ctx.expand(st.lhs), ctx.expand(st.rhs)
        symbolic = _symbolic_zero(lhs - rhs, config)
        numeric = numeric_identity(lhs, rhs, ctx, config=config)
        parts.append(StepReport(name, kind, _combine(symbolic, numeric), symbolic, numeric, rule, shown,
                                details=(numeric.note,) if numeric.note else ()))  # fmt: skip
    worst = next((p for p in parts if p.verdict == "refuted"), None) or next(
        (p for p in parts if p.verdict == "undecided"), parts[0]
    )
    return worst


def _check_concept(f: Formula, concept: str, config: Config) -> tuple[bool, str]:
    from symdl import explain

    try:
        found = set(explain(f, config=config).concepts)
    except SymdlError as exc:
        return False, f"explain failed: {exc.message}"
    if concept in found:
        return True, f"recognised as `{concept}` by symdl explain"
    return False, f"expected the concept `{concept}`, symdl explain found: {', '.join(sorted(found)) or 'none'}"


def verify_block(block: Block, report: Report, config: Config) -> StepReport:
    """Verify one statement in the context of the ones before it."""
    from symdl.derive import systems

    d, ctx = report.derivation, report.context
    rule = block.get("rule")
    if block.kind == "plot":
        return StepReport(block.name, "plot", "shown", "n/a", None, "", block.text)
    if block.kind == "compare":
        return systems.verify_compare(block, report, config)
    if block.kind == "backprop":
        return systems.verify_backprop(block, report, config)
    f = parse_block(block, d, ctx, config)
    report.formulas[block.name] = f
    ctx.learn(f)
    if block.kind == "gradient":
        return _verify_gradient(block, f, report, config)
    if block.kind == "claim" or _is_claim_define(f):
        step = _identity_report(block.name, block.kind, rule, f, ctx, config)
    else:
        defined = ctx.define(f)
        value = ctx.expand(f.statements[-1].rhs)
        numeric = numeric_identity(value, value, ctx, config=config)
        details = [f"defines {', '.join(defined)}"] if defined else []
        details += [numeric.note] if numeric.note else []
        symbolic = "n/a"
        verdict = "verified" if numeric.ok else "undecided"
        step = StepReport(block.name, "define", verdict, symbolic, numeric, rule or "definition",
                          _statement_latex(ctx, f), (), tuple(details))  # fmt: skip
    concept = block.get("concept")
    if concept:
        ok, line = _check_concept(f, concept, config)
        verdict = step.verdict if ok else "refuted"
        step = StepReport(step.name, step.kind, verdict, step.symbolic, step.numeric, step.rule, step.latex,
                          step.steps, (*step.details, line))  # fmt: skip
    return step


def _verify_gradient(block: Block, claim_f: Formula, report: Report, config: Config) -> StepReport:
    d, ctx = report.derivation, report.context
    of = block.fields["of"]
    if of.value in report.formulas:
        source = report.formulas[of.value]
    else:
        source = parse_block(block, d, ctx, config, text=of.value, at=of.span.start)
        ctx.learn(source)
    f = ctx.expand(source.statements[-1].rhs)
    wrt = block.fields["wrt"]
    var = ctx.spell.get(wrt.value) or source.symbols.get(wrt.value)
    if var is None:
        by_name = {str(getattr(s, "name", s)): s for s in f.free_symbols | f.atoms(sympy.IndexedBase)}
        var = by_name.get(wrt.value)
    if var is None:
        raise DerivationError(f"'{wrt.value}' is not a variable of '{of.value}'", path=d.path, source=d.source,
                              span=wrt.span, hint="write the variable as it is spelled in the formula")  # fmt: skip
    by_name = {m.name: m for m in f.atoms(sympy.MatrixSymbol)}
    claim = ctx.expand(claim_f.statements[-1].rhs)
    claim = claim.xreplace({m: by_name[m.name] for m in claim.atoms(sympy.MatrixSymbol) if m.name in by_name})
    shown = _statement_latex(ctx, claim_f)
    if claim_f.statements[-1].lhs is None:
        shown = rf"\frac{{\partial}}{{\partial {_latex(ctx, var)}}} \left({_latex(ctx, f)}\right) = {shown}"
    return _gradient_report(block.name, "gradient", block.get("rule"), f, var, claim, ctx, config, shown)


def verify(d: DerivationFile, *, config: Config = DEFAULT, progress: Progress | None = None) -> Report:
    """Verify every statement of a loaded derivation, in order.

    Args:
        d: the derivation.
        config: tolerances, time bounds and seed.
        progress: called as ``progress(done, total, name)`` before each statement.

    Raises:
        DerivationError: a statement's LaTeX does not parse (positioned in the file).
    """
    report = Report(d)
    blocks = d.blocks
    for n, block in enumerate(blocks):
        if progress is not None:
            progress(n, len(blocks), block.name)
        try:
            report.steps.append(verify_block(block, report, config))
        except DerivationError:
            raise
        except SymdlError as exc:
            span = block.span
            raise DerivationError(exc.message, path=d.path, source=d.source, span=span, hint=exc.hint) from None
    if progress is not None:
        progress(len(blocks), len(blocks), "done")
    return report
