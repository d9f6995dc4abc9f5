"""Activation records (symdl.activations) and the FUN concepts: PReLU, Mish, softsign, hard sigmoid, hard swish,
log-sigmoid, GLU, SwiGLU, GELU's tanh form and the tanh derivative.

Per record: the named call reads, differentiates (against central differences), lowers to numpy (against plain
numpy) and prints; per concept: ≥ 2 published notations named and a look-alike not named.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy

import symdl
from symdl.activations import ACTIVATIONS, BY_KEY, ELEMENTARY, KERNELS
from symdl.chunk import explain
from symdl.functions import KNOWN_FUNCTIONS
from tests.concept_cases import assert_concepts

CASES: list[tuple[str, str, set[str], set[str]]] = [
    # PReLU: He et al. 2015 (eq. 1, a_i per channel); PyTorch docs torch.nn.PReLU (max(0,x) + a*min(0,x))
    ("prelu-he-channel", r"f(y_i) = \max(0, y_i) + a_i \min(0, y_i)", {"prelu"}, {"leaky_relu"}),
    ("prelu-pytorch", r"\mathrm{PReLU}(x) = \max(0,x) + a \min(0,x)", {"prelu"}, {"leaky_relu"}),
    ("prelu-max-form", r"y = \max(0, x) - a \max(0, -x)", {"prelu"}, set()),
    ("prelu-named", r"y = \mathrm{PReLU}(x)", {"prelu"}, {"leaky_relu"}),
    ("not-prelu-fixed-slope", r"y = \max(0,x) + 0.01\min(0,x)", {"leaky_relu"}, {"prelu"}),
    ("not-prelu-relu-plus-min", r"y = \max(0,x) + a\min(0,z)", set(), {"prelu", "leaky_relu"}),
    # Mish: Misra 2019 (x tanh(softplus(x))), PyTorch docs torch.nn.Mish (x * Tanh(Softplus(x)))
    ("mish-paper-ln", r"f(x) = x \tanh(\ln(1 + e^{x}))", {"mish"}, set()),
    ("mish-softplus", r"y = x \cdot \tanh(\operatorname{softplus}(x))", {"mish"}, set()),
    ("mish-named", r"\mathrm{Mish}(x)", {"mish"}, set()),
    ("not-mish-other-arg", r"y = x \tanh(\ln(1 + e^{z}))", set(), {"mish"}),
    # softsign: PyTorch docs torch.nn.Softsign (x / (1 + |x|)), Keras docs softsign
    ("softsign-frac", r"y = \frac{x}{1+|x|}", {"softsign"}, set()),
    ("softsign-named", r"\operatorname{softsign}(z)", {"softsign"}, set()),
    ("softsign-affine", r"y = \frac{w x + b}{1 + \lvert w x + b \rvert}", {"softsign"}, set()),
    ("not-softsign-square", r"y = \frac{x}{1+x^2}", set(), {"softsign"}),
    # hard sigmoid: PyTorch docs torch.nn.Hardsigmoid (ReLU6(x+3)/6), Keras (max(0, min(1, 0.2x + 0.5)))
    ("hard-sigmoid-keras", r"y=\max(0,\min(1, 0.2x+0.5))", {"hard_sigmoid"}, {"sigmoid"}),
    ("hard-sigmoid-relu6", r"y = \mathrm{ReLU6}(x+3)/6", {"hard_sigmoid"}, set()),
    ("hard-sigmoid-named", r"\mathrm{Hardsigmoid}(x)", {"hard_sigmoid"}, set()),
    ("not-hard-sigmoid-hardtanh", r"y = \max(-1, \min(1, x))", set(), {"hard_sigmoid"}),
    # hard swish: MobileNetV3 (Howard et al. 2019: x ReLU6(x+3)/6), PyTorch docs torch.nn.Hardswish
    ("hard-swish-mobilenet", r"\mathrm{h\text{-}swish}[x] = x \frac{\mathrm{ReLU6}(x+3)}{6}", {"hard_swish"}, set()),
    ("hard-swish-minmax", r"y = x \cdot \frac{\min(\max(0, x+3), 6)}{6}", {"hard_swish"}, set()),
    ("hard-swish-named", r"\operatorname{hardswish}(x)", {"hard_swish"}, set()),
    ("not-hard-swish-other", r"y = z \cdot \mathrm{ReLU6}(x+3)/6", set(), {"hard_swish"}),
    # log-sigmoid: PyTorch docs torch.nn.LogSigmoid (log(1/(1+exp(-x)))), Goodfellow 3.10 (log σ(x) = -ζ(-x))
    ("log-sigmoid-pytorch", r"y = \log\frac{1}{1+e^{-x}}", {"log_sigmoid"}, set()),
    ("log-sigmoid-sigma", r"y = \log \sigma(x)", {"log_sigmoid"}, set()),
    ("log-sigmoid-neg-softplus", r"y = -\log(1+e^{-x})", {"log_sigmoid"}, set()),
    ("log-sigmoid-named", r"\operatorname{LogSigmoid}(x)", {"log_sigmoid"}, set()),
    ("not-log-sigmoid-log-one-plus", r"y = \log(1+e^{-x})", set(), {"log_sigmoid"}),
    # GLU: Dauphin et al. 2017 ((XW + b) ⊗ σ(XV + c)); SwiGLU: Shazeer 2020 (Swish(xW) ⊗ xV)
    ("glu-dauphin", r"h = (X W + b) \odot \sigma(X V + c)", {"glu"}, {"swiglu"}),
    ("glu-otimes", r"h = (W x + b) \otimes \sigma(V x + c)", {"glu"}, set()),
    ("swiglu-shazeer", r"y = \mathrm{Swish}(W x) \odot (V x)", {"swiglu"}, {"glu"}),  # Shazeer writes xW: read as a scalar
    ("swiglu-silu", r"y = \mathrm{SiLU}(W x) \odot (V x)", {"swiglu"}, {"glu"}),
    ("not-glu-tanh-gate", r"y = (W x) \odot \tanh(V x)", set(), {"glu", "swiglu"}),
    # GELU tanh form: Hendrycks & Gimpel 2016 (0.5x(1 + tanh[√(2/π)(x + 0.044715x³)])), PyTorch docs GELU('tanh')
    ("gelu-tanh-paper", r"y=0.5x\left(1+\tanh\left[\sqrt{2/\pi}\left(x+0.044715x^3\right)\right]\right)",
     {"gelu_tanh"}, set()),
    ("gelu-tanh-frac", r"y=\frac{1}{2}x\left(1+\tanh\left(\sqrt{\frac{2}{\pi}}\left(x+0.044715x^3\right)\right)\right)",
     {"gelu_tanh"}, set()),
    ("gelu-tanh-decimal", r"y=0.5x(1+\tanh(0.7978845608(x+0.044715x^3)))", {"gelu_tanh"}, set()),
    ("not-gelu-tanh-cubic", r"y=0.5x(1+\tanh(\sqrt{2/\pi}(x+0.05x^3)))", set(), {"gelu_tanh", "gelu"}),
    ("not-gelu-tanh-scale", r"y=0.5x(1+\tanh(0.79(x+0.044715x^3)))", set(), {"gelu_tanh", "gelu"}),
    # tanh': d2l 5.1 (1 - tanh²(x)), Wikipedia Hyperbolic functions (sech² x)
    ("tanh-derivative-d2l", r"\frac{d}{dx}\tanh(x) = 1 - \tanh^2(x)", {"tanh_derivative"}, set()),
    ("tanh-derivative-sech", r"y = \operatorname{sech}^2(x)", {"tanh_derivative"}, set()),
    ("tanh-derivative-product", r"y = (1 - \tanh(z))(1 + \tanh(z))", {"tanh_derivative"}, set()),
    ("not-tanh-derivative-linear", r"y = 1 - \tanh(x)", set(), {"tanh_derivative"}),
    ("not-tanh-derivative-mixed", r"y = 1 - \tanh(x)\tanh(z)", set(), {"tanh_derivative"}),
    # GELU's sigmoid form, exact (Hendrycks & Gimpel: x σ(1.702x)), and SiLU with another β
    ("gelu-sigmoid-1702", r"y = x \sigma(1.702 x)", {"gelu"}, {"silu"}),
    ("not-gelu-sigmoid-17", r"y = x \sigma(1.7 x)", {"silu"}, {"gelu"}),
]


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)


def _match(latex: str, concept: str) -> object:
    expl = explain(symdl.parse(latex))
    for chunk in expl.statements:
        for c in _walk(chunk):
            if c.concept == concept:
                return c
    raise AssertionError(concept)


def _walk(c: object) -> list[object]:
    return [c, *(d for k in getattr(c, "children", ()) for d in _walk(k))]


def test_params_and_notes() -> None:
    prelu = _match(r"f(y_i) = \max(0, y_i) + a_i \min(0, y_i)", "prelu")
    assert "a[i]" in str(prelu.params) and "learned slope" in prelu.note  # type: ignore[attr-defined]
    hs = _match(r"y=\max(0,\min(1, 0.2x+0.5))", "hard_sigmoid")
    assert "1/5" in str(hs.params) and "Keras" in hs.note  # type: ignore[attr-defined]
    gt = _match(r"y=0.5x(1+\tanh(\sqrt{2/\pi}(x+0.044715x^3)))", "gelu_tanh")
    assert "0.044715" in gt.note  # type: ignore[attr-defined]


# ---------------------------------------------------------------- the records
NEW = ("mish", "softsign", "hard_sigmoid", "hard_swish", "log_sigmoid", "gelu_tanh")
_X = sympy.Symbol("x", real=True)
_PTS = np.array([-4.3, -2.5, -1.1, -0.4, 0.3, 0.9, 2.2, 3.7])


def _numpy(key: str, x: np.ndarray) -> np.ndarray:
    """Plain numpy definitions (PyTorch's docs)."""
    sp = np.log1p(np.exp(x))
    return {
        "mish": x * np.tanh(sp), "softsign": x / (1 + np.abs(x)), "hard_sigmoid": np.clip(x / 6 + 0.5, 0, 1),
        "hard_swish": x * np.clip(x + 3, 0, 6) / 6, "log_sigmoid": -np.log1p(np.exp(-x)),
        "gelu_tanh": 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x**3))),
    }[key]


