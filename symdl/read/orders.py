"""What a formula says about its names beyond their spelling, and its order terms.

* A name the formula differentiates (Bishop's ``\\frac{\\partial E_n}{\\partial w_{ji}}``) is a function of the
  variable it is differentiated by: ``E_n(w_{ji} + \\epsilon)`` is a call, not ``E_n`` times a sum
  (:func:`differentiated`, used by :func:`symdl.read.callorproduct.call_or_product`, noted ``call-differentiated``).
* A big-O term (``+ O(\\epsilon^2)``, ``\\mathcal{O}(h)``) is the order of a remainder, not a product ``O \\epsilon^2``:
  as a whole term of a side it is dropped (noted ``order-term``: the relation holds up to it, as ``\\approx``);
  anywhere else it is refused by name (:func:`drop_order_terms`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from symdl.errors import NotSupported, ResourceLimit, Span
from symdl.read.atoms import read_atom
from symdl.read.lexer import Token
from symdl.read.syntax import AtomSpec, Group, Node, is_group, strip_space, tokens_in

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader

NameKey = tuple[str, str, bool]


def name_key(spec: AtomSpec) -> NameKey:
    """A name as a key: its base, its subscript's text and whether it is bold (E_n, w_{ji})."""
    return spec.base, spec.sub.text if spec.sub is not None else "", spec.bold


def _atom_at(nodes: list[Node], i: int, source: str) -> tuple[AtomSpec, int] | None:
    if not (isinstance(nodes[i], Token) and nodes[i].kind in ("letter", "cmd")):
        return None
    try:
        spec, j, _ = read_atom(nodes, i, source)
    except ResourceLimit:
        raise
    except Exception:
        return None
    return spec, j


def _differential(nodes: list[Node], source: str, *, called: bool = False) -> AtomSpec | None:
    """The name after the differential ``\\partial`` or ``d`` that ``nodes`` are, or None; ``called``: the name may
    be applied to a parenthesis (Burges's ``\\partial C(s_i - s_j)``, the function differentiated at its argument)."""
    nodes = strip_space(nodes)
    if len(nodes) < 2 or not isinstance(nodes[0], Token):
        return None
    if not (nodes[0].is_cmd("\\partial") or (nodes[0].kind == "letter" and nodes[0].text == "d")):
        return None
    rest = strip_space(nodes[1:])
    found = _atom_at(rest, 0, source) if rest else None
    if found is not None and called and found[1] == len(rest) - 1 and is_group(rest[-1], "paren"):
        return found[0]
    return found[0] if found is not None and found[1] == len(rest) else None


def differentiated(nodes: list[Node], source: str) -> dict[NameKey, set[NameKey]]:
    """Each name a derivative fraction of the formula differentiates → the names it is differentiated by."""
    out: dict[NameKey, set[NameKey]] = {}
    for seq, i, n in tokens_in(nodes):
        if not (n.is_cmd("\\frac", "\\dfrac", "\\tfrac") and i + 2 < len(seq)
                and is_group(seq[i + 1], "brace") and is_group(seq[i + 2], "brace")):
            continue
        of = _differential(seq[i + 1].children, source, called=True)  # type: ignore[union-attr]
        by = _differential(seq[i + 2].children, source)  # type: ignore[union-attr]
        if of is not None and by is not None:
            out.setdefault(name_key(of), set()).add(name_key(by))
    return out


def mentions(nodes: list[Node], keys: set[NameKey], source: str) -> AtomSpec | None:
    """The first name among ``keys`` written anywhere in ``nodes``, or None."""
    for seq, i, _ in tokens_in(nodes):
        found = _atom_at(seq, i, source)
        if found is not None and name_key(found[0]) in keys:
            return found[0]
    return None


def _order_term(nodes: list[Node], i: int, source: str) -> int | None:
    """The index after ``O(\\epsilon^2)`` / ``\\mathcal{O}(h)`` starting at ``nodes[i]``: a capital O applied to one
    name or a power of one name (a small quantity), or None."""
    n = nodes[i]
    prev = nodes[i - 1] if i else None
    if isinstance(prev, Token) and prev.kind == "letter" and prev.span.end == n.span.start:
        return None  # the O of a word (FOO(x))
    if isinstance(n, Token) and n.kind == "letter" and n.text == "O":
        j = i + 1
    elif (isinstance(n, Token) and n.is_cmd("\\mathcal") and i + 1 < len(nodes) and is_group(nodes[i + 1], "brace")
          and [t.text for t in strip_space(nodes[i + 1].children) if isinstance(t, Token)] == ["O"]):  # type: ignore[union-attr]
        j = i + 2
    else:
        return None
    while j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].kind == "space":
        j += 1
    group = nodes[j] if j < len(nodes) else None
    if not is_group(group, "paren"):
        return None
    inner = strip_space(group.children)  # type: ignore[union-attr]
    return j + 1 if _small_quantity(inner, source) else None


def _small_quantity(inner: list[Node], source: str) -> bool:
    """One name (``\\epsilon^2``, ``h``; not a bold vector) or one norm or absolute value, maybe to a power
    (``\\|\\epsilon\\|^2``)."""
    if not inner:
        return False
    first = inner[0]
    end = None
    if is_group(first, "delim"):
        end = 1
    elif isinstance(first, Token) and (first.is_cmd("\\|") or first.is_op("|")):
        closing = [k for k in range(1, len(inner)) if isinstance(inner[k], Token) and inner[k].text == first.text]
        end = closing[-1] + 1 if closing else None
    if end is not None:  # a norm: nothing after it but a power
        rest = strip_space(inner[end:])
        return not rest or (len(rest) == 2 and isinstance(rest[0], Token) and rest[0].is_op("^"))
    found = _atom_at(inner, 0, source)
    return found is not None and found[1] == len(inner) and not found[0].word and not found[0].bold  # Goldberg's
    # output function O(\mathbf{s}_i) of a state vector: a call, not the order of a small quantity


