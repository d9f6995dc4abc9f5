r"""A function or distribution written with a placeholder for its argument, and code's slices.

The policy ``\pi(\cdot|s_t)`` (A3C's entropy ``H(\pi(\cdot|s_t))``, TRPO's ``D_{KL}(\pi_{old}(\cdot|s) \|
\pi(\cdot|s))``), ``f(\cdot)``, ``\mathbb{E}[\cdot]``.

The dot stands for every value of the argument at once: the distribution as a whole, a function, not a value.  symdl
reads values, so such a call is refused by name, with how to write the value it stands for (the entropy as the sum
``-\sum_a \pi(a|s_t) \log \pi(a|s_t)``), rather than as a product with a stray ``\cdot``.
"""

from __future__ import annotations

import re

from symdl.errors import NotSupported
from symdl.read.lexer import Token
from symdl.read.paramletters import a_function
from symdl.read.syntax import Group, Node, is_group, strip_space

#: the dots written for a placeholder argument
_DOTS = {"\\cdot", "\\bullet", "\\cdot\\cdot"}
#: what may follow the placeholder inside the parentheses: the bar of a condition, or the next argument
_AFTER = {"|", ",", ";"}


def refuse_placeholder_arguments(nodes: list[Node], source: str) -> None:
    r"""Refuse the first group (inside groups too) whose first argument is a placeholder dot: ``(\cdot|s)``,
    ``(\cdot \mid s; \theta)``, ``(\cdot, y)``, ``(\cdot)``, ``[\cdot]``.

    Raises:
        NotSupported: naming the function and how to write its value.
    """
    for k, n in enumerate(nodes):
        if not isinstance(n, Group) or _subscript(nodes, k):
            continue  # \mathbb{E}_{a \sim \pi(\cdot|s)}: the draw's distribution, named, not a value
        if any(isinstance(m, Token) and m.is_cmd("\\sim") for m in nodes[:k]):
            continue  # a_t \sim \pi(\cdot|s_t): the distribution a name is drawn from
        if n.kind in ("paren", "bracket", "delim") and placeholder_call(n):
            name = source[_name_start(nodes, k, n) : n.span.end]
            raise NotSupported(
                f"a function with a placeholder argument, {name}: the dot stands for every value of the argument "
                "(the distribution or function as a whole), not a value symdl can compute",
                source=source,
                span=n.span,
                hint="write its value at a name and sum over that name, as the entropy "
                "-\\sum_a \\pi(a|s_t) \\log \\pi(a|s_t)",
            )
        refuse_placeholder_arguments(n.children, source)


def _subscript(nodes: list[Node], k: int) -> bool:
    """Is ``nodes[k]`` the braced argument of a ``_``?"""
    j = k - 1
    while j >= 0 and isinstance(nodes[j], Token) and nodes[j].kind == "space":  # type: ignore[union-attr]
        j -= 1
    return j >= 0 and isinstance(nodes[j], Token) and nodes[j].is_op("_") and is_group(nodes[k], "brace")  # type: ignore[union-attr]


def placeholder_call(group: Group) -> bool:
    """Does ``group`` hold a placeholder dot as its first argument (alone, or before ``|``, ``\\mid``, ``,``, ``;``)?"""
    inner = strip_space(group.children)
    if not inner or not (isinstance(inner[0], Token) and inner[0].kind == "cmd" and inner[0].text in _DOTS):
        return False
    rest = strip_space(inner[1:])
    return not rest or (isinstance(rest[0], Token) and (rest[0].text in _AFTER or rest[0].is_cmd("\\mid")))


def _name_start(nodes: list[Node], k: int, group: Group) -> int:
    """Where the call of ``group`` starts: the name written right before it, when there is one."""
    start = group.span.start
    j = k - 1
    while j >= 0 and nodes[j].span.end == start and not (isinstance(nodes[j], Token) and nodes[j].kind == "space"):
        start = nodes[j].span.start
        j -= 1
    return start


