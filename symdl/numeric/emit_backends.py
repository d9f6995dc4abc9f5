"""The three targets of ``symdl grad --emit``: how each prints a lowered program, and what its source starts with.

* **numpy** prints the program :func:`symdl.lambdify` runs, with the printer it runs (:class:`~symdl.numeric.program.
  _Printer`, modules written out: ``numpy.exp``), calling symdl's own kernels (:data:`symdl.numeric.kernels.NAMESPACE`:
  the stable softmax, log-sum-exp shift, sigmoid ...), so the source needs numpy and symdl.
* **jax** and **torch** print the same lowered program with SymPy's own printers (``JaxPrinter``, ``TorchPrinter``)
  and define, in the source itself, the kernels that have a spelling in that library (:data:`KERNELS`, the same
  names and conventions: 1-based index arrays along trailing core axes, reductions keeping their axis).  A program
  that needs any other kernel is refused, naming it, rather than printed wrong.
"""

from __future__ import annotations

import re

import sympy
from sympy.core.function import AppliedUndef
from sympy.printing.codeprinter import PrintMethodNotImplementedError
from sympy.printing.numpy import JaxPrinter
from sympy.printing.pytorch import TorchPrinter

from symdl.errors import InvalidInput, NotSupported
from symdl.numeric.kernels import NAMESPACE
from symdl.numeric.kernels_softmax import SPELLINGS as SOFTMAX_ONTO
from symdl.numeric.program import _Printer
from symdl.untrusted import expression

BACKENDS = ("numpy", "torch", "jax")

#: the import lines each target's source starts with
HEADERS = {
    "numpy": "import numpy",
    "jax": "import functools\n\nimport jax\nimport jax.numpy as jnp",
    "torch": "import functools\n\nimport torch",
}

#: how an input becomes an array of float64 (jax: float64 when ``jax_enable_x64`` is on, else float32)
ARRAY = {
    "numpy": "numpy.asarray(v, dtype=numpy.float64)",
    "jax": "jnp.asarray(v, dtype=float)",
    "torch": "torch.as_tensor(v, dtype=torch.float64)",
}

#: a gradient of a number broadcast to its input's shape, as a fresh array
BROADCAST = {
    "numpy": "numpy.array(numpy.broadcast_to(g, tuple(like.shape)))",
    "jax": "jnp.broadcast_to(g, like.shape)",
    "torch": "torch.broadcast_to(g, like.shape).clone()",
}

#: the helpers every emitted source defines (``{array}``, ``{broadcast}``: the lines above)
HELPERS = '''
def _array(v):
    """An input as an array of float64."""
    return {array}


def _number(v, core):
    """A number (or an array of numbers) with ``core`` trailing axes of length 1."""
    v = _array(v)
    return v.reshape(tuple(v.shape) + (1,) * core)


def _column(v):
    """A vector as a column (a 1-D array or a column)."""
    v = _array(v)
    return v[..., None] if v.ndim == 1 else v


def _row(v):
    """A row vector as a 1 x n matrix."""
    v = _array(v)
    return v[None, :] if v.ndim == 1 else v


def _matrix(v):
    """A matrix as a 2-D array."""
    return _array(v)


def _size(v, pos, rank):
    """The length of axis ``pos`` of a family with ``rank`` indices."""
    return int(v.shape[v.ndim - rank + pos])


def _index_result(out, ndim, nfree):
    """The value of an indexed program: one axis per free index (the summed axes dropped)."""
    out = _array(out)
    out = out.reshape((1,) * (ndim - out.ndim) + tuple(out.shape)) if out.ndim < ndim else out
    return out.reshape(tuple(out.shape)[: out.ndim - ndim + nfree])


def _matrix_result(out, kind):
    """The value of a matrix program: a number for 1 x 1, a 1-D array for a column (kind: number, column, matrix,
    or auto: by its shape)."""
    out = _array(out)
    out = out.reshape(tuple(out.shape) + (1,) * (2 - out.ndim)) if out.ndim < 2 else out
    core = tuple(out.shape[-2:])
    if kind == "number" or (kind == "auto" and core == (1, 1)):
        return out[..., 0, 0]
    if kind == "column" or (kind == "auto" and core[1] == 1):
        return out[..., 0]
    return out


def _expand(out, axes):
    """Length-1 axes at ``axes``: the indices the value does not depend on."""
    shape = list(out.shape)
    for axis in axes:
        shape.insert(axis, 1)
    return out.reshape(tuple(shape))


def _like(g, like):
    """The gradient of a number by an input: the input's shape."""
    g = _array(g)
    return {broadcast}
'''

