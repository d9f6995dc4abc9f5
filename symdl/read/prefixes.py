r"""A subscript that names the entries before an index: an autoregressive model's context, read as one value per
position.

Language-model papers condition each token on the ones before it: ``p(x_t \mid x_{<t})``, perplexity's
``\log p(w_i \mid w_{<i})``, a decoder's ``P(y_t \mid y_{1:t-1}, x)``, GRPO's ``\pi_\theta(o_{i,t} \mid q, o_{i,<t})``
(the tokens of output i before t).
Read as one name, ``x_{<t}`` would be the same value for every t, silently.  It is the context before position t:
member t of the family ``x_{<}`` (one value per position, the tokens before it taken whole), noted
``prefix-context``.  The spellings of "before t" -- ``<t``, ``\lt t``, ``\le t-1``, ``1:t-1``, code's ``:t`` -- are one
family; "up to t" (``\le t``, ``1:t``) is its member t+1.  A slice that ends at a length (DDPM's
``q(\mathbf{x}_{1:T} \mid \mathbf{x}_0)``, the whole sequence) stays one name.
"""

from __future__ import annotations

import re

from symdl.read.syntax import AtomSpec, SubscriptSpec

#: a subscript that is a range up to an index letter: <t, \lt i, \le t-1, \leq t, <=t, 1:t-1, 0:t, :t
_PREFIX = re.compile(r"\s*(?:(?P<lead>[a-z])\s*,\s*)?(?P<op><=?|\\lt|\\le(?:q)?|(?P<start>\d*)\s*:)"
                     r"\s*(?P<end>[A-Za-z]|\\ell|\\tau)\s*(?P<off>-\s*1)?\s*")  # Greek too: y_{<\ell}


def _index_letter(source: str, letter: str) -> bool:
    """Is ``letter`` an index elsewhere: a sum's or product's (``\\sum_{t=1}``, ``\\prod_t``) or a plain subscript
    (``x_t``)?  DDPM's ``q(\\mathbf{x}_{1:T} \\mid \\mathbf{x}_0)`` ends at the length T: the whole sequence, a name."""
    letter = re.escape(letter)
    return re.search(rf"\\(?:sum|prod)_\{{?\s*{letter}\b|_\{{?\s*{letter}\s*\}}?(?![A-Za-z0-9:])", source) is not None


def context_prefix(text: str, source: str) -> tuple[str, int, str] | None:
    """``(index letter, shift, leading index)`` of a subscript naming the entries before an index (module docstring):
    ``<t`` → ``("t", 0, "")``, ``1:t`` → ``("t", 1, "")`` (up to t: before t + 1), GRPO's ``i,<t`` (the tokens of
    output i before t) → ``("t", 0, "i")``; None for any other subscript."""
    m = _PREFIX.fullmatch(text)
    if m is None:
        return None
    end, slice_ = m.group("end"), ":" in m.group("op")
    if slice_ and not ((end.islower() or end.startswith("\\")) and _index_letter(source, end)):
        return None  # x_{1:T}: the whole sequence
    strict = m.group("op") in ("<", "\\lt") or (slice_ and not m.group("start"))  # code's :t excludes t
    return end, (-1 if m.group("off") else 0) + (0 if strict else 1), m.group("lead") or ""


def prefix_name(spec: AtomSpec, letter: str, shift: int, lead: str = "") -> SubscriptSpec:
    """Make ``spec`` the family of contexts ``x_{<}`` (noted ``prefix-context``) and return its subscript, the
    position ``letter`` + ``shift`` (after the index ``lead``, if any)."""
    from symdl.read.atoms import parse_subscript  # here: atoms reads names with this module

    spec.base, spec.base_latex = f"{spec.base}_<", f"{spec.base_latex}_{{<}}"
    spec.readings += ("prefix-context",)
    return parse_subscript((f"{lead}," if lead else "") + letter + (f"{shift:+d}" if shift else ""))
