"""Reading one name with everything attached: ``\\bar{\\mathbf{h}}_{s'}^{[2](i)T}``.

The tables of which commands are Greek letters, accents, font styles and name wrappers are in
:mod:`symdl.read.commands`; :func:`read_atom` consumes a base and its sub/superscripts and returns
an :class:`AtomSpec` plus any real exponent (``dW^2``) left for arithmetic.
"""

from __future__ import annotations

import re
from dataclasses import replace

from symdl.config import LABEL
from symdl.errors import InvalidInput, NotSupported, Span
from symdl.read.atombase import read_base
from symdl.read.atomscripts import corrected, digits_tail, identifier_tail, other_powers, two_letter_step, word_after
from symdl.read.bracketindex import (
    bracket_index,
    bracket_layer,
    label_entry,
    letter_lookup,
    no_chained_index,
    no_second_index,
)
from symdl.read.calledsuper import refuse_called_super
from symdl.read.commands import ACCENTS, BOLD, CALLIGRAPHIC, GREEK, NAME_WRAPPERS
from symdl.read.extents import _skip_space
from symdl.read.greeksamples import greek_samples
from symdl.read.labelindex import label_name, split_label
from symdl.read.labelsupers import apply_label, super_label
from symdl.read.lexer import Token
from symdl.read.linearsub import label_positions, linear_positions, written_positions
from symdl.read.prefixes import context_prefix, prefix_name
from symdl.read.sharedsteps import (
    coordinate_at_steps,
    index_super,
    labelled_rate,
    offset_on_array,
    shared_step,
    shared_steps,
    summed_sample,
)
from symdl.read.subguards import no_modulo_index
from symdl.read.superscripts import (
    DECAY_GREEK,
    RATE_GREEK,
    apply_super,
    beside_hadamard,
    bracket_sample,
    classify_super,
    counter_power,
    defined_letters,
    differentiated_supers,
    digit_layer,
    is_labelled,
    layer_letters,
    letter_power,
    numbered_bases,
    optimum_only,
    power_of_member,
    staged_bases,
    step_letters,
    stepped_bases,
    t_is_value,
    target_at,
)
from symdl.read.syntax import (
    AtomSpec,
    Group,
    Node,
    SubscriptSpec,
    is_group,
    plain_text,
    runs_over,
    unwrap,
)

_INDEX_TERMS = re.compile(r"^(?:[A-Za-z]'*(?:[+-]\d+)?,?)+$")
_TERM = re.compile(r"([A-Za-z]'*)([+-]\d+)?")
#: a letter with a sample index as a whole subscript: k-means' centroid \mu_{c^{(i)}} of example i's cluster
_SAMPLE_LABEL = re.compile(r"^([A-Za-z])\^\{?\(([A-Za-z])\)\}?$")
#: an indexed letter inside a longer subscript (``s_{i,y_i}``); a letter labelled by a word (Ng's ``n_{H_{prev}}``)
#: is no index: the subscript is a label
_NESTED = re.compile(r"[A-Za-z]_\{?[A-Za-z](?![A-Za-z])\}?")
#: two Greek letters each with a number under it in one subscript: Roberts & Yaida's samples K_{\alpha_1\alpha_2}
_GREEK_PAIR = re.compile(r"\\[a-z]+_\{?\d+\}?\s*[,;]?\s*\\[a-z]+_\{?\d+\}?")


#: a subscript of one index letter in square brackets: Goldberg's entry notation \mathbf{y}_{[i]}
_BRACKET_ENTRY = re.compile(r"\[[a-z](?:[+-]\d+)?(?:,[a-z](?:[+-]\d+)?)?\]")
#: one Latin letter beside one Greek letter, no comma: Graves's LSTM weights w_{i\phi}, w_{\phi c}
_LETTER_GREEK = re.compile(r"([A-Za-z])(\\[a-z]+)|(\\[a-z]+)([A-Za-z])")


#: a word in a name wrapper: the \text{pos} of PE_{(\text{pos},2i)}
_WRAPPED_WORD = re.compile(r"\\(?:text|mathrm|operatorname|textrm|mathit)\{([A-Za-z]+)\}")


#: a function applied inside a subscript: a permutation's x_{\\pi(i)}, x_{\\sigma(t)}, GraphSAGE's h_{N(v)}
_CALL_IN_SUBSCRIPT = re.compile(r"(?:\\[A-Za-z]+|(?<![A-Za-z\\])[A-Za-z])\s*\(")


