"""Big operators: sums, products, maxima and minima over an index (``\\sum_{i=1}^m``, ``\\sum_{j \\neq y_i}``,
``\\sum_{i \\in B}``, ``\\max_k``), and ``\\arg\\max_k``.

A ``\\sum`` with any of its bounds missing gets them filled (lower 1, upper the length of whatever the index runs
over); a condition under the operator (``j \\neq y_i``) becomes an indicator in the body.
"""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING

from symdl.errors import InvalidInput, NotSupported, Span
from symdl.read import argvalue, setsums, sumextent, sumranges, sumvalues
from symdl.read.atoms import _arg
from symdl.read.commands import ARG_OPERATORS, NAME_WRAPPERS
from symdl.read.constructs import _skip_space, split_top
from symdl.read.entrysums import implied_argument, implied_indices, left_side_letters, sum_of_entries
from symdl.read.environments import split_rows
from symdl.read.extents import _term_end
from symdl.read.greekindex import INDEX, index_name
from symdl.read.lexer import Token
from symdl.read.optima import (
    ACTION,
    OPTIMA,
    is_condition,
    is_variable,
    leads,
    objective_prefix,
    optimum,
    over_a_variable,
    several_variables,
    whole_right_side,
)
from symdl.read.proddivisor import divisor_outside
from symdl.read.sumpairs import pair_sums
from symdl.read.sumranges import one_sided, primed_letter, range_condition, start_and_skip
from symdl.read.sumstarts import builder_condition, set_builder_index, zero_member
from symdl.read.syntax import Group, Node, Placeholder, is_group, leaf_tokens, plain_text, strip_space
from symdl.read.tuplesums import member_sums

if TYPE_CHECKING:
    from symdl.read.expr import Emitter, ExprReader


