"""Superscripts on names that are notation, not powers: layers (``W^{[l]}``, Nielsen's ``w^l``), samples and steps
(``x^{(i)}``, ``w^{t+1}``, ``a^{<t>}``), transposes, stars, primes and words (``\\theta^{old}``).

:func:`classify_super` decides from the superscript's text and the formula's letters; :func:`apply_super` puts the
decision on the name.  A rule that chose between two readings names itself in ``AtomSpec.readings`` (a note).
"""

from __future__ import annotations

import functools
import re

from symdl.errors import NotSupported, Span
from symdl.read.commands import GREEK, GREEK_CONSTANTS, TRANSPOSE_FONTS, WORD_FONTS
from symdl.read.greeksamples import greek_sample
from symdl.read.lexer import Token
from symdl.read.syntax import AtomSpec, Node, plain_text

#: a superscript l or L (with an offset) is a layer, as in Nielsen's w^l_{jk} and a^{l-1}_k
_NIELSEN_LAYER = re.compile(r"^(?:[lL]|\\ell)(?:[+-]\d+)?$")  # Roberts & Yaida's z^{(\ell)}: \ell as l

#: a superscript letter with an offset, ``^{t+1}``/``^{k-1}``: that letter counts steps or layers in this formula
_OFFSET_SUPER = re.compile(r"\^\s*\{\s*([A-Za-z])\s*[+-]\s*\d+\s*\}")
#: the letters that count optimisation steps (w^{t+1}, \theta^{k+1}); x^{n+1}/(n+1)! stays a power
STEP_LETTERS = frozenset({"t", "k"})
#: a letter bound by a sum or product (``\sum_{n=0}``, ``\prod_k``): x^{n+1} there is a power of x
_BOUND_LETTER = re.compile(r"\\(?:sum|prod)\s*_\s*\{?\s*([A-Za-z])\b(?!\s*(?:'|\\prime))")  # not t' of t


#: a Latin name with a layer superscript l or L (a^l, a_i^l, W^{l+1}): the formula counts layers
_LATIN_LAYER = re.compile(r"(?<![\\A-Za-z])[A-Za-z]\s*(?:_\s*(?:\{[^{}]*\}|\w)\s*)?\^\s*\{?\s*[lL](?![A-Za-z])")


@functools.lru_cache(maxsize=64)
def layer_letters(source: str) -> frozenset[str]:
    """``{"l"}`` when a Latin name carries a layer superscript (``a_i^l``): then a rate's ``\\mu^l`` in the same
    formula is a layer's mean too (Ba et al.'s layer norm), not a power."""
    return frozenset({"l"}) if _LATIN_LAYER.search(source) else frozenset()


#: a Latin letter (not e) with a digit superscript, braced or not: a^1, w^{2}, b^2_1
_DIGIT_SUPER = re.compile(
    r"(?<![\\A-Za-z])([A-DF-Za-df-z])\s*(?:_\s*(?:\{[^{}]*\}|\w)\s*)?\^\s*(?:\{\s*(\d)\s*\}|(\d)(?!\d))")


@functools.lru_cache(maxsize=64)
def digit_layers(source: str) -> bool:
    """Does the formula number its layers with bare digit superscripts, as Nielsen's worked network does
    (``a^2_1 = \\sigma(w^2_{11} a^1_1 + w^2_{12} a^1_2 + b^2_1)``)?  Yes when a subscripted Latin letter carries the
    superscript 1, which no one writes as a power, beside another digit superscript on one, or the superscript 0,
    never a power either (``Z^0_j = \\sum_i w^0_{ji} X_i + b^0_j``); a polynomial's ``x^1 + x^2`` has no subscripts:
    powers (but see :func:`digit_layer_names`)."""
    digits = {m.group(2) or m.group(3) for m in _DIGIT_SUPER.finditer(source)
              if "_" in m.group(0) or source[m.end() :].lstrip().startswith("_")}  # on entries: a^2_1, w^2_{11}
    return ("1" in digits and len(digits) >= 2) or "0" in digits  # w^0_{ji}: a zeroth power is never written


@functools.lru_cache(maxsize=64)
def digit_layer_names(source: str) -> bool:
    """Does the formula number its layers with digit superscripts on names without subscripts?  Yes when some name
    carries the superscript 1, which no one writes as a power, and a capital, a weight, carries a digit superscript
    (Ng's slides' ``Z^1 = W^1 x + b^1``, ``z^2 = W^2 a^1 + b^2``); polynomials of lower-case letters (``a x^2 + b
    x^1 + c``, ``x^1 y^2``) keep their powers."""
    by_letter: dict[str, set[str]] = {}
    for m in _DIGIT_SUPER.finditer(source):
        by_letter.setdefault(m.group(1), set()).add(m.group(2) or m.group(3))
    ones = [letter for letter, found in by_letter.items() if found & {"0", "1"}]  # A^0: the input layer
    return bool(ones) and any(x.isupper() for x in by_letter)