def parse_subscript(text: str) -> SubscriptSpec:
    """Classify a subscript's text: index terms when it has that shape, else a label."""
    t = text.replace(" ", "")
    if re.fullmatch(r"\[[a-z](?:[+-]\d+)?\]", t):  # Goldberg's \hat{\mathbf{y}}_{[i]}: entry i of the vector
        return parse_subscript(t[1:-1])
    pair = _LETTER_GREEK.fullmatch(t)
    if pair and (pair.group(2) or pair.group(3))[1:] in GREEK:  # Graves's w_{i\phi}: index i, the gate's label φ
        return parse_subscript(f"{pair.group(1)},{pair.group(2)}" if pair.group(2) else
                               f"{pair.group(3)},{pair.group(4)}")
    if t.startswith("(") and t.endswith(")") and _INDEX_TERMS.match(t[1:-1]) and (re.search(r"[+-]\d", t)
                                                                             or t == "(t)"):
        t = t[1:-1]  # the PyTorch docs' h_{(t-1)}, Géron's \mathbf{h}_{(t)}: a parenthesised step is the step
    if t and _INDEX_TERMS.match(t) and not t.isdigit():
        terms = tuple((m.group(1), int(m.group(2) or 0)) for m in _TERM.finditer(t.replace(",", "")))
        # A multi-letter word with no offsets ('max', 'in') is still returned as terms:
        # the binder decides whether the letters are indices or a label.
        return SubscriptSpec(t, terms)
    entry = LABEL.match(t) or _SAMPLE_LABEL.match(t)  # an indexed letter: s_{y_i} is entry y_i of s, \mu_{c^{(i)}}
    if entry:
        return SubscriptSpec(t, None, (entry.group(1), entry.group(2)))
    positions = label_positions(t)  # the PyTorch docs' x_{n,y_n}: index n, then the label y_n
    if positions is not None:
        return SubscriptSpec(t, None, positions=positions)
    linear = linear_positions(t)  # t+k, i+m,j+n, i,2j+1: positions computed from indices
    if linear is None and t.startswith("(") and t.endswith(")") and "," in t:  # Vaswani et al.'s PE_{(pos,2i)}
        linear = linear_positions(_WRAPPED_WORD.sub(r"\1", t[1:-1]), words=True)  # the positions listed
    return SubscriptSpec(t, None, nested=bool(_NESTED.search(t) or _GREEK_PAIR.search(t)) and linear is None,
                         linear=linear)


def read_subscript(nodes: list[Node]) -> SubscriptSpec:
    """A subscript; a wrapped word is a label: ``_{\\mathrm{in}}`` reads as the label ``in``, never indices i, n."""
    out: list[Node] = []
    for k, n in enumerate(nodes):
        wrapper = isinstance(n, Token) and n.kind == "cmd" and n.text[1:] in NAME_WRAPPERS | {"mathop"}
        if not (wrapper and k + 1 < len(nodes) and is_group(nodes[k + 1], "brace")):
            out.append(n)
    if len(out) == len(nodes):
        spec = parse_subscript(plain_text(nodes))
    else:
        text = plain_text(out).replace("{", "").replace("}", "").replace("\\_", "_").replace(" ", "")
        spec = SubscriptSpec(text, None)
    if spec.terms is None and spec.entry is None and spec.positions is None and spec.linear is None:
        linear = written_positions(nodes)  # pooling's x_{i\cdot s+a,\ j\cdot s+b}, x_{\text{stride}\cdot i+k}
        return replace(spec, linear=linear, nested=False) if linear is not None else spec
    return spec


def _code_power(source: str) -> bool:
    """Is ``source`` written as code (a snake_case name, a library call): its spaced ``^ (p)`` raises to the power p."""
    from symdl.read.words import code_formula  # words reads atoms

    return bool(code_formula(source)) and "\\" not in source


def _arg(nodes: list[Node], i: int, source: str, what: str) -> tuple[list[Node], int, Span]:
    """The argument after a command or script at ``nodes[i]``: a group or one token (on the next line too: TeX reads
    a line break as a space, CLIP's ``\\frac{...}`` with its denominator under it)."""
    j = i
    while j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].kind in ("space", "newline"):
        j += 1
    if j >= len(nodes):
        prev = nodes[i - 1].span if i > 0 else Span(len(source), len(source))
        raise InvalidInput(
            f"{what} has no argument",
            source=source,
            span=prev,
            hint="add the argument in braces, e.g. x_{t-1}",
        )
    node = nodes[j]
    if what == "superscript" and is_group(node, "paren") and (
            (j > i and _code_power(source)) or node.open is None):  # symdl.read.wordpower's decay ^ step, made a
        # parenthesis (a power, never a label)
        return [node], j + 1, node.span  # the TensorFlow docs' (1 - step / decay_steps) ^ (power): code's power
    if isinstance(node, Group) and node.kind != "brace":
        opening = node.open.span if node.open is not None else node.span
        raise InvalidInput(f"{what} takes one character or a group in braces, not a bracket", source=source,
                           span=opening, hint="put the argument in braces, e.g. x^{(i)}")
    if isinstance(node, Token) and node.kind in ("rbrace", "op") and node.text not in ("(", "'", "-", "+", "*"):
        raise InvalidInput(f"{what} has no argument", source=source, span=node.span, hint="add it in braces")
    wrappers = BOLD | ACCENTS.keys() | NAME_WRAPPERS | CALLIGRAPHIC  # x_\mathcal{B}: the command takes its argument
    if isinstance(node, Token) and node.kind == "cmd" and node.text[1:] in wrappers:
        inner, k, sp = _arg(nodes, j + 1, source, node.text)
        return [node, Group(inner, sp)], k, Span(node.span.start, sp.end)
    return unwrap(node), j + 1, node.span


