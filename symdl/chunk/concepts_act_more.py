"""More activations, recognised by structure and exact algebra: PReLU, Mish, softsign, hard sigmoid, hard swish,
log-sigmoid, GELU's tanh form, the tanh derivative and the gated linear units GLU and SwiGLU.

Every test here is exact: the reader's decimals (``0.2``, ``0.044715``) are taken as the exact decimals written
(:func:`exact`), a written approximation of an irrational constant (``0.7978845608`` for √(2/π)) counts when it
is that constant rounded to the digits written (:func:`written_as`), and forms are compared with ``expand``.
"""

from __future__ import annotations

import decimal

import sympy
from sympy import Abs, Add, Max, Min, Mul, Piecewise, Pow, exp, log, sech, tanh
from sympy.matrices.expressions import HadamardProduct, MatMul
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction

from symdl.activations import GELU_TANH_CUBIC, GELU_TANH_SCALE
from symdl.chunk.act_clip import piecewise_clamp
from symdl.chunk.act_forms import channel_slope, solves
from symdl.chunk.act_slopes import tanh_output, tanh_output_slope, tanh_slope
from symdl.chunk.algebra import is_number, numer_denom
from symdl.chunk.registry import Concept, Context, Match, named_concept
from symdl.functions import sigmoid, softplus
from symdl.simplify import expand_within


def exact(e: sympy.Basic) -> sympy.Basic:
    """``e`` with each float replaced by the exact decimal it was written as (0.2 → 1/5)."""
    floats = e.atoms(sympy.Float)
    return e.xreplace({f: sympy.Rational(repr(float(f))) for f in floats}) if floats else e


def written_as(v: sympy.Basic, c: sympy.Basic) -> bool:
    """Is the number ``v`` the constant ``c``: exactly, or as ``c`` rounded or cut to the (≥ 3) digits written?"""
    if not is_number(v):
        return False
    if not v.atoms(sympy.Float):
        return sympy.expand(v - c) == 0
    if not isinstance(v, sympy.Float):
        return False
    written = decimal.Decimal(repr(float(f"{float(v):.15g}")))  # 1.0507·1.67326/1.0507 is 1.67326 as written
    n = len(written.as_tuple().digits)
    full = decimal.Decimal(str(sympy.N(c, 40)))
    cut = (decimal.Context(prec=n, rounding=r).plus(full) for r in (decimal.ROUND_HALF_EVEN, decimal.ROUND_DOWN))
    return n >= 3 and any(written == d for d in cut)


def _zero(e: sympy.Basic) -> bool:
    return expand_within(exact(e)) == 0


def _split_coeff(e: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic]:
    """``(number, rest)`` of a product, floats made exact."""
    c, rest = exact(e).as_coeff_Mul()
    return c, rest


# ---------------------------------------------------------------- PReLU
def _hyperparameter(a: sympy.Basic, ctx: Context) -> bool:
    """Is the slope ``a`` spelled as a hyperparameter, not a learned weight? A Greek letter (``α``, the DL
    convention for a hyperparameter) or a word (PyTorch's docs spell constructor arguments as words:
    ``\\text{negative\\_slope}``); a Latin letter (``a``, He et al.'s per-channel ``a_i``) is the learned slope."""
    return isinstance(a, sympy.Symbol) and (ctx.is_greek(a) or ctx.is_word(a))


