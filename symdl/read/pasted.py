r"""Notation pasted from outside TeX: Markdown's escapes and MATLAB's and Julia's element-wise operators.

Markdown escapes TeX's ``_`` and ``*`` (they start emphasis there), so a formula copied out of a README or a blog's
source reads ``\theta\_{t} = \theta\_{t-1} - m\_{t}`` and ``x^\*``: ``\_`` before a braced group, or right after a
command, a group or a one-letter name and before one letter (``\theta\_t``, ``{g}\_{t}``, ``e\_t``), is the subscript
``_`` (noted ``markdown-escape``); ``\_`` between words (``t\_list``, ``clip\_norm``) stays the underscore of a code
name, and ``\_`` inside ``\text{...}`` is left as it is.  ``\*`` is ``*`` everywhere: Markdown's escaped star, and
TeX's own discretionary times.  TeX's braces around one letter before a script (``\alpha{g}_{t}``) are dropped.

MATLAB and Julia write element-wise (broadcast) operators with a leading dot (the Flux.jl docs' label smoothing
``y .* (1 - α) .+ α / size(y, dims)``): ``.*`` is the Hadamard product ``\odot`` (its operands arrays, a number
beside an array multiplying every entry); ``./``, ``.^``, ``.+``, ``.-`` are ``/``, ``^``, ``+``, ``-``,
which symdl reads entry by entry on arrays already, and Julia's dot call ``σ.(x)`` is the call ``σ(x)`` (noted
``elementwise-dot``).

An arrow with a label over it, ``w \\xleftarrow{\\text{def}} w - \\eta g``, is the update arrow ``\\leftarrow``; its
label (def, update) is set aside (noted ``arrow-label``).

Code pasted from a module writes its settings as attributes, ``self.eps``: ``self.`` before a name is dropped (noted
``code-self``); so is the holder of a training script's settings or a sampled batch's arrays (:data:`HOLDERS`:
CleanRL's ``args.gamma``, ``data.rewards``; noted ``code-holder``).
"""

from __future__ import annotations

from symdl.errors import Span
from symdl.functions import KNOWN_FUNCTIONS
from symdl.read.commands import GREEK
from symdl.read.lexer import Token
from symdl.read.nodefields import node_field
from symdl.read.setargs import REDUCTION_NAMERS
from symdl.read.textpasses import track_boxes

#: the operators MATLAB and Julia broadcast with a leading dot, as symdl writes them
_DOTTED = {"*": "\\odot", "/": "/", "^": "^", "+": "+", "-": "-", "(": "("}

#: one noted rewrite: the rule, where, and the values of its note
Pasted = tuple[str, Span, dict[str, str]]


def blank_span(source: str, start: int, end: int) -> str:
    """``source`` with ``source[start:end]`` replaced by spaces: a text pass sets a piece aside and every span stays."""
    return source[:start] + " " * (end - start) + source[end:]


