"""A letter superscript shared by bold vectors: a step or layer index, not a power (Ba et al.'s layer norm for
RNNs, ``\\mathbf{h}^t = f[\\frac{\\mathbf{g}}{\\sigma^t} \\odot (\\mathbf{a}^t - \\mu^t) + \\mathbf{b}]``).

A bold vector to the power t is almost never meant; when the same lone letter sits up on two names or more and
one of them is bold, the letter counts steps (or layers) throughout the formula, and each name carrying it is the
quantity at that step, noted ``superscript-shared-step``.  Scalars alone (``\\mu^t = \\frac{1}{H}\\sum a_i^t``)
keep the noted power; a decay rate (Adam's ``\\beta_1^t``, ``\\rho^t``) stays a power, only the mean ``\\mu``
is a statistic at the step.
"""

from __future__ import annotations

import functools
import re

from symdl.read.greekindex import index_name
from symdl.read.superscripts import step_letters

#: a name (a command with its braced argument, a command, or one letter) with an optional subscript, then a lone
#: lower-case Latin letter as its superscript (``^t``, ``^{t}``), not followed by more of the superscript
_NAME = r"(\\[A-Za-z]+\s*\{[^{}]*\}|\\[A-Za-z]+|(?<![\\A-Za-z])[A-Za-z])"
_SUB = r"(?:_\s*(?:\{[^{}]*\}|\\?[A-Za-z0-9]))?"
_LONE_SUPER = re.compile(_NAME + r"\s*" + _SUB + r"\s*\^\s*(?:\{\s*([a-z])\s*\}|([a-z])(?![A-Za-z]))")
_BOLD = re.compile(r"^\\(?:mathbf|boldsymbol|bm|vec)\s*\{")
#: a letter bound by a sum, product or an operator's subscript (``\sum_t``, ``\max_t``): there it is the index
_BOUND = re.compile(r"\\(?:sum|prod|max|min|mathbb\s*\{E\}|mathbb\s*E)\s*_\s*\{?\s*([A-Za-z])\b")
#: decay rates that stay powers at a shared step; the mean mu is a statistic at the step (Ba et al.'s \mu^t)
STATISTIC_GREEK = frozenset({"mu"})


@functools.lru_cache(maxsize=64)
def shared_steps(source: str) -> frozenset[str]:
    """Letters written alone as the superscript of two names or more, one of them bold (``\\mathbf{h}^t``,
    ``\\mathbf{a}^t``), bound by no sum and never written with an offset: each is a step or layer
    index in this formula."""
    names: dict[str, set[str]] = {}
    bold: set[str] = set()
    for m in _LONE_SUPER.finditer(source):
        letter = m.group(2) or m.group(3)
        names.setdefault(letter, set()).add(re.sub(r"\s", "", m.group(1)))
        if _BOLD.match(m.group(1)):
            bold.add(letter)
    bound = set(_BOUND.findall(source)) | step_letters(source)  # w^{t+1} beside w^t: superscript-step says it
    return frozenset(letter for letter in bold if len(names[letter]) >= 2 and letter not in bound)


def shared_step(text: str, shared: frozenset[str], base_greek: str | bool, rates: set[str]) -> dict[str, object] | None:
    """The step reading of the superscript ``text`` when it is a :func:`shared_steps` letter; None otherwise (a
    decay rate other than a statistic stays a power)."""
    if text not in shared or (base_greek in rates and base_greek not in STATISTIC_GREEK):
        return None
    return {"sample": text, "reading": "superscript-shared-step"}


#: a name's subscript that is one lower-case letter, maybe with an offset (Glorot & Bengio's n_i, n_{i+1})
_SUB_LETTER = re.compile(r"(?<!\\)[A-Za-z}]\s*_\s*(?:\{\s*([a-z])\s*(?:[+-]\s*\d+\s*)?\}|([a-z])(?![A-Za-z]))")
#: a superscript of one letter, maybe with an offset (W^i, z^{i+1})
_LETTER_OFFSET = re.compile(r"^([a-z])(?:[+-]\d+)?$")


@functools.lru_cache(maxsize=64)
def subscript_letters(source: str) -> frozenset[str]:
    """Lower-case letters that subscript a name in ``source`` (``n_i``, ``n_{i+1}``) and no sum, product or
    operator binds (``\\sum_i \\gamma^i r_i`` keeps its power)."""
    found = {m.group(1) or m.group(2) for m in _SUB_LETTER.finditer(source)}
    found |= {c for m in _SUB_PAIR.finditer(source) for c in m.group(1) if c.isalpha()}  # Haykin's w_{ji}, x_{ji}
    return frozenset(found - set(_BOUND.findall(source)))


#: a subscript of two or three index letters, maybe with commas (w_{ji}, w_{kj}, W_{i,j}): each letter an index
_SUB_PAIR = re.compile(r"(?<!\\)[A-Za-z}]\s*_\s*\{\s*([ijklmn](?:\s*,?\s*[ijklmn]){1,2})\s*\}")


