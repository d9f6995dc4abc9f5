"""The Greek capitals Σ and Π pasted for the big operators: ``Σ_k exp(x_k)``, ``Σ_{j} α_{ij} W h_j``,
``Π_{i=1}^t α_i`` (web pages, PDFs and chat answers paste the letter for the summation and product signs ∑, ∏).

A Σ (U+03A3) or Π (U+03A0) followed by a subscript and then a summand (a name, a number, a command, a parenthesis)
is the sum or the product over that index; one with no subscript right before a subscripted term at the start of
an expression (``σ(Σ α_{ij} W h_j)``), or after a space before a parenthesis (``sqrt( Σ (x − x̄)² / (N − 1) )``),
is the sum too (over the entries, or refused as ``\\sum`` without an index is), and so is one after a log
written without its parenthesis (the log-sum-exp's ``log Σ exp(x − max(x))``).  Σ stays the
matrix (a covariance) where it is a value: an argument (``\\mathcal{N}(x; μ_k, Σ_k)``), raised to a power
(``Σ_k^{-1}``), transposed or inverted, or with nothing to sum after it.  ``\\Sigma`` and ``\\Pi`` typed as TeX
commands are the sum and the product only with a range under them (``\\Sigma_{i=1}^{n}``), or, for ``\\Sigma``, with
one index letter under it at the start of a term, right before a name (or a parenthesis) subscripted by that letter
(a forum paste's ``\\Sigma_i w_i x_i``) in a formula that writes Σ nowhere as a value (no ``\\Sigma^{-1}``,
``\\Sigma x``, bare ``\\Sigma``, ``\\Sigma_k`` as an argument); otherwise TeX's ``\\Sigma_k`` is a matrix (a
mixture's covariance).  Noted ``unicode-sum``, ``unicode-product``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from symdl.errors import Span
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, is_group, plain_text

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader

#: the capital → the big operator it stands for, and its note
_BIG = {"\\Sigma": ("\\sum", "unicode-sum", "sum"), "\\Pi": ("\\prod", "unicode-product", "product")}
#: commands that cannot start a summand: relations, spacing, layout
_NOT_SUMMAND = {
    "\\le",
    "\\leq",
    "\\ge",
    "\\geq",
    "\\in",
    "\\neq",
    "\\approx",
    "\\sim",
    "\\quad",
    "\\qquad",
    "\\right",
    "\\\\",
    "\\cdot",
    "\\times",
    "\\top",
    "\\intercal",
    "\\mid",
    "\\|",
    "\\rangle",
    "\\to",
}
#: superscripts that make the capital a matrix's power, not a sum's bound
_MATRIX_POWERS = {"-1", "T", "\\top", "\\intercal", "1/2", "-1/2", "\\frac{1}{2}", "-\\frac{1}{2}", "2"}


def _skip(nodes: list[Node], k: int) -> int:
    while k < len(nodes) and isinstance(nodes[k], Token) and nodes[k].kind == "space":  # type: ignore[union-attr]
        k += 1
    return k


def _script(nodes: list[Node], k: int, op: str) -> tuple[str, int] | None:
    """The text of the script ``op`` at ``nodes[k]`` (``_k``, ``_{j=1}``) and the index after it, or None."""
    if k + 1 < len(nodes) and isinstance(nodes[k], Token) and nodes[k].is_op(op):  # type: ignore[union-attr]
        return "".join(plain_text([nodes[k + 1]]).split()).strip("{}"), k + 2
    return None


def _summand_at(nodes: list[Node], k: int) -> bool:
    """Does a summand start at ``nodes[k]``: a name, number, command or group, not an operator or a relation?"""
    if k >= len(nodes):
        return False
    n = nodes[k]
    if isinstance(n, Group):
        return True
    return n.kind in ("letter", "number") or (n.kind == "cmd" and n.text not in _NOT_SUMMAND) or n.is_op("|")
    # (a bar opens an absolute value: the PyTorch docs' L1 loss pasted, (1/n) × Σᵢ |ŷᵢ − yᵢ|)


def _subscripted_term(nodes: list[Node], k: int) -> bool:
    """Is ``nodes[k]`` a name with a subscript right after it (``α_{ij}``, ``x_k``; the lexer's space after a pasted
    ``α`` skipped)?"""
    if not (_summand_at(nodes, k) and isinstance(nodes[k], Token) and nodes[k].kind in ("letter", "cmd")):  # type: ignore[union-attr]
        return False
    bar = _skip(nodes, k + 1)
    return bar < len(nodes) and isinstance(nodes[bar], Token) and nodes[bar].is_op("_")  # type: ignore[union-attr]


#: a TeX \\Sigma written as a value somewhere: bare, powered, transposed, or subscripted with a power or as an argument
#: (a mixture's \\mathcal{N}(x \\mid \\mu_k, \\Sigma_k))
_SIGMA_VALUE = re.compile(r"\\Sigma(?![A-Za-z_])|\\Sigma_(?:\{[^{}]*\}|\\?[A-Za-z0-9]+)\s*(?:\^|[,)]|\\right)")


def _term_start(nodes: list[Node], i: int) -> bool:
    """Does ``nodes[i]`` start a term, after nothing, ``=``, ``+``, ``-``, a number or a ``\\frac{..}{..}`` (a mean's
    ``\\frac{1}{n}``)?"""
    before = [n for n in nodes[:i] if not (isinstance(n, Token) and n.kind == "space")]
    if not before:
        return True
    last = before[-1]
    if isinstance(last, Token):
        return last.is_op("=", "+", "-") or last.kind == "number"
    return len(before) >= 3 and isinstance(before[-3], Token) and before[-3].text in ("\\frac", "\\tfrac", "\\dfrac")


def _uses_index(nodes: list[Node], k: int, index: str) -> bool:
    """Is ``nodes[k]`` a name subscripted by ``index`` (``w_i``, ``W_{ij}``) or a parenthesis whose text subscripts a
    name by it (``(y_i - t_i)^2``)?"""
    if isinstance(nodes[k], Group) if k < len(nodes) else False:
        text = re.sub(r"\\[A-Za-z]+", " ", plain_text([nodes[k]]))
        return re.search(rf"_\{{?[a-z]*{index}", text) is not None
    if not _subscripted_term(nodes, k):
        return False
    sub = _script(nodes, _skip(nodes, k + 1), "_")
    return sub is not None and index in re.sub(r"\\[A-Za-z]+", " ", sub[0])


def _indexed_summand(reader: ExprReader, nodes: list[Node], i: int, index: str, k: int) -> bool:
    """``\\Sigma_i w_i x_i``: TeX's Σ with one index letter under it, at the start of a term, right before a name
    subscripted by that letter, in a formula that writes Σ nowhere as a value (see the module)."""
    if not (len(index) == 1 and index.isalpha() and index.islower()) or _SIGMA_VALUE.search(reader.source):
        return False
    return _term_start(nodes, i) and _uses_index(nodes, _skip(nodes, k), index)


def _after_log(before: list[Node]) -> bool:
    """Does ``before`` end with a logarithm written without its parenthesis (``log``, ``ln`` in letters after no
    letter, ``\\log``, ``\\ln``)?  The log-sum-exp's ``log Σ exp(x − max(x))``: the Σ starts log's argument as it
    starts a term."""
    letters = "".join(n.text for n in before[-3:] if isinstance(n, Token) and n.kind == "letter")
    if isinstance(before[-1], Token) and before[-1].is_cmd("\\log", "\\ln"):
        return True
    for word in ("log", "ln"):
        k = len(before) - len(word)
        if k < 0 or not letters.endswith(word):
            continue
        if k == 0 or not (isinstance(before[k - 1], Token) and before[k - 1].kind == "letter"):
            return all(isinstance(n, Token) and n.kind == "letter" for n in before[k:])
    return False


def _summand_after(nodes: list[Node], i: int) -> bool:
    """Is a pasted Σ at ``nodes[i]`` followed, after a space, by a summand: letters or a word applied to a parenthesis
    (``Σ q(x)``, ``Σ P(x)``, the log-sum-exp's ``Σ exp(x − max(x))``), a parenthesis (``Σ (x − x̄)²``: a covariance is
    not written so at the start of a term, it is inverted or follows a transposed vector) or a lower-case letter (an
    entropy's ``−Σ p log p``)?"""
    k = j = _skip(nodes, i + 1)
    if not (i + 1 < k < len(nodes)):
        return False
    while j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].kind == "letter":  # type: ignore[union-attr]
        j += 1
    called = k < j < len(nodes) and is_group(nodes[j], "paren")
    first = nodes[k]
    return called or is_group(first, "paren") or (isinstance(first, Token) and first.kind == "letter"
                                                   and first.text.islower())