#: kernels spelt alike in both libraries but for the module (``{xp}``: ``jnp`` or ``torch``)
_ALIKE = {
    "symdl_irange": """def symdl_irange(lo, hi, axis, ndim, scope=()):
    shape = [1] * ndim
    shape[axis] = max(int(hi) - int(lo) + 1, 0)
    return {xp}.arange(int(lo), int(hi) + 1).reshape(shape)""",
    "symdl_gather": """def symdl_gather(base, *index):
    return _gather(base, index, 1)""",
    "symdl_gather0": """def symdl_gather0(base, *index):
    return _gather(base, index, 0)""",
    "symdl_matmul": """def symdl_matmul(*xs):
    return functools.reduce({xp}.matmul, xs)""",
    "symdl_T": """def symdl_T(x):
    return {xp}.swapaxes(x, -1, -2)""",
    "symdl_inv": """def symdl_inv(x):
    return {xp}.linalg.inv(x)""",
}

_JAX_KERNELS = {
    **{name: kernel.format(xp="jnp") for name, kernel in _ALIKE.items()},
    "_gather": """def _gather(base, index, origin):
    picked = []
    for pos, ix in enumerate(index):
        ix = jnp.asarray(ix)
        n = base.shape[base.ndim - len(index) + pos]
        if bool(jnp.any((ix != jnp.rint(ix)) | (ix < origin) | (ix > n - 1 + origin))):
            raise IndexError(f"an index is not a whole number in {origin}..{n - 1 + origin}")
        picked.append(jnp.rint(ix).astype(int) - origin)
    return base[(Ellipsis, *picked)]""",
    "_spread": """def _spread(x, j, axis):
    x = jnp.asarray(x)
    x = x.reshape((1,) * j.ndim) if x.ndim == 0 else x
    shape = list(x.shape)
    shape[axis] = j.shape[axis]
    return jnp.broadcast_to(x, jnp.broadcast_shapes(tuple(shape), x.shape))""",
    "symdl_isum": """def symdl_isum(x, j, axis):
    return jnp.sum(_spread(x, j, axis), axis=axis, keepdims=True)""",
    "symdl_iprod": """def symdl_iprod(x, j, axis):
    return jnp.prod(_spread(x, j, axis), axis=axis, keepdims=True)""",
    "symdl_imax": """def symdl_imax(x, j, axis):
    m = jnp.max(jnp.real(_spread(x, j, axis)), axis=axis, keepdims=True)
    return jnp.where(jnp.isfinite(m), m, 0.0)""",
    "symdl_imaxv": """def symdl_imaxv(x, j, axis):
    return jnp.max(_spread(x, j, axis), axis=axis, keepdims=True)""",
    "symdl_iminv": """def symdl_iminv(x, j, axis):
    return jnp.min(_spread(x, j, axis), axis=axis, keepdims=True)""",
    "symdl_delta": """def symdl_delta(i, k):
    return jnp.equal(i, k).astype(float)""",
    "symdl_heaviside": """def symdl_heaviside(x, at_zero=0.5):
    return jnp.heaviside(x, at_zero)""",
    "symdl_max": """def symdl_max(*xs):
    return functools.reduce(jnp.maximum, xs)""",
    "symdl_min": """def symdl_min(*xs):
    return functools.reduce(jnp.minimum, xs)""",
    "symdl_softmax": """def symdl_softmax(x):
    e = jnp.exp(x - jnp.max(x, axis=-2, keepdims=True))
    return e / jnp.sum(e, axis=-2, keepdims=True)""",
    "symdl_softmax_rows": """def symdl_softmax_rows(x):
    e = jnp.exp(x - jnp.max(x, axis=-1, keepdims=True))
    return e / jnp.sum(e, axis=-1, keepdims=True)""",
    "symdl_diag": """def symdl_diag(x):
    v = x[..., :, 0]
    return v[..., :, None] * jnp.eye(v.shape[-1])""",
    "symdl_trace": """def symdl_trace(x):
    return jnp.trace(x, axis1=-2, axis2=-1)[..., None, None]""",
    "symdl_eye": """def symdl_eye(n):
    return jnp.eye(int(n))""",
    "symdl_ones": """def symdl_ones(rows, cols):
    return jnp.ones((int(rows), int(cols)))""",
    "symdl_zeros": """def symdl_zeros(rows, cols):
    return jnp.zeros((int(rows), int(cols)))""",
    "symdl_sigmoid": """def symdl_sigmoid(x):
    z = jnp.exp(-jnp.abs(x))
    return jnp.where(x < 0, z / (1 + z), 1 / (1 + z))""",
    "symdl_relu": """def symdl_relu(x):
    return jnp.maximum(x, 0.0)""",
    "symdl_softplus": """def symdl_softplus(x):
    return jnp.logaddexp(0.0, x)""",
    "symdl_logaddexp": """def symdl_logaddexp(*xs):
    return functools.reduce(jnp.logaddexp, xs)""",
    "symdl_xlogy": """def symdl_xlogy(x, y):
    return jnp.where(x == 0, 0.0, x * jnp.log(jnp.where(x == 0, 1.0, y)))""",
    "symdl_xlog1py": """def symdl_xlog1py(x, y):
    return jnp.where(x == 0, 0.0, x * jnp.log1p(jnp.where(x == 0, 0.0, y)))""",
    "symdl_softmax_onto": SOFTMAX_ONTO["jax"],
}

