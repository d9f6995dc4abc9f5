"""The base of a name, before its scripts: a letter, a Greek letter, a blackboard capital (``\\mathbb{P}_r``), an
accented, bold or calligraphic name (``\\hat{\\mathbf{y}}``), or a word in a wrapper (``\\text{lr}``,
``\\mathrm{log\\_sigmoid}``).  :func:`symdl.read.atoms.read_atom` reads the scripts around it."""

from __future__ import annotations

import re
from dataclasses import replace

from symdl.errors import InvalidInput, NotSupported, Span
from symdl.functions import KNOWN_FUNCTIONS
from symdl.read.commands import ACCENTS, ARG_OPERATORS, BOLD, CALLIGRAPHIC, GREEK, NAME_WRAPPERS, SANS
from symdl.read.extents import _skip_space
from symdl.read.lexer import Token
from symdl.read.syntax import AtomSpec, Node, SubscriptSpec, is_group, plain_text, strip_space

_TEXT_SPACES = re.compile(r"\\[,;:! ]|\\q?quad|~")
#: the gaps between words in a wrapper: \text{learning rate} is two words joined into one name (noted ``text-words``)
_PROSE_GAPS = re.compile(r"(?:\s|~|\\ |\\q?quad)+")


def wrapped_word(arg: list[Node]) -> tuple[str, SubscriptSpec | None]:
    """The name in ``\\text{...}`` and its subscript: ``fan\\_out`` is fan with the label out,
    ``layer_2`` is layer with the subscript 2; nested wrappers (``\\mathop{\\mathrm{argmax}}``) are one name."""
    from symdl.read.atoms import parse_subscript  # atoms reads its base here

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



#: blackboard letters that can be a name (a distribution \mathbb{P}_r, a function \mathbb{H}(p, q), \mathbb{KL}):
#: capitals, but not the number sets \mathbb{R}, \mathbb{N}, \mathbb{Z}, \mathbb{C}
BLACKBOARD_NAME = r"[A-BD-MOPQS-Y]|[A-Z]{2,3}"


#: upright wrappers: \mathrm{d} is the differential's d, not a letter d
UPRIGHT = frozenset({"mathrm", "rm", "textrm", "text", "operatorname", "mathup", "textup"})
#: wrappers in text mode, where '-' is a hyphen (in \mathrm{...} it is a minus)
TEXT_WRAPPERS = frozenset({"text", "textrm", "textit", "textbf", "textsf", "texttt", "textup", "mbox"})


def _starts_name(nodes: list[Node], j: int) -> bool:
    """Does a name start at ``nodes[j]`` (a letter, a Greek letter, a bold or accented name)?"""
    j = _skip_space(nodes, j)
    node = nodes[j] if j < len(nodes) else None
    return isinstance(node, Token) and (node.kind == "letter" or (
        node.kind == "cmd" and node.text[1:] in GREEK | BOLD | ACCENTS.keys()))



def read_base(nodes: list[Node], i: int, source: str, *, bold: bool) -> tuple[AtomSpec, int]:
    """The base of the name starting at ``nodes[i]`` and where its scripts may start."""
    node = nodes[i]
    assert isinstance(node, Token)
    if node.kind == "letter":
        return AtomSpec(base=node.text, base_latex=node.text, bold=bold), i + 1
    name = node.text[1:]
    if name in GREEK:
        return AtomSpec(base=name, base_latex=node.text, greek=True, bold=bold), i + 1
    if name == "mathbb" and (found := _blackboard(nodes, i, source, bold=bold)) is not None:
        return found
    if name in ACCENTS or name in BOLD or name in CALLIGRAPHIC:
        return _decorated(nodes, i, source, bold=bold)
    if name in NAME_WRAPPERS:
        return _wrapped(nodes, i, source, bold=bold)
    raise InvalidInput(f"'{node.text}' cannot start a name", source=source, span=node.span)