#: a parenthesised index letter as a subscript: the i-th in an order (order statistics, k-NN's i-th nearest neighbour)
_ORDER_INDEX = re.compile(r"\(([a-z])\)")


def read_atom(nodes: list[Node], i: int, source: str, *, bold: bool = False) -> tuple[AtomSpec, int, list[Node] | None]:
    """Read the name starting at ``nodes[i]`` and its scripts, in either order (``s_k^2`` is ``s^2_k``).

    Returns:
        the atom, the index after it, and the nodes of a power exponent (or None).
    """
    spec, j = read_base(nodes, i, source, bold=bold)
    j = _glued(spec, nodes, i, j, source)
    pieces = [(nodes[i].span.start, nodes[j - 1].span.end)]
    exponent: list[Node] | None = None
    power: tuple[int, int, Span] | None = None  # where the power is written: its piece and its argument's span
    while (k := _next_script(nodes, j)) is not None:
        node = nodes[k]
        assert isinstance(node, Token)
        if node.is_op("_"):
            if spec.sub is not None:
                raise InvalidInput(
                    "double subscript",
                    source=source,
                    span=node.span,
                    hint="put both parts in one subscript: x_{ij}",
                )
            j = _subscript(spec, nodes, k, source)
            pieces.append((node.span.start, nodes[j - 1].span.end))
            if exponent is not None:
                break  # s^2_{k}: the subscript written after the power
            continue
        if exponent is not None:
            break  # x^2' or x^2^3: left to the arithmetic
        if node.is_op("'"):
            spec.primes, j = spec.primes + 1, k + 1
            pieces.append((node.span.start, node.span.end if node.span.end > node.span.start else -1))
            continue
        arg, j, sp = _arg(nodes, k + 1, source, "superscript")
        rate = spec.base if spec.greek and not spec.bold else False  # a bold β is a vector: β^T its transpose
        if rate and _stepped_greek(spec, source):  # Graves' \epsilon_s^t beside \epsilon_s^{t+1}: the error at step t
            rate = False
        if rate in DECAY_GREEK and not spec.decorations and corrected(source, nodes[i].span.start, plain_text(arg)):
            spec.readings += ("superscript-decay-power",)  # 1 - \beta_1^{(t)}: Adam's bias correction, the power t
            exponent, power = arg, (node.span.start, nodes[j - 1].span.end, sp)
            continue
        if len(arg) == 1 and is_group(arg[0], "paren") and arg[0].open is None:  # type: ignore[union-attr]
            exponent, power = arg, (node.span.start, nodes[j - 1].span.end, sp)  # code's decay ^ step, made a
            continue  # parenthesis by symdl.read.wordpower: a power, never a label
        if (member := power_of_member(arg, sp)) is not None:  # \sigma^{2(i)}: (\sigma^{(i)})^2
            apply_super(spec, member[0], arg, sp, source)
            pieces.append((node.span.start, nodes[j - 1].span.end))
            exponent = member[1]
            continue
        info = _super_rule(spec, arg, sp, nodes, i, j, source, rate)
        if info is None:
            refuse_called_super(spec, arg, source, Span(node.span.start, nodes[j - 1].span.end))
            two_letter_step(spec, arg, source, Span(node.span.start, nodes[j - 1].span.end))
            if (spec.greek and spec.sub is None and not spec.decorations  # prox's \lambda^k beside x^{k+1}
                    and plain_text(arg).strip("{} ") in step_letters(source)  # (not Adam's 1 - \beta^t: a power)
                    and not re.search(rf"1\s*-\s*\\{spec.base}\s*\^", source)):
                spec.readings += ("greek-power-step",)
            if spec.greek and plain_text(arg).strip("{} ") == "T" and not other_powers(spec.base, source):
                # ESL's \alpha_m^T X beside T_k: a guess, noted; not beside \gamma^{t-1}: a rate's powers
                spec.readings += ("greek-power-t",)
            exponent, power = arg, (node.span.start, nodes[j - 1].span.end, sp)
            continue
        apply_super(spec, info, arg, sp, source)
        pieces.append((node.span.start, nodes[j - 1].span.end))
        if info.get("inverse"):
            exponent = inverse_exponent(sp)
    j, exponent = _after_scripts(spec, nodes, i, j, source, pieces, exponent, power)
    return spec, j, exponent


