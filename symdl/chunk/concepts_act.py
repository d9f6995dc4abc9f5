"""Activation functions: recognised as named calls, structurally, or as equivalent elementary forms.

``sigmoid(x)``, ``\\sigma(x)``, ``e^x/(1+e^x)`` and ``1/(1+\\exp(-x))`` are all
the sigmoid: named calls are read directly; anything else is compared, under a
bounded numeric identity test, against each activation's definition applied to
candidate arguments taken from the expression itself (the arguments of its
``exp``/``tanh``/``erf``/``max`` calls, up to the scalings that appear in the
classic rewritings: :mod:`symdl.chunk.act_templates`).  SiLU, GELU's sigmoid form and
the sigmoid's derivative are recognised in :mod:`symdl.chunk.act_sigmoid_forms`.
"""

from __future__ import annotations

import sympy
from sympy import HadamardProduct, Max, Min, log, tanh

from symdl.chunk.act_context import relu_part_of
from symdl.chunk.act_forms import max_min_elu, piecewise_branches, piecewise_elu, shifted_softplus
from symdl.chunk.act_sigmoid_forms import _gelu, _sigmoid_derivative, _silu
from symdl.chunk.act_templates import _template_match
from symdl.chunk.algebra import cheap_cancel, is_number, is_one, num_value
from symdl.chunk.concepts_act_more import hard_sigmoid_parts, negative_log_sigmoid, written_as
from symdl.chunk.registry import Concept, Context, Match, undefined_name
from symdl.functions import relu, sigmoid, softplus

# ---------------------------------------------------------------- recognisers
#: what an explanation says of σ(·) read as the sigmoid by a guess (registry.SIGMA_GUESSES)
_SIGMA_GUESS = ("σ is read as the logistic sigmoid, but the formula may mean any activation (or a softmax) there: "
                "see the reading note ({rule})")


def _sigmoid(expr: sympy.Basic, ctx: Context) -> Match | None:
    if isinstance(expr, sigmoid):
        rule = ctx.sigma_guessed()
        return Match("sigmoid", roles=(("input", expr.args[0]),), guess=_SIGMA_GUESS.format(rule=rule) if rule else "")
    name = undefined_name(expr)
    if name in ("sigmoid", "logistic", "sigm") and len(expr.args) == 1:
        return Match("sigmoid", roles=(("input", expr.args[0]),))
    if name == "sigma" and len(expr.args) == 1 and not type(expr).__name__.startswith("S"):  # \Sigma(x): no σ
        sym = sympy.Symbol("sigma", real=True)
        if ctx.is_standard_deviation(sym) or _own_sigma(ctx) is False:  # σ(u) = \max\{u, 0\}: the formula's own σ
            return None
        return Match("sigmoid", roles=(("input", expr.args[0]),), note="σ applied to an argument: the logistic σ")
    return _template_match(expr, "sigmoid")


def _own_sigma(ctx: Context) -> bool | None:
    """Does the formula define σ (``\\sigma(u) = \\dots`` in a statement): as the logistic (True), as another function
    (False, ``\\sigma(u) = (u)_+ = \\max\\{u, 0\\}``), or not at all (None)?"""
    for st in ctx.formula.statements if ctx.formula is not None else ():
        if st.kind == "definition" and undefined_name(st.lhs) == "sigma" and len(st.lhs.args) == 1:
            return isinstance(st.rhs, sigmoid) or _template_match(st.rhs, "sigmoid") is not None
    return None


def _tanh(expr: sympy.Basic, ctx: Context) -> Match | None:
    if isinstance(expr, tanh) or (undefined_name(expr) == "tanh" and len(expr.args) == 1):
        return Match("tanh", roles=(("input", expr.args[0]),))
    return _template_match(expr, "tanh")


def _hinge_loss(expr: sympy.Basic, ctx: Context) -> bool:
    """Is the ``max(0, ·)`` a margin loss (a hinge ``max(0, 1 − t·y)``, a triplet loss ``max(d(a, p) − d(a, n) + m,
    0)``)?  A loss, not an activation."""
    from symdl.chunk.concepts_loss import hinge_match
    from symdl.chunk.concepts_loss2 import _triplet_loss

    return hinge_match(expr, ctx) is not None or _triplet_loss(expr, ctx) is not None