def aggregate(reader: ExprReader, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
    """Bronstein et al.'s ``\\bigoplus_{v \\in \\mathcal{N}_u} \\psi(\\mathbf{x}_u, \\mathbf{x}_v)``: a
    permutation-invariant aggregation (a sum, a mean or a max) over the index, read as the sum (noted
    ``aggregate-sum``)."""
    op = nodes[i]
    assert isinstance(op, Token)
    reader.add_note("aggregate-sum", op.span, {"op": op.text})
    return big_operator(reader, [*nodes[:i], Token(op.kind, "\\sum", op.span), *nodes[i + 1 :]], i, em, bold)


def big_operator(reader: ExprReader, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
    """``\\sum``/``\\prod`` with full, partial or no bounds."""
    op = nodes[i]
    assert isinstance(op, Token)
    sub: list[Node] | None = None
    sup: list[Node] | None = None
    j = i + 1
    while True:
        j = _skip_space(nodes, j)
        if j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].is_cmd("\\limits", "\\nolimits"):
            j += 1
            continue
        if j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].is_op("_") and sub is None:
            sub, j, _ = _arg(nodes, j + 1, reader.source, f"{op.text} subscript")
        elif j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].is_op("^") and sup is None:
            sup, j, _ = _arg(nodes, j + 1, reader.source, f"{op.text} superscript")
        else:
            break
    if (sub is not None and sup is not None and op.text in ("\\sum", "\\prod") and len(strip_space(sub)) == 1
            and isinstance(strip_space(sub)[0], Token) and strip_space(sub)[0].kind == "number"
            and len(letters := implied_indices(nodes, _skip_space(nodes, j))) == 1):  # \sum_1^n w_i^2: over i from 1
        letter = letters.pop()
        reader.add_note("sum-implied-index", op.span, {"index": letter})
        sub = [Token("letter", letter, op.span), Token("op", "=", op.span), *strip_space(sub)]
    if sub is None and sup is None and op.text == "\\sum" and _skip_space(nodes, j) < len(nodes):
        letters = implied_indices(nodes, _skip_space(nodes, j))
        if len(letters) > 1:  # GAT's h'_i = σ(Σ α_{ij} W h_j): not over the left side's i
            letters -= left_side_letters(reader.source, op.span.start)
        if not letters and (arg := implied_argument(nodes, _skip_space(nodes, j))) is not None:
            reader.add_note("sum-over-argument", op.span, {"index": arg})  # KL's Σ P(x) log(P(x)/Q(x)): over x
            letters = {arg}
        elif not letters:
            return sum_of_entries(reader, nodes, i, _skip_space(nodes, j), em)  # the PyTorch docs' \sum x^2 (noted)
        if len(letters) == 1:
            letter = letters.pop()
            if not reader.notes or reader.notes[-1].rule != "sum-over-argument":
                reader.add_note("sum-implied-index", op.span, {"index": letter})  # \sum |x_i - y_i|: over i
            sub = [Token("letter", letter, op.span)]
    if sub is None and sup is None and (called := argvalue.value_call(reader, nodes, i, j, em)) is not None:
        return called  # the Switch Transformer's \operatorname{argmax}(p(x)): the index of the largest entry
    if sub is None:
        raise reader.error(
            NotSupported,
            f"{op.text} without an index",
            op.span,
            f"name the index: {op.text}_{{i=1}}^{{n}} x_i or {op.text}_i x_i",
        )
    term = nodes[j : j + _term_end(nodes[j:], _skip_space(nodes[j:], 0))]  # max pooling's \max_{0 \le a,b<k}: nested
    if op.text == "\\prod" and divisor_outside(reader, nodes, i, j, sub):  # TFP's \prod_j x_j^{a_j - 1} / Z
        return reader.emit_one(nodes, i, em, bold)
    if (ranged := sumranges.ranged_letters(reader, op, sub, sup, term, _subscripts_use)) is not None:
        nodes[i:j] = ranged
        return big_operator(reader, nodes, i, em, bold)
    if op.text in OPTIMA and sup is None and (is_condition(sub) or is_variable(sub) or op.text in ("\\sup", "\\inf")
                                              or several_variables(sub, nodes[j:], _subscripts_use)) \
            and not _over_members(reader, nodes, i, j, sub) and not _index_range(sub):
        return over_a_variable(reader, nodes, i, j, sub, em)  # \arg\min_\theta L(\theta), \sup_{\|f\|_L \leq 1}
    several = _several_indices(reader, op, sub, sup, nodes[j:])
    if several is not None:  # \sum_{i,j} A_{ij}^2 as \sum_i \sum_j A_{ij}^2 (noted)
        nested, rule = several
        span = Span(op.span.start, nodes[j - 1].span.end)
        if rule:
            reader.add_note(rule, span, {"text": reader.source[span.start : span.end]})
        nodes[i:j] = nested  # in place: the caller reads the body from this list, after the nested operators
        return big_operator(reader, nodes, i, em, bold)
    used = {c for c in (*"abcdefghijklmnopqrstuvwxyz", "\\ell") if _subscripts_use(nodes[j:], c)}
    if (paired := pair_sums(reader, op, sub, sup, used, Span(op.span.start, nodes[j - 1].span.end))) is not None:
        nodes[i:j] = paired  # the Boltzmann machine's \sum_{i<j} s_i s_j w_{ij}: \sum_j \sum_{i=1}^{j-1}
        return big_operator(reader, nodes, i, em, bold)
    sub = sumranges.stacked_conditions(op, sub, sup)  # \substack rows hold together
    sub = builder_condition(reader, op, sub, nodes, j)  # \sum_{i: w_i = w} a_i: the indicator times a_i (noted)
    sub = sumvalues.values_sum(reader, op, sub, sup, nodes, j)  # belief propagation's \sum_{x_j} \psi(x_j) ...
    sub = member_sums(reader, op, sub, sup, nodes, j)  # \sum_{(\mathbf{x}_i, y_i) \in S_k}, \sum_{(x,z) \in S}
    sub = setsums.complement(reader, op, sub, sup, nodes, j)  # HuBERT's \sum_{t \notin M}: times (1 - M_t)
    sub, marks = setsums.rewrite(reader, op, sub, sup, nodes, j)  # \sum_{\mathbf{x} \in \mathcal{B}}, \mathcal{N}(i)
    sub = sumranges.outer_skip(reader, op, sub)  # \sum_i \sum_{i \neq j}: the inner sum over j
    sub, sup = one_sided(reader, op, sub, sup)  # \sum_{t>1}^{T}: from 2 to T; AdaGrad's \sum_{s \le t}: 1 to t
    # \sum_{-c \le j \le c, j \neq 0}, \sum_{j=1, j \neq y_i}^{n}: bounds, and a value skipped
    ranged = range_condition(op, sub, sup) or start_and_skip(reader, op, sub, sup)
    if ranged is not None:
        sub, sup, skipped = ranged
    index_nodes, low, excluded, members = _index_and_start(reader, op, sub)
    excluded = excluded or (skipped if ranged is not None else [])
    low, sup, over = _over_a_set(reader, op, index_nodes, members, low, sup)
    name = plain_text(index_nodes)
    low, sup = _listed_range(low, sup)  # \max_{m=0,\ldots,k-1}: from 0 to k-1
    body_at = _skip_space(nodes, j)  # Szepesvári's \max_b Q^*(y, b): over the actions, inside an expression
    inside = (body_at < len(nodes) and re.fullmatch(r"[A-Za-z]'*", name) is not None
              and not whole_right_side(reader, nodes, i)
              and _ACTION_VALUE.match(reader.source, nodes[body_at].span.start) is not None)
    over_argument = (op.text in ("\\max", "\\min") and (low or sup or ACTION.match(name) or inside)
                     and _argument_use(nodes[j:], name) and (bool(low or sup) or not leads(reader, nodes, i)))
    if over_argument:  # DQN's r + \gamma \max_{a'} Q(s', a'; \theta^-): the largest value of Q over a'
        span = Span(op.span.start, nodes[j - 1].span.end)
        reader.add_note("max-over-argument", span, {"text": reader.source[span.start : span.end], "var": name,
                                                    "op": op.text[1:], "bounds": "its range" if sup or low
                                                    else f"{name} = 1, 2, ..., N (numbered from 1)"})
        if (reached := sumextent.reach_by_use(nodes, j, lambda rest: _argument_use(rest, name))) is not None:
            body = sumextent.extend(nodes, _skip_space(nodes, j), reached)  # the Bellman backup's \max_a R + γ Σ p V
            reader.add_note("max-extent", Span(op.span.start, body.span.end), {
                "op": op.text[1:], "index": name, "text": reader.source[body.span.start : body.span.end]})
    elif op.text in ("\\max", "\\min", *_ARG_WORDS.values()) and not _subscripts_use(nodes[j:], name) \
            and not argvalue.event_use(nodes[j:], name):  # \arg\max_k p(y = k \mid x): over the classes k
        if op.text in ("\\max", "\\min") and leads(reader, nodes, i) and not (low or sup):  # the GAN's objective
            return objective_prefix(reader, nodes, i, j, name)
        if not (low or sup) and _skip_space(nodes, j) < len(nodes) and (
                whole_right_side(reader, nodes, i) or leads(reader, nodes, i)):
            return optimum(reader, nodes, i, j, sub, em)  # \theta^* = \arg\min_w L(w): read, not evaluated
        raise reader.error(  # \min_w L(w), \min_G \max_D V(D, G): an objective over a variable, not over entries
            NotSupported,
            f"an optimisation objective ({op.text}_{{{name}}} over the variable {name}: an optimum over all its "
            "values, not over entries of a vector or a written range)",
            op.span,
            f"symdl reads {op.text} over an index that subscripts the body ({op.text}_i x_i), over a written range "
            f"({op.text}_{{m=0,\\ldots,k-1}}) or over RL's actions ({op.text}_{{a'}} Q(s', a')); write the objective "
            "being optimised on its own",
        )
    index = reader.new("index", op.span, name=index_name(name).replace("\\prime", "'"))
    if not strip_space(low) and sup and not over and op.text in ("\\sum", "\\prod") and zero_member(reader.source):
        span = Span(op.span.start, nodes[j - 1].span.end)
        reader.add_note("sum-start-unwritten", span, {"text": reader.source[span.start : span.end], "index": name,
                                                      "high": plain_text(sup)})
    index.data.update(marks)
    if over:  # \sum_{i \in B}: |B| in the formula is the number of i
        index.data["set"] = over
    if excluded:  # \sum_{j \neq y_i}: every j but one, the body times (1 − δ_{j y_i}) (built by the binder)
        index.data["excluded"] = reader.read(excluded, Span(excluded[0].span.start, excluded[-1].span.end))
    index.data["near"] = _indexed_nearby(nodes[j:], index.data["name"])
    high = sup or []
    if op.text == "\\sum" and (reached := sumextent.reach(nodes, j, index.data["name"])) is not None:
        body = sumextent.extend(nodes, _skip_space(nodes, j), reached[0])  # a contrastive loss's Σ y d² + (1-y) ...
        reader.add_note("sum-extent", Span(op.span.start, body.span.end), {
            "index": index.data["name"], "names": ", ".join(sorted(reached[1])),
            "text": reader.source[body.span.start : body.span.end]})
    em.add("BIGOP", op.text, op.span)
    em.add("UNDERSCORE", "_", op.span)
    em.braced(op.span, lambda: _bound(reader, em, op, index, low, high=False))
    em.add("CIRCUMFLEX", "^", op.span)
    from_zero = bool(low) and plain_text(low).strip() == "0"  # \sum_{t=0} x_t: up to the length minus one
    em.braced(op.span, lambda: _bound(reader, em, op, index, high, high=True, from_zero=from_zero))
    if _skip_space(nodes, j) >= len(nodes):
        raise reader.error(InvalidInput, f"{op.text} of nothing", op.span, "write what is summed after the bounds")
    return j


