r"""A subscript that names the entries before an index: an autoregressive model's context, refused by name.

Language-model papers condition each token on the ones before it: ``p(x_t \mid x_{<t})``, perplexity's
``\log p(w_i \mid w_{<i})``, a decoder's ``P(y_t \mid y_{1:t-1}, x)``.  Read as one name, ``x_{<t}`` would be the same
value for every t, silently.  symdl does not read a prefix of a family as a value yet, so a subscript that is a range
ending at (or before) an index letter -- ``<t``, ``\lt t``, ``\le t-1``, ``1:t-1``, ``:t`` -- is refused, naming the
class, with the spellings that read.
"""

from __future__ import annotations

import re

from symdl.errors import NotSupported, Span

#: a subscript that is a range up to an index letter: _{<t}, _{\lt i}, _{\le t-1}, _{\leq t}, _{1:t-1}, _{0:t}, _{:t}
_PREFIX = re.compile(r"_\{\s*(?P<op><=?|\\lt\b|\\le(?:q)?\b|\d*\s*:)\s*(?P<end>[A-Za-z])\s*(?:[+-]\s*\d+\s*)?\}")


def _index_letter(source: str, letter: str) -> bool:
    """Is ``letter`` an index elsewhere: a sum's or product's (``\\sum_{t=1}``, ``\\prod_t``) or a plain subscript
    (``x_t``)?  DDPM's ``q(\\mathbf{x}_{1:T} \\mid \\mathbf{x}_0)`` ends at the length T: the whole sequence, a name."""
    return re.search(rf"\\(?:sum|prod)_\{{?\s*{letter}\b|_\{{?\s*{letter}\s*\}}?(?![A-Za-z0-9:])", source) is not None


def refuse_prefix_subscripts(source: str) -> None:
    """Raise :class:`NotSupported` at the first subscript naming the entries before an index (module docstring)."""
    m = next((m for m in _PREFIX.finditer(source) if ":" not in m.group("op") or (
        m.group("end").islower() and _index_letter(source, m.group("end")))), None)
    if m is None:
        return
    raise NotSupported(
        f"the entries before {m.group('end')} as a subscript ({source[max(m.start() - 1, 0) : m.end()]}: an "
        f"autoregressive model's context, all the tokens before position {m.group('end')}): not read yet; read as one "
        f"name it would be the same for every {m.group('end')}",
        source=source,
        span=Span(m.start(), m.end()),
        hint=f"name the context as a family of its own, one value per position (c_{m.group('end')} for the tokens "
        f"before {m.group('end')}): \\log p(x_{m.group('end')} \\mid c_{m.group('end')})",
    )
