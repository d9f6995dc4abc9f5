"""Delimiters and spacing of ordinary LaTeX: ``\\{ \\}``, ``||x||``, ``\\mid``, ``\\parallel``, ``\\hspace``.

Handlers share the shape of :mod:`symdl.read.constructs`' (``handler(reader, nodes, i, em, bold) -> next
index``) and are registered in its ``COMMANDS`` table.
"""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING

import sympy

from symdl.errors import InvalidInput, NotSupported, Span
from symdl.read.atombase import UPRIGHT
from symdl.read.atoms import _arg
from symdl.read.lexer import Token
from symdl.read.setargs import members_set
from symdl.read.structure import SIZING
from symdl.read.syntax import Group, Node, Parsed, is_group, plain_text, seq_span, strip_space

if TYPE_CHECKING:
    from symdl.read.expr import Emitter, ExprReader

OPEN_BRACES = {"\\{", "\\lbrace"}
CLOSE_BRACES = {"\\}", "\\rbrace"}
#: bars that always separate a conditional's parts: p(y \mid x), KL(p \parallel q)
SEPARATOR_BARS = {"\\mid", "\\parallel"}
#: bars that separate the parts when a bracket holds exactly one of them: p(y | x), D(p \| q)
SINGLE_BARS = {"|", "\\vert", "\\|", "\\Vert", "\\lVert"}  # Pyro's \mathrm{KL}(q \lVert p): one \lVert
#: spacing commands that take a braced width (\hspace{1em}) or a TeX dimension (\mkern3mu, \kern-0.5em)
SPACE_WITH_ARG = {"\\hspace", "\\vspace", "\\phantom", "\\hphantom", "\\vphantom"}
SPACE_WITH_DIMEN = {"\\mkern", "\\kern", "\\mskip", "\\hskip"}
#: spacing and style commands with no argument
SPACE_ALONE = {
    "\\>",
    "\\enspace",
    "\\thinspace",
    "\\medspace",
    "\\thickspace",
    "\\negthinspace",
    "\\negmedspace",
    "\\negthickspace",
    "\\scriptstyle",
    "\\scriptscriptstyle",
    "\\mathstrut",
    "\\strut",
    "\\hfill",
    # font sizes (course notes write \large( ... \large) around a loss): no meaning
    "\\tiny",
    "\\scriptsize",
    "\\footnotesize",
    "\\small",
    "\\normalsize",
    "\\large",
    "\\Large",
    "\\LARGE",
    "\\huge",
    "\\Huge",
}
SPACING_COMMANDS = SPACE_WITH_ARG | SPACE_WITH_DIMEN | SPACE_ALONE
#: \left delimiters of an absolute value and of a norm
ABS_BARS = {"|", "\\vert", "\\lvert"}
NORM_BARS = {"\\|", "\\Vert", "\\lVert"}


def _is(node: Node | None, *texts: str) -> bool:
    return isinstance(node, Token) and node.kind in ("cmd", "op") and node.text in texts


def _top_bars(inner: list[Node]) -> tuple[list[int], list[int]]:
    """Positions of top-level separator bars (``\\mid``) and of single bars (``|``, ``\\|``)."""
    always: list[int] = []
    single: list[int] = []
    for k, n in enumerate(inner):
        if _is(n, *SEPARATOR_BARS):
            always.append(k)
        elif _is(n, *SINGLE_BARS):
            single.append(k)
    if any(_is(n, "\\rVert") for n in inner):  # \max(\lVert g \rVert, c): a norm's bars, no separator
        single = [k for k in single if not _is(inner[k], "\\lVert")]
    return always, single