def digit_layer(text: str, base: str, greek: bool, source: str, subscripted: bool,
                steps: frozenset[str] = frozenset()) -> dict[str, object] | None:
    """The layer a digit superscript on a Latin letter (``subscripted`` or not) names in a formula that numbers its
    layers so (see :func:`digit_layers`, :func:`digit_layer_names`), else None: noted ``superscript-digit-layer``.
    Euler's e only with a subscript (Chainer's bilinear ``e^1_{ij} e^2_{ik} W_{jkl}``: the two inputs).  The
    superscript 0 or 1 on a name that the formula also writes with one of its ``steps`` letters up (MuZero's ``s^0 =
    h_\\theta(\\dots)`` beside ``s^k``, ``a^1 = x`` beside ``a^{l+1}``) is that family's first member:
    ``superscript-digit-family``."""
    if greek or base == "" or (base == "e" and not subscripted) or not text.isdigit() or len(text) > 1:
        return None
    kind = dict(stepped_bases(source, steps)).get(base) if text in "01" else None
    if kind:  # x^1_t beside x^n_t: step 1, as x_t^{(1)}; a^1 beside a^{l+1}: layer 1
        return {kind: text, "reading": "superscript-digit-family"}
    if not (digit_layers(source) if subscripted else digit_layer_names(source)):
        if text == "0" and not _written_series(source, base):  # \mathbf{h}^0 = \mathbf{x}: layer 0; ViT's
            # \mathbf{z}_L^0, a subscripted name: token 0 of layer L, a label of the name
            return {"word": text, "reading": "superscript-zero"} if subscripted else {"layer": text,
                                                                                       "reading": "superscript-zero"}
        return None
    return {"layer": text, "reading": "superscript-digit-layer"}


#: dots between terms: a series written out (a_0 x^0 + a_1 x^1 + \dots), where x^0 is the power that is 1
_WRITTEN_SERIES = re.compile(r"\\(?:dots|ldots|cdots)|\.\.\.")


def _written_series(source: str, base: str) -> bool:
    """Is a series written out in ``source``: dots between terms, or ``base`` raised to another digit too (a
    polynomial's ``a_0 x^0 + a_1 x^1 + a_2 x^2``)?"""
    digits = {m.group(2) or m.group(3) for m in _DIGIT_SUPER.finditer(source) if m.group(1) == base}
    return _WRITTEN_SERIES.search(source) is not None or bool(digits - {"0"})


#: a Latin letter (maybe bold or decorated, maybe subscripted) with a lone letter up, maybe with an offset:
#: s^k, a^{l+1}, x^n_t, \mathbf{h}^{t-1}
_LETTER_SUPER = re.compile(
    r"(?<![\\A-Za-z])(?:\\(?:mathbf|boldsymbol|bm|hat|tilde|bar)\s*\{\s*)?([A-Za-z])\s*\}?\s*"
    r"(?:_\s*(?:\{[^{}]*\}|\w)\s*)?\^\s*\{?\s*\(?\s*([A-Za-z]|\\ell)\s*(?:[+-]\s*\d+\s*)?\)?\s*\}?(?![A-Za-z])")


@functools.lru_cache(maxsize=64)
def stepped_bases(source: str, steps: frozenset[str]) -> tuple[tuple[str, str], ...]:
    """``(letter, kind)`` of the Latin letters ``source`` writes with one of ``steps`` (its step and layer letters)
    up: a family of members at layers (``l``, ``L``, ``\\ell``: kind ``layer``) or steps (``sample``), whose
    superscript 0 or 1 is the first member, never a power."""
    out: dict[str, str] = {}
    for m in _LETTER_SUPER.finditer(source):
        letter = m.group(2).lstrip("\\").replace("ell", "l")
        if letter in steps:
            out.setdefault(m.group(1), "layer" if letter in "lL" else "sample")
    return tuple(out.items())


@functools.lru_cache(maxsize=64)
def bound_letters(source: str) -> frozenset[str]:
    """The letters a ``\\sum`` or ``\\prod`` of ``source`` binds (``\\sum_{i=1}^n``: i)."""
    return frozenset(_BOUND_LETTER.findall(source))


@functools.lru_cache(maxsize=64)
def step_letters(source: str) -> frozenset[str]:
    r"""Letters this formula uses as a step or layer superscript: written with an offset (``w^{t+1}``).

    ``w^{t+1} = w^t - \eta g^t`` counts steps in its superscripts (CS231n's and many papers' iterates); a
    letter that a sum or product binds (``\sum_n a_n x^{n+1}``) stays a power's, and so do ``l``/``L``,
    which are layers anyway, and letters other than the step letters ``t`` and ``k`` (a Taylor term's
    ``x^{n+1}/(n+1)!`` is a power).
    """
    return (frozenset(_OFFSET_SUPER.findall(source)) & STEP_LETTERS | _updated_letters(source)
            | _optimum_letters(source)) - bound_letters(source)


#: a name with t or k up, and the same name with the optimum's star up (Goh's ``w^{k} - w^{\\star}``)
_LETTER_UP = re.compile(r"((?:\\[A-Za-z]+|[A-Za-z])\}?)\s*\^\s*\{?\s*(?:\\[,;:!]\s*)*([tk])\s*\}?(?![A-Za-z])")
_STARRED = re.compile(r"((?:\\[A-Za-z]+|[A-Za-z])\}?)\s*\^\s*\{?\s*(?:\*|\\star|\\ast)")


def optimum_only(source: str, step: str) -> bool:
    """Is the step ``step`` (``k``, ``k-1``) a step only because a name is also written at its optimum?"""
    letter = step[:1]
    others = (frozenset(_OFFSET_SUPER.findall(source)) & STEP_LETTERS) | _updated_letters(source) | defined_letters(
        source)
    return letter in _optimum_letters(source) and letter not in others - bound_letters(source)


def _optimum_letters(source: str) -> frozenset[str]:
    """The step letters (t, k) up on a name the formula also writes at its optimum (``w^{k} - w^{\\star}``,
    ``\\|\\theta^t - \\theta^*\\|``): an iterate beside the point it converges to, never a power of it."""
    starred = {m.group(1) for m in _STARRED.finditer(source)}
    return frozenset(m.group(2) for m in _LETTER_UP.finditer(source) if m.group(1) in starred)


