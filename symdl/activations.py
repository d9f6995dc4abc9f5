"""One record per activation: the single table every stage's activation rows are derived from.

An :class:`Activation` holds everything symdl knows about one activation function: the SymPy class that
stands for it in a formula (when it has one; the others are read as their elementary definition), the
names a reader may write, its elementary definition, its derivative, the numpy kernel that evaluates it
stably, how it prints, how it is kept stable, and the concept it is.  The reader's table of function names
(:data:`symdl.functions.KNOWN_FUNCTIONS`), the derivative rules (``symdl.differentiate.rules``), the
identity test's elementary forms (:data:`ELEMENTARY`), the lowering's kernels (``symdl.numeric.tables``),
the Unicode printer's names (``symdl.render.unicode``) and the chunk stage's templates are built from
:data:`ACTIVATIONS`; adding an activation is adding one record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sympy
from sympy import Function, S

Body = Callable[[sympy.Expr], sympy.Expr]


def _call_latex(name: str, fn: Function, printer: object, exp: str | None) -> str:
    """``name\\left(arg\\right)``, raised to ``exp`` when SymPy's printer prints a power of the call."""
    call = rf"{name}\left({printer._print(fn.args[0])}\right)"  # type: ignore[attr-defined]
    return call if exp is None else f"{{{call}}}^{{{exp}}}"


class sigmoid(Function):  # noqa: N801 - SymPy convention: functions are lower-case classes
    """The logistic function ``1 / (1 + e^{-x})``."""

    nargs = 1

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        x = self.args[0]
        return sigmoid(x) * (1 - sigmoid(x))

    @classmethod
    def eval(cls, x: sympy.Expr) -> sympy.Expr | None:
        if x.is_zero:
            return S.Half
        if x is S.Infinity:
            return S.One
        if x is S.NegativeInfinity:
            return S.Zero
        return None

    def _eval_rewrite_as_exp(self, x: sympy.Expr, **kwargs: object) -> sympy.Expr:
        return 1 / (1 + sympy.exp(-x))

    def _eval_rewrite_as_tanh(self, x: sympy.Expr, **kwargs: object) -> sympy.Expr:
        return (1 + sympy.tanh(x / 2)) / 2

    def _eval_is_real(self) -> bool | None:
        return self.args[0].is_real

    def _eval_is_positive(self) -> bool | None:
        return True if self.args[0].is_real else None

    def _latex(self, printer: object, exp: str | None = None) -> str:
        return _call_latex(r"\sigma", self, printer, exp)


class relu(Function):  # noqa: N801
    """The rectifier ``max(0, x)``."""

    nargs = 1

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        return sympy.Heaviside(self.args[0], 0)

    @classmethod
    def eval(cls, x: sympy.Expr) -> sympy.Expr | None:
        if x.is_number and x.is_real:
            return sympy.Max(0, x)
        return None

    def _eval_rewrite_as_Max(self, x: sympy.Expr, **kwargs: object) -> sympy.Expr:
        return sympy.Max(0, x)

    def _eval_is_real(self) -> bool | None:
        return self.args[0].is_real

    def _eval_is_nonnegative(self) -> bool | None:
        return True if self.args[0].is_real else None

    def _latex(self, printer: object, exp: str | None = None) -> str:
        return _call_latex(r"\operatorname{ReLU}", self, printer, exp)


class softplus(Function):  # noqa: N801
    """``log(1 + e^x)``, the smooth rectifier."""

    nargs = 1

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        return sigmoid(self.args[0])

    @classmethod
    def eval(cls, x: sympy.Expr) -> sympy.Expr | None:
        if x.is_zero:
            return sympy.log(2)
        return None

    def _eval_rewrite_as_exp(self, x: sympy.Expr, **kwargs: object) -> sympy.Expr:
        return sympy.log(1 + sympy.exp(x))

    _eval_rewrite_as_log = _eval_rewrite_as_exp

    def _eval_is_real(self) -> bool | None:
        return self.args[0].is_real

    def _latex(self, printer: object, exp: str | None = None) -> str:
        return _call_latex(r"\operatorname{softplus}", self, printer, exp)


_X = sympy.Symbol("x", real=True)

#: √(2/π) and 0.044715, GELU's tanh approximation (Hendrycks & Gimpel, eq. after (2)), as exact numbers
GELU_TANH_SCALE = sympy.sqrt(2) / sympy.sqrt(sympy.pi)
GELU_TANH_CUBIC = sympy.Rational("0.044715")


def _derived(body: Body) -> Body:
    """``u -> f'(u)`` of an elementary ``f`` (differentiated once, at a symbol, then substituted)."""
    d = sympy.diff(body(_X), _X)
    return lambda u: d.subs(_X, u)


def _relu6(x: sympy.Expr) -> sympy.Expr:
    return sympy.Min(sympy.Max(0, x), 6)