_VALUE_INDEX = ("\\mathbf", "\\boldsymbol", "\\bm", "\\vec")  # a vector's value, not a position, as index
_CONDITIONS = {"<", ">", "\\ne", "\\neq", "\\le", "\\leq", "\\ge", "\\geq", "\\notin", "\\ni", "\\subset"}


def _several_indices(
    reader: ExprReader, op: Token, sub: list[Node], sup: list[Node] | None, rest: list[Node]
) -> tuple[list[Node], str] | None:
    """``\\sum_{i,j}``, ``\\sum_{i,j=1}^n`` (cs229's SVM dual, GloVe's ``\\sum_{i,j=1}^V``), Nielsen's ``\\sum_{jk}``,
    global max pooling's ``\\max_{i,j} x_{c,i,j}`` (over letters that subscript the body): one operator per letter,
    nested, each with the bounds written (``i=1`` to ``n`` for every letter), as nodes, and the note's rule (``""``
    for none); None for anything else.

    A run of letters (``jk``) is read as that many indices only when each letter subscripts the summand on its own
    (``w_{jk}``): a guess, noted (``sum-letters-as-indices``)."""
    sub = strip_space(sub)
    if op.text not in ("\\sum", "\\prod", "\\max", "\\min"):  # global max pooling's \max_{i,j} x_{c,i,j} too
        return None
    parts = [strip_space(p) for p in split_top(sub, ",")]
    low: list[Node] = []
    if len(parts) >= 2 and len(eq := split_top(parts[-1], "=")) == 2:  # i,j=1: the start is every letter's
        parts[-1], low = strip_space(eq[0]), strip_space(eq[1])
    if sup is not None and not low:
        return None
    rule = "" if low else "sum-several-indices"
    run = [t for t in parts[0] if not (isinstance(t, Token) and t.kind == "space")] if len(parts) == 1 else []
    if run and sup is None and _letters_as_indices(run, rest):  # \sum_{\mu i}: the space between is no index
        parts, rule = [[letter] for letter in run], "sum-letters-as-indices"
    letters = [p for p in parts if primed_letter(p) or (  # Sutton & Barto's \sum_{s', r}: s' is a variable too
        len(p) == 1 and isinstance(p[0], Token) and (p[0].text[1:] in _INDEX_GREEK or p[0].text == "\\ell"))]
    # \mu, \ell: Learning from Data's weight decay \sum_{\ell, i, j} (w_{ij}^{(\ell)})^2 too
    if len(parts) < 2 or len(letters) != len(parts) or len({plain_text(t) for t in letters}) != len(letters):
        return None
    term = rest[: _term_end(rest, _skip_space(rest, 0))]
    if op.text in ("\\max", "\\min") and not all(_subscripts_use(term, plain_text(t)) for t in letters):
        return None  # \max_{s,a} Q(s,a): over a function's arguments, not over entries (refused as before)
    out: list[Node] = []
    for index in letters:
        letter = index[0]
        bound = [*index, Token("op", "=", letter.span), *low] if low else list(index)
        out += [op, Token("op", "_", letter.span), Group(bound, letter.span, "brace")]
        if sup is not None:
            out += [Token("op", "^", letter.span), Group(list(sup), letter.span, "brace")]
    return out, rule