def _prelu(expr: sympy.Basic, ctx: Context) -> Match | None:
    """``max(0, x) + a·min(0, x)`` (PyTorch's PReLU), or ``max(0, x) − a·max(0, −x)``, with a learned slope a."""
    per_channel = channel_slope(expr)
    if per_channel is not None:
        x, a = per_channel
        return Match("prelu", roles=(("input", x),), params=(("slope", a),),
                     note=f"negative inputs are scaled by the learned slope {a}, one per channel")
    if not isinstance(expr, Add) or len(expr.args) != 2:
        return None
    for pos, neg in (expr.args, expr.args[::-1]):
        if not (isinstance(pos, Max) and len(pos.args) == 2 and 0 in pos.args):
            continue
        x = next(a for a in pos.args if a != 0)
        for k, m in ((1, Min), (-1, Max)):
            calls = [f for f in sympy.Mul.make_args(neg) if isinstance(f, m) and len(f.args) == 2 and 0 in f.args]
            if len(calls) != 1:
                continue
            inner = next(a for a in calls[0].args if a != 0)
            if not _zero(inner - k * x):
                continue
            a = k * sympy.Mul(*[f for f in sympy.Mul.make_args(neg) if f is not calls[0]])
            indices = {i for ix in x.atoms(sympy.Indexed) for i in ix.indices}  # a_i of y_i: a slope per channel
            if a.has(*(x.free_symbols - indices)) or a == 0:
                return None
            if is_number(a) or _hyperparameter(a, ctx):
                why = "a fixed slope" if is_number(a) else "a slope spelled as a hyperparameter (Greek or a word)"
                return Match("leaky_relu", roles=(("input", x),), params=(("slope", a),),
                             note=f"max(0, x) + {a}·min(0, x): {why}, so a leaky ReLU, not a PReLU")
            return Match("prelu", roles=(("input", x),), params=(("slope", a),),
                         note=f"negative inputs are scaled by the learned slope {a}")
    return None


# ---------------------------------------------------------------- Mish, softsign, log-sigmoid
def _softplus_arg(e: sympy.Basic) -> sympy.Basic | None:
    """``u`` of ``softplus(u)`` or ``log(1 + e^u)``."""
    if isinstance(e, softplus):
        return e.args[0]
    if isinstance(e, log) and isinstance(e.args[0], Add) and len(e.args[0].args) == 2 and 1 in e.args[0].args:
        other = next(a for a in e.args[0].args if a != 1)
        if isinstance(other, exp):
            return other.args[0]
    return None


def _mish(expr: sympy.Basic, ctx: Context) -> Match | None:
    """``x·tanh(softplus(x))`` (Misra 2019; PyTorch's Mish), softplus written or as ``ln(1 + e^x)``."""
    if not isinstance(expr, Mul):
        return None
    for t in expr.args:
        u = _softplus_arg(t.args[0]) if isinstance(t, tanh) else None
        if u is not None and _zero(expr / t - u):
            return Match("mish", roles=(("input", u),), note=f"{u}·tanh(softplus({u})): self-gated by tanh of softplus")
    return None


def _softsign(expr: sympy.Basic, ctx: Context) -> Match | None:
    """``x/(1 + |x|)``."""
    if not isinstance(expr, Mul):
        return None
    num, den = numer_denom(expr)
    if is_number(num) or not den.has(Abs):
        return None
    if _zero(den - 1 - Abs(num)):
        return Match("softsign", roles=(("input", num),), note=f"{num}/(1 + |{num}|): bounded in (−1, 1)")
    return None


def _sigmoid_arg(e: sympy.Basic) -> sympy.Basic | None:
    """``u`` of ``σ(u)`` or ``1/(1 + e^{−u})``."""
    if isinstance(e, sigmoid):
        return e.args[0]
    if isinstance(e, Pow) and e.exp == -1 and isinstance(e.base, Add) and len(e.base.args) == 2 and 1 in e.base.args:
        other = next(a for a in e.base.args if a != 1)
        if isinstance(other, exp):
            return -other.args[0]
    return None


def negative_log_sigmoid(expr: sympy.Basic) -> sympy.Basic | None:
    """``u`` of ``−log σ(u)`` written with a log of a sigmoid (any argument), else None."""
    c, rest = _split_coeff(expr)
    return _sigmoid_arg(rest.args[0]) if c == -1 and isinstance(rest, log) else None


def _log_sigmoid(expr: sympy.Basic, ctx: Context) -> Match | None:
    """``log σ(x)``, ``log(1/(1 + e^{−x}))``, ``−softplus(−x)``, ``−log(1 + e^{−x})``."""
    if isinstance(expr, log):
        u = _sigmoid_arg(expr.args[0])
        if u is not None:
            return Match("log_sigmoid", roles=(("input", u),), note=f"the log-probability log σ({u})")
        return None
    c, rest = _split_coeff(expr)
    u = _softplus_arg(rest) if c == -1 else None
    st = ctx.statement  # Goodfellow's ζ(x) − ζ(−x) = x: softplus beside its mirror is softplus's identity
    if u is not None and not (st is not None and st.as_equation().has(softplus(-u))):
        return Match("log_sigmoid", roles=(("input", -u),), note=f"written −softplus({u}) = log σ({-u})")
    return None


