r"""Newton's step with its gradient taken at a point: Goodfellow's ``\theta^* = \theta_0 - H^{-1}\nabla_\theta
J(\theta_0)`` (eq. 4.12), Bishop's ``w^{(new)} = w^{(old)} - H^{-1}\nabla_w E(w)``, the natural gradient's
``\theta_{t+1} = \theta_t - \eta F^{-1}\nabla_\theta L(\theta_t)``.

A plain capital's inverse written right before a gradient is a matrix's inverse (the Hessian, the Fisher) times a
vector; cs229's ``H^{-1}\nabla_\theta \ell(\theta)``, taken at the name it is by, reads so (``capital-matrix``).  Taken
at another point (θ_0, θ_t) or by a name that is also a family's (w^{(old)}), the gradient's value at that point is a
vector symdl does not build yet; as numbers it read ``\nabla J / H``, silently.  Refused by name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from symdl.errors import NotSupported, Span

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
