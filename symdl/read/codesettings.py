"""Settings read from a dict in pasted code: cs231n's optim.py ``config['momentum'] * v - config['learning_rate'] *
dw``.  A name indexed by a quoted string key (``config['lr']``, ``hparams["eps"]``) in a formula written as code is
the setting the key names, a number the program was given: the key is kept where it was written, as a name of its
own (``momentum``, ``learning_rate``), and the dict and the brackets and quotes are blanked (noted
``code-setting``).  Never a product with primes: a quote is no prime in code."""

from __future__ import annotations

import re

from symdl.errors import Span
from symdl.read.pasted import Pasted

#: a dict (a code name standing alone) indexed by one quoted key that is a code name
_SETTING = re.compile(r"(?<![\w.\\])([A-Za-z_]\w*)\[(['\"])([A-Za-z_]\w*)\2\]")


def blank_settings(source: str) -> tuple[str, list[Pasted]]:
    """``source`` with each ``dict['key']`` as its key alone at the key's place (blanks around it), and a
    ``code-setting`` note for each.  Only in a formula written as code (no TeX command in it)."""
    if "\\" in source:
        return source, []
    notes: list[Pasted] = []
    for m in _SETTING.finditer(source):
        notes.append(("code-setting", Span(m.start(), m.end()),
                      {"plain": m.group(0), "dict": m.group(1), "key": m.group(3)}))
        start, end = m.start(3), m.end(3)
        source = (source[: m.start()] + " " * (start - m.start()) + source[start:end] + " " * (m.end() - end)
                  + source[m.end():])
    return source, notes