# ---------------------------------------------------------------- hard sigmoid, hard swish
def _clip01(expr: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic, sympy.Basic] | None:
    """``(scale c, inner L, (lo, hi))`` of ``c·min(max(L, lo), hi)`` in either nesting, c a positive number."""
    c, body = _split_coeff(expr)
    if not c.is_positive or not isinstance(body, (Min, Max)) or len(body.args) != 2:
        return None
    outer = body
    num = [a for a in outer.args if is_number(a)]
    inner = [a for a in outer.args if isinstance(a, (Min, Max)) and type(a) is not type(outer)]
    if len(num) != 1 or len(inner) != 1 or len(inner[0].args) != 2:
        return None
    num2 = [a for a in inner[0].args if is_number(a)]
    rest = [a for a in inner[0].args if not is_number(a)]
    if len(num2) != 1 or len(rest) != 1:
        return None
    lo, hi = (num2[0], num[0]) if isinstance(outer, Min) else (num[0], num2[0])
    return c, rest[0], exact(sympy.Tuple(c * lo, c * hi))


def hard_sigmoid_parts(expr: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic] | None:
    """``(input x, slope k)`` of ``max(0, min(1, k·x + 1/2))`` up to a positive scale (ReLU6(x + 3)/6).

    Such a clamp is one concept in either nesting: its ``max(0, ·)`` is the hard sigmoid's floor, not a ReLU
    of ``min(1, ·)`` (the ReLU recogniser asks this function)."""
    parts = _clip01(expr)
    if parts is None or tuple(parts[2]) != (0, 1):
        return None
    lin = expand_within(exact(parts[0] * parts[1]) - sympy.Rational(1, 2))
    k, x = lin.as_coeff_Mul()
    varying = sympy.Add(*(t for t in sympy.Add.make_args(lin) if not t.is_number))
    if is_number(x) or not k.is_positive or x.has(Abs, Max, Min) or varying.could_extract_minus_sign():
        return None  # (the ramp 1 - x/ρ clipped to [0, 1] falls: no sigmoid)
    return x, k


def _hard_sigmoid(expr: sympy.Basic, ctx: Context) -> Match | None:
    parts = hard_sigmoid_parts(piecewise_clamp(expr) if isinstance(expr, Piecewise) else expr)  # Keras's rows
    if parts is None:
        return None
    x, k = parts
    src = {sympy.Rational(1, 6): " (PyTorch's Hardsigmoid, ReLU6(x + 3)/6)",
           sympy.Rational(1, 5): " (Keras's 0.2x + 0.5)"}
    return Match("hard_sigmoid", roles=(("input", x),), params=(("slope", k),),
                 note=f"a piecewise-linear sigmoid: slope {k} between 0 and 1{src.get(k, '')}")


def _hard_swish(expr: sympy.Basic, ctx: Context) -> Match | None:
    """``x·ReLU6(x + 3)/6`` (MobileNetV3; PyTorch's Hardswish): x times its hard sigmoid."""
    if not isinstance(expr, Mul):
        return None
    if len(expr.args) == 2:  # x · hard_sigmoid(x): a named hard sigmoid of the factor beside it (Keras's hard_silu)
        for x, call in (expr.args, expr.args[::-1]):
            named = named_concept(call) if call.args == (x,) else None
            if named is not None and named.id == "hard_sigmoid":
                return Match("hard_swish", roles=(("input", x),), note=f"{x} gated by its own hard sigmoid")
    clips = [f for f in expr.args if isinstance(f, (Min, Max))]
    if len(clips) != 1:
        return None
    c, rest = _split_coeff(expr / clips[0])
    parts = hard_sigmoid_parts(c * clips[0])
    if parts is None or not _zero(rest - parts[0]):
        return None
    return Match("hard_swish", roles=(("input", parts[0]),), params=(("slope", parts[1]),),
                 note=f"{parts[0]} gated by its hard sigmoid (slope {parts[1]})")