#: a statement whose left side is a plain name with one letter up (See et al.'s coverage ``c^t = \sum_{t'=0}^{t-1}
#: a^{t'}``, Sabour et al.'s ``cost^h_j = ...``): the letter, as a name's index, not a power being defined
_DEFINED_SUPER = re.compile(r"(?:^|\\\\|\n|\\quad|,)\s*(?:\\(?:hat|tilde|bar|mathbf|boldsymbol)\s*\{?\s*)?"
                            r"[A-Za-z]{1,6}\}?"
                            r"\s*(?:_\s*(?:\{[^{}]*\}|\w)\s*)?\^\s*\{?\s*([a-z])\s*\}?\s*(?:_\s*(?:\{[^{}]*\}|\w)\s*)?"
                            r"(?:=|\\leftarrow|:=)")


@functools.lru_cache(maxsize=64)
def defined_letters(source: str) -> frozenset[str]:
    """Letters up on the left side of a statement (``c^t = ...``): a definition sets a quantity at an index; raising
    a name to a power is never what a statement defines (not e, Euler's number, whose powers are identities).  Step
    letters of plain names only (the caller's choice): a bold vector's ``\\mathbf{h}^t`` is its own name at step t
    (``superscript-shared-step``), and a letter a statement defines at stays an index under a sum over it."""
    found = {m.group(1) for m in _DEFINED_SUPER.finditer(source)
             if not source[m.start() : m.end()].lstrip(" ,\\\n").startswith(("e^", "e ^"))}
    return frozenset(x for x in found if _written_below(source, x))


#: a statement whose left side is a bold Latin letter with a digit up (Jurafsky & Martin's transformer block
#: ``\mathbf{t}^3_i = \mathbf{t}^2_i + \mathbf{x}_i``): the letter and the digit
_DEFINED_DIGIT = re.compile(r"(?:^|\\\\|\n|\\quad|,)\s*\\(?:mathbf|boldsymbol|bm)\s*\{?\s*([A-Za-z])\s*\}?"
                            r"\s*(?:_\s*(?:\{[^{}]*\}|\w)\s*)?\^\s*\{?\s*(\d)\s*\}?\s*(?:_\s*(?:\{[^{}]*\}|\w)\s*)?"
                            r"(?:=|\\leftarrow|:=)")


@functools.lru_cache(maxsize=64)
def staged_bases(source: str) -> frozenset[str]:
    """Bold letters a statement defines with a digit up, 3 or more (``\\mathbf{t}^3_i = ...``): a block's stages,
    so every digit up on that letter labels a stage, never a power (a cube is never what a statement defines)."""
    return frozenset(m.group(1) for m in _DEFINED_DIGIT.finditer(source) if int(m.group(2)) >= 3)


#: a bold letter written with the digit 1 up (``\mathbf{W}^{1}``, ``\mathbf{b}^1``): a label, never a power
_BOLD_ONE = re.compile(r"\\(?:mathbf|boldsymbol|bm)\s*\{?\s*([A-Za-z])\s*\}?\s*(?:_\s*(?:\{[^{}]*\}|\w)\s*)?"
                       r"\^\s*\{?\s*1\s*\}?(?![\d.])")


#: an activation's letter f or g with the digit 1 up, applied (Goldberg's g^{1}(\mathbf{x}\mathbf{W}^{1} + \dots))
_CALLED_ONE = re.compile(r"(?<![\\A-Za-z])([fg])\s*\^\s*\{?\s*1\s*\}?\s*(?:\\left\s*)?\(")


def numbered_bases(source: str) -> frozenset[str]:
    """Bold letters the formula writes with the digit 1 up (Goldberg's ``\\mathbf{x}\\mathbf{W}^{1} + \\mathbf{b}^{1}``
    beside ``\\mathbf{W}^{2}``), and the activation letters f, g written with 1 up and applied (``g^{1}(\\dots)``):
    1 up is a label (a name to the power 1 is never written), so every digit up on that letter numbers a layer,
    never a power."""
    return frozenset(m.group(1) for m in _BOLD_ONE.finditer(source)) | frozenset(
        m.group(1) for m in _CALLED_ONE.finditer(source))


def _written_below(source: str, letter: str) -> bool:
    """Is ``letter`` written somewhere but up (a subscript, a sum's index or bound, ``t'``, ``t - 1``)?  An index is;
    a label up alone is not (a binarised ``x^b = \\text{Sign}(x)``)."""
    rest = re.sub(r"\^\s*\{?\s*" + letter + r"\s*\}?", "", source)
    return re.search(r"(?<![\\A-Za-z])" + letter + r"(?![A-Za-z])", rest) is not None


#: a statement setting a name at a letter plus one from that name at the letter (W^{i+1} = W^i - ...)
_UPDATE = re.compile(r"([A-Za-z])\s*\^\s*\{\s*([a-z])\s*\+\s*1\s*\}\s*(?:=|\\leftarrow|:=)[^=]*?\1\s*\^\s*\{?\s*\2\b")


def _updated_letters(source: str) -> frozenset[str]:
    """Letters a statement steps by one on its own name (Mitchell's ``W^{i+1} = W^i - \\epsilon \\nabla ...``, an
    iterate at step i): a step letter like t and k, whatever it is called."""
    return frozenset(m.group(2) for m in _UPDATE.finditer(source))


#: a statement that sets a lower-case letter (``f_i^{(t)} = ...``, ``f_t \leftarrow ...``): its letter and the rest
_TARGET = re.compile(r"^\s*(?:\\(?:tilde|hat|bar|widetilde|widehat|overline)\s*\{?\s*)?"  # a GRU's \tilde{h}_t
                     r"(?:\\(?:mathbf|boldsymbol|bm)\s*\{?\s*)?([a-z]|\\(?:alpha|beta|gamma|delta|epsilon|zeta|eta|theta|"
                     r"kappa|lambda|mu|nu|xi|pi|rho|sigma|tau|phi|chi|psi|omega))(?![A-Za-z])[^=]*?(?:=|\\leftarrow)")
