"""Reading an expression: DL notation becomes placeholders, the arithmetic between them typed tokens.

:class:`ExprReader` walks the tree of the structure pass (:mod:`symdl.read.structure`) left to right.
Names, calls and constructs (``\\odot``, ``^T`` on groups, ``[a; b]``, ``\\nabla``,
``\\frac{\\partial J}{\\partial\\theta}``, matrices, ``\\underbrace``) become :class:`Placeholder` s; the
arithmetic left (``+ - \\frac \\sqrt ^ \\sum``) is emitted as tokens of the grammar's terminals, each
with its source span, and parsed by :mod:`symdl.read.arith`.  Sub-expressions inside placeholders (call
arguments, matrix cells) are read the same way, recursively.
"""

from __future__ import annotations

import re
from typing import Any

import sympy
from sympy.core.parameters import evaluate

from symdl.budget import budget_error
from symdl.errors import (
    InvalidInput,
    Note,
    NotSupported,
    ResourceLimit,
    Span,
    SymdlError,
)
from symdl.functions import ACRONYMS, KNOWN_FUNCTIONS
from symdl.read import argvalue, arith, calls, constructs, delimiters, groups, labelunwrap, numbers, words
from symdl.read.atoms import read_atom
from symdl.read.bareexpect import bare_expectation
from symdl.read.bracketindex import layer_after, no_index_from_end, word_entry
from symdl.read.codemasks import boolean_mask, mask_at
from symdl.read.commands import ACCENTS, BOLD, CALLIGRAPHIC, GREEK, GREEK_CONSTANTS, NAME_WRAPPERS
from symdl.read.deltachange import DeltaUses
from symdl.read.dirac import delta_indicator_at
from symdl.read.emit import OPS, Emitter
from symdl.read.groupentry import group_entry, group_entry_at
from symdl.read.hints import UNKNOWN_HINTS, unknown_command
from symdl.read.identifiers import identifier_end, read_identifier, spaced_words_end
from symdl.read.lexer import Token
from symdl.read.macros import macro_word
from symdl.read.modulo import emit_modulo
from symdl.read.nodequeries import (
    _constant_inside,
    _is_tok,
    _next_nonspace,
    _over_an_index,
    after_folded_space,
    angle_pi,
    pi_argument,
    plain_pi,
    policy_pi,
)
from symdl.read.notes import note, quote
from symdl.read.optwords import objective_word
from symdl.read.probability import drawn_subscript, paren_expectation, statistic, subscripted_bracket
from symdl.read.slashderiv import slash_derivative
from symdl.read.superscripts import fold_square, square_key
from symdl.read.syntax import (
    AtomSpec,
    Group,
    Node,
    Parsed,
    Placeholder,
    is_group,
    mentions,
    plain_text,
    seq_span,
    strip_space,
)


def _primed_call(nodes: list[Node], j: int) -> int:
    """How many primes ``'`` follow at ``nodes[j]``, touching, right before a parenthesis (``sp'(x)``); else 0."""
    k = j
    while k < len(nodes) and isinstance(nodes[k], Token) and nodes[k].is_op("'"):
        k += 1
    return k - j if k > j and k < len(nodes) and is_group(nodes[k], "paren") else 0


SPACING = {
    "\\,", "\\;", "\\:", "\\!", "\\ ", "\\quad", "\\qquad", "\\displaystyle", "\\textstyle", "\\limits", "\\nolimits",
    "\\left", "\\right", "\\big", "\\Big", "\\bigg", "\\Bigg", "\\bigl", "\\bigr", "\\Bigl", "\\Bigr", "\\biggl",
    "\\biggr", "\\middle", "\\&", "\\boxed",  # a boxed result: its braces are a group
}
#: superscripts that mark an optimum (cs229's optimal policy \pi^*, V^*): part of a name
OPTIMUM_MARKS = ("*", "\\ast", "\\star")
TIMES = {"\\cdot", "\\times", "\\ast", "\\cdotp"}
HADAMARD = {"\\odot", "\\circ", "\\otimes", "\\oslash"}  # \otimes: GLU's element-wise product (noted); \oslash: ./
FUNCTION_CMDS = {*calls.FUNCTION_WORDS, "\\max", "\\min", "\\sqrt"}
#: a run of letters immediately before '(' with this many letters or more is a function name
WORD_FUNCTION_MIN = 3


