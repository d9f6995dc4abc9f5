r"""The placeholder of an evaluation bar, ``\left. E \right|_{x = a}`` (:mod:`symdl.read.evalbar`): E with the
variable x set to a, kept as SymPy's unevaluated ``Subs(E, x, a)`` as a derivative at a point is
(``h'(a_j)``).  The variable is one number-valued name; a vector or matrix variable is refused by name."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sympy

from symdl.bind import build
from symdl.bind.valuekind import value_kind
from symdl.errors import NotSupported

if TYPE_CHECKING:
    from symdl.bind.binder import Binder
    from symdl.bind.dims import DimInference, Shape
    from symdl.read.syntax import Placeholder

__all__ = ["EVALUATED_KINDS"]


def _point(b: Binder, p: Placeholder, what: str, hint: str) -> tuple[sympy.Symbol, sympy.Basic]:
    """The name and the number of an evaluation bar's or a limit's point, refused (``what``, ``hint``) when the
    name is no number-valued name or the value no number."""
    var, value = b.conv(p.data["var"]), b.conv(p.data["value"])
    if not isinstance(var, sympy.Symbol) or build.is_mat(value):
        raise NotSupported(what, source=b.source, span=p.data["var"].span, hint=hint)
    return var, value


def _evaluated_build(b: Binder, p: Placeholder) -> sympy.Basic:
    var, value = _point(b, p, "an evaluation bar at a point that is not one number-valued name set to a number",
                        "write the point as one name and its value: \\right|_{x = 0}")
    return sympy.Subs(b.conv(p.data["inner"]), var, value)


def _evaluated_shape(di: DimInference, p: Placeholder) -> Shape | None:
    di.shape(p.data["value"].expr)
    return di.shape(p.data["inner"].expr)


def _evaluated_value(b: Binder, p: Placeholder, kinds: Any) -> str:
    return value_kind(b, p.data["inner"].expr, kinds)


def _limit_build(b: Binder, p: Placeholder) -> sympy.Basic:
    var, value = _point(b, p, "a limit as something other than one number-valued name tends to a number",
                        "write one name and its value: \\lim_{n \\to \\infty}")
    side = p.data.get("side") or ("+-" if value.is_finite else "+")
    return sympy.Limit(b.conv(p.data["inner"]), var, value, side)


def _limit_shape(di: DimInference, p: Placeholder) -> Shape | None:
    return di.shape(p.data["inner"].expr)


#: (kind, build, shape, value, doc) rows, made PlaceholderKind records by :mod:`symdl.bind.placeholders`
EVALUATED_KINDS = [
    (
        "evaluated",
        _evaluated_build,
        _evaluated_shape,
        _evaluated_value,
        "\\left. E \\right|_{x = a}: E at the point x = a (symdl.bind.evaluated)",
    ),
    (
        "limit",
        _limit_build,
        _limit_shape,
        _evaluated_value,
        "\\lim_{n \\to \\infty} E: the limit of E, read and explained, not evaluated (symdl.read.limits)",
    ),
]
