"""Verify every statement of a derivation: symbolically where possible (bounded), numerically always.

Each statement kind has a handler in :data:`symdl.derive.report.HANDLERS`; this module registers:

* ``define``: parsed, its definitions put in force; checked to evaluate finitely at random
  points and, with ``concept:``, to be recognised as that concept by :func:`symdl.pipeline.explain`.
  A define of a function symdl already knows (``\\sigma(x) = ...``) or of a derivative
  (``\\sigma'(x) = ...``) is a claim and is checked as one.
* ``claim``: ``lhs = rhs`` given the definitions: bounded simplification of the difference,
  and both sides evaluated at random points; a derivative on the left (``f'(x) = ...``) is a
  gradient claim.
* ``gradient``: ``claim = d(of)/d(wrt)``: :func:`symdl.pipeline.check_gradient` (symbolic) and the
  finite-difference/complex-step comparison (always); the derivation's steps and rules
  come from :func:`symdl.pipeline.diff`.
* ``plot``: shown, not checked.

``backprop`` and ``compare`` are registered by :mod:`symdl.derive.systems`.  Every call into the
stages goes through :mod:`symdl.pipeline` (plain functions), so a derivation runs under the one
guard of the call that started it.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import sympy
from sympy.core.function import AppliedUndef

from symdl import pipeline
from symdl.config import DEFAULT, Config
from symdl.derive.evaluate import Context, numeric_gradient, numeric_identity
from symdl.derive.model import Block, DerivationError, DerivationFile
from symdl.derive.report import (
    HANDLERS,
    Progress,
    Report,
    StepReport,
    combine,
    handles,
    latex,
    parse_block,
    symbolic_zero,
)
from symdl.errors import ResourceLimit, SymdlError
from symdl.formula import Formula

if TYPE_CHECKING:
    from symdl.chunk import Explanation


def _is_claim_define(f: Formula) -> bool:
    st = f.statements[0]
    lhs = st.lhs
    known = isinstance(lhs, sympy.Function) and not isinstance(lhs, AppliedUndef)
    return len(f.statements) == 1 and (known or isinstance(lhs, sympy.Derivative))


def _derivative_claim(name: str, kind: str, rule: str, lhs: sympy.Derivative, rhs: sympy.Basic,
                      ctx: Context, config: Config, shown: str) -> StepReport:  # fmt: skip
    var = lhs.variables[0]
    return _gradient_report(name, kind, rule, ctx.expand(lhs.expr), var, ctx.expand(rhs), ctx, config, shown)


def _step_text(step: object, wrt: sympy.Basic, ctx: Context) -> str:
    """What a derivation step differentiates, as prose with math (``$\\frac{\\partial}{\\partial \\hat{y}_k}
    \\left[\\hat{y}_i\\right]$``) spelled as the derivation wrote its symbols, never SymPy's names."""
    d = rf"\frac{{\partial}}{{\partial {latex(ctx, wrt)}}}"
    operand = getattr(step, "operand", None)
    if operand is not None:
        return rf"${d}\left[{latex(ctx, operand)}\right]$"
    if str(getattr(step, "description", "")).endswith("of the whole expression"):
        return f"${d}$ of the whole expression"
    return str(getattr(step, "description", ""))


def _derivation_steps(f: sympy.Basic, var: sympy.Basic, ctx: Context, config: Config) -> tuple[tuple, list[str]]:
    """The steps and rules of symdl's own derivative (an extra: none when it cannot be made)."""
    try:
        dv = pipeline.diff(f, var, config=config)
    except Exception:  # SymdlError, or a bug in differentiate: the step is checked without its derivation
        return (), []
    steps = tuple((_step_text(s, dv.wrt, ctx), s.rule, latex(ctx, s.expr)) for s in dv.steps)
    return steps, list(dict.fromkeys(r for s in dv.steps for r in s.rule.split("; ") if r and r != "result"))


