"""Reading one name with everything attached: ``\\bar{\\mathbf{h}}_{s'}^{[2](i)T}``.

Tables here say which commands are Greek letters, accents, font styles and name
wrappers; :func:`read_atom` consumes a base and its sub/superscripts and returns
an :class:`AtomSpec` plus any real exponent (``dW^2``) left for arithmetic.
"""

from __future__ import annotations

import functools
import re

from symdl.config import LABEL
from symdl.errors import InvalidInput, NotSupported, Span
from symdl.read.lexer import Token
from symdl.read.syntax import AtomSpec, Group, Node, SubscriptSpec, is_group, plain_text, strip_space, unwrap

GREEK = {
    "alpha",
    "beta",
    "gamma",
    "delta",
    "epsilon",
    "varepsilon",
    "zeta",
    "eta",
    "theta",
    "vartheta",
    "iota",
    "kappa",
    "lambda",
    "mu",
    "nu",
    "xi",
    "rho",
    "varrho",
    "sigma",
    "varsigma",
    "tau",
    "upsilon",
    "phi",
    "varphi",
    "chi",
    "psi",
    "omega",
    "pi",
    "Gamma",
    "Delta",
    "Theta",
    "Lambda",
    "Xi",
    "Sigma",
    "Upsilon",
    "Phi",
    "Psi",
    "Omega",
    "ell",
}
#: Greek letters that mean a constant, not a symbol.
GREEK_CONSTANTS = {"pi"}

#: accent command → decoration name (SymPy's modifier spelling)
ACCENTS = {
    "hat": "hat",
    "widehat": "hat",
    "bar": "bar",
    "overline": "bar",
    "tilde": "tilde",
    "widetilde": "tilde",
    "dot": "dot",
    "ddot": "ddot",
    "check": "check",
    "breve": "breve",
}
BOLD = {"mathbf", "boldsymbol", "bm", "vec", "mathbold", "pmb", "bf", "mathbfit", "textbf"}
CALLIGRAPHIC = {"mathcal", "mathscr", "mathfrak"}
#: commands whose braced argument is a name (``\text{MSE}``)
NAME_WRAPPERS = {
    "text",
    "textrm",
    "textit",
    "mathrm",
    "mathit",
    "operatorname",
    "mathsf",
    "textsf",
    "rm",
    "mathop",
    "mbox",
    "textnormal",
    "textup",
    "mathnormal",
}
#: operator words that are not functions of a value: read over an index by ``calculus.arg_operator`` (``\\arg\\max_k``),
#: refused rather than read as a product anywhere else
ARG_OPERATORS = {"argmax", "argmin"}

_INDEX_TERMS = re.compile(r"^(?:[A-Za-z]'*(?:[+-]\d+)?,?)+$")
_TERM = re.compile(r"([A-Za-z]'*)([+-]\d+)?")
#: an indexed letter inside a longer subscript (``s_{i,y_i}``)
_NESTED = re.compile(r"[A-Za-z]_\{?[A-Za-z]\}?")


def parse_subscript(text: str) -> SubscriptSpec:
    """Classify a subscript's text: index terms when it has that shape, else a label."""
    t = text.replace(" ", "")
    if t and _INDEX_TERMS.match(t) and not t.isdigit():
        terms = tuple((m.group(1), int(m.group(2) or 0)) for m in _TERM.finditer(t.replace(",", "")))
        # A multi-letter word with no offsets ('max', 'in') is still returned as terms:
        # the binder decides whether the letters are indices or a label.
        return SubscriptSpec(t, terms)
    entry = LABEL.match(t)  # an indexed letter: s_{y_i} is entry y_i of s
    if entry:
        return SubscriptSpec(t, None, (entry.group(1), entry.group(2)))
    return SubscriptSpec(t, None, nested=bool(_NESTED.search(t)))