def _relu(expr: sympy.Basic, ctx: Context) -> Match | None:
    if isinstance(expr, relu | Max) and (_hinge_loss(expr, ctx) or relu_part_of(expr, ctx)):
        return None  # a max(0, ·) that is a part of a larger construct (act_context) is named by it, not as a ReLU
    if isinstance(expr, relu):
        return Match("relu", roles=(("input", expr.args[0]),))
    if isinstance(expr, Max) and len(expr.args) == 2 and 0 in expr.args:
        x = next(a for a in expr.args if a != 0)
        if isinstance(x, Min) and hard_sigmoid_parts(expr) is not None:
            return None  # max(0, min(1, ·)): the floor of a hard sigmoid's clamp, not a ReLU
        if x.has(sympy.cos, sympy.sin):
            return None  # HF's cosine schedule max(0, ½(1 + cos(π·cycles·2·progress))): a clamp, no activation
        return Match("relu", roles=(("input", x),))
    br = piecewise_branches(expr)
    if br and br[1] == br[0] and br[2] == 0:
        return Match("relu", roles=(("input", br[0]),), note="written piecewise")
    scale = cheap_cancel(br[1] / br[0]) if br and br[2] == 0 else None
    if scale is not None and scale.is_number and scale.is_positive:  # 0.01x for x > 0, else 0: negatives still zeroed
        note = f"{ctx.latex(scale)} times a ReLU, written piecewise"
        return Match("relu", roles=(("input", br[0]),), params=(("scale", scale),), note=note)
    return _template_match(expr, "relu")


def _slope(neg: sympy.Basic, x: sympy.Basic) -> sympy.Basic | None:
    k = cheap_cancel(neg / x)
    if k.has(*x.free_symbols) or k == 0 or is_one(k):
        return None
    val = num_value(k)
    return k if val is None or 0 < val < 1 else None


def _leaky_relu(expr: sympy.Basic, ctx: Context) -> Match | None:
    if isinstance(expr, Max) and len(expr.args) == 2:
        for x, other in (expr.args, expr.args[::-1]):
            k = _slope(other, x) if not is_number(x) and x.as_coeff_Mul()[0] == 1 else None
            if k is not None:
                return Match("leaky_relu", roles=(("input", x),), params=(("slope", k),))
    br = piecewise_branches(expr)
    if br and br[1] == br[0]:
        k = _slope(br[2], br[0])
        if k is not None:
            return Match("leaky_relu", roles=(("input", br[0]),), params=(("slope", k),), note="piecewise")
    return None


def _elu(expr: sympy.Basic, ctx: Context) -> Match | None:
    parts = piecewise_elu(expr) or max_min_elu(expr)
    if parts and is_one(parts[1]):
        return Match("elu", roles=(("input", parts[0]),), params=(("alpha", parts[2]),))
    return None  # CELU's max(0, x) + min(0, α(e^{x/α} − 1)) is a concept of its own (concepts_celu)


#: SELU's λ and α (Klambauer et al. 2017), to the digits PyTorch's docs print them
_SELU = (sympy.Rational("1.0507009873554804934193349852946"), sympy.Rational("1.6732632423543772848170429916717"))


def _selu(expr: sympy.Basic, ctx: Context) -> Match | None:
    parts = piecewise_elu(expr) or max_min_elu(expr)
    if parts and not is_one(parts[1]):
        x, lam, alpha = parts
        std = all(written_as(v, c) for v, c in zip((lam, alpha), _SELU, strict=True))
        note = "with the standard self-normalising constants" if std else "λ-scaled ELU"
        return Match("selu", roles=(("input", x),), params=(("lambda", lam), ("alpha", alpha)), note=note)
    return None


def _softplus(expr: sympy.Basic, ctx: Context) -> Match | None:
    if isinstance(expr, softplus):
        return Match("softplus", roles=(("input", expr.args[0]),))
    u = negative_log_sigmoid(expr)
    if u is not None:  # −log σ(r_w − r_l) (a reward model's loss, DPO, SigLIP): the log-sigmoid as written
        note = f"the negative log-sigmoid of ${ctx.latex(u)}$, equal to softplus of its negative"
        return Match("log_sigmoid", roles=(("input", u),), note=note, name="negative log-sigmoid", also=("softplus",))
    shifted = shifted_softplus(expr)
    if shifted is not None:
        x, c = shifted
        note = f"softplus shifted by $\\log {sympy.latex(c)}$, i.e. $\\log({sympy.latex(c)}e^x + {sympy.latex(c)})$"
        note += " (0 at x = 0: SchNet's shifted softplus)" if c == sympy.Rational(1, 2) else ""
        return Match("softplus", roles=(("input", x),), params=(("shift", log(c)),), note=note,
                     name="shifted softplus")
    return _template_match(expr, "softplus")


_ACT = "activation"

