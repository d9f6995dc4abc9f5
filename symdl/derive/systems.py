"""Verification of statements about whole systems: ``compare`` (two notations) and ``backprop``.

* ``compare A, B``: :func:`symdl.pipeline.compare` derives the mapping of symbols and the rescaling
  (symbolic verdict); then every statement of A, rewritten through the mapping, is checked
  against the matching statement of B as an identity (both sides evaluated at random points).
* ``backprop``: the claimed gradient lines (``dZ^{[2]} = A^{[2]} - Y \\\\ ...``) are read together
  with the forward system; each is compared with :func:`symdl.differentiate.backprop`'s step
  (bounded simplification) and checked numerically, one line at a time, by
  :func:`symdl.numeric.check_derivation` (the first wrong line is named).

Both register themselves in :data:`symdl.derive.report.HANDLERS` (``symdl.derive`` imports this
module), so :mod:`symdl.derive.verify` dispatches to them without importing this module.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

import sympy
from sympy.core.function import AppliedUndef

from symdl.config import Config
from symdl.derive.evaluate import NumericCheck, numeric_identity
from symdl.derive.model import Block, DerivationError
from symdl.derive.report import Report, StepReport, combine, handles, latex, parse_block, symbolic_zero
from symdl.errors import ResourceLimit, Span, SymdlError

if TYPE_CHECKING:
    from symdl.derive.evaluate import Context
    from symdl.differentiate.backprop import BackpropStep


@handles("compare")
def verify_compare(block: Block, report: Report, config: Config) -> StepReport:
    """Are the two named statements the same concept under a derived mapping?  Checked both ways."""
    from symdl.pipeline import compare

    a_name, b_name = (n.strip() for n in block.text.split(","))
    fa, fb = report.formulas[a_name], report.formulas[b_name]
    ctx = report.context
    cmp = compare(fa, fb, config=config)
    concept = f" ({cmp.concept})" if cmp.concept else ""
    details = [f"symdl compare: {'same concept' if cmp.same else 'different'}{concept}"]
    details += list(cmp.reasons)  # prose with $...$ math: documents typeset it, terminals show it as unicode
    want = block.get("concept")
    symbolic = "verified" if cmp.same and (not want or cmp.concept == want) else "refuted"
    mapping = dict(cmp.mapping)
    for k, v in cmp.rescaling:
        mapping[k] = v
        for series in fa.time_series.values():
            if series.get(0) == k and -1 in series:
                mapping[series[-1]] = v
    worst: NumericCheck | None = None
    if cmp.same and len(fa.statements) == len(fb.statements):
        for sa, sb in zip(fa.statements, fb.statements, strict=True):
            if sa.lhs is None or sb.lhs is None:
                continue
            left = sa.lhs.xreplace(mapping).xreplace({sb.lhs: sb.rhs})
            right = sa.rhs.xreplace(mapping)
            check = numeric_identity(left, right, ctx, config=config)
            if worst is None or not check.ok or check.max_rel_error > worst.max_rel_error:
                worst = check if (worst is None or worst.ok) else worst
            if symbolic_zero(left - right, config) != "verified" and symbolic == "verified":
                symbolic = "undecided"
            details.append(f"statement ${latex(ctx, sa.lhs)}$ mapped: ${latex(ctx, left)} = {latex(ctx, right)}$")
    shown = rf"{fa.source} \quad\Longleftrightarrow\quad {fb.source}"  # the authors' forms
    rule = "symdl compare: mapping of symbols and parameters derived, then each statement rewritten through it"
    return StepReport(block.name, "compare", combine(symbolic, worst), symbolic, worst, rule, shown, (),
                      tuple(details))  # fmt: skip


def _backprop_text(step: BackpropStep, ctx: Context) -> str:
    """A backprop step for a reader, its symbols as math spelled as the derivation wrote them (never ``dZ^[2]``)."""
    of = latex(ctx, step.of)
    text = f"${latex(ctx, step.symbol)}$, the gradient of the cost with respect to ${of}$, by the chain rule"
    factor = step.description.partition("(per-sample: ")[2].partition(" ×")[0]
    if re.fullmatch(r"\w+", factor):  # Ng's convention: dZ is per example, m times the cost's gradient
        text += rf" (per example: ${factor} \, \frac{{\partial J}}{{\partial {of}}}$)"
    return text


def _stand_in(expr: sympy.Basic) -> sympy.Basic:
    """Unknown functions g(u) → sin(u) + u²/4 (as :func:`symdl.pipeline.check_gradient` does), derivatives evaluated."""
    fns = {a.func for a in expr.atoms(AppliedUndef)}
    if not fns:
        return expr
    u = sympy.Dummy("u", real=True)
    for fn in fns:
        expr = expr.replace(lambda e, fn=fn: isinstance(e, AppliedUndef) and e.func == fn,
                            lambda e: (sympy.sin(u) + u**2 / 4).subs(u, e.args[0]))  # fmt: skip
    return expr.replace(lambda e: isinstance(e, sympy.Derivative), lambda e: e.doit())


def _by_name(objects: set[sympy.Basic]) -> dict[str, sympy.Basic]:
    return {str(getattr(o, "name", o)): o for o in objects}


@handles("backprop")
def verify_backprop(block: Block, report: Report, config: Config) -> StepReport:
    """Check claimed gradient lines against the forward system, line by line."""
    from symdl.differentiate import backprop
    from symdl.numeric import ClaimedStep, HandDerivation, check_derivation

    d, ctx = report.derivation, report.context
    fwd = report.formulas[block.fields["forward"].value]
    convention = block.get("convention", "ng")
    glue = r" \\ "
    joint_text = fwd.source + glue + block.text
    try:
        joint = parse_block(block, d, ctx, config, text=joint_text, at=0)
    except DerivationError as exc:
        start = exc.span.start - len(fwd.source) - len(glue)
        span = Span(block.file_offset(max(start, 0)), block.file_offset(max(start, 0) + exc.span.end - exc.span.start))
        raise DerivationError(exc.message, path=d.path, source=d.source, span=span, hint=exc.hint) from None
    ctx.learn(joint)
    report.formulas[block.name] = joint
    n = len(fwd.statements)
    forward = dataclasses.replace(joint, statements=joint.statements[:n], kind="system")
    bp = backprop(forward, convention=convention, config=config)
    hand = HandDerivation.from_formula(joint, convention=convention)
    aliases = {a: st.lhs for st in forward.statements for a in st.aliases}
    fwd_objects = _by_name({q for pair in bp.forward for part in pair for q in part.atoms(sympy.MatrixSymbol)}
                           | {t for t, _ in bp.forward})  # fmt: skip
    derived = {s.name: s for s in bp.steps}
    remap: dict[sympy.Basic, sympy.Basic] = {}
    for obj in {o for st in joint.statements for o in st.as_equation().atoms(sympy.MatrixSymbol)}:
        target = fwd_objects.get(obj.name) or (derived[obj.name].symbol if obj.name in derived else None)
        if target is not None:
            remap[obj] = target
    lines, steps, details, symbolic_all = [], [], [], "verified"
    for s in hand.steps:
        claim = s.claim.xreplace(aliases).xreplace(remap)
        wrt = remap.get(s.wrt.xreplace(aliases), s.wrt.xreplace(aliases))
        name = str(getattr(s.symbol, "name", s.symbol))
        symbol = derived[name].symbol if name in derived else remap.get(s.symbol, s.symbol)
        lines.append(ClaimedStep(name, symbol, wrt, _stand_in(claim)))
        sym = "undecided"
        if name in derived:
            sym = symbolic_zero(claim - derived[name].expr, config)
            steps.append((_backprop_text(derived[name], ctx), derived[name].rule,
                          f"{latex(ctx, symbol)} = {latex(ctx, derived[name].expr)}"))  # fmt: skip
        symbolic_all = sym if sym != "verified" and symbolic_all == "verified" else symbolic_all
        details.append(f"${latex(ctx, symbol)}$: symbolic {sym}")
    forward_pairs = tuple((t, _stand_in(r)) for t, r in bp.forward)
    try:
        checked = check_derivation(HandDerivation(forward_pairs, tuple(lines), convention=convention), config=config)
    except ResourceLimit:  # a budget is never a verdict: the whole derivation stops, naming it
        raise
    except (SymdlError, KeyError, TypeError, ValueError) as exc:
        note = exc.message if isinstance(exc, SymdlError) else f"{type(exc).__name__}: {exc}"
        numeric = NumericCheck(False, "numeric check impossible", 0, 0.0, note=note)
        return StepReport(block.name, "backprop", "undecided", symbolic_all, numeric, "chain rule", block.text,
                          tuple(steps), tuple(details), context_statements=n)  # fmt: skip
    worst = max((r.max_rel_error for r in checked.steps), default=0.0)
    first = checked.first_wrong
    details = [f"{line}; numeric: {'ok' if r.ok else 'WRONG'} (max rel. error {r.max_rel_error:.2g}) {r.note}".rstrip()
               for line, r in zip(details, checked.steps, strict=True)]  # fmt: skip
    if first:
        details.append(f"first wrong line: {first}")
    numeric = NumericCheck(first is None, checked.method, len(checked.steps), worst,
                           note=f"first wrong line: {first}" if first else "")  # fmt: skip
    rules = "; ".join(dict.fromkeys(r for st in bp.steps for r in st.rule.split("; ")))
    shown = block.text  # the author's form
    return StepReport(block.name, "backprop", combine(symbolic_all, numeric), symbolic_all, numeric,
                      block.get("rule") or rules, shown, tuple(steps), tuple(details),
                      context_statements=n)  # the forward system is the forward define's, shown there  # fmt: skip
