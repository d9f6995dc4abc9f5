"""A statistic the formula updates, as Ioffe & Szegedy's inference step writes ``\\mathrm{E}[x] \\leftarrow
\\mathrm{E}_\\mathcal{B}[\\mu_\\mathcal{B}]``: ``\\mathrm{E}[x]`` (and ``\\mathrm{Var}[x]``) is then the name of the
population statistic, set by the update and used by later statements, not the mean of x's entries.  Noted
(``statistic-name``)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from symdl.errors import Span
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node

if TYPE_CHECKING:
    from symdl.read.expr import Emitter, ExprReader

#: a statistic written alone: ``\mathrm{E}[x]``, ``\operatorname{Var}[x]``, ``E[x]``
_STATISTIC = re.compile(r"(\\[A-Za-z]+\{(E|Var|var)\}|E|Var)\[[^\[\]]+\]")


def statistic_key(text: str) -> str | None:
    """The key of a statistic written alone (``\\mathrm{E}[x]`` → ``\\mathrm{E}[x]``, spaces dropped), or None."""
    text = re.sub(r"\s+", "", text)
    return text if _STATISTIC.fullmatch(text) else None


def register_updated(reader: ExprReader, lhs_text: str) -> None:
    """An update's left side that is a statistic written alone becomes a name for the rest of the formula."""
    key = statistic_key(lhs_text)
    if key is not None:
        reader.statistic_names.add(key)


def updated_statistic(reader: ExprReader, nodes: list[Node], i: int, k: int, em: Emitter) -> int | None:
    """Emit ``nodes[i:k+1]`` (the operator and its bracket) as one name when the formula updates that statistic;
    returns the index after it, or None when it does not."""
    from symdl.read.atoms import _spelling

    group = nodes[k]
    assert isinstance(group, Group)
    start = nodes[i].span.start
    written = reader.source[start : group.span.end]
    key = statistic_key(written)
    if key is None or key not in reader.statistic_names:
        return None
    inner = reader.source[group.span.start + 1 : group.span.end - 1].strip()
    word = "Var" if "Var" in key.split("[")[0] or "var" in key.split("[")[0] else "E"
    ph, _, _ = reader.atom([Token("letter", "E", Span(start, group.span.end))], 0)
    spec = ph.data["atom"]
    spec.base = word + re.sub(r"[^A-Za-z0-9]", "", re.sub(r"\\([A-Za-z]+)", r"\1", inner))
    spec.base_latex, spec.word = f"{word}[{inner}]", True
    spec.spelling = _spelling(reader.source, [(start, group.span.end)])
    ph.span = Span(start, group.span.end)
    reader.add_note("statistic-name", ph.span, {"name": f"{word}[{inner}]"}, once_for=spec.base)
    em.placeholder(ph.id, ph.span)
    return k + 1
