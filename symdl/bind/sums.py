"""Sums as deep-learning texts write them, decided with the whole formula in view.

- Nielsen's ``\\sum_x [y \\ln a + (1-y)\\ln(1-a)]``: a summand that does not mention its index has its plain
  names read per example (:func:`per_example`, rule ``sum-per-example``), or is noted as a constant summand
  (:func:`constant_sums`, rule ``sum-constant``);
- Nielsen's ``\\sum_w w^2``: a sum over a weight letter runs over the weight's entries (:func:`entry_sums`, rule
  ``sum-over-entries``);
- fresh index letters for sums symdl writes itself (softmax's entry, the max norm).
"""

from __future__ import annotations

import re
from dataclasses import replace

import sympy

from symdl.bind.names import is_bare
from symdl.read.syntax import AtomSpec, Placeholder, placeholder_id


def inner_exprs(p: Placeholder) -> list[sympy.Basic]:
    """The placeholder-level expressions inside placeholder ``p`` (a call's arguments, a norm's inside ...)."""
    out: list[sympy.Basic] = []
    todo = list(p.data.values())
    while todo:  # lists and tuples of parts, to any depth (a piecewise row's (value, (left, rel, right)))
        x = todo.pop(0)
        if isinstance(x, (list, tuple)):
            todo[:0] = list(x)
        elif isinstance(getattr(x, "expr", None), sympy.Basic):
            out.append(x.expr)
    return out


def reachable(placeholders: dict[int, Placeholder], e: sympy.Basic) -> set[int]:
    """The placeholders in ``e``, and inside them, all the way down."""
    found: set[int] = set()
    todo = [e]
    while todo:
        for s in todo.pop().free_symbols:
            k = placeholder_id(s)
            if k is not None and k in placeholders and k not in found:
                found.add(k)
                todo.extend(inner_exprs(placeholders[k]))
    return found


def per_example(placeholders: dict[int, Placeholder], exprs: list[sympy.Basic]) -> dict[int, str]:
    """Names in the body of a sum that does not mention its index, as Nielsen's ``\\sum_x [y \\ln a + ...]``
    over the training inputs x: atom placeholder → the index they are read per (rule ``sum-per-example``).

    Only plain one-letter Latin names (no Greek parameter, no bold vector), and only where every use of the
    name is inside such a sum."""
    inside: dict[int, str] = {}
    for e in exprs:
        for s in e.atoms(sympy.Sum):
            inside.update(_constant_summand(placeholders, s))
    spellings = {placeholders[k].data["atom"].spelling for k in inside}
    outside = {
        p.data["atom"].spelling for k, p in placeholders.items() if p.kind == "atom" and k not in inside
    } & spellings
    return {k: letter for k, letter in inside.items() if placeholders[k].data["atom"].spelling not in outside}


def constant_sums(placeholders: dict[int, Placeholder], exprs: list[sympy.Basic]) -> dict[int, str]:
    """Index placeholders of the sums (and products) whose body never mentions their index → the index's name."""
    out: dict[int, str] = {}
    for e in exprs:
        for s in e.atoms(sympy.Sum, sympy.Product):
            reached = reachable(placeholders, s.function)
            for limit in s.limits:
                k = placeholder_id(limit[0])
                if k is not None and k in placeholders and placeholders[k].kind == "index":
                    letter = placeholders[k].data["name"]
                    if not _mentions(placeholders, reached, k, letter):
                        out[k] = letter
    return out


def _mentions(placeholders: dict[int, Placeholder], reached: set[int], k: int, letter: str) -> bool:
    """Does a sum's body (the placeholders ``reached`` from it) use its index ``letter`` (placeholder ``k``)?"""
    if k in reached:
        return True
    for j in reached:
        p = placeholders[j]  # a name, or a function's name: a family of functions y_k(x) under \sum_k
        a = p.data["atom"] if p.kind == "atom" else p.data.get("callee") if p.kind == "call" else None
        if not isinstance(a, AtomSpec):
            continue
        letters = {name for name, _ in a.sub.terms} if a.sub is not None and a.sub.terms else set()
        entry = a.sub.entry if a.sub is not None else None  # p_{y_i}: entry y_i, per i
        positions = (a.sub.positions or ()) if a.sub is not None else ()  # x_{n,y_n}: per n
        letters |= {c for position in positions for c in position if c}
        linear = (a.sub.linear or ()) if a.sub is not None else ()  # r_{t+j}, w_{t+j}: computed from j
        letters |= {name for terms, _ in linear for name, _ in terms}
        sampled = a.sample is not None and a.sample.endswith(f"_{letter}")  # J^{(j_k)}: example j_k, per k
        own = a.sample in (letter, "\\" + letter)  # x^{(i)}; Hertz et al.'s x^{(\mu)} under \sum_\mu
        if letter in letters or own or sampled or (entry is not None and letter in entry):
            return True
        if _is_letter(a, letter, bool(placeholders[k].data.get("vector"))):  # \sum_w w^2, \sum_{s'} v(s'): the index
            return True  # itself (x_j in \sum_x is an entry); \mathbf{x} of \sum_{\mathbf{x} \in \mathcal{B}}
    return False


