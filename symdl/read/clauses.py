"""Words between statements: ``y = Wx + b \\quad \\text{where } W = ...``, ``h_i = ... \\text{ for } i = 1..n``.

Papers write prose words inside a formula.  A word that introduces a definition (``where``, ``with``,
``given`` ...) ends the statement before it, and what follows is read as statements of its own; a word
that introduces a condition or a domain (``for``, ``if``, ``s.t.`` ...) ends the statement too, and the
clause it starts is set aside with a reading note (it is not part of any value).  Without this rule
``\\text{where}`` was read as a variable multiplying its neighbours and ``\\text{ for } w = 2`` turned
``y = wx + b`` into ``y = 2`` — silently.  Connectives are one table, :data:`CONNECTIVES`.

Commas and wide spaces between two relations (``a = 1, b = 2``; ``y = wx, \\; z = 2y``) also separate statements.
"""

from __future__ import annotations

import re

from symdl.errors import Note, Span
from symdl.read.lexer import Token
from symdl.read.notes import note, quote
from symdl.read.separators import compares, one_comparison
from symdl.read.statements import relation_positions, trim
from symdl.read.syntax import Group, Node, is_group, letter_run, plain_text, seq_span, strip_space

#: the first words of a clause, and what the clause is: ``definition`` or ``statement`` (what follows is read as
#: statements; prose without a relation is left out, noted) or ``condition`` (set aside with a note).  Several
#: words are matched as a phrase (``for all``).
CONNECTIVES: dict[str, str] = {
    "where": "definition",
    "with": "definition",
    "given": "definition",
    "using": "definition",
    "let": "definition",
    "and": "definition",
    "here": "definition",
    # connectives between two statements (d2l's "\sigma^2 = 1 \textrm{ or equivalently } \sigma = ..."): what
    # follows is a statement of its own, never a name multiplying its neighbours ("orequivalently")
    "or": "statement",
    "or equivalently": "statement",
    "equivalently": "statement",
    "i.e.": "statement",
    "i.e": "statement",
    "ie": "statement",
    "e.g.": "statement",
    "so": "statement",
    "hence": "statement",
    "thus": "statement",
    "therefore": "statement",
    "that is": "statement",
    "which gives": "statement",
    "which yields": "statement",
    "which means": "statement",
    "giving": "statement",
    "vs": "statement",
    "versus": "statement",
    # pseudo-code's if ... then ... end if on one line (Pascanu et al.'s clipping): the statement after "then"
    "then": "statement",
    "end if": "statement",
    "end": "statement",
    "for": "condition",
    "for all": "condition",
    "for each": "condition",
    "for every": "condition",
    "forall": "condition",
    "if": "condition",
    "iff": "condition",
    "when": "condition",
    "whenever": "condition",
    "s.t.": "condition",
    "st": "condition",
    "subject to": "condition",
    "such that": "condition",
    "provided": "condition",
    "otherwise": "condition",
    # the domain a statistic is taken over, as the PyTorch docs say it (GroupNorm's "\text{ over each group of } C/G
    # \text{ channels}", BatchNorm's "per channel"): set aside, it says how far E[x] and Var[x] reach
    "over": "condition",
    "per": "condition",
    "across": "condition",
    "else": "condition",
}
#: commands whose brace argument is prose
TEXT_COMMANDS = ("\\text", "\\textrm", "\\textnormal", "\\mathrm", "\\textit", "\\mbox", "\\textbf", "\\mathit")
#: commands that are connectives themselves
CONNECTIVE_COMMANDS = {"\\forall": "condition", "\\iff": "condition"}
_WORDS = re.compile(r"[a-z.]+")
#: the small words of English prose: a text box of four words or more holding one is a comment, not a name
_FUNCTION_WORDS = frozenset({"of", "a", "an", "the", "for", "with", "without", "to", "in", "is", "are", "by", "from",
                             "on", "at", "and", "or", "this", "that", "each", "per", "as", "be"})


