"""Code-style powers: ``decay_rate ^ (step / decay_steps)`` (the Keras docs' ExponentialDecay) in a formula written
as code is the power of the parenthesis.

TeX's ``^`` takes one character or a braced group, so ``^ (`` was refused; in a code-like formula (snake_case words,
``*`` beside a word: :func:`symdl.read.words.code_formula`) the parenthesis after ``^`` is the exponent, as in the
pseudo-code of the Keras and TensorFlow docs.  Noted (``code-power``): in Python itself ``^`` is XOR and ``**`` the
power.

Python's ``**`` written between two operands (``beta_2**t``, ``gradient ** 2``, ``abs(a - a.mean())**2``) is the power
(:func:`python_powers`, noted ``python-power``): TeX has no ``**``, and two products in a row mean nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from symdl.errors import InvalidInput, NotSupported, Span
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, is_group, rewrite_nodes
from symdl.read.words import code_formula

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader


def code_powers(reader: ExprReader, nodes: list[Node]) -> list[Node]:
    """Brace the parenthesis, or the call, after each ``^`` of a code-like formula (``x ^ (a / b)`` as
    ``x^{(a / b)}``, ``x ^ floor(a / b)`` as ``x^{floor(a / b)}``), noted."""
    if not code_formula(reader.source):
        return nodes
    out: list[Node] = []
    k = 0
    while k < len(nodes):
        n = nodes[k]
        out.append(n)
        k += 1
        if not (isinstance(n, Token) and n.is_op("^")):
            continue
        while k < len(nodes) and isinstance(nodes[k], Token) and nodes[k].kind == "space":  # type: ignore[union-attr]
            k += 1
        word = k
        while word < len(nodes) and isinstance(nodes[word], Token) and nodes[word].kind == "letter":  # type: ignore[union-attr]
            word += 1  # the staircase's decay_rate ^ floor(step / decay_steps): a call as the exponent
        if word < len(nodes) and is_group(nodes[word], "paren"):
            paren = nodes[word]
            inside = paren.children if word == k else nodes[k : word + 1]  # type: ignore[union-attr]
            out.append(Group(inside, Span(nodes[k].span.start, paren.span.end), "brace"))  # ^ (power): no x^{(i)}
            reader.add_note("code-power", Span(n.span.start, paren.span.end),
                            {"exponent": reader.source[nodes[k].span.start : paren.span.end]})
            k = word + 1
    return out


def _stars(nodes: list[Node], k: int) -> bool:
    """Is ``nodes[k]`` the first ``*`` of Python's ``**``, the two stars written together?"""
    a = nodes[k]
    b = nodes[k + 1] if k + 1 < len(nodes) else None
    return (isinstance(a, Token) and a.is_op("*") and isinstance(b, Token) and b.is_op("*")
            and a.span.end == b.span.start)


def _exponent_end(nodes: list[Node], k: int) -> int:
    """The end of the operand of ``**`` starting at ``nodes[k]`` (spaces skipped before it): a sign, then a number,
    an identifier (letters, digits, ``_``), a call or a parenthesis; ``k`` when none starts there."""
    j = k
    if j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].is_op("-", "+"):  # type: ignore[union-attr]
        j += 1
    start = j
    while j < len(nodes) and isinstance(nodes[j], Token) and (
            (nodes[j].kind in ("letter", "number", "cmd") and nodes[j].text not in ("\\cdot", "\\times", "\\\\"))  # type: ignore[union-attr]
            or nodes[j].is_op("_")) and (j == start or nodes[j].span.start == nodes[j - 1].span.end):  # type: ignore[union-attr]
        j += 1
    if j < len(nodes) and is_group(nodes[j], "paren", "brace") and (j == start or nodes[j].span.start
                                                                     == nodes[j - 1].span.end):
        j += 1  # (a / b), or a call: floor(a / b)
    return j if j > start else k


def python_powers(reader: ExprReader, nodes: list[Node]) -> list[Node]:
    """Python's ``**`` between two operands (inside groups too) as the power, the exponent braced (``beta_2**t`` as
    ``beta_2^{t}``, ``x ** -1`` as ``x^{-1}``, ``a**b**c`` as ``a^{b^{c}}``), noted; other stars unchanged."""
    return rewrite_nodes(nodes, lambda ns, k, out: _python_power(reader, ns, k, out))


def _python_power(reader: ExprReader, nodes: list[Node], k: int, out: list[Node]) -> int | None:
    """The ``**`` at ``nodes[k]`` after an operand, its exponent rewritten onto ``out``; the index after, else None."""
    if not (_stars(nodes, k) and out and not (isinstance(out[-1], Token) and out[-1].kind == "op")):
        return None
    power, end = _python_exponent(reader, nodes, k, out)
    out.extend(power)
    return end