#: ^ a Greek letter too: Bishop's mixture density network \pi_k(\mathbf{x}) = \exp(a_k^{\pi}) / ..., a_k^\pi its
#: activation
_STATEMENT_BREAK = re.compile(r"\\\\|\n")


@functools.lru_cache(maxsize=64)
def target_letters(source: str) -> tuple[tuple[int, int, str], ...]:
    """``(start, end, letter)`` of each statement that sets a lower-case letter (an LSTM's gate ``f``): as a lone
    superscript on another name of *that* statement (``b_i^f``, ``U^f_{i,j}``, Goodfellow's eq. 10.40) the letter
    labels it, not raises it.  (A letter set by another statement, ``n = 3 \\\\ y = x^n``, stays a power.)"""
    out, start = [], 0
    breaks = [(m.start(), m.end()) for m in _STATEMENT_BREAK.finditer(source)]
    for stop, after in [*breaks, (len(source), len(source))]:
        m = _TARGET.match(source[start:stop])
        if m:
            out.append((start, stop, m.group(1)))
        start = after
    return tuple(out)


#: a subscripted name with a lone letter as its superscript, in either order (x_i^a, x^a_i, \mathbf{x}_{i}^{p})
_NAME = r"(\\[A-Za-z]+\s*\{[^{}]*\}|\\[A-Za-z]+|(?<![\\A-Za-z])[A-Za-z])"
_SUB = r"_\s*(\{[^{}]*\}|\\?[A-Za-z0-9])"
_SUP = r"\^\s*(?:\{\s*([A-Za-z])\s*\}|([A-Za-z]))(?![A-Za-z{])"
_SUB_SUP = re.compile(_NAME + r"\s*" + _SUB + r"\s*" + _SUP)
_SUP_SUB = re.compile(_NAME + r"\s*" + _SUP + r"\s*" + _SUB)


def _key(name: str, sub: str) -> str:
    return re.sub(r"[\s{}]", "", f"{name}_{sub}")


@functools.lru_cache(maxsize=64)
def labelled_names(source: str) -> frozenset[str]:
    """Subscripted names written with two or more different lone letters as superscripts (FaceNet's anchor,
    positive and negative ``x_i^a``, ``x_i^p``, ``x_i^n``): those letters label one family each, not powers."""
    seen: dict[str, set[str]] = {}
    for m in _SUB_SUP.finditer(source):
        seen.setdefault(_key(m.group(1), m.group(2)), set()).add(m.group(3) or m.group(4))
    for m in _SUP_SUB.finditer(source):
        seen.setdefault(_key(m.group(1), m.group(4)), set()).add(m.group(2) or m.group(3))
    return frozenset(k for k, letters in seen.items() if len(letters) >= 2)


def is_labelled(spec: AtomSpec, source: str) -> bool:
    """Is ``spec`` one of the :func:`labelled_names` of ``source``?"""
    return spec.sub is not None and re.sub(r"[\s{}]", "", spec.spelling) in labelled_names(source)


def beside_hadamard(source: str, start: int, end: int) -> bool:
    """Is the name written from ``start`` to ``end`` (its superscript included) an operand of ``\\odot``?  Its lone
    letter superscript is then a label (NoisyNet's noise ``\\epsilon^b``, ``\\epsilon^w`` of the bias and the
    weights): ``\\odot`` multiplies arrays entry by entry, and a number's power is no array."""
    return source[:start].rstrip().endswith("\\odot") or source[end:].lstrip().startswith("\\odot")


def target_at(source: str, position: int) -> frozenset[str]:
    """The letter the statement around ``position`` sets, if any (see :func:`target_letters`)."""
    return frozenset(letter for start, stop, letter in target_letters(source) if start <= position < stop)


#: a capital T written alone (not part of a word or a command)
_LONE_T = re.compile(r"(?<![\\A-Za-z])T(?![A-Za-z])")
#: a T that is no number: a superscript that is T alone (^T, ^{T}: the transpose in question), a transpose's font
#: (\mathrm{T}); a big operator's bound (\sum_{t=1}^T) before the ^ makes it a number again
_SUPER_BEFORE = re.compile(r"\^\s*(\{)?\s*$")
_FONT_BEFORE = re.compile(r"\\(?:mathrm|mathsf|text|textrm|rm)\s*\{?\s*$")
_BOUND_BEFORE = re.compile(
    r"\\(?:sum|prod|int|max|min)\s*(?:\\limits\s*)?(?:_\s*(?:\{[^{}]*\}|\\?\w+))?\s*\^\s*\{?\s*$")


@functools.lru_cache(maxsize=64)
def t_is_value(source: str) -> bool:
    """Is T a number somewhere in ``source`` (``\\sum_{t=1}^T``, ``x_T``, ``1/T``, ``\\gamma^{T-1}``)?  Not as a
    function (cs229's ``T(y)``, the sufficient statistic) and not as a superscript T alone on a name, which is
    what is in question."""
    for m in _LONE_T.finditer(source):
        before, after = source[max(0, m.start() - 60) : m.start()], source[m.end() :].lstrip()
        if after.startswith(("(", "\\left(")) or _FONT_BEFORE.search(before):
            continue  # T(y): a function; \mathrm{T}: a transpose
        sup = _SUPER_BEFORE.search(before)
        if sup and (not sup.group(1) or after.startswith("}")) and not _BOUND_BEFORE.search(before):
            continue
        return True
    return False