#: a letter bound by a sum or a product (``\sum_i``, ``\sum_{i=1}^m``, ``\prod_{i}``)
_SUMMED = re.compile(r"\\(?:sum|prod)\s*(?:\\limits\s*)?_\s*\{?\s*([a-z])(?![A-Za-z])")
#: Greek names that are rates or constants raised to a summed index (\gamma^i r_i, \lambda^k): they count no sample
_GREEK_NAME = re.compile(r"^\\(?:[a-z]+)$")


@functools.lru_cache(maxsize=64)
def summed_samples(source: str) -> frozenset[str]:
    r"""Letters a sum or product binds that sit alone up on two different Latin names or more (Hastie et al.'s
    ``\sum_{i=1}^N (y^i - \hat{y}^i)``, ``\sum_{i=1}^m (h(x^i) - y^i)^2``): each is the sample the sum runs
    over, not a power; a polynomial raises one name (``\sum_i w_i x^i``), a discount one rate (``\gamma^i``)."""
    names: dict[str, set[str]] = {}
    for m in _LONE_SUPER.finditer(source):
        name = re.sub(r"\s", "", m.group(1))
        if not _GREEK_NAME.match(name):
            names.setdefault(m.group(2) or m.group(3), set()).add(name)
    return frozenset(letter for letter in set(_SUMMED.findall(source)) if len(names.get(letter, ())) >= 2)


def summed_sample(text: str, source: str, base_greek: str | bool, base: str) -> dict[str, object] | None:
    """The sample reading of the superscript ``text`` when it is a :func:`summed_samples` letter on a Latin name
    (not e, not a Greek rate), or a :func:`summed_greek` pattern index on any name; None otherwise."""
    if text.strip() in summed_greek(source) and base != "e":  # Hertz et al.'s \zeta_i^\mu under \sum_{\mu i}
        return {"sample": index_name(text.strip()), "reading": "superscript-summed-sample"}
    shifted = re.fullmatch(r"(\\[a-z]+)\s*([+-])\s*(\d+)", text.strip())  # synaptic intelligence's t^{\nu-1}
    if shifted and shifted.group(1) in summed_greek(source) and base != "e":  # beside t^\nu: the task before
        return {"sample": f"{index_name(shifted.group(1))}{shifted.group(2)}{shifted.group(3)}",
                "reading": "superscript-summed-sample"}
    if base_greek or base == "e" or text.strip() not in summed_samples(source):
        return None
    return {"sample": text.strip(), "reading": "superscript-summed-sample"}


#: a sum's or product's subscript: \sum_{\mu i}, \sum_\mu
_SUM_SUB = re.compile(r"\\(?:sum|prod)\s*(?:\\limits\s*)?_\s*(\{[^{}]*\}|\\[a-z]+)")
_GREEK_IN = re.compile(r"\\(mu|nu|kappa|xi|zeta)(?![A-Za-z])")


@functools.lru_cache(maxsize=64)
def summed_greek(source: str) -> frozenset[str]:
    r"""Greek pattern indices a sum binds (Hertz, Krogh & Palmer's ``\sum_{\mu i} (\zeta_i^\mu - O_i^\mu)^2``:
    pattern μ) that sit alone up on two names or more: the pattern each name is of, not a power."""
    bound = {g for m in _SUM_SUB.finditer(source) for g in _GREEK_IN.findall(m.group(1))}
    return frozenset("\\" + g for g in bound
                     if len(re.findall(r"\^\s*\{?\s*\\" + g + r"(?![A-Za-z])\s*\}?", source)) >= 2)


#: a superscript that is one letter with an offset: n-1, l+1, k-2
_OFFSET = re.compile(r"\(?([a-zA-Z])\s*[+-]\s*\d+\)?")
#: a letter a sum or product binds
_BOUND = re.compile(r"\\(?:sum|prod)\s*_\s*\{?\s*([A-Za-z])\b")


def offset_on_array(text: str, source: str, bold: bool) -> dict[str, object] | None:
    """The index reading of a letter with an offset up on a bold name (Transformer-XL's
    ``\\mathbf{h}_{\\tau}^{n-1}``, the layer below): a vector raised entry by entry to n − 1 is no power a network
    writes; a letter a sum or product binds stays a power's (a series ``\\sum_n \\mathbf{A}^{n-1}``)."""
    m = _OFFSET.fullmatch(text.strip())
    if bold and m is None and re.fullmatch(r"[A-Za-z]", text.strip()) and text.strip() not in _BOUND.findall(source):
        letter = text.strip()  # Hagan et al.'s \mathbf{a}^{m+1} = \mathbf{f}^{m+1}(\mathbf{W}^{m+1}\mathbf{a}^m + ...),
        offsets = re.compile(r"\^\s*\{\s*\(?" + letter.lower() + r"\s*[+-]\s*\d+")  # \mathbf{a} = \mathbf{a}^M
        if offsets.search(source):  # the same letter (or its capital, the last) up with offsets: an index too
            return {"sample": letter, "reading": "superscript-offset-letter"}
    if not bold or m is None or m.group(1) in _BOUND.findall(source):
        return None
    return {"sample": text.strip().strip("()"), "reading": "superscript-offset-vector"}