@pytest.mark.parametrize("key", NEW)
def test_record_values_and_derivative(key: str) -> None:
    rec = BY_KEY[key]
    f = sympy.lambdify(_X, rec.elementary(_X).rewrite(sympy.exp), "numpy")
    np.testing.assert_allclose(f(_PTS), _numpy(key, _PTS), rtol=1e-12, atol=1e-12)
    d = sympy.lambdify(_X, rec.derivative(_X).rewrite(sympy.exp), "numpy")
    h = 1e-6
    central = (_numpy(key, _PTS + h) - _numpy(key, _PTS - h)) / (2 * h)
    np.testing.assert_allclose(d(_PTS), central, rtol=1e-5, atol=1e-6)


_NAMED = {"mish": r"\mathrm{Mish}(x)", "softsign": r"\operatorname{softsign}(x)",
          "hard_sigmoid": r"\mathrm{Hardsigmoid}(x)", "hard_swish": r"\operatorname{hardswish}(x)", "log_sigmoid": r"\operatorname{LogSigmoid}(x)"}


@pytest.mark.parametrize("key", sorted(_NAMED))
def test_named_call_reads_differentiates_lowers_prints(key: str) -> None:
    f = symdl.parse(_NAMED[key])
    expr = f.statements[0].rhs
    x = next(iter(expr.free_symbols))
    assert sympy.expand(expr - BY_KEY[key].elementary(x)) == 0  # reads as the record's definition
    vals = np.asarray(symdl.lambdify(f)(x=_PTS), dtype=float)  # lowers: the values of plain numpy
    np.testing.assert_allclose(vals, _numpy(key, _PTS), rtol=1e-12, atol=1e-12)
    with np.errstate(all="ignore"):  # stable far out, where the naive log(1 + e^x) overflows
        far = np.asarray(symdl.lambdify(f)(x=np.array([-800.0, 800.0])), dtype=float)
    assert np.all(np.isfinite(far))
    d = symdl.diff(f, "x").expr  # differentiates: the record's derivative
    assert sympy.simplify((d - BY_KEY[key].derivative(x)).rewrite(sympy.exp).subs(x, sympy.Rational(7, 10))) == 0
    assert sympy.latex(expr)  # prints


def test_tables_derive_from_records() -> None:
    for rec in ACTIVATIONS:
        for name in rec.names:
            assert KNOWN_FUNCTIONS[name] == rec.reading()
        if rec.cls is not None and rec.cls.__module__.startswith("symdl."):
            assert ELEMENTARY[rec.cls] is rec.elementary
        if rec.kernel:
            assert KERNELS[rec.cls] == rec.kernel_name