def pasted_tokens(tokens: list[Token]) -> tuple[list[Token], list[Pasted]]:
    """``tokens`` with Markdown's escaped ``\\_`` and ``\\*`` and the dotted element-wise operators as the TeX
    operators they stand for, and the notes to make of them."""
    out: list[Token] = []
    notes: list[Pasted] = []
    boxed: list[bool] = []  # per open brace: is it a text box's argument?
    k, held = 0, -1  # held: where the last holder's attribute starts (self.config.lr, self.kl_ctl.value)
    while k < len(tokens):
        t = tokens[k]
        track_boxes(boxed, out, t)  # ``\_`` in a text box is the underscore of a word
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        if _lone_letter_group(tokens, k):  # \alpha{g}\_{t}: TeX's {g} is g, subscripted as it is
            out.append(Token("letter", tokens[k + 1].text, Span(t.span.start, tokens[k + 2].span.end)))
            k += 3
            continue
        if (t.kind == "lbrace" and nxt is not None and nxt.kind == "rbrace" and out and out[-1].kind == "cmd"
                and out[-1].text[1:] in KNOWN_FUNCTIONS):  # Papamakarios's \log{} \left|\det ...\right|: TeX's
            k += 2  # empty group after a function's command sets nothing; its argument follows it
            continue
        if (field := node_field(tokens, k, chained=k == held)) is not None:  # micrograd's out.grad, out.data
            out += field[0]
            notes.append(field[2])
            k = field[1]
            continue
        if (holder := _holder_attribute(tokens, k, chained=k == held)) is not None:  # the PyTorch module's
            rule, size = ("code-self", 5) if holder == "self" else ("code-holder", len(holder) + 1)  # self.eps: eps
            size += 1 if _private(tokens, k + size) else 0  # VQ-VAE's self._commitment_cost: the setting
            notes.append((rule, Span(t.span.start, tokens[k + size].span.start),
                          {"plain": holder + ".", "what": HOLDERS[holder]}))
            k += size
            held = k
            continue
        if _private(tokens, k) and _after_operator(tokens, k):
            notes.append(("code-private", Span(t.span.start, tokens[k + 1].span.start), {"plain": "_"}))  # EWC's
            k += 1  # Python's private name, _loss = ...: the name loss
            continue
        if (eaten := _eaten_tab(out, tokens, k)) is not None:  # a scrape's "( heta)": \theta lost its "\t"
            name, end = eaten
            span = Span(t.span.start, tokens[end - 1].span.end)
            out.append(Token("cmd", name, span))
            notes.append(("lost-tab", span, {"plain": name}))
            k = end
            continue
        if (doubled := _doubled_command(out, tokens, k)) is not None:  # a JSON string's n_t = \\\\tanh(...)
            name, end = doubled
            span = Span(t.span.start, tokens[end - 1].span.end)
            out.append(Token("cmd", "\\" + name, span))
            notes.append(("doubled-backslash", span, {"plain": "\\" + name}))
            k = end
            continue
        if _prose_is(out, tokens, k):  # a forum post's z_j^l is \sum_k w_{jk}^l a_k^{l-1} + b_j^l: the = of it
            span = Span(t.span.start, tokens[k + 1].span.end)
            out.append(Token("op", "=", span))
            notes.append(("prose-is", span, {"plain": "="}))
            k += 2
            continue
        if (end := _wrapped_sum(tokens, k)) is not None:  # \operatorname{sum}(|x_i - y_i|): the sum over i
            out.append(Token("cmd", "\\sum", Span(t.span.start, tokens[end - 1].span.end)))
            k = end
            continue
        if _sum_word(out, tokens, k):  # a chat answer's 1/n * sum(|y_i - yhat_i|): the sum over i, as \sum
            start = t.span.start
            if out and out[-1].is_op("."):  # np.sum(x_i): the library's sum, the prefix dropped with it
                start = out.pop().span.start
                while out and out[-1].kind == "letter" and out[-1].span.end == start:
                    start = out.pop().span.start
            out.append(Token("cmd", "\\sum", Span(start, tokens[k + 2].span.end)))
            k += 3
            continue
        if (end := _labelled_arrow(tokens, k)) is not None:  # w \xleftarrow{\text{def}} ...: the arrow
            span = Span(t.span.start, tokens[end - 1].span.end)
            out.append(Token("cmd", "\\leftarrow", span))
            notes.append(("arrow-label", span, {"plain": "\\leftarrow", "label": _label_text(tokens[k + 1 : end])}))
            k = end
            continue
        if t.is_cmd("\\*"):
            out.append(Token("op", "*", t.span))
            notes.append(("markdown-escape", t.span, {"plain": "*"}))
        elif t.is_cmd("\\_") and not any(boxed) and _escaped_subscript(out, tokens, k):
            out.append(Token("op", "_", t.span))
            notes.append(("markdown-escape", t.span, {"plain": "_"}))
        elif _dotted(out, t, nxt):
            assert nxt is not None
            span = Span(t.span.start, nxt.span.end)
            out.append(Token("cmd" if nxt.text == "*" else "op", _DOTTED[nxt.text], span))
            notes.append(("elementwise-dot", span, {"plain": _DOTTED[nxt.text]}))
            k += 1
        else:
            out.append(t)
        k += 1
    return out, notes