def _letters_as_indices(run: list[Node], rest: list[Node]) -> bool:
    """Is ``run`` two or three different Latin letters (``jk``), each a subscript letter of the summand, or lower-case
    Greek letters among them written up on the summand's names (Hertz, Krogh & Palmer's ``\\sum_{\\mu i}
    (\\zeta_i^\\mu - O_i^\\mu)^2``: pattern μ, unit i)?  ``run`` holds no spaces."""
    if not 2 <= len(run) <= 3 or not all(isinstance(t, Token) and ((t.kind == "letter" and len(t.text) == 1) or (
            t.kind == "cmd" and (t.text[1:] in _INDEX_GREEK or t.text == "\\ell"))) for t in run):
        return False
    names = [t.text for t in run]  # type: ignore[union-attr]
    term = rest[: _term_end(rest, _skip_space(rest, 0))]
    return len(set(names)) == len(names) and all(  # ESL's \sum_{m\ell} \alpha_{m\ell}^2: \ell an index as m is
        (_greek_up(term, name) or _subscripts_use(term, name)) if name.startswith("\\") and name != "\\ell"
        else _subscripts_use(term, name) or _arguments_use(term, name) for name in names)  # a Hopfield/RBM's W_{i\mu}


#: lower-case Greek letters that index patterns or units in the older literature (Hertz et al.'s \\zeta_i^\\mu)
_INDEX_GREEK = frozenset({"mu", "nu", "alpha", "beta", "gamma", "kappa", "zeta", "xi", "tau"})


def _greek_up(nodes: list[Node], cmd: str) -> bool:
    """Is the Greek letter ``cmd`` alone up on a name among ``nodes`` (``O_i^\\mu``, ``\\zeta_i^{\\mu}``)?"""
    for k, n in enumerate(nodes):
        if isinstance(n, Token) and n.is_op("^") and k + 1 < len(nodes):
            up = strip_space(nodes[k + 1].children) if is_group(nodes[k + 1], "brace") else [nodes[k + 1]]  # type: ignore[union-attr]
            if len(up) == 1 and is_group(up[0], "paren"):  # Hertz et al.'s t_i^{(\mu)}: in parentheses too
                up = strip_space(up[0].children)  # type: ignore[union-attr]
            if len(up) == 1 and isinstance(up[0], Token) and up[0].text == cmd:
                return True
        if isinstance(n, Group) and _greek_up(n.children, cmd):
            return True
    return False