_TORCH_KERNELS = {
    **{name: kernel.format(xp="torch") for name, kernel in _ALIKE.items()},
    "_gather": """def _gather(base, index, origin):
    picked = []
    for pos, ix in enumerate(index):
        ix = torch.as_tensor(ix, dtype=torch.float64)
        n = base.shape[base.ndim - len(index) + pos]
        if bool(torch.any((ix != torch.round(ix)) | (ix < origin) | (ix > n - 1 + origin))):
            raise IndexError(f"an index is not a whole number in {origin}..{n - 1 + origin}")
        picked.append(torch.round(ix).long() - origin)
    return base[(Ellipsis, *picked)]""",
    "_spread": """def _spread(x, j, axis):
    x = torch.as_tensor(x, dtype=torch.float64)
    x = x.reshape((1,) * j.ndim) if x.ndim == 0 else x
    shape = list(x.shape)
    shape[axis] = j.shape[axis]
    return torch.broadcast_to(x, torch.broadcast_shapes(tuple(shape), x.shape))""",
    "symdl_isum": """def symdl_isum(x, j, axis):
    return torch.sum(_spread(x, j, axis), dim=axis, keepdim=True)""",
    "symdl_iprod": """def symdl_iprod(x, j, axis):
    return torch.prod(_spread(x, j, axis), dim=axis, keepdim=True)""",
    "symdl_imax": """def symdl_imax(x, j, axis):
    m = torch.amax(_spread(x, j, axis), dim=axis, keepdim=True)
    return torch.where(torch.isfinite(m), m, torch.zeros_like(m))""",
    "symdl_imaxv": """def symdl_imaxv(x, j, axis):
    return torch.amax(_spread(x, j, axis), dim=axis, keepdim=True)""",
    "symdl_iminv": """def symdl_iminv(x, j, axis):
    return torch.amin(_spread(x, j, axis), dim=axis, keepdim=True)""",
    "symdl_delta": """def symdl_delta(i, k):
    return torch.eq(torch.as_tensor(i), torch.as_tensor(k)).to(torch.float64)""",
    "symdl_heaviside": """def symdl_heaviside(x, at_zero=0.5):
    x = torch.as_tensor(x, dtype=torch.float64)
    return torch.heaviside(x, torch.as_tensor(at_zero, dtype=torch.float64))""",
    "symdl_max": """def symdl_max(*xs):
    return functools.reduce(torch.maximum, [torch.as_tensor(x, dtype=torch.float64) for x in xs])""",
    "symdl_min": """def symdl_min(*xs):
    return functools.reduce(torch.minimum, [torch.as_tensor(x, dtype=torch.float64) for x in xs])""",
    "symdl_softmax": """def symdl_softmax(x):
    return torch.softmax(torch.as_tensor(x, dtype=torch.float64), dim=-2)""",
    "symdl_softmax_rows": """def symdl_softmax_rows(x):
    return torch.softmax(torch.as_tensor(x, dtype=torch.float64), dim=-1)""",
    "symdl_diag": """def symdl_diag(x):
    v = x[..., :, 0]
    return v[..., :, None] * torch.eye(v.shape[-1], dtype=v.dtype)""",
    "symdl_trace": """def symdl_trace(x):
    return torch.diagonal(x, dim1=-2, dim2=-1).sum(-1)[..., None, None]""",
    "symdl_eye": """def symdl_eye(n):
    return torch.eye(int(n), dtype=torch.float64)""",
    "symdl_ones": """def symdl_ones(rows, cols):
    return torch.ones((int(rows), int(cols)), dtype=torch.float64)""",
    "symdl_zeros": """def symdl_zeros(rows, cols):
    return torch.zeros((int(rows), int(cols)), dtype=torch.float64)""",
    "symdl_sigmoid": """def symdl_sigmoid(x):
    return torch.sigmoid(torch.as_tensor(x, dtype=torch.float64))""",
    "symdl_relu": """def symdl_relu(x):
    return torch.clamp(torch.as_tensor(x, dtype=torch.float64), min=0.0)""",
    "symdl_softplus": """def symdl_softplus(x):
    x = torch.as_tensor(x, dtype=torch.float64)
    return torch.logaddexp(torch.zeros_like(x), x)""",
    "symdl_logaddexp": """def symdl_logaddexp(*xs):
    return functools.reduce(torch.logaddexp, [torch.as_tensor(x, dtype=torch.float64) for x in xs])""",
    "symdl_xlogy": """def symdl_xlogy(x, y):
    return torch.xlogy(torch.as_tensor(x, dtype=torch.float64), torch.as_tensor(y, dtype=torch.float64))""",
    "symdl_xlog1py": """def symdl_xlog1py(x, y):
    return torch.special.xlog1py(torch.as_tensor(x, dtype=torch.float64), torch.as_tensor(y, dtype=torch.float64))""",
    "symdl_softmax_onto": SOFTMAX_ONTO["torch"],
}