def _labelled_arrow(tokens: list[Token], k: int) -> int | None:
    """The end of ``\\xleftarrow[below]{above}`` at ``tokens[k]`` (an update or definition arrow with its label,
    ``\\xleftarrow{\\text{def}}``), or None."""
    if not tokens[k].is_cmd("\\xleftarrow"):
        return None
    j = k + 1
    if j < len(tokens) and tokens[j].is_op("["):
        while j < len(tokens) and not tokens[j].is_op("]"):
            j += 1
        j += 1
    if j >= len(tokens) or tokens[j].kind != "lbrace":
        return None
    depth = 0
    for m in range(j, len(tokens)):
        depth += {"lbrace": 1, "rbrace": -1}.get(tokens[m].kind, 0)
        if depth == 0:
            return m + 1
    return None


def _label_text(tokens: list[Token]) -> str:
    """The words of an arrow's label, without the commands and braces that set it (``\\text{def}``: def)."""
    words = "".join(t.text for t in tokens if t.kind not in ("lbrace", "rbrace", "cmd") and not t.is_op("[", "]"))
    return words.strip() or "(empty)"


def _escaped_subscript(before: list[Token], tokens: list[Token], k: int) -> bool:
    """Is the ``\\_`` at ``tokens[k]`` Markdown's escaped subscript, written against what it subscripts: before a
    braced group (``m\\_{t}``), or before one letter or digit after a command, a group, a closing parenthesis or a
    one-letter name (``\\theta\\_t``, ``\\sigma(x)\\_i``, ``e\\_t``; ``t\\_list`` and ``lr\\_t`` stay code names)?"""
    t = tokens[k]
    nxt = tokens[k + 1] if k + 1 < len(tokens) else None
    if nxt is None or not before or before[-1].span.end != t.span.start or nxt.span.start != t.span.end:
        return False
    if nxt.kind == "lbrace":
        return True
    one = nxt.kind in ("letter", "number") or (nxt.kind == "cmd" and nxt.text[1:] in GREEK)  # \nabla\_\theta
    after = tokens[k + 2] if k + 2 < len(tokens) else None
    if one and after is not None and after.span.start == nxt.span.end and after.kind in ("letter", "number"):
        one = nxt.kind == "cmd"  # e\_ti: a word after the underscore, a code name
    last = before[-1]
    single = last.kind == "letter" and not (
        len(before) > 1 and before[-2].span.end == last.span.start and before[-2].kind in ("letter", "number")
    )
    closed = last.is_op(")", "]")  # a call's parenthesis, subscripted: Markdown's \\sigma(x)\\_i, softmax's entry i
    return one and (last.kind in ("cmd", "rbrace") or single or closed) and not last.is_cmd("\\_")


def _dotted(before: list[Token], t: Token, nxt: Token | None) -> bool:
    """Is ``t`` the dot of a dotted element-wise operator (``.*``, ``./``, ``.^``, ``.+``, ``.-``) written right after
    an operand and right before its operator, or of Julia's dot call ``σ.(x)`` right after a function's name?"""
    if not (t.is_op(".") and nxt is not None and nxt.kind == "op" and nxt.text in _DOTTED):
        return False
    if nxt.text == "(":
        last = next((b for b in reversed(before) if b.kind != "space"), None)
        return nxt.span.start == t.span.end and last is not None and last.kind in ("letter", "cmd", "rbrace")
    if nxt.span.start != t.span.end or not before:
        return False
    last = before[-1] if before[-1].kind != "space" else (before[-2] if len(before) > 1 else None)
    return last is not None and (last.kind in ("letter", "number", "rbrace", "cmd") or last.is_op(")", "]", "'"))


