"""The ``distribution`` placeholder (:mod:`symdl.read.distributions`): ``U[a, b]``, ``\\mathcal{N}(\\mu, \\sigma^2)``,
``\\mathrm{Bernoulli}(p)`` built as a :class:`symdl.functions.Distribution` of its parameters, each a number."""

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


#: (kind, build, shape, value, doc) rows, made PlaceholderKind records by :mod:`symdl.bind.placeholders`
DISTRIBUTION_KINDS = [
    ("distribution", _build, _shape, _value, "U[a, b], \\mathcal{N}(\\mu, \\sigma^2): a distribution"),
]