# ---------------------------------------------------------------- GELU's tanh form, tanh'
def _cubic(arg: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic, sympy.Basic] | None:
    """``(s, x, c)`` of ``s·(x + c·x³)`` (expanded or not); ``s`` as written (a decimal kept), ``c`` exact
    (GELU's 0.044715 when a float ``s`` was multiplied into it by the reader)."""
    outer = [f for f in Mul.make_args(arg) if is_number(f)]
    inner = sympy.Mul(*[f for f in Mul.make_args(arg) if not is_number(f)])
    by_deg: dict[sympy.Basic, tuple[sympy.Basic, sympy.Basic]] = {}
    for term in Add.make_args(expand_within(inner)):
        facs = Mul.make_args(term)
        body = sympy.Mul(*[f for f in facs if not is_number(f)])
        base, deg = (body.base, body.exp) if isinstance(body, Pow) else (body, sympy.Integer(1))
        by_deg[deg] = (sympy.Mul(*[f for f in facs if is_number(f)]), base)
    if set(by_deg) != {1, 3} or by_deg[1][1] != by_deg[3][1] or is_number(by_deg[1][1]):
        return None
    (k1, x), (k3, _) = by_deg[1], by_deg[3]
    return sympy.Mul(*outer) * k1, x, k3 / k1 if not k1.atoms(sympy.Float) else _float_ratio(k1, k3)


def _float_ratio(k1: sympy.Basic, k3: sympy.Basic) -> sympy.Basic:
    """``k3/k1`` where the reader multiplied out a written decimal ``k1`` (0.7978845608·0.044715 as a float):
    the written cubic coefficient when ``k3`` is bit for bit that float product, else the exact quotient."""
    if isinstance(k1, sympy.Float) and isinstance(k3, sympy.Float):
        c = GELU_TANH_CUBIC
        if float(k3) == float(k1) * float(c):
            return c
    return exact(k3) / exact(k1)


def _gelu_tanh(expr: sympy.Basic, ctx: Context) -> Match | None:
    """``½x(1 + tanh(√(2/π)(x + 0.044715x³)))``, the constants exact (or rounded at the digits written)."""
    if not isinstance(expr, (Mul, Add)) or not expr.has(tanh):
        return None
    for t in expr.atoms(tanh):
        parts = _cubic(t.args[0])
        if parts is None:
            continue
        s, x, ratio = parts
        if not written_as(s, GELU_TANH_SCALE) or not _zero(ratio - GELU_TANH_CUBIC):
            continue
        if _zero(expr - x / 2 * (1 + t)):
            return Match("gelu_tanh", roles=(("input", x),), also=("gelu",),
                         note="GELU's tanh approximation with √(2/π) and 0.044715 (PyTorch's approximate='tanh')")
    return None


def _tanh_derivative(expr: sympy.Basic, ctx: Context) -> Match | None:
    """``1 − tanh²(x)``, ``sech²(x)``, ``(1 − tanh x)(1 + tanh x)``."""
    if (h := tanh_output_slope(expr)) is not None and (m := tanh_output(expr, h, ctx)) is not None:
        return m  # Karpathy's (1 - h * h) * dh; else 1 - y^2 as the equation tanh solves, below
    if isinstance(expr, Pow) and expr.exp == 2 and isinstance(expr.base, sech):
        return Match("tanh_derivative", roles=(("input", expr.base.args[0]),), note="written sech²")
    if (m := tanh_slope(expr)) is not None or not isinstance(expr, (Add, Mul)):
        return m  # d/dx tanh x, 4/(e^x + e^{−x})² (act_slopes)
    u = sympy.Dummy("u")
    f = solves(expr, ctx, 1 - u**2, u)
    if f is not None:  # h'(a) = 1 − h(a)²: the slope stated in the function's own value, the equation tanh solves
        return Match("tanh_derivative", roles=(("tanh", f),),
                     note=f"the slope of ${ctx.latex(f)}$ written in its own value, $1 - f^2$: the equation tanh "
                          "solves; 1 at 0, vanishing where the output saturates at ±1")
    for t in expr.atoms(tanh):
        if _zero(expr - (1 - t**2)):
            return Match("tanh_derivative", roles=(("tanh", t), ("input", t.args[0])),
                         note=f"the slope of tanh at {t.args[0]}: 1 at 0, vanishing where tanh saturates")
    return None


