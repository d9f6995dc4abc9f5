"""SymPy function classes for the activations deep learning names but SymPy lacks.

Each is a real :class:`sympy.Function`: it differentiates (``fdiff``), rewrites to
elementary functions (``rewrite(sympy.exp)``) and evaluates on numbers, so the
chunk, differentiate and numeric stages can all treat ``sigmoid(z)`` as what a
reader means by ``\\sigma(z)``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import sympy
from sympy import Function
from sympy.concrete.expr_with_limits import ExprWithLimits
from sympy.matrices.expressions.diagonal import DiagMatrix

from symdl.activations import (  # noqa: F401 - relu, sigmoid, softplus re-exported
    CHOICES,
    INVERSE_READINGS,
    INVERSES,
    LETTER_INVERSES,
    READER_FUNCTIONS,
    relu,
    sigmoid,
    softplus,
)
from symdl.errors import InvalidInput


def _call_latex(name: str, fn: Function, printer: object, exp: str | None) -> str:
    """``name\\left(arg\\right)``, raised to ``exp`` when SymPy's printer prints a power of the call."""
    call = rf"{name}\left({printer._print(fn.args[0])}\right)"  # type: ignore[attr-defined]
    return call if exp is None else f"{{{call}}}^{{{exp}}}"


class softmax(Function):  # noqa: N801
    """``softmax(z)`` of a vector: an undefined vector-valued function (named, not expanded)."""

    nargs = 1

    def _latex(self, printer: object, exp: str | None = None) -> str:
        return _call_latex(r"\operatorname{softmax}", self, printer, exp)


class OverIndex(ExprWithLimits):
    """``\\max_i x_i`` / ``\\min_i x_i``: the largest / smallest value of the body as the index runs over its range.

    Read, explained and evaluated; its derivative (a subgradient picking the arg max) is not taken.
    """

    _command = ""

    def _eval_derivative(self, x: sympy.Basic) -> sympy.Basic:
        from symdl.errors import NotSupported

        raise NotSupported(
            f"the derivative of {self._command} over an index (a subgradient: 1 at the arg max, 0 elsewhere)",
            hint="write the derivative at the maximising index yourself, or use a smooth maximum (log-sum-exp)",
        )

    def _latex(self, printer: object) -> str:
        body = printer._print(self.function)  # type: ignore[attr-defined]
        ops = " ".join(rf"{self._command}_{{{printer._print(lim[0])}}}" for lim in reversed(self.limits))  # type: ignore[attr-defined]
        return f"{ops} {body}"  # SymPy joins \max_i \max_j into one with two limits, the innermost first

    def _sympystr(self, printer: object) -> str:
        limits = ", ".join(printer._print(lim) for lim in self.limits)  # type: ignore[attr-defined]
        return f"{type(self).__name__}({printer._print(self.function)}, {limits})"  # type: ignore[attr-defined]


class MaxOver(OverIndex):
    """``\\max_i x_i``."""

    _command = r"\max"


class MinOver(OverIndex):
    """``\\min_i x_i``."""

    _command = r"\min"


class _ArgOverIndex(OverIndex):
    """``\\arg\\max_k p_k``: the index (1-based, as written) where the body is largest (smallest); ties go to the
    first.  Piecewise constant in the body's inputs: its derivative is 0 wherever it is defined (not at ties)."""

    is_integer = True

    def _eval_derivative(self, x: sympy.Basic) -> sympy.Basic:
        return sympy.S.Zero


class ArgMaxOver(_ArgOverIndex):
    """``\\arg\\max_k p_k`` (a classifier's prediction)."""

    _command = r"\operatorname{arg\,max}"


class ArgMinOver(_ArgOverIndex):
    """``\\arg\\min_k d_k`` (the nearest centre)."""

    _command = r"\operatorname{arg\,min}"


class OptimumOver(sympy.Expr):
    """``\\theta^* = \\arg\\min_\\theta L(\\theta)``, ``\\sup_{\\|f\\|_L \\leq 1} \\dots``: an optimum of ``body``
    over a variable (or under a condition, kept as its text): read and explained, never searched for (evaluating it is
    refused by name, symdl.numeric.lower)."""

    def __new__(cls, body: sympy.Basic, over: sympy.Basic, op: str) -> OptimumOver:
        name = op if isinstance(op, sympy.core.symbol.Str) else sympy.core.symbol.Str(op)  # type: ignore[attr-defined]
        return sympy.Basic.__new__(cls, body, over, name)  # rebuilt by sympy's func(*args): the Str itself

    @property
    def body(self) -> sympy.Basic:
        return self.args[0]

    @property
    def op(self) -> str:
        return str(self.args[2])

    def _eval_derivative(self, x: sympy.Basic) -> sympy.Basic:
        from symdl.errors import NotSupported

        raise NotSupported(f"the derivative of an optimum over a variable ({self.op})",
                           hint="differentiate the objective being optimised, written on its own")

    def _latex(self, printer: object) -> str:
        op = {"argmax": r"\operatorname{arg\,max}", "argmin": r"\operatorname{arg\,min}"}.get(self.op, "\\" + self.op)
        over = self.args[1]
        under = str(over) if isinstance(over, sympy.core.symbol.Str) else printer._print(over)  # type: ignore[attr-defined]
        return rf"{op}_{{{under}}} {printer._print(self.body)}"  # type: ignore[attr-defined]

    def _sympystr(self, printer: object) -> str:
        return f"{self.op}_{{{printer._print(self.args[1])}}}({printer._print(self.body)})"  # type: ignore[attr-defined]