def _lone_letter_group(tokens: list[Token], k: int) -> bool:
    """Is ``tokens[k]`` the brace of a group holding one letter (``{g}``), right before a sub- or superscript, that is
    no command's argument?  TeX sets ``\\alpha{g}_{t}`` as ``\\alpha g_{t}``: the braces change nothing."""
    if not (
        tokens[k].kind == "lbrace"
        and k + 3 < len(tokens)
        and tokens[k + 1].kind == "letter"
        and tokens[k + 2].kind == "rbrace"
    ):
        return False
    after = tokens[k + 3]
    if not (after.is_op("_", "^") or after.is_cmd("\\_")):
        return False
    before = tokens[k - 1] if k > 0 else None  # after a letter, {T} may be a stripped command's argument (mathbf{T})
    if before is not None and before.is_op("^", "_"):
        return False  # x^{i}_{min}: the group is the script's argument, as written
    return before is None or before.kind in ("space", "op") or (before.kind == "cmd" and before.text[1:] in GREEK)


#: the names of objects that hold a script's settings or a batch's arrays → what an attribute of one is.  Code
#: pasted from a module, a training script or a replay buffer writes its values as their attributes
HOLDERS: dict[str, str] = {
    "self": "a module's attribute (the PyTorch docs' self.eps, self.margin), the parameter or setting of that name",
    "args": "a script's command-line argument (CleanRL's args.gamma, args.clip_coef), the setting of that name",
    "config": "a configuration's field (config.lr), the setting of that name",
    "cfg": "a configuration's field (cfg.beta), the setting of that name",
    "hparams": "a hyperparameter's field (hparams.lr), the setting of that name",
    "data": "a sampled batch's field (CleanRL's DQN data.rewards, data.dones), the array of that name",
    "batch": "a sampled batch's field (batch.rewards), the array of that name",
}


def _after_operator(tokens: list[Token], k: int) -> bool:
    """Does ``tokens[k]`` start a statement or follow an operator, spaces aside (code's ``_loss = ...``,
    ``(_a + b)``), not a name or a command (a paste's spaced subscript ``\\sum _k``, ``\\alpha_ {ts}``)?"""
    if k > 0 and tokens[k - 1].kind not in ("space", "newline"):
        return tokens[k - 1].is_op("(", "[", "=", ",")  # h*_t, w^*_i: a star mark written against its subscript
    j = k - 1
    while j >= 0 and tokens[j].kind in ("space", "newline"):
        j -= 1
    return j < 0 or tokens[j].is_op("(", "[", "=", "+", "-", "*", "/", ",")


def _private(tokens: list[Token], k: int) -> bool:
    """Is ``tokens[k]`` Python's private underscore before a letter, written together (``self._commitment_cost``)?"""
    return (tokens[k].is_op("_") and k + 1 < len(tokens) and tokens[k + 1].kind == "letter"
            and tokens[k].span.end == tokens[k + 1].span.start)


def _holder_attribute(tokens: list[Token], k: int, *, chained: bool = False) -> str | None:
    """The holder (:data:`HOLDERS`) whose attribute ``tokens[k:]`` start, written together (``self.eps``,
    ``args.gamma``): the holder a word of its own, a letter after the '.'; None otherwise."""
    for holder in HOLDERS:
        n = len(holder)
        if k + n + 1 >= len(tokens) or "".join(t.text for t in tokens[k : k + n + 1]) != holder + ".":
            continue
        if not (all(t.kind == "letter" for t in tokens[k : k + n]) and tokens[k + n].is_op(".")):
            continue
        name = tokens[k + n + 1]  # a letter, or the lexer's \text{clip\_coef} of a code word
        if (any(tokens[j].span.end != tokens[j + 1].span.start for j in range(k, k + n + 1))
                or not (name.kind == "letter" or name.is_cmd("\\text") or _private(tokens, k + n + 1))):
            continue
        before = tokens[k - 1] if k > 0 and not chained else None  # (chained: self.config.lr)
        if before is None or not (before.kind in ("letter", "number") or before.is_op("_", ".")):
            return holder
    return None


#: commands a doubled backslash is seen before in escaped strings (a Python or JSON string's "\\\\tanh")
_DOUBLED = GREEK | {"tanh", "sin", "cos", "exp", "log", "ln", "frac", "sqrt", "sum", "prod", "max", "min", "mathbf",
                    "mathrm", "text", "hat", "bar", "tilde", "operatorname", "left", "right", "cdot", "odot", "nabla",
                    "partial", "mathbb", "mathcal", "boldsymbol", "top", "infty"}