# ---------------------------------------------------------------- GLU, SwiGLU
def _gate(e: sympy.Basic) -> tuple[str, sympy.Basic] | None:
    """``("glu", u)`` for σ(u) and ``("swiglu", u)`` for Swish(u) = u·σ(u), applied entry-wise to a matrix."""
    if not isinstance(e, ElementwiseApplyFunction):
        return None
    lam = e.function
    v = lam.variables[0] if len(lam.variables) == 1 else None
    if v is None:
        return None
    if lam.expr == sigmoid(v):
        return "glu", e.expr
    if _zero(lam.expr - v * sigmoid(v)):
        return "swiglu", e.expr
    return None


def _linear(e: sympy.Basic) -> bool:
    return any(isinstance(a, MatMul) for a in sympy.preorder_traversal(e))


def _gated(expr: sympy.Basic) -> Match | None:
    """``(XW + b) ⊙ σ(XV + c)`` (Dauphin et al.), ``Swish(xW) ⊙ xV`` (Shazeer's SwiGLU): a gate times a linear part."""
    if not isinstance(expr, HadamardProduct) or len(expr.args) != 2:
        return None
    for g, lin in (expr.args, expr.args[::-1]):
        gate = _gate(g)
        if gate and _linear(lin) and _linear(gate[1]) and lin != gate[1]:
            kind, u = gate
            what = "σ" if kind == "glu" else "Swish"
            return Match(kind, roles=(("gate", u), ("value", lin)),
                         note=f"the linear part {lin} gated entry by entry by {what}({u})")
    return None


def _glu(expr: sympy.Basic, ctx: Context) -> Match | None:
    m = _gated(expr)
    return m if m is not None and m.concept == "glu" else _halves(expr, ctx)


def _halves(expr: sympy.Basic, ctx: Context) -> Match | None:
    """PyTorch's ``GLU(a, b) = a ⊗ σ(b)``: a function of two inputs defined as one gated by the sigmoid of the other
    (the two halves of the input, already projected)."""
    st = ctx.statement
    if st is None or expr != st.rhs or not isinstance(expr, HadamardProduct) or len(expr.args) != 2:
        return None
    lhs = st.lhs
    if not isinstance(lhs, sympy.Function) or len(lhs.args) != 2:
        return None
    for g, a in (expr.args, expr.args[::-1]):
        gate = _gate(g)
        if gate and gate[0] == "glu" and {a, gate[1]} == set(lhs.args) and a != gate[1]:
            note = (f"${ctx.latex(a)}$ gated entry by entry by $\\sigma({ctx.latex(gate[1])})$: the two halves of "
                    "the (projected) input, one carrying values, the other deciding how much passes")
            return Match("glu", roles=(("gate", gate[1]), ("value", a)), note=note)
    return None


def _swiglu(expr: sympy.Basic, ctx: Context) -> Match | None:
    m = _gated(expr)
    return m if m is not None and m.concept == "swiglu" else None


