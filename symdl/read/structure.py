"""The structure pass: every bracket pair of a formula nested into a :class:`~symdl.read.syntax.Group`.

One pass over the tokens nests ``{ }``, ``( )``, ``[ ]``, ``\\{ \\}`` (``\\lbrace \\rbrace``),
``\\left<d> ... \\right<d>`` (any delimiters, ``.`` included) and ``\\begin{env} ... \\end{env}``; a sized
bracket (``\\big(``, ``\\Bigl[``) is an ordinary bracket.  Each group knows its kind, its opening and closing
tokens and the span covering both, so the reader finds a bracket's contents as a node's children and "the top
level" as the children of the node it reads: nothing after this pass counts depth.

Bars (``|x|``, ``\\|x\\|``, ``||x||``) stay flat: they open and close with the same token, and the reader pairs
them where it meets them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from symdl.budget import budget_error
from symdl.errors import InvalidInput, Span
from symdl.read.caselines import ascii_cases
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, seq_span

#: opening token text (op or cmd) → (kind, closing texts)
OPENERS: dict[str, tuple[str, frozenset[str]]] = {
    "(": ("paren", frozenset({")"})),
    "[": ("bracket", frozenset({"]"})),
    "\\{": ("set", frozenset({"\\}", "\\rbrace"})),
    "\\lbrace": ("set", frozenset({"\\}", "\\rbrace"})),
    "\\lfloor": ("floor", frozenset({"\\rfloor", "\\rceil"})),  # \lfloor x \rceil: rounded (a "round" group)
    "\\lceil": ("ceil", frozenset({"\\rceil"})),
    "\\langle": ("angle", frozenset({"\\rangle"})),
}
CLOSERS = {")", "]", "\\}", "\\rbrace", "\\rfloor", "\\rceil", "\\rangle"}
#: the opening text a closer wants, for hints
OPENING_OF = {")": "(", "]": "[", "\\}": "\\{", "\\rbrace": "\\lbrace", "}": "{", "\\rfloor": "\\lfloor",
              "\\rceil": "\\lceil", "\\rangle": "\\langle"}
#: sizing commands: \big( is an ordinary bracket
SIZING = {
    "\\big", "\\Big", "\\bigg", "\\Bigg", "\\bigl", "\\bigr", "\\Bigl", "\\Bigr", "\\biggl", "\\biggr",
    "\\Biggl", "\\Biggr",
}
#: kind of a \left group by its opening delimiter; any other delimiter makes a ``delim`` group
LEFT_KINDS = {"(": "paren", "[": "bracket", "\\{": "set", "\\lbrace": "set", "\\lfloor": "floor", "\\lceil": "ceil",
              "\\langle": "angle"}


#: what no parenthesis spans: a relation or a row break, where a parenthesis left open must have closed before
_ENDS_PAREN = {"=", "\\le", "\\leq", "\\ge", "\\geq", "\\approx", "\\simeq", "\\equiv", "\\leftarrow", "\\gets",
               "\\triangleq", "\\coloneqq", "\\\\", "\\quad", "\\qquad"}


@dataclass
class _Frame:
    """A group being filled: its kind, opening token, where it starts and how it may close."""

    kind: str
    open: Token | None
    start: int
    closers: frozenset[str] = frozenset()
    left: bool = False
    name: str = ""
    children: list[Node] = field(default_factory=list)

    def closed_by(self, tok: Token) -> bool:
        """Does ``tok`` close this group (``\\right`` a ``\\left`` group, ``\\end`` an environment ...)?"""
        if tok.is_cmd("\\right"):
            return self.left
        if tok.is_cmd("\\end"):
            return self.kind == "env"
        if tok.kind == "rbrace":
            return self.kind == "brace"
        return not self.left and tok.text in self.closers


class TreeBuilder:
    """The structure pass over one token list: a stack of open groups (``TreeBuilder(...).build()``)."""

    def __init__(self, tokens: list[Token], source: str, max_depth: int) -> None:
        self.tokens, self.source, self.max_depth = tokens, source, max_depth
        self.stack: list[_Frame] = [_Frame("root", None, 0)]
        self.deepest = 0
        self.undoubled: list[Span] = []  # doubled parentheses closed once: ``((q||p) =``, read as one pair

    def build(self) -> tuple[list[Node], int]:
        """Nest the tokens into groups; return the top-level nodes and the deepest nesting.

        Raises:
            InvalidInput: an unbalanced bracket, brace, ``\\left``/``\\right`` or ``\\begin``/``\\end``, with the
                span of the unmatched token and a hint.
            ResourceLimit: nesting deeper than ``max_depth`` (the ``depth`` budget).
        """
        i = 0
        while i < len(self.tokens):
            i = self.step(i)
        while len(self.stack) > 1:
            if not self.undouble(self.stack[-1]):
                raise self.never_closed(self.stack[-1])
        return self.stack[0].children, self.deepest

    def undouble(self, frame: _Frame) -> bool:
        """Take ``frame``, a parenthesis left open, as a doubled one closed once, when it is: ``((`` written together,
        the inner pair closed, then a relation, a row break or the end (Kingma & Welling's Appendix B
        ``-D_{KL}((q_\\phi(\\mathbf{z})||p_\\theta(\\mathbf{z})) = \\dots``): the one place the missing ``)``
        could stand is right after the inner one, so the pair is one parenthesis.  Its children go to the parent and
        its span to :attr:`undoubled`; anything else is left for the error."""
        kids = [c for c in frame.children if not (isinstance(c, Token) and c.kind in ("space", "newline"))]
        if frame.kind != "paren" or frame.left or frame.open is None or frame.open.text != "(" or not kids:
            return False
        inner = kids[0]
        if not (isinstance(inner, Group) and inner.kind == "paren" and not inner.left
                and inner.span.start == frame.open.span.end):
            return False
        after = kids[1] if len(kids) > 1 else None
        ends = isinstance(after, Token) and (after.text in _ENDS_PAREN or after.is_op("<", ">"))
        if after is not None and not ends:
            return False
        self.stack.pop()
        self.stack[-1].children.extend(frame.children)
        self.undoubled.append(Span(frame.start, inner.span.end))
        return True

    def error(self, message: str, span: Span, hint: str) -> InvalidInput:
        """An :class:`InvalidInput` positioned in the source."""
        return InvalidInput(message, source=self.source, span=span, hint=hint)

    def next_index(self, i: int) -> int:
        """The index of the first non-space token from ``i``."""
        while i < len(self.tokens) and self.tokens[i].kind == "space":
            i += 1
        return i

    def push(self, frame: _Frame, span: Span) -> None:
        """Open ``frame`` (written at ``span``); refuse nesting past the ``depth`` budget."""
        depth = len(self.stack)
        if depth > self.max_depth:
            raise budget_error("depth", depth, self.max_depth, what="this nesting", source=self.source, span=span)
        self.deepest = max(self.deepest, depth)
        self.stack.append(frame)

    def pop(self, close: Token, end: int) -> None:
        """Close the innermost group at ``close`` (its end at ``end``) into a :class:`Group` of its parent."""
        frame = self.stack.pop()
        children = frame.children
        if frame.kind == "brace" and len(children) == 1 and isinstance(children[0], Group) \
                and children[0].kind == "brace":
            children = children[0].children  # {{x}} groups exactly as {x} does
        kind = "round" if frame.kind == "floor" and close.text == "\\rceil" else frame.kind  # round-nearest
        group = Group(children, Span(frame.start, end), kind, frame.open, close, frame.name, frame.left)
        self.stack[-1].children.append(group)

    def unmatched(self, tok: Token, shown: str) -> InvalidInput:
        """The error for a closer that does not close the innermost group."""
        if any(f.closed_by(tok) for f in self.stack[1:]):
            return self.never_closed(self.stack[-1])
        if tok.is_cmd("\\end"):
            return self.error(f"this {shown} closes nothing", tok.span, "remove it or add the matching \\begin")
        opening = "\\left" if tok.is_cmd("\\right") else OPENING_OF.get(tok.text, tok.text)
        return self.error(f"this '{shown}' closes nothing", tok.span, f"remove it or add the matching '{opening}'")

    def never_closed(self, frame: _Frame) -> InvalidInput:
        """The error for ``frame``, left open: at its opening token."""
        assert frame.open is not None
        span = Span(frame.start, frame.open.span.end)
        if frame.kind == "env":
            return self.error(f"\\begin{{{frame.name}}} is never ended", span, f"add \\end{{{frame.name}}}")
        if frame.left:
            return self.error(f"this '\\left{frame.open.text}' is never closed", span, "add the matching \\right")
        if frame.kind == "brace" and ascii_cases(self.source):
            return self.error(
                "a piecewise definition drawn in ASCII art (a '{' before each row, the old PyTorch docs' "
                "loss(x, y) = 1/n { x_i, if y_i == 1 ...), its line breaks lost: its rows and its left side are "
                "interleaved", span, "write the rows of a cases, and any sum the 1/n averages: "
                "\\frac{1}{n} \\sum_i \\begin{cases} x_i & y_i = 1 \\\\ \\max(0, m - x_i) & y_i = -1 \\end{cases}")
        closing = "}" if frame.kind == "brace" else "\\rfloor" if frame.kind == "floor" else min(frame.closers)
        return self.error(f"this '{frame.open.text}' is never closed", span, f"add the matching '{closing}'")

    def env_name(self, i: int, command: Token) -> tuple[str, int, int]:
        """The ``{name}`` after ``\\begin``/``\\end`` at ``i``: the name, the index after it and its end."""
        j = self.next_index(i + 1)
        k = j + 1
        while k < len(self.tokens) and self.tokens[k].kind not in ("rbrace", "lbrace"):
            k += 1
        if j >= len(self.tokens) or self.tokens[j].kind != "lbrace" or k >= len(self.tokens) \
                or self.tokens[k].kind != "rbrace":
            raise self.error(f"{command.text} without an environment name", command.span,
                             f"write {command.text}{{pmatrix}}")
        name = "".join(t.text for t in self.tokens[j + 1 : k] if t.kind != "space")
        return name, k + 1, self.tokens[k].span.end

    def delimiter(self, i: int, command: Token) -> tuple[Token, int]:
        """The delimiter after ``\\left``/``\\right`` at ``i`` and the index after it."""
        j = self.next_index(i + 1)
        if j >= len(self.tokens) or self.tokens[j].kind not in ("op", "cmd"):
            raise self.error(f"{command.text} without a delimiter", command.span,
                             f"write the delimiter: {command.text}( or {command.text}.")
        return self.tokens[j], j + 1

    def step(self, i: int) -> int:
        """Take the token at ``i`` (and the tokens that belong to it); return the next index."""
        tok = self.tokens[i]
        if tok.kind == "lbrace":
            self.push(_Frame("brace", tok, tok.span.start), tok.span)
        elif tok.kind == "rbrace":
            if not self.stack[-1].closed_by(tok):
                raise self.unmatched(tok, "}")
            self.pop(tok, tok.span.end)
        elif tok.is_cmd("\\left"):
            delim, after = self.delimiter(i, tok)
            kind = LEFT_KINDS.get(delim.text, "delim")
            self.push(_Frame(kind, delim, tok.span.start, left=True), tok.span.join(delim.span))
            return after
        elif tok.is_cmd("\\right"):
            delim, after = self.delimiter(i, tok)
            if not self.stack[-1].closed_by(tok):
                raise self.unmatched(tok, "\\right")
            self.pop(delim, delim.span.end)
            return after
        elif tok.is_cmd("\\begin"):
            name, after, end = self.env_name(i, tok)
            self.push(_Frame("env", tok, tok.span.start, name=name), Span(tok.span.start, end))
            return after
        elif tok.is_cmd("\\end"):
            name, after, end = self.env_name(i, tok)
            top = self.stack[-1]
            if not top.closed_by(tok) or top.name != name:
                raise self.unmatched(tok, f"\\end{{{name}}}") if top.kind != "env" else self.never_closed(top)
            self.pop(tok, end)
            return after
        elif tok.kind == "cmd" and tok.text in SIZING:
            j = self.next_index(i + 1)
            if j < len(self.tokens) and self.tokens[j].kind in ("op", "cmd") and \
                    (self.tokens[j].text in OPENERS or self.tokens[j].text in CLOSERS):
                return self.bracket(j, tok.span.start)
            self.stack[-1].children.append(tok)
        elif tok.kind in ("op", "cmd") and (tok.text in OPENERS or tok.text in CLOSERS):
            return self.bracket(i, tok.span.start)
        else:
            self.stack[-1].children.append(tok)
        return i + 1

    def bracket(self, i: int, start: int) -> int:
        """An ordinary bracket at ``i`` (``start``: where a sizing command before it begins)."""
        tok = self.tokens[i]
        if tok.text in OPENERS:
            kind, closers = OPENERS[tok.text]
            self.push(_Frame(kind, tok, start, closers), Span(start, tok.span.end))
        else:
            if not self.stack[-1].closed_by(tok):
                raise self.unmatched(tok, tok.text)
            self.pop(tok, tok.span.end)
        return i + 1


#: TeX's font switches inside braces (``{\\bf x}``, ``{\\rm softmax}``, ``{\\cal L}``) → the command that wraps its
#: argument the same way (older papers and notes write fonts so)
FONT_SWITCHES = {"\\bf": "\\bf", "\\rm": "\\rm", "\\it": "\\mathit", "\\sf": "\\mathsf", "\\tt": "\\mathrm",
                 "\\cal": "\\mathcal", "\\bold": "\\mathbf"}


#: product signs that a brace around them (``q{\\cdot}k_+``, written for the spacing) leaves a product
BRACED_PRODUCTS = frozenset({"\\cdot", "\\times", "\\ast", "\\odot", "\\circ"})


def _braced_product(n: Group, children: list[Node], before: list[Node]) -> bool:
    """Is ``n`` a brace group holding one product sign (``{\\cdot}``), between operands: not a script's or a
    command's argument (``k_{\\cdot}``, ``\\mathrm{\\cdot}`` stay what they are)?"""
    signs = [c for c in children if not (isinstance(c, Token) and c.kind == "space")]
    if n.kind != "brace" or len(signs) != 1 or not isinstance(signs[0], Token) or signs[0].text not in BRACED_PRODUCTS:
        return False
    prev = before[-1] if before else None
    return prev is not None and not (isinstance(prev, Token) and (prev.kind == "cmd" or prev.is_op("_", "^")))


def font_switches(nodes: list[Node]) -> list[Node]:
    """``{\\bf x}_i`` as ``\\bf{x}_i``: a brace group that starts with a font switch is the switch's command applied to
    the rest of the group, so a subscript after it attaches to the name (it had nothing to attach to)."""
    out: list[Node] = []
    for n in nodes:
        if not isinstance(n, Group):
            out.append(n)
            continue
        children = font_switches(n.children)
        first = next((k for k, c in enumerate(children) if not (isinstance(c, Token) and c.kind == "space")), None)
        head = children[first] if first is not None else None
        if _operator_letter(n, children, out):  # CPC's \mathop{\mathbb{E}}_{X}: \mathbb{E}_{X}, limits placed below
            out[-1:] = [c for c in children if not (isinstance(c, Token) and c.kind == "space")]
        elif _braced_product(n, children, out):  # MoCo's q{\cdot}k_+: the braced \cdot is the product
            out.append(children[first])  # type: ignore[index]
        elif (n.kind == "brace" and isinstance(head, Token) and head.kind == "cmd" and head.text in FONT_SWITCHES
              and head in n.children):  # {{\rm std}(r)}: the switch of the inner group is applied there only
            rest = children[first + 1 :]  # type: ignore[operator]
            kept = [c for c in rest if not (isinstance(c, Token) and c.kind == "space")]
            if len(kept) == 1 and isinstance(kept[0], Group) and kept[0].kind == "brace":
                rest = kept[0].children  # {\\rm{Sigmoid}}: the switch written as a command, its argument braced
            out.append(Token("cmd", FONT_SWITCHES[head.text], Span(n.span.start, head.span.end)))  # spelt {\\bf x}
            out.append(Group(rest, n.span, "brace", n.open, n.close))
        else:
            out.append(replace(n, children=over_fraction(children)))
    return out


def _operator_letter(n: Group, children: list[Node], before: list[Node]) -> bool:
    """Is ``n`` the argument of ``\\mathop`` holding one font-wrapped letter (``\\mathop{\\mathbb{E}}``) or one big
    operator (``\\mathop{\\sum}``), which TeX sets as that letter or operator with its scripts as limits: the same,
    read as written without the ``\\mathop``?"""
    inner = [c for c in children if not (isinstance(c, Token) and c.kind == "space")]
    if not (n.kind == "brace" and bool(before) and isinstance(before[-1], Token) and before[-1].is_cmd("\\mathop")):
        return False
    if len(inner) == 1 and isinstance(inner[0], Token) and inner[0].is_cmd("\\sum", "\\prod", "\\max", "\\min"):
        return True  # \mathop{\sum}\limits_{i=1}^n: the big operator itself
    return (len(inner) == 2 and isinstance(inner[0], Token) and inner[0].is_cmd("\\mathbb", "\\mathrm")
            and isinstance(inner[1], Group) and len(inner[1].children) == 1
            and isinstance(inner[1].children[0], Token) and inner[1].children[0].kind == "letter")


def over_fraction(children: list[Node]) -> list[Node]:
    """``{mk \\over n}`` as ``{\\frac{mk}{n}}``: TeX's infix ``\\over`` divides everything before it in its group by
    everything after it.  A group with two ``\\over`` (TeX's own error, ambiguous) is left as written."""
    at = [k for k, c in enumerate(children) if isinstance(c, Token) and c.is_cmd("\\over")]
    if len(at) != 1:
        return children
    k = at[0]
    over = children[k]
    assert isinstance(over, Token)
    top, bottom = children[:k], children[k + 1 :]
    frac = Token("cmd", "\\frac", over.span)
    return [frac, Group(top, seq_span(top, over.span), "brace"), Group(bottom, seq_span(bottom, over.span), "brace")]
