"""A family's members listed with dots as a function's argument: ``q(\\mathbf{h}_1, \\ldots, \\mathbf{h}_T)``.

d2l's encoder summary ``\\mathbf{c} = q(\\mathbf{h}_1, \\ldots, \\mathbf{h}_T)`` and its language model
``P(x_t \\mid x_{t-1}, \\ldots, x_1)`` apply a function to the whole run of a family's members, from a first index
to a last one (either direction).  The run is read as one argument standing for those members (a ``members``
placeholder, noted ``argument-sequence``); the function stays one symdl does not know, so the value is read and
explained but not evaluated.  A run whose ends are not members of one family differing only in their index is left
to the binder, which refuses the dots by name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from symdl.errors import Span
from symdl.read.arith import placeholder_symbol
from symdl.read.syntax import AtomSpec, Parsed, placeholder_id, placeholder_text

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader


def _placeholder(reader: ExprReader, arg: Parsed) -> object:
    k = placeholder_id(arg.expr)
    return reader.placeholders.get(k) if k is not None else None


def _member(reader: ExprReader, arg: Parsed) -> AtomSpec | None:
    """The name ``arg`` is, if it is one indexed name with no power (``\\mathbf{h}_1``, ``x_{t-1}``)."""
    p = _placeholder(reader, arg)
    spec = p.data.get("atom") if p is not None and p.kind == "atom" else None  # type: ignore[attr-defined]
    if not isinstance(spec, AtomSpec) or spec.transpose or [spec.sub, spec.sample, spec.layer].count(None) != 2:
        return None
    return spec  # x_1, \mathbf{h}^{(t)}, or Ng's W^{[1]} (a layer)


def _index(spec: AtomSpec) -> str:
    return spec.sub.text if spec.sub is not None else str(spec.sample if spec.sample is not None else spec.layer)


def _same_family(a: AtomSpec, b: AtomSpec) -> bool:
    key = (a.base, a.bold, a.decorations, a.primes, a.cal)  # (the layer is the index when it is the only one)
    return (key == (b.base, b.bold, b.decorations, b.primes, b.cal) and (a.sub is None) == (b.sub is None)
            and (a.layer is None) == (b.layer is None) and (a.layer is None or (a.sub is None and a.sample is None))
            and (a.layer is not None or a.family_key_parts() == b.family_key_parts()) and _index(a) != _index(b))


def _steps(earlier: AtomSpec, later: AtomSpec) -> bool:
    """``x_1, x_2``: consecutive numbered members, written before the dots with the run's first."""
    i, j = _index(earlier), _index(later)
    return i.isdigit() and j.isdigit() and int(j) == int(i) + 1


def member_runs(reader: ExprReader, args: list[Parsed], segments: list[int]) -> list[Parsed]:
    """``args`` with each run ``a_1, [a_2,] \\dots, a_T`` of one family's members (within one side of a conditional
    bar, ``segments`` numbering the sides) made one argument."""
    out: list[Parsed] = []
    k = 0
    while k < len(args):
        p = _placeholder(reader, args[k])
        if getattr(p, "kind", "") != "dots" or not out or k + 1 >= len(args) or segments[k - 1] != segments[k + 1]:
            out.append(args[k])
            k += 1
            continue
        last, first = _member(reader, args[k + 1]), _member(reader, out[-1])
        if first is None or last is None or not _same_family(first, last):
            if (period := _interleaved(reader, out, args, k)) is not None:  # Ng's J(W^{[1]}, b^{[1]}, \dots, ...)
                ends = [(out[len(out) - period + j], args[k + 1 + j]) for j in range(period)]
                specs = [(_member(reader, a), _member(reader, b)) for a, b in ends]
                for merged in [*out[-period:], args[k], *args[k + 1 : k + 1 + period]]:
                    reader.placeholders.pop(placeholder_id(merged.expr), None)  # type: ignore[arg-type]
                runs = [_run(reader, a, b, sa, sb) for (a, b), (sa, sb) in zip(ends, specs, strict=True)]  # type: ignore[arg-type]
                out[len(out) - period :] = runs
                k += 1 + period
                continue
            out.append(args[k])
            k += 1
            continue
        start = len(out) - 1
        while start > 0 and segments[start - 1] == segments[k - 1] and (m := _member(reader, out[start - 1])) \
                is not None and m.family_key_parts() == first.family_key_parts() and _steps(m, _member(
                    reader, out[start])):  # type: ignore[arg-type]
            start -= 1
        head = _member(reader, out[start])
        assert head is not None
        for merged in [*out[start:], args[k], args[k + 1]]:  # read on their own, now one argument: forgotten
            reader.placeholders.pop(placeholder_id(merged.expr), None)  # type: ignore[arg-type]
        out[start:] = [_run(reader, out[start], args[k + 1], head, last)]
        k += 2
    return out


def _interleaved(reader: ExprReader, out: list[Parsed], args: list[Parsed], k: int) -> int | None:
    """The period of runs of several families listed in turn around the dots at ``args[k]`` (Ng's cost
    ``J(W^{[1]}, b^{[1]}, \\dots, W^{[L]}, b^{[L]})``: W and b, period 2), each a family's first and last members;
    None when the arguments around the dots are no such runs."""
    for period in (2, 3, 4):
        if len(out) < period or k + period >= len(args):
            continue
        pairs = [(_member(reader, out[len(out) - period + j]), _member(reader, args[k + 1 + j])) for j in range(period)]
        if all(a is not None and b is not None and _same_family(a, b) for a, b in pairs) and len(
                {a.base for a, _ in pairs}) == period:  # type: ignore[union-attr]
            return period
    return None


def _run(reader: ExprReader, first: Parsed, last: Parsed, head: AtomSpec, tail: AtomSpec) -> Parsed:
    span = Span(first.span.start, last.span.end)
    text = reader.source[span.start : span.end]
    ph = reader.new("members", span, first=_index(head), last=_index(tail), name=head.base, text=text,
                    sub=head.sub is not None)
    reader.add_note("argument-sequence", span, {"name": head.base_latex, "first": _index(head), "last": _index(tail)})
    return Parsed(placeholder_symbol(placeholder_text(ph.id)), span, text)
