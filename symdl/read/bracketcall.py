"""Square brackets as a function's parentheses, recognised by what they hold (Prince's *Understanding Deep
Learning*, 2023, writes every application so: ``\\mathbf{h}_1 = \\mathbf{a}[\\boldsymbol\\beta_0 + \\boldsymbol\\Omega_0
\\mathbf{x}]``, ``\\mathbf{f}[\\mathbf{x}, \\boldsymbol\\phi]``, ``\\mathrm{sig}[\\mathrm{f}[\\mathbf{g}[\\mathbf{z},
\\boldsymbol\\theta], \\boldsymbol\\phi]]``).

A lower-case Latin name (a letter or a word, plain, bold or upright, subscripted or not) touching square brackets is
applied to them (noted ``bracket-call-form``) when the brackets hold

- a comma list (``f[\\mathbf{x}, \\boldsymbol\\phi]``: a function's arguments, never one entry),
- a bold name (a vector or matrix expression: ``\\mathbf{a}[\\boldsymbol\\beta_0 + \\boldsymbol\\Omega_0\\mathbf{x}]``,
  which as a product was two column vectors side by side), or
- another such call (``\\mathrm{sig}[\\mathrm{f}[\\dots]]``).

Code's entry ``x[i]``, ``x[class]``, ``weights[i]`` (one index: :mod:`symdl.read.bracketindex`), a capital before
brackets (Olah's ``W_o[h_{t-1}, x_t]``, ``W[h; x]``: a matrix times a concatenation), a bracket after a space and a
bracket holding ``;`` (a concatenation) keep their readings.

Any plain name before brackets listing two or more distributions, each a call of a density letter (VAT's
``D[p(y \\mid x, \\hat\\theta), p(y \\mid x + r, \\hat\\theta)]``), is applied to them: a divergence
(noted ``divergence-arguments``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from symdl.errors import Span
from symdl.read.commands import BOLD
from symdl.read.lexer import Token
from symdl.read.syntax import AtomSpec, Group, Node, is_group, nodes_in, strip_space, tokens_in

if TYPE_CHECKING:
    from symdl.read.expr import Emitter, ExprReader


def _callee_shape(spec: object) -> bool:
    """A lower-case Latin letter or word with nothing but a subscript attached (``\\mathbf{a}``, ``\\mathrm{g}_t``),
    or an upright word of any case (MML's ``\\mathrm{Cov}_{X,Y}[x, y]``)."""
    if not isinstance(spec, AtomSpec) or spec.greek or spec.cal or spec.decorations or spec.primes:
        return False
    if spec.transpose or spec.layer is not None or spec.sample is not None or "bracket-index" in spec.readings:
        return False
    return spec.base.isascii() and spec.base.isalpha() and (
        spec.base[:1].islower() or (spec.word and len(spec.base) > 1))


def _nested_call(nodes: list[Node]) -> bool:
    """Does ``nodes`` hold, at any depth, a name (letter or braced word) touching a square bracket that holds a comma
    list or a bold name (``\\mathrm{f}[\\mathbf{g}[\\mathbf{z}, \\theta], \\phi]``)?"""
    return any(is_group(n, "bracket") and k > 0 and seq[k - 1].span.end == n.span.start
               and (_letter(seq[k - 1]) or is_group(seq[k - 1], "brace")) and _holds_arguments(n.children)  # type: ignore[union-attr]
               for seq, k, n in nodes_in(nodes))


def _letter(node: Node) -> bool:
    return isinstance(node, Token) and node.kind == "letter"


def _holds_arguments(children: list[Node]) -> bool:
    """A comma list of two or more non-empty parts, or a bold name, and no ``;`` (a concatenation)."""
    from symdl.read.constructs import split_top  # imported here: constructs reads calls, which import this module

    inner = strip_space(children)
    if not inner or len(split_top(inner, ";")) > 1:
        return False
    parts = split_top(inner, ",")
    if len(parts) > 1 and all(strip_space(p) for p in parts):
        return True
    return any(t.kind == "cmd" and t.text[1:] in BOLD for _, _, t in tokens_in(inner))


def form_bracket_call(spec: object, group: Node, source: str) -> bool:
    """Is ``group`` square brackets touching the name ``spec`` that it is applied to (see the module)?"""
    if not (is_group(group, "bracket") and _callee_shape(spec)):
        return False
    assert isinstance(group, Group)
    if group.span.start == 0 or source[group.span.start - 1].isspace():
        return False
    if re.search(r"(?<![A-Za-z])a?range\s*\(", source[group.span.start : group.span.end]):
        return False  # PyTorch's input[range(target.shape[0]), target]: numpy's fancy index, never a call
    return _holds_arguments(group.children) or _nested_call(group.children) or (
        bracket_style(source) and not _one_number(group.children))


#: a known function applied with square brackets: the source writes every call so (Prince's ``\exp[-z]``,
#: ``\mathrm{ReLU}[z]``, ``\log[\mathrm{sig}[z]]``)
_STYLE = re.compile(r"\\(?:exp|log|ln|tanh|sin|cos)\s*\[|\\(?:mathrm|operatorname|text)\s*\{\s*([A-Za-z]+)\s*\}\s*\[")


def bracket_style(source: str) -> bool:
    r"""Does ``source`` apply a known function with square brackets (:data:`_STYLE`)?  Then a lower-case name
    touching square brackets is applied to them too (Prince's ``a[z] = \mathrm{ReLU}[z]``, ``\mathrm{sig}[z] =
    \frac{1}{1 + \exp[-z]}``, ``\phi_1 a[\theta_{10} + \theta_{11} x]``), unless they hold one number."""
    from symdl.functions import KNOWN_FUNCTIONS

    return any(m.group(1) is None or m.group(1).lower() in KNOWN_FUNCTIONS for m in _STYLE.finditer(source))


def _one_number(children: list[Node]) -> bool:
    inner = strip_space(children)
    return len(inner) == 1 and isinstance(inner[0], Token) and inner[0].kind == "number"


def bold_word_call(reader: ExprReader, nodes: list[Node], i: int, j: int, word: str, em: Emitter) -> int | None:
    """Prince's bold function names: ``\\mathbf{Softmax}[\\dots]`` (a known function, in bold) and
    ``\\mathbf{Sa}[\\mathbf{X}]`` (a bold word with a lower-case letter touching brackets that hold arguments, as
    :func:`form_bracket_call` says: noted ``bracket-call-form``) are calls, not products of bold letters (which
    ``\\mathbf{PA}`` stays).  None when ``nodes[i:j]`` is no such name."""
    from symdl.functions import ACRONYMS, KNOWN_FUNCTIONS
    from symdl.read.constructs import bracket_call, function_call  # imported here: constructs calls this module

    after = nodes[j] if j < len(nodes) else None
    if not (isinstance(after, Group) and after.kind in ("paren", "bracket") and word.lower() != word.upper()):
        return None
    if word.lower() in KNOWN_FUNCTIONS and word not in ACRONYMS and not word.isupper():
        return function_call(reader, nodes, i, j, word.lower(), em)  # \mathbf{Softmax}[...]
    if after.kind == "paren" and word.isalpha() and word.islower() and len(word) >= 3:
        from symdl.read.calls import call  # calls reads names, which read this module

        span = Span(nodes[i].span.start, after.span.end)  # Hagan et al.'s \mathbf{satlins}(\mathbf{W}\mathbf{a}):
        reader.add_note("bold-word-function", span, {"name": word})  # a transfer function set in bold, applied
        spelt = reader.source[nodes[i].span.start : nodes[j - 1].span.end]
        return call(reader, nodes, i, j, em, callee=AtomSpec(base=word, base_latex=rf"\mathbf{{{word}}}", word=True,
                                                               bold=True, spelling=spelt))
    if word.isupper() or after.kind != "bracket" or not form_bracket_call(
            AtomSpec(base=word.lower(), base_latex=word, word=True), after, reader.source):
        return None
    span = Span(nodes[i].span.start, after.span.end)
    reader.add_note("bracket-call-form", span, {"name": reader.source[nodes[i].span.start : nodes[j - 1].span.end]})
    return bracket_call(reader, nodes, i, j, word, em)


#: a lower-case word or letter, or a font-wrapped word with a lower-case letter (\mathbf{Sa}), before an open bracket
_CALLER = (r"(?:\\(?:mathbf|boldsymbol|bm|mathrm|text|operatorname)\s*\{[A-Za-z]*[a-z][A-Za-z]*\}"
           r"|(?<![A-Za-z\\_^{])[a-z]+)")


def shared_bracket_argument(spec: object, group: Node, source: str) -> bool:
    """Prince's self-attention ``\\mathbf{Sa}[\\mathbf{X}] = \\mathbf{V}[\\mathbf{X}] \\cdot \\mathbf{Softmax}[
    \\mathbf{K}[\\mathbf{X}]^T \\mathbf{Q}[\\mathbf{X}]]``: a capital letter touching square brackets whose content a
    lower-case name or word of the formula is applied to in brackets too (``\\mathbf{Sa}[\\mathbf{X}]``) is a function
    of that same argument (noted ``bracket-call-shared``), not a matrix times it."""
    if not (isinstance(spec, AtomSpec) and is_group(group, "bracket") and len(spec.base) == 1):
        return False
    if not spec.base.isupper() or spec.greek or spec.decorations or spec.primes or spec.transpose:
        return False
    assert isinstance(group, Group)
    if group.span.start == 0 or source[group.span.start - 1].isspace():
        return False
    content = source[group.span.start + 1 : group.span.end - 1].strip()
    if not content or "[" in content:
        return False
    inner = r"\s*".join(re.escape(part) for part in content.split())
    return re.search(_CALLER + r"\s*\[\s*" + inner + r"\s*\]", source) is not None


def bracket_applied(spec: object, group: Node, source: str) -> bool:
    """Is ``group`` square brackets the name ``spec`` is applied to, by :func:`form_bracket_call`,
    :func:`shared_bracket_argument` or :func:`divergence_callee`?"""
    return form_bracket_call(spec, group, source) or shared_bracket_argument(spec, group, source) or \
        divergence_callee(spec, group, source)


#: one distribution written as a call: p(y \mid x), q_\phi(z), \hat{p}(x), \pi_\theta(a|s), \mathcal{N}(0, 1)
_DISTRIBUTION = re.compile(r"(?:\\(?:hat|tilde|bar)\s*\{\s*)?(?:[pqPQ]|\\pi|\\mathcal\s*\{\s*N\s*\})\s*\}?"
                           r"(?:\s*[_^]\s*(?:\{[^{}]*\}|\\?[A-Za-z0-9*]+))*\s*(?:\\left\s*)?\(.*\)", re.S)


def divergence_callee(spec: object, group: Node, source: str) -> bool:
    """Is this a plain name right before square brackets listing two or more distributions, each a call of a
    density letter (Miyato et al.'s ``D[p(y \\mid x, \\hat\\theta), p(y \\mid x + r, \\hat\\theta)]``, a
    ``KL[q(z), p(z)]``)?  Distributions are no numbers to stack into a vector: the name is a divergence between them.
    """
    from symdl.read.constructs import split_top  # imported here: constructs reads calls, which import this module

    if not (isinstance(spec, AtomSpec) and is_group(group, "bracket")) or spec.bold or spec.transpose:
        return False
    assert isinstance(group, Group)
    parts = [strip_space(q) for q in split_top(strip_space(group.children), ",")]
    if len(parts) < 2 or not all(parts):
        return False
    texts = [source[q[0].span.start : q[-1].span.end].strip() for q in parts]
    return all(_DISTRIBUTION.fullmatch(t) for t in texts)
