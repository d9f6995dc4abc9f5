r"""Python's annotated assignment ``loss: torch.Tensor = ...`` (Kornia's losses): the type after the colon says what
the value is, not how it is computed; it is blanked, the assignment read as ``loss = ...`` (noted
``code-annotation``)."""

from __future__ import annotations

import re

from symdl.errors import Span
from symdl.read.pasted import Pasted, blank_span

#: a row's start, a Python name, a colon, a dotted type name (maybe subscripted: Optional[Tensor]), then the ``=``
_ANNOTATED = re.compile(r"(?m)^(\s*[A-Za-z_]\w*)\s*(:\s*[A-Za-z_][\w.]*(?:\[[\w., ]*\])?\s*)=(?!=)")


#: Python's type names written alone (a dotted or subscripted one is a type anyway: torch.Tensor, Optional[Tensor])
_TYPES = frozenset({"float", "int", "bool", "complex", "Tensor", "Array", "ndarray", "ArrayLike", "Any"})


def blank_annotations(source: str) -> tuple[str, list[Pasted]]:
    """``source`` with the type annotation of each annotated assignment blanked (module docstring), and the notes."""
    if ":" not in source or "\\" in source:
        return source, []
    notes: list[Pasted] = []
    for m in list(_ANNOTATED.finditer(source)):
        start, end = m.start(2), m.end(2)
        kind = source[start + 1 : end].strip()
        if "." not in kind and "[" not in kind and kind not in _TYPES:
            continue  # "Loss: L = ...": a label before a statement (symdl.read.leadlabels), no type
        notes.append(("code-annotation", Span(start, end), {"plain": source[start:end].strip()}))
        source = blank_span(source, start, end)
    return source, notes