def _glued(spec: AtomSpec, nodes: list[Node], i: int, j: int, source: str) -> int:
    """What is glued to the base before its scripts (code's ``x1``, ``w1_grad``; ``W[x]``, ``dZ[2]``, ``x[i]``); where
    the scripts may start."""
    if (spec.greek and j + 1 < len(nodes) and isinstance(nodes[j], Token) and nodes[j].kind == "space"  # type: ignore[union-attr]
            and nodes[j].span == nodes[j - 1].span):  # the lexer's space after a Unicode β: β1 is \beta1, β_1
        j += 1 if isinstance(nodes[j + 1], Token) and nodes[j + 1].kind == "number" else 0
    digits = nodes[j] if j < len(nodes) else None
    if (isinstance(digits, Token) and digits.kind == "number" and digits.text.isdigit() and len(digits.text) < 4
            and (nodes[i].kind == "letter" or spec.greek or (spec.word and source[nodes[i].span.start] != "\\"))  # type: ignore[union-attr]
            and digits.span.start == nodes[j - 1].span.end):  # type: ignore[union-attr]
        spec.sub, j = read_subscript([digits]), j + 1  # x1, W2, h0, beta1, lr0 as code and the PyTorch docs write them
        spec.readings += ("name-digits",)
        if (end := digits_tail(nodes, j)) > j:  # code's w1_grad, l2_norm: one identifier (a double subscript)
            spec.sub, j = SubscriptSpec(digits.text + plain_text(nodes[j:end]), None), end
    if letter_lookup(spec, nodes, j):  # \text{Embedding}(x) = W[x]: a product, or code's row lookup (noted)
        spec.readings += ("bracket-lookup",)
    if spec.sub is None and spec.layer is None and (layer := bracket_layer(spec, nodes, j, source)) is not None:
        spec.layer, j = layer, j + 1  # Ng's plain-text dZ[2] = A[2] - Y: layer 2, as dZ^{[2]}
        spec.readings += ("bracket-layer",)
    if spec.sub is None and (sub := bracket_index(spec, nodes, j, source)) is not None:
        spec.sub, j = sub, j + 1  # the PyTorch docs' x[class], y[i]: an entry, as x_{class}, y_i
        spec.readings += () if "code-fancy-index" in spec.readings else ("bracket-index",)
        no_chained_index(nodes, i, j, source)  # ps[t][targets[t]]: refused
    if {"dot", "ddot"} & set(spec.decorations):  # \dot{x}(t) = -\nabla f(x(t)): a name, not dx/dt (noted)
        spec.readings += ("dot-name",)
    return j


#: a subscript that is an index letter and a comparison (EDM's \sigma_{i<N}): the member, and for which indices
_CONDITION = re.compile(r"([a-z])(?:<|>|\\le|\\leq|\\ge|\\geq|\\lt|\\gt|\\neq|\\ne)(?![a-z])[A-Za-z0-9+\-\\]+")


#: a subscript that is a time of a schedule, t indexed (consistency models' \mathbf{x}_{t_{n+1}}, ODE solvers' y_{t_i})
_AT_TIME = re.compile(r"t_\{?([a-z](?:[+-]\d+)?)\}?")
#: a schedule of times: t_{n+1} beside t_n (not a class label t_n, the NLL's w_{t_n}, x_{n, t_n})
_SCHEDULE = re.compile(r"t_\{\s*[a-z]\s*[+-]\s*1\s*\}")