def _is_letter(a: AtomSpec, letter: str, bold: bool = False) -> bool:
    """Is ``a`` the bare name ``letter``, primes included (``w``, Sutton & Barto's ``s'``); with ``bold``, the bold
    name (``\\mathbf{x}`` of ``\\sum_{\\mathbf{x} \\in \\mathcal{B}}``)?"""
    return a.base + "'" * a.primes == letter and a.bold == bold and is_bare(replace(a, primes=0, bold=False))


def _constant_summand(placeholders: dict[int, Placeholder], s: sympy.Sum) -> dict[int, str]:
    """The names read per example in the sum ``s`` over an index its body does not mention: with one index, Nielsen's
    ``\\sum_x [y \\ln a + ...]`` (plain one-letter names); with sums inside it, Nielsen's eq. 63, ``\\sum_x \\sum_j
    [y_j \\ln a^L_j + ...]`` (the names whose subscript is only the inner indices: entries per example)."""
    k = placeholder_id(s.limits[-1][0])  # the outermost index (SymPy joins \sum_x \sum_j into one Sum)
    if k is None or k not in placeholders or placeholders[k].kind != "index":
        return {}
    letter = placeholders[k].data["name"]
    body = reachable(placeholders, s.function)
    for limit in s.limits[:-1]:  # the inner sums' bounds (\sum_{j=1}^{x}) are part of the body
        body |= {j for part in limit for j in reachable(placeholders, part)}
    if _mentions(placeholders, body, k, letter):
        return {}
    inner = {placeholders[j].data["name"] for j in body if placeholders[j].kind == "index"}
    inner |= _nested_indices(placeholders, [s.function, *(e for j in body for e in inner_exprs(placeholders[j]))])
    atoms = {j: placeholders[j].data["atom"] for j in body if placeholders[j].kind == "atom"}
    if any(a.base == letter for a in atoms.values()):
        return {}  # Nielsen's \sum_x x_j (...): x_j is entry j of one input; noted as a constant summand
    if not inner:
        return {j: letter for j, a in atoms.items()  # a layer's output, Nielsen's a^L, too
                if is_bare(replace(a, layer=None)) and not a.greek and len(a.base) == 1}
    if letter in inner:
        return {}
    return {j: letter for j, a in atoms.items() if _inner_entry(a, inner)}


def _nested_indices(placeholders: dict[int, Placeholder], exprs: list[sympy.Basic]) -> set[str]:
    """The names of the indices of the sums written inside ``exprs`` (a sum's body and the insides of the
    placeholders it reaches: reward-to-go's \\sum_{t'=t}^T r_{t'} inside a gradient's parenthesis); their variables
    are bound there, so no free symbol shows them."""
    out: set[str] = set()
    for inner in (x for e in exprs for x in e.atoms(sympy.Sum)):
        for limit in inner.limits:
            k = placeholder_id(limit[0])
            if k is not None and k in placeholders and placeholders[k].kind == "index":
                out.add(placeholders[k].data["name"])
    return out


def _inner_entry(a: AtomSpec, inner: set[str]) -> bool:
    """Is ``a`` a plain Latin entry at the inner sums' indices only (``y_j``, Nielsen's ``a^L_j``, a next state
    ``s_{t'+1}``)?"""
    terms = a.sub.terms if a.sub is not None and a.sub.terms else ()
    return (bool(terms) and all(name in inner for name, _ in terms) and not a.greek
            and not a.bold and a.sub is not None and a.sub.entry is None and len(a.base) == 1)


#: index letters of a sum with no bounds whose summand uses the letter as a value: the sum runs over the entries of
#: that weight (Nielsen's L2 term \\sum_w w^2, the L1 term \\sum_w |w|)
ENTRY_SUM_LETTERS = {"w", "W"}