#: what an activation's node can be: its class or a named call (a Function), an elementary form (a sum, product,
#: power: 1/(1 + e^{-x})), a max (ReLU family) or cases (ELU, piecewise ReLU)
_HEADS: tuple[type, ...] = (sympy.Add, sympy.Mul, sympy.Pow, sympy.Max, sympy.Min, sympy.Function)


CONCEPTS: tuple[Concept, ...] = (
    Concept(
        "selu",
        "SELU",
        "a λ-scaled ELU that keeps activations normalised",
        "SELU(x) = λ·x for x > 0 and λ·α(e^x − 1) otherwise; with λ ≈ 1.0507, α ≈ 1.6733 "
        "activations drift towards zero mean and unit variance (self-normalising networks).",
        ("input",),
        ("elu", "relu"),
        _ACT,
        _selu,
        heads=_HEADS,
        names=("selu",),
    ),
    Concept(
        "elu",
        "ELU",
        "identity for positive inputs, a smooth exponential floor −α below",
        "ELU(x) = x for x > 0 and α(e^x − 1) otherwise: like ReLU but negative inputs give small "
        "negative outputs, pushing mean activations towards zero.",
        ("input",),
        ("relu", "selu"),
        _ACT,
        _elu,
        heads=_HEADS,
        names=("elu",),
    ),
    Concept(
        "leaky_relu",
        "leaky ReLU",
        "passes positives, lets a small slope through for negatives",
        "max(a·x, x) with a small slope 0 < a < 1: negatives are scaled by a instead of zeroed, "
        "so units never 'die' (their gradient is a, not 0).",
        ("input",),
        ("relu",),
        _ACT,
        _leaky_relu,
        heads=_HEADS,
        names=("leakyrelu", "lrelu"),
    ),
    Concept(
        "relu",
        "ReLU",
        "passes positive inputs, zeroes negative ones",
        "max(0, x), the rectified linear unit: linear above 0, zero below; gradient 1 or 0.",
        ("input",),
        ("leaky_relu", "elu", "softplus"),
        _ACT,
        _relu,
        heads=_HEADS,
        names=("relu", "rectifier"),
    ),
    Concept(
        "gelu",
        "GELU",
        "weights the input by the probability a standard normal is below it",
        "GELU(x) = x·Φ(x) with Φ the standard normal CDF, i.e. x/2·(1 + erf(x/√2)); often "
        "approximated with tanh or as x·σ(1.702x).",
        ("input",),
        ("silu", "relu"),
        _ACT,
        _gelu,
        heads=_HEADS,
        names=("gelu",),
    ),
    Concept(
        "silu",
        "SiLU / swish",
        "gates the input by its own sigmoid",
        "x·σ(x) (swish: x·σ(βx)): a smooth, non-monotonic ReLU-like activation.",
        ("input",),
        ("sigmoid", "gelu"),
        _ACT,
        _silu,
        heads=(*_HEADS, HadamardProduct),
        names=("silu", "swish"),
    ),
    Concept(
        "sigmoid_derivative",
        "sigmoid derivative",
        "the slope of the sigmoid, largest (1/4) at 0",
        "σ'(x) = σ(x)(1 − σ(x)): small where σ saturates, which makes gradients vanish.",
        ("sigmoid", "input"),
        ("sigmoid",),
        _ACT,
        _sigmoid_derivative,
        heads=(*_HEADS, sympy.Derivative),
    ),
    Concept(
        "sigmoid",
        "sigmoid",
        "squashes any real number into (0, 1)",
        "σ(x) = 1/(1 + e^{−x}), the logistic function: a probability from a score; σ(0) = 1/2, σ(−x) = 1 − σ(x).",
        ("input",),
        ("tanh", "softmax", "binary_cross_entropy"),
        _ACT,
        _sigmoid,
        heads=_HEADS,
    ),
    Concept(
        "tanh",
        "tanh",
        "squashes any real number into (−1, 1), centred at 0",
        "tanh(x) = (e^{2x} − 1)/(e^{2x} + 1) = 2σ(2x) − 1: a zero-centred sigmoid.",
        ("input",),
        ("sigmoid",),
        _ACT,
        _tanh,
        heads=_HEADS,
    ),
    Concept(
        "softplus",
        "softplus",
        "a smooth ReLU: log(1 + e^x)",
        "softplus(x) = log(1 + e^x) ≈ max(0, x) away from 0; its derivative is the sigmoid.",
        ("input",),
        ("relu", "sigmoid", "logsumexp"),
        _ACT,
        _softplus,
        heads=_HEADS,
        names=("softplus",),
    ),
)