#: Greek letters that, raised to ^T, are powers (decay rates over T steps) where T is a number in the formula
#: (:func:`t_is_value`); others (\theta^T x) are transposes
DECAY_GREEK = {"beta", "gamma", "rho", "lambda", "alpha", "eta", "epsilon", "delta", "kappa", "tau", "mu", "nu"}
#: rates a superscript l or L may raise to a power (Nielsen's \delta^l is a layer's error, not a power)
RATE_GREEK = DECAY_GREEK - {"delta"}


#: a sample letter and a layer between a comma: Nielsen's a^{x,L}, \delta^{x,l+1} (training input x at layer L)
_SAMPLE_LAYER = re.compile(r"^([A-KM-Za-km-z])\s*,\s*([lL](?:\s*[+-]\s*\d+)?)$")


#: a superscript word on a name (two letters or more, maybe in \text{} or parentheses): a label, not a power
_SUPER_WORD = re.compile(r"^(\()?(?:\\(?:" + WORD_FONTS + r")\s*)?"
                         r"([A-Za-z]{2,})(\))?$")
#: one upright letter in parentheses (d2l's W^{(\mathrm{o})}, W^{(\text{q})}): a label
_UPRIGHT_LETTER = re.compile(r"^\(\s*\\(?:" + WORD_FONTS + r")\s*([A-Za-z])\s*\)$")
#: superscript words that name a number, so the superscript is a power: torch.pow's input_i^{\text{exponent}}
#: a word wrapped in an upright command, with digits or a hyphen too (FP32, BF16, k-bit): never a power
_WRAPPED_WORD = re.compile(r"^\\(?:" + WORD_FONTS + r")\s*"
                           r"([A-Za-z][A-Za-z0-9\-]+|\d+[A-Za-z][A-Za-z0-9\-]*)$")  # QLoRA's \text{4bit} too
POWER_WORDS = frozenset({"exponent", "power", "pow", "order", "degree"})
#: superscript words that count steps: on a rate (\\gamma^{epoch}, the PyTorch docs' ExponentialLR) a power
COUNTER_WORDS = frozenset({"epoch", "epochs", "step", "steps", "iter", "iters", "iteration", "iterations", "it"})
#: a decorated letter as a superscript, maybe in parentheses: \tilde{h}, (\tilde{h}), \hat{y} (no power is written so)
_DECORATED_LABEL = re.compile(r"\(?\\(tilde|hat|bar|widetilde|widehat|overline)\s*\{?\s*([A-Za-z])\s*\}?\)?")
#: a calligraphic (script) capital as a superscript: \mathcal{P}, \mathscr{D} (the braces already dropped)
_SCRIPT_LABEL = re.compile(r"\\(mathcal|mathscr)\s*\{?\s*([A-Z])\s*\}?")
#: letters that, alone in a superscript word, are indices (x^{(ij)}), not a label
_INDEX_LIKE = "ijklmnt"
#: words of index letters that are labels in parentheses, never two indices (Raschka's \boldsymbol{X}^{(in)})
_LABEL_WORDS = frozenset({"in", "int", "init", "mid"})


#: a parenthesised or bracketed label raised to the transpose: (k+1)^\top, (t)^T, cs229's [k+1]^\top (the braces
#: already dropped)
_TRANSPOSED_LABEL = re.compile(r"^(\([^()]+\)|\[[^\[\]]+\])\^(?:\\top|T|\\intercal)$")
#: a word label in parentheses then a transpose, Raschka's \boldsymbol{W}^{(out)T} (as his W^{(h)T})
_LABEL_THEN_T = re.compile(r"^(\([A-Za-z]{2,}\))\s*(?:\\top|T|\\intercal)$")
#: a step and a half: (t+\frac{1}{2}), (t + 1/2), (t+0.5): the iterate between two steps
_HALF_STEP = re.compile(r"^\(\s*([a-z])\s*\+\s*(?:\\[td]?frac12|\\[td]?frac\s*1\s*2|1\s*/\s*2|0?\.5)\s*\)$")


def bracket_sample(arg: list[Node], source: str) -> bool:
    """Is the superscript ``arg`` one letter in square brackets (``[i]``) that a ``\\sum`` or ``\\prod`` of the formula
    binds, and not a layer's l?  Raschka's ``\\hat{y}^{[i]}`` in ``\\sum_{i=1}^{n}``: the i-th training example, as
    ``(i)`` is, not a label as Ng's ``W^{[l]}``."""
    m = re.fullmatch(r"\[\s*([A-Za-z])\s*\]", plain_text(arg).strip("{} "))
    return m is not None and m.group(1) not in "lL" and m.group(1) in bound_letters(source)


