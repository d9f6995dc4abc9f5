"""Splitting a formula into statements and each statement into its sides.

Statements are separated by ``\\\\`` or new lines (a line ending or starting with
an operator continues), or are the rows of ``aligned``/``align``/``gather``
blocks.  A statement's sides are separated by ``=`` (a chain ``a = b = c`` is
allowed) or by an update arrow ``\\leftarrow``, ``\\gets``, ``:=``.  A statement
``W \\in \\mathbb{R}^{m \\times n}`` is a shape declaration.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from symdl.errors import InvalidInput, Note, NotSupported, ResourceLimit, Span
from symdl.read.alignmarks import COMMENT_COLUMN, column_marks, comment_mark
from symdl.read.atoms import read_atom
from symdl.read.callorproduct import bare_atom
from symdl.read.compound import compound_at, compound_update, inplace_update, new_old_update
from symdl.read.constructs import split_top
from symdl.read.delimiters import SPACE_ALONE
from symdl.read.distributions import read_distribution, sim_position
from symdl.read.expr import ExprReader
from symdl.read.extents import _skip_space
from symdl.read.groups import unbrace_square
from symdl.read.knownpower import power_of_value
from symdl.read.lexer import Token
from symdl.read.lhsdots import drop_trailing_dots, refuse_tuple_lhs
from symdl.read.notes import note
from symdl.read.orders import drop_order_terms
from symdl.read.rowjoin import continues_row
from symdl.read.statname import register_updated
from symdl.read.steparg import step_argument
from symdl.read.superscripts import square_key
from symdl.read.syntax import AtomSpec, Group, Node, Parsed, is_group, plain_text, seq_span, strip_space

UPDATE_ARROWS = {"\\leftarrow", "\\gets", "\\coloneqq", "\\coloneq", "\\Leftarrow"}
EQUALS = {"=", "\\triangleq", "\\doteq", "\\equiv", "\\approx", "\\simeq", "\\stackrel"}
#: the equalities that say only "close to": read as =, noted
APPROXIMATE = ("\\approx", "\\simeq")
BLOCK_ENVS = {
    "aligned",
    "align",
    "align*",
    "gather",
    "gather*",
    "gathered",
    "split",
    "equation",
    "equation*",
    "eqnarray",
    "eqnarray*",
    "alignat",
    "alignat*",
    "multline",
    "multline*",
}
#: spacing a statement may start or end with (``a = 1, \\ b = 2``)
_SPACES = {"\\quad", "\\qquad", "\\,", "\\;", "\\:", "\\!", "\\ ", *SPACE_ALONE}
DROP = {"\\[", "\\]", "\\(", "\\)", "\\nonumber", "\\notag"}
CONTINUES = {"+", "-", "=", "(", "[", ",", "&", "\\cdot", "\\times", "\\odot", "\\leftarrow", "\\gets"}


@dataclass
class StatementSyntax:
    """A statement as read: its sides (one for an expression) and how they are related."""

    sides: list[Parsed]
    #: "none", "=", "update" (an arrow), "define" (:=, as = unless the name is on the right), or a comparison:
    #: "<=", ">=", "<", ">", "propto"
    relation: str
    span: Span
    latex: str
    lhs_nodes: list[Node]
    #: the shape the statement's value is said to have (``... \\in \\mathbb{R}^{n \\times v}``), and where it is said
    asserted: tuple[int | str, ...] | None = None
    asserted_span: Span | None = None


@dataclass
class Declaration:
    """``names \\in \\mathbb{R}^{dims}``: dims are ints or dimension names."""

    names: list[AtomSpec]
    dims: tuple[int | str, ...]
    span: Span


def strip_blocks(nodes: list[Node], notes: list[Note] | None = None) -> list[Node]:
    """Drop display delimiters and block environments around statements (keep their rows); a ``cases`` brace
    around statements (Ng's momentum ``\\begin{cases} v = ... \\\\ W = ... \\end{cases}``) is a system too, noted in
    ``notes``."""
    from symdl.read.separators import statement_block as _statement_block  # it reads rows with this module
    out: list[Node] = []
    k = 0
    while k < len(nodes):
        n = nodes[k]
        if isinstance(n, Group) and n.kind == "env" and (n.name in BLOCK_ENVS or _statement_block(n)):
            if n.name == "cases" and notes is not None:
                notes.append(note("cases-system", n.span, {}))
            rows = n.children
            if (n.name.startswith("alignat") or n.name == "array") and rows and is_group(rows[0], "brace"):
                rows = rows[1:]  # \begin{alignat}{2}: the number of columns; \begin{array}{ll}: their alignment
            out.extend([Token("cmd", "\\\\", n.span), *strip_blocks(rows, notes), Token("cmd", "\\\\", n.span)])
            k += 1
            continue
        if isinstance(n, Token) and n.kind == "cmd":
            if n.text in DROP:
                k += 1
                continue
            if n.text in ("\\label", "\\tag") and k + 1 < len(nodes) and is_group(nodes[k + 1], "brace"):
                k += 2
                continue
        out.append(n)
        k += 1
    return out


def split_statements(nodes: list[Node]) -> list[list[Node]]:
    """Top-level statements, split at ``\\\\`` and at line breaks that end a statement."""
    return [p for p in (trim(p) for p in split_rows(nodes)) if p]


def split_rows(nodes: list[Node]) -> list[list[Node]]:
    """The statements of :func:`split_statements` as written, alignment marks and punctuation kept."""
    parts: list[list[Node]] = [[]]
    carried = False  # a row carried on: its first alignment mark aligns it, it starts no column (trim)
    marks, comment, keep = 0, False, 0  # the row's alignment marks; in its comment column (its text kept, noted)
    for k, n in enumerate(nodes):
        if isinstance(n, Token) and n.is_cmd("\\\\"):
            marks, comment = 0, False
        elif comment and keep and not (isinstance(n, Token) and n.kind == "space"):
            keep -= 1  # the comment's text command and its words (set aside by symdl.read.condcolumns, noted)
            parts[-1].append(n)
            continue
        elif comment:
            continue
        elif isinstance(n, Token) and n.is_op("&"):
            marks += 1
            if marks >= 2 and comment_mark(nodes, k):  # (eqnarray's h &=& \mbox{a}[...]: the relation's mark)
                comment, keep = True, 2  # align's third column, & \text{definition of expectation}: prose beside
                parts[-1].append(Token("cmd", COMMENT_COLUMN, n.span))  # the row, to the row's end
                continue
        if isinstance(n, Token):
            if n.is_cmd("\\\\") and not continues_row(parts[-1], nodes[k + 1 :]):  # MaxPool2d's \max_{m} \\ & ...
                parts.append([])
                continue
            if n.is_cmd("\\\\"):
                carried = True
                continue
            if carried and n.is_op("&"):
                carried = False
                continue
            carried = carried and n.kind in ("space", "newline")
            if n.kind == "newline" and _ends_statement(parts[-1], nodes[k + 1 :]):
                parts.append([])
                continue
        else:
            carried = False
        parts[-1].append(n)
    return parts


def _ends_statement(before: list[Node], after: list[Node]) -> bool:
    """A line break ends a statement when the next line starts a new one: ``name =`` or ``f(x) =``."""
    prev = strip_space(before)
    nxt = strip_space(after)
    if not prev or not nxt:
        return True
    last = prev[-1]
    if isinstance(last, Token) and last.text in CONTINUES:
        return False
    first = nxt[0]
    if isinstance(first, Token) and (first.is_op("=") or (first.kind == "cmd" and first.text in EQUALS)) and \
            relation_positions(prev)[1] in ("none", "="):
        # SimCLR's \mathcal{L}_i, then = -\log ... on the next line: the left side, then its value; the PyTorch docs'
        # loss(x, class) = -log(...) then = -x[class] + log(...) under it: the chain goes on
        return False
    if _instruction_first(nxt):  # SAC's pseudo-code: "minimize Σ_i (Q_i(s,a) - y)^2" on a line of its own
        return True
    for n in nxt:
        if isinstance(n, Group):
            if n.left or n.kind == "env":
                return False
            continue
        if n.kind == "newline":
            return False
        if compound_at(nxt, nxt.index(n)):  # cs231n's x += -learning_rate * dx on a line of its own
            return True
        if n.is_op("=", ":") or n.text in UPDATE_ARROWS or n.is_cmd("\\in") or (n.kind == "cmd" and n.text in EQUALS):
            return True  # BYOL's y_\theta \triangleq f_\theta(v) on a line of its own, as y = ...
        if n.is_cmd("\\frac", "\\sum") and _both_related(prev, nxt):  # GPyTorch's -\mathcal{L} \propto ..., then
            return True  # \frac{d\mathcal{L}}{d\theta} = ... on the next line: a statement of its own
        if (n.kind == "op" and n.text in "+-*/|,;") or n.text in CONTINUES or n.is_cmd("\\frac", "\\sum"):
            return False
    return False


def _both_related(prev: list[Node], nxt: list[Node]) -> bool:
    """Do the line before a break and the line after it each hold a relation of their own (``a \\propto b``, then
    ``\\frac{dL}{d\\theta} = c``)?"""
    line = []
    for n in nxt:
        if isinstance(n, Token) and n.kind == "newline":
            break
        line.append(n)
    has = relation_positions(prev)[1] != "none" or any(isinstance(n, Token) and n.is_cmd("\\propto") for n in prev)
    return has and relation_positions(line)[1] != "none"


def _instruction_first(nodes: list[Node]) -> bool:
    """Does a line start with the word minimize or maximize (an objective stated in words, read by
    :func:`symdl.read.optwords.objective_word` at a statement's start)?  Then it starts a statement of its own."""
    word, end = "", -1
    for n in nodes:
        if not (isinstance(n, Token) and n.kind == "letter") or (word and n.span.start != end):
            break
        word, end = word + n.text, n.span.end
    return word.lower() in ("minimize", "minimise", "maximize", "maximise")


def trim(nodes: list[Node]) -> list[Node]:
    """A statement without its alignment marks and its trailing punctuation and spacing."""
    # alignment marks of aligned blocks (the & inside matrices stay); a mark after the first starts another column
    # of the row, a clause of its own as after \quad (Goh's "w_{k+1} &= ... + \beta_k(w_k - w_{k-1}) & 0 \leq \beta
    # < 1": joined, the term became the product ...(w_k - w_{k-1}) 0, silently)
    columns = column_marks(nodes)
    nodes = strip_space([Token("cmd", "\\quad", n.span) if k in columns else n for k, n in enumerate(nodes)
                         if not (isinstance(n, Token) and n.is_op("&")) or k in columns])
    while nodes and isinstance(last := nodes[-1], Token) and (last.is_op(".", ",", ";") or last.is_cmd(*_SPACES)):
        nodes = strip_space(nodes[:-1])
    while nodes and isinstance(nodes[0], Token) and nodes[0].is_cmd(*_SPACES):
        nodes = strip_space(nodes[1:])
    return nodes


def relation_positions(nodes: list[Node]) -> tuple[list[int], str]:
    """Indices of the top-level relation tokens and the relation kind."""
    where: list[int] = []
    update = define = False
    for k, n in enumerate(nodes):
        if not isinstance(n, Token):
            continue
        if n.is_op("=") or (n.kind == "cmd" and n.text in EQUALS):
            colon = k > 0 and isinstance(nodes[k - 1], Token) and nodes[k - 1].is_op(":")
            define = define or colon
            where.append(k - 1 if colon else k)
        elif n.kind == "cmd" and n.text in UPDATE_ARROWS:
            update = True
            where.append(k)
    # := is an update only where its name is on the right (cs229's \theta := \theta - \alpha ...), which the
    # binder sees as of '='; DDPM's \tilde{\mu}_t(x_t, x_0) := ... defines a function
    return where, ("update" if update else "define" if define else ("=" if where else "none"))


#: relations a statement may assert besides an equality: an inequality (the Adam paper's bound
#: ``|\\Delta_t| \\leq \\alpha``, Goodfellow's convexity) or a proportionality (Bishop's Fisher direction
#: ``\\mathbf{w} \\propto \\mathbf{S}_W^{-1}(\\mathbf{m}_2 - \\mathbf{m}_1)``)
COMPARISONS = {
    "<": "<", ">": ">", "\\le": "<=", "\\leq": "<=", "\\leqslant": "<=", "\\ge": ">=", "\\geq": ">=",
    "\\geqslant": ">=", "\\propto": "propto",
}


def comparison_positions(nodes: list[Node], source: str) -> tuple[list[int], str]:
    """The top-level comparison of a statement with no equality (``a \\le b``, ``w \\propto v``): its index and
    relation; ``([], "none")`` when there is none.  A chain (``0 \\le p \\le 1``) and a comparison beside an
    equality (``a = b \\le c``) are refused by name."""
    where = [k for k, n in enumerate(nodes) if isinstance(n, Token) and n.text in COMPARISONS and n.kind != "letter"]
    if not where:
        return [], "none"
    if relation_positions(nodes)[1] != "none":
        raise NotSupported("an equality and a comparison in one statement", source=source,
                           span=nodes[where[0]].span, hint="write the equality and the bound as two statements")
    if len(where) > 1:
        raise NotSupported("a chain of comparisons (0 \\le p \\le 1)", source=source, span=nodes[where[1]].span,
                           hint="write one comparison per statement: 0 \\le p \\\\ p \\le 1")
    tok = nodes[where[0]]
    assert isinstance(tok, Token)
    return where, COMPARISONS[tok.text]


def declaration(nodes: list[Node], source: str) -> Declaration | None:
    """A shape declaration ``x, y \\in \\mathbb{R}^{n}``, or None."""
    idx = [k for k, n in enumerate(nodes) if isinstance(n, Token) and n.is_cmd("\\in")]
    if not idx:
        return None
    k = idx[0]
    span = seq_span(nodes, Span(0, 0))
    names: list[AtomSpec] = []
    for part in split_top(strip_space(nodes[:k]), ","):
        part = strip_space(part)
        if not part:
            raise InvalidInput("nothing declared before \\in", source=source, span=span)
        named = isinstance(part[0], Token) and part[0].kind in ("letter", "cmd")
        spec, j, exp = read_atom(part, 0, source) if named else (None, 0, None)
        if not named or j != len(part) or exp is not None:
            raise NotSupported(
                f"declaring '{plain_text(part)}'",
                source=source,
                span=seq_span(part, span),
                hint="declare names: W \\in \\mathbb{R}^{m \\times n}",
            )
        names.append(spec)
    return Declaration(names, real_dims(strip_space(nodes[k + 1 :]), source, span), span)


def real_dims(rest: list[Node], source: str, span: Span) -> tuple[int | str, ...]:
    """The dimensions of a real set ``\\mathbb{R}^{m \\times n}`` written in ``rest`` (``()`` for ``\\mathbb{R}``)."""
    text = plain_text(rest).replace(" ", "")
    for prefix in ("\\mathbb{R}", "\\mathbbR", "R"):
        if text.startswith(prefix):
            text = text[len(prefix) :]
            break
    else:
        raise NotSupported(
            f"the set '{plain_text(rest)}'",
            source=source,
            span=seq_span(rest, span),
            hint="symdl reads real shapes: \\mathbb{R}^{m \\times n}",
        )
    if not text:
        return ()
    if not text.startswith("^"):
        raise InvalidInput(f"cannot read the shape '{plain_text(rest)}'", source=source, span=span)
    body = text[1:].strip("{}")
    dims: list[int | str] = []
    # ×, \cdot and commas separate dimensions, and an x between two numbers (3x4); the x of d_x does not
    body = re.sub(r"(?<=\d)\s*x\s*(?=\d)", "×", re.sub(r"\\times|\\cdot|,", "×", body))
    for d in body.split("×"):
        d = d.strip("{} ")
        if not d:
            raise InvalidInput(f"an empty dimension in '{body}'", source=source, span=span)
        dims.append(int(d) if d.isdigit() else d)
    return tuple(dims)


def read_statement(reader: ExprReader, nodes: list[Node], source: str) -> StatementSyntax:
    nodes, compound = compound_update(_arrow_update(nodes, source), source)  # cs231n's x \mathrel{+}= ...
    if compound is not None:
        reader.notes.append(compound)
    nodes, inplace = inplace_update(nodes, source)  # PyTorch's exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)
    if inplace is not None:
        reader.notes.append(inplace)
    nodes, renewed = new_old_update(nodes, source)  # Rashid's \text{new } w_{jk} = \text{old } w_{jk} - ...
    if renewed is not None:
        reader.notes.append(renewed)
    where, relation = relation_positions(nodes)
    compared, comparison = comparison_positions(nodes, source)  # refuses a comparison beside an equality
    if comparison != "none":
        where, relation = compared, comparison
    if relation == "none" and sim_position(nodes) is not None:  # W \sim U[-a, a]: symdl.read.distributions
        where, relation = [sim_position(nodes)], "sim"  # type: ignore[list-item]
    lone = len(where) == 1 and not strip_space(nodes[: where[0]]) and strip_space(nodes[where[0] + 1 :])
    if relation == "=" and lone and len(reader.source.strip().splitlines()) == 1:  # a derivation's line: = -1/2(...)
        reader.add_note("leading-equals", nodes[where[0]].span, {})
        nodes, where, relation = nodes[where[0] + 1 :], [], "none"
    for k in where if relation == "=" else ():  # Kaplan's L(N) \approx (N_c/N)^{\alpha_N}: read as =, noted
        n = nodes[k]
        if isinstance(n, Token) and n.is_cmd(*APPROXIMATE):
            reader.add_note("approx-as-equals", n.span, {"relation": n.text})
    span = seq_span(nodes, Span(0, len(source)))
    bounds = [-1, *where, len(nodes)]
    colon = relation in ("update", "define")  # := : the colon belongs to the relation
    chunks = [
        nodes[bounds[k] + 1 + (1 if colon and k > 0 and _is_colon(nodes, bounds[k]) else 0) : bounds[k + 1]]
        for k in range(len(bounds) - 1)
    ]
    if relation == "define" and len(chunks) > 2 and not any(plain_text(chunks[0]) in plain_text(c) for c in chunks[1:]):
        relation = "="  # Lil'Log's \vec{p_t}^{(i)} = f(t)^{(i)} := ...: one value named twice (x := x + 1 = y refused)
    if relation in ("update", "define") and len(chunks) != 2:
        raise NotSupported(  # a = b \leftarrow c, x := x + 1 = y (symdl.read.chains reads y \leftarrow b \equiv c)
            "an update with more relations: which name it sets (a = b \\leftarrow c, x := x + 1 = y) is not clear",
            source=source,
            span=nodes[where[1]].span if len(where) > 1 else span,
            hint="write one update per line: W \\leftarrow W - \\alpha g, and any equality on a line of its own",
        )
    if relation in ("=", "define"):  # Ng's J(W^{[1]}, b^{[1]}, \ldots) = ...: the other parameters (read.lhsdots)
        chunks[0] = drop_trailing_dots(reader, chunks[0])
    lhs_nodes = strip_space(chunks[0])
    if relation in ("=", "update", "define"):
        refuse_tuple_lhs(lhs_nodes, source)  # d2l's w^*, b^* = argmin ...: refused by name
    if relation == "update":  # Ioffe & Szegedy's \mathrm{E}[x] \leftarrow ...: the statistic is a name from here on
        register_updated(reader, reader.source[seq_span(lhs_nodes, span).start : seq_span(lhs_nodes, span).end])
    if relation in ("=", "update", "define"):
        _register_function(reader, lhs_nodes, source)
        _register_square(reader, lhs_nodes, source)
    sides = []
    for k, chunk in enumerate(chunks):
        if not strip_space(chunk):
            at = nodes[where[k - 1]].span if k > 0 else nodes[where[0]].span
            raise InvalidInput(
                "one side of this relation is empty",
                source=source,
                span=at,
                hint="write something on both sides of '='",
            )
        drawn = read_distribution(reader, chunk, span, after_sim=k == 1) if relation in ("none", "sim") else None
        if drawn is None and relation == "=" and k == 1 and len(chunks) == 2 and _interval_uniform(chunk):
            drawn = read_distribution(reader, chunk, span, after_sim=True)  # the PyTorch docs' weight = U[-a, a]
            if drawn is not None:
                relation = "sim"
                reader.add_note("uniform-assigned", seq_span(strip_space(chunk), span),
                                {"text": reader.source[seq_span(strip_space(chunk), span).start:
                                                       seq_span(strip_space(chunk), span).end]})
        sides.append(drawn or reader.read(drop_order_terms(reader, chunk, side=relation != "none"), span))
    if relation in ("=", "update", "define"):
        _register_value(reader, lhs_nodes, source)
    return StatementSyntax(sides, relation, span, source[span.start : span.end], lhs_nodes)


def _interval_uniform(chunk: list[Node]) -> bool:
    """Is ``chunk`` a bare U before a square bracket of two values (an interval: Xavier's ``U[-a, a]`` written
    after ``=``, a draw, never a matrix U times a column of two entries)?"""
    from symdl.read.constructs import split_top

    nodes = strip_space(chunk)
    return (len(nodes) >= 2 and isinstance(nodes[0], Token) and nodes[0].kind == "letter" and nodes[0].text == "U"
            and len(strip_space(nodes[1:])) == 1 and is_group(strip_space(nodes[1:])[0], "bracket")
            and len(split_top(strip_space(nodes[1:])[0].children, ",")) == 2)  # type: ignore[union-attr]


def _leading_atom(nodes: list[Node], source: str) -> tuple[AtomSpec, int, list[Node] | None] | None:
    """The name ``nodes`` start with (its spec, the index after it, its power), or None when they start with
    anything else or the name cannot be read (the statement's own reading reports that)."""
    if not nodes or not isinstance(nodes[0], Token) or nodes[0].kind not in ("letter", "cmd"):
        return None
    try:
        return read_atom(nodes, 0, source)
    except ResourceLimit:
        raise
    except Exception:
        return None


#: arrows that move a name to its new value, as Nielsen writes gradient descent: ``w \\rightarrow w' = w - ...``
FORWARD_ARROWS = {"\\rightarrow", "\\to", "\\longrightarrow", "\\mapsto"}


def _arrow_update(nodes: list[Node], source: str) -> list[Node]:
    """``w \\rightarrow w' = w - \\eta g`` (and ``w \\rightarrow w - \\eta g``) is the update ``w \\gets w - \\eta g``:
    the arrow becomes an update arrow and the primed name of the new value, when written, is dropped."""
    arrows = [k for k, n in enumerate(nodes) if isinstance(n, Token) and n.kind == "cmd" and n.text in FORWARD_ARROWS]
    if len(arrows) != 1 or arrows[0] == 0:
        return nodes
    k = arrows[0]
    lhs = strip_space(nodes[:k])
    if nodes[k].is_cmd("\\mapsto"):  # type: ignore[union-attr]
        raise NotSupported(  # Telgarsky's x \mapsto \sum_j a_j \sigma(w_j^T x + b_j): a function, no update of x
            "x \\mapsto ...: a function of x written without a name", source=source, span=nodes[k].span,
            hint="name the function: f(x) = \\sum_j a_j \\sigma(w_j^\\top x + b_j); for an update write "
            "x \\leftarrow ...")
    atom = _leading_atom(lhs, source)
    if atom is None:
        return nodes
    spec, j, exp = atom
    if j != len(lhs) or exp is not None or any(isinstance(n, Token) and n.is_op(":") for n in lhs):
        return nodes
    rest = nodes[k + 1 :]
    where, relation = relation_positions(rest)
    if relation == "=" and len(where) == 1:
        new = strip_space(rest[: where[0]])
        if plain_text(new) in (spec.spelling + "'", spec.spelling + "\\prime", spec.spelling + "^{\\prime}"):
            rest = rest[where[0] + 1 :]
    elif relation != "none":
        return nodes
    arrow = nodes[k]
    assert isinstance(arrow, Token)
    return [*nodes[:k], Token("cmd", "\\gets", arrow.span), *rest]


def _is_colon(nodes: list[Node], k: int) -> bool:
    return 0 <= k < len(nodes) and isinstance(nodes[k], Token) and nodes[k].is_op(":")


def _register_function(reader: ExprReader, lhs: list[Node], source: str) -> None:
    """``f(x) = ...`` defines f: later ``f(...)`` are calls, not products."""
    atom = _leading_atom(lhs, source) if lhs and is_group(lhs[-1], "paren") else None
    if atom is None:
        return
    spec, j, exp = atom
    if spec.greek and spec.base == "Delta" and spec.sub is None and exp is None:
        k = _skip_space(lhs, j)  # \Delta w(i) = ... + \alpha \Delta w(i-1): the change in w, a function of i
        if k + 1 < len(lhs) and isinstance(lhs[k], Token) and lhs[k].kind == "letter" and is_group(lhs[k + 1], "paren"):
            reader.function_names.add("Delta" + lhs[k].text)  # type: ignore[union-attr]
    word = spec.base
    while j < len(lhs) and isinstance(lhs[j], Token) and lhs[j].kind == "letter":
        word += lhs[j].text  # type: ignore[union-attr]
        j += 1  # a word: score(...)
    if exp is None and j < len(lhs) and is_group(lhs[j], "paren") and not (
            reader.step_letters and step_argument(lhs[j], reader.step_letters)):  # Z(k+1) = ...: Z at step k + 1
        reader.function_names.add(spec.base)
        if word != spec.base and word.islower() and word[0] != "d" and not spec.sub and not spec.decorations:
            reader.function_names.add(word)  # Goodfellow's sp(x) = \ln(1 + e^x): the softplus, one name
    elif (exp is not None and plain_text(exp).replace(" ", "").strip("{}") != "-1" and j == len(lhs) - 1
          and is_group(lhs[j], "paren") and bare_atom(lhs[j].children, source)  # (\sigma^{-1}(x): the inverse)
          and not power_of_value(spec)  # So et al.'s \mathrm{ReLU}^2(x): the square of ReLU(x), as \tanh^2 x
          and square_key(spec) not in reader.square_names):  # oneDNN's \sigma^2(c) = ...: one name, defined
        raise reader.error(  # Bishop's predictive variance \sigma_N^2(\mathbf{x}) = ...: it was σ_N² times x
            NotSupported, "a function named with a power, defined by its value at a point (\\sigma_N^2(\\mathbf{x}), "
            "a variance function)", seq_span(lhs, lhs[0].span),
            "name the function without the power (s_N(\\mathbf{x}) = ...), or write its square on the left: "
            "\\sigma_N(\\mathbf{x})^2 = ...")


def _register_value(reader: ExprReader, lhs: list[Node], source: str) -> None:
    """``f = \\sigma(z)`` defines f as a value: a later ``f(1-f)`` is a product, not a call."""
    atom = _leading_atom(lhs, source)
    if atom is None:
        return
    spec, j, exp = atom
    if exp is None and j == len(lhs) and not spec.word and spec.base not in reader.function_names:
        reader.value_names.add(spec.base + "'" * spec.primes)  # SELU's \alpha' = -\lambda\alpha: \alpha' a value


def register_squares(reader: ExprReader, parts: list[list[Node]], source: str) -> None:
    """Every statement's squared name on the left, before any statement is read: Bishop's batch norm uses
    ``\\boldsymbol{\\sigma}^2_{\\mathcal{B}}`` in the line before the one that defines it (session 43; before: a
    power of an unset σ_B there, silently)."""
    for part in parts:
        where, kind = relation_positions(part)
        if kind != "none" and where:
            _register_square(reader, strip_space(part[: where[0]]), source)


def _register_square(reader: ExprReader, lhs: list[Node], source: str) -> None:
    """``\\sigma_\\mathcal{B}^2 \\leftarrow ...`` (Ioffe & Szegedy's batch variance) defines the square as one name:
    here and in later statements ``\\sigma_\\mathcal{B}^2`` is that name, not a power of an unset σ_B."""
    lhs = unbrace_square(lhs, source)  # Géron's {\boldsymbol{\sigma}_B}^2: the name braced, then squared
    atom = _leading_atom(lhs, source)
    if atom is None:
        return
    spec, j, exp = atom
    called = j == len(lhs) - 1 and is_group(lhs[-1], "paren")  # oneDNN's \sigma^2(c) = ...: a variance per channel
    if exp is not None and (j == len(lhs) or called) and plain_text(exp).strip("{} ") == "2" and not spec.word:
        reader.square_names.add(square_key(spec))