def _index_and_start(
    reader: ExprReader, op: Token, sub: list[Node]
) -> tuple[list[Node], list[Node], list[Node]]:
    """The index a ``\\sum``/``\\prod`` subscript binds, its start (``[]`` when left out) and what it skips.

    ``\\substack{i=1}`` is unwrapped; ``\\sum_{j \\neq y_i}`` (cs231n's SVM loss) runs over every ``j`` but
    ``y_i``: the nodes after ``\\neq`` are returned as the skipped value.  Other conditions (``k < c``,
    ``i \\in B``, a second ``\\substack`` row) and indices that are not one letter are refused by name, never
    bound as a variable spelled like the condition.
    """
    sub = strip_space(sub)
    if len(sub) == 2 and isinstance(sub[0], Token) and sub[0].is_cmd("\\substack") and is_group(sub[1], "brace"):
        rows = split_rows(sub[1].children)  # type: ignore[union-attr]
        if len(rows) != 1:
            raise reader.error(NotSupported, f"{op.text} with conditions under it (\\substack rows)", op.span,
                               f"write one index with its bounds: {op.text}_{{i=1}}^{{n}}")
        sub = rows[0]
    sub = set_builder_index(sub)  # Aggarwal's \sum_{r: r \neq c(i)}: the index r, then its condition
    excluded: list[Node] = []
    at = [k for k, n in enumerate(sub) if isinstance(n, Token) and n.is_cmd("\\neq", "\\ne")]
    if len(at) == 1 and op.text in ("\\sum", "\\prod", "\\max", "\\min") and not split_top(sub, "=")[1:]:
        sub, excluded = strip_space(sub[: at[0]]), strip_space(sub[at[0] + 1 :])
        if not excluded:
            raise reader.error(InvalidInput, f"{op.text}_{{{plain_text(sub)} \\neq}} skips nothing", op.span,
                               "write the value the index skips: \\sum_{j \\neq y_i}")
    parts = split_top(sub, "=")
    index_nodes = strip_space(parts[0])
    members: list[Node] = []
    at = [k for k, n in enumerate(index_nodes) if isinstance(n, Token) and n.is_cmd("\\in")]
    if at:  # \sum_{i \in B}: the set is read by _over_a_set
        index_nodes, members = strip_space(index_nodes[: at[0]]), index_nodes[at[0] :]
        index_nodes = sumranges.member_index(reader, op, index_nodes, members)  # CPC's \sum_{x_j \in X}: over j
    name = plain_text(index_nodes)
    if any(isinstance(n, Token) and (n.is_cmd(*_CONDITIONS) or n.is_op(*_CONDITIONS)) for n in index_nodes):
        raise reader.error(
            NotSupported,
            f"{op.text} with a condition on its index ({name})",
            op.span,
            "write the full sum and subtract the excluded terms: \\sum_{k=1}^{K} x_k - x_c",
        )
    if len(split_top(index_nodes, ",")) > 1:
        written = reader.source[index_nodes[0].span.start : index_nodes[-1].span.end]  # \max_{s,a} Q(s,a) too
        raise reader.error(NotSupported, f"{op.text} over several indices at once ({written})", op.span,
                           f"nest them, one {op.text} per index ({op.text}_i {op.text}_j), each index a subscript "
                           "of the body; a condition on the pairs is not read")
    if len(parts) <= 2 and any(isinstance(n, Token) and n.is_cmd(*_VALUE_INDEX) for n in index_nodes):
        raise reader.error(  # Ioffe & Szegedy's \sum_{\mathbf{x} \in \mathcal{B}}, a CRF's \sum_{\mathbf{y}'}
            NotSupported, f"'{name}' as the index of {op.text}: a sum over the values of a vector (or the members "
            "of a set) is not read yet: an index is one Latin letter", op.span,
            f"index the members with a letter: {op.text}_{{i \\in B}} \\mathbf{{x}}_i or {op.text}_{{i=1}}^{{m}} "
            "\\mathbf{x}_i")
    setsums.no_tuple_index(reader, op, index_nodes, members)  # BPR's \sum_{(u,i,j) \in D_S}: refused by name
    if len(parts) > 2 or not INDEX.match(name):
        raise reader.error(
            NotSupported if name[:1].isalpha() or name.startswith("\\") else InvalidInput,
            f"'{name or plain_text(sub)}' as the index of {op.text}: an index is one Latin letter or a "
            "lower-case Greek letter that is no value (\\tau, not \\pi)",
            op.span,
            "write the index as a letter: \\sum_{j=1}^{K} x_j",
        )
    return index_nodes, (parts[1] if len(parts) == 2 else []), excluded, members


def _over_a_set(
    reader: ExprReader, op: Token, index: list[Node], members: list[Node], low: list[Node], sup: list[Node] | None
) -> tuple[list[Node], list[Node] | None, str]:
    """``\\sum_{i \\in B}`` over a named set (a minibatch): i runs over the entries given, 1 to their number, and
    ``|B|`` is that number (``sum-over-set`` note); ``i \\in [n]`` and ``i \\in \\{1, \\dots, n\\}`` run from 1 to n.

    ``members`` is ``\\in`` and what follows it (nothing: a plain index).  Returns ``(start, end, the set's
    spelling)``.
    """
    if not members:
        return low, sup, ""
    at = [k for k, n in enumerate(members) if isinstance(n, Token) and n.is_cmd("\\in")]
    members = strip_space(members[1:])
    if low or sup or len(at) > 1 or not members:
        raise reader.error(NotSupported, f"{op.text} over a set with bounds or conditions besides", op.span,
                           f"write {op.text}_{{i \\in B}} alone, or the bounds alone: {op.text}_{{i=1}}^{{m}}")
    inner = strip_space(members[0].children) if len(members) == 1 and isinstance(members[0], Group) else []
    if len(members) == 1 and is_group(members[0], "bracket") and inner:  # [n] = {1, ..., n}, [1, k]
        low, high = _integer_range(members[0]) or (_one(members[0]), inner)
        return low, high, ""
    if len(members) == 1 and (ranged := _integer_range(members[0])) is not None:  # {1, ..., n}
        return *ranged, ""
    rows = split_top(inner, ",") if is_group(members[0], "set") and len(members) == 1 else []
    if len(rows) >= 2 and all(len(r := strip_space(row)) == 1 and isinstance(r[0], Token) and r[0].kind == "letter"
                              for row in rows):  # Fast R-CNN's \sum_{i \in \{x, y, w, h\}}: four named positions
        labels = ", ".join(plain_text(row).strip() for row in rows)
        reader.add_note("sum-over-labels", Span(op.span.start, members[-1].span.end),
                        {"index": plain_text(index), "labels": labels, "count": str(len(rows))})
        return _one(members[0]), [Token("number", str(len(rows)), members[0].span)], ""
    spelling = plain_text(members).replace(" ", "")
    if not _SET_NAME.match(spelling):
        raise reader.error(NotSupported, f"{op.text} over the set {spelling}", op.span,
                           f"name the set ({op.text}_{{i \\in B}}), or write the bounds: {op.text}_{{i=1}}^{{m}}")
    end = members[-1].span.end
    span = Span(op.span.start, end + (reader.source[end : end + 1] == "}"))  # through the subscript's brace
    rule = "max-over-members" if op.text in ("\\max", "\\min") else "sum-over-set"  # \max_{a \in A}: cs229
    reader.add_note(rule, span, {"index": plain_text(index), "set": spelling, "op": op.text[1:]})
    return [], [], spelling


