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
"""

from __future__ import annotations

from symdl.read.commands import BOLD
from symdl.read.lexer import Token
from symdl.read.syntax import AtomSpec, Group, Node, is_group, strip_space, tokens_in


def _callee_shape(spec: object) -> bool:
    """A lower-case Latin letter or word with nothing but a subscript attached (``\\mathbf{a}``, ``\\mathrm{g}_t``)."""
    if not isinstance(spec, AtomSpec) or spec.greek or spec.cal or spec.decorations or spec.primes:
        return False
    if spec.transpose or spec.layer is not None or spec.sample is not None or "bracket-index" in spec.readings:
        return False
    return spec.base.isascii() and spec.base.isalpha() and spec.base[:1].islower()


def _nested_call(nodes: list[Node]) -> bool:
    """Does ``nodes`` hold, at any depth, a name (letter or braced word) touching a square bracket that holds a comma
    list or a bold name (``\\mathrm{f}[\\mathbf{g}[\\mathbf{z}, \\theta], \\phi]``)?"""
    stack = [nodes]
    while stack:
        seq = stack.pop()
        for k, n in enumerate(seq):
            if isinstance(n, Group):
                stack.append(n.children)
                if (n.kind == "bracket" and k > 0 and seq[k - 1].span.end == n.span.start
                        and (isinstance(seq[k - 1], Token) and seq[k - 1].kind == "letter" or is_group(seq[k - 1], "brace"))
                        and _holds_arguments(n.children)):
                    return True
    return False


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
    return _holds_arguments(group.children) or _nested_call(group.children)
