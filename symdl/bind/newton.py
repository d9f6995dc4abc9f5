r"""Newton's step with its gradient taken at a point: Goodfellow's ``\theta^* = \theta_0 - H^{-1}\nabla_\theta
J(\theta_0)`` (eq. 4.12), Bishop's ``w^{(new)} = w^{(old)} - H^{-1}\nabla_w E(w)``, the natural gradient's
``\theta_{t+1} = \theta_t - \eta F^{-1}\nabla_\theta L(\theta_t)``.

A plain capital's inverse written right before a gradient is a matrix's inverse (the Hessian, the Fisher) times a
vector; cs229's ``H^{-1}\nabla_\theta \ell(\theta)``, taken at the name it is by, reads so (``capital-matrix``).  Taken
at another point (θ_0, θ_t) or by a name that is also a family's (w^{(old)}), the gradient's value at that point is a
vector symdl does not build yet; as numbers it read ``\nabla J / H``, silently.  Refused by name.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import sympy

from symdl.errors import NotSupported, Span
from symdl.read.power import Power
from symdl.read.syntax import placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder


def refuse_gradient_at_point(b: Binder, kp: int, kn: int) -> None:
    """Refuse ``H^{-1}`` right before a gradient by a plain name at another point (see the module); ``kp``: the
    capital, ``kn``: the placeholder after it."""
    p = b.ph[kn]
    if p.kind == "grad" and p.data.get("wrt") is None:  # Newton's x_t - \eta H^{-1} \nabla f(x_t): by what, unwritten
        cap, written = b.atoms[kp].spelling, b.source[b.ph[kp].span.start : p.span.end]
        raise NotSupported(
            f"{written}: the inverse of a matrix {cap} (a Hessian) times a gradient written without what it is by "
            "(\\nabla with no subscript, at a point) is not read yet; as numbers it would divide the gradient by "
            f"{cap}", source=b.source, span=Span(b.ph[kp].span.start, p.span.end),
            hint=f"write the step by the name itself: x := x - {cap}^{{-1}}\\nabla_x f(x), or declare "
                 f"{cap} \\in \\mathbb{{R}} for a number")
    wrt = b.atom_of(p.data["wrt"].expr) if p.kind == "grad" and p.data.get("wrt") is not None else None
    if wrt is None or wrt.bold or wrt.base[:1].isupper():
        return
    cap, written = b.atoms[kp].spelling, b.source[b.ph[kp].span.start : p.span.end]
    raise NotSupported(
        f"{written}: the inverse of a matrix {cap} (a Hessian, a Fisher matrix) times the gradient by {wrt.spelling} "
        "taken at another point (\\theta_0, \\theta_t) or by a name also written with a label (w^{(old)}) is not read "
        "yet; as numbers it would divide the gradient by "
        f"{cap}",
        source=b.source, span=Span(b.ph[kp].span.start, p.span.end),
        hint=f"write the step at the name itself (\\theta := \\theta - {cap}^{{-1}}\\nabla_\\theta J(\\theta)), or "
             f"declare {cap} \\in \\mathbb{{R}} for a number")


def refuse_hessian_of_call(b: Binder, m: sympy.Mul) -> None:
    """Refuse Newton's ``x - [H f(x)]^{-1} \\nabla f(x)`` in the product ``m``: a bracket holding a plain capital
    before a call, inverted, right before a gradient, is the Hessian of f at x written as an operator H applied to f,
    which symdl does not read; as numbers it read ``\\nabla f(x) / (H f(x))``, silently."""
    grads = [b.ph[k] for f in m.args if (k := placeholder_id(f)) is not None and k in b.ph and b.ph[k].kind == "grad"]
    for f in m.args:
        inverted = isinstance(f, (sympy.Pow, Power))
        if not grads or not inverted or f.args[1] != -1 or not isinstance(f.args[0], sympy.Mul):
            continue
        ids = [placeholder_id(x) for x in f.args[0].args]
        capitals = [j for j in ids if j in b.atoms and b.atoms[j].base[:1].isupper() and not b.atoms[j].greek]
        calls = [b.ph[j] for j in ids if j in b.ph and b.ph[j].kind == "call"]
        if len(ids) != 2 or not capitals or not calls:
            continue
        start = b.ph[capitals[0]].span.start
        opening = re.search(r"(?:\\left\s*)?[\[(]\s*$", b.source[:start])
        start = opening.start() if opening is not None else start
        closing = re.match(r"\s*(?:\\right)?\s*[\])]\s*\^\s*\{\s*-\s*1\s*\}\s*", b.source[calls[0].span.end :])
        n = next((g for g in grads if closing is not None and g.span.start == calls[0].span.end + closing.end()), None)
        if n is None:
            continue
        raise NotSupported(
            f"{b.source[start : n.span.end]}: the inverse of the Hessian written as {b.atoms[capitals[0]].spelling} "
            "applied to the function (Newton's method) is not read yet; as numbers it would divide the gradient by a "
            "product", source=b.source, span=Span(start, n.span.end),
            hint="write the Hessian as a matrix of its own: x := x - H^{-1}\\nabla_x f(x), with H = \\nabla^2 f(x) "
                 "named")