#: a word subscript written right after a superscript: SGDR's \eta^i_{\min}, \eta^i_{max}, \alpha^k_{\text{init}}
_WORD_SUB_AFTER = re.compile(r"\s*_\s*\{?\s*(?:\\(?:min|max|text\{[A-Za-z]+\}|mathrm\{[A-Za-z]+\})|[A-Za-z]{3,})")


def labelled_rate(spec_sub_text: str | None, source: str, end: int) -> bool:
    """Does a rate carry a word label (its subscript, already read, or written right after the superscript that ends
    at ``end``): SGDR's bounds \\eta^i_{\\min}, \\eta^i_{\\max} of run i?  A label names one schedule's value, whose
    lone index letter up there is the run, not a power (a discount's \\gamma^i has no label)."""
    if spec_sub_text is not None and len(spec_sub_text.lstrip("\\")) >= 3 and spec_sub_text.lstrip("\\").isalpha():
        return True
    return _WORD_SUB_AFTER.match(source, end) is not None


def index_super(text: str, source: str, base_greek: str | bool, rates: set[str], base: str,
                named: bool = False) -> dict[str, object] | None:
    """The index reading of the superscript ``text`` (``W^i``, ``z^{i+1}``) when its letter subscripts another name of
    the formula and no sum binds it (Glorot & Bengio's ``Var[W^i] = \\frac{2}{n_i + n_{i+1}}``: the weights of layer
    i, not W to the power i); None otherwise (a decay rate's ``\\gamma^i``, e's ``e^{i}``; ``named``: e is a name
    with a subscript too, See et al.'s attention energies ``e^t_i``)."""
    plain = text.replace(" ", "")
    if (base_greek not in rates and 2 <= len(plain) <= 3 and plain.isalpha() and plain.islower()
            and len(set(plain)) == len(plain) and set(plain) <= subscript_letters(source) and base != "e"):
        return {"word": plain, "reading": "superscript-index-letters"}  # implicit's s_u^{ij} beside y_i, y_j
    m = _LETTER_OFFSET.match(plain)
    if m is None or (base == "e" and not named):
        return None
    if base_greek not in rates and text.strip() in input_letters(source):  # Nielsen's \delta^x_L beside a^{x,L}
        return {"sample": text.strip(), "reading": "superscript-input-letter"}
    if base_greek not in rates and m.group(1) in subscript_letters(source):
        return {"sample": text.replace(" ", ""), "reading": "superscript-index-letter"}
    if base_greek not in rates and _family_letter(source, base, m.group(1)):  # Rojas's \delta^j = \dots \sum_{k
        return {"sample": text.replace(" ", ""), "reading": "superscript-family-letter"}  # \in I_j} \delta^k w_{kj}
    if coordinate_at_steps(source, text.strip()):  # Rprop's \eta^i_t beside \eta^i_{t-1}: coordinate i
        return {"sample": text.replace(" ", ""), "reading": "superscript-coordinate"}
    return None


def _family_letter(source: str, base: str, letter: str) -> bool:
    """Is ``letter`` bound by a sum while the same name is written elsewhere up with another lone letter that
    subscripts names and no sum binds (Rojas's ``\\delta^j = \\sigma'(a^j) \\sum_{k} \\delta^k w_{kj}``: δ^j is
    unit j's, so δ^k is unit k's, one family)?"""
    if letter not in _BOUND.findall(source):
        return False
    spelled = re.compile(r"(?<![A-Za-z\\])\\?" + re.escape(base) + r"\s*\^\s*(?:\{\s*([a-z])\s*\}|([a-z]))(?![A-Za-z])")
    others = {m.group(1) or m.group(2) for m in spelled.finditer(source)} - {letter}
    return bool(others & subscript_letters(source))


def coordinate_at_steps(source: str, letter: str) -> bool:
    """Is ``letter`` (i, j or k) written up on subscripted names at least twice (Rprop's per-weight step size
    ``\\eta^i_t \\leftarrow \\min(\\eta^i_{t-1}\\eta_+, \\Gamma_{max})``, ``w^i_t = w^i_{t-1} - g^i_t``): coordinate i
    of those names at their steps, not their power i?"""
    if letter not in ("i", "j", "k"):
        return False
    pattern = rf"\^\s*\{{?\s*{letter}\s*\}}?\s*_"
    return len(re.findall(pattern, source)) >= 2


#: a superscript of a letter, a comma and a layer (Nielsen's a^{x,L}, \delta^{x,l-1}): its first letter
_COMMA_INPUT = re.compile(r"\^\s*\{\s*([A-KM-Za-km-z])\s*,\s*[lL]\s*(?:[+-]\s*\d+\s*)?\}")


@functools.lru_cache(maxsize=64)
def input_letters(source: str) -> frozenset[str]:
    """Letters written as the training input of a sample-and-layer superscript (the x of Nielsen's ``a^{x,L}``): alone
    up on another name of the formula (``\\delta^x_L``) the letter is that input too, not a power."""
    return frozenset(_COMMA_INPUT.findall(source))
