r"""Python's chained assignment ``mb_advs[t] = lastgaelam = delta + gamma * lam * nextnonterminal * lastgaelam``
(CleanRL's GAE): every target left of the last ``=`` gets the value on its right, so the statement is two (rule
``code-chained-assignment``): ``lastgaelam = ...`` and ``mb_advs[t] = lastgaelam``.  Before, the chain was read as
one statement of its first target, the update of the middle one dropped silently.  Only in a formula written as
code, where every side but the last is one name (or an entry ``x[t]``); in TeX a chain ``a = b = c`` is a
derivation's steps (``chain-value``)."""

from __future__ import annotations

from symdl.errors import Note, Span
from symdl.read.lexer import Token
from symdl.read.notes import note
from symdl.read.syntax import Node, is_group, plain_text, seq_span, strip_space


def _target(side: list[Node]) -> bool:
    """Is ``side`` one name, maybe an entry written in brackets (``lastgaelam``, ``mb_advs[t]``)?"""
    side = strip_space(side)
    letters = 0
    for k, n in enumerate(side):
        if isinstance(n, Token) and (n.kind in ("letter", "number") or n.is_op("_") or n.is_cmd("\\_")):
            letters += n.kind == "letter"
        elif isinstance(n, Token) and n.kind == "cmd" and k + 1 < len(side) and is_group(side[k + 1], "brace"):
            continue  # code's names the lexer wrapped: \text{mb\_advs}
        elif not (is_group(n, "brace") or (is_group(n, "bracket") and k == len(side) - 1)):
            return False
    return letters > 0 or any(is_group(n, "brace") for n in side)


def split_chained_assignments(parts: list[list[Node]], source: str, notes: list[Note]) -> list[list[Node]]:
    """Each code part ``a = b = expr`` as the parts ``b = expr`` and ``a = b`` (see the module), noted."""
    from symdl.read.words import code_formula  # words reads atoms, which read this package's nodes

    if not code_formula(source):
        return parts
    out: list[list[Node]] = []
    for part in parts:
        eqs = [k for k, n in enumerate(part) if isinstance(n, Token) and n.is_op("=")]
        sides = [part[a + 1 : b] for a, b in zip([-1, *eqs], [*eqs, len(part)], strict=True)]
        if len(eqs) < 2 or not all(_target(s) for s in sides[:-1]) or not strip_space(sides[-1]):
            out.append(part)
            continue
        span = seq_span(strip_space(part), Span(0, 0))
        notes.append(note("code-chained-assignment", span, {"text": source[span.start : span.end]}))
        for k in range(len(sides) - 2, -1, -1):  # the last target first: it takes the value, the others take it
            value = sides[-1] if k == len(sides) - 2 else sides[k + 1]
            out.append([*sides[k], part[eqs[k]], *value])
    return out


def full_slice_targets(parts: list[list[Node]], source: str, notes: list[Note]) -> list[list[Node]]:
    """d2l's ``s[:] = beta2 * s + (1 - beta2) * torch.square(p.grad)``: code's whole-slice target ``s[:]`` writes
    every entry of s in place, so the statement assigns s (rule ``code-full-slice``; before: refused as a slice)."""
    out: list[list[Node]] = []
    for part in parts:
        body = strip_space(part)
        eq = next((k for k, n in enumerate(body) if isinstance(n, Token) and n.is_op("=")), None)
        before = strip_space(body[:eq]) if eq is not None else []
        compound = before[-1:] if before and isinstance(before[-1], Token) and before[-1].is_op("+", "-", "*", "/") \
            else []  # d2l's p[:] -= lr * v / (...): in place, every entry
        before = strip_space(before[: len(before) - len(compound)])
        bracket = before[-1] if len(before) >= 2 else None
        if (bracket is not None and eq is not None and is_group(bracket, "bracket")
                and "".join(plain_text(bracket.children).split()) in (":", "...")  # type: ignore[union-attr]
                and _target(before[:-1])):
            notes.append(note("code-full-slice", bracket.span, {"text": source[body[0].span.start : bracket.span.end]}))
            part = [*before[:-1], *compound, *body[eq:]]
        out.append(part)
    return out


def copy_targets(nodes: list[Node], source: str, notes: list[Note]) -> list[Node]:
    """DDPG's soft update ``target_param.data.copy_(tau * param.data + (1 - tau) * target_param.data)``: PyTorch's
    in-place ``x.copy_(v)`` as the whole formula is the assignment ``x = v`` (rule ``code-copy``; before: refused
    as an unknown method)."""
    body = strip_space(nodes)
    if len(body) < 7 or not is_group(body[-1], "paren"):
        return nodes
    tail = "".join(getattr(n, "text", "") for n in body[-7:-1])
    if tail != ".copy_" or not all(isinstance(n, Token) for n in body[-7:-1]):
        return nodes
    target = body[:-7]
    if not target or not all((isinstance(n, Token) and (n.kind == "letter" or n.is_op(".", "_"))) or
                             (isinstance(n, Token) and n.kind == "number") for n in target):
        return nodes
    if len(target) > 5 and "".join(getattr(n, "text", "") for n in target[-5:]) == ".data":
        target = target[:-5]  # PyTorch's tensor.data: the tensor itself
    call = body[-1]
    span = Span(body[0].span.start, call.span.end)
    notes.append(note("code-copy", span, {"text": source[span.start : span.end][:80]}))
    return [*target, Token("op", "=", body[-7].span), *call.children]  # type: ignore[union-attr]