def _doubled_command(before: list[Token], tokens: list[Token], k: int) -> tuple[str, int] | None:
    """``n_t = \\\\tanh(...)``: a line break ``\\\\`` run into a command's name (no space between), where nothing ends
    a statement before it (a relation, an operator, an opening, or the start): the command, its backslash doubled
    by an escaped string.  ``(name, the index after it)``, or None."""
    t = tokens[k]
    if not (t.is_cmd("\\\\") and k + 1 < len(tokens) and tokens[k + 1].span.start == t.span.end):
        return None
    end = _letters_end(tokens, k + 1)
    name = "".join(x.text for x in tokens[k + 1 : end])
    last = next((x for x in reversed(before) if x.kind != "space"), None)
    opened = last is None or (last.kind in ("op", "lbrace") and last.text not in (")", "]", "'"))
    return (name, end) if name in _DOUBLED and opened else None


#: what is left of a command whose "\\t" became a tab (a Python or JSON string, a scraped page): the letters after
#: the t, and the command (only names no formula writes as a word)
_EATEN_T = {"heta": "\\theta", "anh": "\\tanh", "imes": "\\times", "ilde": "\\tilde", "extbf": "\\textbf"}


def _eaten_tab(before: list[Token], tokens: list[Token], k: int) -> tuple[str, int] | None:
    """``L^{CPI}( heta)``: a run of letters that is a t-command without its ``\\t``, right after a space or an
    opening (where the tab was): ``(the command, the index after the run)``, or None."""
    if tokens[k].kind != "letter" or (k and tokens[k - 1].span.end == tokens[k].span.start
                                      and tokens[k - 1].kind == "letter"):
        return None
    end = _letters_end(tokens, k)
    word = "".join(x.text for x in tokens[k:end])
    last = before[-1] if before else None
    after_gap = last is None or last.kind == "space" or (last.kind == "op" and last.text == "(")
    return (_EATEN_T[word], end) if word in _EATEN_T and after_gap else None


def _letters_end(tokens: list[Token], k: int) -> int:
    """The end of the run of letters written together from ``tokens[k]`` (``k`` itself when there is none)."""
    end = k
    while end < len(tokens) and tokens[end].kind == "letter" and (
            end == k or tokens[end].span.start == tokens[end - 1].span.end):
        end += 1
    return end


#: the libraries whose sum(...) is Python's: np.sum(x_i) over i as sum(x_i) is
_LIBRARIES = ("np", "numpy", "torch", "th", "jnp", "math")


def _sum_word(before: list[Token], tokens: list[Token], k: int) -> bool:
    """Do ``tokens[k:]`` start the word ``sum`` (a word of its own) applied to a parenthesis whose names are
    subscripted by an index (plain text's ``sum(|y_i - yhat_i|)``, Python's sum over the entries)?  It is the sum
    ``\\sum`` over that index (``sum-implied-index`` notes the index), not the total of a number, which is the
    number itself."""
    if k + 3 >= len(tokens) or "".join(t.text for t in tokens[k : k + 3]) != "sum":
        return False
    if not all(t.kind == "letter" for t in tokens[k : k + 3]) or not tokens[k + 3].is_op("("):
        return False
    if any(tokens[j].span.end != tokens[j + 1].span.start for j in range(k, k + 3)):
        return False
    last = before[-1] if before else None
    prefix = "".join(t.text for t in before[-6:-1] if t.kind == "letter") if last is not None and last.is_op(".") \
        else ""
    if last is not None and last.span.end == tokens[k].span.start and not prefix.endswith(_LIBRARIES) and (
            last.kind in ("letter", "number", "cmd") or last.is_op("_", ".", "^")):
        return False  # \text{sum}, x_sum, x.sum(): another reading's (np.sum(x_i) is this one)
    return _indexed_parenthesis(tokens, k + 3)


