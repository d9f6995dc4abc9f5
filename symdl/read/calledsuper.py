"""A superscript that applies a letter to an index letter on a subscripted name: Graves's CTC output ``y_t^{S(r)}``
(the output at step t for the symbol S(r) of the label sequence), refused by name: no one writes such a power, and
read as one it was y_t to the power S(r), silently."""

from __future__ import annotations

import re

from symdl.errors import NotSupported, Span
from symdl.read.syntax import AtomSpec, Node, plain_text

#: a superscript that is one letter applied to an index letter: Graves's CTC output y_t^{S(r)}
_CALLED_INDEX = re.compile(r"^([A-Za-z])\s*\(\s*([a-z])\s*(?:[+-]\s*\d+\s*)?\)$")


def refuse_called_super(spec: AtomSpec, arg: list[Node], source: str, span: Span) -> None:
    """Refuse a superscript on a subscripted name that applies a letter to an index (Graves's CTC ``y_t^{S(r)}``: the
    output at step t for the symbol S(r), an entry picked by a label): a power no one writes, read as one it was y_t
    to the power S(r), silently."""
    text = plain_text(arg).replace("{", "").replace("}", "").strip()
    m = _CALLED_INDEX.match(text)
    if m is None or spec.sub is None or spec.base in ("e", "exp") or spec.word:
        return
    raise NotSupported(
        f"the superscript {text} on {spec.base}_{{{spec.sub.text}}}: a letter applied to an index (CTC's "
        f"y_t^{{S(r)}}, the output for the symbol S(r)) picks an entry, which is not read yet; as a power it would be "
        f"{spec.base} to the {text}",
        source=source, span=span,
        hint=f"write the entry with both indices as a subscript ({spec.base}_{{{spec.sub.text}, "
             f"{m.group(1)}_{m.group(2)}}}), or name the label first")