def _index_range(sub: list[Node]) -> bool:
    """Is ``sub`` one Latin letter in a range of integers, ``m \\in \\{1, \\ldots, M\\}`` or ``i \\in [n]`` (Guo
    et al.'s maximum calibration error \\max_{m \\in \\{1, \\ldots, M\\}} over the bins): an index, no condition?"""
    sub = [n for n in sub if not (isinstance(n, Token) and n.kind == "space")]
    return (len(sub) == 3 and isinstance(sub[0], Token) and sub[0].kind == "letter" and isinstance(sub[1], Token)
            and sub[1].is_cmd("\\in") and _integer_range(sub[2]) is not None)


def _integer_range(group: Node) -> tuple[list[Node], list[Node]] | None:
    """The first and last integer a group lists: ``[n]`` (1 to n), ``[a, b]``, ``\\{a, \\ldots, b\\}``; else None."""
    inner = strip_space(group.children) if isinstance(group, Group) else []
    if is_group(group, "bracket") and inner:
        ends = split_top(inner, ",")
        if len(ends) == 2 and all(strip_space(e) for e in ends):  # [1, k]: the integers from 1 to k
            return strip_space(ends[0]), strip_space(ends[1])
        return (_one(group), inner) if len(ends) == 1 else None
    rows = split_top(inner, ",") if is_group(group, "set") else []
    if len(rows) >= 2 and any(isinstance(n, Token) and n.is_cmd("\\dots", "\\ldots", "\\cdots") for n in rows[-2]):
        return strip_space(rows[0]), strip_space(rows[-1])
    return None


def _one(near: Node) -> list[Node]:
    return [Token("number", "1", near.span)]


#: a set a sum may run over: one letter, maybe calligraphic or bold, maybe subscripted (B, \mathcal{B}, d2l's
#: minibatch at step t \mathcal{B}_t, \mathcal{D}_{train}), or a word (Bishop's GAN sums over \mathrm{real} and
#: \mathrm{fake}), a plain word too (a Gaussian RBM's \sum_{i \in vis}, \sum_{j \in hid}; the MXNet docs'
#: \sum_{s \in samples}); |\mathcal{B}| beside \mathcal{B}_t is its size too
_SET_NAME = re.compile(
    r"^(?:[A-Za-z]|[a-z]{2,}|\\(?:mathcal|mathbb|mathscr|mathbf|boldsymbol|bm)\{[A-Za-z]\}"
    r"|\\(?:mathrm|text|textrm|mathit|textit)\{[A-Za-z]{2,}\}|\\(?:Omega|Gamma|Lambda|Theta|Xi|Psi|Phi|Upsilon))"
    r"(?:_(?:\{[A-Za-z0-9+-]+\}|[A-Za-z0-9]))?(?:\^\{\([a-z0-9]\)\})?$"
)


#: how arg max / arg min are written as a word (``\\operatorname*{arg\\,max}``, ``\\mathrm{argmax}``)
_ARG_WORDS = {word: "\\" + word for word in ARG_OPERATORS}


def arg_operator(nodes: list[Node], i: int) -> tuple[Token, int] | None:
    """``\\arg\\max`` (or ``\\argmax``, ``\\operatorname*{arg\\,max}``, ``\\mathrm{argmin}`` ...) at ``nodes[i]``: one
    ``\\argmax``/``\\argmin`` token spanning it, and the position after it; None for anything else."""
    tok = nodes[i]
    if not isinstance(tok, Token) or tok.kind != "cmd":
        return None
    end = i + 1
    if tok.text in _ARG_WORDS.values():
        text = tok.text
    elif tok.text == "\\arg":
        j = _skip_space(nodes, i + 1)
        if j >= len(nodes) or not (isinstance(nodes[j], Token) and nodes[j].is_cmd("\\max", "\\min")):
            return None
        text, end = "\\arg" + nodes[j].text[1:], j + 1  # type: ignore[union-attr]
    elif tok.text[1:] in NAME_WRAPPERS and i + 1 < len(nodes) and is_group(nodes[i + 1], "brace"):
        word = re.sub(r"\\[,;:! ]|\s", "", plain_text(nodes[i + 1].children)).lower()  # type: ignore[union-attr]
        if word not in _ARG_WORDS:
            return None
        text, end = _ARG_WORDS[word], i + 2
    else:
        return None
    return Token("cmd", text, Span(tok.span.start, nodes[end - 1].span.end)), end