def _gradient_report(name: str, kind: str, rule: str, f: sympy.Basic, var: sympy.Basic, claim: sympy.Basic,
                     ctx: Context, config: Config, shown: str) -> StepReport:  # fmt: skip
    steps, rules = _derivation_steps(f, var, ctx, config)
    symbolic = "undecided"
    details: list[str] = []
    try:
        v = pipeline.check_gradient(f, var, claim, config=config)
        if v.method.startswith("symbolic") and v.verdict == "verified":
            symbolic = "verified"
        elif v.verdict == "refuted" and v.difference is not None:
            details.append(f"claim − truth = {v.difference}")
    except ResourceLimit:  # a budget is never a verdict: the whole derivation stops, naming it
        raise
    except SymdlError as exc:
        details.append(exc.message)
    except Exception as exc:  # a bug in the symbolic check: the numeric check below still decides
        details.append(f"the symbolic check failed ({type(exc).__name__}: {exc})"[:300])
    numeric = numeric_gradient(f, var, claim, ctx, config=config)
    if numeric.note:
        details.append(numeric.note)
    full_rule = "; ".join(x for x in (rule, ", ".join(rules)) if x)
    return StepReport(name, kind, combine(symbolic, numeric), symbolic, numeric, full_rule, shown, steps,
                      tuple(details))  # fmt: skip


def _identity_report(name: str, kind: str, rule: str, f: Formula, ctx: Context, config: Config) -> StepReport:
    shown = f.source  # the author's form (documents seal it); SymPy's order never replaces it
    parts: list[StepReport] = []
    for st in f.statements:
        if st.lhs is None:
            raise SymdlError("a claim needs an '=': write 'claim NAME: left = right'")
        if isinstance(st.lhs, sympy.Derivative):
            parts.append(_derivative_claim(name, kind, rule, st.lhs, st.rhs, ctx, config, shown))
            continue
        lhs, rhs = ctx.expand(st.lhs), ctx.expand(st.rhs)
        symbolic = symbolic_zero(lhs - rhs, config)
        numeric = numeric_identity(lhs, rhs, ctx, config=config)
        parts.append(StepReport(name, kind, combine(symbolic, numeric), symbolic, numeric, rule, shown,
                                details=(numeric.note,) if numeric.note else ()))  # fmt: skip
    worst = next((p for p in parts if p.verdict == "refuted"), None) or next(
        (p for p in parts if p.verdict == "undecided"), parts[0]
    )
    return worst


def _explanation(f: Formula, config: Config) -> tuple[Explanation | None, str]:
    """The statement chunked into concepts, or None and why not (an explanation is an extra)."""
    try:
        return pipeline.explain(f, config=config), ""
    except ResourceLimit:  # a budget is never a verdict: the whole derivation stops, naming it
        raise
    except SymdlError as exc:
        return None, exc.message
    except Exception as exc:  # a bug in chunk: the statement is still verified, only not explained
        return None, f"the chunk stage failed ({type(exc).__name__}: {exc})"[:300]


def _concept_line(expl: Explanation | None, why_not: str, concept: str) -> tuple[bool, str]:
    if expl is None:
        return False, f"explain failed: {why_not}"
    found = set(expl.concepts)
    if concept in found:
        return True, f"recognised as `{concept}` by symdl explain"
    return False, f"expected the concept `{concept}`, symdl explain found: {', '.join(sorted(found)) or 'none'}"


@handles("plot")
def _verify_plot(block: Block, report: Report, config: Config) -> StepReport:
    return StepReport(block.name, "plot", "shown", "n/a", None, "", block.text)


@handles("define", "claim")
def _verify_statement(block: Block, report: Report, config: Config) -> StepReport:
    ctx, rule = report.context, block.get("rule")
    f = parse_block(block, report.derivation, ctx, config)
    report.formulas[block.name] = f
    ctx.learn(f)
    if block.kind == "claim" or _is_claim_define(f):
        return _identity_report(block.name, block.kind, rule, f, ctx, config)
    defined = ctx.define(f)
    value = ctx.expand(f.statements[-1].rhs)
    numeric = numeric_identity(value, value, ctx, config=config)
    details = [f"defines {', '.join(defined)}"] if defined else []
    details += [numeric.note] if numeric.note else []
    verdict = "verified" if numeric.ok else "undecided"
    return StepReport(block.name, "define", verdict, "n/a", numeric, rule or "definition", f.source, (),
                      tuple(details))  # fmt: skip