def _python_exponent(reader: ExprReader, nodes: list[Node], k: int, out: list[Node]) -> tuple[list[Node], int]:
    """``^`` and the braced exponent for the ``**`` at ``k``, and the index after the exponent."""
    first = k + 2
    while first < len(nodes) and isinstance(nodes[first], Token) and nodes[first].kind == "space":  # type: ignore[union-attr]
        first += 1
    end = _exponent_end(nodes, first)
    stars = Span(nodes[k].span.start, nodes[k + 1].span.end)
    if end == first:
        raise reader.error(InvalidInput, "Python's power ** with no exponent after it", stars,
                           "write the exponent after **: x ** 2, x ** (a / b)")
    exponent = python_powers(reader, nodes[first:end])
    bare = len(exponent) == 1 and is_group(exponent[0], "paren")
    if bare:  # x**(n-1): the power n - 1, never the sample x^{(n-1)}
        exponent = exponent[0].children  # type: ignore[union-attr]
    if end < len(nodes) and _stars(nodes, end):  # a**b**c: Python's power groups to the right
        more, end = _python_exponent(reader, nodes, end, exponent)
        exponent = [*exponent, *more]
    from symdl.read.codecalls import base_start  # codecalls reads calls before this module's powers

    at = base_start(out)
    start = out[at].span.start if at < len(out) else stars.start
    written = reader.source[nodes[first].span.start : nodes[end - 1].span.end]
    written = written[1:-1] if bare and first + 1 == end else written
    reader.add_note("python-power", Span(start, nodes[end - 1].span.end), {
        "base": reader.source[start : stars.start].strip(),
        "exponent": written})
    sp = Span(nodes[first].span.start, nodes[end - 1].span.end)
    return [Token("op", "^", stars), Group(exponent, sp, "brace")], end


def _slashes(nodes: list[Node], k: int) -> bool:
    """Is ``nodes[k]`` the first ``/`` of Python's floor division ``//``, the two slashes written together?"""
    a = nodes[k]
    b = nodes[k + 1] if k + 1 < len(nodes) else None
    return (isinstance(a, Token) and a.is_op("/") and isinstance(b, Token) and b.is_op("/")
            and a.span.end == b.span.start)


def floor_divisions(reader: ExprReader, nodes: list[Node]) -> list[Node]:
    """Python's floor division ``a // b`` between two operands (inside groups too) as ``\\lfloor a / b \\rfloor``
    (the timm docs' StepLR ``decay_rate ** (epoch // decay_t)``), noted ``python-floor-division``; after a product
    (``a * b // c``, which Python reads as ``(a * b) // c``) it is refused rather than misread."""
    return rewrite_nodes(nodes, lambda ns, k, out: _floor_division(reader, ns, k, out))


def _floor_division(reader: ExprReader, nodes: list[Node], k: int, out: list[Node]) -> int | None:
    """The ``//`` at ``nodes[k]`` after an operand, the division rewritten onto ``out``; the index after, else None."""
    n = nodes[k]
    if not (_slashes(nodes, k) and out and not (isinstance(out[-1], Token) and out[-1].kind == "op")):
        return None
    from symdl.read.codecalls import base_start  # codecalls reads calls before this module's powers

    at = base_start(out)
    slashes = Span(n.span.start, nodes[k + 1].span.end)
    first = k + 2
    while first < len(nodes) and isinstance(nodes[first], Token) and nodes[first].kind == "space":  # type: ignore[union-attr]
        first += 1
    end = _exponent_end(nodes, first)
    if end < len(nodes) - 1 and isinstance(nodes[end], Token) and nodes[end].is_op("^"):  # type: ignore[union-attr]
        end += 2  # b ** 2, already b^{2}: Python's power binds tighter
    before = [m for m in out[:at] if not (isinstance(m, Token) and m.kind == "space")]
    product = before and isinstance(before[-1], Token) and (before[-1].is_op("*", "/", "%")
                                                           or before[-1].is_cmd("\\cdot", "\\times"))
    if end == first or at >= len(out):
        raise reader.error(InvalidInput, "Python's floor division // without an operand on each side", slashes,
                           "write a // b, or \\lfloor a / b \\rfloor")
    if product:
        raise reader.error(NotSupported, "Python's floor division // after a product or quotient (a * b // c is "
                           "(a * b) // c in Python)", slashes,
                           "parenthesise what is divided: (a * b) // c, or write \\lfloor a b / c \\rfloor")
    left, right = out[at:], floor_divisions(reader, nodes[first:end])
    sp = Span(out[at].span.start, nodes[end - 1].span.end)
    reader.add_note("python-floor-division", sp, {})
    del out[at:]
    out.append(Group([*left, Token("op", "/", slashes), *right], sp, "floor", Token("cmd", "\\lfloor", slashes),
                     Token("cmd", "\\rfloor", slashes)))
    return end