def drop_order_terms(reader: ExprReader, chunk: list[Node], *, side: bool = True) -> list[Node]:
    """``... + O(\\epsilon^2)``: a big-O term that is a whole term of this side is dropped (noted); a side that is
    only one becomes 0 (``side``: a side of a relation; an expression that is only one is refused); one anywhere else
    (a factor, inside a group) is refused by name, and so is ``\\mathcal{O}`` of anything but a small quantity."""
    out = list(chunk)
    i = 0
    while i < len(out):
        end = _order_term(out, i, reader.source)
        if end is None:
            i += 1
            continue
        start = i
        before = strip_space(out[:start])
        sign = before[-1] if before and isinstance(before[-1], Token) and before[-1].is_op("+", "-") else None
        after = strip_space(out[end:])
        span = Span(out[start].span.start, out[end - 1].span.end)
        if (before and sign is None) or (after and not (isinstance(after[0], Token) and after[0].is_op("+", "-"))):
            raise reader.error(NotSupported, f"the order term {reader.source[span.start:span.end]} inside a product",
                               span, "write the order term as a term of its own (... + O(\\epsilon^2)), which symdl "
                               "drops with a note, or leave it out")
        cut = out.index(sign) if sign is not None else start
        if not (side or strip_space(out[:cut]) or after):
            raise reader.error(NotSupported, f"the order term {reader.source[span.start:span.end]} on its own", span,
                               "write it as a term of a relation's side (f(x + h) = f(x) + O(h))")
        whole = Span(out[cut].span.start, span.end)
        reader.add_note("order-term", whole, {"term": reader.source[span.start : span.end]})
        zero = [] if strip_space(out[:cut]) or after else [Token("number", "0", span)]
        out = [*out[:cut], *zero, *out[end:]]
        i = cut + len(zero)
    _refuse_left(reader, out)
    return out


def _refuse_left(reader: ExprReader, nodes: list[Node]) -> None:
    """An order term inside a group (``f(x + O(h))``, ``\\frac{O(h)}{h}``), and ``\\mathcal{O}`` of an expression
    (``\\mathcal{O}(n \\log n)``, a cost), are refused by name."""
    for i, n in enumerate(nodes):
        if (isinstance(n, Token) and n.is_cmd("\\mathcal") and i + 2 < len(nodes) and is_group(nodes[i + 2], "paren")
                and [t.text for t in strip_space(nodes[i + 1].children) if isinstance(t, Token)] == ["O"]):  # type: ignore[union-attr]
            span = Span(n.span.start, nodes[i + 2].span.end)
            raise reader.error(NotSupported, f"the order term {reader.source[span.start:span.end]} of an expression "
                               "(big-O)", span, "symdl drops an order term of one small quantity, O(\\epsilon^2), "
                               "written as a term of its own; leave this one out")
    for i, n in enumerate(nodes):
        if _plain_big_o(nodes, i, reader.source):  # Karpathy's O(i \cdot n \cdot (m h + h o)): a cost
            span = Span(n.span.start, nodes[_skip_spaces(nodes, i + 1)].span.end)
            raise reader.error(NotSupported, f"the order term {reader.source[span.start:span.end]} of an expression "
                               "(big-O: a cost, no formula with a value)", span,
                               "symdl drops an order term of one small quantity, O(\\epsilon^2), written as a term of "
                               "its own; for a name O applied to a value, write it \\operatorname{O}(x)")
    for n in nodes:
        if not isinstance(n, Group):
            continue
        for i in range(len(n.children)):
            end = _order_term(n.children, i, reader.source)
            if end is not None:
                span = Span(n.children[i].span.start, n.children[end - 1].span.end)
                raise reader.error(NotSupported, f"the order term {reader.source[span.start:span.end]} inside a "
                                   "group", span, "write the order term as a term of its own on one side "
                                   "(... + O(\\epsilon^2)), which symdl drops with a note, or leave it out")
        _refuse_left(reader, n.children)


def _skip_spaces(nodes: list[Node], j: int) -> int:
    while j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].kind == "space":
        j += 1
    return j


def _plain_big_o(nodes: list[Node], i: int, source: str) -> bool:
    """Is ``nodes[i]`` a plain capital O, no word's letter, applied to a parenthesis, in a formula that uses no name
    O otherwise (``O = PV``, ``O_i``)?  Then it is big-O of a cost (``O(n^2 d)``), never a product of O and it."""
    n = nodes[i]
    prev = nodes[i - 1] if i else None
    if not (isinstance(n, Token) and n.kind == "letter" and n.text == "O"):
        return False
    if isinstance(prev, Token) and prev.kind in ("letter", "cmd") and prev.span.end == n.span.start:
        return False
    j = _skip_spaces(nodes, i + 1)
    if not (j < len(nodes) and is_group(nodes[j], "paren")):
        return False
    return re.search(r"(?<![A-Za-z\\])O(?!\s*(?:\\left\s*)?\(|[A-Za-z])", source) is None
