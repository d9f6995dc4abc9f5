r"""A start value beside the recurrence it starts: Sutton & Barto's eligibility trace ``\mathbf{z}_{-1} \doteq
\mathbf{0}`` then ``\mathbf{z}_t \doteq \gamma\lambda\mathbf{z}_{t-1} + \dots``, Karpathy's ``hidden_0 = 0`` then
``hidden_i = \dots hidden_{i-1} \dots``.  symdl evaluates each statement once, the recurrence as one step from the
previous value given; the start value is a statement of its own, not run into the recurrence.  Noted
(``start-value``) so that no reader takes the system for the whole loop."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from symdl.bind.binder import Binder
    from symdl.formula import Statement

_START = re.compile(r"^(.+?)_\{?\s*(0|-\s*1)\s*\}?$")


def note_start_values(b: Binder, statements: list[Statement]) -> None:
    """Note each statement setting a name at step 0 (or -1) whose name the formula also writes at a step minus one."""
    for st in statements:
        m = _START.match((st.lhs_latex or "").strip())
        if m is None or st.kind not in ("assignment", "equation", "definition"):
            continue
        name = re.escape(m.group(1).strip())
        step = re.search(name + r"_\{\s*\(?\s*([a-z])\s*-\s*1\s*\)?\s*\}", b.source)
        if step is None:
            continue
        b._note("start-value", st.span, name=m.group(1).strip(), step=step.group(1))