class _SoftmaxOf(sympy.MatrixExpr):
    """A softmax taken over one axis of its matrix argument: a matrix expression of the argument's shape."""

    def __new__(cls, arg: sympy.Basic) -> _SoftmaxOf:
        return sympy.Basic.__new__(cls, sympy.sympify(arg))

    @property
    def arg(self) -> sympy.Basic:
        return self.args[0]

    @property
    def shape(self) -> tuple[sympy.Expr, sympy.Expr]:
        return self.arg.shape  # type: ignore[no-any-return]

    def _latex(self, printer: object, exp: str | None = None) -> str:
        call = rf"\operatorname{{softmax}}\left({printer._print(self.arg)}\right)"  # type: ignore[attr-defined]
        return call if exp is None else f"{{{call}}}^{{{exp}}}"


class RowSoftmax(_SoftmaxOf):
    """``softmax(M)`` of a matrix, taken row by row (over its last axis, as attention and PyTorch's ``dim=-1``
    do): each row of the value sums to 1.  A matrix expression of ``M``'s shape, so ``softmax(QK^T)V`` is a
    matrix product."""

    def _eval_derivative(self, x: sympy.Basic) -> sympy.Basic:
        raise NotImplementedError("the derivative of a row-wise softmax")

    def _sympystr(self, printer: object) -> str:
        return f"softmax_rows({printer._print(self.arg)})"  # type: ignore[attr-defined]


class VectorSoftmax(_SoftmaxOf):
    """``softmax(z)`` of a column vector (of each column of a matrix): the form differentiation gives
    :func:`softmax` of a vector, so it can stand in matrix products (``y^T \\log softmax(Wx)``)."""

    def _sympystr(self, printer: object) -> str:
        return f"softmax({printer._print(self.arg)})"  # type: ignore[attr-defined]


class SpectralNorm(sympy.Expr):
    """``\\|W\\|_2``, ``\\sigma(W)`` of spectral normalisation (Miyato et al. 2018's ``W / \\sigma(W)``): the largest
    singular value of a matrix, a non-negative number.  Evaluated with numpy's 2-norm; not differentiated yet."""

    is_commutative = True
    is_real = True
    is_nonnegative = True

    def __new__(cls, arg: sympy.Basic) -> SpectralNorm:
        return sympy.Basic.__new__(cls, sympy.sympify(arg))

    @property
    def arg(self) -> sympy.Basic:
        return self.args[0]

    def _eval_derivative(self, x: sympy.Basic) -> sympy.Basic:
        raise NotImplementedError("the derivative of a spectral norm")

    def _sympystr(self, printer: object) -> str:
        return f"spectral_norm({printer._print(self.arg)})"  # type: ignore[attr-defined]

    def _latex(self, printer: object, exp: str | None = None) -> str:
        norm = rf"\left\|{printer._print(self.arg)}\right\|_2"  # type: ignore[attr-defined]
        return norm if exp is None else f"{norm}^{{{exp}}}"


_P = sympy.Symbol("p", real=True)

_X = sympy.Symbol("x", real=True)
_LO, _HI = sympy.symbols("lo hi", real=True)

#: the standard normal distribution's CDF, GELU's \\Phi (Hendrycks & Gimpel): (1 + erf(x/√2))/2
NORMAL_CDF = sympy.Lambda(_X, (1 + sympy.erf(_X / sympy.sqrt(2))) / 2)

#: known functions that take a square matrix to a number (of a number: the number itself)
MATRIX_TO_NUMBER = frozenset({"tr", "trace", "det"})

#: known functions that take a vector to a square matrix: diag(v), the diagonal matrix with v's entries on its
#: diagonal (Goodfellow et al.'s eigendecomposition V diag(lambda) V^{-1}); diag of a square matrix is refused by name
VECTOR_TO_MATRIX = frozenset({"diag"})