def _letters_outside_words(sub: Node) -> list[Token]:
    """The tokens of a subscript, but a word's in a name wrapper (``\\textrm{Data}``, ``\\mathrm{KL}``)."""
    nodes = sub.children if is_group(sub, "brace") else [sub]
    out: list[Token] = []
    for k, n in enumerate(nodes):
        before = nodes[k - 1] if k else None
        if isinstance(before, Token) and before.kind == "cmd" and before.text.lstrip("\\") in NAME_WRAPPERS:
            continue
        out += leaf_tokens([n]) if isinstance(n, Group) else [n]  # type: ignore[list-item]
    return _without_acronyms(out)


def _without_acronyms(tokens: list[Token]) -> list[Token]:
    """``tokens`` without the letters of a run written together that is a word with a capital (pix2pix's
    ``\\mathcal{L}_{cGAN}``: no index G in it), three letters or more, or two of mixed case."""
    out: list[Token] = []
    run: list[Token] = []
    for t in [*tokens, None]:
        if isinstance(t, Token) and t.kind == "letter" and (not run or run[-1].span.end == t.span.start):
            run.append(t)
            continue
        texts = "".join(r.text for r in run)
        word = any(c.isupper() for c in texts) and (len(run) >= 3 or (len(run) == 2 and not texts.isupper()))
        out += [] if word else run
        run = [t] if isinstance(t, Token) and t.kind == "letter" else []
        if t is not None and not run:
            out.append(t)
    return out


def _arguments_use(nodes: list[Node], name: str) -> bool:
    """Is ``name`` (a letter) one of the comma-separated arguments of a call among ``nodes`` (the oneDNN guide's
    ``\\src(n,c,h,w)`` under ``\\sum_{nhw}``: a position in a tensor)?"""
    for k, n in enumerate(nodes):
        parts = split_top(n.children, ",") if is_group(n, "paren") else []  # type: ignore[union-attr]
        if len(parts) > 1 and k > 0 and nodes[k - 1].span.end == n.span.start and any(
                [t.text for t in strip_space(part) if isinstance(t, Token)] == [name] for part in parts):
            return True
        if isinstance(n, Group) and _arguments_use(n.children, name):
            return True
    return False


def _subscripts_use(nodes: list[Node], name: str) -> bool:
    """Is ``name`` (a letter) in a subscript among ``nodes``: ``x_i``, ``W_{ij}``, ``\\|x - c_j\\|``, or a sample's
    parenthesised superscript (cs229's ``y^{(i)}``, ``\\hat{\\gamma}^{(i)}``: example i)?"""
    for k, n in enumerate(nodes):
        if isinstance(n, Token) and n.is_op("^") and k + 1 < len(nodes) and _sample_superscript(nodes[k + 1], name):
            return True
        if isinstance(n, Token) and n.is_op("_") and k + 1 < len(nodes):
            letters = _letters_outside_words(nodes[k + 1])  # not the D of the GAN's E_{x \sim \textrm{Data}}
            if any(isinstance(t, Token) and t.text == name for t in letters):
                return True
            if "'" in name and is_group(nodes[k + 1], "brace") and name in {  # tabular Q-learning's Q_{s',a'}
                    plain_text(p).replace("\\prime", "'").replace(" ", "")
                    for p in split_top(nodes[k + 1].children, ",")}:
                return True
        if (is_group(n, "bracket") and k > 0 and nodes[k - 1].span.end == n.span.start  # code's x[y[j]] - x[i]
                and isinstance(nodes[k - 1], Token) and nodes[k - 1].kind == "letter"
                and re.search(rf"(?<![A-Za-z\\]){re.escape(name)}(?![A-Za-z])", plain_text(n.children))):
            return True
        if isinstance(n, Group) and _subscripts_use(n.children, name):
            return True
    return False


def _sample_superscript(sup: Node, name: str) -> bool:
    """Is ``sup`` a superscript ``{(i)}`` (or ``{(i)T}``) that numbers examples by ``name``?"""
    inner = strip_space(sup.children) if is_group(sup, "brace") else [sup]  # type: ignore[union-attr]
    return bool(inner) and is_group(inner[0], "paren") and plain_text(inner[0].children).strip() == name  # type: ignore[union-attr]



def _over_members(reader: ExprReader, nodes: list[Node], i: int, j: int, sub: list[Node]) -> bool:
    """``\\max_{a \\in A}`` (cs229's Bellman equation): a max or min over a Latin letter's members of a named set,
    the letter used in what follows (an argument or a subscript), read as over an index (the set's members
    numbered 1 to their number, noted ``max-over-members``) rather than as an objective under a condition; at the
    start of a statement it stays the objective stated for what follows."""
    op, body, sub = nodes[i], nodes[j:], strip_space(sub)
    assert isinstance(op, Token)
    at = [k for k, n in enumerate(sub) if isinstance(n, Token) and n.is_cmd("\\in")]
    if op.text not in ("\\max", "\\min") or len(at) != 1 or leads(reader, nodes, i):
        return False
    name = plain_text(strip_space(sub[: at[0]])).replace("\\prime", "'").strip()
    members = plain_text(strip_space(sub[at[0] + 1 :])).replace(" ", "")
    letters = set(re.findall(r"_\{?\s*([a-z])\s*\}?\s*(?:,|\)$)", name.replace(" ", "")))
    if name.startswith("(") and len(letters) == 1 and _SET_NAME.match(members):  # CS4780's \min_{(\mathbf{x}_i, y_i)
        return _subscripts_use(body, letters.pop())  # \in D}: over the pairs' index i (tuplesums rewrites it)
    if not (re.fullmatch(r"[A-Za-z]'*", name) and _SET_NAME.match(members)):
        return False
    return _argument_use(body, name) or _subscripts_use(body, name)


