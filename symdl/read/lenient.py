"""Lenient mode: recover formulas whose backslashes, braces or line breaks were lost.

Seed 001 is the model: ``v_t = gamma v_ {t -1} + eta nabla _ { theta} j ( theta)
theta = theta – v_t``.  Only unambiguous repairs are made, each reported with its
span: bare command words (``gamma``, ``frac``, ``sqrt``) get their backslash back,
parentheses wrapping a whole formula are dropped, and a statement jammed onto the
previous one (``... j(theta) theta = theta - v_t``) is split off.
"""

from __future__ import annotations

from symdl.errors import Repair, Span
from symdl.read.commands import GREEK
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, strip_space

#: command words that lose their backslash in stripped text
COMMAND_WORDS = GREEK - {"pi", "eta", "mu", "nu", "xi", "chi", "phi", "psi", "rho", "tau"} | {
    "bar",
    "frac",
    "sqrt",
    "sum",
    "prod",
    "nabla",
    "mathbf",
    "boldsymbol",
    "hat",
    "tilde",
    "cdot",
    "times",
    "partial",
    "odot",
    "infty",
    "leftarrow",
    "gets",
    "mathrm",
    "text",
    "operatorname",
    "eta",
    "mu",
    "phi",
    "psi",
    "rho",
    "tau",
}


def repair_tokens(tokens: list[Token], source: str) -> tuple[list[Token], list[Repair]]:
    """Put back backslashes on command words and drop parentheses around a whole formula."""
    out: list[Token] = []
    repairs: list[Repair] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.kind == "letter" and (i == 0 or tokens[i - 1].kind != "letter"):
            j = i
            while (
                j < len(tokens)
                and tokens[j].kind == "letter"
                and (j == i or tokens[j].span.start == tokens[j - 1].span.end)
            ):
                j += 1
            word = "".join(t.text for t in tokens[i:j])
            low = word.lower()
            capitalised = word[:1].isupper() and word[1:].islower()
            if word in COMMAND_WORDS or (low in COMMAND_WORDS and (capitalised or (word.isupper() and low in GREEK))):
                word = low
                span = Span(tokens[i].span.start, tokens[j - 1].span.end)
                out.append(Token("cmd", "\\" + word, span))
                repairs.append(Repair(f"read '{word}' as \\{word}", span, "\\" + word))
                i = j
                continue
        out.append(tok)
        i += 1
    return out, repairs


def drop_outer_parens(nodes: list[Node]) -> tuple[list[Node], list[Repair]]:
    """Drop parentheses around a whole formula that holds an ``=``: ``(v = \beta v + g)``."""
    content = strip_space(nodes)
    group = content[0] if len(content) == 1 else None
    if not (isinstance(group, Group) and group.kind == "paren" and not group.left and _has_equals(group.children)):
        return nodes, []
    assert group.open is not None and group.close is not None
    rep = Repair("dropped parentheses around the whole formula", group.open.span.join(group.close.span))
    return group.children, [rep]


def _has_equals(nodes: list[Node]) -> bool:
    return any(_has_equals(n.children) if isinstance(n, Group) else n.is_op("=") for n in nodes)


def split_jammed(parts: list[list[Node]]) -> tuple[list[list[Node]], list[Repair]]:
    """Split ``a = b X = c`` into ``a = b`` and ``X = c`` when X appears in c (a lost line break)."""
    out: list[list[Node]] = []
    repairs: list[Repair] = []
    for part in parts:
        out.extend(_split_one(part, repairs))
    return out, repairs


def _split_one(part: list[Node], repairs: list[Repair]) -> list[list[Node]]:
    eqs = [k for k, n in enumerate(part) if isinstance(n, Token) and n.is_op("=")]
    if len(eqs) < 2:
        return [part]
    k2 = eqs[1]
    before = strip_space(part[:k2])
    last = before[-1] if before else None
    if not isinstance(last, Token) or last.kind not in ("letter", "cmd"):
        return [part]
    after = part[k2 + 1 :]
    if not any(isinstance(n, Token) and n.kind == last.kind and n.text == last.text for n in after):
        return [part]
    cut = part.index(last)
    repairs.append(Repair(f"a line break seems lost before '{last.text}': read as a new statement", last.span))
    return [strip_space(part[:cut]), *_split_one(strip_space(part[cut:]), repairs)]
