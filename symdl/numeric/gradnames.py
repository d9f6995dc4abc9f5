"""Which lines of a hand derivation are gradients, and of what: the rules for gradient names.

A statement ``G = ...`` is a claimed gradient line when its target ``G`` is spelled in one of
these forms (``X`` a forward quantity: a target or an input of the forward system):

* ``dX`` — Ng's and cs231n's ``dW``, ``dZ^{[2]}``, also ``d\\mathbf{o}``, ``d\\bar a``,
  ``d\\hat{x}`` (the ``d`` touching the name);
* ``\\frac{\\partial L}{\\partial X}`` and ``\\nabla_X L`` / ``\\nabla_{X} L``, where ``L`` is a
  forward target (the loss);
* Nielsen's ``\\delta^l`` / ``\\delta^{[l]}`` / ``\\delta``: the error ``∂C/∂z^l`` of the
  pre-activation ``z`` with the same superscript (Nielsen, *Neural Networks and Deep
  Learning*, ch. 2, eq. (29)) — read so only when that ``z`` exists, with a reading note.

``\\bar{X}`` (adjoint notation) is *not* a gradient name: ``\\bar{x}`` is as often a mean; write
``d\\bar{x}`` or ``\\frac{\\partial L}{\\partial \\bar{x}}`` for the gradient of ``\\bar{x}``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import sympy

from symdl.errors import InvalidInput
from symdl.formula import Formula

_NABLA = re.compile(r"^nabla_\{(?P<wrt>.+)\} (?P<of>.+)\((?P=wrt)\)$")
_DELTA = re.compile(r"^delta(?P<sup>\^.+)?$")


def _by_name(symbols: Iterable[sympy.Basic]) -> dict[str, sympy.Basic]:
    return {str(getattr(s, "name", s)): s for s in symbols}


def gradient_of(
    target: sympy.Basic, spelling: str, spelled: dict[str, sympy.Basic], forward_targets: set[sympy.Basic]
) -> tuple[sympy.Basic, str] | None:
    """``(X, reading note)`` when ``target`` (spelled ``spelling``) names the gradient of the loss by ``X``.

    Args:
        target: the statement's target symbol.
        spelling: how the file writes it.
        spelled: the file's symbols by spelling.
        forward_targets: the targets of the file's statements (the loss is one).

    Returns:
        The forward quantity and a note ('' when the name is unambiguous), or None: not a gradient line.
    """
    known = _by_name(v for v in spelled.values() if v != target)
    name = str(getattr(target, "name", target))
    if spelling.startswith("d") and spelling[1:].lstrip() in spelled and spelled[spelling[1:].lstrip()] != target:
        return spelled[spelling[1:].lstrip()], ""
    if name.startswith("d") and name[1:] in known:  # d\bar a where the forward system writes \bar{a}
        return known[name[1:]], ""
    if m := _NABLA.match(name):
        of = known.get(m["of"])
        if m["wrt"] in known and of is not None and of in forward_targets:
            return known[m["wrt"]], ""
        return None
    if m := _DELTA.match(name):
        z = known.get("z" + (m["sup"] or ""))
        if z is not None:
            return z, f"{spelling} is read as Nielsen's error ∂L/∂{z} (the pre-activation with the same superscript)"
    return None


def split_statements(formula: Formula) -> tuple[list, list, list[str]]:
    """(forward statements, gradient lines as ``(spelling, target, X, claim)``, reading notes) of a file.

    Raises:
        InvalidInput: there is no gradient line.
    """
    inverse = {v: k for k, v in reversed(list(formula.symbols.items()))}
    spelled = dict(formula.symbols)
    all_targets = {st.target if st.target is not None else st.lhs for st in formula.statements}
    forward_st, claimed, readings = [], [], []
    for st in formula.statements:
        target = st.target if st.target is not None else st.lhs
        whole = target.base if isinstance(target, sympy.Indexed) else target  # dx_i = ...: entry i of dx
        name = inverse.get(whole, str(whole))
        found = gradient_of(whole, name, spelled, all_targets) if target is not None else None
        if found is not None:
            claimed.append((name, target, found[0], st.rhs))
            readings += [found[1]] if found[1] else []
        elif st.lhs is not None:
            forward_st.append(st)
    if not claimed:
        raise InvalidInput(
            "no gradient lines: name them dX, \\frac{\\partial L}{\\partial X}, \\nabla_X L or Nielsen's "
            "\\delta^l, with X a forward quantity, e.g. dZ^{[2]} = ..."
        )
    return forward_st, claimed, readings