def _subscript(spec: AtomSpec, nodes: list[Node], k: int, source: str) -> int:
    """Read the subscript whose ``_`` is ``nodes[k]`` into ``spec``; where it ends."""
    arg, j, sub_span = _arg(nodes, k + 1, source, "subscript")
    labelled = split_label(arg)  # W_{\text{enc},i}: member i of the family W_{enc} (noted)
    word = "".join(plain_text(arg).split()).strip("{}")
    if labelled is None and re.fullmatch(r"[a-z]{2}", word) and re.search(rf"_\{{\s*{word}\s*,", source):
        spec.sub = SubscriptSpec(word, None)  # SupCon's \mathcal{L}^{sup}_{in} beside \mathcal{L}^{sup}_{in,i}: the
        return j  # label in, as \mathcal{L}_{out} beside \mathcal{L}_{out,i}
    spec.sub = read_subscript(arg) if labelled is None else parse_subscript(labelled[1])
    if labelled is None and spec.base != "t" and (at := _AT_TIME.fullmatch(word)) and _SCHEDULE.search(source):
        spec.base, spec.base_latex = f"{spec.base}_t", f"{spec.base_latex}_{{t}}"  # the time t_{n+1}, member n+1
        spec.sub, spec.readings = parse_subscript(at.group(1)), (*spec.readings, "time-subscript")  # of x_t
    if labelled is None and (cond := _CONDITION.fullmatch(word)):  # Karras et al.'s \sigma_{i<N}: member i, for i < N
        spec.sub, spec.readings = parse_subscript(cond.group(1)), (*spec.readings, "subscript-condition")
    if spec.bold and _BRACKET_ENTRY.fullmatch("".join(plain_text(arg).split()).strip("{}")):
        spec.bold, spec.readings = False, (*spec.readings, "bracket-subscript")  # Goldberg's \mathbf{y}_{[i]}
        spec.sub = parse_subscript("".join(plain_text(arg).split()).strip("{}")[1:-1])  # \mathbf{W}_{[i,j]}: i, j
    if labelled is not None:
        label_name(spec, labelled[0])
    elif (prefix := context_prefix(plain_text(arg).strip().removeprefix("{").removesuffix("}"),
                                   source)) is not None:
        spec.sub = prefix_name(spec, *prefix)  # a language model's x_{<t}: the context before t (noted)
    if (order := _ORDER_INDEX.fullmatch(spec.sub.text.replace(" ", ""))) and runs_over(
            source, order.group(1), "sum|prod"):  # k-NN's \sum_i w_i y_{(i)}: the i-th in an order, index i
        spec.sub = parse_subscript(order.group(1))
        spec.readings += ("subscript-order-index",)
    if _CALL_IN_SUBSCRIPT.search(spec.sub.text):  # XLNet's x_{\pi(t)}: a permuted index, one name (noted)
        spec.readings += ("subscript-call",)
    if (end := word_after(nodes, k, j)) > j:  # code's x_ahead, learning_rate: the word is the label
        spec.sub, j = parse_subscript("".join(n.text for n in nodes[k + 1 : end])), end  # type: ignore[union-attr]
        spec.readings += ("word-subscript",)
    if (end := identifier_tail(nodes, k, j, source)) > j:  # code's x_i_normalized, d_loss__dw_out
        spec.sub, j = SubscriptSpec(plain_text(nodes[k + 1 : end]).replace("{", "").replace("}", ""), None), end
        spec.readings += ("word-subscript",)
    no_modulo_index(spec.base, source[sub_span.start : sub_span.end], source, sub_span)  # K_{i,j \% t+1}
    if ":" in spec.sub.text.split(",") or _dot_slice(spec.sub.text):  # Goodfellow's W_{:,j}, H_{i,:};
        # Larochelle's \mathbf{W}_{j \cdot}, \mathbf{W}_{\cdot k}: a whole row or column
        raise NotSupported(
            f"a slice {spec.base}_{{{spec.sub.text}}}: a whole row or column of a matrix",
            source=source,
            span=sub_span,
            hint="name the row or column as a vector of its own (\\mathbf{w}_j for column j of W), or write "
            "its entries in a sum (\\sum_i v_i W_{i,j})",
        )
    return j


#: a bold letter, Latin or Greek, as a superscript: a label (the step size of the weights \alpha^{\mathbf{w}})
_BOLD_LETTER = re.compile(r"\\(?:mathbf|boldsymbol|bm)\s*\{?\s*(\\?[A-Za-z]+)\s*\}?")