def refuse_code_slices(nodes: list[Node], source: str) -> None:
    r"""Refuse code's slice in square brackets right after a name (inside groups too): ``W[i, :]``, ``E[i,:]``,
    ``\mathbf{W}[i,:]`` (a row of a matrix, the PyTorch and TensorFlow docs' embedding lookup), ``x[..., 0:n]`` (the
    Flax docs' GLU: a range of entries), ``x[:, j]``.  symdl reads no slices yet: refused naming the class, the same
    for every spelling (``E[i,:]`` was "unexpected ','").

    Raises:
        NotSupported: naming the slice and how to write it.
    """
    for k, n in enumerate(nodes):
        if not isinstance(n, Group):
            continue
        at = _slice_at(n) if n.kind == "bracket" and _after_name(nodes, k) else None
        if at is None and n.kind == "bracket" and _after_name(nodes, k) and _row_lookup(nodes, k, n, source):
            raise NotSupported(
                f"the row {source[_name_start(nodes, k, n) : n.span.end]} of a matrix picked by an index in square "
                "brackets (an embedding lookup, the output layer's row of class y), as code indexes: not read yet; "
                "read as a product it would be the matrix times the index",
                source=source, span=n.span,
                hint="write the row as a vector of its own (\\mathbf{w}_y, a name for row y), or its entries W_{yj}")
        if at is not None:
            raise NotSupported(
                f"code's slice {source[_name_start(nodes, k, n) : n.span.end]}: a row or column of a matrix "
                "(W[i, :], row i of the table W), or a ':' between two values (a range of entries, x[..., 0:n]), as "
                "numpy and PyTorch index, is not read",
                source=source,
                span=at.span,
                hint="write the row as a vector of its own: \\mathbf{w}_i = W^\\top \\mathbf{e}_i, or name the parts "
                "(a = x_{1:n}, b = x_{n+1:2n})",
            )
        refuse_code_slices(n.children, source)


def _slice_at(group: Group) -> Token | None:
    """The token that makes ``group`` a slice (its first ``:``, or code's ``...`` before other indices), or None."""
    from symdl.read.constructs import split_top  # constructs reads expressions, this module runs before

    parts = [strip_space(part) for part in split_top(strip_space(group.children), ",")]
    for part in parts:
        for t in part:
            if isinstance(t, Token) and t.is_op(":"):
                return t
    first = parts[0]  # numpy's x[..., 0]: the ellipsis first, for the axes before
    if len(parts) > 1 and len(first) == 1 and isinstance(first[0], Token) and first[0].is_cmd("\\ldots", "\\dots"):
        return first[0]
    return None


def _after_name(nodes: list[Node], k: int) -> bool:
    """Is ``nodes[k]`` written right after a name (a letter, a command's name or its braced argument)?"""
    if k == 0 or nodes[k - 1].span.end != nodes[k].span.start:
        return False
    before = nodes[k - 1]
    return (isinstance(before, Token) and before.kind in ("letter", "cmd")) or (
        isinstance(before, Group) and before.kind == "brace"
    )


#: a matrix's name before code's index: a capital, plain or bold (W, E, \mathbf{W}_{\text{out}})
_MATRIX_NAME = re.compile(r"^(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*)?[A-Z](?![A-Za-z])")
#: capitals that are operators before square brackets: the expectation E[x], a probability P[...], a variance V[x]
_OPERATOR_LETTERS = frozenset("EPV")
#: one index inside the brackets: a lower-case letter or word, maybe subscripted (y, i, w_i, token)
_ONE_INDEX = re.compile(r"^\s*[a-z][a-z]*(?:_\{?[A-Za-z0-9]+\}?)?\s*$")


def _row_lookup(nodes: list[Node], k: int, group: Group, source: str) -> bool:
    """Is ``group`` code's row index right after a matrix's name (``\\mathbf{W}_{\\text{out}}[y]``, ``W_e[w_i]``): a
    bold or subscripted capital, then one lower-case index, no space between?  A plain capital before brackets is a
    functional (the calculus of variations' ``J[y] = \\int ...``, the entropy ``H[x]``) and stays one."""
    name = source[_name_start(nodes, k, group) : group.span.start]
    inner = source[group.span.start + 1 : group.span.end - 1]
    m = _MATRIX_NAME.match(name)
    marked = name.startswith("\\") or "_" in name  # bold or subscripted: a functional's J[y], H[x] is plain
    index = inner.strip()
    if re.fullmatch(r"[A-Za-z]", index) and a_function(index, source):
        return False  # Hardt & Recht's empirical risk R_S[f] of a predictor f applied elsewhere: a functional
    return m is not None and marked and m.group(0)[-1] not in _OPERATOR_LETTERS and bool(_ONE_INDEX.match(inner))