def entry_sums(placeholders: dict[int, Placeholder], found: list[LetterSum]) -> dict[str, str]:
    """``\\sum_w w^2``: the index name of each such sum → the fresh letter that runs over w's entries (rule
    ``sum-over-entries``); not where the letter is also a subscript (then it is a plain index).  ``found``:
    :func:`sums_over_their_letter`."""
    used = used_letters(placeholders)
    out: dict[str, str] = {}
    for index, s, names in found:
        hi = next(placeholder_id(lim[2]) for lim in s.limits if placeholder_id(lim[0]) == index.id)
        if hi is None or placeholders[hi].kind != "length":
            continue  # bounds written: \sum_{w=1}^{n} w runs over numbers
        name = index.data["name"]
        as_value = _used_as_value(placeholders, s.function, name)  # not oneDNN's \sum_{nhw} \src(n, c, h, w)
        valued = (name in ENTRY_SUM_LETTERS and as_value) or (
            not index.data.get("set")  # \sum_{x \in X} x^p: over X's values (value_sums)
            and as_value and _only_inside(placeholders, s, name))
        if valued and name not in out and names:
            out[name] = fresh_letter(used)
    return out


def _only_inside(placeholders: dict[int, Placeholder], s: sympy.Sum, letter: str) -> bool:
    """Is every name ``letter`` of the formula inside the sum ``s`` (``\\mathbb{E}[x] = \\sum_x x p(x)`` writes x
    outside it too: left as it was read)?"""
    inside = reachable(placeholders, s.function)
    return all(k in inside for k, p in placeholders.items()
               if p.kind == "atom" and _is_letter(p.data["atom"], letter))


def _used_as_value(placeholders: dict[int, Placeholder], body: sympy.Basic, letter: str) -> bool:
    """Is the bare name ``letter`` a value in ``body`` outside any function's arguments (Sutton & Barto's reward
    ``r`` in ``\\sum_{s', r} p(s', r | s, a) [r + \\gamma v(s')]``, ``x`` in ``\\sum_x x p(x)``), not only a
    label a function is applied to (``a`` in ``\\sum_a \\pi(a|s) q(s, a)``)?  Rule ``sum-over-values``."""
    found: set[int] = set()
    todo = [body]
    while todo:
        for sym in todo.pop().free_symbols:
            k = placeholder_id(sym)
            if k is None or k not in placeholders or k in found:
                continue
            found.add(k)
            p = placeholders[k]
            if p.kind == "atom" and _is_letter(p.data["atom"], letter):
                return True
            if p.kind not in ("call", "entry", "group-entry", "grad", "deriv", "expect"):
                todo.extend(inner_exprs(p))
    return False


def value_sums(found: list[LetterSum]) -> dict[str, str]:
    """``\\sum_{x \\in X} x^p`` (PyTorch's LPPool): the index of a sum over a set named by one letter, written bare
    in the body and nowhere as a subscript, runs over the set's values: index name → the set's name (``X``).  The
    read stage's ``sum-over-set`` note says so.  ``found``: :func:`sums_over_their_letter`."""
    return {index.data["name"]: index.data["set"] for index, _, names in found
            if (_VALUE_SET.match(index.data.get("set") or "") and any(is_bare(a) for a in names))
            or (index.data.get("vector") and index.data.get("set") and names)}  # \sum_{\mathbf{x} \in \mathcal{B}}


def vector_members(placeholders: dict[int, Placeholder], found: list[LetterSum]) -> dict[int, tuple[str, str]]:
    """``\\sum_{\\mathbf{x} \\in \\mathcal{B}} \\mathbf{x}`` (d2l's minibatch mean): each bold name the sum's index
    stands for in its body (atom placeholder) → (the index, the set's spelling): the set's vector at the index, the
    set an array with a vector per row (``sum-over-vectors``).  ``found``: :func:`sums_over_their_letter`."""
    out: dict[int, tuple[str, str]] = {}
    for index, s, _ in found:
        if not (index.data.get("vector") and index.data.get("set")):
            continue
        name = index.data["name"]
        for j in reachable(placeholders, s.function):
            if placeholders[j].kind == "atom" and _is_letter(placeholders[j].data["atom"], name, True):
                out[j] = (name, index.data["set"])
    return out