def _wrapped_sum(tokens: list[Token], k: int) -> int | None:
    """``\\operatorname{sum}(|x_i - y_i|)``, ``\\text{sum}(...)``: the word sum in a name wrapper before a
    parenthesis of indexed names, read as :func:`_sum_word`'s: the index after the wrapper's closing brace, or None."""
    if not (tokens[k].kind == "cmd" and tokens[k].text in REDUCTION_NAMERS and k + 6 < len(tokens)
            and tokens[k + 1].kind == "lbrace" and "".join(t.text for t in tokens[k + 2 : k + 5]) == "sum"
            and all(t.kind == "letter" for t in tokens[k + 2 : k + 5]) and tokens[k + 5].kind == "rbrace"):
        return None
    j = k + 6
    while j < len(tokens) and tokens[j].kind == "space":
        j += 1
    return k + 6 if j < len(tokens) and tokens[j].is_op("(") and _indexed_parenthesis(tokens, j) else None


def _indexed_parenthesis(tokens: list[Token], k: int) -> bool:
    """Does the parenthesis opening at ``tokens[k]`` hold one argument whose names carry a one-letter subscript
    (``|y_i - yhat_i|``; not Keras's ``y_true * log(...), axis=-1``, a code name's word and keywords)?"""
    depth, indexed = 0, False
    for j in range(k, len(tokens)):
        t = tokens[j]
        depth += t.is_op("(") - t.is_op(")")
        if depth == 0:
            return indexed
        if depth == 1 and t.is_op(","):
            return False  # Keras's sum(y_true * log(...), axis=-1): arguments, read by the keyword rules
        if t.is_op("_") and j + 1 < len(tokens) and (tokens[j + 1].kind == "letter" or (
                tokens[j + 1].kind == "lbrace" and j + 2 < len(tokens) and tokens[j + 2].kind == "letter")):
            after = tokens[j + 2] if j + 2 < len(tokens) else None
            word = tokens[j + 1].kind == "letter" and after is not None and after.kind == "letter" and \
                after.span.start == tokens[j + 1].span.end  # y_true: a code name's word, no index
            indexed = indexed or not word
    return False


#: what ends a statement in a paste: a line break, TeX's row break, a semicolon
_STATEMENT_ENDS = ("\\\\", ";")
#: relations a statement may already have: then "is" is not its =
_RELATIONS = {"=", "<", ">", ":"}
_RELATION_CMDS = {"\\leftarrow", "\\gets", "\\approx", "\\equiv", "\\le", "\\leq", "\\ge", "\\geq",
                  "\\propto", "\\coloneqq", "\\triangleq", "\\doteq", "\\text", "\\mathrm", "\\textrm",
                  "\\operatorname"}


def _prose_is(before: list[Token], tokens: list[Token], k: int) -> bool:
    """Is ``tokens[k:k+2]`` the word ``is`` standing alone (spaces on both sides) between a left side and a right side
    of a statement with no relation of its own (a forum post's ``z_j^l is \\sum_j ...``)?  Then it is the
    statement's ``=`` (noted ``prose-is``); a where-clause's ``W is a matrix`` has a relation before it."""
    if k + 2 >= len(tokens) or not (tokens[k].text == "i" and tokens[k + 1].text == "s"):
        return False
    if not (tokens[k].kind == tokens[k + 1].kind == "letter" and tokens[k].span.end == tokens[k + 1].span.start):
        return False
    if not (before and before[-1].kind == "space" and tokens[k + 2].kind == "space"):
        return False
    start = len(before)
    while start > 0 and not (before[start - 1].kind == "newline" or before[start - 1].text in _STATEMENT_ENDS):
        start -= 1
    end = k + 2
    while end < len(tokens) and not (tokens[end].kind == "newline" or tokens[end].text in _STATEMENT_ENDS):
        end += 1
    line = [*before[start:], *tokens[k + 2 : end]]
    if all(t.kind == "space" for t in before[start:]) or k + 3 >= end:
        return False  # nothing before it, or nothing after it
    return not any((t.kind == "op" and t.text in _RELATIONS) or (t.kind == "cmd" and t.text in _RELATION_CMDS)
                   for t in line)