def _blackboard(nodes: list[Node], i: int, source: str, *, bold: bool) -> tuple[AtomSpec, int] | None:
    """The WGAN's ``\\mathbb{P}_r``, Murphy's ``\\mathbb{H}(p)``: a blackboard capital that is a name; Murphy's
    ``\\mathbb{KL}(p \\| q)``: the word KL, as ``\\mathrm{KL}``; None for a number set (``\\mathbb{R}``)."""
    from symdl.read.atoms import _arg  # atoms reads its base here

    arg, j, _ = _arg(nodes, i + 1, source, nodes[i].text)  # type: ignore[union-attr]
    letter = plain_text(arg).strip()
    if not re.fullmatch(BLACKBOARD_NAME, letter):
        return None
    if len(letter) > 1:
        return AtomSpec(base=letter, base_latex=rf"\text{{{letter}}}", word=True, bold=bold), j
    return AtomSpec(base=letter, base_latex=letter, decorations=("mathbb",), bold=bold), j


def _decorated(nodes: list[Node], i: int, source: str, *, bold: bool) -> tuple[AtomSpec, int]:
    """An accent, a bold or a calligraphic font on one name (``\\hat{\\mathbf{y}}_i``), or a bold word
    (FlashAttention's ``\\mathbf{dP}_i``)."""
    from symdl.read.atoms import _arg, read_atom  # atoms reads its base here

    node = nodes[i]
    assert isinstance(node, Token)
    name = node.text[1:]
    arg, j, sp = _arg(nodes, i + 1, source, node.text)
    arg = strip_space(arg)
    if not arg or not (isinstance(arg[0], Token) and (arg[0].kind == "letter" or arg[0].kind == "cmd")):
        raise NotSupported(f"{node.text} of '{plain_text(arg)}'", source=source, span=sp,
                           hint=f"symdl reads {node.text} on a single name, e.g. {node.text}{{y}}")
    word = "".join(t.text for t in arg if isinstance(t, Token) and t.kind == "letter")
    if name in BOLD and len(word) == len(arg) > 1 and re.fullmatch(r"d[A-Z][A-Za-z]?|[a-z]{3,}|[A-Za-z]{4,}", word):
        # FlashAttention's \mathbf{dP}_i (a gradient's name), ORPO's \textbf{odds}_\theta: one bold name
        bolded = name != "textbf" or word[:1] == "d"  # \textbf{odds}: a word set in bold text, no vector
        return AtomSpec(base=word, base_latex=rf"{node.text}{{{word}}}", word=True, bold=bolded), j
    if name in ACCENTS and len(word) == len(arg) >= 2 and not (word.islower() and len(word) == 2):
        # Sutton & Barto's \overline{VE}(\mathbf{w}), the mean squared value error: one word, decorated
        return AtomSpec(base=word, base_latex=rf"\text{{{word}}}", word=True, bold=bold,
                        decorations=(ACCENTS[name],)), j
    inner, k, exponent = read_atom(arg, 0, source, bold=bold or name in BOLD)
    if k != len(arg) or exponent is not None:
        raise NotSupported(f"{node.text}{{{plain_text(arg)}}} decorates more than one name", source=source, span=sp,
                           hint=f"decorate each name: {node.text}{{x}}")
    if name in ACCENTS:
        inner.decorations = (ACCENTS[name], *inner.decorations)
    elif name in CALLIGRAPHIC:
        inner.cal = True
    return inner, j