@dataclass(frozen=True)
class Activation:
    """Everything symdl knows about one activation function.

    Attributes:
        key: the record's name (the concept id when it has one).
        elementary: its definition in elementary functions (``x -> expression``), exact.
        derivative: ``u -> f'(u)``, exact (of the elementary form where it has no class).
        rule: the derivative rule written out, as a derivation step cites it.
        names: how a reader may write a call of it (lower-case letters/digits, no backslash).
        cls: the SymPy class standing for it in a formula; None: a call is read as ``elementary``.
        kernel: the numpy kernel (``symdl.numeric.kernels``) evaluating ``cls``; None: numpy's own or,
            without a class, the kernels of the elementary form (kept stable by ``symdl.numeric.stable``).
        latex: how it prints in LaTeX.
        unicode: how the Unicode printer names ``cls``.
        concept: the chunk concept it is (None: no concept of its own).
        template: the chunk stage may find it by comparing an expression with ``elementary``.
        stable: how it is evaluated without overflow or cancellation.
        choice: (the name that leaves a choice open, the reading taken, how to write the other).
        rule_name: the derivative rule's name as a step cites it ("sigmoid derivative").
        rule_concept: the concept the derivative is expressed through, if any.
    """

    key: str
    elementary: Body
    derivative: Body
    rule: str
    names: tuple[str, ...] = ()
    cls: type | None = None
    kernel: str | None = None
    latex: str = ""
    unicode: str = ""
    concept: str | None = None
    template: bool = False
    stable: str = ""
    choice: tuple[str, str, str] | None = None
    rule_name: str = ""
    rule_concept: str | None = None

    def reading(self) -> object:
        """What a call of one of :attr:`names` reads as: the class, or a Lambda of the elementary form."""
        return self.cls if self.cls is not None else sympy.Lambda(_X, self.elementary(_X))


_sig = sigmoid
_H = sympy.Heaviside