def _after_coefficient(before: list[Node]) -> bool:
    """Is the last thing before a pasted Σ a parenthesised coefficient after a relation or a sign (``= (1/n) Σ``)?"""
    return (len(before) >= 1 and isinstance(before[-1], Group) and before[-1].kind == "paren"
            and (len(before) == 1 or (isinstance(before[-2], Token) and before[-2].is_op("=", "+", "-"))))


def _indexed_rest(reader: ExprReader, nodes: list[Node], i: int) -> bool:
    """Does the rest of the term after ``nodes[i]`` (up to a relation) subscript a name by a letter (``y_i``)?"""
    rest = reader.source[nodes[i].span.end :].split("=")[0]
    return re.search(r"_\{?[a-z]|[\u1d62\u2c7c\u2096\u2099\u209c]", rest) is not None


def _operator(reader: ExprReader, nodes: list[Node], i: int) -> bool:
    """Is the Σ or Π at ``nodes[i]`` the big operator (see the module's rule)?"""
    tok = nodes[i]
    assert isinstance(tok, Token)
    pasted = reader.source[tok.span.start : tok.span.start + 1] in ("\u03a3", "\u03a0")
    sub = _script(nodes, _skip(nodes, i + 1), "_")  # the lexer's space after a pasted letter: Σ _k
    if sub is None:
        before = [n for n in nodes[:i] if not (isinstance(n, Token) and n.kind == "space")]
        start = not before or (isinstance(before[-1], Token) and before[-1].is_op("=", "+", "-")) or _after_log(before)
        if pasted and tok.text == "\\Sigma" and _after_coefficient(before) and _indexed_rest(reader, nodes, i):
            return True  # a chat answer's MAE = (1/n) Σ |y_i − ŷ_i|: after the mean's (1/n), over the i of the term
        if pasted and tok.text == "\\Sigma" and start and _summand_after(nodes, i):
            return True  # KL(q||p) = Σ q(x) log(q(x)/p(x)), sqrt( Σ (x − x̄)² ): a sum with no index written
        return pasted and tok.text == "\\Sigma" and start and _subscripted_term(nodes, _skip(nodes, i + 1))
    text, k = sub
    if not pasted and not ("=" in text or "\\in" in text):
        return tok.text == "\\Sigma" and _indexed_summand(reader, nodes, i, text, k)  # else TeX's \Sigma_k: a matrix
    if (sup := _script(nodes, k, "^")) is not None:
        if sup[0] in _MATRIX_POWERS and "=" not in text:  # Σ_{k=1}^T: a bound
            return False  # Σ_k^{-1}: the matrix inverted
        k = sup[1]
    return _summand_at(nodes, _skip(nodes, k))


def big_symbols(reader: ExprReader, nodes: list[Node]) -> list[Node]:
    """``Σ_k exp(x_k)`` as ``\\sum_k exp(x_k)``, ``Π_{i=1}^t α_i`` as ``\\prod_{i=1}^t α_i`` (inside groups too),
    each noted."""
    out: list[Node] = []
    for i, n in enumerate(nodes):
        if isinstance(n, Group):
            out.append(replace(n, children=big_symbols(reader, n.children)))
        elif isinstance(n, Token) and n.kind == "cmd" and n.text in _BIG and _operator(reader, nodes, i):
            command, rule, what = _BIG[n.text]
            out.append(Token("cmd", command, n.span))
            reader.add_note(rule, Span(n.span.start, n.span.end), {"what": what, "sign": command})
        else:
            out.append(n)
    return out