#: target → kernel name → its definition in that library (the kernels of :mod:`symdl.numeric.kernels` it can spell)
KERNELS = {"jax": _JAX_KERNELS, "torch": _TORCH_KERNELS}

#: kernels whose definitions call ``_spread``
_SPREADING = frozenset({"symdl_isum", "symdl_iprod", "symdl_imax", "symdl_imaxv", "symdl_iminv", "symdl_softmax_onto"})


class _JaxPrinter(JaxPrinter):
    """SymPy's JAX printer, printing symdl's kernels as calls by name."""

    def __init__(self) -> None:
        super().__init__({"allow_unknown_functions": True, "fully_qualified_modules": True})


class _TorchPrinter(TorchPrinter):
    """SymPy's PyTorch printer, printing symdl's kernels as calls by name."""

    def __init__(self) -> None:
        super().__init__({"allow_unknown_functions": True, "fully_qualified_modules": True})

    def _print_expm1(self, expr: sympy.Basic) -> str:  # the stable forms' expm1 and log1p (symdl.numeric.stable)
        return f"torch.expm1({self._print(expr.args[0])})"

    def _print_log1p(self, expr: sympy.Basic) -> str:
        return f"torch.log1p({self._print(expr.args[0])})"

    def _print_Pow(self, expr: sympy.Pow, rational: bool = False) -> str:
        """``**``, not ``torch.pow``: a length or bound passed as a Python int (H in 1/H) is no tensor, and
        ``torch.pow(5, -1)`` raises where ``5 ** -1`` is 0.2; tensors take ``**`` alike."""
        if expr.exp == sympy.S.Half:
            return f"torch.sqrt({self._print(expr.base)})"
        prec = sympy.printing.precedence.precedence(expr)
        return f"{self.parenthesize(expr.base, prec, strict=False)}**{self.parenthesize(expr.exp, prec, strict=False)}"

    def _print_Function(self, expr: sympy.Basic) -> str:
        if isinstance(expr, AppliedUndef):
            return f"{expr.func.__name__}({', '.join(self._print(a) for a in expr.args)})"
        return super()._print_Function(expr)