_ACT = "activation"
CONCEPTS: tuple[Concept, ...] = (
    Concept("glu", "GLU", "a linear part gated entry by entry by a sigmoid of another linear part",
            "GLU(X) = (XW + b) ⊙ σ(XV + c) (Dauphin et al. 2017): one projection carries the values, a second one "
            "decides, through a sigmoid in (0, 1), how much of each passes. Gradients flow through the linear "
            "part undamped, which is why gated units train deep language models well.",
            ("gate", "value"), ("swiglu", "sigmoid", "lstm_gate"), _ACT, _glu, (HadamardProduct,), ("glu",)),
    Concept("swiglu", "SwiGLU", "a linear part gated entry by entry by the Swish of another linear part",
            "SwiGLU(x) = Swish(xW) ⊙ xV (Shazeer 2020, the feed-forward block of PaLM and LLaMA): a GLU whose "
            "gate is Swish (x·σ(x)) instead of σ. The gate can be negative and is not bounded by 1.",
            ("gate", "value"), ("glu", "silu"), _ACT, _swiglu, (HadamardProduct,), ("swiglu",)),
    Concept("gelu_tanh", "GELU (tanh approximation)", "GELU computed with tanh instead of the normal CDF",
            "½x(1 + tanh(√(2/π)(x + 0.044715x³))) (Hendrycks & Gimpel): the approximation of x·Φ(x) used by BERT "
            "and GPT-2, PyTorch's GELU(approximate='tanh'). It differs from the exact GELU by less than 10⁻³.",
            ("input",), ("gelu", "tanh"), _ACT, _gelu_tanh, (Mul, Add), subsumes=("gelu",)),
    Concept("hard_swish", "hard swish", "the input times its hard sigmoid: a cheap, piecewise swish",
            "h-swish(x) = x·ReLU6(x + 3)/6 (MobileNetV3, PyTorch's Hardswish): 0 below −3, x above 3, a parabola "
            "between. It replaces x·σ(x) where exp is too expensive.",
            ("input",), ("hard_sigmoid", "silu"), _ACT, _hard_swish, (Mul,), ("hardswish", "hswish")),
    Concept("hard_sigmoid", "hard sigmoid", "a sigmoid made of three straight pieces: 0, a ramp, 1",
            "hard_sigmoid(x) = max(0, min(1, kx + ½)): ReLU6(x + 3)/6 in PyTorch (k = 1/6), 0.2x + 0.5 in Keras. "
            "It saturates exactly at 0 and 1, and its gradient is k on the ramp and 0 outside.",
            ("input",), ("sigmoid", "hard_swish"), _ACT, _hard_sigmoid, (Min, Max, Mul, Piecewise), ("hardsigmoid",)),
    Concept("prelu", "PReLU", "a ReLU whose negative slope is learned",
            "PReLU(x) = max(0, x) + a·min(0, x) (He et al. 2015; PyTorch's PReLU): positives pass, negatives are "
            "scaled by a slope a learned with the weights (per channel or shared); a fixed small a is a leaky ReLU.",
            ("input",), ("leaky_relu", "relu"), _ACT, _prelu, (Add, Piecewise), ("prelu",)),
    Concept("mish", "Mish", "the input gated by tanh of its softplus",
            "Mish(x) = x·tanh(softplus(x)) = x·tanh(ln(1 + eˣ)) (Misra 2019): smooth and non-monotonic like swish, "
            "unbounded above and bounded below (≈ −0.31).",
            ("input",), ("silu", "softplus", "tanh"), _ACT, _mish, (Mul,), ("mish",)),
    Concept("softsign", "softsign", "squashes into (−1, 1) polynomially: x/(1 + |x|)",
            "softsign(x) = x/(1 + |x|): a tanh-like squashing whose tails approach ±1 as 1/x, not exponentially, so "
            "it saturates more slowly. Its derivative is 1/(1 + |x|)².",
            ("input",), ("tanh",), _ACT, _softsign, (Mul,), ("softsign",)),
    Concept("log_sigmoid", "log-sigmoid", "the log of the sigmoid: a log-probability from a score",
            "log σ(x) = −softplus(−x) = −log(1 + e^{−x}): the log-likelihood of the positive class in logistic "
            "regression and in word2vec's negative sampling. Computed as −softplus(−x) it never takes log(0).",
            ("input",), ("sigmoid", "softplus", "binary_cross_entropy"), _ACT, _log_sigmoid, (log, Mul),
            ("logsigmoid",)),
    Concept("tanh_derivative", "tanh derivative", "the slope of tanh: 1 − tanh²(x), largest (1) at 0",
            "tanh'(x) = 1 − tanh²(x) = sech²(x): backpropagation through a tanh unit multiplies by it, and it "
            "vanishes where tanh saturates (the vanishing gradient of RNNs).",
            ("tanh", "input"), ("tanh", "sigmoid_derivative"), _ACT, _tanh_derivative,
            (Add, Mul, Pow, sympy.Derivative, sympy.MatAdd)),
)