def _derivative_of(source: Formula, named: bool, wrt: str, ctx: Context) -> str:
    """``∂L/∂z`` as the author would write it: the named statement's left side (``L``, ``\\tanh(x)``) or the
    ``of:`` formula as written, never its expansion through the definitions before it."""
    lhs = source.statements[-1].lhs if named else None
    if lhs is None:
        written = latex(ctx, source.statements[-1].rhs) if named else source.source
        return rf"\frac{{\partial}}{{\partial {wrt}}} \left({written}\right)"
    if isinstance(lhs, sympy.Symbol | sympy.Indexed | sympy.MatrixSymbol):
        return rf"\frac{{\partial {latex(ctx, lhs)}}}{{\partial {wrt}}}"
    return rf"\frac{{\partial}}{{\partial {wrt}}} {latex(ctx, lhs)}"


@handles("gradient")
def _verify_gradient(block: Block, report: Report, config: Config) -> StepReport:
    d, ctx = report.derivation, report.context
    claim_f = parse_block(block, d, ctx, config)
    report.formulas[block.name] = claim_f
    ctx.learn(claim_f)
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
    shown = claim_f.source  # the author's form
    if claim_f.statements[-1].lhs is None:
        shown = f"{_derivative_of(source, of.value in report.formulas, latex(ctx, var), ctx)} = {shown}"
    return _gradient_report(block.name, "gradient", block.get("rule"), f, var, claim, ctx, config, shown)


def verify_block(block: Block, report: Report, config: Config, *, explain: bool = True) -> StepReport:
    """Verify one statement in the context of the ones before it (its kind's handler), then explain it.

    Args:
        block: the statement.
        report: the report so far (its definitions in force).
        config: tolerances, bounds and seed.
        explain: keep the statement's chunked explanation in the step (for documents).
    """
    handler = HANDLERS.get(block.kind)
    if handler is None:
        d = report.derivation
        raise DerivationError(f"no verifier for statements of kind '{block.kind}'", path=d.path, source=d.source,
                              span=block.span)  # fmt: skip
    step = handler(block, report, config)
    f = report.formulas.get(block.name)
    concept = block.get("concept") if block.kind in ("define", "claim") else ""
    if f is None or not (explain or concept):
        return step
    expl, why_not = _explanation(f, config)
    if concept:
        ok, line = _concept_line(expl, why_not, concept)
        step = dataclasses.replace(step, verdict=step.verdict if ok else "refuted", details=(*step.details, line))
    return dataclasses.replace(step, explanation=expl) if explain else step


def verify(
    d: DerivationFile, *, config: Config = DEFAULT, progress: Progress | None = None, explain: bool = True
) -> Report:
    """Verify every statement of a loaded derivation, in order.

    Args:
        d: the derivation.
        config: tolerances, bounds and seed.
        progress: called as ``progress(done, total, name)`` before each statement.
        explain: keep each statement's chunked explanation in its step (documents show them;
            ``symdl check FILE`` does not need them).

    Raises:
        DerivationError: a statement's LaTeX does not parse (positioned in the file).
    """
    report = Report(d)
    blocks = d.blocks
    for n, block in enumerate(blocks):
        if progress is not None:
            progress(n, len(blocks), block.name)
        try:
            report.steps.append(verify_block(block, report, config, explain=explain))
        except DerivationError:
            raise
        except ResourceLimit as exc:  # shown on the statement of the file, still naming its budget
            err = ResourceLimit(exc.message, source=d.source, span=block.span, hint=exc.hint)
            err.budget = exc.budget
            raise err from None
        except SymdlError as exc:
            span = block.span
            raise DerivationError(exc.message, path=d.path, source=d.source, span=span, hint=exc.hint) from None
    if progress is not None:
        progress(len(blocks), len(blocks), "done")
    return report