def classify_super(
    nodes: list[Node], base_greek: str | bool, *, on_name: bool = False, steps: frozenset[str] = frozenset(),
    capital: bool = False, targets: frozenset[str] = frozenset(), base: str = "", t_value: bool = True,
    _text: str | None = None,
) -> dict[str, object] | None:
    """Read a superscript that is notation rather than a power; None if it is a power.

    ``on_name``: the superscript sits on a name, where ``l``/``L`` is a layer and ``*`` a starred name.
    ``steps``: the formula's :func:`step_letters`, whose superscripts (``t``, ``t+1``) are step indices.
    ``t_value``: T is a number in the formula (:func:`t_is_value`), so a rate's ``\\gamma^T`` is its power.
    """
    text = _text if _text is not None else plain_text(nodes).replace("{", "").replace("}", "")
    text = _UPRIGHT_T.sub("T", text)  # Bishop's \mathrm{T}, Barber's \textsf{T}, {\rm T}: the transpose's T
    # Ng's a^{<t>}, Cho et al.'s h^{\langle t \rangle}: a time step, read as Goodfellow's h^{(t)}
    text = re.sub(r"^(?:\\langle|<)\s*([^<>]+?)\s*(?:\\rangle|>)", r"(\1)", text)
    # an equation editor's a_i^{\left( h \right)}: the parentheses sized, the same label as a_i^{(h)}
    text = re.sub(r"^\\left\s*\(\s*([^()]+?)\s*\\right\s*\)", r"(\1)", text)
    out: dict[str, object] = {}
    outer = (_TRANSPOSED_LABEL.match(text) or _LABEL_THEN_T.match(text)) if on_name else None
    if outer:  # Larochelle's \mathbf{W}^{(k+1)^{\top}}, \mathbf{x}^{(t)^{\top}}: the layer's (step's) one, transposed
        got = classify_super(nodes, base_greek, on_name=on_name, steps=steps, capital=capital, targets=targets,
                             base=base, t_value=t_value, _text=outer.group(1))
        return {**got, "transpose": True} if got and "error" not in got and "transpose" not in got else None
    m = _SAMPLE_LAYER.match(text) if on_name else None
    if m:  # Nielsen's a^{x,L}, \delta^{x,l}: training input x's value at layer L, as a^{[L](x)}
        return {"sample": m.group(1), "layer": re.sub(r"\s", "", m.group(2)), "reading": "superscript-sample-layer"}
    half = _HALF_STEP.match(text) if on_name else None
    if half:  # Shalev-Shwartz's projected step \mathbf{w}^{(t+\frac{1}{2})}: the iterate half way, a name of its own
        return {"word": f"({half.group(1)}+1/2)"}
    m = re.match(r"^\[([^\]]+)\]", text)
    if m:
        out["layer"] = m.group(1)
        text = text[m.end() :]
    text = re.sub(r"^\(\s*\\ell\s*(?:([+-])\s*(\d+)\s*)?\)", lambda m: f"(\\ell{m.group(1) or ''}{m.group(2) or ''})",
                  text)  # (\ell - 1): spaces dropped
    m = re.match(r"^\(([A-Za-z][A-Za-z0-9']*(?:[+-]\d+)?|\d+|[A-Za-z]_[A-Za-z0-9]|\\[a-z]+(?:[+-]\d+)?)\)", text)
    if m and m.group(1).startswith("\\") and not re.match(r"\\(?:tau|ell)(?![a-z])", m.group(1)) \
            and re.sub(r"[+-]\d+$", "", m.group(1)) not in steps:
        m = None  # a Greek letter counts patterns only where the formula sums over it (greek_sample): Hertz et al.'s μ
    if m and _NIELSEN_LAYER.match(m.group(1)):  # Goodfellow's W^{(l)}, h^{(l-1)}: a layer, as W^{[l]}
        out["layer"] = m.group(1)
        text = text[m.end() :]
    elif m and not (on_name and m.group(1).isalpha() and len(m.group(1)) > 1 and (
            set(m.group(1)) - set(_INDEX_LIKE) or m.group(1).lower() in _LABEL_WORDS)):  # Raschka's X^{(in)}
        out["sample"] = m.group(1)  # Goodfellow's h^{(t)}; a word in parentheses, Raschka's W^{(out)}, is a label
        text = text[m.end() :]
    m = _NIELSEN_LAYER.match(text)
    if m and on_name and not out and (base_greek not in RATE_GREEK or "l" in steps):  # Nielsen's w^l_{jk}: layers
        out["layer"] = text
        out["reading"] = "superscript-layer"
        text = ""
    m = re.match(r"^([A-Za-z])(?:'|\\prime)?(?:[+-]\d+)?$", text)
    if m and m.group(1) in steps and on_name and not out and base_greek not in RATE_GREEK:  # w^{t+1}, w^t, a^{t'}
        out["sample"] = text  # as Goodfellow's w^{(t+1)}: one quantity at successive steps
        out["reading"] = "superscript-step"
        text = ""
    if on_name and not out and text in targets and text != base and base_greek not in DECAY_GREEK:
        return {"word": text, "reading": "superscript-target"}  # Goodfellow's b_i^f beside f_i^{(t)} = ...
    if on_name and not out and capital and re.fullmatch(r"[A-SU-Z]", text):
        return {"word": text, "reading": "superscript-word"}  # Vaswani et al.'s W_i^Q, W^K, W^V: projections
    script = _SCRIPT_LABEL.fullmatch(text) if on_name and not out else None
    if script:  # Pointer Networks' \mathcal{C}^{\mathcal{P}}: the sequence of problem P, a label (a set is no power)
        return {"word": script.group(2), "reading": "superscript-set-label"}
    decorated = _DECORATED_LABEL.fullmatch(text) if on_name and not out and capital else None
    if decorated:  # a GRU's W^{(\tilde{h})}_{xh}, U^{\tilde{h}}: the candidate state's weights, a label
        return {"word": decorated.group(2) + decorated.group(1).replace("wide", ""), "reading": "superscript-word"}
    upright = _UPRIGHT_LETTER.match(text) if on_name and not out else None
    if upright:  # d2l's \mathbf{W}^{(\mathrm{o})}: the output's weights, a label set upright, never a power
        return {"word": upright.group(1)}
    word = _SUPER_WORD.match(text) if on_name and not out else None
    turned = re.match(r"^(.*?)(\\top|\\intercal)$", text) if on_name and not out and not word else None
    if turned:  # X^{(\text{train})\top}: the word, transposed
        word = _SUPER_WORD.match(turned.group(1))
    if word and not word.group(1) and (word.group(2).lower() in POWER_WORDS or word.group(2) in GREEK):
        return None  # x_i^{\text{exponent}}; code's output ** gamma: a power by a named number, not a label
    if word and not word.group(1) and word.group(2).lower() in COUNTER_WORDS and base_greek in RATE_GREEK:
        return None  # lr_{initial} * \gamma^{epoch}: a rate decayed once a step, to the power of the count
    if word and (word.group(1) == "(") == (word.group(3) == ")") and (
            set(word.group(2)) - set(_INDEX_LIKE) or (word.group(1) and word.group(2).lower() in _LABEL_WORDS)):
        out = {"word": word.group(2)}  # \theta^{old}, g^{ave}_t, \hat{y}^{(\text{test})}: part of the name
        if turned:
            out["transpose"] = True
        if len(word.group(2)) <= 2 and not text.lstrip("(").startswith("\\"):
            out["reading"] = "superscript-word"  # x^{ab}: two plain letters could be a power x^{a b}
        return out
    wrapped = _WRAPPED_WORD.match(text) if on_name and not out else None
    if wrapped and wrapped.group(1).lower() not in POWER_WORDS | COUNTER_WORDS:  # QLoRA's \mathbf{X}^{\text{BF16}},
        return {"word": wrapped.group(1)}  # c_2^{\text{k-bit}}, \theta^{\text{int}}: a word set upright is a label
    star = re.match(r"^(\*|\\ast|\\star)", text) if on_name and not out else None
    if star:  # w^*: the optimum, a name (w^{*T}: its transpose)
        out["star"] = True
        text = text[star.end() :]
    if text in ("-T", "-\\top", "-\\intercal"):  # X^{-T}: the inverse of the transpose
        out["transpose"], out["inverse"] = True, True
        text = ""
    text = _UPRIGHT_T.sub("T", text)  # Bishop's \mathrm{T}, Miyato et al.'s {\rm T}: the transpose's T
    if text in ("T", "\\top", "\\intercal"):
        if text == "T" and base_greek in DECAY_GREEK and not out:
            if t_value:
                return None  # \beta^T is a power: decays are raised to a number of steps
            out["reading"] = "greek-transpose"  # cs229's \eta^T T(y): T is no number here
        out["transpose"] = True
        text = ""
    primes = 0
    while text.startswith(("\\prime", "'")):
        primes += 1
        text = text[6:] if text.startswith("\\prime") else text[1:]
    if primes:
        out["primes"] = primes
    if text and text.startswith(("/", "*", "\\cdot", "\\times")) and ("sample" in out or "layer" in out):
        return None  # Prince's positional encoding L^{(i-1)/D}: the bracket is a factor of a power's exponent
    if text or not out:
        return None if not out else {"error": text}
    return out