#: statistics of an array's entries (Adafactor's RMS(U_t), the root mean square): their argument is an array (a
#: capital a matrix), never a number, and their value a number; sum(X) is the total of X's entries (matrixcalculus.org's
#: ``sum``, numpy's np.sum), 1ᵀ X 1
ENTRY_STATISTICS = frozenset({"rms", "sum"})

#: functions with a matrix analogue a reader might mean of a matrix (S4/Mamba's matrix exponential e^{ΔA}) → its
#: name and numpy's entry-wise function (noted ``matrix-entrywise`` when applied to a matrix)
MATRIX_ANALOGUES = {"exp": ("exponential", "exp"), "log": ("logarithm", "log"), "ln": ("logarithm", "log"),
                    "sqrt": ("square root", "sqrt")}

#: ``f^{-1}`` of a known function: its inverse function (``\\sin^{-1} x`` is arcsin x, ``\\sigma^{-1}(p)`` the logit)
INVERSE_FUNCTIONS: dict[str, str] = {
    "sin": "arcsin", "cos": "arccos", "tan": "arctan", "tanh": "arctanh", "sinh": "arsinh", "cosh": "arcosh",
    "logit": "sigmoid",  # Stan's \\mathrm{logit}^{-1}(\\alpha): the inverse logit, the logistic sigmoid
    **INVERSES,  # the activations' inverses (of their names and letters), from their records (symdl.activations)
}  # fmt: skip

#: ``\\sigma^{-1}(p)``, ``\\zeta^{-1}(x)``: the inverse of a Greek letter that names a function (Goodfellow et al.'s
#: sigmoid and softplus, sec. 3.10)
GREEK_INVERSES: dict[str, str] = dict(LETTER_INVERSES)  # from the activations' records (symdl.activations)

#: named activations whose name leaves a choice open → (the reading taken, how to write the other): stated in a
#: reading note (``activation-default``) wherever symdl applies them
ACTIVATION_DEFAULTS: dict[str, tuple[str, str]] = dict(CHOICES)  # type: ignore[arg-type]

#: capitalised names that are a layer's acronym, not the function their lower case spells: the Transformer
#: papers' \\mathrm{LN}(x) is a layer norm (pre-LN residual x + F(LN(x))), never the natural log (written \\ln)
ACRONYMS = frozenset({"LN"})

#: Names a reader may write (lower-cased, without backslash) → SymPy callable.
#: Used by the reader to turn ``\tanh x``, ``tanh(x)``, ``\text{ReLU}(x)`` into calls.
KNOWN_FUNCTIONS: dict[str, object] = {
    "exp": sympy.exp,
    "log": sympy.log,
    "ln": sympy.log,
    "sqrt": sympy.sqrt,
    "sinh": sympy.sinh,
    "cosh": sympy.cosh,
    "sin": sympy.sin,
    "cos": sympy.cos,
    "tan": sympy.tan,
    "abs": sympy.Abs,
    "max": sympy.Max,
    "min": sympy.Min,
    "softmax": softmax,
    **READER_FUNCTIONS,  # the activations, one record each (symdl.activations)
    "sech": sympy.sech,
    "csch": sympy.csch,
    "coth": sympy.coth,
    "sec": sympy.sec,
    "csc": sympy.csc,
    "cot": sympy.cot,
    "arcsin": sympy.asin,
    "arccos": sympy.acos,
    "arctan": sympy.atan,
    "asin": sympy.asin,
    "acos": sympy.acos,
    "atan": sympy.atan,
    "arctanh": sympy.atanh,
    "artanh": sympy.atanh,
    "atanh": sympy.atanh,
    "arsinh": sympy.asinh,
    "asinh": sympy.asinh,
    "arcosh": sympy.acosh,
    "acosh": sympy.acosh,
    **{name: sympy.Lambda(_P, body(_P)) for name, body in INVERSE_READINGS.items()},  # logit, softplus_inverse
    "clip": sympy.Lambda((_X, _LO, _HI), sympy.Min(sympy.Max(_X, _LO), _HI)),  # clip(w, -c, c): WGAN's clipping
    "clamp": sympy.Lambda((_X, _LO, _HI), sympy.Min(sympy.Max(_X, _LO), _HI)),
    "floor": sympy.floor,
    "ceiling": sympy.ceiling,
    "ceil": sympy.ceiling,  # numpy's and PyTorch's ceil; like floor, its derivative is 0 almost everywhere
    # quantisation's round(x / s) (Jacob et al. 2018): the nearest integer, halves up (numpy rounds them to even:
    # the two differ only at halves); a step function, its derivative 0 almost everywhere
    "round": sympy.Lambda(_X, sympy.floor(_X + sympy.Rational(1, 2))),
    "tr": sympy.Trace,
    "trace": sympy.Trace,
    "det": sympy.Determinant,
    "diag": DiagMatrix,
    "erf": sympy.erf,
    "erfc": sympy.erfc,
    "sign": sympy.sign,
    "rms": sympy.Abs,  # of a number |x|; of an array the root mean square of its entries (bind.apply)
    "sum": sympy.Lambda(_X, _X),  # of a number the number; of an array the total of its entries (bind.apply)
    "sgn": sympy.sign,
    "maximum": sympy.Max,  # numpy's and Keras's element-wise maximum(1 - y_true * y_pred, 0) (the hinge loss)
    "minimum": sympy.Min,
    "square": sympy.Lambda(_X, _X**2),  # numpy's and the Keras docs' square(y_true - y_pred)
}