def set_name(spelling: str) -> str:
    """The SymPy name of a set spelt ``spelling``: ``\\mathcal{B}`` → ``Bcal``, ``\\mathcal{B}_t`` → ``Bcal_t``."""
    m = re.match(r"^(?:\\(mathcal|mathscr|mathbb|mathbf)\{([A-Za-z])\}|([A-Za-z]))(.*)$", spelling)
    if m is None:
        return re.sub(r"\W", "", spelling) or "S"
    suffix = {"mathcal": "cal", "mathscr": "cal", "mathbb": "bb", "mathbf": "bf"}.get(m.group(1) or "", "")
    return (m.group(2) or m.group(3)) + suffix + re.sub(r"[{}\\]", "", m.group(4))


#: a set of values a sum may run over, named by one letter (PyTorch's X), maybe calligraphic
_VALUE_SET = re.compile(r"^(?:[A-Za-z]|\\(?:mathcal|mathscr|mathbb)\{[A-Za-z]\})$")  # d2l's \mathcal{B} too


#: a sum over one index: (the index's placeholder, the sum, the names in its body spelt with the index's letter)
LetterSum = tuple[Placeholder, sympy.Sum, list[AtomSpec]]


def sums_over_their_letter(placeholders: dict[int, Placeholder], exprs: list[sympy.Basic]) -> list[LetterSum]:
    """Sums over one index whose letter no name carries as a subscript: (the index, the sum, the names in its body
    spelt with the index's letter, as ``w`` in ``\\sum_w w^2``)."""
    letters = _subscript_letters(placeholders)
    out = []
    for e in exprs:
        for s in e.atoms(sympy.Sum):
            for limit in s.limits:  # nested sums SymPy joined (\sum_{s', r}): each index on its own
                k = placeholder_id(limit[0])
                if k is None or k not in placeholders or placeholders[k].data["name"] in letters:
                    continue
                name = placeholders[k].data["name"]
                bold = bool(placeholders[k].data.get("vector"))  # \mathbf{x} of \sum_{\mathbf{x} \in \mathcal{B}}
                names = [placeholders[j].data["atom"] for j in reachable(placeholders, s.function)
                         if placeholders[j].kind == "atom" and _is_letter(placeholders[j].data["atom"], name, bold)]
                out.append((placeholders[k], s, names))
    return out


def _subscript_letters(placeholders: dict[int, Placeholder]) -> set[str]:
    """The letters names carry as index terms of their subscripts (i in x_i, t in h_{t-1})."""
    atoms = [p.data["atom"] for p in placeholders.values() if p.kind == "atom"]
    found = {name for a in atoms if a.sub is not None and a.sub.terms for name, _ in a.sub.terms}
    # computed positions too: Sutton & Barto's R_{t+k+1} under \sum_k \gamma^k: k indexes R, it is no set of values
    return found | {name for a in atoms if a.sub is not None and a.sub.linear
                    for letters, _ in a.sub.linear for name, _ in letters}


def used_letters(placeholders: dict[int, Placeholder]) -> set[str]:
    """Every letter the formula uses: names, subscript letters, summation indices."""
    used = {p.data["atom"].base for p in placeholders.values() if p.kind == "atom"} | _subscript_letters(placeholders)
    return used | {p.data["name"] for p in placeholders.values() if p.kind == "index"}


def fresh_letter(used: set[str]) -> str:
    """An index letter not in ``used`` (which it joins)."""
    letter = next((c for c in "jklmnpqrsuvi" if c not in used), None)
    if letter is None:
        letter = next(f"j{n}" for n in range(1, len(used) + 2) if f"j{n}" not in used)
    used.add(letter)
    return letter


def enclosing_sums(placeholders: dict[int, Placeholder], exprs: list[sympy.Basic]) -> dict[int, set[str]]:
    """Atom placeholder → the indices of the sums and products its body lies in (x_t under \\sum_t, \\prod_t: {t})."""
    out: dict[int, set[str]] = {}
    for e in exprs:
        for s in e.atoms(sympy.Sum, sympy.Product):
            for limit in s.limits:
                k = placeholder_id(limit[0])
                if k is None or k not in placeholders or placeholders[k].kind != "index":
                    continue
                for j in reachable(placeholders, s.function):
                    if placeholders[j].kind == "atom":
                        out.setdefault(j, set()).add(placeholders[k].data["name"])
    return out


def bound_placeholders(placeholders: dict[int, Placeholder], exprs: list[sympy.Basic]) -> set[int]:
    """The placeholders written in a sum's or product's bounds (m and T of ``\\sum_{j=m+1}^{T}``, the bars of
    ``\\sum_{t=1}^{|\\mathbf{z}|}``)."""
    return {k for e in exprs for s in e.atoms(sympy.Sum, sympy.Product) for limit in s.limits for end in limit[1:]
            for k in reachable(placeholders, end)}
