"""The ``distribution`` placeholder (:mod:`symdl.read.distributions`): ``U[a, b]``, ``\\mathcal{N}(\\mu, \\sigma^2)``,
``\\mathrm{Bernoulli}(p)`` built as a :class:`symdl.functions.Distribution` of its parameters, each a number; and
the ``integral`` placeholder (:mod:`symdl.read.integrals`): :class:`sympy.Integral` of its body over its variable
(a vector variable, Bishop's ``\\mathrm{d}\\mathbf{x}``, as a plain symbol of its name), unevaluated."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sympy

from symdl.bind import build

if TYPE_CHECKING:
    from symdl.bind.binder import Binder
    from symdl.bind.dims import DimInference, Shape
    from symdl.read.syntax import Placeholder


def _build(b: Binder, p: Placeholder) -> sympy.Basic:
    return p.data["cls"](*(build.scalar_if_1x1(b.conv(a)) for a in p.data["args"]))


def _shape(di: DimInference, p: Placeholder) -> Shape | None:
    for a in p.data["args"]:
        di.shape(a.expr)  # the parameters still tie their dimensions (\mathcal{N}(0, \mathbf{I}))
    return None


def _value(b: Binder, p: Placeholder, kinds: Any) -> str:
    return "scalar"


def _integral(b: Binder, p: Placeholder) -> sympy.Basic:
    body = build.scalar_if_1x1(b.conv(p.data["body"]))
    var = b.conv(p.data["var"])
    if build.is_mat(var):  # \int p(\mathbf{x}) ... \mathrm{d}\mathbf{x}: over the values of x, one symbol
        plain = sympy.Symbol(str(var))
        body, var = body.xreplace({var: plain}), plain
    limits = [build.scalar_if_1x1(b.conv(x)) for x in p.data["limits"]]
    return sympy.Integral(body, (var, *limits))


def _integral_shape(di: DimInference, p: Placeholder) -> Shape | None:
    di.shape(p.data["body"].expr)  # a number, whose body still ties dimensions
    return None


#: (kind, build, shape, value, doc) rows, made PlaceholderKind records by :mod:`symdl.bind.placeholders`
DISTRIBUTION_KINDS = [
    ("distribution", _build, _shape, _value, "U[a, b], \\mathcal{N}(\\mu, \\sigma^2): a distribution"),
    ("integral", _integral, _integral_shape, _value, "\\int_a^b f(x) \\, dx: an integral, unevaluated"),
]