def _connective(nodes: list[Node], k: int, source: str) -> tuple[str, int]:
    """The kind of clause a connective at ``nodes[k]`` starts ('' when it is not one) and how many nodes it takes."""
    n = nodes[k]
    if is_group(n, "brace") and len(inner := strip_space(n.children)) >= 2:  # Lil'Log's \small{\text{; ...}y_t}
        kind, size = _connective(inner, 0, source)
        return (kind, 1) if size == 2 and (len(inner) == 2 or kind == "remark") else ("", 0)
    if not isinstance(n, Token):
        return "", 0
    if n.kind == "cmd" and n.text in CONNECTIVE_COMMANDS:
        return CONNECTIVE_COMMANDS[n.text], 1
    if n.kind == "letter":
        return _plain_connective(nodes, k)
    if not (n.is_cmd(*TEXT_COMMANDS) and k + 1 < len(nodes) and is_group(nodes[k + 1], "brace")):
        return "", 0
    inner: Group = nodes[k + 1]  # type: ignore[assignment]
    if not inner.children:
        return "", 0
    span = seq_span(inner.children, inner.span)
    text = source[span.start : span.end].strip(" ~")
    if text.startswith("(") and len(text) > 2 and (text.endswith(")") or text.count("(") > text.count(")")):
        return "remark", 2  # \text{(AdamW)}: a remark in parentheses; \text{(statistics over } ...: one left open
    if text.strip(" ~.") in ("bits", "nats") and source[span.start : span.end].startswith((" ", "~")):
        return "remark", 2  # Cover & Thomas's h = \frac{1}{2}\log 2\pi e\sigma^2 \text{ bits}: the value's unit
    if text.strip(" ~") in (",", ";"):  # Lil'Log's \alpha_t = 1 - \beta_t\text{, }\bar{\alpha}_t = ...: a separator
        return "statement", 2
    words = _WORDS.findall(source[span.start : span.end].lower().replace("~", " "))
    if re.fullmatch(r"[A-Za-z]+(?:\\?_[A-Za-z0-9]+)+", text):
        return "", 0  # the TF docs' \text{end\_learning\_rate}: an identifier, not the pseudo-code's end
    for size in (2, 1):
        if len(words) >= size and " ".join(words[:size]) in CONNECTIVES:
            return CONNECTIVES[" ".join(words[:size])], 2
    if len(words) >= 2 and text.endswith(":"):  # FlashAttention's \text{ computed blockwise: } m_i = ...: prose
        return "remark", 2
    if words and text.startswith((";", "//", "#")):  # Lil'Log's \text{; Context vector for output}: a comment
        return "remark", 2
    if len(words) >= 3 and text.endswith((".", ".)")):  # Lil'Log's \text{ merges two Gaussians (*).}: a sentence
        return "sentence", 2
    if len(words) >= 4 and set(words) & _FUNCTION_WORDS:  # \text{Calculation of a single output neuron without
        return "remark", 2  # bias} after a formula: a comment in prose, never a name of seven words joined
    return "", 0


#: connectives pasted as plain letters, without \text (a plain-text paste's ``y_i = ..., for i = 1, ..., C``):
#: a word of its own, after a comma or a space and before a space; as letters they would be a product (f·o·r)
PLAIN_CONNECTIVES = frozenset({"for", "where", "with", "given"})  # (a plain "if ... otherwise": symdl.read.caselines)


def _plain_connective(nodes: list[Node], k: int) -> tuple[str, int]:
    """The kind of clause a connective spelt in plain letters at ``nodes[k]`` starts, and its number of letters."""
    before = nodes[k - 1] if k > 0 else None
    if not (isinstance(before, Token) and (before.kind == "space" or before.is_op(","))):
        return "", 0
    j, word = letter_run(nodes, k)
    after = nodes[j] if j < len(nodes) else None
    if word not in PLAIN_CONNECTIVES or not (after is None or (isinstance(after, Token) and after.kind == "space")):
        return "", 0
    return CONNECTIVES[word], j - k