def read_subscript(nodes: list[Node]) -> SubscriptSpec:
    """A subscript; a wrapped word is a label: ``_{\\mathrm{in}}`` reads as the label ``in``, never indices i, n."""
    out: list[Node] = []
    for k, n in enumerate(nodes):
        wrapper = isinstance(n, Token) and n.kind == "cmd" and n.text[1:] in NAME_WRAPPERS | {"mathop"}
        if not (wrapper and k + 1 < len(nodes) and is_group(nodes[k + 1], "brace")):
            out.append(n)
    if len(out) == len(nodes):
        return parse_subscript(plain_text(nodes))
    text = plain_text(out).replace("{", "").replace("}", "").replace("\\_", "_").replace(" ", "")
    return SubscriptSpec(text, None)


_TEXT_SPACES = re.compile(r"\\[,;:! ]|\\q?quad|~")


def wrapped_word(arg: list[Node]) -> tuple[str, SubscriptSpec | None]:
    """The name in ``\\text{...}`` and its subscript: ``fan\\_out`` is fan with the label out,
    ``layer_2`` is layer with the subscript 2; nested wrappers (``\\mathop{\\mathrm{argmax}}``) are one name."""
    arg = strip_space(arg)
    while (
        len(arg) == 2 and isinstance(arg[0], Token) and arg[0].text[1:] in NAME_WRAPPERS and is_group(arg[1], "brace")
    ):
        arg = strip_space(arg[1].children)
    text = "".join(_TEXT_SPACES.sub("", plain_text(arg)).split())
    word, escaped, rest = text.partition("\\_")
    if escaped:  # fan\_out: an underscore in text is part of the name; the part after it is a label
        return word, SubscriptSpec(rest.replace("\\_", "_").replace("{", "").replace("}", ""), None)
    word, bare, rest = text.partition("_")
    if bare and rest:  # \mathrm{layer_2}: TeX's subscript, inside the wrapper
        return word, parse_subscript(rest[1:-1] if rest.startswith("{") and rest.endswith("}") else rest)
    return text, None


def _arg(nodes: list[Node], i: int, source: str, what: str) -> tuple[list[Node], int, Span]:
    """The argument after a command or script at ``nodes[i]``: a group or one token."""
    j = i
    while j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].kind == "space":
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


#: a superscript l or L (with an offset) is a layer, as in Nielsen's w^l_{jk} and a^{l-1}_k
_NIELSEN_LAYER = re.compile(r"^[lL](?:[+-]\d+)?$")

#: a superscript letter with an offset, ``^{t+1}``/``^{k-1}``: that letter counts steps or layers in this formula
_OFFSET_SUPER = re.compile(r"\^\s*\{\s*([A-Za-z])\s*[+-]\s*\d+\s*\}")
#: the letters that count optimisation steps (w^{t+1}, \theta^{k+1}); x^{n+1}/(n+1)! stays a power
STEP_LETTERS = frozenset({"t", "k"})
#: a letter bound by a sum or product (``\sum_{n=0}``, ``\prod_k``): x^{n+1} there is a power of x
_BOUND_LETTER = re.compile(r"\\(?:sum|prod)\s*_\s*\{?\s*([A-Za-z])\b")


#: a Latin name with a layer superscript l or L (a^l, a_i^l, W^{l+1}): the formula counts layers
_LATIN_LAYER = re.compile(r"(?<![\\A-Za-z])[A-Za-z]\s*(?:_\s*(?:\{[^{}]*\}|\w)\s*)?\^\s*\{?\s*[lL](?![A-Za-z])")


@functools.lru_cache(maxsize=64)
def layer_letters(source: str) -> frozenset[str]:
    """``{"l"}`` when a Latin name carries a layer superscript (``a_i^l``): then a rate's ``\\mu^l`` in the same
    formula is a layer's mean too (Ba et al.'s layer norm), not a power."""
    return frozenset({"l"}) if _LATIN_LAYER.search(source) else frozenset()


@functools.lru_cache(maxsize=64)
def step_letters(source: str) -> frozenset[str]:
    r"""Letters this formula uses as a step or layer superscript: written with an offset (``w^{t+1}``).

    ``w^{t+1} = w^t - \eta g^t`` counts steps in its superscripts (CS231n's and many papers' iterates); a
    letter that a sum or product binds (``\sum_n a_n x^{n+1}``) stays a power's, and so do ``l``/``L``,
    which are layers anyway, and letters other than the step letters ``t`` and ``k`` (a Taylor term's
    ``x^{n+1}/(n+1)!`` is a power).
    """
    bound = set(_BOUND_LETTER.findall(source))
    return frozenset(_OFFSET_SUPER.findall(source)) & STEP_LETTERS - bound


