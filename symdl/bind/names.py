"""What each name is: a scalar, one element of an indexed family, or one time of a series.

Decisions are made with the whole formula in view: a subscript letter is an index
when some sum binds it (or its primed twin), or it is one of the conventional
free indices ``i, j, k``; ``t`` is a time index when the same name also appears
at ``t-1`` or ``t+1``; anything else in a subscript is part of the name
(``\\beta_1``, ``W_c``, ``h_t``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from symdl.bind import siblings
from symdl.config import LABEL
from symdl.read.paramletters import parameter_letters
from symdl.read.syntax import AtomSpec, Placeholder, placeholder_id

#: subscript letters that are element indices even when no sum binds them
FREE_INDEX_LETTERS = {"i", "j", "k"}
#: parenthesised superscript letters that index samples or steps (x^{(i)}, x^{(n)}, h^{(t)}); another letter
#: (d2l's W^{(q)}, W^{(k)} beside the query q) labels the name, unless a sum binds it
SAMPLE_LETTERS = {"i", "j", "n", "m", "t", "s", "b"}


@dataclass(frozen=True)
class NameRole:
    """How an atom is bound.

    Attributes:
        kind: ``scalar`` (includes vectors/matrices), ``family`` or ``time``.
        name: the SymPy name of the quantity (family base or symbol name).
        key: the key in ``Formula.symbols`` (the family base's spelling for families).
        indices: for a family, ``(letter, offset)`` per index.
        offset: for a time series, the time offset (0 for ``v_t``, -1 for ``v_{t-1}``).
        series: for a time series, the base name (``v``).
        entry: for an entry picked by a label (``s_{y_i}``), the label's ``(letter, index)`` (``("y", "i")``).
        positions: for an entry of an array of several axes picked by index letters and labels (the PyTorch docs'
            ``x_{n,y_n}``), each position's ``(letter, "")`` or ``(label, index)`` (symdl.read.atoms.label_positions).
        linear: for an entry at computed positions (``r_{t+k}``, ``p_{i,2j+1}``), each position's
            ``((letter, coefficient), ...)`` and constant (symdl.read.linearsub).
    """

    kind: str
    name: str
    key: str
    indices: tuple[tuple[str, int], ...] = ()
    offset: int = 0
    series: str = ""
    label: str = ""
    entry: tuple[str, str] | None = None
    linear: tuple[tuple[tuple[tuple[str, int], ...], int], ...] | None = None
    positions: tuple[tuple[str, str], ...] | None = None


def index_letters(placeholders: dict[int, Placeholder], defined: Iterable[str] = ()) -> set[str]:
    """Subscript letters that are indices: bound by a sum (or its primed twin), or i, j, k.

    A conventional letter is a label instead when some upper-case name carries it unbound:
    in ``W_i [h_{t-1}; x_t] + b_i`` (an LSTM's input gate) ``i`` names the gate; and when, unbound, it
    subscripts one name only in matrix algebra (attention's ``\\sqrt{d_k}`` beside ``QK^T``, :func:`matrix_labels`).
    ``defined``: the letters of left sides that define entries (HiPPO's ``A_{nk}``, :mod:`symdl.bind.entrydefs`).
    """
    bound = bound_letters(placeholders) | set(entry_letters(placeholders)) | set(defined) | position_letters(
        placeholders)
    bound |= companion_letters(placeholders, bound_letters(placeholders))
    labels = set(matrix_labels(placeholders)) | set(word_labels(placeholders, defined)) | capital_labels(placeholders)
    labels |= named_letters(placeholders) | set(sibling_labels(placeholders))
    return bound | (FREE_INDEX_LETTERS - (labels - bound))


def companion_letters(placeholders: dict[int, Placeholder], summed: set[str]) -> set[str]:
    """The letters beside two summed indices or more in a subscript of three or more single letters written
    together, each once (instance norm's ``x_{nchw}`` under sums over h and w, ``y_{tijk} = x_{tijk} / \\sum_l
    \\sum_m x_{tilm}``, Chainer's bilinear ``W_{jkl}`` under sums over j and k): indices too (image n, channel c),
    never a label ``x_{nc}``.  A word (``L_{simple}`` beside a sum over i) has one summed letter at most; a subscript
    listed with commas (``x_{c,i,j}``) keeps its labels."""
    out: set[str] = set()
    for p in placeholders.values():
        sub = p.data["atom"].sub if p.kind == "atom" else None
        terms = sub.terms if sub is not None and "," not in sub.text else None
        letters = [x for x, off in terms or () if len(x) == 1 and x.isalpha() and x.islower()]
        if terms and len(letters) == len(terms) >= 3 and len(set(letters)) == len(letters) and len(
                set(letters) & summed) >= 2:
            out |= set(letters)
    return out


def note_companions(b: Any) -> None:
    """Note each subscript whose letters :func:`companion_letters` made indices beside the summed ones (rule
    ``subscript-companions``), once per spelling."""
    summed = bound_letters(b.ph)
    companions = companion_letters(b.ph, summed) - summed
    seen: set[str] = set()
    for p in b.ph.values():
        sub = p.data["atom"].sub if p.kind == "atom" else None
        letters = {x for x, _ in sub.terms or ()} if sub is not None and "," not in sub.text else set()
        if letters & companions and len(letters & summed) >= 2 and p.data["atom"].spelling not in seen:
            seen.add(p.data["atom"].spelling)
            b._note("subscript-companions", p.span, name=p.data["atom"].spelling,
                    letters=", ".join(sorted(letters & companions)), summed=", ".join(sorted(letters & summed)))


def parameter_subscripts(placeholders: dict[int, Placeholder], source: str) -> set[str]:
    """Letters a statement's left side takes as parameters (:func:`symdl.read.paramletters.parameter_letters`) that
    are the whole subscript of a name: word2vec's ``P(o \\mid c) = \\exp(u_o^T v_c) / \\dots``, the centre word's
    vector v_c of the argument c, an index.  A letter the right side also writes alone is a value, and a subscript
    of it a label."""
    params = parameter_letters(source)
    bare = Counter(a.base for p in placeholders.values() if p.kind == "atom" and is_bare(a := p.data["atom"]))
    single = {a.sub.text for p in placeholders.values() if p.kind == "atom" and (a := p.data["atom"]).sub is not None
              and a.sub.text in params and a.base != a.sub.text and bare[a.sub.text] <= 1}  # (Bahdanau's a(q, k) =
    # w^T \tanh(W_q q + W_k k): q written as a value too, so W_q's q is the query's label)
    pairs = {letter for p in placeholders.values() if p.kind == "atom" and (a := p.data["atom"]).sub is not None
             and (terms := a.sub.terms) and len(terms) >= 2 and all(x in params and off == 0 for x, off in terms)
             for letter, _ in terms}  # node2vec's \alpha_{pq}(t, x) = ... d_{tx}: the distance entry at (t, x)
    return single | pairs


def position_sibling_letters(placeholders: dict[int, Placeholder]) -> set[str]:
    """Letters at a subscript position where the same family is written elsewhere, with as many letters, by a letter
    a sum binds (RevIN's ``\\mathbb{E}_t[x_{kt}] = \\frac{1}{T_x}\\sum_{j=1}^{T_x} x_{kj}``: t stands where the sum's j
    does, the time axis): an index of that axis, not a label making another name x_t."""
    bound = bound_letters(placeholders)
    written: dict[tuple[object, int], list[tuple[tuple[str, int], ...]]] = {}
    for p in placeholders.values():
        a = p.data.get("atom") if p.kind == "atom" else None
        terms = a.sub.terms if isinstance(a, AtomSpec) and a.sub is not None and a.sub.terms else None
        if terms and len(terms) >= 2 and all(len(x.rstrip("'")) == 1 and x.islower() for x, _ in terms):
            written.setdefault((a.family_key_parts(), len(terms)), []).append(terms)
    stepped = {x for p in placeholders.values() if p.kind == "atom" and (a := p.data["atom"]).sub is not None
               and a.sub.terms for x, off in a.sub.terms if off != 0}  # AdaGrad's x_{t+1,i}: t counts steps
    out: set[str] = set()
    for rows in written.values():
        axes = [pos for pos in range(len(rows[0])) if any(row[pos][0] in bound and row[pos][1] == 0 for row in rows)]
        for pos in range(len(rows[0])):
            letters = {row[pos][0] for row in rows if row[pos][1] == 0}
            primed = len({x.rstrip("'") for x in letters}) == 1 < len(letters)  # Q_{s,a} beside Q_{s',a'}: a state
            if pos in axes or (axes and primed):
                out |= letters
    return out - bound - stepped


def entry_derivative_letters(placeholders: dict[int, Placeholder]) -> set[str]:
    """The subscript letters of a plain variable a derivative is taken by whose bold namesake is an argument of the
    function differentiated (CMU 10-601's ``\\frac{\\partial J(\\boldsymbol{\\theta})}{\\partial \\theta_m}``): the
    index of an entry of that vector, m, not a label of a name of its own."""
    from symdl.bind.sums import reachable

    out: set[str] = set()
    for p in placeholders.values():
        wrt = p.data.get("wrt") if p.kind in ("deriv", "grad") else None
        k = placeholder_id(wrt.expr) if wrt is not None else None
        a = placeholders[k].data.get("atom") if k is not None and placeholders[k].kind == "atom" else None
        terms = a.sub.terms if isinstance(a, AtomSpec) and a.sub is not None else None
        if not terms or len(terms) != 1 or terms[0][1] != 0 or a.bold or a.sample or a.layer is not None:
            continue
        inside = reachable(placeholders, p.data["of"].expr) if p.data.get("of") is not None else set()
        if any(placeholders[j].kind == "atom" and (o := placeholders[j].data.get("atom")).bold and o.base == a.base
               and o.sub is None for j in inside if j in placeholders):
            out.add(terms[0][0])
    return out


def sibling_labels(placeholders: dict[int, Placeholder]) -> dict[str, list[Placeholder]]:
    """Unbound index letters beside a label letter on the same name (:mod:`symdl.bind.siblings`)."""
    return siblings.sibling_labels(placeholders, bound_letters(placeholders), FREE_INDEX_LETTERS)


def named_letters(placeholders: dict[int, Placeholder]) -> set[str]:
    """Index letters that are the name of a quantity of the formula with a subscript of its own (attention's keys
    ``k_j`` or ``\\mathbf{k}_j`` beside ``\\sqrt{d_k}``, an LSTM's input gate ``i_t`` beside its bias ``b_i``): where
    such a letter is a whole subscript, it labels (the keys' dimension d_k), unless a sum binds it."""
    return {a.base for p in placeholders.values() if p.kind == "atom" and (a := p.data["atom"]).base in
            FREE_INDEX_LETTERS and a.sub is not None and not a.greek and a.sub.text != a.base}


def position_letters(placeholders: dict[int, Placeholder]) -> set[str]:
    """The index letters of subscripts that list indices and labels (the PyTorch docs' ``x_{n,y_n}``: n, the
    sample, an index of the whole formula, and the index of the label y_n)."""
    return {letter if not index else index for p in placeholders.values() if p.kind == "atom"
            and (sub := p.data["atom"].sub) is not None and sub.positions is not None
            for letter, index in sub.positions}


def capital_labels(placeholders: dict[int, Placeholder]) -> set[str]:
    """Letters that are the whole subscript of an upper-case Latin name (an LSTM's gate ``W_i``, Bishop's class
    ``\\mathcal{C}_k``): labels, unless a sum binds them or they pick a member of a summed family."""
    return {a.sub.terms[0][0] for p in placeholders.values() if p.kind == "atom"
            and (a := p.data["atom"]).base[:1].isupper() and not a.greek and a.sub and a.sub.terms
            and len(a.sub.terms) == 1 and not a.base_latex.startswith("\\Delta")}  # (Δw_i: a change, no capital)


#: subscript letters that may stand beside an index without making the subscript a label (x_{it}: sample i, time t)
_INDEX_LIKE = FREE_INDEX_LETTERS | {"t"}


def word_subscript(terms: tuple[tuple[str, int], ...], letters: set[str]) -> bool:
    """Is a subscript of three or more letters a word (``\\mathcal{L}_{dice}``, ``L_{simple}``, ``\\theta_{init}``),
    with two or more letters that index nothing, rather than indices side by side (``x_{ijk}``)?  Its index letters
    are then part of the word: never ``L_{dce}[i]``."""
    if len(terms) < 3 or any(off != 0 or len(letter) != 1 for letter, off in terms):
        return False
    plain = [letter for letter, _ in terms]
    repeated = len(plain) >= 4 and len(set(plain)) < len(plain)  # \\alpha_{init}: no indices repeat like that
    summed = sum(letter in letters for letter in set(plain))
    if not repeated and summed >= 2 and 2 * summed >= len(plain):
        return False  # instance norm's \\sum_{h,w} x_{nchw}: a tensor's entry, two of its indices summed
    return repeated or sum(letter not in letters and letter not in _INDEX_LIKE for letter in plain) >= 2


def word_labels(placeholders: dict[int, Placeholder], defined: Iterable[str] = ()) -> dict[str, list[Placeholder]]:
    """Unbound conventional index letters that are part of a label: a subscript that mixes one with letters that
    are not indices (PyTorch's ``W_{ih}``, ``b_{hh}``; an LSTM's ``U_{xi}``) → the atoms it labels.  ``defined``:
    letters that are indices all the same (:func:`index_letters`), as are those beside a label (``x_{n,y_n}``)."""
    bound = bound_letters(placeholders) | set(defined) | position_letters(placeholders)
    out: dict[str, list[Placeholder]] = {}
    for p in placeholders.values():
        a = p.data.get("atom") if p.kind == "atom" else None
        terms = a.sub.terms if a is not None and a.sub is not None and a.sub.terms else ()
        letters = [letter for letter, _ in terms]
        if len(letters) < 2 or all(letter in _INDEX_LIKE or letter in bound for letter in letters):
            continue
        if a is not None and kronecker_letters(a) is not None:
            continue  # \delta_{y,k}: the Kronecker delta of two values (noted kronecker-delta), not a label
        for letter in letters:
            if letter in FREE_INDEX_LETTERS and letter not in bound:
                out.setdefault(letter, []).append(p)
    return out


def bound_letters(placeholders: dict[int, Placeholder]) -> set[str]:
    """Letters a sum binds (with their unprimed twins), and the node whose neighbours a sum runs over."""
    names = {p.data["name"] for p in placeholders.values() if p.kind == "index"}
    names |= {x for p in placeholders.values() if p.kind == "optimum" for x in optimum_letters(p.data["under"])}
    centres = {p.data["centre"] for p in placeholders.values() if p.kind == "index" and p.data.get("centre")}
    return set(names) | {n.rstrip("'") for n in names} | centres  # the i of \sum_{j \in \mathcal{N}(i)} too


#: the letters an optimum ranges over in its condition: max pooling's ``\arg\max_{(p,q) \in \mathcal{R}_{ij}}``
_RANGED = re.compile(r"\s*\(?\s*([a-z](?:\s*,\s*[a-z])*)\s*\)?\s*\\in\b")


def braces_optional(spelling: str) -> str:
    """A regex for ``spelling`` with each brace optional: ``\\sigma_{i}`` also matches as written ``\\sigma_i``."""
    return re.escape(spelling).replace("\\{", "\\{?").replace("\\}", "\\}?")


def optimum_letters(under: str) -> list[str]:
    """The Latin letters an optimum's subscript ranges over in a set (``(p,q) \\in \\mathcal{R}_{ij}`` → p, q):
    indices of its body (``x_{pq}`` is entry (p, q) of x, not a name of its own)."""
    m = _RANGED.match(under)
    return re.findall(r"[a-z]", m.group(1)) if m else []


def entry_labels(placeholders: dict[int, Placeholder], declared: Iterable[str] = ()) -> set[tuple[str, str]]:
    """``(letter, index)`` of every label that picks an entry of a family (``y_i`` in ``s_{y_i}``) and of the
    ``declared`` ones (``Config.labels``): such a name is an integer, wherever it is written (``\\sum_{j \\neq
    y_i}`` too)."""
    found = {
        sub.entry
        for p in placeholders.values()
        if p.kind == "atom" and (sub := p.data["atom"].sub) is not None and sub.entry is not None
    } | {
        (letter, index)
        for p in placeholders.values()
        if p.kind == "atom" and (sub := p.data["atom"].sub) is not None and sub.positions is not None
        for letter, index in sub.positions
        if index
    }
    return found | {(m.group(1), m.group(2)) for name in declared if (m := LABEL.match(name.replace(" ", "")))}


def entry_letters(placeholders: dict[int, Placeholder]) -> dict[str, list[Placeholder]]:
    """Letters that pick an entry of a family summed elsewhere in the formula: ``s_c`` beside ``\\sum_j e^{s_j}``
    (the score of class c), ``z_c`` beside ``\\sum_k e^{z_k}`` → the atoms they subscript.  Such a letter is an index
    of the whole formula (p_c on the left is then entry c of p too)."""
    bound = bound_letters(placeholders)
    indices = FREE_INDEX_LETTERS - capital_labels(placeholders)  # Bishop's a_k beside \mathcal{C}_k: member k
    atoms = [p for p in placeholders.values() if p.kind == "atom"]
    calls = [p for p in placeholders.values() if p.kind == "call"]
    summed = summed_families(placeholders) | bold_twins(atoms, calls)
    out: dict[str, list[Placeholder]] = {}
    for p in atoms:
        a = p.data["atom"]
        terms = a.sub.terms if a.sub is not None and a.sub.terms else ()
        if len(terms) == 1 and terms[0][1] == 0 and terms[0][0] not in bound | indices | {"t"}:
            dotted = a.bold and a.transpose and a.base[:1].islower()  # word2vec's \mathbf{u}_o^\top \mathbf{v}_c
            if a.family_key_parts() in summed and (not a.bold or dotted) and a.layer is None:
                out.setdefault(terms[0][0], []).append(p)
    return out


def summed_families(placeholders: dict[int, Placeholder]) -> set[tuple[Any, ...]]:
    """Identities of the families a sum runs over: names whose every subscript letter a sum binds (``s_j`` under
    ``\\sum_j``)."""
    bound = bound_letters(placeholders)
    return {p.data["atom"].family_key_parts() for p in placeholders.values() if p.kind == "atom"
            and (sub := p.data["atom"].sub) is not None and sub.terms and all(x in bound for x, _ in sub.terms)}


def bold_twins(atoms: list[Placeholder], calls: list[Placeholder] = ()) -> set[tuple[Any, ...]]:  # type: ignore[assignment]
    """Identities of the plain twins of whole bold lower-case vectors: beside ``\\mathrm{lse}(\\mathbf{a})`` the
    plain ``a`` of ``a_c`` is the same vector's entries (Goodfellow et al.'s convention: bold **a** the vector,
    a_i its entries), so a letter subscripting it picks an entry, as beside a sum over the family."""
    out = set()
    for p in atoms:
        a = p.data["atom"]
        if a.bold and a.sub is None and a.sample is None and a.base[:1].islower() and len(a.base) == 1:
            base, _bold, *rest = a.family_key_parts()
            out.add((base, False, *rest))
    return out | softmax_defined(atoms, calls)


#: the known functions whose value is a vector of probabilities over classes
_DISTRIBUTIONS = {"softmax", "log_softmax"}


def softmax_defined(atoms: list[Placeholder], calls: list[Placeholder]) -> set[tuple[Any, ...]]:
    """Identities of the bare plain lower-case names a statement sets to a softmax (cs231n's ``p =
    \\mathrm{softmax}(z)`` then ``-\\log p_y``): the vector of class probabilities, so ``p_y`` is its entry y, as
    beside a bold twin (before: a separate number ``p_y``, silently).  The name is the statement's whole left side:
    the call starts right after its ``=`` (nothing but spacing between)."""
    out = set()
    for c in calls:
        if c.data.get("known") not in _DISTRIBUTIONS:
            continue
        for p in atoms:
            a = p.data["atom"]
            if (0 < c.span.start - p.span.end <= 3 and a.sub is None and a.sample is None and not a.bold
                    and len(a.base) == 1 and a.base.islower() and not any(
                        p.span.end <= q.span.start < c.span.start for q in atoms)):
                out.add(a.family_key_parts())
    return out


def matrix_labels(placeholders: dict[int, Placeholder]) -> dict[str, list[Placeholder]]:
    """Unbound conventional index letters that label a name in matrix algebra: in a formula with a transpose or three
    capital letters (``Q, K, V``), a letter that is the whole subscript of one name only (``d_k`` beside ``QK^T``) →
    the atoms it labels."""
    atoms = [p for p in placeholders.values() if p.kind == "atom"]
    capitals = {a.base for p in atoms if (a := p.data["atom"]).base[:1].isupper() and len(a.base) == 1
                and not a.greek}  # Vaswani et al.'s Q, K, V and W_i^Q: matrix algebra with a bracket transposed
    if not any(p.data["atom"].transpose for p in atoms) and len(capitals) < 3:
        return {}
    bound = bound_letters(placeholders)
    summed = summed_families(placeholders)  # cs229's \theta_k beside \sum_j \theta_j^T x
    names: dict[str, set[object]] = {}
    alone: dict[str, list[Placeholder]] = {}
    mixed: set[str] = set()
    for p in atoms:
        a = p.data["atom"]
        terms = a.sub.terms if a.sub is not None and a.sub.terms else ()
        for letter, _ in terms:
            if letter not in FREE_INDEX_LETTERS or letter in bound:
                continue
            names.setdefault(letter, set()).add(a.family_key_parts())
            if len(terms) == 1 and not a.sample and not a.bold and a.family_key_parts() not in summed:
                alone.setdefault(letter, []).append(p)
            else:
                mixed.add(letter)
    return {letter: ps for letter, ps in alone.items() if len(names[letter]) == 1 and letter not in mixed}


def time_bases(atoms: list[AtomSpec], steps: frozenset[str] = frozenset({"t"})) -> set[tuple[object, ...]]:
    """Identities of atoms that appear at a time offset other than 0 (``v_{t-1}``).

    An iterate superscript's letter (``t`` of ``\theta^{(t+1)}`` or ``w^{t+1}``) counts steps in the whole
    formula: ``g^{(t)}`` beside it is the gradient at step ``t``, one value, not a family over ``t``.
    """
    out = set()
    iterates = {m.group(1) for a in atoms if a.sample and (m := _ITERATE.match(a.sample)) and m.group(2)}
    for a in atoms:
        if a.sub and a.sub.terms and len(a.sub.terms) == 1:
            letter, off = a.sub.terms[0]
            if letter in steps and off != 0:  # t, or a recurrence's position letter (symdl.bind.recurrence)
                out.add(a.family_key_parts())
        if a.sample and (m := _ITERATE.match(a.sample)) and m.group(1) in iterates:
            out.add(("iterate", *a.family_key_parts()))
    return out


_ITERATE = re.compile(r"^([A-Za-z]|\\tau)([+-]\d+)?$")  # Bishop's \mathbf{w}^{(\tau)}: a step as w^{(t)}


def labels_name(sample: str) -> bool:
    """Does a parenthesised superscript label its name rather than index samples: a number (d2l's layer
    ``W^{(1)}``) or one letter that is no sample letter (d2l's query projection ``W^{(q)}``)?  (Where a bold name
    has the letter, :func:`role` makes it a label too: ``W^{(k)}`` beside ``\\mathbf{k}``.)"""
    return sample.isdigit() or (len(sample) == 1 and sample.isalpha() and sample not in SAMPLE_LETTERS)


def base_name(a: AtomSpec) -> str:
    """SymPy name of an atom without its subscript: ``yhat``, ``W^[2]``, ``sigma'``."""
    name = a.base + "".join(a.decorations) + ("cal" if a.cal else "")
    if a.layer is not None:
        name += f"^[{a.layer}]"
    if a.sample is not None and a.sample.isdigit():  # d2l's W^{(1)}, W^{(2)}: two layers' weights, two names
        name += f"^({a.sample})"
    return name + "'" * a.primes


def base_latex(a: AtomSpec) -> str:
    tex = a.base_latex
    if a.cal:
        tex = rf"\mathcal{{{tex}}}"
    if a.bold:
        tex = rf"\boldsymbol{{{tex}}}" if a.greek else rf"\mathbf{{{tex}}}"
    for d in reversed(a.decorations):
        tex = rf"\{d}{{{tex}}}"
    if a.layer is not None:
        tex += f"^{{[{a.layer}]}}"
    if a.sample is not None and a.sample.isdigit():
        tex += f"^{{({a.sample})}}"
    return tex + "'" * a.primes


def strip_transpose(spelling: str) -> str:
    """The spelling of a transposed name without its transpose: ``x^T`` → ``x``, ``W^{[l]T}`` → ``W^{[l]}``, cs229's
    ``W^{[k+1]^\\top}`` → ``W^{[k+1]}``."""
    nested = re.sub(r"(\[[^\]]*\]|\([^)]*\))\^\{?(T|\\top|\\intercal)\}?\}$", r"\1}", spelling)  # W^{[k+1]^\top}
    if nested != spelling:
        return nested
    out = re.sub(r"(\^\{?-?(\\top|\\intercal|T)\}?|\.T)$", "", spelling)  # x^T, X^{-T}, numpy's K.T: x, X, K
    return re.sub(r"(\[[^\]]*\]|\([^)]*\))(T|\\top|\\intercal)\}", r"\1}", out)  # W^{[l]T}, W^{(1)\top}


def identity(a: AtomSpec) -> tuple[object, ...]:
    """What makes two spellings the same vector or matrix (its family key, subscript and sample)."""
    return (*a.family_key_parts(), a.sub.text if a.sub else None, a.sample)


def is_bare(a: AtomSpec) -> bool:
    """A name with nothing attached: no subscript, superscript index, accent, bold, prime; not a word."""
    return not (a.sub or a.sample or a.layer or a.decorations or a.bold or a.primes or a.word or a.cal)


def role(
    a: AtomSpec,
    letters: set[str],
    times: set[tuple[object, ...]],
    sum_indices: frozenset[str] | set[str] = frozenset(),
    vectors: frozenset[str] | set[str] = frozenset(),
    lone: frozenset[str] | set[str] = frozenset(),
    summed: frozenset[tuple[object, ...]] | set[tuple[object, ...]] = frozenset(),
    steps: frozenset[str] = frozenset({"t"}),
) -> NameRole:
    """Decide how atom ``a`` is bound; ``vectors`` are the letters of bold names (``\\mathbf{k}``), which a
    parenthesised superscript (``W^{(k)}``) labels rather than indexes; ``lone`` the superscript letters that only
    bold names carry and no sum runs over (Goodfellow's ``\\boldsymbol{o}^{(t)} = \\boldsymbol{c} +
    \\boldsymbol{V}\\boldsymbol{h}^{(t)}``): the vectors at step t, names; ``summed`` the steps written under a sum over
    their step letter (``\\sum_t (x_t - x_{t-1})^2``): entries of a sequence, not one quantity at two steps."""
    bare = is_bare(a)
    if bare and a.base in sum_indices:
        return NameRole("index", a.base, a.spelling)
    primed = a.base + "'" * a.primes
    if a.primes and primed in sum_indices and not (a.sub or a.sample or a.layer or a.decorations or a.bold or a.word
                                                   or a.cal):  # Q(s', a') under \max_{a'}: the index a'
        return NameRole("index", primed, a.spelling)
    name = base_name(a)
    key = strip_transpose(a.spelling) if a.transpose else a.spelling
    terms = a.sub.terms if a.sub else None
    if terms and len(terms) > 1:  # Ng's \alpha_{t,t'} beside \sum_{t''} e_{t,t''}: t' is another value of the index t
        unprimed = {x.rstrip("'") for x in letters}
        letters = set(letters) | {x for x, _ in terms if "'" in x and x.rstrip("'") in unprimed}
    if a.sub is not None and a.sub.entry is not None and a.sample is None:  # s_{y_i}: entry y_i of the family s
        return NameRole("family", name, family_key(a, ""), entry=a.sub.entry)
    if a.sub is not None and a.sub.positions is not None and a.sample is None:  # x_{n,y_n}: sample n, class y_n
        return NameRole("family", name, family_key(a, ""), positions=a.sub.positions)
    it = _ITERATE.match(a.sample) if a.sample else None
    if it is not None and ("iterate", *a.family_key_parts()) in times and a.family_key_parts() not in summed:
        if terms and any(letter in letters for letter, _ in terms):  # Cho et al.'s h_j^{(t)}: unit j at step t
            idx = tuple((letter, off) for letter, off in terms if letter in letters)
            label = _label(terms, letters)  # z_{i,j}^{(t)} with i no index: z_i^{(t)}, a family over j (i kept)
            key = re.sub(r"_\{?[^{}^]*\}?", f"_{{{label}}}" if label else "", key, count=1)
            return NameRole("family", f"{_labelled(name, label)}^({a.sample})", key, idx, label=label)
        off = int(it.group(2) or 0)  # W^{(k)}, W^{(k+1)}: one quantity at successive iterations
        if a.sub is not None:  # GraphSAGE's h^{(k)}_v beside h^{(k)}_{\mathcal{N}(v)}: two series, never one name
            name += f"_{{{a.sub.text}}}" if len(a.sub.text) > 1 else f"_{a.sub.text}"
        return NameRole("time", f"{name}^({a.sample})", key, offset=off, series=name)
    if a.sample is not None:
        # x^{(i)}: sample i; W^{(1)} (d2l's layer 1) and W^{(q)} (d2l's query projection): part of the name
        sampled = (not labels_name(a.sample) or a.sample in letters) and a.sample not in vectors
        if sampled and labels_name(a.sample) and a.sample not in sum_indices and (a.bold or a.base[:1].isupper()):
            sampled = False  # Goodfellow's \boldsymbol{W}^{(k)}: layer k's matrix (no sum runs over k), one name
        if sampled and (a.bold or "superscript-shared-step" in a.readings) and a.sample in lone:
            sampled = False  # \boldsymbol{h}^{(t)} beside no sum over t and no number family over t: one vector
        greek = re.fullmatch(r"([a-z]{2,})([+-]\d+)", a.sample)  # synaptic intelligence's t^{\nu-1}: pattern ν - 1
        sample = ((greek.group(1), int(greek.group(2))),) if sampled and greek else ((a.sample, 0),) if sampled else ()
        if not sampled and not a.sample.isdigit():
            name += f"^({a.sample})"  # d2l's W^{(q)}: the query's projection, a name of its own
        if sample and terms and any(letter in letters for letter, _ in terms) and not word_subscript(terms, letters):
            idx = sample + tuple((letter, off) for letter, off in terms if letter in letters)
            label = _label(terms, letters)
            return NameRole("family", _labelled(name, label), _strip_sample(family_key(a, label)), idx, label=label)
        if sample:  # Ng's z^{(i)}_{\text{norm}}: the subscript that indexes nothing is part of the name
            label = a.sub.text if a.sub else ""
            return NameRole("family", _labelled(name, label), _strip_sample(key), sample, label=label)
    if terms and len(terms) == 1 and terms[0][0] in steps and a.family_key_parts() in times and \
            a.family_key_parts() not in summed:
        # x_t, x_{t-1}: one quantity at successive steps; under a sum over t (\sum_t (x_t - x_{t-1})^2) a family
        step, off = terms[0]
        sym = name + (f"_{step}" if off == 0 else f"_{{{step}{off:+d}}}")
        return NameRole("time", sym, key, offset=off, series=name)
    if terms and len(terms) == 1 and terms[0][1] == 0 and terms[0][0] in steps - {"t"} and a.bold:
        return NameRole("scalar", f"{name}_{terms[0][0]}", key)  # Goldberg's \mathbf{x}_j: the input at step j
    if terms and any(letter in letters for letter, _ in terms) and not word_subscript(terms, letters):
        idx = tuple((letter, off) for letter, off in terms if letter in letters)
        label = _label(terms, letters)
        return NameRole("family", _labelled(name, label), family_key(a, label), idx, label=label)
    if a.sub is not None:
        return NameRole("scalar", f"{name}_{{{a.sub.text}}}" if len(a.sub.text) > 1 else f"{name}_{a.sub.text}", key)
    return NameRole("scalar", name, key)


def step_letter(a: AtomSpec) -> str | None:
    """The letter of ``a``'s step: k of ``W^{(k+1)}``, t of ``h_j^{(t)}``; t of ``x_t``, ``x_{t-1}``; else None."""
    it = _ITERATE.match(a.sample) if a.sample else None
    if it is not None:
        return it.group(1)
    terms = a.sub.terms if a.sub else None
    return "t" if terms and len(terms) == 1 and terms[0][0] == "t" else None


def _label(terms: tuple[tuple[str, int], ...], letters: frozenset[str] | set[str]) -> str:
    """The subscript letters that are no index, with their offsets: ``h_{i, t-1}`` is the family h_{t-1} over i."""
    return "".join(letter + (f"{off:+d}" if off else "") for letter, off in terms if letter not in letters)


def _labelled(name: str, label: str) -> str:
    return name + ((f"_{{{label}}}" if len(label) > 1 else f"_{label}") if label else "")


def _strip_sample(spelling: str) -> str:
    import re

    out = re.sub(r"\^\{\s*(?:\d+\s*\((\w+)\)|\((\w+)\)\s*\d+)\s*\}", "", spelling)  # \sigma^{2(i)}: the power is apart
    out = re.sub(r"\^\{?\((\w+)\)\}?", "", out)
    out = re.sub(r"\((\w+)\)\}", "}", out)
    return out.replace("^{}", "")


def family_key(a: AtomSpec, label: str) -> str:
    """The family's key: its spelling with the index subscript removed (``z``, ``\\bar{\\mathbf{h}}``)."""
    import re

    s = a.spelling
    if a.sub is None:
        return s
    tail = (f"_{{{label}}}" if len(label) > 1 else f"_{label}") if label else ""
    sub = re.escape(a.sub.text)
    bar = r"\\?_"  # Markdown's escaped x\_i (markdown-escape) is x_i: the family x, not x\\
    labelled = bool(a.sample) and a.sample.isalpha() and a.sample not in SAMPLE_LETTERS and bool(
        re.search(r"\^\{\(" + re.escape(a.sample) + r"\)\}$", s))  # an RBM's b_i^{(v)}: the label v, no sample
    before_word = (bar + r"\{" + sub + r"\}(?=\^)", bar + sub + r"(?=\^)") if "^" in a.base or labelled else ()
    for pat in (bar + r"\{" + sub + r"\}$", bar + sub + r"$", *before_word):
        # x_i, x_{ij}; and before a label superscript: b_i^f (the gate's bias), U_{i,j}^f, an RBM's b_i^{(v)}
        out = re.sub(pat, tail, s, count=1)
        if out != s:
            return out
    # the subscript is inside a decoration (\bar{\mathbf{h}_s}): use the canonical spelling
    return base_latex(a) + tail


#: superscript letters that count time steps (Goodfellow's RNN h^{(t)}; Cho et al.'s <t>, read as (t))
STEP_LETTERS = frozenset({"t"})


def lone_steps(atoms: list[AtomSpec], sums: set[str]) -> frozenset[str]:
    """Step letters in parenthesised superscripts that only bold names carry (``\\boldsymbol{h}^{(t)}``), that no
    sum runs over and that no plain name uses as a superscript or subscript: each such name is the one vector at
    step t, not a family of vectors indexed by t (a sample's ``\\mathbf{x}^{(i)}`` stays one of a family)."""
    shared = "superscript-shared-step"  # Ba et al.'s \sigma^t beside \mathbf{a}^t: the value at step t as the vectors
    bold = {a.sample for a in atoms if (a.bold or shared in a.readings) and a.sample in STEP_LETTERS}
    plain = {a.sample for a in atoms if not a.bold and a.sample and shared not in a.readings} | {
        letter for a in atoms if not a.bold and a.sub is not None and a.sub.terms for letter, _ in a.sub.terms}
    return frozenset(bold - plain - sums)


def kronecker_letters(a: AtomSpec) -> tuple[str, str] | None:
    """The two letters of a plain ``\\delta_{y,k}``, ``\\delta_{ij}`` (the Kronecker delta), or of an entry of the
    identity ``I_{kj}`` (Bishop's softmax derivative y_k(I_{kj} - y_j)), else None."""
    terms = a.sub.terms if a.sub is not None and a.sub.terms else ()
    plain = not (a.bold or a.decorations or a.layer or a.sample or a.primes or a.transpose)
    if a.base not in ("delta", "I") or not plain or len(terms) != 2 or any(off or len(t) != 1 for t, off in terms):
        return None
    return terms[0][0], terms[1][0]


def named_labels(placeholders: dict[int, Placeholder]) -> dict[str, list[Placeholder]]:
    """The atoms a letter of :func:`named_letters` is the whole subscript of (``d_k`` beside the keys ``k_j``), by
    letter; letters a sum binds are indices there."""
    letters = named_letters(placeholders) - bound_letters(placeholders)
    out: dict[str, list[Placeholder]] = {}
    for p in placeholders.values():
        a = p.data.get("atom") if p.kind == "atom" else None
        if a is not None and a.sub is not None and a.sub.terms and len(a.sub.terms) == 1 and a.sub.terms[0] == (
                a.sub.text, 0) and a.sub.text in letters and a.base != a.sub.text:
            out.setdefault(a.sub.text, []).append(p)
    return out