def split_clauses(parts: list[list[Node]], source: str) -> tuple[list[list[Node]], list[Note]]:
    """Split each statement at connective words; definitions stay as statements, conditions leave with a note."""
    out: list[list[Node]] = []
    notes: list[Note] = []
    for part in (piece for p in parts for q in _guard_then(p, source) for piece in _listed_comparisons(q)):
        part = _leading_condition(part, source, notes)
        head: list[Node] = []
        clauses: list[tuple[str, int, list[Node]]] = []  # (kind, nodes the connective takes, nodes)
        skip = 0
        for k, n in enumerate(part):
            kind, size = _connective(part, k, source)
            if kind == "sentence":  # a sentence ends the prose of a clause before it ("where σ(x) is the ..."),
                kind, size = ("", 0) if clauses else ("remark", size)  # or is a remark of its own
            if skip:
                skip -= 1
                continue
            if kind == "condition" and not strip_space(head) and not clauses and _subject_to(part, k, source):
                span = seq_span(strip_space(part), n.span)  # EfficientNet's \text{s.t. } \alpha\beta^2 ... \approx 2
                notes.append(note("condition-clause", span, {"clause": quote(source[span.start : span.end], 60)}))
                head, clauses = [], []  # a constraint on its own line: set aside whole
                break
            if kind in ("definition", "statement") and not strip_space(head) and not clauses:
                span = seq_span(part[k : k + size], n.span)  # \mbox{where} head_i = ...: the formula starts with prose
                notes.append(note("prose-clause", span, {"clause": quote(source[span.start : span.end], 60)}))
                skip = size - 1
                continue
            if kind and strip_space(head):
                if kind == "definition" and clauses and clauses[-1][0] == "condition" and n.is_cmd(*TEXT_COMMANDS):
                    kind = "condition"  # "for x > 0 and y > 0": the 'and' continues the condition
                clauses.append((kind, size, [n]))
            else:
                (clauses[-1][2] if clauses else head).append(n)
        head = trim(head)
        if clauses and head:  # \textbf{if } \|g\| \geq v \textbf{ then } ...: the guard before "then"
            head = _leading_condition(head, source, notes)
        if head:
            out.append(head)
        for at, (kind, size, nodes) in enumerate(clauses):
            body = trim(nodes[size:])
            if kind == "condition" and _then_follows(clauses, at, source) and _guard(trim(nodes), source):
                out.append(_leading_condition(trim(nodes), source, notes))  # ...; \textbf{if } A \textbf{ then }
                continue
            if kind == "remark":  # Wu & He's \quad \text{(over each group of ...)}: prose, then maybe a statement
                span = seq_span(nodes[:size], Span(0, 0))
                notes.append(note("prose-clause", span, {"clause": quote(source[span.start : span.end], 60)}))
                while body and isinstance(body[0], Token) and body[0].is_op(",", ";"):
                    body = trim(body[1:])  # PyTorch's m_0 \leftarrow 0 \text{ (first moment)}, v_0 \leftarrow 0
                if body and out and _continues(body):  # Lil'Log's a &= b & \text{; comment} \\ &= c: the chain
                    out[-1] = [*out[-1], *body]  # goes on after the comment, as it would without it
                    continue
                kind, size, nodes = "statement", 0, body
                if not body:
                    continue
            if kind in ("definition", "statement") and body and (relation_positions(body)[1] != "none" or (
                    _joins(nodes[:size]) and compares(body))):  # Sutton & Barto: ... = \infty and ... < \infty
                out.append(body)
                continue
            span = seq_span(strip_space(nodes), Span(0, 0))
            rule = "condition-clause" if kind == "condition" else "prose-clause"
            notes.append(note(rule, span, {"clause": quote(source[span.start : span.end], 60)}))
    return out, notes


def _listed_comparisons(part: list[Node]) -> list[list[Node]]:
    """EfficientNet's ``\\alpha \\geq 1, \\beta \\geq 1, \\gamma \\geq 1``: comparisons listed with commas on one line
    are one statement each (before: "unexpected ','")."""
    from symdl.read.constructs import split_top  # constructs reads expressions, this module runs before

    pieces = [strip_space(p) for p in split_top(part, ",")]
    if len(pieces) < 2 or not all(p and compares(p) and relation_positions(p)[1] == "none" for p in pieces):
        return [part]
    return pieces


def _subject_to(part: list[Node], k: int, source: str) -> bool:
    """Does the line ``part`` open with the words "s.t." or "subject to" at ``nodes[k]`` (a constraint stated on
    its own line)?"""
    n = part[k]
    if not (isinstance(n, Token) and n.is_cmd(*TEXT_COMMANDS) and k + 1 < len(part) and is_group(part[k + 1], "brace")):
        return False
    words = _WORDS.findall(plain_text(part[k + 1].children).lower())  # type: ignore[union-attr]
    return words[:1] in (["s.t."], ["st"]) or words[:2] == ["subject", "to"]