ACTIVATIONS: tuple[Activation, ...] = (
    Activation("sigmoid", lambda x: 1 / (1 + sympy.exp(-x)), lambda u: _sig(u) * (1 - _sig(u)),
               "σ'(u) = σ(u)(1 − σ(u))", ("sigmoid", "logistic", "sigm"), sigmoid, "symdl_sigmoid", r"\sigma", "σ",
               "sigmoid", True, "e^{x}/(1 + e^{x}) for x < 0, 1/(1 + e^{-x}) otherwise",
               rule_name="sigmoid derivative", rule_concept="sigmoid"),
    Activation("tanh", sympy.tanh, lambda u: 1 - sympy.tanh(u) ** 2, "tanh'(u) = 1 − tanh(u)²", ("tanh",),
               sympy.tanh, None, r"\tanh", "tanh", "tanh", True, "numpy's tanh", rule_name="tanh derivative",
               rule_concept="tanh"),
    Activation("relu", lambda x: sympy.Max(0, x), lambda u: _H(u, 0),
               "ReLU'(u) = H(u) (step; undefined at 0, taken as 0)", ("relu",), relu, "symdl_relu",
               r"\operatorname{ReLU}", "ReLU", "relu", True, "max(x, 0)", rule_name="ReLU derivative"),
    Activation("softplus", lambda x: sympy.log(1 + sympy.exp(x)), _sig, "softplus'(u) = σ(u)", ("softplus",),
               softplus, "symdl_softplus", r"\operatorname{softplus}", "softplus", "softplus", True,
               "logaddexp(0, x)", rule_name="softplus derivative", rule_concept="sigmoid"),
    Activation("relu6", _relu6, lambda u: _H(u, 0) * _H(6 - u, 0), "ReLU6'(u) = 1 on (0, 6), 0 elsewhere",
               ("relu6",), latex=r"\operatorname{ReLU6}", stable="min(max(x, 0), 6)"),  # MobileNetV2
    # by their definitions in the PyTorch docs (torch.nn.GELU, SiLU, Mish, Softsign, Hardtanh, Hardsigmoid,
    # Hardswish, LogSigmoid), each with its default parameters
    Activation("gelu", lambda x: x / 2 * (1 + sympy.erf(x / sympy.sqrt(2))),
               lambda u: (1 + sympy.erf(u / sympy.sqrt(2))) / 2 + u * sympy.exp(-u**2 / 2) / sympy.sqrt(2 * sympy.pi),
               "GELU'(u) = Φ(u) + u φ(u)", ("gelu",), latex=r"\operatorname{GELU}", concept="gelu", template=True,
               stable="x/2 (1 + erf(x/√2))",
               choice=("gelu",
                       "the exact GELU x\\Phi(x) (PyTorch's default, approximate='none'), not its tanh approximation",
                       "for the approximation, write 0.5x(1 + \\tanh(\\sqrt{2/\\pi}(x + 0.044715x^3)))")),
    Activation("gelu_tanh",
               lambda x: x / 2 * (1 + sympy.tanh(GELU_TANH_SCALE * (x + GELU_TANH_CUBIC * x**3))),
               _derived(lambda x: x / 2 * (1 + sympy.tanh(GELU_TANH_SCALE * (x + GELU_TANH_CUBIC * x**3)))),
               "the product and chain rules on ½u(1 + tanh(√(2/π)(u + 0.044715u³)))",
               latex=r"\operatorname{GELU}_{\tanh}", concept="gelu_tanh", stable="numpy's tanh"),
    Activation("silu", lambda x: x * sigmoid(x), lambda u: _sig(u) * (1 + u * (1 - _sig(u))),
               "SiLU'(u) = σ(u)(1 + u(1 − σ(u)))", ("silu", "swish"), latex=r"\operatorname{SiLU}", concept="silu",
               template=True, stable="x·σ(x) with the stable sigmoid",
               choice=("swish", "x\\sigma(x), Swish with \\beta = 1 (Ramachandran et al.'s Swish-1, PyTorch's SiLU)",
                       "for another \\beta, write x \\sigma(\\beta x)")),
    Activation("mish", lambda x: x * sympy.tanh(softplus(x)),
               lambda u: sympy.tanh(softplus(u)) + u * (1 - sympy.tanh(softplus(u)) ** 2) * _sig(u),
               "Mish'(u) = tanh(softplus(u)) + u(1 − tanh²(softplus(u)))σ(u)", ("mish",),
               latex=r"\operatorname{Mish}", concept="mish", stable="x·tanh(softplus(x)) with the stable softplus"),
    Activation("softsign", lambda x: x / (1 + sympy.Abs(x)), lambda u: 1 / (1 + sympy.Abs(u)) ** 2,
               "softsign'(u) = 1/(1 + |u|)²", ("softsign",), latex=r"\operatorname{softsign}", concept="softsign",
               stable="x/(1 + |x|)"),
    Activation("hardtanh", lambda x: sympy.Min(sympy.Max(-1, x), 1), lambda u: _H(u + 1, 0) * _H(1 - u, 0),
               "Hardtanh'(u) = 1 on (−1, 1), 0 elsewhere", ("hardtanh",), latex=r"\operatorname{Hardtanh}",
               stable="min(max(x, −1), 1)"),
    Activation("hard_sigmoid", lambda x: sympy.Min(sympy.Max(0, x / 6 + S.Half), 1),
               lambda u: _H(u + 3, 0) * _H(3 - u, 0) / 6, "Hardsigmoid'(u) = 1/6 on (−3, 3), 0 elsewhere",
               ("hardsigmoid",), latex=r"\operatorname{Hardsigmoid}", concept="hard_sigmoid",
               stable="min(max(x/6 + 1/2, 0), 1)"),
    Activation("hard_swish", lambda x: x * _relu6(x + 3) / 6,
               lambda u: _relu6(u + 3) / 6 + u * _H(u + 3, 0) * _H(3 - u, 0) / 6,
               "Hardswish'(u) = ReLU6(u + 3)/6 + u/6 on (−3, 3)", ("hardswish",), latex=r"\operatorname{Hardswish}",
               concept="hard_swish", stable="x·min(max(x + 3, 0), 6)/6"),
    Activation("log_sigmoid", lambda x: sympy.log(sigmoid(x)), lambda u: _sig(-u), "(log σ)'(u) = σ(−u) = 1 − σ(u)",
               ("logsigmoid",), latex=r"\log\sigma", concept="log_sigmoid",
               stable="−softplus(−x) (symdl.numeric.stable's log-sigmoid rule)"),
)
"""Every activation symdl knows, in one place."""

BY_KEY: dict[str, Activation] = {a.key: a for a in ACTIVATIONS}

#: a reader's spelling (lower-cased, no backslash) → what a call of it reads as
READER_FUNCTIONS: dict[str, object] = {n: a.reading() for a in ACTIVATIONS for n in a.names}

#: activation class → its elementary definition (the identity test's replacement)
ELEMENTARY: dict[type, Body] = {a.cls: a.elementary for a in ACTIVATIONS if a.cls is not None and a.cls.__module__
                                == __name__}

#: activation class → the numpy kernel evaluating it
KERNELS: dict[type, str] = {a.cls: a.kernel for a in ACTIVATIONS if a.cls is not None and a.kernel}

#: activation class → how the Unicode printer names it
UNICODE_NAMES: dict[type, str] = {a.cls: a.unicode for a in ACTIVATIONS if a.cls is not None and a.unicode
                                  and a.cls.__module__ == __name__}

#: named activations whose name leaves a choice open → (the reading taken, how to write the other)
CHOICES: dict[str, tuple[str, str]] = {a.choice[0]: a.choice[1:] for a in ACTIVATIONS if a.choice}

#: concept id → its exact elementary definition, for the chunk stage's identity test
TEMPLATES: dict[str, Body] = {a.concept: a.elementary for a in ACTIVATIONS if a.template and a.concept}

#: the classes a derivation rewrites to exponentials when it compares forms (the smooth ones)
SMOOTH_CLASSES: tuple[type, ...] = tuple(a.cls for a in ACTIVATIONS if a.cls is not None and a.kernel != "symdl_relu")