def _listed_range(low: list[Node], sup: list[Node] | None) -> tuple[list[Node], list[Node] | None]:
    """``m=0,\\ldots,k-1`` (the PyTorch docs' pooling windows): the start listed up to the end, as (0, k-1); Burkov's
    ``i=1\\ldots N``, dots alone between the start and the end, as (1, N)."""
    rows = split_top(low, ",")
    dots = [k for k, n in enumerate(low) if isinstance(n, Token) and n.is_cmd("\\dots", "\\ldots", "\\cdots")]
    if sup is None and len(rows) == 1 and len(dots) == 1 and strip_space(low[: dots[0]]) \
            and strip_space(low[dots[0] + 1 :]):  # Burkov's \sum_{i=1\ldots N}: from 1 to N
        return strip_space(low[: dots[0]]), strip_space(low[dots[0] + 1 :])
    if sup is None and len(rows) >= 3 and any(isinstance(n, Token) and n.is_cmd("\\dots", "\\ldots", "\\cdots")
                                              for n in strip_space(rows[-2])):
        return strip_space(rows[0]), strip_space(rows[-1])
    values = [plain_text(row).strip() for row in rows]
    if sup is None and len(rows) >= 2 and all(v.isdigit() for v in values) and all(
            int(b) == int(a) + 1 for a, b in itertools.pairwise(values)):
        return strip_space(rows[0]), strip_space(rows[-1])  # TD3's \min_{i=1,2} Q_{\phi_i}: from 1 to 2
    return low, sup


#: an action-value function, maybe decorated (Q, Q^*, \hat{Q}, Q_\theta): a max over its argument is over actions
_ACTION_VALUE = re.compile(r"(?:\\(?:hat|tilde|bar|widehat)\s*\{?\s*)?Q(?![A-Za-z])")


def _argument_use(nodes: list[Node], name: str) -> bool:
    """Is ``name`` (``a'``, ``m``) written inside the arguments of a call in the first term of ``nodes``
    (``Q(s', a'; \\theta^-)``, PyTorch's ``input(N_i, C_j, h + m, w)``), and nowhere as a subscript?"""
    term = nodes[: _term_end(nodes, _skip_space(nodes, 0))]
    pattern = re.compile(rf"(?<![A-Za-z\\]){re.escape(name)}(?![A-Za-z'])")
    for k, n in enumerate(term):
        at = k - 1
        while at >= 2 and isinstance(term[at - 1], Token) and term[at - 1].is_op("^", "_"):  # type: ignore[union-attr]
            at -= 2  # Q^*(s', a'): the name before its superscript
        before = term[at] if at >= 0 else None
        called = (isinstance(before, Token) and before.kind in ("letter", "cmd")) or is_group(before, "brace")
        if is_group(n, "paren") and called and pattern.search(plain_text(n.children).replace("\\prime", "'")):
            return not _subscripts_use(term, name)
    return False


def _bound(reader: ExprReader, em: Emitter, op: Token, index: Placeholder, nodes: list[Node], *, high: bool,
           from_zero: bool = False) -> None:
    r"""A sum's bound as written, or the one it stands for: ``i = 1`` below, the length of what ``i`` runs over above
    (less one when the sum starts at 0: ``\sum_{t=0} x_t`` ends at the last of its N entries, N − 1)."""
    if not high:
        em.placeholder(index.id, op.span)
        em.add("EQUAL", "=", op.span)
    if strip_space(nodes):
        reader.emit(nodes, em)
    elif high:
        em.placeholder(reader.new("length", op.span, index=index.data["name"], near=index.data.get("near", ())).id,
                       op.span)
        if from_zero:
            em.add("MINUS", "-", op.span)
            em.add("NUMBER", "1", op.span)
    else:
        em.add("NUMBER", "1", op.span)


def _indexed_nearby(nodes: list[Node], name: str) -> tuple[str, ...]:
    """Letters of the names the first term after a sum subscripts with its index (``U`` and ``x`` in
    ``\\sum_j U_{i,j} x_j + \\sum_j W_{i,j} h_j``): the sum runs over their axis, not over another family's that
    uses the same letter elsewhere in the formula (Goodfellow's LSTM, eq. 10.40)."""
    term = nodes[: _term_end(nodes, _skip_space(nodes, 0))]
    found: list[str] = []
    last = ""
    for k, n in enumerate(term):
        if isinstance(n, Token) and n.kind == "letter":
            last = n.text
        elif is_group(n, "brace") and k > 0 and isinstance(term[k - 1], Token) and term[k - 1].kind == "cmd":
            last = plain_text(n.children).strip()  # \mathbf{x}_j
        elif isinstance(n, Token) and n.is_op("_") and k + 1 < len(term) and last:
            sub = plain_text([term[k + 1]]).strip("{}")
            if re.search(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])", sub) and last not in found:
                found.append(last)
    return tuple(found)