def _continues(body: list[Node]) -> bool:
    """Does ``body`` start with a relation (``= c``, an aligned row's ``&= c``): a link of the chain before it?"""
    first = next((n for n in body if not (isinstance(n, Token) and n.kind == "space")), None)
    return isinstance(first, Token) and (first.is_op("=") or first.is_cmd("\\approx", "\\leq", "\\geq", "\\le",
                                                                            "\\ge", "\\propto"))


def _then_follows(clauses: list[tuple[str, int, list[Node]]], at: int, source: str) -> bool:
    """Is the clause after ``clauses[at]`` pseudo-code's ``then`` (``\\textbf{ then }``)?"""
    if at + 1 >= len(clauses):
        return False
    nodes = clauses[at + 1][2]
    return len(nodes) > 1 and _WORDS.findall(source[nodes[1].span.start : nodes[1].span.end].lower()) == ["then"]


def _leading_condition(part: list[Node], source: str, notes: list[Note]) -> list[Node]:
    """``\\forall x > 0, \\; f(x) = ...``, ``\\text{for } x \\in (0, 1), ...``: a condition written before the
    statement, up to the first comma, is set aside with its note; the statement is what follows.  A run of them
    (Goodfellow's ``\\forall \\boldsymbol{x}, \\forall \\boldsymbol{y}, ...``) is set aside clause by clause."""
    first = next((k for k, n in enumerate(part) if not (isinstance(n, Token) and n.kind == "space")), None)
    if first is not None and (size := _title(part, first, source)):  # \text{Adam: } m_t = ...: a title, set aside
        span = part[first + size - 1].span
        notes.append(note("prose-clause", Span(part[first].span.start, span.end),
                          {"clause": quote(source[part[first].span.start : span.end], 60)}))
        return part[first + size :]
    if first is None or _connective(part, first, source)[0] != "condition":
        return part
    comma = next((k for k in range(first + 1, len(part)) if isinstance(part[k], Token) and part[k].is_op(",")), None)
    colon = next((k for k in range(first + 1, len(part)) if isinstance(part[k], Token) and part[k].is_op(":")), None)
    if colon is not None and part[first].text == "\\forall" and not any(  # Glow's \forall i,j: \mathbf{y}_{i,j} = ...
            isinstance(n, Token) and (n.is_op("=") or n.text in ("\\leftarrow", "\\gets")) for n in part[first:colon]):
        comma = colon
    if comma is None and _guard(part[first:], source):  # \text{if } \|g\| > v on a line of its own: the guard
        rest = trim(part[first + _connective(part, first, source)[1] :])
        span = seq_span(strip_space(part[first:]), Span(0, 0))
        notes.append(note("guard-line", span, {"clause": quote(source[span.start : span.end], 60),
                                               "comparison": quote(source[rest[0].span.start : rest[-1].span.end])}))
        return rest
    if comma is None and _guard(part[first:], source, relations=("\\neq", "\\ne")):
        span = seq_span(strip_space(part[first:]), Span(0, 0))  # PyTorch's \textbf{if} \: \lambda \neq 0: no value
        notes.append(note("condition-clause", span, {"clause": quote(source[span.start : span.end], 60)}))
        return []
    if comma is None or not strip_space(part[comma + 1 :]):
        return part
    span = seq_span(part[first:comma], Span(0, 0))
    notes.append(note("condition-clause", span, {"clause": quote(source[span.start : span.end], 60)}))
    return _leading_condition(part[comma + 1 :], source, notes)  # \forall x, \forall y, ...: a run of them


