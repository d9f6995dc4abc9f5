"""How every result type shows in a notebook (HTML and Markdown with math) and in a REPL (a one-line ``repr``).

:mod:`symdl.pipeline` installs these in :mod:`symdl.printers`; the result types' ``__repr__`` and
``_repr_markdown_`` (:class:`symdl.printers.Shown`) call them, so no stage imports this one.  All text
from the user (sources, names) is sealed with :mod:`symdl.render.seal`: nothing in it can start HTML,
a link or math in the notebook.  Each type's HTML (``_repr_html_``) is made from its Markdown in one place,
:mod:`symdl.render.html`, which escapes every piece of text again with :func:`html.escape`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import sympy

from symdl.latex import latex_of
from symdl.render.html import html_printer
from symdl.render.seal import md_code, md_formula, md_prose, md_text
from symdl.render.unicode import to_unicode

_REPR_WIDTH = 100


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _REPR_WIDTH else text[: _REPR_WIDTH - 1] + "…"


def _tex(formula: Any, expr: sympy.Basic) -> str:
    return latex_of(formula, expr) if formula is not None else sympy.latex(expr)


def _notes(formula: Any) -> list[str]:
    out = []
    for n in formula.notes:
        where = md_code(formula.source[n.span.start : n.span.end])
        other = f" Other reading: {md_prose(n.alternative)}" if n.alternative else ""
        out.append(f"- reading note ({md_code(n.rule)}) at {where}: {md_prose(n.message)}.{other}")
    return out


# ---------------------------------------------------------------- Formula
def formula_markdown(f: Any) -> str:
    rows = [_tex(f, st.rhs) if st.lhs is None else f"{_tex(f, st.lhs)} &{st.sign(latex=True)} {_tex(f, st.rhs)}"
            for st in f.statements]  # fmt: skip
    math = rows[0].replace("&", "") if len(rows) == 1 else r"\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}"
    out = [f"**Formula** ({md_text(f.kind)}), read from {md_code(f.source)}", "", md_formula(math, display=True), ""]
    shaped = [(k, f.shapes.get(str(getattr(v, "name", v)))) for k, v in f.symbols.items()]
    shaped = [(k, s) for k, s in shaped if s is not None and tuple(s) != ()]
    if shaped:
        out.append("shapes: " + ", ".join(f"{md_code(k)} {md_text('×'.join(map(str, s)))}" for k, s in shaped))
    return "\n".join(out + _notes(f)) + "\n"


def formula_latex(f: Any) -> str:
    rows = [_tex(f, st.rhs) if st.lhs is None else f"{_tex(f, st.lhs)} {st.sign(latex=True)} {_tex(f, st.rhs)}"
            for st in f.statements]  # fmt: skip
    return "$$" + r" \\ ".join(rows) + "$$"


# ---------------------------------------------------------------- diff
def derivation_markdown(d: Any) -> str:
    lhs = rf"\frac{{\partial}}{{\partial {sympy.latex(d.wrt)}}}\left({sympy.latex(d.of)}\right)"
    out = [md_formula(f"{lhs} = {sympy.latex(d.expr)}", display=True)]
    if d.expressed is not None:
        out.append(f"written with {md_text(', '.join(d.concepts))}: {md_formula(sympy.latex(d.expressed))}")
        out += [f"- assumes {md_prose(a)}" for a in d.assumptions]
    if d.gave_up:
        out.append("*simplification stopped at its bound: the derivative is shown unsimplified*")
    if d.steps:
        out += ["", "| step | rule | result |", "|---|---|---|"]
        out += [f"| {md_code(st.description)} | {md_text(st.rule)} | {md_formula(sympy.latex(st.expr))} |"
                for st in d.steps]  # fmt: skip
    return "\n".join(out) + "\n"


def derivation_repr(d: Any) -> str:
    return _short(f"<Derivation d/d{to_unicode(d.wrt)} = {to_unicode(d.best)}>")


def derivation_latex(d: Any) -> str:
    return f"$$\\frac{{\\partial}}{{\\partial {sympy.latex(d.wrt)}}} = {sympy.latex(d.expr)}$$"


# ---------------------------------------------------------------- grad
def gradient_markdown(g: Any) -> str:
    out = []
    for part in g.parts:
        out.append(md_formula(rf"\frac{{\partial F}}{{\partial {part.wrt}}} = {part.latex}", display=True))
        if part.steps:
            out += ["", "| step | rule | result |", "|---|---|---|"]
            out += [f"| {md_code(s.description)} | {md_text(s.rule)} | {md_formula(s.latex)} |" for s in part.steps]
        out.append("")
    if g.source:
        fence = "`" * max(3, 1 + max((len(run) for run in re.findall("`+", g.source)), default=0))
        out += [f"{md_text(g.emit)} code, {md_code(g.function + '(**inputs) -> (value, gradients)')}:", "",
                fence + "python", g.source.rstrip("\n"), fence]  # fmt: skip
    return "\n".join(out) + "\n"


def gradient_repr(g: Any) -> str:
    parts = "; ".join(f"d/d{p.wrt} = {to_unicode(p.expr)}" for p in g.parts)
    code = f", {g.emit} code {g.function}()" if g.source else ""
    return _short(f"<Gradient {parts}{code}>")


def gradient_part_repr(p: Any) -> str:
    return _short(f"<GradientPart d/d{p.wrt} = {to_unicode(p.expr)}>")


# ---------------------------------------------------------------- check_gradient
def verdict_markdown(v: Any) -> str:
    out = [f"**{md_text(v.verdict)}** ({md_text(v.method)})"]
    if getattr(v, "layout", ""):
        out.append(f"- layout: {md_text(v.layout)}")
    if v.verdict == "verified":
        out.append(f"- agrees at {v.points} random points, max relative error {v.max_rel_error:.2g}")
    if v.truth is not None and v.verdict != "verified":
        out.append(f"- the gradient: {md_formula(sympy.latex(v.truth))}")
    if v.difference is not None:
        out.append(f"- claim − truth = {md_formula(sympy.latex(v.difference))}")
    if v.diagnosis:
        out.append(f"- diagnosis: {md_prose(v.diagnosis)}")
    ce = v.counterexample
    if ce is not None:
        point = ", ".join(f"{md_code(k)} = {md_text(_number(x))}" for k, x in ce.point.items())
        out.append(f"- counterexample at {point}: claim {md_text(_number(ce.claim))}, truth "
                   f"{md_text(_number(ce.truth))}, relative error {ce.rel_error:.3g}")  # fmt: skip
    out += [f"- note: {md_prose(n)}" for n in v.notes]
    return "\n".join(out) + "\n"


def _number(x: object) -> str:
    import numpy as np

    arr = np.asarray(x, dtype=float)
    return f"{float(arr):.6g}" if arr.ndim == 0 else np.array2string(arr, precision=4, threshold=12)


def verdict_repr(v: Any) -> str:
    return _short(f"<Verdict {v.verdict} ({v.method}), max relative error {v.max_rel_error:.2g}>")


# ---------------------------------------------------------------- check_derivation / check_grads
def steps_markdown(r: Any) -> str:
    out = [f"**{md_text(r.verdict)}** ({md_text(r.method)})", "", "| step | verdict | max relative error |",
           "|---|---|---|"]  # fmt: skip
    for s in r.steps:
        mark = "verified" if s.ok else "undecided" if s.undecided else "**wrong**"
        out.append(f"| {md_code(s.name)} | {mark} | {s.max_rel_error:.2g} |")
    if r.first_wrong is not None:
        out += ["", f"the first wrong step is {md_code(r.first_wrong)}"]
    return "\n".join(out) + "\n"


def steps_repr(r: Any) -> str:
    wrong = f", first wrong {r.first_wrong}" if r.first_wrong else ""
    steps = "1 step" if len(r.steps) == 1 else f"{len(r.steps)} steps"
    return _short(f"<DerivationReport {r.verdict}: {steps}{wrong}>")


def directional_markdown(c: Any) -> str:
    return (f"**{md_text(c.verdict)}** ({md_text(c.method)}, {c.directions} random directions, {c.evaluations} "
            f"evaluations): relative error {c.rel_error:.2g} against tolerance {c.tolerance:.2g}\n\n"
            f"{md_prose(c.message)}\n")  # fmt: skip


def directional_repr(c: Any) -> str:
    return _short(f"<DirectionalCheck {c.verdict} ({c.method}), relative error {c.rel_error:.2g}>")


# ---------------------------------------------------------------- derive
def report_markdown(r: Any) -> str:
    from symdl.render import document

    return document.to_markdown(r, {})


def report_repr(r: Any) -> str:
    return _short(f"<Report {r.derivation.name}: {r.verdict}, {len(r.steps)} steps>")


def explanation_repr(e: Any) -> str:
    return _short(f"<Explanation {e.summary or 'no concept'}: {', '.join(sorted(e.concepts)) or '—'}>")


def comparison_repr(c: Any) -> str:
    what = f"same concept ({c.concept})" if c.same else "different"
    return _short(f"<Comparison {what}>")


def numpy_function_repr(fn: Any) -> str:
    names = ", ".join(sorted(fn.spellings))
    return _short(f"<NumpyFunction of {names or 'no input'}>")


def numpy_function_markdown(fn: Any) -> str:
    names = ", ".join(md_code(n) for n in sorted(fn.spellings))
    return f"a numpy function; call it with keywords {names or '(none)'}\n"


#: (result type, format) → printer, installed by :mod:`symdl.pipeline`
PRINTERS: dict[tuple[str, str], Callable[[Any], str]] = {
    ("Formula", "markdown"): formula_markdown,
    ("Formula", "latex"): formula_latex,
    ("Derivation", "markdown"): derivation_markdown,
    ("Derivation", "latex"): derivation_latex,
    ("Derivation", "repr"): derivation_repr,
    ("Gradient", "markdown"): gradient_markdown,
    ("Gradient", "repr"): gradient_repr,
    ("GradientPart", "repr"): gradient_part_repr,
    ("Verdict", "markdown"): verdict_markdown,
    ("Verdict", "repr"): verdict_repr,
    ("DerivationReport", "markdown"): steps_markdown,
    ("DerivationReport", "repr"): steps_repr,
    ("DirectionalCheck", "markdown"): directional_markdown,
    ("DirectionalCheck", "repr"): directional_repr,
    ("Report", "markdown"): report_markdown,
    ("Report", "repr"): report_repr,
    ("Explanation", "repr"): explanation_repr,
    ("Comparison", "repr"): comparison_repr,
    ("NumpyFunction", "markdown"): numpy_function_markdown,
    ("NumpyFunction", "repr"): numpy_function_repr,
}


def explanation_markdown(e: Any) -> str:
    from symdl.render.explanation import to_markdown

    return to_markdown(e)


def comparison_markdown(c: Any) -> str:
    from symdl.render.explanation import comparison_to_markdown

    return comparison_to_markdown(c)


PRINTERS[("Explanation", "markdown")] = explanation_markdown
PRINTERS[("Comparison", "markdown")] = comparison_markdown
#: every result type with Markdown has HTML too (``_repr_html_``), made from it by :mod:`symdl.render.html`
PRINTERS.update({(kind, "html"): html_printer(p) for (kind, fmt), p in list(PRINTERS.items()) if fmt == "markdown"})