#: Greek letters that, raised to ^T, are powers (decay rates over T steps); others (\theta^T x) are transposes
DECAY_GREEK = {"beta", "gamma", "rho", "lambda", "alpha", "eta", "epsilon", "delta", "kappa", "tau", "mu", "nu"}
#: rates a superscript l or L may raise to a power (Nielsen's \delta^l is a layer's error, not a power)
RATE_GREEK = DECAY_GREEK - {"delta"}


#: a superscript word on a name (two letters or more, maybe in \text{} or parentheses): a label, not a power
_SUPER_WORD = re.compile(r"^(\()?(?:\\(?:text|textrm|mathrm|mathit|operatorname|mathsf|rm)\s*)?([A-Za-z]{2,})(\))?$")
#: letters that, alone in a superscript word, are indices (x^{(ij)}), not a label
_INDEX_LIKE = "ijklmnt"


def _classify_super(
    nodes: list[Node], base_greek: str | bool, *, on_name: bool = False, steps: frozenset[str] = frozenset()
) -> dict[str, object] | None:
    """Read a superscript that is notation rather than a power; None if it is a power.

    ``on_name``: the superscript sits on a name, where ``l``/``L`` is a layer and ``*`` a starred name.
    ``steps``: the formula's :func:`step_letters`, whose superscripts (``t``, ``t+1``) are step indices.
    """
    text = plain_text(nodes).replace("{", "").replace("}", "")
    # Ng's a^{<t>}, Cho et al.'s h^{\langle t \rangle}: a time step, read as Goodfellow's h^{(t)}
    text = re.sub(r"^(?:\\langle|<)\s*([^<>]+?)\s*(?:\\rangle|>)", r"(\1)", text)
    out: dict[str, object] = {}
    m = re.match(r"^\[([^\]]+)\]", text)
    if m:
        out["layer"] = m.group(1)
        text = text[m.end() :]
    m = re.match(r"^\(([A-Za-z][A-Za-z0-9']*(?:[+-]\d+)?|\d+)\)", text)
    if m and _NIELSEN_LAYER.match(m.group(1)):  # Goodfellow's W^{(l)}, h^{(l-1)}: a layer, as W^{[l]}
        out["layer"] = m.group(1)
        text = text[m.end() :]
    elif m:
        out["sample"] = m.group(1)
        text = text[m.end() :]
    m = _NIELSEN_LAYER.match(text)
    if m and on_name and not out and (base_greek not in RATE_GREEK or "l" in steps):  # Nielsen's w^l_{jk}: layers
        out["layer"] = text
        out["reading"] = "superscript-layer"
        text = ""
    m = re.match(r"^([A-Za-z])(?:[+-]\d+)?$", text)
    if m and m.group(1) in steps and on_name and not out and base_greek not in RATE_GREEK:  # w^{t+1}, w^t
        out["sample"] = text  # as Goodfellow's w^{(t+1)}: one quantity at successive steps
        out["reading"] = "superscript-step"
        text = ""
    word = _SUPER_WORD.match(text) if on_name and not out else None
    turned = re.match(r"^(.*?)(\\top|\\intercal)$", text) if on_name and not out and not word else None
    if turned:  # X^{(\text{train})\top}: the word, transposed
        word = _SUPER_WORD.match(turned.group(1))
    if word and (word.group(1) == "(") == (word.group(3) == ")") and set(word.group(2)) - set(_INDEX_LIKE):
        out = {"word": word.group(2)}  # \theta^{old}, g^{ave}_t, \hat{y}^{(\text{test})}: part of the name
        if turned:
            out["transpose"] = True
        if len(word.group(2)) <= 2 and not text.lstrip("(").startswith("\\"):
            out["reading"] = "superscript-word"  # x^{ab}: two plain letters could be a power x^{a b}
        return out
    star = re.match(r"^(\*|\\ast|\\star)", text) if on_name and not out else None
    if star:  # w^*: the optimum, a name (w^{*T}: its transpose)
        out["star"] = True
        text = text[star.end() :]
    if text in ("-T", "-\\top", "-\\intercal"):  # X^{-T}: the inverse of the transpose
        out["transpose"], out["inverse"] = True, True
        text = ""
    if text in ("T", "\\top", "\\intercal", "\\mathsf T", "\\mathrm T", "\\mathsfT", "\\mathrmT"):
        if text == "T" and base_greek in DECAY_GREEK and not out:
            return None  # \beta^T is a power: decays are raised to a number of steps
        out["transpose"] = True
        text = ""
    primes = 0
    while text.startswith(("\\prime", "'")):
        primes += 1
        text = text[6:] if text.startswith("\\prime") else text[1:]
    if primes:
        out["primes"] = primes
    if text or not out:
        return None if not out else {"error": text}
    return out