def _guard(part: list[Node], source: str, relations: tuple[str, ...] = ()) -> bool:
    """``\\text{if } \\|g\\| > v`` alone on a line, the algorithm boxes' guard of the lines after it: an
    ``if`` (or ``when``) then one comparison and no equation; with ``relations``, one of those instead (``\\neq``, a
    guard symdl sets aside: no statement says it)."""
    size = _connective(part, 0, source)[1]
    if size != 2:
        return False
    words = _WORDS.findall(source[part[1].span.start : part[1].span.end].lower())
    rest = trim(part[size:])
    if relations:
        stated = any(isinstance(n, Token) and n.is_cmd(*relations) for n in rest)
        return words in (["if"], ["when"]) and stated and not compares(rest) and relation_positions(rest)[1] == "none"
    return words in (["if"], ["when"]) and bool(rest) and compares(rest) and relation_positions(rest)[1] == "none"


#: what ends a guard before the statement it guards on the same line: Python's colon, a wide space
_GUARD_ENDS = (":", "\\quad", "\\qquad")


def _guard_then(part: list[Node], source: str) -> list[list[Node]]:
    """``\\text{if } \\|g\\| \\geq v: \\quad g \\leftarrow ...`` (pseudo-code of gradient clipping, the colon as
    Python writes it; or a wide space alone): the guard and the statement it guards, as two lines, the guard read as
    :func:`_leading_condition` reads a guard line; ``[part]`` for anything else."""
    first = next((k for k, n in enumerate(part) if not (isinstance(n, Token) and n.kind == "space")), None)
    if first is None or _connective(part, first, source)[0] != "condition":
        return [part]
    end = next((k for k in range(first + 2, len(part)) if isinstance(part[k], Token)
                and (part[k].is_op(":") or part[k].is_cmd(*_GUARD_ENDS[1:]))), None)
    if end is None:
        return [part]
    guard, body = trim(part[first:end]), trim(part[end + 1 :])
    while body and isinstance(body[0], Token) and body[0].is_cmd(*_GUARD_ENDS[1:]):
        body = trim(body[1:])
    if not (guard and body and _guard(guard, source) and relation_positions(body)[1] != "none"):
        return [part]
    return [guard, body]


#: bold commands a title's word may be set in (Prince's \mathbf{BatchNorm}: \quad ...)
_BOLD_TITLES = ("\\mathbf", "\\boldsymbol", "\\bm")


def _title(part: list[Node], k: int, source: str) -> int:
    """``\\text{Adam: }``, ``\\textbf{Step 1:}`` before a statement, prose ending in a colon, or a name in a text
    command and then a colon (``\\mathrm{SAM}: \\ \\hat{\\epsilon}(w) = ...``, ``\\mathrm{ArcFace}: L = ...``): a
    title.  How many nodes it takes (0: no title)."""
    n = part[k]
    if not (isinstance(n, Token) and n.is_cmd(*TEXT_COMMANDS, *_BOLD_TITLES) and k + 1 < len(part)
            and is_group(part[k + 1], "brace")):
        return 0
    inner: Group = part[k + 1]  # type: ignore[assignment]
    words = source[inner.span.start : inner.span.end].strip("{} ~")
    if n.is_cmd(*_BOLD_TITLES) and not (len(words) >= 3 and words.isalpha()):
        return 0  # \mathbf{x}: a bold name; Prince's \mathbf{BatchNorm}: a bold word, a title before its colon
    size = 2
    if _named_letter(part, k + 2, source[inner.span.start : inner.span.end]):
        return size  # \text{Pearson } r = ...: the word names the letter defined after it
    if not words.endswith(":"):
        j = k + 2
        while j < len(part) and isinstance(part[j], Token) and part[j].kind == "space":  # type: ignore[union-attr]
            j += 1
        if not (j < len(part) and isinstance(part[j], Token) and part[j].is_op(":")):  # type: ignore[union-attr]
            return 0
        if j + 1 < len(part) and isinstance(part[j + 1], Token) and part[j + 1].is_op("="):  # type: ignore[union-attr]
            return 0  # BPR's \text{BPR-Opt} := ...: a definition
        size = j + 1 - k
    rest = [m for m in part[k + size :] if not (isinstance(m, Token) and (m.kind == "space" or m.is_cmd("\\ ")))]
    return size if rest else 0