def _super_rule(spec: AtomSpec, arg: list[Node], sp: Span, nodes: list[Node], i: int, j: int, source: str,
                rate: str | bool) -> dict | None:
    """The rule that reads the superscript ``arg`` of ``spec`` as an index or a label, or None: a power."""
    if (plain_text(arg).strip("{} ") in ("H", "\\dagger") and spec.base[:1].isupper() and not spec.greek
            and (spec.bold or plain_text(arg).strip("{} ") != "H") and not (spec.sample or spec.layer or spec.word)):
        return {"transpose": True, "reading": "conjugate-transpose"}  # the Matrix Cookbook's \mathbf{A}^H: real here
    bold = _BOLD_LETTER.fullmatch("".join(plain_text(arg).split()).strip("{}"))
    if bold and not (spec.sample or spec.layer or spec.word):  # a vector is no exponent: Sutton & Barto's step size
        return {"word": bold.group(1), "reading": "superscript-bold-label"}  # \alpha^{\mathbf{w}}, x^{\boldsymbol\phi}
    info = shared_step(plain_text(arg).strip("{} "), shared_steps(source), rate, RATE_GREEK) if not (
        spec.sample or spec.layer) else None  # Ba et al.'s \mathbf{h}^t beside \mathbf{a}^t: a step
    steps = step_letters(source) | layer_letters(source) | (frozenset() if spec.bold else frozenset(
        x for x in defined_letters(source) if not coordinate_at_steps(source, x))) | greek_samples(source)
    # (Rprop's \eta^i_t: a coordinate; Hertz, Krogh & Palmer's x_i^{(\mu)} beside \sum_\mu: pattern μ)
    info = info or classify_super(arg, rate, on_name=True, steps=steps,
                          capital=spec.base[:1].isupper() and not spec.greek and not spec.word,
                          targets=target_at(source, nodes[i].span.start), base=spec.base,
                          t_value=t_is_value(source) and not _member_before_array(spec, nodes, j))
    if info is not None and set(info) <= {"layer", "reading"} and bracket_sample(arg, source):
        info = {"sample": info["layer"], "reading": "superscript-bracket-sample"}  # Raschka's \hat{y}^{[i]} in \sum_i
    if info is not None and info.get("reading") == "superscript-step" and optimum_only(source, str(info["sample"])):
        info = {**info, "reading": "superscript-optimum-step"}  # Goh's w^k - w^\star: an iterate beside the optimum
    if info is None and not (spec.sample or spec.layer) and rate not in RATE_GREEK and re.sub(
            r"[+-]\d+$", "", "".join(plain_text(arg).strip("{} ").split())) in {
            x for _, x in differentiated_supers(source)}:  # Hagan's \partial w_{i,j}^m, a^{m-1}: layers m, m-1
        info = {"layer": "".join(plain_text(arg).strip("{} ").split()), "reading": "superscript-differentiated"}
    if info is None and not (spec.sample or spec.layer or spec.greek or spec.cal) and spec.base[:1].isupper() and (
            re.fullmatch(
            r"[a-z]", plain_text(arg).strip("{} ")) and re.search(
            r"\\[dt]?frac\s*\{\s*\\partial\s*$", source[: nodes[i].span.start])):  # Bishop's \partial E^q/...:
        info = {"word": plain_text(arg).strip("{} "), "reading": "superscript-word"}  # pattern q's error, a label
    if info is None and _called_word_label(spec, plain_text(arg).strip("{} "), source, nodes[j - 1].span.end):
        # N-BEATS' LINEAR^b_\ell(h), Spinning Up's A^{\pi_{\theta_k}}(s,a): a label, the word called
        info = {"word": re.sub(r"[\\{} ]", "", plain_text(arg).strip("{} ")), "reading": "superscript-word"}
    if info is None and not (spec.sample or spec.layer or spec.word):  # Nielsen's a^2_1 beside a^1_1: layer 2
        subscripted = spec.sub is not None or source[sp.end :].lstrip().startswith("_")  # a^2_1, not x^2
        info = digit_layer(plain_text(arg).strip("{} "), spec.base, bool(spec.greek), source, subscripted, steps)
    if info is None and not (spec.sample or spec.layer or spec.word):  # Glorot's W^i beside n_i: layer i
        labelled = labelled_rate(spec.sub.text if spec.sub else None, source, nodes[j - 1].span.end)
        info = index_super(plain_text(arg).strip("{} "), source, False if labelled else rate, RATE_GREEK,
                           spec.base, named=_named_e(spec, source, sp))  # SGDR's \eta^i_{\min}: run i's bound
    if info is None and not (spec.sample or spec.layer or spec.word):  # \sum_i (y^i - \hat{y}^i): sample i
        info = summed_sample(plain_text(arg).strip("{} "), source, rate, spec.base)
    if info is None and not (spec.sample or spec.layer or spec.word):  # \mathbf{h}^{n-1}: layer n-1
        info = offset_on_array(plain_text(arg).strip("{} "), source, spec.bold)
    if info is None and spec.bold and not (spec.sample or spec.layer or spec.word) and plain_text(arg).strip(
            "{} ").isdigit() and spec.base in staged_bases(source):  # J&M's \mathbf{t}^3_i = \mathbf{t}^2_i + ...
        info = {"word": plain_text(arg).strip("{} "), "reading": "superscript-stage"}
    if info is None and (spec.bold or spec.base in ("f", "g")) and not (spec.sample or spec.layer or spec.word) and \
            plain_text(arg).strip("{} ").isdigit() and plain_text(arg).strip("{} ") != "1" and spec.base in \
            numbered_bases(source):
        info = {"word": plain_text(arg).strip("{} "), "reading": "superscript-numbered"}  # Goldberg's \mathbf{W}^{2}
    if info is None and plain_text(arg).strip("{} ") == "0" and (spec.bold or spec.sub is not None) and not (
            spec.sample or spec.layer or spec.word):  # not a polynomial's plain a_0 x^0 + a_1 x^1 + \dots
        info = {"word": "0", "reading": "superscript-zero"}  # ViT's \mathbf{z}_L^0: position 0, never x^0 = 1
    if info is None and plain_text(arg).strip("{} ") == "1" and not (spec.sample or spec.layer or spec.word) and (
            spec.bold or spec.decorations or spec.sub is not None or _TO_CALL.match(source, nodes[j - 1].span.end)):
        info = {"word": "1", "reading": "superscript-one"}  # Hagan et al.'s \dot{f}^1(n), Graves' y_b^1: step 1's
    if info is None and not (spec.sample or spec.layer or spec.word) and re.fullmatch(
            r"(\|?)[A-Z]\1(?:[+-]\d+)?", text := "".join(plain_text(arg).split()).strip("{}")) and (
            kind := dict(stepped_bases(source, steps)).get(spec.base)):  # Hyena's y = z^{N+1} beside z^{n+1}
        info = {kind: text, "reading": "superscript-count-member"}
    if info is None and not (spec.sample or spec.layer or spec.word) and re.fullmatch(
            r"(\|?)[A-Z]\1(?:[+-]\d+)?", text := "".join(plain_text(arg).split()).strip("{}")) and re.search(
            re.escape(spec.base_latex) + r"\s*\^\s*\{\s*\(", source):  # DeepFM's W^{|H|+1} beside W^{(l)}: a layer
        info = {"layer": text, "reading": "superscript-count-member"}
    if info is None and not (spec.sample or spec.layer or spec.word) and re.fullmatch(r"[A-Za-z]", letter := plain_text(
            arg).strip("{} ")) and beside_hadamard(source, nodes[i].span.start, nodes[j - 1].span.end):
        info = {"word": letter, "reading": "superscript-hadamard-label"}  # NoisyNet's \mathbf{b}^\mu \odot \epsilon^b
    if info is None and not (spec.sample or spec.layer) and any(isinstance(n, Token) and n.is_op(",") for n in arg):
        info = {"word": "".join(plain_text(arg).strip("{} ").split()), "reading": "superscript-list"}  # Johnson et
    return info  # al.'s perceptual loss \ell^{\phi, j}_{feat}: network \phi's layer j, labels (a power has no comma)