def _wrapped(nodes: list[Node], i: int, source: str, *, bold: bool) -> tuple[AtomSpec, int]:
    """A word in a name wrapper (``\\text{lr}``, ``\\mathrm{state\\_sum}_t``, ``\\text{x[i]}``); one letter in one
    is that letter (``\\mathsf{X}``: d2l's tensor, bold as an array)."""
    from symdl.read.atoms import _arg, _next_script, parse_subscript  # atoms reads its base here

    node = nodes[i]
    assert isinstance(node, Token)
    name = node.text[1:]
    arg, j, sp = _arg(nodes, i + 1, source, node.text)
    word, sub = wrapped_word(arg)
    k = _next_script(nodes, j)
    snake = "\\_" not in source[sp.start : sp.end]  # code's new_lr, decay_rate (symdl.read.words.snake_joint)
    joined = snake or (k is not None and nodes[k].is_op("_")) or word.lower() in KNOWN_FUNCTIONS  # type: ignore[union-attr]
    if sub is not None and "\\_" in plain_text(arg) and joined:  # state\_sum_t (PyTorch's Adagrad): one name,
        word, sub = f"{word}_{sub.text}", None  # then its subscript; \mathrm{log\_sigmoid}(x): never \log(x)
    if word.lower() in ARG_OPERATORS:
        raise NotSupported(f"the operator {word}", source=source, span=Span(node.span.start, sp.end),
                           hint="write \\arg\\max_k p_k over an index that subscripts the body")
    entry = re.fullmatch(r"([A-Za-z][A-Za-z0-9]*)\[([A-Za-z0-9]+)\]", word or "-") if sub is None else None
    word, sub, readings = (entry[1], parse_subscript(entry[2]), ("bracket-index",)) if entry else (word, sub, ())
    if re.fullmatch(r"[A-Za-z]{2,}\.", word or "-"):
        word = word[:-1]  # PyTorch's GaussianNLLLoss "+ \text{const.}": an abbreviation, the name const
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z][A-Za-z0-9]*)+", word or "-") and name in TEXT_WRAPPERS:
        word = word.replace("-", "")  # MobileNetV3's \text{h-sigmoid}, \text{h-swish}: a hyphen joins a name
    if word == "d" and sub is None and name in UPRIGHT and _starts_name(nodes, j):  # an SDE's \\mathrm{d}\\mathbf{x}:
        inner, after = read_base(nodes, _skip_space(nodes, j), source, bold=bold)
        return replace(inner, base="d" + inner.base, base_latex=rf"\mathrm{{d}}{inner.base_latex}",
                       readings=(*inner.readings, "differential-name")), after
    _no_wrapped_word(word, sub, node, nodes, j, source, sp)
    if len(word) == 1:  # d2l's tensors in sans-serif (\mathsf{X}; not \mathsf{P}(A)): arrays, as a bold letter is
        sans = name in SANS and word.isalpha() and not (j < len(nodes) and is_group(nodes[j], "paren"))
        return AtomSpec(base=word, base_latex=word, bold=bold or sans, sub=sub), j
    spelt = word.replace("_", "\\_")
    words = ("text-words",) if len(_PROSE_GAPS.split(source[sp.start : sp.end].strip("{} ~"))) > 1 else ()
    return AtomSpec(base=word, base_latex=rf"\text{{{spelt}}}", word=True, bold=bold, sub=sub,
                    readings=words + readings), j


def _no_wrapped_word(word: str, sub: SubscriptSpec | None, node: Token, nodes: list[Node], j: int, source: str,
                     sp: Span) -> None:
    """Refuse a wrapped word that is no name: code's library call, a differential."""
    if re.fullmatch(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+", word or "-"):  # cs231n's \text{np.random.randn}(n)
        raise NotSupported(f"code's library call '{word}' (np.random.randn draws random values)", source=source,
                           span=sp, hint="write the math: a draw as w \\sim \\mathcal{N}(0, 2/n)")
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*(?:@[A-Za-z0-9]+)?", word or "-"):
        raise NotSupported(  # (a ranking metric's \mathrm{NDCG@k}, Recall@10: one name)
            f"the name '{word}' in {node.text}{{...}}", source=source, span=sp,
            hint="names are letters and digits, e.g. \\text{TrainLoss}")
    if word == "d" and sub is None and node.text[1:] in UPRIGHT and _starts_name(nodes, j):
        raise NotSupported(  # an SDE's \mathrm{d}\mathbf{x} = \mathbf{f}\,\mathrm{d}t + g\,\mathrm{d}\mathbf{w}
            "a differential (\\mathrm{d} before a name) outside a derivative: differential equations are not "
            "read", source=source, span=Span(node.span.start, sp.end),
            hint="write the derivative \\frac{\\mathrm{d}x}{\\mathrm{d}t} = ..., or a discrete step x_{t+1} = ...")