#: the maximum and minimum of several values, entry by entry when one is an array (\max(0, W x), numpy's
#: maximum(0, x @ W1 + b1)): shaped as that array
PAIRWISE_EXTREMA = ("max", "min", "maximum", "minimum")


# -- unknown functions a user names as known ones (Config.functions, --function H=heaviside) -----------------
_NOT_OF_A_NUMBER = frozenset({"tr", "trace", "det", "diag", "softmax", "rms", "sum", "clip", "clamp", "max",
                              "min", "maximum", "minimum"})  # fmt: skip

#: known functions of one number a user may name (``heaviside``/``step``: 1 for x > 0, ½ at 0; ``phi``/``normcdf``:
#: the standard normal CDF)
NAMEABLE: dict[str, Callable[..., sympy.Basic]] = {
    **{k: v for k, v in KNOWN_FUNCTIONS.items() if k not in _NOT_OF_A_NUMBER},  # type: ignore[misc]
    "heaviside": sympy.Heaviside,
    "step": sympy.Heaviside,
    "normcdf": NORMAL_CDF,
    "phi": NORMAL_CDF,
}


def known_function(name: str, known: str) -> str:
    """``known`` checked (lower-cased, without a backslash); :class:`InvalidInput` listing the names otherwise."""
    key = known.strip().lstrip("\\").lower()
    if not re.fullmatch(r"[A-Za-z][\w{}^\\]*", name.strip().lstrip("\\") or "-") or key not in NAMEABLE:
        raise InvalidInput(
            f"cannot read the function {name!r} as {known!r}: " + ("the name of a function is a letter or word"
                                                                    if key in NAMEABLE else "not a known function"),
            hint="write functions={'H': 'heaviside'} or --function 'H=heaviside'; known functions: "
            + ", ".join(sorted(NAMEABLE)),
        )
    return key


class Distribution(sympy.Function):
    """A distribution a name is drawn from, as a distribution statement writes it (``W \\sim U[-a, a]``,
    ``w \\sim \\mathcal{N}(0, 2/n_l)``): its parameters, kept unevaluated (nothing to compute or differentiate)."""

    _symbol = ""

    def variance(self) -> sympy.Basic | None:
        """The variance of a draw, or None when the parameters do not give it."""
        return None

    def _latex(self, printer: object, exp: str | None = None) -> str:
        args = ", ".join(printer._print(a) for a in self.args)  # type: ignore[attr-defined]
        return rf"{self._symbol}\left({args}\right)"

    def _sympystr(self, printer: object) -> str:  # before SymPy's printer for sympy.stats' Uniform
        return f"{type(self).__name__}({', '.join(printer._print(a) for a in self.args)})"  # type: ignore[attr-defined]


class Normal(Distribution):
    """``\\mathcal{N}(\\mu, \\sigma^2)``: the normal distribution of mean ``mu`` and variance ``sigma^2`` (its second
    parameter is the variance, as He et al. and the PyTorch docs write ``\\mathcal{N}(0, \\text{std}^2)``)."""

    nargs = 2
    _symbol = r"\mathcal{N}"

    def variance(self) -> sympy.Basic:
        return self.args[1]


class Uniform(Distribution):
    """``U[a, b]``: the uniform distribution on the interval from ``a`` to ``b`` (variance ``(b - a)^2/12``, so
    ``U[-a, a]`` has ``a^2/3``)."""

    nargs = 2
    _symbol = r"\mathcal{U}"

    def variance(self) -> sympy.Basic:
        return (self.args[1] - self.args[0]) ** 2 / 12


class Bernoulli(Distribution):
    """``\\mathrm{Bernoulli}(p)``: 1 with probability ``p``, else 0 (dropout's mask, Srivastava et al. 2014)."""

    nargs = 1
    _symbol = r"\operatorname{Bernoulli}"

    def variance(self) -> sympy.Basic:
        return self.args[0] * (1 - self.args[0])


#: how a distribution's name is written (without its font command) → its class
DISTRIBUTIONS: dict[str, type[Distribution]] = {
    "U": Uniform, "Uniform": Uniform, "N": Normal, "Normal": Normal, "Gaussian": Normal, "Bernoulli": Bernoulli,
    "Bern": Bernoulli,
}
