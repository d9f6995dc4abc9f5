r"""A small delta written right before a name: the change in that name, one name (rule ``delta-change``).

Nocedal & Wright's L-BFGS update ``V_k = I - \rho_k \delta u_k \delta w_k^\top`` (their s_k, y_k), and a step
``\theta \leftarrow \theta + \delta\theta``: ``\delta`` right before a name that is indexed (``u_k``), bold
(``\delta\boldsymbol{x}``) or written bare elsewhere in the formula names the change in it, shaped as that name is
(as ``\Delta w`` is, without a note); so does every δ before a name in that formula (LeCun et al.'s Optimal Brain
Damage, ``\delta E = \sum_i g_i \delta u_i + \ldots``: δE the change in the error).  Before, δ·u_k·δ·w_k^T.  Only
where the formula never writes ``\delta`` as a name of its own: Nielsen's error ``\delta^l_j``, the Kronecker
``\delta_{ij}``, Huber's ``\delta(|a| - \frac12 \delta)``, SE-Net's ``\delta(\mathbf{W}_1 \mathbf{z})`` keep δ, and
so δ beside a name there stays a product.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from symdl.read.commands import BOLD, GREEK
from symdl.read.extents import _skip_space
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, Span, strip_space, tokens_in

if TYPE_CHECKING:
    from symdl.read.emit import Emitter
    from symdl.read.expr import ExprReader


@dataclass
class DeltaUses:
    """How a formula writes ``\\delta``: as a name of its own anywhere, and the names it writes not after δ."""

    alone: bool = False
    bare: set[str] = field(default_factory=set)
    prefix: bool = False  # δ is a prefix throughout: never alone, and before one indexed, bold or bare name


def _name_after(seq: list[Node], k: int) -> tuple[str, bool] | None:
    """The name written at ``seq[k]`` (a letter, a Greek command, or a bold one: its letter, bold), or None."""
    nxt = seq[k] if k < len(seq) else None
    if isinstance(nxt, Token) and (nxt.kind == "letter" or (nxt.kind == "cmd" and nxt.text[1:] in GREEK)):
        return nxt.text, False
    group = seq[k + 1] if k + 1 < len(seq) else None
    if isinstance(nxt, Token) and nxt.kind == "cmd" and nxt.text[1:] in BOLD and isinstance(group, Group):
        inner = strip_space(group.children)
        if len(inner) == 1 and isinstance(inner[0], Token) and (
                inner[0].kind == "letter" or (inner[0].kind == "cmd" and inner[0].text[1:] in GREEK)):
            return inner[0].text, True
    return None


def delta_uses(nodes: list[Node]) -> DeltaUses:
    """Read the whole formula once, before its statements: where δ stands alone, and which names are bare."""
    uses = DeltaUses()
    after: list[tuple[str, bool]] = []  # each name written after δ, and whether it is indexed or bold
    for seq, i, tok in tokens_in(nodes):
        if tok.text == "\\delta":
            k = _skip_space(seq, i + 1)
            name = _name_after(seq, k)
            uses.alone = uses.alone or name is None
            after.extend([] if name is None else [(name[0], _indexed(seq, k, name[1]))])
            continue
        before = [n for n in seq[:i] if not (isinstance(n, Token) and n.kind == "space")]
        if tok.kind in ("letter", "cmd") and not (before and isinstance(before[-1], Token)
                                                  and before[-1].text == "\\delta"):
            uses.bare.add(tok.text)
    uses.prefix = not uses.alone and any(indexed or letter in uses.bare for letter, indexed in after)
    return uses


def _indexed(seq: list[Node], k: int, bold: bool) -> bool:
    """Is the name at ``seq[k]`` subscripted (``u_k``), or bold (``\\mathbf{x}``)?"""
    after = _skip_space(seq, k + (2 if bold else 1))
    nxt = seq[after] if after < len(seq) else None
    return bold or (isinstance(nxt, Token) and nxt.is_op("_"))


def small_delta(reader: ExprReader, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
    """``\\delta`` at ``nodes[i]``: the change in the name after it (module docstring), or the letter δ."""
    from symdl.read.constructs import atom_or_word, delta_name  # constructs lists this handler

    uses: DeltaUses = reader.delta_uses
    k = _skip_space(nodes, i + 1)
    after = _name_after(nodes, k)
    if not uses.prefix or after is None:
        return atom_or_word(reader, nodes, i, em, bold)
    letter, is_bold = after
    end = nodes[k + 1].span.end if is_bold else nodes[k].span.end
    reader.add_note("delta-change", Span(nodes[i].span.start, end),
                    {"text": reader.source[nodes[i].span.start : end],
                     "text_after": reader.source[nodes[k].span.start : end]}, once_for=letter)
    return delta_name(reader, nodes, i, em, bold, prefix="\\delta")


#: ``\Delta`` and the capital after it (plain, braced or bold), and an accented capital (``\bar{A}``: another name)
_PREFIXED = re.compile(r"\\(?:Delta|bar|overline|hat|widehat|tilde|widetilde|dot)\s*\{?\s*"
                       r"(?:\\(?:mathbf|boldsymbol|bm|mathrm|mathit)\s*\{\s*)?[A-Z]")
#: what may come before a statement's left side: the start, a line break, a separator
_STATEMENT_START = re.compile(r"(?:^|\\\\|;|,|&|\\quad|\\qquad|\\text\{\s*and\s*\})\s*$")


def note_unwritten_change(reader: ExprReader, start: int, end: int, letter: str) -> None:
    r"""``\Delta A`` inside a formula that never writes A without Δ (rule ``delta-change-unwritten``).

    Read as one name (the change in A) all the same, but the guess is stated: S4 and Mamba's
    ``\bar{A} = \exp(\Delta A)`` mean a step size Δ times the matrix A.  Not on a statement's left side (LoRA's
    ``\Delta W = BA`` defines the change), and not where A is written on its own (``W + \Delta W``).
    """
    source = reader.source
    if not (len(letter) == 1 and letter.isupper()) or _STATEMENT_START.search(source[:start]):
        return
    if re.search(rf"(?<![\\A-Za-z]){letter}(?![A-Za-z])", _PREFIXED.sub(" ", source)):
        return
    reader.add_note("delta-change-unwritten", Span(start, end), {"name": letter}, once_for=f"\\Delta {letter}")