def _stepped_greek(spec: AtomSpec, source: str) -> bool:
    """Is ``spec`` a Greek letter with a one-letter Latin subscript (a unit's label, not a rate's digit: Adam's
    \\beta_1^t stays a power) that the formula also writes with the same subscript and a superscript letter plus one
    (Graves' LSTM errors \\epsilon_s^t beside \\epsilon_s^{t+1}): a quantity at successive steps, no decaying rate?"""
    if spec.sub is None or not re.fullmatch(r"[a-z]", spec.sub.text.strip()):
        return False
    name = re.escape(spec.base_latex) + r"\s*_\s*\{?\s*" + re.escape(spec.sub.text.strip()) + r"\s*\}?"
    return re.search(name + r"\s*\^\s*\{\s*[a-z]\s*\+\s*1\s*\}", source) is not None


def _after_scripts(spec: AtomSpec, nodes: list[Node], i: int, j: int, source: str,
                   pieces: list[tuple[int, int]], exponent: list[Node] | None,
                   power: tuple[int, int, Span] | None) -> tuple[int, list[Node] | None]:
    """After the scripts: a bracket entry, the spelling, a power that labels the name (``x_i^a``, ``Q^\\pi``)."""
    if spec.sub is not None and exponent is None and (
            entry := label_entry(spec, nodes, j, source[nodes[i].span.start :])) is not None:
        (spec.sub, j), spec.readings = entry, (*spec.readings, "bracket-index")  # \text{kernel\_size}[0]
        label, _, index = spec.sub.text.partition("[")
        if re.fullmatch(r"[a-z]", index.rstrip("]")):  # \prod_d \text{kernel\_size}[d]: entry d of kernel_size
            latex = spec.base_latex  # \text{spatial} → \text{spatial\_size}: the identifier, one box
            spec.base = f"{spec.base}_{label}"
            spec.base_latex = latex[:-1] + rf"\_{label}}}" if latex.endswith("}") else rf"{latex}\_{label}"
            spec.sub = parse_subscript(index.rstrip("]"))
        pieces.append((pieces[-1][1], nodes[j - 1].span.end))
    if spec.sub is not None and exponent is None:
        no_second_index(spec, nodes, i, j, source)
    spec.spelling = _spelling(source, pieces)
    if exponent is not None and power is not None and letter_power(spec, exponent) and is_labelled(spec, source):
        start, end, sp = power  # x_i^a beside x_i^p: the letter labels the name, as a word superscript does
        apply_super(spec, {"word": plain_text(exponent).strip("{} "), "reading": "superscript-labels"}, exponent, sp,
                    source)
        spec.spelling, exponent = _spelling(source, sorted([*pieces, (start, end)])), None
    if exponent is not None and power is not None and (rule := super_label(spec, exponent, nodes, j, source)):
        apply_label(spec, exponent, rule)  # Q^\pi(s, a), GAE's \delta_t^V beside V(s_t): labels, not powers
        spec.spelling, exponent = _spelling(source, sorted([*pieces, power[:2]])), None
    if exponent is not None and letter_power(spec, exponent):  # after the loop: a subscript may follow the power
        spec.readings += ("superscript-power",)
    if exponent is not None and counter_power(spec, exponent):  # \gamma^{epoch}: the rate to the count of steps
        spec.readings += ("counter-power",)
    return j, exponent


def inverse_exponent(span: Span) -> list[Node]:
    """The ``-1`` of a ``^{-T}`` (its transpose is notation, its inverse a power), at the superscript's span."""
    return [Token("op", "-", span), Token("number", "1", span)]


def _next_script(nodes: list[Node], j: int) -> int | None:
    """Index of the script (``_``, ``^``, ``'``) at ``nodes[j]``, after spaces (TeX ignores them: x _t is x_t)."""
    while j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].kind == "space":  # type: ignore[union-attr]
        j += 1
    node = nodes[j] if j < len(nodes) else None
    return j if isinstance(node, Token) and node.is_op("_", "^", "'") else None


