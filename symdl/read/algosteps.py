"""Pseudo-code's steps written in text boxes (Boyd & Vandenberghe's backtracking line search ``\\text{while }
f(x + t\\Delta x) > f(x) + \\alpha t \\nabla f(x)^T \\Delta x, \\quad t := \\beta t``; HER's ``\\text{Store the
transition } (s_t \\| g, a_t, r', s_{t+1} \\| g) \\text{ in } R``): a statement that starts with a loop's keyword or an
algorithm's verb in a text box is an instruction, not a formula.  Read as names, its words were a product (``while``
times ``f(\\dots)``), so it is refused by name, pointing at the word.  (``\\text{for } x > 0,`` before a
statement is its condition, and cs229's ``\\text{repeat until convergence} \\{ \\dots \\}`` is refused by its
braces.)"""

from __future__ import annotations

import re

from symdl.errors import NotSupported, Span

#: a text box opening a statement (at the start, or after ``\\`` or a newline) with a loop keyword or a step's verb
_STEP = re.compile(r"(?:^|\\\\|\n)\s*(\\(?:text|textbf|textit|textrm|mathrm|mbox)\s*\{\s*(while|until|"
                   r"for\s*each|foreach|do|return|store|append|push|sample|initiali[sz]e|loop|end)\b"
                   r"[^{}]*\})", re.I)


def refuse_algorithm_steps(source: str) -> None:
    """Refuse a statement that is pseudo-code's step (see the module)."""
    m = _STEP.search(source)
    if m is None:
        return
    raise NotSupported(
        f"pseudo-code's step ({m.group(2)} ...): an algorithm's instruction in words, not a formula symdl reads",
        source=source, span=Span(m.start(1), m.end(1)),
        hint="paste the formulas of the step alone (t := \\beta t), or write the condition as cases")
