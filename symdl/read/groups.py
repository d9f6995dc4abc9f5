"""Bracketed groups in an expression: ``( ... )`` read inline, on its own or transposed, ``{ ... }``, and
``[ ... ]`` as a concatenation, a vector or parentheses (registered in :data:`symdl.read.constructs.GROUPS`)."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from symdl.errors import NotSupported, Span
from symdl.read.atoms import _arg, inverse_exponent
from symdl.read.callorproduct import bare_atom
from symdl.read.commands import GREEK
from symdl.read.composition import composed_group, composed_term, refuse_unapplied
from symdl.read.constructs import _skip_space, emit_exponent, emit_power, split_top
from symdl.read.convcall import convolution_call
from symdl.read.lexer import Token
from symdl.read.nodequeries import _is_operand_end, is_word
from symdl.read.superscripts import classify_super, square_key
from symdl.read.syntax import AtomSpec, Group, Node, is_group, plain_text, seq_span, strip_space

if TYPE_CHECKING:
    from symdl.read.expr import Emitter, ExprReader


def transpose_after(nodes: list[Node], k: int) -> int:
    """The index after a transpose written on a listed vector (``(x_1, \\dots, x_n)^T``: a column either way)."""
    from symdl.read.constructs import _transpose_at

    return _transpose_at(nodes, k) or k


def _listed_column(reader: ExprReader, nodes: list[Node], i: int, em: Emitter) -> int:
    """The entries of the bracket ``nodes[i]``, separated by commas, as one column vector; a transpose after it
    (the list written in a row, transposed: ``(x_1, x_2, x_3)^T``) leaves it a column."""
    group = nodes[i]
    assert isinstance(group, Group)
    parts = split_top(group.children, ",")
    ph = reader.new("vector", group.span, parts=[reader.read(p, group.span) for p in parts])
    em.placeholder(ph.id, group.span)
    return emit_power(reader, nodes, transpose_after(nodes, i + 1), em)


def _tuple_hint(source: str, span: Span) -> tuple[str, str]:
    """What a refused tuple ``(a, b)`` is by where it stands, and how to write it: the superscript of a name (a
    sample's two indices, ``\\mathbf{z}^{(i,l)}``), the left side of an update (d2l's ``(\\mathbf{w},b) \\leftarrow``),
    or values listed in a bracket."""
    before = source[: span.start].rstrip()
    after = source[span.end :].lstrip()
    if before.endswith("^{") or before.endswith("^"):
        return ("a tuple as a superscript, a superscript of several indices (two sample indices, "
                "\\mathbf{z}^{(i,l)}, or an entry by a pair, W^{(1,1)})",
                "one index per superscript reads (\\mathbf{z}^{(i)}); for two, name the inner family "
                "(\\mathbf{e}^{(l)}) or write the entries with subscripts (z_{il})")
    if after.startswith(("\\leftarrow", "\\gets", ":=", "=")) and not before:
        return ("a tuple of values on the left of an update (d2l's (\\mathbf{w}, b) \\leftarrow ...)",
                "write one statement per parameter: \\mathbf{w} \\leftarrow \\mathbf{w} - ..., b \\leftarrow b - ...")
    if before.endswith(("\\leftarrow", "\\gets", "=")):  # PyTorch's Adam: S_t \leftarrow (m_t, v_t), the state
        return ("a tuple of values as a statement's value (an optimizer's state S_t = (m_t, v_t))",
                "leave the tuple out: the statements that define each of its values read on their own")
    return ("a tuple of values", "a bracket with commas is read only as arguments of a function; name each value "
            "in a statement of its own")


def paren_group(reader: ExprReader, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
    """``( ... )``: a parenthesised part, read inline, on its own (``(1 - A \\odot A)``) or transposed
    (``(Wx)^T``)."""
    group = nodes[i]
    assert isinstance(group, Group)
    inner, span = group.children, group.span
    if len(split_top(inner, ",")) > 1:
        from symdl.read.series import emit_series

        if emit_series(reader, split_top(inner, ","), span, em):  # (x_1, \dots, x_n): the vector of x_i
            return transpose_after(nodes, i + 1)
        if transpose_after(nodes, i + 1) > i + 1:  # RoPE's (x_1, x_2, x_3, x_4)^T: the column of its entries
            reader.add_note("tuple-column", span, {})
            return _listed_column(reader, nodes, i, em)
        what, hint = _tuple_hint(reader.source, span)
        raise reader.error(NotSupported, what, span, hint)
    k = i + 1
    nxt = _skip_space(nodes, k)
    if nxt < len(nodes) and is_group(nodes[nxt], "paren") and any(
            isinstance(n, Token) and (n.is_op("*") or n.is_cmd("\\ast", "\\star")) for n in inner):
        arg = nodes[nxt]
        assert isinstance(arg, Group)
        conv = convolution_call(reader, inner, arg, Span(span.start, arg.span.end))
        if conv is not None:  # (I * K)(i, j): \operatorname{conv}(I, K, i, j), noted
            wrapped = [*nodes[:i], *conv, *nodes[nxt + 1 :]]
            return reader.emit_one(wrapped, i, em, bold) - len(conv) + (nxt + 1 - i)
        raise reader.error(  # Goodfellow's s(t) = (x * w)(t), S(i, j) = (I * K)(i, j): a convolution's value at t
            NotSupported,
            f"the convolution {reader.source[span.start : nodes[nxt].span.end]} ('*' inside a bracket applied to "
            "arguments is a convolution evaluated there, Goodfellow et al.'s (x * w)(t), not a product)",
            Span(span.start, nodes[nxt].span.end),
            "write the convolution as a sum over the kernel: s(t) = \\sum_a x(a) w(t - a)",
        )
    if _has_top_circ(inner) and nxt < len(nodes) and is_group(nodes[nxt], "paren"):
        arg = nodes[nxt]
        assert isinstance(arg, Group)
        nested = composed_group(reader, inner, arg, Span(span.start, arg.span.end))
        if nested is not None:  # (g \circ f)(x): g(f(x)), noted
            wrapped = [*nodes[:i], *nested, *nodes[nxt + 1 :]]
            return reader.emit_one(wrapped, i, em, bold) - len(nested) + (nxt + 1 - i)
        raise reader.error(
            NotSupported,
            "function composition (f \\circ g)(x)",
            Span(span.start, nodes[nxt].span.end),
            "write the functions applied in turn: f(g(x))",
        )
    transposed = _transposed(reader, nodes, k, inner, span, em)
    if transposed is not None:
        return transposed
    before = next((n for n in reversed(nodes[:i]) if not (isinstance(n, Token) and n.kind == "space")), None)
    multiplied = before is not None and not (isinstance(before, Token) and before.kind == "op")  # a factor before
    starred = multiplied and any(isinstance(n, Token) and n.is_op("*") and not (  # U_o \cdot (r_t * h); not x^*
        k > 0 and isinstance(inner[k - 1], Token) and inner[k - 1].is_op("^")) for k, n in enumerate(inner))
    if has_top_hadamard(inner) or _nested(inner) or starred:  # (1 - A \odot A), ((...)): read the group on its own
        ph = reader.new("group", span, inner=reader.read(inner, span))
        em.placeholder(ph.id, span)
        return emit_power(reader, nodes, k, em)
    emit_parenthesised(reader, group, em, bold)
    return emit_power(reader, nodes, k, em)


def _transposed(reader: ExprReader, nodes: list[Node], k: int, inner: list[Node], span: Span,
                em: Emitter) -> int | None:
    """The bracketed ``inner`` transposed when ``nodes[k]`` is ``^T`` (``(Wx)^T``, ``(AB)^{-T}``, Nielsen's
    ``\\left[(a - y) \\odot \\sigma'(z)\\right]^T``): emitted as a ``transpose`` placeholder, the index after the
    superscript returned; None when no transpose follows."""
    if not (k < len(nodes) and isinstance(nodes[k], Token) and nodes[k].is_op("^")):
        return None
    arg, after, sp = _arg(nodes, k + 1, reader.source, "superscript")
    info = classify_super(arg, False)
    if not (info and info.get("transpose") and set(info) <= {"transpose", "inverse"}):
        return None
    ph = reader.new("transpose", Span(span.start, sp.end), inner=reader.read(inner, span))
    em.placeholder(ph.id, ph.span)
    if info.get("inverse"):  # (AB)^{-T}: the inverse of the transpose
        em.power(sp, lambda: emit_exponent(reader, inverse_exponent(sp), em, sp), sp)
    return after


def emit_parenthesised(reader: ExprReader, group: Group, em: Emitter, bold: bool) -> None:
    """A group's children inline, in parentheses."""
    em.open_paren(group.open.span if group.open is not None else group.span)
    reader.emit(group.children, em, bold=bold)
    em.close_paren(group.close.span if group.close is not None else group.span)


def brace_group(reader: ExprReader, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
    """``{ ... }`` in an expression: a parenthesised part; a power or transpose after it applies to the whole
    (Ba et al.'s ``{w_i^l}^\\top``, d2l's ``{\\mathbf{g}_t'}^2``), as TeX sets it."""
    group = nodes[i]
    assert isinstance(group, Group)
    if i + 1 < len(nodes) and isinstance(nodes[i + 1], Token) and nodes[i + 1].is_op("^"):
        if (name := _braced_name(reader, nodes, i)) is not None:  # word2vec's {v'_{w_O}}^\top: v'_{w_O}^\top
            wrapped = [*nodes[:i], *name, *nodes[i + 1 :]]
            after = reader.emit_one(wrapped, i, em, bold) - (len(name) - 1)
            _widen_to(reader, em, group.span.start, name[0].span.start)
            return after
        return paren_group(reader, nodes, i, em, bold)
    k = _skip_space(nodes, i + 1)
    called = k < len(nodes) and is_group(nodes[k], "paren")
    subscripted = i + 1 < len(nodes) and isinstance(nodes[i + 1], Token) and nodes[i + 1].is_op("_")
    if subscripted and (name := _braced_bare_name(reader, group)) is not None:  # the Paddle docs' {\beta}_1
        wrapped = [*nodes[:i], *name, *nodes[i + 1 :]]
        return reader.emit_one(wrapped, i, em, bold) - (len(name) - 1)
    if (called or subscripted) and is_word(group.children):
        # the PyTorch docs' {loss}(x, y) and {ReLU6}(x): a braced word applied to arguments is the named function,
        # as \text{loss}; a braced word subscripted ({Loss}_{W}) is that word's subscript, as \text{Loss}_{W}
        wrapped = [*nodes[:i], Token("cmd", "\\text", group.span), group, *nodes[i + 1 :]]
        return reader.emit_one(wrapped, i, em, bold) - 1
    em.open_paren(group.span)
    reader.emit(group.children, em, bold=bold)
    em.close_paren(group.span)
    return i + 1


def _braced_name(reader: ExprReader, nodes: list[Node], i: int) -> list[Node] | None:
    """The one name braced at ``nodes[i]`` before a transpose (word2vec's ``{v'_{w_O}}^\\top``, braced because
    TeX refuses the prime and ``^\\top`` side by side): its nodes, read as the name transposed, as TeX means it;
    None when the braces hold more than one name without a superscript (Ba et al.'s ``{w_i^l}^\\top`` stays a
    transposed group) or the superscript is more than a transpose."""
    group = nodes[i]
    assert isinstance(group, Group)
    arg, _after, _ = _arg(nodes, i + 2, reader.source, "superscript")
    squared = plain_text(arg).strip("{} ") == "2"  # Géron's {\boldsymbol{\sigma}_B}^2 after a line defined it
    if classify_super(arg, False) != {"transpose": True} and not squared:
        return None
    inner = strip_space(group.children)
    spec = _braced_one_name(inner, reader.source)
    if spec is None or (squared and square_key(spec) not in reader.square_names):
        return None
    return inner


def unbrace_square(nodes: list[Node], source: str) -> list[Node]:
    """A left side ``{\\boldsymbol{\\sigma}_B}^2`` (Géron's batch variance): the braced name squared, as
    ``\\boldsymbol{\\sigma}_B^2`` (so the statement defines that square as one name, ``square-name``); else
    ``nodes``."""
    if not (len(nodes) >= 3 and is_group(nodes[0], "brace") and isinstance(nodes[1], Token) and nodes[1].is_op("^")):
        return nodes
    inner = strip_space(nodes[0].children)  # type: ignore[union-attr]
    return [*inner, *nodes[1:]] if _braced_one_name(inner, source) is not None else nodes


def _braced_one_name(inner: list[Node], source: str) -> AtomSpec | None:
    """The one name braced, with no superscript and no transpose (``v'_{w_O}``, ``\\boldsymbol{\\sigma}_B``), else
    None (Ba et al.'s ``w_i^l``, Barlow Twins' parenthesis ``(z^A_{b,i})``, two names)."""
    if any(isinstance(n, Token) and n.is_op("^") for n in inner):
        return None
    spec = bare_atom(inner, source)
    return spec if spec is not None and not spec.transpose else None


def _braced_bare_name(reader: ExprReader, group: Group) -> list[Node] | None:
    """The one Greek letter braced in ``group`` (``{\\beta}``), which a subscript after the braces then
    subscripts, as TeX sets ``{\\beta}_1`` like ``\\beta_1``; None for anything else."""
    inner = strip_space(group.children)
    return inner if len(inner) == 1 and isinstance(inner[0], Token) and inner[0].kind == "cmd" and \
        inner[0].text[1:] in GREEK else None


def _widen_to(reader: ExprReader, em: Emitter, start: int, written: int) -> None:
    """The name just emitted from ``written`` covers its opening brace too, from ``start``: notes quote
    ``{v'_{w_O}}^\\top`` whole."""
    last = em.tokens[-1] if em.tokens else None
    ph = reader.placeholders.get(int(str(last)[3:-1])) if last is not None and last.type == "PH" else None
    if ph is None or ph.span.start != written:
        return
    reader.notes[:] = [dataclasses.replace(n, span=Span(start, n.span.end)) if n.span == ph.span else n
                       for n in reader.notes]  # Géron's {\boldsymbol{\sigma}_B}^2: square-name quotes the braces
    ph.span = Span(start, ph.span.end)
    em.tokens.pop()
    em.placeholder(ph.id, ph.span)


def _nested(nodes: list[Node]) -> bool:
    """Does this group hold another bracketed group (outside braces)? Such a group is read on its own."""
    return any(
        isinstance(n, Group) and (n.kind in ("paren", "bracket") or (n.kind != "brace" and _nested(n.children)))
        for n in nodes
    )


def has_top_hadamard(nodes: list[Node]) -> bool:
    """Is there a ``\\odot``/``\\circ`` among ``nodes`` (not inside a group, nor between a norm's bars)?"""
    inside = between_norm_bars(nodes)
    return any(isinstance(n, Token) and n.text in ("\\odot", "\\circ", "\\otimes", "\\oslash") and k not in inside
               for k, n in enumerate(nodes))


#: a norm's bars written as tokens (not \left...\right): opening and closing alike, so they pair in turn
_NORM_BAR_TOKENS = ("\\|", "\\Vert", "\\lVert", "\\rVert")


def between_norm_bars(nodes: list[Node]) -> set[int]:
    """The positions of ``nodes`` between a norm's bars (``\\|w \\odot x\\|``, ``||M \\odot y||_1``): read with the
    norm, so an ``\\odot`` there is no top-level product of the whole (it split the bars apart: "never closed")."""
    inside: set[int] = set()
    opened: int | None = None
    single: int | None = None  # an absolute value's bar, |a \odot y| (Flux's Dice loss |ŷ .* y|), pairs alike
    k = 0
    while k < len(nodes):
        n = nodes[k]
        double = (isinstance(n, Token) and n.text == "|" and k + 1 < len(nodes) and isinstance(nodes[k + 1], Token)
                  and nodes[k + 1].text == "|" and n.span.end == nodes[k + 1].span.start)
        if not double and isinstance(n, Token) and n.text == "|" and opened is None:
            if single is None:
                single = k
            else:
                inside.update(range(single, k + 1))
                single = None
            k += 1
            continue
        if double or (isinstance(n, Token) and n.text in _NORM_BAR_TOKENS):
            if opened is None:
                opened = k
            else:
                inside.update(range(opened, k + (2 if double else 1)))
                opened = None
            k += 2 if double else 1
            continue
        k += 1
    return inside


def _has_top_circ(nodes: list[Node]) -> bool:
    """Is there a ``\\circ`` among ``nodes`` (not inside a group)?  Only ``\\circ`` composes functions: a group
    joined by ``\\odot``/``\\otimes`` before a bracket (``(dh \\odot (1 - h \\odot h)) (r \\odot h)^\\top``) is a
    product with it."""
    return any(isinstance(n, Token) and n.text == "\\circ" for n in nodes)


def _iverson(group: Group) -> bool:
    """Is the bracket one comparison of two sides with nothing else at its top level (``[y_i = k]``,
    ``[x > 0]``)?  Such a bracket is no grouping (a comparison has no value to group) and no vector."""
    from symdl.read.environments import comparisons

    inner = strip_space(group.children)
    found = comparisons(inner)
    if len(found) != 1 or any(isinstance(n, Token) and n.text in (",", ";") for n in inner):
        return False
    k, _, rest = found[0]
    return bool(strip_space(inner[:k])) and bool(strip_space(inner[rest:]))


def bracket_group(reader: ExprReader, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
    """``[a; b]`` (a concatenation), ``[a, b]`` (a vector), or ``[ ... ]`` used as parentheses."""
    group = nodes[i]
    assert isinstance(group, Group)
    from symdl.read.delimiters import family_list

    listed = family_list(reader, nodes, i, em)  # [l_1, \\dots, l_N]
    if listed:
        return listed
    if _iverson(group):  # Knuth's Iverson bracket [y_i = k]: 1 where the comparison holds, else 0
        from symdl.read.environments import indicator

        after = indicator(reader=reader, nodes=nodes, i=i, span=group.span, em=em, after_op=i)
        reader.add_note("iverson-bracket", group.span, {})
        return after
    inner = strip_space(group.children)
    if (i + 1 < len(nodes) and isinstance(nodes[i + 1], Token) and nodes[i + 1].is_op("_")
            and _one_name(reader, inner)):  # d2l's [\mathbf{X}]_{i, j}: entry (i, j) of X, as X_{ij}
        from symdl.read.constructs import atom_at

        after = atom_at(reader, [*nodes[:i], *inner, *nodes[i + 1 :]], i, em, bold) - (len(inner) - 1)
        reader.add_note("bracket-entry", Span(group.span.start, nodes[after - 1].span.end),
                        {"name": reader.source[inner[0].span.start : inner[-1].span.end]})
        return after
    bars = concat_bars(group.children)
    if bars is not None:  # GAT's [\mathbf{W}\vec{h}_i \| \mathbf{W}\vec{h}_j]: one bar, no norm, joins two vectors
        parts = [group.children[: bars[0]], group.children[bars[1] :]]
        ph = reader.new("concat", group.span, parts=[reader.read(p, group.span) for p in parts])
        plus = any(isinstance(n, Token) and n.text == "\\oplus" for n in group.children[bars[0] : bars[1]])
        reader.add_note("oplus-concat" if plus else "bar-concat", group.span, {})
        em.placeholder(ph.id, group.span)
        return emit_power(reader, nodes, i + 1, em)
    from symdl.read.transconcat import transposed_concat

    if (turned := transposed_concat(reader, nodes, i)) is not None:  # Bahdanau's [h^\top; h^\top]^\top: [h; h]
        ph = reader.new("concat", group.span, parts=[reader.read(p, group.span) for p in turned[0]])
        em.placeholder(ph.id, group.span)
        return emit_power(reader, nodes, turned[1], em)
    for sep, kind in ((";", "concat"), (",", "vector")):
        parts = split_top(group.children, sep)
        if len(parts) > 1 and kind == "vector":
            return _listed_column(reader, nodes, i, em)  # [a, b, c], [a, b, c]^T: a column either way
        if len(parts) > 1:
            ph = reader.new(kind, group.span, parts=[reader.read(p, group.span) for p in parts])
            em.placeholder(ph.id, group.span)
            return emit_power(reader, nodes, i + 1, em)
    transposed = _transposed(reader, nodes, i + 1, inner, group.span, em)  # [(a - y) \odot \sigma'(z)]^T
    if transposed is not None:
        return transposed
    emit_parenthesised(reader, group, em, bold)
    return emit_power(reader, nodes, i + 1, em)


#: bars that, once inside square brackets, join two vectors (GAT's \|, \Vert, \parallel; Hamilton's \oplus)
_CONCAT_BARS = frozenset({"\\|", "\\Vert", "\\parallel", "\\oplus"})  # Hamilton's [W h_u \oplus W h_v]


def concat_bars(children: list[Node]) -> tuple[int, int] | None:
    """Where the one concatenation bar of a bracket's content starts and ends (``||`` is two tokens), if it has
    exactly one bar and something on both sides; else None (``[\\|x\\|, y]`` holds a norm)."""
    found = []
    j = 0
    while j < len(children):
        n = children[j]
        if isinstance(n, Token) and n.text in _CONCAT_BARS:
            found.append((j, j + 1))
        elif isinstance(n, Token) and n.text == "|" and j + 1 < len(children) and isinstance(children[j + 1], Token) \
                and children[j + 1].text == "|":
            found.append((j, j + 2))
            j += 1
        elif isinstance(n, Token) and n.text == "|":
            return None  # an absolute value or a conditional bar
        j += 1
    if len(found) != 1 or not strip_space(children[: found[0][0]]) or not strip_space(children[found[0][1] :]):
        return None
    return found[0]


def _one_name(reader: ExprReader, inner: list[Node]) -> bool:
    """Is this bracket's content one name with nothing attached (``\\mathbf{X}``, ``W``)?"""
    spec = bare_atom(inner, reader.source)
    return spec is not None and spec.sub is None and not spec.transpose


def split_hadamard(reader: ExprReader, nodes: list[Node], span: Span) -> list[Node]:
    """Each term with a ``\\odot``/``\\circ`` among its factors becomes one ``hadamard`` placeholder."""
    if not has_top_hadamard(nodes):
        return nodes
    out: list[Node] = []
    term: list[Node] = []
    inside = between_norm_bars(nodes)
    for pos, n in enumerate([*nodes, None]):
        boundary = n is None or (isinstance(n, Token) and n.is_op("+", "-") and term and _is_operand_end(term)
                                 and pos not in inside)  # (not a sign between a norm's bars)
        if not boundary:
            term.append(n)  # type: ignore[arg-type]
            continue
        nested = composed_term(reader, term, span) if has_top_hadamard(term) else None
        if nested is not None:  # f \circ g(x), \sigma^{-1} \circ f(x): f(g(x)), noted
            out.extend(nested)
        elif has_top_hadamard(term):
            refuse_unapplied(reader, term, span)  # J(\mathbf{f} \circ \mathbf{g}) beside \mathbf{g}(\mathbf{w})
            k = _body_start(term)  # \sum_i e^{k_i} \odot v_i: the product is the sum's body
            out.extend(term[:k])
            out.append(_hadamard_term(reader, term[k:], span))
        else:
            out.extend(term)
        if n is not None:
            out.append(n)
        term = []
    return out


def _body_start(term: list[Node]) -> int:
    """Where the element-wise product of ``term`` starts: after the last ``\\sum``/``\\prod`` (and its limits)
    before the first ``\\odot``, whose body the product is (RWKV's ``\\sum_{i} e^{w_i} \\odot v_i``); else 0."""
    from symdl.read.expr import HADAMARD

    start = 0
    k = 0
    while k < len(term) and not (isinstance(term[k], Token) and term[k].text in HADAMARD):
        t = term[k]
        k += 1
        if isinstance(t, Token) and t.text in ("\\sum", "\\prod"):
            while k < len(term) and isinstance(term[k], Token) and (term[k].text in ("_", "^", "\\limits", " ")):
                k += 2 if term[k].text in ("_", "^") else 1
            start = min(k, len(term))
    return start


def _hadamard_term(reader: ExprReader, term: list[Node], span: Span) -> Token:
    """One term joined by ``\\odot``/``\\circ``/``\\otimes``/``\\oslash`` as a placeholder: ``hadamard`` (an operand
    after ``\\oslash`` divides, matrixcalculus.org's ``./``), or ``kron`` for ``\\otimes`` alone between names
    (``A \\otimes B``: the Kronecker product of matrices; between vectors the binder refuses it)."""
    from symdl.read.expr import HADAMARD

    operands: list[list[Node]] = [[]]
    divides = [False]
    marks = [t for t in term if isinstance(t, Token) and t.text in HADAMARD]
    for t in term:
        if isinstance(t, Token) and t.text in HADAMARD:
            operands.append([])
            divides.append(t.text == "\\oslash")
        else:
            operands[-1].append(t)
    tspan = seq_span(term, span)
    if all(t.text == "\\otimes" for t in marks) and not any(
            is_group(n, "paren", "bracket", "delim") for o in operands for n in o):  # A \otimes B: Kronecker
        ph = reader.new("kron", tspan, operands=[reader.read(o, tspan) for o in operands])
        return Token("ph", str(ph.id), tspan)
    for t in marks:
        if t.text == "\\otimes":
            reader.add_note("otimes-elementwise", t.span, {})
    ph = reader.new("hadamard", tspan, operands=[reader.read(o, tspan) for o in operands], divides=divides)
    return Token("ph", str(ph.id), tspan)