def target(backend: str) -> str:
    """``backend``, when it is one of :data:`BACKENDS`.

    Raises:
        InvalidInput: it is not.
    """
    if backend not in BACKENDS:
        raise InvalidInput(f"cannot emit {backend!r} code", hint=f"one of: {', '.join(BACKENDS)}")
    return backend


def printer(backend: str) -> object:
    """The printer of ``backend``'s programs."""
    if backend == "numpy":
        return _Printer({"fully_qualified_modules": True})
    return _JaxPrinter() if backend == "jax" else _TorchPrinter()


def program_source(name: str, args: list[sympy.Symbol], expr: sympy.Basic, backend: str) -> str:
    """The source of one program as a function ``name`` of ``args``, printed as :func:`sympy.lambdify` prints it
    (common subexpressions once; its own function printer, without importing the target library).

    Raises:
        NotSupported: ``backend``'s printer has no spelling for a node of ``expr``.
    """
    from sympy.simplify.cse_main import cse
    from sympy.utilities.lambdify import _EvaluatorPrinter

    target(backend)
    expr = expression(expr, "a lowered program")
    if backend == "torch":  # torch's functions take tensors: a constant (log 2, √2, π) is printed as its float64
        expr = expr.replace(_constant, _float)
    cses, reduced = cse(expr, list=False)
    try:
        return _EvaluatorPrinter(printer(backend), False).doprint(name, args, reduced, cses=cses) + "\n"
    except (PrintMethodNotImplementedError, NotImplementedError, TypeError) as exc:
        raise NotSupported(
            f"emitting {backend} code: SymPy's {backend} printer cannot print a part of this "
            f"derivative ({str(exc).splitlines()[0]})",
            hint="emit numpy code (--emit numpy)",
        ) from None


def _float(e: sympy.Basic) -> sympy.Basic:
    """A constant as its float64 value (kept as it is when it is not one real number)."""
    value = e.evalf(17)
    return value if isinstance(value, sympy.Float) else e


def _constant(e: sympy.Basic) -> bool:
    """A number that is no plain int or fraction (``log(2)``, ``sqrt(2)``, ``pi``)."""
    return bool(e.is_number) and not e.is_Rational and (e.is_Function or e.is_Pow or e.is_NumberSymbol)


#: a kernel call in printed code
_CALL = re.compile(r"\b(symdl_\w+|erfc?|gamma|factorial)\(")


def kernel_names(source: str) -> list[str]:
    """The kernels a printed program calls, in order of first call."""
    return list(dict.fromkeys(_CALL.findall(source)))


def kernel_block(names: list[str], backend: str) -> str:
    """The lines that give ``names`` their meaning in ``backend``'s source.

    Raises:
        InvalidInput: ``backend`` is not one of :data:`BACKENDS`.
        NotSupported: a kernel has no spelling in ``backend`` (named).
    """
    known = NAMESPACE if target(backend) == "numpy" else KERNELS[backend]
    missing = [n for n in names if n not in known]
    if missing:
        raise NotSupported(f"emitting {backend} code: symdl's kernel {missing[0]} has no {backend} spelling yet",
                           hint="emit numpy code (--emit numpy), which calls symdl's own kernels")  # fmt: skip
    if not names:
        return ""
    if backend == "numpy":
        binds = "\n".join(f"{n} = NAMESPACE[{n!r}]" for n in names)
        return (
            "# symdl's numpy kernels, as symdl.lambdify runs them; they count a sum's terms against symdl's budgets\n"
            "# (100 000 by default: with symdl.budget.metered(symdl.Budgets(terms=N), None): ... for longer sums)\n"
            f"from symdl.numeric.kernels import NAMESPACE\n\n{binds}\n"
        )
    if _SPREADING & set(names):
        names = ["_spread", *names]
    if {"symdl_gather", "symdl_gather0"} & set(names):
        names = ["_gather", *names]
    return "\n\n\n".join(KERNELS[backend][n] for n in names) + "\n"