def conditional_split(inner: list[Node]) -> list[list[Node]] | None:
    """The parts of ``y \\mid x`` (or ``p \\parallel q``, ``y | x``, ``p \\| q``, ``p || q`` typed as two bars, as a
    divergence ``D_{KL}(p||q)`` separates its distributions); None when no bar separates."""
    inner = _double_bars(inner)
    always, single = _top_bars(inner)
    mids = [k for k in always if _is(inner[k], "\\mid")]
    if len(mids) >= 2:  # \max(\mid a \mid, \mid b \mid): bars of absolute values, not a conditional's
        always = [k for k in always if k not in mids]
    cuts = sorted(always + (single if len(single) == 1 else []))
    if not cuts:
        return None
    bounds = [-1, *cuts, len(inner)]
    return [inner[bounds[k] + 1 : bounds[k + 1]] for k in range(len(bounds) - 1)]


def doubled_conditional(inner: list[Node]) -> Group | None:
    """The second pair of parentheses that alone holds a call's arguments with a bar between them
    (``D_{KL}((q \\| p))``); None otherwise (``f((x))`` is just parentheses)."""
    alone = strip_space(inner)
    if len(alone) == 1 and is_group(alone[0], "paren") and conditional_split(alone[0].children) is not None:
        return alone[0]  # type: ignore[return-value]
    return None


def _double_bars(inner: list[Node]) -> list[Node]:
    """``||`` typed as two bars right against each other, as one ``\\|`` (a norm's ``||x||`` stays two of them)."""
    out: list[Node] = []
    for n in inner:
        last = out[-1] if out else None
        if _is(n, "|") and _is(last, "|") and last.span.end == n.span.start:  # type: ignore[union-attr]
            out[-1] = Token("cmd", "\\|", Span(last.span.start, n.span.end))  # type: ignore[union-attr]
        else:
            out.append(n)
    return out


