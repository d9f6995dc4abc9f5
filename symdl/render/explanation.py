"""Render an :class:`~symdl.chunk.tree.Explanation` or a :class:`~symdl.chunk.compare.Comparison`.

Four forms: coloured terminal text (the formula, then its chunks as a tree with
names and what they do), Markdown, LaTeX (the original formula annotated with
``\\underbrace``/``\\overbrace`` labels per chunk) and JSON.
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING

import sympy
from rich.console import Console
from rich.markup import escape
from rich.tree import Tree

from symdl.errors import SymdlError
from symdl.latex import SymdlLatexPrinter, latex_of, symbol_names
from symdl.render import jsonout
from symdl.render.seal import md_code, md_formula, md_prose, md_text, tex_escape
from symdl.render.unicode import math_in_text, to_unicode

if TYPE_CHECKING:
    from symdl.chunk.compare import Comparison
    from symdl.chunk.tree import Chunk, Explanation
    from symdl.formula import Formula, Statement


def _plain(text: str) -> str:
    """Notes carry inline ``$...$`` LaTeX; in a terminal show it as unicode math."""
    return math_in_text(text)


def _console(color: bool, width: int = 110) -> tuple[Console, io.StringIO]:
    buf = io.StringIO()
    console = Console(
        file=buf,
        force_terminal=color,
        color_system="standard" if color else None,
        width=width,
        highlight=False,
        soft_wrap=False,
    )
    return console, buf


def _chunk_label(c: Chunk) -> str:
    head = f"[bold cyan]{escape(c.name)}[/]"
    if c.concept and c.name != c.concept:
        head += f" [dim]({c.concept})[/]"
    if c.also:
        head += f" [dim]also: {escape(', '.join(c.also))}[/]"
    if c.near_miss:
        head = "[bold yellow]near miss:[/] " + head
    lines = [head + (f"  [magenta]{escape(_plain(c.role))}[/]" if c.role else "")]
    lines.append(f"  [green]{escape(to_unicode(c.expr) if c.expr is not None else c.latex)}[/]")
    if c.what:
        lines.append(f"  {escape(c.what)}")
    if c.note:
        lines.append(f"  [italic]{escape(_plain(c.note))}[/]")
    if c.guess:
        lines.append(f"  [yellow]a guess: {escape(_plain(c.guess))}[/]")
    if c.near_miss:
        lines.append(f"  [yellow]differs: {escape(c.near_miss.differs)}[/]")
        if c.near_miss.fix is not None:
            lines.append(f"  [yellow]fix: {escape(to_unicode(c.near_miss.fix))}[/]")
    return "\n".join(lines)


def _add(tree: Tree, c: Chunk) -> None:
    node = tree.add(_chunk_label(c))
    for child in c.children:
        _add(node, child)


def to_text(expl: Explanation, *, color: bool = True, width: int = 110) -> str:
    """The explanation for a terminal: the formula, then its chunks as a tree, then relations."""
    console, buf = _console(color, width)
    console.print(f"[bold]formula[/] {escape(expl.formula.source)}")
    if expl.summary:
        console.print(f"[bold]in short[/] {escape(expl.summary)}")
    for k, (st, root) in enumerate(zip(expl.formula.statements, expl.statements, strict=True)):
        tree = Tree(f"[bold]statement {k + 1}[/] [dim]({st.kind})[/] {escape(_statement_unicode(st))}")
        _add(tree, root)
        console.print(tree)
    if expl.relations:
        console.print("[bold]relations[/]")
        for r in expl.relations:
            console.print(f"  • {escape(_plain(r.text))}")
    if expl.intermediates:
        console.print("[bold]intermediates[/]")
        for c in expl.intermediates:
            console.print(f"  {escape(c.name)} = {escape(to_unicode(c.expr))}")
    for note in expl.formula.notes:
        console.print(escape(note.render(expl.formula.source)), highlight=False)
    return buf.getvalue()


def _statement_unicode(st: Statement) -> str:
    if st.relation:  # a ≤ b, w ∝ v
        return to_unicode(st.as_equation())
    sides = [s for s in (st.lhs, *st.aliases, st.rhs) if s is not None]
    return f" {st.sign()} ".join(to_unicode(s) for s in sides)


def _statement_latex(expl: Explanation, k: int) -> str:
    st = expl.formula.statements[k]
    rhs = latex_of(expl.formula, st.rhs)
    return rhs if st.lhs is None else f"{latex_of(expl.formula, st.lhs)} {st.sign(latex=True)} {rhs}"


def _md_chunk(c: Chunk, depth: int) -> list[str]:
    pad = "  " * depth
    cid = f" ({md_code(c.concept)})" if c.concept else ""
    also = f", also {', '.join(md_code(a) for a in c.also)}" if c.also else ""
    near = "⚠️ near miss: " if c.near_miss else ""
    line = f"{pad}- {near}**{md_text(c.name)}**{cid}{also}"
    if c.role:
        line += f" — *{md_prose(c.role)}*"
    line += f": {md_formula(c.latex)}"
    if c.what:
        line += f" — {md_prose(c.what)}"
    out = [line]
    if c.note:
        out.append(f"{pad}  - {md_prose(c.note)}")
    if c.guess:
        out.append(f"{pad}  - a guess: {md_prose(c.guess)}")
    if c.near_miss:
        out.append(f"{pad}  - differs: {md_prose(c.near_miss.differs)}")
        if c.near_miss.fix_latex:
            out.append(f"{pad}  - fix: {md_formula(c.near_miss.fix_latex)}")
    for child in c.children:
        out.extend(_md_chunk(child, depth + 1))
    return out


def to_markdown(expl: Explanation) -> str:
    """The explanation as Markdown (with ``$...$`` math), for notebooks and READMEs.

    Text is escaped and math is sealed LaTeX with ``<``, ``>``, ``&`` as entities
    (:mod:`symdl.render.seal`): a browser never sees a tag from the formula.
    """
    out = [md_formula(to_latex(expl), display=True), ""]
    if expl.summary:
        out += [f"**In short:** {md_prose(expl.summary)}", ""]
    for k, root in enumerate(expl.statements):
        out.append(f"**Statement {k + 1}** ({md_formula(_statement_latex(expl, k))})")
        out.extend(_md_chunk(root, 0))
        out.append("")
    if expl.relations:
        out.append("**Relations**")
        out.extend(f"- {md_prose(r.text)}" for r in expl.relations)
        out.append("")
    if expl.intermediates:
        out.append("**Intermediates**")
        out.extend(f"- {md_formula(f'{c.name} = {c.latex}')}" for c in expl.intermediates)
        out.append("")
    if expl.formula.notes:
        out.append("**Reading notes**")
        out.extend(f"- {md_prose(n.message)} (other reading: {md_prose(n.alternative)})" for n in expl.formula.notes)
    return "\n".join(out).rstrip() + "\n"


def _text_arg(name: str) -> str:
    """A label for ``\\text{...}``: every TeX special character escaped (a label is user text)."""
    return tex_escape(name)


class _BracePrinter(SymdlLatexPrinter):
    """A LaTeX printer that wraps labelled subexpressions in ``\\underbrace``/``\\overbrace``."""

    def __init__(self, settings: dict, labels: dict[sympy.Basic, tuple[str, int]] | None = None) -> None:
        super().__init__(settings)
        self.labels = labels or {}

    def _print(self, expr: object, **kwargs: object) -> str:
        text = super()._print(expr, **kwargs)
        hit = self.labels.get(expr) if isinstance(expr, sympy.Basic) else None
        if hit is None:
            return text
        name, depth = hit
        brace = "underbrace" if depth % 2 == 0 else "overbrace"
        mark = "_" if brace == "underbrace" else "^"
        return rf"\{brace}{{{text}}}{mark}{{\text{{{_text_arg(name)}}}}}"


def _labels(root: Chunk, placeholders: bool = True) -> dict[sympy.Basic, tuple[str, int]]:
    out: dict[sympy.Basic, tuple[str, int]] = {}

    def walk(c: Chunk, depth: int) -> None:
        if c.expr not in out and (c.concept or c.label or (placeholders and c.name.startswith("u_"))):
            out[c.expr] = (c.name, depth)
        for child in c.children:
            walk(child, depth + 1)

    walk(root, 0)
    return out


def to_latex(expl: Explanation, *, placeholders: bool = True) -> str:
    """The formula with each chunk marked by a labelled ``\\underbrace`` (``\\overbrace`` when nested).

    ``placeholders=False`` leaves out the braces of unnamed intermediates (``u_1``): a document that does not
    list the intermediates shows only the concepts and the author's labels.
    """
    names = symbol_names(expl.formula)
    rows = []
    for st, root in zip(expl.formula.statements, expl.statements, strict=True):
        printer = _BracePrinter({"symbol_names": names}, _labels(root, placeholders))
        try:
            rhs = printer.doprint(st.rhs)
        except Exception:  # an exotic node the brace printer cannot wrap: fall back to plain LaTeX
            rhs = latex_of(expl.formula, st.rhs)
        rows.append(rhs if st.lhs is None else f"{latex_of(expl.formula, st.lhs)} &{st.sign(latex=True)} {rhs}")
    if len(rows) == 1:
        return rows[0].replace("&=", "=")
    return r"\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}"


def _split_sides(latex: str) -> tuple[str, str, str] | None:
    """``(left side, sign, right side)`` of a statement's source at its last top-level ``=`` (``:=`` kept as the
    sign), or None when it has none."""
    from symdl.read.lexer import tokenize

    try:
        tokens = tokenize(latex)
    except SymdlError:
        return None
    depth, cut = 0, None
    for t in tokens:
        depth += {"lbrace": 1, "rbrace": -1}.get(t.kind, 0)
        if t.kind == "op" and t.text in "([":
            depth += 1
        elif t.kind == "op" and t.text in ")]":
            depth -= 1
        elif t.is_op("=") and depth == 0:
            cut = t.span
    if cut is None or not latex[cut.end :].strip() or not latex[: cut.start].strip():
        return None
    lhs, sign = latex[: cut.start].rstrip(), "="
    if lhs.endswith(":"):
        lhs, sign = lhs[:-1].rstrip(), ":="
    return lhs.strip(), sign, latex[cut.end :].strip()


def _brace(latex: str, label: tuple[str, int] | None) -> str:
    return latex if label is None else rf"\underbrace{{{latex}}}_{{\text{{{_text_arg(label[0])}}}}}"


def _leaves(formula: Formula, e: sympy.Basic) -> list[str]:
    """How the names in ``e`` are written in the formula's source: its symbols' spellings, and the head of each
    function called (``\\tanh``, ``\\sigma``; ``ReLU`` for ``\\operatorname{ReLU}``)."""
    objects = e.free_symbols | e.atoms(sympy.IndexedBase, sympy.MatrixSymbol)
    objects |= {f.func for f in e.atoms(sympy.Function)}
    out = [k for k, v in formula.symbols.items() if v in objects or getattr(v, "func", None) in objects]
    for f in e.atoms(sympy.Function):
        head = _HEAD.match(latex_of(formula, f))
        if head is not None:
            out.append(head[1] or head[2])
    return out


#: the name a printed call starts with: ``\operatorname{ReLU}`` → ``ReLU``, ``\tanh`` → ``\tanh``
_HEAD = re.compile(r"\\(?:operatorname|mathrm|text)\{([A-Za-z]+)\}|(\\[A-Za-z]+)")


def _written_at(source: str, formula: Formula, e: sympy.Basic) -> int:
    """Where ``e`` starts in the statement as written: the first place one of its names is (a concept contains its
    names, so the first of them is where the author began writing it); past the end when none is found."""
    starts = []
    for name in _leaves(formula, e):
        m = re.search(r"(?<![\\A-Za-z])" + re.escape(name) + r"(?![A-Za-z])", source)
        if m is not None:
            starts.append(m.start())
    return min(starts, default=len(source))


def annotated_source(expl: Explanation, *, first: int = 0) -> tuple[str, list[tuple[str, str]]]:
    """The author's formula as written, each side of a statement under the brace of its concept when the whole
    side is one; and the concepts found inside the sides, as ``(name, LaTeX re-printed by symdl)`` pairs, in the
    order they are written (left to right; a concept before the ones inside it).

    Unlike :func:`to_latex` nothing is re-ordered by SymPy: the source is annotated, not re-printed (a document
    shows the author's form).  The LaTeX is the author's source: seal it before it reaches TeX or a browser.
    ``first``: the statements before it are context read with the rest (a backprop's forward system), not shown.
    """
    rows, inside = [], []
    pairs = list(zip(expl.formula.statements, expl.statements, strict=True))[first:]
    for st, root in pairs:
        labels = _labels(root, placeholders=False)
        if root.expr not in (st.lhs, st.rhs):
            labels.pop(root.expr, None)  # the statement itself (an equation chunk) is no side
        sides = _split_sides(st.latex) if st.lhs is not None else ("", "", st.latex.strip())
        if sides is None:
            rows.append(st.latex.strip())
        else:
            left = _brace(sides[0], labels.pop(st.lhs, None)) if st.lhs is not None else ""
            rows.append(f"{left} {sides[1]} {_brace(sides[2], labels.pop(st.rhs, None))}".strip())
        own = set(st.labels.values())  # the author's \underbrace labels are in the source already
        found = [(e, name) for e, (name, _) in labels.items() if name not in own]
        written = sides[2] if sides is not None else st.latex  # inside concepts are on the right side
        found.sort(key=lambda p: (_written_at(written, expl.formula, p[0]), -sympy.count_ops(p[0], visual=False)))
        inside += [(name, latex_of(expl.formula, e)) for e, name in found]
    return r" \\ ".join(rows), inside


def to_json(expl: Explanation) -> str:
    """The explanation as JSON (chunks nested, LaTeX and SymPy forms as strings; ``render/schema.json``)."""
    return jsonout.dump("explain", jsonout.explanation(expl))


# ---------------------------------------------------------------- comparisons
def comparison_to_text(cmp: Comparison, *, color: bool = True, width: int = 110) -> str:
    """A comparison for a terminal: the verdict, the mapping, the reasons."""
    console, buf = _console(color, width)
    verdict = "[bold green]same concept[/]" if cmp.same else "[bold red]different[/]"
    console.print(f"[bold]A[/] {escape(cmp.a.formula.source)}")
    console.print(f"[bold]B[/] {escape(cmp.b.formula.source)}")
    console.print(verdict + (f": {escape(cmp.concept)}" if cmp.concept else ""))
    for k, v in cmp.mapping:
        console.print(f"  {escape(latex_of(cmp.a.formula, k))} = {escape(latex_of(cmp.b.formula, v))}")
    for k, v in cmp.rescaling:
        console.print(
            f"  rescaling: {escape(latex_of(cmp.a.formula, k))} = {escape(latex_of(cmp.b.formula, v))}"
        )
    for r in cmp.reasons:
        console.print(f"  • {escape(_plain(r))}")
    return buf.getvalue()


def comparison_to_markdown(cmp: Comparison) -> str:
    """A comparison as Markdown."""
    def printed(e: Explanation) -> str:  # re-printed by symdl, never the user's source
        return md_formula(r" \\ ".join(_statement_latex(e, k) for k in range(len(e.statements))))

    out = [f"**A:** {printed(cmp.a)}", "", f"**B:** {printed(cmp.b)}", ""]
    out.append(
        f"**Verdict:** {'same concept' if cmp.same else 'different'}"
        + (f" ({md_code(cmp.concept)})" if cmp.concept else "")
    )
    out += [f"- {md_formula(f'{latex_of(cmp.a.formula, k)} = {latex_of(cmp.b.formula, v)}')}" for k, v in cmp.mapping]
    out += [
        f"- rescaling {md_formula(f'{latex_of(cmp.a.formula, k)} = {latex_of(cmp.b.formula, v)}')}"
        for k, v in cmp.rescaling
    ]
    out += [f"- {md_prose(r)}" for r in cmp.reasons]
    return "\n".join(out) + "\n"


def comparison_to_json(cmp: Comparison) -> str:
    """A comparison as JSON (``render/schema.json``)."""
    return jsonout.dump("compare", cmp.to_dict())