class ExprReader:
    """Reads expressions of one formula, sharing one placeholder table.

    Args:
        source: the whole input (for error positions).
        max_depth: the ``depth`` budget, quoted when SymPy cannot build a nesting the structure pass allowed
            (the structure pass, :class:`symdl.read.structure.TreeBuilder`, enforces it; nothing here counts).
    """

    def __init__(self, source: str, *, max_depth: int = 100, max_chars: int = 2_000, words: bool = True) -> None:
        self.source = source
        #: read a run of four or more letters as one name (:mod:`symdl.read.words`); off in lenient mode
        self.read_words = words
        self.max_depth = max_depth
        self.max_chars = max_chars
        self.chars_left = max_chars
        self.placeholders: dict[int, Placeholder] = {}
        #: names defined as functions in this formula (``f(x) = ...``)
        self.function_names: set[str] = set()
        self.bracket_functions: set[str] = set()  # the NTM's K[u, v] = ...: applied to brackets (read.laterdefs)
        self.inverse_functions: set[str] = set()  # f^{-1}(y) = ...: inverses the formula defines (read.laterdefs)
        #: each name a derivative fraction differentiates → the names it is by (symdl.read.orders.differentiated)
        self.differentiated: dict[tuple[str, str, bool], set[tuple[str, str, bool]]] = {}
        #: names defined as values in this formula (``f = \\sigma(z)``): later ``f(1-f)`` is a product
        self.value_names: set[str] = set()
        self.method_calls: set[int] = set()  # where code's reduction methods start (symdl.read.codecalls)
        self.reduction_axes: dict[str, int] = {}  # code's axis=0 → where first reduced (symdl.read.keywords)
        self.by_use: set[str] = set()  # letters used only as functions (symdl.read.functionuse)
        self.paired_args: set[str] = set()  # arguments two Latin functions share (symdl.read.sharedargs)
        self.written_alone: set[str] = set()  # names written alone somewhere (not before a parenthesis)
        self.latin_call_args: set[str] = set()  # w_t(i), g_t(i): i (symdl.read.sharedargs)
        self.paren_only: set[str] = set()  # w of w(t - a): written only before a parenthesis (symdl.read.sharedargs)
        self.greek_call_args: set[str] = set()  # \sigma(x): x (symdl.read.sharedargs)
        self.delta_uses = DeltaUses()  # \delta u_k: a change (symdl.read.deltachange)
        #: letters written transposed somewhere in the formula (g^T g): vectors, so g(H + H^T) is a product
        self.transposed_names = {m.group(1) for m in _TRANSPOSED.finditer(self.source)}
        self.matrix_letters: set[str] = set()  # letters declared as vectors or matrices (symdl.read.matrixruns)
        self.step_letters: frozenset[str] = frozenset()  # Haykin's w_{ji}(n): n counts steps (symdl.read.steparg)
        self.greek_stats: set[str] = set()  # brackets both \mu[...] and \sigma[...] are written over (read.greekstats)
        #: where an explicit product sign (\\cdot, \\times, *) was written: x \\cdot y of vectors is a dot product
        self.dot_positions: list[int] = []
        #: (the node list, the index after) of an objective prefix set aside (\min_G \max_D V = ...): symdl.read.bigops
        self.objective_end: tuple[int, int] = (0, 0)
        #: names whose square a statement defines (``\\sigma_B^2 \\leftarrow ...``): their ``^2`` is part of the name
        self.square_names: set[tuple[object, ...]] = set()
        self.event_variables: dict[str, str] = {}  # p(Y = c): the variable of p's events (symdl.read.evententry)
        self.statistic_names: set[str] = set()  # E[x] \leftarrow ...: an updated statistic, a name
        #: name an expectation draws → the distribution written after its \\sim (symdl.read.probability)
        self.draws: dict[str, str] = {}
        #: reading notes: where a rule chose between two readings
        self.notes: list[Note] = []
        self._noted: set[tuple[str, str]] = set()

    # -- placeholders ------------------------------------------------------------
    def new(self, kind: str, span: Span, **data: Any) -> Placeholder:
        # a fresh id even after rules forget placeholders (members.member_runs): len() would reuse a live one
        ph = Placeholder(max(self.placeholders, default=-1) + 1, kind, span, data)
        self.placeholders[ph.id] = ph
        return ph

    def error(self, cls: type[SymdlError], msg: str, span: Span, hint: str = "") -> SymdlError:
        return cls(msg, source=self.source, span=span, hint=hint)

    # -- entry point -------------------------------------------------------------
    def read(self, nodes: list[Node], where: Span) -> Parsed:
        """Read ``nodes`` as one expression."""
        nodes = strip_space(nodes)
        span = seq_span(nodes, where)
        if not nodes:
            raise self.error(InvalidInput, "expected an expression here", where, "something is missing")
        nodes = groups.split_hadamard(self, nodes, span)
        nodes = labelunwrap.empty_value(self, nodes)  # classifier-free guidance's \epsilon_\theta(x_t, \emptyset)
        nodes = labelunwrap.in_place(self, nodes)  # Grad-CAM's \overbrace{\frac{1}{Z}\sum_i\sum_j}^{...}: in place
        nodes = labelunwrap.code_not(self, nodes)  # Gymnasium's (\text{not } terminated): 1 - terminated
        em = Emitter()
        self.emit(nodes, em)
        expr = self._parse(em, span)
        return Parsed(expr, span, em.text())

    def _parse(self, em: Emitter, span: Span) -> sympy.Basic:
        """Parse the emitted tokens with the grammar, note the readings its rules chose, build SymPy."""
        self.chars_left -= em.size()
        if self.chars_left < 0:
            raise budget_error("parse_chars", self.max_chars - self.chars_left, self.max_chars,
                               what="this formula", source=self.source, span=span)
        try:
            tree = arith.parse_tokens(em.tokens)
        except InvalidInput as exc:
            raise self.error(InvalidInput, f"cannot read this part of the formula: {exc.message}", exc.span or span,
                             exc.hint) from None
        found = arith.extend_sums(tree, self._index_name, self._mentions)
        found += arith.division_notes(tree)
        for rule, parts, values in found:
            self.notes.append(self._note(rule, parts, values))
        try:
            with evaluate(False):  # exact numbers are sized before they are computed (symdl.read.numbers)
                expr = numbers.evaluate(arith.build(tree))
        except ResourceLimit as err:
            if not err.source:
                err.source, err.span = self.source, span
            raise
        except RecursionError as exc:  # nesting SymPy cannot build: the 'depth' budget, named like every refusal
            raise budget_error("depth", "more than SymPy can build", self.max_depth, what="this expression's nesting",
                               source=self.source, span=span) from exc
        return expr

    def add_note(self, rule: str, span: Span, values: dict[str, str], *, once_for: str = "") -> None:
        """Note that ``rule`` chose a reading at ``span`` (once per rule and span: a name may be read twice; once per
        rule and ``once_for`` when given: ``beta`` written three times is one reading)."""
        key = (rule, once_for or f"{span.start}:{span.end}")
        if key in self._noted:
            return
        self._noted.add(key)
        self.notes.append(note(rule, span, {**values, "text": quote(self.source[span.start : span.end])}))

    def _note(self, rule: str, parts: dict[str, tuple[int, int]], values: dict[str, str]) -> Note:
        """A reading note of ``rule`` (:data:`symdl.read.notes.NOTE_RULES`), its parts quoted from the source."""
        texts = {k: quote(self.source[a:b]) for k, (a, b) in parts.items()}
        return note(rule, Span(*parts[""]), {**texts, **values})

    def _index_name(self, placeholder: str) -> str | None:
        ph = self.placeholders.get(int(placeholder[3:-1]))
        return ph.data.get("name") if ph is not None and ph.kind == "index" else None

    def _mentions(self, placeholder: str, name: str) -> bool:
        ph = self.placeholders.get(int(placeholder[3:-1]))
        return ph is not None and mentions(ph, name, self.placeholders)

    # -- emission -------------------------------------------------------------------
    def emit(self, nodes: list[Node], em: Emitter, *, bold: bool = False) -> None:
        if groups.has_top_hadamard(nodes):  # \frac{m \odot x}{1-p}: the part is read on its own
            span = seq_span(nodes, nodes[0].span)
            ph = self.new("group", span, inner=self.read(nodes, span))
            em.placeholder(ph.id, span)
            return
        i = 0
        while i < len(nodes):
            i = self.emit_one(nodes, i, em, bold)

    def emit_one(self, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
        """Emit the part starting at ``nodes[i]``; the index after it."""
        node = nodes[i]
        if isinstance(node, Group):
            if delimiters.positive_part_at(nodes, i):  # [x]_+: max(0, x)
                return delimiters.positive_part(self, nodes, i, em, bold)
            if group_entry_at(self, nodes, i):  # (W\mathbf{x})_j: entry j of the vector in the bracket
                return group_entry(self, nodes, i, em, bold)
            if mask_at(self, nodes, i):  # cs231n's dh * (h > 0): numpy's boolean mask, the indicator
                return boolean_mask(self, nodes, i, em)
            return constructs.GROUPS[node.kind](self, nodes, i, em, bold)
        kind, text = node.kind, node.text
        if text == "\\delta" and delta_indicator_at(nodes, i):  # center loss' \delta(y_i = j): 1 where it holds
            from symdl.read.environments import indicator

            where = seq_span(nodes[i : i + 2], node.span)
            self.add_note("delta-indicator", where, {}, once_for=self.source[where.start : where.end])
            return indicator(reader=self, nodes=nodes, i=i, span=node.span, em=em, after_op=i + 1)
        if kind == "letter" and text == "I" and i + 1 < len(nodes) and is_group(nodes[i + 1], "bracket") \
                and _condition_group(nodes, i + 1) and nodes[i + 1].span.start == node.span.end:
            from symdl.read.environments import indicator  # TF Ranking's I[y_i > y_j]: Iverson's bracket, named

            where = seq_span(nodes[i : i + 2], node.span)
            self.add_note("indicator-letter", where, {"text": self.source[where.start : where.end]})
            return indicator(reader=self, nodes=nodes, i=i, span=node.span, em=em, after_op=i + 1)
        if kind == "ph":
            em.placeholder(int(text), node.span)
            return constructs.emit_power(self, nodes, i + 1, em)
        if kind in ("space", "newline"):
            return i + 1
        if kind == "number":
            if text == "1" and i + 1 < len(nodes) and (is_group(nodes[i + 1], "set") or _condition_sub(nodes, i + 1)
                                                       or _condition_group(nodes, i + 1)):
                # cs229's 1\{y^{(i)} = 1\}; the straight-through estimator's 1_{|r| \leq 1}; scikit-learn's 1(y = x)
                from symdl.read.environments import indicator

                return indicator(reader=self, nodes=nodes, i=i, span=node.span, em=em, after_op=i + 1)
            if text in ("0", "1"):  # Adafactor's 1_n 1_m^T: the all-ones vector of length n (symdl.read.ones)
                from symdl.read.ones import ones_vector

                after = ones_vector(self, nodes, i, i + 1, int(text), em, noted=True)
                if after is not None:
                    return after
            em.number(text, node.span)
            return constructs.emit_power(self, nodes, i + 1, em)  # 10^{-8}
        if kind == "letter":
            return self._letters(nodes, i, em, bold)
        if kind == "op":
            return self._op(nodes, i, em, bold)
        return self._command(nodes, i, em, bold)

    def _op(self, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
        tok = nodes[i]
        assert isinstance(tok, Token)
        t = tok.text
        if t in OPS:
            em.add(OPS[t], t, tok.span)
            return i + 1
        if t == "*":
            em.add("CDOT", "\\cdot", tok.span)
            self.dot_positions.append(tok.span.start)
            return i + 1
        if t == "&":
            return i + 1
        if t == "|":
            return delimiters.abs_group(self, nodes, i, em)
        if t == "^":
            raise self.error(
                InvalidInput,
                "a superscript with nothing before it",
                tok.span,
                "write the base before ^, e.g. x^2",
            )
        if t == "_":
            raise self.error(
                InvalidInput,
                "a subscript with nothing to attach to",
                tok.span,
                "write the name before _, e.g. x_i",
            )
        if t in "<>":
            raise self.error(
                NotSupported,
                "inequalities are not formulas symdl can read",
                tok.span,
                "inequalities are read only as conditions inside \\begin{cases}",
            )
        if t == "'":
            raise self.error(InvalidInput, "a prime with nothing before it", tok.span)
        if t == "." and _attached(nodes, i):  # the PyTorch docs' x.\mathrm{mean}(), cs231n's H_1.\text{shape}
            raise self.error(NotSupported, "code's attribute or method after a '.' (x.mean(), H.shape)", tok.span,
                             "write the math it computes: \\bar{x} or \\frac{1}{n}\\sum_i x_i, or name the value")
        if t == ":" and _attached(nodes, i, slicing=True):  # Lample et al.'s EmbeddingBag \mathbf{W}[i,:]
            raise self.error(NotSupported, "code's slice ':' (W[i,:], a row of W)", tok.span,
                             "write the row as an indexed name: \\mathbf{w}_i, or W_{i,:}")
        if t == ":" and 0 < i < len(nodes) - 1 and all(isinstance(n, Token) and n.kind in ("letter", "number")
                                                       for n in (nodes[i - 1], nodes[i + 1])):
            raise self.error(NotSupported, "a ':' between two values: code's slice a:b (the PyTorch docs' GLU "
                             "x[..., 0:n], entries a to b-1) is not read", tok.span,  # the halves of GLU's input
                             "name the parts as vectors of their own: a = x_{1:n}, b = x_{n+1:2n}, then a \\odot "
                             "\\sigma(b)")
        raise self.error(
            InvalidInput,
            f"unexpected '{t}'",
            tok.span,
            "one statement per line; separate statements with \\\\ or a new line",
        )

    def _letters(self, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
        j = i
        while j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].kind == "letter":
            j += 1
        run = "".join(n.text for n in nodes[i:j])  # type: ignore[union-attr]
        nxt = _next_nonspace(nodes, j)
        if (after := objective_word(self, nodes, i, j)) is not None:  # minimize \sum_i ...: set aside (noted)
            return after
        if (operator := argvalue.word_operator(nodes, i, j)) is not None:  # plain text's argmax_k p(y = k | x)
            return self._command(operator, i, em, bold) + (j - i - 1)
        if run[:1] == "d" and (after := slash_derivative(self, nodes, i, em)) is not None:  # dL/dz, d/dx: derivatives
            return after
        if words.log_base(nodes, j, run):  # the PyTorch docs' log_e{(1 + exp(x))}: \\log_e, not a code name log_e
            return constructs.function_call(self, nodes, i, j, "log", em)
        if (end := identifier_end(nodes, i, j)) is not None:  # Trask's relu2deriv(layer_1), conv2d(x): one name
            return read_identifier(self, nodes, i, end, em, bold)
        if (end := spaced_words_end(nodes, i, j)) is not None:  # Output\ context = ...: one name of two words
            return words.as_one_name(self, nodes, i, end, em, bold)
        digits = _digits_of_name(nodes, j)
        if digits and (run + digits).lower() in KNOWN_FUNCTIONS:  # relu6(x): the name runs on through its digits
            return constructs.function_call(self, nodes, i, j + 1, (run + digits).lower(), em)
        if len(run) >= 2 and run.lower() in KNOWN_FUNCTIONS and run not in ACRONYMS and not words.code_value_name(
                nodes, i, j, nxt, self.source):  # RoPE's code q * cos + rotate_half(q) * sin: cos a name there
            return constructs.function_call(self, nodes, i, j, run.lower(), em)
        if len(run) > 1 and run in self.function_names and (primed := _primed_call(nodes, j)):
            spec = AtomSpec(base=run, base_latex=rf"\operatorname{{{run}}}", word=True, spelling=run + "'" * primed,
                            primes=primed)  # Goodfellow's sp(x) = \ln(1 + e^x), then sp'(x): its derivative
            return calls.call(self, nodes, i, j + primed, em, callee=spec)
        paren_next = nxt is not None and is_group(nodes[nxt], "paren")
        named = len(run) >= WORD_FUNCTION_MIN or run in self.function_names or (len(run) > 1 and run.isupper())
        if paren_next and named:
            return constructs.word_call(self, nodes, i, j, run, em)  # score(...), FL(p_t), KL(p, q)
        if nxt is not None and run[:1].islower() and nodes[nxt].span.start == nodes[j - 1].span.end:  # acts[-2]
            no_index_from_end(run, nodes[nxt], self.source)
        if nxt is not None and is_group(nodes[nxt], "bracket") and (len(run) > 1 or run == "E") and not word_entry(
                run, nodes, j, self.source) and layer_after(run, nodes, j, self.source) is None:  # hs[t], dZ[2]
            return constructs.bracket_call(self, nodes, i, j, run, em)  # Var[x]; E[x] is refused there
        if run[:1] == "E" and (after := bare_expectation(self, nodes, i, em)) is not None:  # Cover & Thomas's
            return after  # Ef(X) \\geq f(EX): the expectation, written without brackets (noted)
        if run == "E" and subscripted_bracket(nodes, j):  # E_x[f(x)]: the expectation, as \\mathbb{E}_x[f(x)]
            return statistic(self, nodes, i, j, "mean", em)
        if run == "E" and (after := paren_expectation(self, nodes, i, j, em)) is not None:  # -E_x(\\log D(x))
            return after
        if run == "E" and drawn_subscript(nodes, j):  # the GAN's E_{x \\sim Data} \\log D(x)
            return statistic(self, nodes, i, j, "mean", em)
        return words.read_letters(self, nodes, i, j, em, bold)

    def _command(self, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
        tok = nodes[i]
        assert isinstance(tok, Token)
        t = tok.text
        name = t[1:]
        if t in SPACING:
            return i + 1
        if t == "\\lim":  # the entropy rate's \lim_{n \to \infty} \frac{1}{n} H(w_1, \ldots, w_n)
            from symdl.read.limits import limit

            return limit(self, nodes, i, em)
        if (after_mod := emit_modulo(self, nodes, i, em)) is not None:  # i \bmod 2, i \text{ mod } 2: Mod(i, 2)
            return after_mod
        if t in TIMES:
            em.add("CDOT", "\\cdot", tok.span)
            self.dot_positions.append(tok.span.start)
            return i + 1
        if t == "\\div":  # PyTorch's C_{in} \div \text{upscale\_factor}^2: division, as /
            em.add("SLASH", "/", tok.span)
            return i + 1
        from symdl.read.bigops import arg_operator, big_operator  # bigops reads with this module
        from symdl.read.optwords import optimisation_word

        instruction = objective_word(self, nodes, i)
        if instruction is not None:  # \text{minimize} \sum_i ...: the instruction set aside (noted)
            return instruction
        word = optimisation_word(nodes, i)
        if word is not None:  # \mathop{\mathrm{minimize}}_f, \underset{w}{\text{minimize}}: the operator \min_f
            ops, after = word
            rest = [*nodes[:i], *ops, *nodes[after:]]
            return self._command(rest, i, em, bold) + (after - i - len(ops))

        arg = arg_operator(nodes, i)
        if arg is not None:  # \\arg\\max_k p_k: a reduction to the maximising index, as \\max_k p_k to the value
            op, after = arg
            return big_operator(self, [*nodes[:i], op, *nodes[after:]], i, em, bold) + (after - i - 1)
        nxt_tok = after_folded_space(nodes, i)  # a pasted π(a|s), π_θ(a|s): the fold's space aside
        # \\pi_\\theta(a|s), Sutton & Barto's improved policy \\pi'(s): policies, not 3.14
        angle = name == "pi" and is_group(nxt_tok, "paren") and angle_pi(self.source, nxt_tok)  # \cos(\pi(t - T))
        named = _is_tok(nxt_tok, "op", "_") or _is_tok(nxt_tok, "op", "'") or (
            is_group(nxt_tok, "paren") and not _constant_inside(self.source, name, nxt_tok) and not angle)
        if angle:  # \pi(1 - \pi) is 3.14 too (_constant_inside)
            self.add_note("product-of-pi", Span(tok.span.start, nxt_tok.span.end), {})  # type: ignore[union-attr]
        if name in GREEK_CONSTANTS and not named and pi_argument(self.source, tok.span.start, tok.span.end):
            named = True  # TRPO's D_{KL}(\pi, \tilde{\pi}): the policy, a name (noted)
            self.add_note("pi-name", tok.span, {}, once_for="pi")
        if name in GREEK_CONSTANTS and _is_tok(nxt_tok, "op", "^") and i + 2 < len(nodes):
            word = re.sub(r"\\(?:mathrm|text|textrm|operatorname|mathit)\s*\{([^{}]*)\}", r"\1",  # \pi^{\mathrm{RL}}
                          plain_text([nodes[i + 2]]).strip()).strip("{}()")  # \pi^{old}, \pi^{new}: PPO's policies
            named = named or (len(word) > 1 and word.isalpha()) or word in OPTIMUM_MARKS  # cs229's \pi^*(s)
        if name == "pi" and not named and policy_pi(self.source):
            named = True  # PPO's \exp(\log\pi - \log\pi_{old}): the current policy beside the old one (noted)
            self.add_note("pi-policy", tok.span, {}, once_for="pi")
        if (name in GREEK_CONSTANTS and not named) or t == "\\infty":
            written = self.source[tok.span.start : tok.span.end]  # code's math.pi, np.pi: the constant by name
            if t != "\\infty" and written in ("\\pi", "π") and not plain_pi(self.source):  # RetinaNet's prior: a guess
                self.add_note("pi-constant", tok.span, {}, once_for="pi")
            em.add("INFTY" if t == "\\infty" else "PI", t, tok.span)
            return constructs.emit_power(self, nodes, i + 1, em)  # \pi^2
        handler = constructs.COMMANDS.get(t) or (constructs.hat if t in constructs.EXPECTATION_ACCENTS else None)
        if name in BOLD and i + 1 < len(nodes) and is_group(nodes[i + 1], "brace") \
                and plain_text(nodes[i + 1].children).strip() == "E" and subscripted_bracket(nodes, i + 2):  # type: ignore[union-attr]
            return statistic(self, nodes, i, i + 2, "mean", em)  # Gretton et al.'s MMD: \mathbf{E}_x[f(x)]
        if handler is None and (
            name in GREEK or name in ACCENTS or name in BOLD or name in CALLIGRAPHIC or name in NAME_WRAPPERS
        ):
            return constructs.atom_or_word(self, nodes, i, em, bold)
        if handler is not None:
            return handler(self, nodes, i, em, bold)
        if t in ("\\max", "\\min", "\\sup", "\\inf") and _over_an_index(nodes, i + 1):  # \max_i x_i, as \sum_i
            return big_operator(self, nodes, i, em, bold)
        if t in FUNCTION_CMDS:
            return constructs.function_call(self, nodes, i, i + 1, name, em)
        if name.lower() in KNOWN_FUNCTIONS and name.isalpha():  # the MXNet docs' macros \softmax(z), \sigmoid[...]
            self.add_note("macro-function", tok.span, {"command": t, "name": name.lower()})
            return constructs.function_call(self, nodes, i, i + 1, name.lower(), em)
        if t not in UNKNOWN_HINTS and macro_word(name, nodes, i):  # oneDNN's \dst(n, c, h, w): the word dst
            self.add_note("macro-name", tok.span, {"command": t, "word": name}, once_for=t)
            return constructs.word_call(self, nodes, i, i + 1, name, em)
        cls, message, hint = unknown_command(t)
        raise self.error(cls, message, tok.span, hint)

    def _square_beside_greek(self, spec: AtomSpec, exponent: list[Node], nodes: list[Node], j: int) -> bool:
        """A lower-case Greek name squared right before the parenthesis another Greek function of the formula is
        applied to (the oneDNN guide's ``\\sigma^2(c)`` beside ``\\mu(c)``, ``\\gamma(c)``): the variance function,
        one name, never the square of the sigmoid (before: refused as a function named with a power)."""
        k = _next_nonspace(nodes, j)
        if not (spec.greek and spec.base[:1].islower() and not spec.bold and not spec.decorations
                and plain_text(exponent).strip("{} ") == "2" and k is not None and is_group(nodes[k], "paren")):
            return False
        arg = r"\s*".join(map(re.escape, plain_text(nodes[k].children).split()))  # type: ignore[union-attr]
        sub = r"_\{?\s*\w+\s*\}?\s*" if spec.sub is not None else ""  # Bishop's mixture density network:
        return any(m.group(1) in GREEK and m.group(1) != spec.base for m in re.finditer(  # \sigma_k^2(x) beside
            rf"\\([a-z]+)\}}?\s*{sub}(?:\\left)?\(\s*{arg}\s*(?:\\right)?\)", self.source))  # \pi_k(x)

    # -- helpers used by constructs ------------------------------------------------------
    def atom(self, nodes: list[Node], i: int, *, bold: bool = False) -> tuple[Placeholder, int, list[Node] | None]:
        spec, j, exponent = read_atom(nodes, i, self.source, bold=bold)
        beside = exponent is not None and self._square_beside_greek(spec, exponent, nodes, j)
        if beside and square_key(spec) not in self.square_names:
            self.square_names.add(square_key(spec))  # oneDNN's \sigma^2(c) beside \mu(c): the variance function
            spec.readings += ("square-function",)
        if exponent is not None and self.square_names and plain_text(exponent).strip("{} ") == "2":
            exponent = fold_square(spec, self.square_names, exponent)
            if "square-function" in spec.readings:
                spec.readings = tuple(r for r in spec.readings if r != "square-name")
        span = Span(nodes[i].span.start, nodes[j - 1].span.end if exponent is None else nodes[i].span.end)
        ph = self.new("atom", Span(span.start, max(span.end, span.start + len(spec.spelling) or 1)), atom=spec)
        for rule in spec.readings:  # a rule of read.atoms chose between two readings of this name: noted once per name
            letters = "".join(x for x, _ in spec.sub.terms) if spec.sub is not None and spec.sub.terms else (
                spec.sub.text if spec.sub is not None else "")  # h_t and h_{t-1}: one name; L_y and L_d: two
            named = spec.base + ("_" + letters if rule == "superscript-power" else "")
            if (rule, named) in self._noted:  # \mathcal{L}_y^i and \mathcal{L}_d^i: two names, each noted
                continue
            self._noted.add((rule, named))
            name = spec.base_latex + (f"_{{{spec.sub.text}}}" if spec.sub is not None else "")
            layer = spec.layer or spec.sample or ""
            head, _, tail = spec.spelling.rpartition("^")
            letter = layer if layer in GREEK else layer[:1]  # Hertz et al.'s \zeta_i^\mu: the index mu, whole
            self.notes.append(note(rule, ph.span, {"atom": quote(spec.spelling), "name": name, "layer": layer,
                                                    "layer_letter": letter, "power": f"({head})^{tail}",
                                                    "sample": spec.sample or "", "family": spec.base_latex,
                                                    "sub": spec.sub.text if spec.sub is not None else "",
                                                    "exp": plain_text(exponent or []).strip("{} ")}))
        return ph, j, exponent


_TRANSPOSED = re.compile(r"(?<![A-Za-z\\])([A-Za-z])\s*\^\s*\{?\s*(?:T|\\top|\\intercal)(?![A-Za-z])")


def _attached(nodes: list[Node], i: int, *, slicing: bool = False) -> bool:
    """Is the token at ``i`` code's '.' between a value and a name written against both (``x.mean``), or, with
    ``slicing``, code's ':' alone between commas or a bracket's ends (``W[i,:]``)?"""
    tok = nodes[i]
    prev = nodes[i - 1] if i > 0 else None
    nxt = nodes[i + 1] if i + 1 < len(nodes) else None
    if slicing:
        return all(n is None or (isinstance(n, Token) and n.is_op(",")) for n in (prev, nxt))
    return (prev is not None and nxt is not None and isinstance(nxt, Token) and nxt.kind in ("letter", "cmd")
            and prev.span.end == tok.span.start and nxt.span.start == tok.span.end)


def _digits_of_name(nodes: list[Node], j: int) -> str:
    """The digits written right after a run of letters that ends at ``j``, before a parenthesis (``relu6(x)``,
    MobileNet's ReLU6), else ''."""
    if j >= len(nodes) or not isinstance(nodes[j], Token) or nodes[j].kind != "number":
        return ""
    num, after = nodes[j], _next_nonspace(nodes, j + 1)
    touching = nodes[j - 1].span.end == num.span.start
    return num.text if touching and num.text.isdigit() and after is not None and is_group(nodes[after], "paren") else ""


def _condition_sub(nodes: list[Node], j: int) -> bool:
    """Is ``nodes[j]`` a subscript holding a comparison (Courbariaux et al.'s ``g_r = g_q 1_{|r| \\leq 1}``): the
    digit 1 before it is the indicator of that comparison, as ``\\mathbb{1}_{|r| \\leq 1}`` is?"""
    from symdl.read.environments import comparisons

    if not (isinstance(nodes[j], Token) and nodes[j].is_op("_") and j + 1 < len(nodes)):
        return False
    arg = nodes[j + 1]
    return isinstance(arg, Group) and arg.kind == "brace" and bool(comparisons(arg.children))


def _condition_group(nodes: list[Node], j: int) -> bool:
    """Is ``nodes[j]`` a parenthesis or bracket holding one comparison and nothing more (the scikit-learn docs'
    accuracy ``\\sum_i 1(\\hat{y}_i = y_i)``): the digit 1 before it is the indicator, never 1 times a truth?"""
    from symdl.read.environments import comparisons

    n = nodes[j]
    return isinstance(n, Group) and n.kind in ("paren", "bracket") and len(comparisons(n.children)) == 1