def _letter_power(spec: AtomSpec, arg: list[Node]) -> bool:
    """Is this power by one Latin letter (``\\mu^t``, GRU's ``h_t^j``) an index read as a power?  Not on a rate
    (Adam's ``\\beta_1^t`` is a power) or e."""
    text = plain_text(arg).strip("{} ")
    return (len(text) == 1 and text.isalpha() and text.isascii() and spec.base != "e" and not spec.word
            and not (spec.greek and spec.base in DECAY_GREEK))


def read_atom(nodes: list[Node], i: int, source: str, *, bold: bool = False) -> tuple[AtomSpec, int, list[Node] | None]:
    """Read the name starting at ``nodes[i]`` and its scripts, in either order (``s_k^2`` is ``s^2_k``).

    Returns:
        the atom, the index after it, and the nodes of a power exponent (or None).
    """
    spec, j = _read_base(nodes, i, source, bold=bold)
    digits = nodes[j] if j < len(nodes) else None
    if (isinstance(digits, Token) and digits.kind == "number" and digits.text.isdigit() and len(digits.text) < 4
            and nodes[i].kind == "letter" and digits.span.start == nodes[j - 1].span.end):  # type: ignore[union-attr]
        spec.sub, j = read_subscript([digits]), j + 1  # x1, W2, h0 as code and the PyTorch docs write them: x_1
        spec.readings += ("name-digits",)
    pieces = [(nodes[i].span.start, nodes[j - 1].span.end)]
    exponent: list[Node] | None = None
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
            arg, j, _ = _arg(nodes, k + 1, source, "subscript")
            spec.sub = read_subscript(arg)
            pieces.append((node.span.start, nodes[j - 1].span.end))
            if exponent is not None:
                break  # s^2_{k}: the subscript written after the power
            continue
        if exponent is not None:
            break  # x^2' or x^2^3: left to the arithmetic
        if node.is_op("'"):
            spec.primes, j = spec.primes + 1, k + 1
            pieces.append((node.span.start, node.span.end))
            continue
        arg, j, sp = _arg(nodes, k + 1, source, "superscript")
        rate = spec.base if spec.greek and not spec.bold else False  # a bold β is a vector: β^T its transpose
        info = _classify_super(arg, rate, on_name=True, steps=step_letters(source) | layer_letters(source))
        if info is None:
            exponent = arg
            if _letter_power(spec, arg):
                spec.readings += ("superscript-power",)
            continue
        _apply_super(spec, info, arg, sp, source)
        pieces.append((node.span.start, nodes[j - 1].span.end))
        if info.get("inverse"):
            exponent = inverse_exponent(sp)
    spec.spelling = _spelling(source, pieces)
    return spec, j, exponent


def inverse_exponent(span: Span) -> list[Node]:
    """The ``-1`` of a ``^{-T}`` (its transpose is notation, its inverse a power), at the superscript's span."""
    return [Token("op", "-", span), Token("number", "1", span)]


def _next_script(nodes: list[Node], j: int) -> int | None:
    """Index of the script (``_``, ``^``, ``'``) at ``nodes[j]``, after spaces (TeX ignores them: x _t is x_t)."""
    while j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].kind == "space":  # type: ignore[union-attr]
        j += 1
    node = nodes[j] if j < len(nodes) else None
    return j if isinstance(node, Token) and node.is_op("_", "^", "'") else None


