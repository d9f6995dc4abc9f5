"""Subscripts symdl refuses rather than freezes into one fixed name: an index computed with a modulo
(Goodfellow et al.'s tiled convolution K_{i,l,m,n,j \\% t+1,k \\% t+1}, eq. 9.10)."""

from __future__ import annotations

import re

from symdl.errors import NotSupported, Span

#: a modulo in an index: ``j \% t``, ``j \bmod t``, ``j \mod t``, ``(j \pmod t)``
_MODULO = re.compile(r"\\%|\\[bp]?mod(?![A-Za-z])")


def no_modulo_index(base: str, text: str, source: str, span: Span) -> None:
    """Refuse a subscript holding a modulo: the entry's position is computed from other indices, and reading
    the subscript as a label would freeze it into one fixed name."""
    if _MODULO.search(text) is None:
        return
    text = text.strip()[1:-1] if text.strip().startswith("{") else text.strip()
    raise NotSupported(
        f"an index computed with a modulo in {base}_{{{text}}}: the entry's position is a remainder of other indices",
        source=source,
        span=span,
        hint="name the position as an index of its own and state it beside the formula (K_{i,l,m,n,a,b} with "
        "a = (j - 1 mod t) + 1), or write the tiled kernels as separate names",
    )
