"""One record per activation: the single table every stage's activation rows are derived from.

An :class:`Activation` holds everything symdl knows about one activation function: the SymPy class that
stands for it in a formula (when it has one; the others are read as their elementary definition), the
names a reader may write, its elementary definition, its derivative, the numpy kernel that evaluates it
stably, where it has kinks, the rewrites that keep it stable, its inverse, how it prints, and the concept it is.
Every stage's activation rows are built from :data:`ACTIVATIONS` by :func:`tables`: the reader's function names,
inverses and β subscripts (:mod:`symdl.functions`, ``symdl.read.calls``), the derivative rules and concept rewrites
(``symdl.differentiate``), the identity test's elementary forms and templates and the concept of a class's call
(``symdl.chunk``), the lowering's kernels, the check's kinks and the stable rewrites (``symdl.numeric``), and the
printers' names (the classes' own ``_latex``, ``symdl.render.unicode``); adding an activation is adding one record
(``tests/test_s17_records.py`` adds a toy one before the stages are imported, with :func:`use`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sympy
from sympy import S

from symdl.activation_classes import CLASS_FACTS, ActivationFunction, relu, sigmoid, softplus, stop_gradient
from symdl.activation_forms import (
    LOG_SIGMOID_RULES,
    SIGMOID_RULES,
    SOFTPLUS_RULES,
    TANH_RULES,
    RewriteRule,
    relu_kernel,
    sigmoid_kernel,
    softplus_kernel,
    stop_gradient_kernel,
    via_sigmoid,
)

if TYPE_CHECKING:
    import numpy as np

Body = Callable[[sympy.Expr], sympy.Expr]
Kernel = Callable[[object], "np.ndarray"]


_X = sympy.Symbol("x", real=True)

#: √(2/π) and 0.044715, GELU's tanh approximation (Hendrycks & Gimpel, eq. after (2)), as exact numbers
GELU_TANH_SCALE = sympy.sqrt(2) / sympy.sqrt(sympy.pi)
GELU_TANH_CUBIC = sympy.Rational("0.044715")


def _derived(body: Body) -> Body:
    """``u -> f'(u)`` of an elementary ``f`` (differentiated once, at a symbol, then substituted)."""
    found: list[sympy.Expr] = []  # differentiated at the first use, not when symdl is imported (a cold start)

    def derivative(u: sympy.Expr) -> sympy.Expr:
        if not found:
            found.append(sympy.diff(body(_X), _X))
        return found[0].subs(_X, u)

    return derivative


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
        kernel: the numpy kernel evaluating ``cls`` (in the lowering's namespace as :attr:`kernel_name`); None:
            numpy's own or, without a class, the kernels of the elementary form (kept stable by ``stable_rules``).
        latex: how it prints in LaTeX.
        unicode: how the Unicode printer names ``cls``.
        concept: the chunk concept it is (None: no concept of its own).
        template: the chunk stage may find it by comparing an expression with ``elementary``.
        stable: how it is evaluated without overflow or cancellation.
        choice: (the name that leaves a choice open, the reading taken, how to write the other).
        rule_name: the derivative rule's name as a step cites it ("sigmoid derivative").
        rule_concept: the concept the derivative is expressed through, if any.
        kinks: where ``cls`` is not differentiable ("zero of the argument"), or "" (smooth; a class-less record's
            kinks are those of its elementary form's Max/Min/Abs).
        stable_rules: the rewrites (``symdl.numeric.stable``) that turn an unstable elementary pattern into this
            activation's stable form (``log(1 + e^x)`` → ``softplus(x)``), in the order they are tried.
        inverse: (the inverse's name, ``p -> f^{-1}(p)``): ``name^{-1}(p)`` of one of :attr:`names` reads as it.
        expressed: (what it uses, ``(derivative, source) -> the derivative through this activation or None``): how
            ``symdl.differentiate`` re-expresses a derivative of its written-out form through it (e^{−u} → (1 − σ)/σ).
        letters: the Greek letters that name it (Goodfellow et al.'s σ and ζ, sec. 3.10), as ``\\sigma^{-1}``
            reads its inverse and ``symdl.bind`` reads a call of the letter (under its own rules and notes).
        beta_subscript: a subscript on its name is its parameter β (``\\text{Swish}_1``; another β is read as
            x σ(βx), :mod:`symdl.bind.swishbeta`).
    """

    key: str
    elementary: Body
    derivative: Body
    rule: str
    names: tuple[str, ...] = ()
    cls: type | None = None
    kernel: Kernel | None = None
    latex: str = ""
    unicode: str = ""
    concept: str | None = None
    template: bool = False
    stable: str = ""
    choice: tuple[str, str, str] | None = None
    rule_name: str = ""
    rule_concept: str | None = None
    kinks: str = ""
    stable_rules: tuple[RewriteRule, ...] = ()
    inverse: tuple[str, Body] | None = None
    expressed: tuple[str, Callable[[sympy.Basic, sympy.Basic], sympy.Basic | None]] | None = None
    letters: tuple[str, ...] = ()
    beta_subscript: bool = False

    @property
    def kernel_name(self) -> str | None:
        """The name generated code calls :attr:`kernel` by (``symdl_<key>``), or None."""
        return f"symdl_{self.key}" if self.kernel is not None else None

    def reading(self) -> object:
        """What a call of one of :attr:`names` reads as: the class, or a Lambda of the elementary form."""
        return self.cls if self.cls is not None else sympy.Lambda(_X, self.elementary(_X))


_sig = sigmoid
_H = sympy.Heaviside


ACTIVATIONS: tuple[Activation, ...] = (
    Activation("sigmoid", lambda x: 1 / (1 + sympy.exp(-x)), lambda u: _sig(u) * (1 - _sig(u)),
               "σ'(u) = σ(u)(1 − σ(u))", ("sigmoid", "logistic", "sigm", "sigmoid_fast", "logsig"),  # Flux's
               # sigmoid_fast; MATLAB's and Hagan et al.'s logsig
               sigmoid, sigmoid_kernel, r"\sigma", "σ",
               "sigmoid", True, "e^{x}/(1 + e^{x}) for x < 0, 1/(1 + e^{-x}) otherwise",
               rule_name="sigmoid derivative", rule_concept="sigmoid", stable_rules=SIGMOID_RULES,
               inverse=("logit", lambda p: sympy.log(p / (1 - p))), letters=("sigma",),
               expressed=("σ(u) = 1/(1 + e^{−u})", via_sigmoid)),
    Activation("tanh", sympy.tanh, lambda u: 1 - sympy.tanh(u) ** 2, "tanh'(u) = 1 − tanh(u)²",
               ("tanh", "tanh_fast", "tansig"),
               sympy.tanh, None, r"\tanh", "tanh", "tanh", True, "numpy's tanh", rule_name="tanh derivative",
               rule_concept="tanh", stable_rules=TANH_RULES),
    Activation("relu", lambda x: sympy.Max(0, x), lambda u: _H(u, 0),
               "ReLU'(u) = H(u) (step; undefined at 0, taken as 0)", ("relu", "poslin"), relu, relu_kernel,
               r"\operatorname{ReLU}", "ReLU", "relu", True, "max(x, 0)", rule_name="ReLU derivative",
               kinks="zero of the argument"),
    Activation("softplus", lambda x: sympy.log(1 + sympy.exp(x)), _sig, "softplus'(u) = σ(u)", ("softplus",),
               softplus, softplus_kernel, r"\operatorname{softplus}", "softplus", "softplus", True,
               "logaddexp(0, x)", rule_name="softplus derivative", rule_concept="sigmoid", stable_rules=SOFTPLUS_RULES,
               inverse=("softplus_inverse", lambda p: sympy.log(sympy.exp(p) - 1)), letters=("zeta",)),
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
                       "for another \\beta, write x \\sigma(\\beta x)"), beta_subscript=True),
    Activation("mish", lambda x: x * sympy.tanh(softplus(x)),
               lambda u: sympy.tanh(softplus(u)) + u * (1 - sympy.tanh(softplus(u)) ** 2) * _sig(u),
               "Mish'(u) = tanh(softplus(u)) + u(1 − tanh²(softplus(u)))σ(u)", ("mish",),
               latex=r"\operatorname{Mish}", concept="mish", stable="x·tanh(softplus(x)) with the stable softplus"),
    Activation("softsign", lambda x: x / (1 + sympy.Abs(x)), lambda u: 1 / (1 + sympy.Abs(u)) ** 2,
               "softsign'(u) = 1/(1 + |u|)²", ("softsign", "soft_sign"), latex=r"\operatorname{softsign}",
               concept="softsign", stable="x/(1 + |x|)"),
    Activation("hardtanh", lambda x: sympy.Min(sympy.Max(-1, x), 1), lambda u: _H(u + 1, 0) * _H(1 - u, 0),
               "Hardtanh'(u) = 1 on (−1, 1), 0 elsewhere", ("hardtanh", "hard_tanh", "satlins"),
               latex=r"\operatorname{Hardtanh}",
               stable="min(max(x, −1), 1)"),
    Activation("hard_sigmoid", lambda x: sympy.Min(sympy.Max(0, x / 6 + S.Half), 1),
               lambda u: _H(u + 3, 0) * _H(3 - u, 0) / 6, "Hardsigmoid'(u) = 1/6 on (−3, 3), 0 elsewhere",
               ("hardsigmoid", "hsigmoid", "hard_sigmoid"), latex=r"\operatorname{Hardsigmoid}", concept="hard_sigmoid",
               stable="min(max(x/6 + 1/2, 0), 1)"),
    Activation("hard_swish", lambda x: x * _relu6(x + 3) / 6,
               lambda u: _relu6(u + 3) / 6 + u * _H(u + 3, 0) * _H(3 - u, 0) / 6,
               "Hardswish'(u) = ReLU6(u + 3)/6 + u/6 on (−3, 3)", ("hardswish", "hswish", "hard_swish", "hard_silu"),
               latex=r"\operatorname{Hardswish}", concept="hard_swish", stable="x·min(max(x + 3, 0), 6)/6"),
    Activation("log_sigmoid", lambda x: sympy.log(sigmoid(x)), lambda u: _sig(-u), "(log σ)'(u) = σ(−u) = 1 − σ(u)",
               ("logsigmoid", "log_sigmoid"), latex=r"\log\sigma", concept="log_sigmoid",
               stable="−softplus(−x) (symdl.numeric.stable's log-sigmoid rule)", stable_rules=LOG_SIGMOID_RULES),
    # the transfer functions of MATLAB's toolbox as Hagan et al.'s Neural Network Design names them (logsig, tansig,
    # poslin and satlins are the sigmoid, tanh, ReLU and Hardtanh above)
    Activation("satlin", lambda x: sympy.Min(sympy.Max(0, x), 1), lambda u: _H(u, 0) * _H(1 - u, 0),
               "satlin'(u) = 1 on (0, 1), 0 elsewhere", ("satlin",), latex=r"\operatorname{satlin}",
               stable="min(max(x, 0), 1)"),
    Activation("purelin", lambda x: x, lambda u: S.One, "purelin'(u) = 1", ("purelin",),
               latex=r"\operatorname{purelin}", stable="its argument"),
    Activation("hardlim", lambda x: sympy.Piecewise((1, x >= 0), (0, True)), lambda u: S.Zero,
               "hardlim'(u) = 0 (a step: no slope, undefined at 0)", ("hardlim",), latex=r"\operatorname{hardlim}",
               stable="1 where x ≥ 0, else 0"),
    Activation("hardlims", lambda x: sympy.Piecewise((1, x >= 0), (-1, True)), lambda u: S.Zero,
               "hardlims'(u) = 0 (a step: no slope, undefined at 0)", ("hardlims",), latex=r"\operatorname{hardlims}",
               stable="1 where x ≥ 0, else −1"),
    Activation("radbas", lambda x: sympy.exp(-x**2), lambda u: -2 * u * sympy.exp(-u**2), "radbas'(u) = −2u e^{−u²}",
               ("radbas",), latex=r"\operatorname{radbas}", stable="exp(−x²)"),
    Activation("tribas", lambda x: sympy.Max(0, 1 - sympy.Abs(x)),
               lambda u: -sympy.sign(u) * _H(1 - sympy.Abs(u), 0), "tribas'(u) = −sign(u) on (−1, 1), 0 elsewhere",
               ("tribas",), latex=r"\operatorname{tribas}", stable="max(0, 1 − |x|)"),
    # not an activation but a function of one argument recorded alike: the stop-gradient of BYOL's
    # \text{stop\_gradient}, SimSiam's \texttt{stopgrad}, VQ-VAE's \mathrm{sg}[\cdot], PyTorch's x.detach() and
    # JAX's lax.stop_gradient: its argument in value, derivative 0
    Activation("stop_gradient", lambda x: x, lambda u: S.Zero, "sg'(u) = 0 (the gradient is stopped)",
               ("sg", "stopgrad", "stop_gradient", "stopgradient", "detach"), stop_gradient, stop_gradient_kernel,
               r"\operatorname{sg}", "sg", stable="its argument", rule_name="stop-gradient"),
)
"""Every activation symdl knows, in one place."""

def _own(cls: type | None) -> bool:
    """Is ``cls`` an activation class of symdl's (not SymPy's own ``tanh``, which SymPy prints and rewrites itself)?"""
    return isinstance(cls, type) and issubclass(cls, ActivationFunction)


def tables(records: tuple[Activation, ...]) -> dict[str, object]:
    """Every table the stages derive from ``records``, by the module-level name it is bound to below."""
    classed = [a for a in records if a.cls is not None]
    return {
        "BY_KEY": {a.key: a for a in records},
        "READER_FUNCTIONS": {n: reading for a in records for reading in (a.reading(),) for n in a.names},  # built once
        "ELEMENTARY": {a.cls: a.elementary for a in classed if _own(a.cls)},
        "KERNELS": {a.cls: a.kernel_name for a in classed if a.kernel is not None},
        "KERNEL_FUNCTIONS": {a.kernel_name: a.kernel for a in records if a.kernel is not None},
        "UNICODE_NAMES": {a.cls: a.unicode for a in classed if a.unicode and _own(a.cls)},
        "CLASSES": tuple(a.cls for a in classed),
        "CLASS_CONCEPTS": {a.cls: a.concept for a in classed if a.concept},
        "CHOICES": {a.choice[0]: a.choice[1:] for a in records if a.choice},
        "TEMPLATES": {a.concept: a.elementary for a in records if a.template and a.concept},
        "KINKS": {a.cls: a.kinks for a in classed if a.kinks},
        "SMOOTH_CLASSES": tuple(a.cls for a in classed if not a.kinks),
        "STABLE_RULES": tuple(sorted((r for a in records for r in a.stable_rules), key=lambda r: not r.whole_first)),
        "INVERSES": {n: a.inverse[0] for a in records if a.inverse for n in (*a.names, *a.letters)},
        "LETTER_INVERSES": {n: a.inverse[0] for a in records if a.inverse for n in a.letters},
        "LETTERS": frozenset(n for a in records for n in a.letters),
        "INVERSE_READINGS": {a.inverse[0]: a.inverse[1] for a in records if a.inverse},
        "BETA_SUBSCRIPT": frozenset(n for a in records if a.beta_subscript for n in a.names),
    }


#: record key → record
BY_KEY: dict[str, Activation]
#: a reader's spelling (lower-cased, no backslash) → what a call of it reads as
READER_FUNCTIONS: dict[str, object]
#: activation class → its elementary definition (the identity test's replacement)
ELEMENTARY: dict[type, Body]
#: activation class → the name of the numpy kernel evaluating it
KERNELS: dict[type, str]
#: kernel name → the numpy kernel (the lowering's namespace)
KERNEL_FUNCTIONS: dict[str, Kernel]
#: activation class → how the Unicode printer names it
UNICODE_NAMES: dict[type, str]
#: the classes standing for activations in a formula (sigmoid, tanh, ReLU, softplus)
CLASSES: tuple[type, ...]
#: activation class → the concept a call of it is
CLASS_CONCEPTS: dict[type, str]
#: named activations whose name leaves a choice open → (the reading taken, how to write the other)
CHOICES: dict[str, tuple[str, str]]
#: concept id → its exact elementary definition, for the chunk stage's identity test
TEMPLATES: dict[str, Body]
#: activation class → where it is not differentiable (the numeric check's kinks)
KINKS: dict[type, str]
#: the classes a derivation rewrites to exponentials when it compares forms (the smooth ones)
SMOOTH_CLASSES: tuple[type, ...]
#: the stable-form rewrites of every record, in record order (``symdl.numeric.stable``)
STABLE_RULES: tuple[RewriteRule, ...]
#: a reader's spelling → the name of its inverse (``\\operatorname{sigmoid}^{-1}(p)``: the logit)
INVERSES: dict[str, str]
#: a Greek letter naming an activation → the name of its inverse (``\\zeta^{-1}(x)``: the softplus's inverse)
LETTER_INVERSES: dict[str, str]
#: the Greek letters that name activations (σ, ζ)
LETTERS: frozenset[str]
#: an inverse's name → ``p -> f^{-1}(p)``
INVERSE_READINGS: dict[str, Body]
#: the spellings whose subscript is their parameter β (``\\text{Swish}_1``)
BETA_SUBSCRIPT: frozenset[str]


def use(records: tuple[Activation, ...]) -> None:
    """Make ``records`` the activations: rebind :data:`ACTIVATIONS` and every table above.  The stages build their
    own tables from these when they are imported, so a plug-in record takes effect for stages imported after."""
    globals()["ACTIVATIONS"] = records
    globals().update(tables(records))
    CLASS_FACTS.clear()
    CLASS_FACTS.update({a.cls: a for a in records if a.cls is not None and _own(a.cls)})


use(ACTIVATIONS)