def _spelling(source: str, pieces: list[tuple[int, int]]) -> str:
    """The atom as written, without its power: the source pieces of its base and scripts."""
    text = "".join(source[a:b] if b >= 0 else "'" for a, b in pieces).strip()  # a prime the reader wrote in (x')
    text = re.sub(r"(\\[A-Za-z]+)\s+(?=[A-Za-z])", r"\1 ", text)  # keep '\hat y'
    return re.sub(r"\s+(?![A-Za-z])|(?<![A-Za-z])\s+|(?<=[^\\A-Za-z][A-Za-z])\s+", "", text)


def _dot_slice(sub: str) -> bool:
    """Is a subscript an index beside a ``\\cdot`` or ``\\bullet`` standing for every value of the other axis
    (``j \\cdot``, ``\\cdot k``, ``i,\\cdot``): a whole row or column, as ``:`` writes it?"""
    parts = [p for p in re.split(r"\s*,\s*|\s+|(?=\\cdot|\\bullet)|(?<=\\cdot)|(?<=\\bullet)", sub.strip()) if p]
    return len(parts) == 2 and sum(p in ("\\cdot", "\\bullet") for p in parts) == 1


def _member_before_array(spec: AtomSpec, nodes: list[Node], j: int) -> bool:
    """ESL's ``\\alpha_m^T X`` beside ``T_k``: a Greek member of a family (subscripted by one index letter) raised to
    ``^T`` right before a capital or a bold name is a vector transposed into a product, whatever T is elsewhere
    (a rate's power, ``\\gamma^T R``, has no index)."""
    sub = spec.sub.text if spec.sub is not None else ""
    k = _skip_space(nodes, j)
    if not (spec.greek and len(sub) == 1 and sub.isalpha() and sub.islower() and k < len(nodes)):
        return False
    n = nodes[k]
    return isinstance(n, Token) and ((n.kind == "letter" and n.text.isupper())
                                     or (n.kind == "cmd" and n.text[1:] in BOLD))


#: a statement whose left side is e with a script: e is a name of the formula (See et al.'s e^t_i = v^T \tanh(...))
_E_DEFINED = re.compile(r"(?:^|\\\\|\n|,|\\quad)\s*e\s*[\^_]")


def _named_e(spec: AtomSpec, source: str, sp: Span) -> bool:
    """Is this ``e`` a name, not Euler's number: it has a subscript, one follows its superscript, or the formula
    defines e (a left side ``e^t_i = ...``, then ``\\mathrm{softmax}(e^t)``)?"""
    return spec.sub is not None or source[sp.end :].lstrip().startswith("_") or bool(_E_DEFINED.search(source))


#: what may stand between a superscript and the parenthesis of a call: a subscript, spacing, \left
_TO_CALL = re.compile(r"\s*(?:_\s*(?:\{[^{}]*\}|\\?[A-Za-z]+|\d))?\s*(?:\\left\s*)?\(")


def _called_word_label(spec: AtomSpec, text: str, source: str, end: int) -> bool:
    """Is the one-letter superscript ``text`` of an upper-case word a label, the word a function called right after
    (N-BEATS' ``\\text{LINEAR}^b_\\ell(\\mathbf{h})``, the backcast's layer, ``\\text{FC}^f(\\mathbf{h})``): a
    network's name with a letter up is never raised to a power before its argument; so is a lower-case letter's,
    one lower-case letter up, before two arguments or more (Yi et al.'s ``s^c(x_i, y_j)``: a tuple is no factor);
    and any superscript but a number, a transpose, an inverse or a star before two arguments or more."""
    if (m := _TO_CALL.match(source, end)) is None:
        return False
    if (re.fullmatch(r"\\?[A-Za-z]+(?:_\{?\\?[A-Za-z]+(?:_\{?[A-Za-z]\}?)?\}?)?", text) and text not in ("T", "\\top")
            and not re.search(rf"\\(?:sum|prod)\w*\s*_\{{?\s*{re.escape(text)}(?![A-Za-z])", source)
            and not text.startswith("\\pi")  # Q^{\pi}(s, a): a policy's value, superscript-policy's
            and _listed_arguments(source, m.end())):
        return True  # Spinning Up's A^{\pi_{\theta_k}}(s,a): a tuple is no factor
    if len(text) != 1 or not text.isalpha() or text == "T":
        return False
    if spec.word and len(spec.base) >= 2 and spec.base.isupper() and spec.base.isalpha():
        return True
    return (not spec.word and not spec.bold and len(spec.base) == 1 and spec.base.islower() and text.islower()
            and _listed_arguments(source, m.end()))  # Yi et al.'s corrected score s^c(x_i, y_j): a function


def _listed_arguments(source: str, start: int) -> bool:
    """Does the parenthesis opened just before ``start`` hold two arguments or more, at its top level?"""
    depth = 0
    for ch in source[start:]:
        if ch in "({[":
            depth += 1
        elif ch in ")}]":
            if depth == 0:
                return False
            depth -= 1
        elif ch == "," and depth == 0:
            return True
    return False