def _apply_super(spec: AtomSpec, info: dict[str, object], arg: list[Node], sp: Span, source: str) -> None:
    """Attach a notation superscript (layer, sample, transpose, primes, star) to ``spec``."""
    if "error" in info:
        raise NotSupported(
            f"superscript '{plain_text(arg)}' mixes notation and a power",
            source=source,
            span=sp,
            hint="write the power separately: (x^{(i)})^2",
        )
    if info.get("star"):
        spec.base, spec.base_latex = spec.base + "^*", spec.base_latex + "^{*}"
    if "word" in info:
        spec.base, spec.base_latex = f"{spec.base}^{info['word']}", rf"{spec.base_latex}^{{\text{{{info['word']}}}}}"
    spec.layer = str(info["layer"]) if "layer" in info else spec.layer
    if "reading" in info:
        spec.readings += (str(info["reading"]),)
    spec.sample = str(info["sample"]) if "sample" in info else spec.sample
    spec.transpose = spec.transpose or bool(info.get("transpose"))
    spec.primes += int(info.get("primes", 0))  # type: ignore[call-overload]


def _spelling(source: str, pieces: list[tuple[int, int]]) -> str:
    """The atom as written, without its power: the source pieces of its base and scripts."""
    text = "".join(source[a:b] for a, b in pieces).strip()
    text = re.sub(r"(\\[A-Za-z]+)\s+(?=[A-Za-z])", r"\1 ", text)  # keep '\hat y'
    return re.sub(r"\s+(?![A-Za-z])|(?<![A-Za-z])\s+|(?<=[^\\A-Za-z][A-Za-z])\s+", "", text)


def _read_base(nodes: list[Node], i: int, source: str, *, bold: bool) -> tuple[AtomSpec, int]:
    node = nodes[i]
    assert isinstance(node, Token)
    if node.kind == "letter":
        return AtomSpec(base=node.text, base_latex=node.text, bold=bold), i + 1
    name = node.text[1:]
    if name in GREEK:
        return AtomSpec(base=name, base_latex=node.text, greek=True, bold=bold), i + 1
    if name in ACCENTS or name in BOLD or name in CALLIGRAPHIC:
        arg, j, sp = _arg(nodes, i + 1, source, node.text)
        arg = strip_space(arg)
        if not arg or not (isinstance(arg[0], Token) and (arg[0].kind == "letter" or arg[0].kind == "cmd")):
            raise NotSupported(
                f"{node.text} of '{plain_text(arg)}'",
                source=source,
                span=sp,
                hint=f"symdl reads {node.text} on a single name, e.g. {node.text}{{y}}",
            )
        inner, k, exponent = read_atom(arg, 0, source, bold=bold or name in BOLD)
        if k != len(arg) or exponent is not None:
            raise NotSupported(
                f"{node.text}{{{plain_text(arg)}}} decorates more than one name",
                source=source,
                span=sp,
                hint=f"decorate each name: {node.text}{{x}}",
            )
        if name in ACCENTS:
            inner.decorations = (ACCENTS[name], *inner.decorations)
        elif name in CALLIGRAPHIC:
            inner.cal = True
        return inner, j
    if name in NAME_WRAPPERS:
        arg, j, sp = _arg(nodes, i + 1, source, node.text)
        word, sub = wrapped_word(arg)
        if word.lower() in ARG_OPERATORS:
            raise NotSupported(
                f"the operator {word}",
                source=source,
                span=Span(node.span.start, sp.end),
                hint="write \\arg\\max_k p_k over an index that subscripts the body",
            )
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", word or "-"):
            raise NotSupported(
                f"the name '{word}' in {node.text}{{...}}",
                source=source,
                span=sp,
                hint="names are letters and digits, e.g. \\text{TrainLoss}",
            )
        if len(word) == 1:
            return AtomSpec(base=word, base_latex=word, bold=bold, sub=sub), j
        return AtomSpec(base=word, base_latex=rf"\text{{{word}}}", word=True, bold=bold, sub=sub), j
    raise InvalidInput(f"'{node.text}' cannot start a name", source=source, span=node.span)