def _named_letter(part: list[Node], j: int, raw: str) -> bool:
    """Is a text box ``raw`` of capitalised words that ends with a space (``\\text{Pearson }``) followed by one letter
    and ``=`` (the quantity's symbol, then its definition)?"""
    words = raw.strip("{}")
    if not (words.endswith(" ") and words.strip() and words.strip()[0].isupper() and words.replace(" ", "").isalpha()):
        return False
    rest = [m for m in part[j:] if not (isinstance(m, Token) and m.kind == "space")]
    return (len(rest) > 2 and isinstance(rest[0], Token) and rest[0].kind == "letter" and isinstance(rest[1], Token)
            and rest[1].is_op("="))


def set_aside_draws(parts: list[list[Node]], source: str, notes: list[Note]) -> list[list[Node]]:
    """``\\boldsymbol{\\epsilon} \\sim \\mathcal{N}(0, \\mathbf{I})`` beside a statement (the VAE's
    reparameterisation) says how a name is drawn: set aside with a note, the name is an input.  A formula that is
    only draws (Xavier's ``W \\sim U[-a, a]``) has nothing to evaluate: refused by name."""
    draws = [p for p in parts if any(isinstance(n, Token) and n.is_cmd("\\sim") for n in p)]
    if not draws:
        return parts
    if len(draws) == len(parts):  # Xavier's W \sim U[-a, a]: distribution statements (symdl.read.distributions)
        return parts
    for p in draws:
        span = seq_span(strip_space(p), Span(0, 0))
        notes.append(note("distribution-clause", span, {"clause": quote(source[span.start : span.end], 60)}))
    return [p for p in parts if not any(p is d for d in draws)]


def set_aside_inequations(parts: list[list[Node]], source: str, notes: list[Note]) -> list[list[Node]]:
    """``T_{cur} \\neq (2k+1) T_{max}`` beside a statement (Loshchilov & Hutter's SGDR, eq. 5: where the schedule
    holds) is a condition on it, which no statement can say: set aside with a note (``condition-clause``).  A formula
    that is only such conditions is left for the statement reader to refuse."""
    conditions = [p for p in parts if _inequation(p) or _index_equality(p, source) or _bound_clause(p)]
    if not conditions or len(conditions) == len(parts):
        return parts
    for p in conditions:
        span = seq_span(strip_space(p), Span(0, 0))
        notes.append(note("condition-clause", span, {"clause": quote(source[span.start : span.end], 60)}))
    return [p for p in parts if not any(p is c for c in conditions)]


#: two index letters set equal: the case a line holds for (the softmax Jacobian's ..., \quad i = j)
_INDEX_EQUALITY = re.compile(r"\s*([ijklmn])\s*=\s*([ijklmn])\s*")


def _index_equality(part: list[Node], source: str) -> bool:
    """Is ``part`` exactly ``i = j``, two different index letters that subscript names elsewhere in the formula (the
    softmax Jacobian's ``... = p_i(1 - p_i), \\quad i = j``)?  A condition, as ``i \\ne j`` is, never a statement
    setting the index i to j."""
    nodes = strip_space(part)
    if not nodes:
        return False
    m = _INDEX_EQUALITY.fullmatch(source[nodes[0].span.start : nodes[-1].span.end])
    return m is not None and m.group(1) != m.group(2) and all(
        re.search(rf"_\{{?[^}}]*{c}", source) for c in (m.group(1), m.group(2)))


def _bound_clause(part: list[Node]) -> bool:
    """Is ``part`` one strict or loose comparison of a name with a number or a name (SIREN's ``\\alpha \\gg 1``, the
    lottery ticket's ``k \\ll T``): a condition on the formula beside it?"""
    nodes = strip_space(part)
    return one_comparison(nodes) and len(nodes) <= 5 and not any(isinstance(n, Group) for n in nodes)


def _inequation(part: list[Node]) -> bool:
    """Is ``part`` one ``a \\neq b`` and no other relation?"""
    neq = [n for n in part if isinstance(n, Token) and n.is_cmd("\\neq", "\\ne")]
    return len(neq) == 1 and relation_positions(part)[1] == "none" and not compares(part)


def _joins(words: list[Node]) -> bool:
    """Is this connective 'and' (or one that starts a statement), after which a comparison is a statement too?"""
    text = re.sub(r"\\[A-Za-z]+|[{}\s]", " ", "".join(plain_text([n]) for n in words)).split()
    return text in (["and"], ["or"])