#: a power of one sample's, step's or layer's value in one superscript: Kingma & Welling's \sigma^{2(i)}, \sigma^{(i)2}
#: and of one layer's (Ng's Frobenius penalty \sum_k \sum_j W_{k,j}^{[l]2})
_MEMBER = r"\(([A-Za-z][A-Za-z0-9]*(?:[+-]\d+)?)\)"
_LAYER = r"\[([A-Za-z][A-Za-z0-9]*(?:[+-]\d+)?)\]"
_POWER_OF_MEMBER = re.compile(rf"^(?:(\d+){_MEMBER}|{_MEMBER}(\d+)|{_LAYER}(\d+))$")


def power_of_member(arg: list[Node], span: Span) -> tuple[dict[str, object], list[Node]] | None:
    """``\\sigma^{2(i)}`` (VAE eq. 9's variance of example i): the power 2 of the member (i), (\\sigma^{(i)})^2, not
    \\sigma to the power 2i (noted ``superscript-power-member``).  The index info and the power; None if the
    superscript is not a number beside a parenthesised index."""
    m = _POWER_OF_MEMBER.match("".join(plain_text(arg).replace("{", "").replace("}", "").split()))
    if m is None:
        return None
    power, index = m.group(1) or m.group(4) or m.group(6), m.group(2) or m.group(3) or m.group(5)
    layer = m.group(5) is not None or _NIELSEN_LAYER.match(index)
    info: dict[str, object] = {"layer" if layer else "sample": index,
                               "reading": "superscript-power-member"}
    return info, [Token("number", power, span)]


def letter_power(spec: AtomSpec, arg: list[Node]) -> bool:
    """Is this power by one Latin letter (``\\mu^t``, GRU's ``h_t^j``) an index read as a power?  Not on a rate
    (Adam's ``\\beta_1^t`` is a power) or e; a rate with a word subscript is a named value (SGDR's
    ``\\eta^i_{min}``: the i-th restart's minimum, noted)."""
    text = plain_text(arg).strip("{} ")
    rate = spec.greek and spec.base in DECAY_GREEK and not (spec.sub is not None and (
        (len(spec.sub.text) > 1 and spec.sub.text.isalpha()) or spec.sub.terms))  # DANN's \mu_j^t: a member of μ
    text = re.sub(r"^([A-Za-z])\s*(?:'+|\\prime)$", r"\1", text)  # Glorot & Bengio's W^{i'}: a primed letter too
    letter = (len(text) == 1 and text.isalpha() and text.isascii()) or _greek_letter(text)
    return letter and spec.base != "e" and not spec.word and not rate


def _greek_letter(text: str) -> bool:
    """``\\tau``: one Greek letter (distillation's p_t^\\tau, a temperature's label or a power), not the constant π."""
    return text.startswith("\\") and text[1:] in GREEK and text[1:] not in GREEK_CONSTANTS