def lone_bar(reader: ExprReader, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
    """``\\mid``/``\\parallel`` outside a function's parentheses: two ``\\mid`` around an expression are its absolute
    value (cs231n's ``\\sum_j \\mid f_j - (y_i)_j \\mid``, noted ``mid-abs``); anything else is refused."""
    from symdl.read import constructs

    tok = nodes[i]
    j = next((j for j in range(i + 1, len(nodes)) if _is(nodes[j], "\\mid")), None) if _is(tok, "\\mid") else None
    if j is not None and strip_space(nodes[i + 1 : j]):
        span = Span(tok.span.start, nodes[j].span.end)
        reader.add_note("mid-abs", span, {"text": reader.source[span.start : span.end]})
        ph = reader.new("abs", span, inner=reader.read(nodes[i + 1 : j], span))
        em.placeholder(ph.id, span)
        return constructs.emit_power(reader, nodes, j + 1, em)
    raise reader.error(
        NotSupported,
        f"{tok.text} outside a function's arguments",
        tok.span,
        "a conditional bar is read inside a call: p(y \\mid x), D_{KL}(p \\parallel q); sets are not read",
    )


def brace_group(reader: ExprReader, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
    """``\\{ x + y \\}``, ``\\left\\{ ... \\right\\}``: braces used as brackets; a set (commas, a bar) is refused.

    ``\\left\\{ \\begin{array}{ll} ... \\end{array} \\right.`` is a piecewise definition, as ``cases``.
    """
    from symdl.read import constructs, environments

    group = nodes[i]
    assert isinstance(group, Group) and group.open is not None and group.close is not None
    inner = strip_space([n for n in group.children if not _is(n, *SIZING)])
    if group.close.text == ".":
        if len(inner) == 1 and is_group(inner[0], "env"):
            return environments.brace_cases(reader, nodes, i, em)
        raise reader.error(
            InvalidInput, f"this '{group.open.text}' is never closed", group.open.span,
            "close it with \\} or, around the rows of a piecewise definition, with \\right.",
        )
    listed = family_list(reader, nodes, i, em)  # the PyTorch docs' \{l_1,\dots,l_N\}^\top
    if listed:
        return listed
    if (whole := members_set(inner)) is not None:  # Faster R-CNN's L(\{p_i\}, \{t_i\}): every p_i, the family p
        reader.add_note("set-of-members", group.span, {"text": reader.source[group.span.start : group.span.end],
                                                       "name": plain_text(whole).strip()})
        ph = reader.new("group", group.span, inner=reader.read(whole, group.span))
        em.placeholder(ph.id, group.span)
        return constructs.emit_power(reader, nodes, i + 1, em)
    always, single = _top_bars(inner)
    if any(_is(n, ":") and _is(m, "=") for n, m in itertools.pairwise(inner)):
        raise reader.error(  # cs229's repeat until convergence \{ \theta_j := ... \}: pseudo-code's loop body
            NotSupported, "a statement inside braces (pseudo-code's loop body: repeat { ... := ... })", group.span,
            "write the statement alone: \\theta_j := \\theta_j - \\alpha ...")
    # ESL's lasso \arg\min_\beta \left\{ ... + \lambda \sum_j |\beta_j| \right\}: bars in pairs are absolute values
    if (len(constructs.split_top(inner, ",")) > 1 or always or len(single) % 2
            or any(_is(n, ":", "\\colon") for n in inner)):  # \{ m : m \le t \}: a set by a condition
        raise reader.error(NotSupported, *_set_hint(reader.source, group.span, inner))
    ph = reader.new("group", group.span, inner=reader.read(inner, group.span))
    em.placeholder(ph.id, group.span)
    return constructs.emit_power(reader, nodes, i + 1, em)


def _set_hint(source: str, span: Span, inner: list[Node]) -> tuple[str, Span, str]:
    """A refused set: its kind (by a condition, counted between bars, or listed), its span and how to write it."""
    from symdl.read.constructs import split_top

    builder = any(_is(n, ":", "\\colon", "\\mid", "|") for n in inner)
    counted = source[: span.start].rstrip().endswith(("|", "\\lvert", "\\vert"))
    if builder and counted:  # PyTorch's MultiStepLR: \gamma^{|\{m \in \text{milestones} : m \le t\}|}
        return ("the size of a set {...} by a condition, |{m : ...}|", span, "write the count as a sum of indicators: "
                "\\sum_{k=1}^{K} \\mathbb{1}(m_k \\le t)")
    if builder:  # Wu & He's GroupNorm \mathcal{S}_i = \{k \mid k_N = i_N, ...\}
        return ("a set {...} by a condition, {k | ...}", span, "symdl reads a sum over a set's members (\\sum_{k \\in "
                "\\mathcal{S}_i} x_k) but not the set's definition; write the condition as an indicator in the sum")
    if any(_is(n, "=") for n in split_top(inner, ",")[0]):  # RoPE's \Theta = \{\theta_i = 10000^{...}, i \in ...\}
        return ("a set {...} of values given by their member's formula, {x_i = ..., i ∈ ...}", span,
                "write the member's formula alone, as a statement: \\theta_i = 10000^{-2(i-1)/d}")
    return ("a set {...}", span, "symdl reads \\{ \\} as brackets around one expression; sets and sequences are "
            "not read")


def delim_group(reader: ExprReader, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
    """``\\left| x \\right|`` (an absolute value), ``\\left\\| x \\right\\|`` (a norm); other delimiters
    are refused as the delimiter alone would be."""
    from symdl.read import constructs

    group = nodes[i]
    assert isinstance(group, Group) and group.open is not None
    if group.open.text in ABS_BARS and (after := _positive_part(nodes, i + 1)) is not None:
        return _emit_positive_part(reader, nodes, group.children, Span(group.span.start, nodes[after - 1].span.end),
                                   after, em)
    if group.open.text in ABS_BARS and _norm_script_after(reader, nodes, i + 1):  # KAN's \left|\phi\right|_1
        reader.add_note("single-bar-norm", group.span, {"text": reader.source[group.span.start : group.span.end]})
        return emit_norm(reader, nodes, group.span, group.children, i + 1, em)
    if group.open.text in ABS_BARS:
        ph = reader.new("abs", group.span, inner=reader.read(group.children, group.span))
        em.placeholder(ph.id, group.span)
        return constructs.emit_power(reader, nodes, i + 1, em)
    if group.open.text in NORM_BARS:
        return emit_norm(reader, nodes, group.span, group.children, i + 1, em)
    from symdl.read.evalbar import evaluation_bar, is_evaluation_bar

    if is_evaluation_bar(group):  # \left. \frac{d}{dx} f(x) \right|_{x = 0}: f'(0)
        return evaluation_bar(reader, nodes, i, em)
    reader.emit([group.open], em)  # \left. or \left\langle: refused as the token itself
    raise reader.error(InvalidInput, f"unexpected '\\left{group.open.text}'", group.open.span)


def _delimited(reader: ExprReader, nodes: list[Node], i: int, closers: set[str], what: str) -> int:
    for j in range(i + 1, len(nodes)):
        n = nodes[j]
        if isinstance(n, Token) and n.text in closers:
            return j
    raise reader.error(InvalidInput, f"this {what} is never closed", nodes[i].span, f"add the closing {what}")


def abs_group(reader: ExprReader, nodes: list[Node], i: int, em: Emitter, bold: bool = False) -> int:
    """``|x|`` (or ``\\vert x \\vert``): an absolute value closed by the next bar; ``||x||`` is a norm."""
    from symdl.read import constructs

    nxt = nodes[i + 1] if i + 1 < len(nodes) else None
    if isinstance(nxt, Token) and nxt.is_op("|") and nxt.span.start == nodes[i].span.end:
        return double_bar_norm(reader, nodes, i, em)  # ||x||: a norm typed with bars
    j = _delimited(reader, nodes, i, {"|", "\\rvert", "\\vert"}, "'|'")
    span = Span(nodes[i].span.start, nodes[j].span.end)
    if (after := _positive_part(nodes, j + 1)) is not None:  # scikit-learn's hinge |1 - wy|_+: max(0, 1 - wy)
        return _emit_positive_part(reader, nodes, nodes[i + 1 : j], Span(span.start, nodes[after - 1].span.end),
                                   after, em)
    if _norm_script_after(reader, nodes, j + 1):  # |x - y|_2, |{\bf x}_i - {\bf y}_i|_p: a norm typed with one bar
        reader.add_note("single-bar-norm", span, {"text": reader.source[span.start : span.end]})
        return emit_norm(reader, nodes, span, nodes[i + 1 : j], j + 1, em)
    ph = reader.new("abs", span, inner=reader.read(nodes[i + 1 : j], span))
    em.placeholder(ph.id, span)
    return constructs.emit_power(reader, nodes, j + 1, em)


def _emit_positive_part(reader: ExprReader, nodes: list[Node], inner: list[Node], whole: Span, after: int,
                        em: Emitter) -> int:
    """``|x|_+`` covering ``whole`` as ``\\max(0, x)`` (noted ``positive-part``), its power from ``nodes[after]``."""
    from symdl.read import constructs

    reader.add_note("positive-part", whole, {"text": reader.source[whole.start : whole.end]})
    call = [Token("cmd", "\\max", whole),
            Group([Token("number", "0", whole), Token("op", ",", whole), *inner], whole, "paren")]
    ph = reader.new("group", whole, inner=reader.read(call, whole))
    em.placeholder(ph.id, whole)
    return constructs.emit_power(reader, nodes, after, em)


def _positive_part(nodes: list[Node], k: int) -> int | None:
    """The index after ``_+`` or ``_{+}`` written right after a closing bar at ``k`` (the positive part
    ``|x|_+ = \\max(0, x)``), else None."""
    if k + 1 >= len(nodes) or not (isinstance(nodes[k], Token) and nodes[k].is_op("_")):
        return None
    sub = nodes[k + 1]
    inside = sub.children if isinstance(sub, Group) and sub.kind == "brace" else [sub]
    plus = [n for n in inside if not (isinstance(n, Token) and n.kind == "space")]
    return k + 2 if len(plus) == 1 and isinstance(plus[0], Token) and plus[0].is_op("+") else None


def _norm_script_after(reader: ExprReader, nodes: list[Node], k: int) -> bool:
    """Is a norm's order written as a subscript right after a closing bar (``|x|_p``, ``|x|^2_2``)?  An absolute
    value has none: its subscript can only be the norm's p."""
    from symdl.read import constructs

    k = constructs._skip_space(nodes, k)
    if k < len(nodes) and isinstance(nodes[k], Token) and nodes[k].is_op("^"):
        _, k, _ = _arg(nodes, k + 1, reader.source, "superscript")
    return k < len(nodes) and isinstance(nodes[k], Token) and nodes[k].is_op("_")


def norm(reader: ExprReader, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
    """``\\|x\\|``: a norm closed by the next double bar."""
    nxt = nodes[i + 1] if i + 1 < len(nodes) else None
    if isinstance(nxt, Token) and nxt.is_op("_"):  # GAT's \Big\Vert_{k=1}^{K} \sigma(...): the heads concatenated
        raise reader.error(NotSupported, "a concatenation over an index (\\Vert_{k=1}^{K}: GAT's attention heads "
                           "side by side)", nodes[i].span,
                           "write the concatenation of the heads out: [h^1; \\dots; h^K], or one head's formula")
    j = _delimited(reader, nodes, i, {"\\|", "\\rVert", "\\Vert"}, "'\\|'")
    return emit_norm(reader, nodes, Span(nodes[i].span.start, nodes[j].span.end), nodes[i + 1 : j], j + 1, em)


#: words a norm's subscript names the Euclidean norm of a whole (clipping by the global norm of all gradients)
_TWO_NORM_WORDS = frozenset({"global", "total", "l2", "euclidean", "two"})


def emit_norm(reader: ExprReader, nodes: list[Node], span: Span, inner: list[Node], k: int, em: Emitter) -> int:
    """A norm around ``inner`` covering ``span``, with its ``_p`` and power from ``nodes[k]`` on."""
    from symdl.read import constructs

    p, order, start = "2", None, k
    sub = constructs._skip_space(nodes, k)  # \Vert x - y \Vert _p (the PyTorch docs): TeX ignores the space
    nodes = _subscript_first(reader, nodes, sub)  # Lil'Log's \|f(x_i) - f(x_j)\|^2_2: the same scripts as _2^2
    if sub < len(nodes) and isinstance(nodes[sub], Token) and nodes[sub].is_op("_"):
        arg, k, sp = _arg(nodes, sub + 1, reader.source, "subscript")
        p = norm_order_text(arg)
        if p.strip("{} ") == "c":  # DoRA's \|V\|_c: each column's norm, a vector (no order c of a p-norm)
            raise reader.error(NotSupported, "the column-wise norm \\|\\cdot\\|_c (DoRA: a vector of each column's "
                               "norm)", Span(span.start, sp.end), "name the norms of the columns: \\mathbf{n} with "
                               "n_j = \\|\\mathbf{v}_j\\|, or write \\|x\\|_p for a p-norm")
        word = re.fullmatch(r"\\(?:text|mathrm|operatorname|rm)\s*\{?\s*([A-Za-z]{2,})\s*\}?", p.strip("{} "))
        if word and word.group(1).lower() in _TWO_NORM_WORDS:  # gradient clipping's \|g\|_{\text{global}}: the 2-norm
            p = "2"  # of all of g (before: a p-norm of order "global", silently)
            reader.add_note("norm-word", Span(span.start, sp.end), {"text": reader.source[span.start : sp.end],
                                                                  "word": word.group(1)})
        elif word and word.group(1) not in ("max", "F"):  # Miyato et al.'s \|f\|_{\text{Lip}}: a named norm
            raise reader.error(NotSupported, f"the norm named {word.group(1)} ({reader.source[span.start : sp.end]}:"
                               " a norm a text defines, the Lipschitz norm of a function), not a p-norm", Span(
                                   span.start, sp.end), "name its value: L_f = \\|f\\|_{\\text{Lip}}, then use L_f")
        space = re.fullmatch(r"\\(?:mathcal|mathscr|mathbb|cal)\s*\{?\s*([A-Za-z])\s*\}?", p.strip("{} "))
        if space:  # Gretton et al.'s \|\mu_p - \mu_q\|_{\mathcal{H}}: the norm of a function space, no order
            raise reader.error(NotSupported, f"the norm of the space {space.group(1)} "
                               f"({reader.source[span.start : sp.end]}: the norm of a function in a space a text "
                               "defines, an RKHS's), not a p-norm", Span(span.start, sp.end),
                               r"name its value, or write the kernel form: \|\mu_p - \mu_q\|^2 = \mathbb{E}[k(x, "
                               r"x')] - 2\mathbb{E}[k(x, y)] + \mathbb{E}[k(y, y')]")
        if p not in ("1", "2", "F", "\\infty"):
            order, p = reader.read(arg, sp), "p"  # \|x\|_p, \|x\|_3: (\sum_i |x_i|^p)^{1/p}
    ph = reader.new("norm", span, inner=reader.read(inner, span), p=p, written=k > start,
                    **({"order": order} if order else {}))
    em.placeholder(ph.id, span)
    return constructs.emit_power(reader, nodes, k, em)


def _subscript_first(reader: ExprReader, nodes: list[Node], k: int) -> list[Node]:
    """``nodes`` with a superscript at ``k`` followed by a subscript written in TeX's other order, ``^2_2`` as
    ``_2^2``: TeX sets both scripts on the same base whichever comes first, so this is no guess."""
    if not (k < len(nodes) and isinstance(nodes[k], Token) and nodes[k].is_op("^")):
        return nodes
    _, after_sup, _ = _arg(nodes, k + 1, reader.source, "superscript")
    if not (after_sup < len(nodes) and isinstance(nodes[after_sup], Token) and nodes[after_sup].is_op("_")):
        return nodes
    _, after_sub, _ = _arg(nodes, after_sup + 1, reader.source, "subscript")
    return [*nodes[:k], *nodes[after_sup:after_sub], *nodes[k:after_sup], *nodes[after_sub:]]


def norm_order_text(arg: list[Node]) -> str:
    """A norm's subscript as plain text, an upright font around it dropped: ``\\textrm{F}``, ``\\mathrm{F}``,
    ``\\text{F}`` and ``{\\rm F}`` are the Frobenius norm's ``F`` (d2l writes ``\\|\\mathbf{W}\\|_\\textrm{F}^2``);
    ``L^1``, ``\\ell_2`` name the p-norm's order by its space."""
    text = plain_text(arg)
    bare = text
    for wrapper in sorted(UPRIGHT, key=len, reverse=True):
        bare = bare.replace("\\" + wrapper, "")
    bare = bare.replace("{", "").replace("}", "")
    if (lebesgue := _LEBESGUE.fullmatch(bare.replace(" ", ""))) is not None:  # LeCun's \Vert z \Vert_{L^1}: the 1-norm
        return lebesgue.group(1)
    return bare if bare in ("1", "2", "F", "\\infty") else text


#: a norm's order named as its space: L^1, L_2, \ell_1, \ell^2, l1, \mathcal{L}_1 (the p of an L^p or \ell^p norm)
_LEBESGUE = re.compile(r"(?:L|l|\\ell|\\mathcal\s*L)[_^]?(1|2|\\infty)")


def double_bar_norm(reader: ExprReader, nodes: list[Node], i: int, em: Emitter) -> int:
    """``||x||``, ``||x - y||_2^2``: a norm typed with two bars on each side."""
    for j in range(i + 2, len(nodes) - 1):
        if _is(nodes[j], "|") and _is(nodes[j + 1], "|") and nodes[j].span.end == nodes[j + 1].span.start:
            span = Span(nodes[i].span.start, nodes[j + 1].span.end)
            return emit_norm(reader, nodes, span, nodes[i + 2 : j], j + 2, em)
    raise reader.error(InvalidInput, "this '||' is never closed", nodes[i].span, "add the closing '||'")


def spacing(reader: ExprReader, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
    """``\\hspace{1em}``, ``\\hspace*{2pt}``, ``\\mkern3mu``, ``\\kern-0.5em``, ``\\enspace``: white space."""
    tok = nodes[i]
    assert isinstance(tok, Token)
    j = i + 1
    if tok.text in SPACE_WITH_ARG:
        _, j, _ = _arg(nodes, j, reader.source, tok.text)
    elif tok.text in SPACE_WITH_DIMEN:
        j = _dimen_end(reader, nodes, j, tok)
    return j


def _dimen_end(reader: ExprReader, nodes: list[Node], j: int, tok: Token) -> int:
    """End of a TeX dimension after ``\\mkern``: ``3mu``, ``-0.5em``, ``{3mu}``, `` 1.5 pt``."""
    from symdl.read import constructs

    j = constructs._skip_space(nodes, j)
    if j < len(nodes) and is_group(nodes[j], "brace"):
        return j + 1  # \mkern{3mu}
    if _is(nodes[j] if j < len(nodes) else None, "-", "+"):
        j += 1
    if not (j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].kind == "number"):
        raise reader.error(InvalidInput, f"{tok.text} without a width", tok.span, f"write the width: {tok.text}3mu")
    j = constructs._skip_space(nodes, j + 1)
    unit = nodes[j : j + 2]
    if len(unit) == 2 and all(isinstance(n, Token) and n.kind == "letter" for n in unit):
        return j + 2
    raise reader.error(InvalidInput, f"{tok.text} without a unit", tok.span, f"write the unit: {tok.text}3mu")


#: group kind → the known function it applies (\\lfloor x \\rfloor: floor(x); \\langle u, v \\rangle: the inner product)
BRACKET_FUNCTIONS = {"floor": "floor", "ceil": "ceiling", "angle": "inner", "round": "floor"}


def function_bracket(reader: ExprReader, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
    """``\\lfloor t/s \\rfloor``, ``\\lceil x \\rceil``, ``\\langle u, v \\rangle``: a function of the contents."""
    from symdl.read import constructs
    from symdl.read.calls import args_of

    group = nodes[i]
    assert isinstance(group, Group)
    name = BRACKET_FUNCTIONS[group.kind]
    if name == "inner" and len(constructs.split_top(group.children, ",")) == 1 and not any(
            isinstance(n, Token) and (n.is_op("|") or n.is_cmd("\\mid", "\\vert")) for n in group.children):
        return _angle_mean(reader, nodes, i, em, bold)  # Hinton's <v_i h_j>_data: an average, not an inner product
    args = args_of(reader, group.children, group.span) if name == "inner" else [
        reader.read(group.children, group.span)]
    if group.kind == "round":  # \lfloor x/s \rceil: round to nearest, as \lfloor x/s + 1/2 \rfloor (noted)
        args = [Parsed(args[0].expr + sympy.S.Half, args[0].span, f"{args[0].latex} + \\frac{{1}}{{2}}")]
        reader.add_note("round-nearest", group.span, {})
    if name == "inner" and len(args) != 2:
        raise reader.error(InvalidInput, "an inner product of two things", group.span, "write \\langle u, v \\rangle")
    ph = reader.new("call", group.span, args=args, known=name)
    em.placeholder(ph.id, group.span)
    return constructs.emit_power(reader, nodes, i + 1, em)


def _angle_mean(reader: ExprReader, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
    """``\\langle v_i h_j \\rangle_{\\text{data}}`` (Hinton's contrastive divergence, a physicist's average
    ``\\langle x \\rangle``): the expectation of the one thing inside, under what the subscript names, as
    ``\\mathbb{E}_{\\text{data}}[v_i h_j]`` (noted ``angle-mean``)."""
    group = nodes[i]
    assert isinstance(group, Group)
    k = i + 1
    sub = list(nodes[k : k + 2]) if k + 1 < len(nodes) and _is(nodes[k], "_") else []
    if not sub and k + 1 < len(nodes) and _is(nodes[k], "^") and plain_text([nodes[k + 1]]).strip("{} ") in (
            "0", "1", "\\infty", "k", "n"):  # Hinton's CD \langle v_i h_j \rangle^0 - \langle v_i h_j \rangle^1:
        sub = [Token("op", "_", nodes[k].span), nodes[k + 1]]  # the Gibbs step's average, a label, never a power
    k += len(sub)
    span = Span(group.span.start, (sub[-1] if sub else group).span.end)
    inner = seq_span(group.children, group.span)  # \left\langle ... \right\rangle: within the delimiters
    reader.add_note("angle-mean", span, {"inner": reader.source[inner.start : inner.end].strip()})
    at = Span(group.span.start, group.span.start)
    rewritten = [*nodes[:i], Token("cmd", "\\mathbb", at), Group([Token("letter", "E", at)], at), *sub,
                 Group(group.children, group.span, "bracket"), *nodes[k:]]
    return reader.emit_one(rewritten, i, em, bold) - 2


def positive_part_at(nodes: list[Node], i: int) -> bool:
    """Is ``nodes[i]`` a bracket with ``_+`` after it: ``[x]_+``, ``\\left[ m + d \\right]_{+}``, ``(x)_+``; or with
    ``^+`` (``(x)^+``, the positive part as the ReLU's definition writes it, noted ``positive-part``)?"""
    if not is_group(nodes[i], "paren", "bracket") or i + 2 >= len(nodes) or not _is(nodes[i + 1], "_", "^"):
        return False
    sub = nodes[i + 2]
    return _is(sub, "+") or (is_group(sub, "brace") and plain_text(sub.children).strip() == "+")  # type: ignore[union-attr]


def positive_part(reader: ExprReader, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
    """``[x]_+``: the positive part max(0, x), as the hinge and triplet losses write it (Schroff et al.'s FaceNet,
    cs231n's SVM); a power after it raises the positive part (``[x]_+^2``, the squared hinge)."""
    group = nodes[i]
    assert isinstance(group, Group)
    span = group.span
    if _is(nodes[i + 1], "^"):
        written = Span(span.start, nodes[i + 2].span.end)
        reader.add_note("positive-part", written, {"inner": reader.source[span.start + 1 : span.end - 1].strip()})
    args = Group([Token("number", "0", span), Token("op", ",", span), *group.children], span, kind="paren")
    rewritten = [*nodes[:i], Token("cmd", "\\max", span), args, *nodes[i + 3 :]]
    return reader.emit_one(rewritten, i, em, bold) + 1


def family_list(reader: ExprReader, nodes: list[Node], i: int, em: Emitter) -> int:
    """``[l_1, \\dots, l_N]``, the PyTorch docs' ``\\{l_1,\\dots,l_N\\}^\\top``: the vector of the entries of one
    pattern from 1 to a bound, read as its entry at a free index (:mod:`symdl.read.series`, noted); 0 when the
    bracket is no such list (``[0, \\dots, 0]`` is read as a constant vector elsewhere)."""
    from symdl.read.constructs import _transpose_at, split_top
    from symdl.read.series import emit_series, series_entry

    group = nodes[i]
    assert isinstance(group, Group)
    parts = split_top(group.children, ",")
    found = series_entry(reader, parts)
    if found is None or (group.kind == "set" and found[2].islower() and not _transpose_at(nodes, i + 1)):
        return 0  # \{x_1, \dots, x_n\}: a set (the PyTorch docs' \{l_1,\dots,l_N\} is their vector)
    emit_series(reader, parts, group.span, em)
    return _transpose_at(nodes, i + 1) or i + 1