def counter_power(spec: AtomSpec, arg: list[Node]) -> bool:
    """Is this power a word that counts steps on a rate (``\\gamma^{epoch}``, ``\\beta^{\\text{step}}``)?  Noted
    ``counter-power``: a label on any other name (``\\theta^{step}``)."""
    word = _SUPER_WORD.match(plain_text(arg).replace("{", "").replace("}", "").strip())
    return bool(spec.greek and not spec.bold and spec.base in RATE_GREEK and word and not word.group(1)
                and word.group(2).lower() in COUNTER_WORDS)


def apply_super(spec: AtomSpec, info: dict[str, object], arg: list[Node], sp: Span, source: str) -> None:
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


def square_key(spec: AtomSpec) -> tuple[object, ...]:
    """What names a square a statement defines (:func:`fold_square`): the name, its subscript, accents and
    notation superscripts (the spelling of the subscript's braces aside)."""
    sub = spec.sub.text if spec.sub is not None else ""
    return spec.base, sub, spec.decorations, spec.bold, spec.layer, spec.sample


def fold_square(spec: AtomSpec, squares: set[tuple[object, ...]], exponent: list[Node]) -> list[Node] | None:
    """``\\sigma_\\mathcal{B}^2`` after a statement defined it (``square-name``): the square is part of the name, the
    variance, not a power of a standard deviation no statement sets; a bare capital squared beside such a labelled
    square (scikit-learn's adjusted ``R^2_{adj} = 1 - \\frac{(1 - R^2)(n-1)}{n-k-1}``) is the unlabelled score, one
    name too (``square-name-sibling``).  Returns the power left (None when folded)."""
    key = square_key(spec)
    sibling = spec.sub is None and spec.base[:1].isupper() and any(
        k[0] == key[0] and k[1] and k[2:] == key[2:] for k in squares)  # R^2 beside R^2_{adj} = 1 - ...(1 - R^2)
    if key not in squares and not sibling:
        return exponent
    spec.base, spec.base_latex = spec.base + "^2", spec.base_latex + "^{2}"
    spec.spelling += "^2"
    spec.readings += ("square-name" if key in squares else "square-name-sibling",)
    return None


#: Greek letters a parenthesised superscript counts steps with (Bishop's iteration \mathbf{w}^{(\tau)}, read as w^{(t)})
STEP_GREEK = frozenset({"tau"})
#: a parenthesised superscript of one Greek letter, maybe plus or minus a number: Bishop's iteration w^{(\tau+1)}
#: an upright or sans-serif T, as some authors set the transpose (``^{\\mathrm{T}}``, ``^{\\rm T}``, ``^\\mathsf{T}``)
_UPRIGHT_T = re.compile(r"^\\(?:" + "|".join(sorted(TRANSPOSE_FONTS, key=len, reverse=True)) + r")\s*\{?\s*T\s*\}?$")
_GREEK_STEP = re.compile(r"^\(\s*\\([a-z]+)\s*(?:[+-]\s*\d+)?\s*\)(?:T|\\top|\\intercal)?$")


def refuse_greek_step(base: str, arg: list[Node], greek: set[str], source: str, span: Span) -> None:
    """Refuse a step written with a Greek letter in parentheses on a name (Bishop's ``\\mathbf{w}^{(\\tau)}``,
    ``\\mathbf{w}^{(\\tau+1)}``, ``\\mathbf{w}^{(\\tau)T}``): parentheses mark a step or sample index, as
    ``w^{(t)}``, never a power (which no one parenthesises alone); read as one, it was w to the power tau."""
    text = plain_text(arg).replace("{", "").replace("}", "")
    m = _GREEK_STEP.match(text)
    if m is None or m.group(1) not in greek or m.group(1) in STEP_GREEK or m.group(1) == "ell":  # \ell: a layer
        return
    if greek_sample(m.group(1), source):  # Hertz, Krogh & Palmer's x_i^{(\mu)} x_j^{(\mu)}: pattern μ, as τ is
        return
    raise NotSupported(
        f"the superscript {text} on {base}: a step written with a Greek letter (Bishop's iteration "
        f"\\mathbf{{w}}^{{(\\{m.group(1)})}}) is not read yet; as a power it would be {base} to the {m.group(1)}",
        source=source, span=span, hint="write the step with a Latin letter (\\mathbf{w}^{(t)}, \\mathbf{w}^{(t+1)})")


#: the variable of a partial derivative with a one-letter superscript, before or after its subscript:
#: Hagan et al.'s \partial w_{i,j}^{m}, \partial n_i^m (layer m), \partial \mathbf{x}^l
_DIFFERENTIATED_SUPER = re.compile(
    r"\\partial\s*(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*)?(\\?[A-Za-z]+?)\s*\}?\s*(?:_\s*(?:\{[^{}]*\}|\\?[A-Za-z0-9])\s*)?"
    r"\^\s*\{?\s*([a-z]|\\(?:alpha|mu|sigma|pi|phi|psi))\s*\}?(?![A-Za-z])")  # Bishop's MDN outputs z^{\alpha}


@functools.lru_cache(maxsize=64)
def differentiated_supers(source: str) -> frozenset[tuple[str, str]]:
    """(name, letter) of each variable a partial derivative is taken by with a one-letter superscript (Hagan et
    al.'s ``\\frac{\\partial \\hat{F}}{\\partial w_{i,j}^{m}}``): no one differentiates by a power, so the letter labels
    a layer (m) wherever a name carries it alone up (``s_i^m \\equiv \\partial \\hat{F} / \\partial n_i^m``)."""
    return frozenset((m.group(1).lstrip("\\"), m.group(2)) for m in _DIFFERENTIATED_SUPER.finditer(source)
                     if m.group(2) not in ("t",) and not re.search(r"\\[dt]?frac\s*\{\s*$", source[: m.start()]))
    # (a numerator's \partial E^q is the differentiated function, Bishop's error of pattern q: no variable)
