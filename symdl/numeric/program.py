"""A compiled expression: argument handling around one generated numpy function.

:class:`Program` owns the generated function (SymPy's printer, ``cse=True``) and turns
user arrays into its arguments: batch axes lead, scalars get singleton core axes,
family lengths and matrix dimensions are read off the arrays, vectors may come as 1-D
arrays or columns.  Values are keyed by SymPy object here; the public
:func:`symdl.numeric.lambdify` maps spellings to objects.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import sympy
from sympy.printing.numpy import NumPyPrinter

from symdl.errors import InvalidInput, NotSupported
from symdl.numeric.kernels import NAMESPACE
from symdl.numeric.kernels_index import EXTENT, Extent
from symdl.numeric.lower import Lowered, lower
from symdl.numeric.stable import stabilize
from symdl.untrusted import expression

#: numpy's complex power multiplies for whole exponents below 100 only (its ``npy_cpow``).
IPOW_FROM = 100


class _Printer(NumPyPrinter):
    """SymPy's numpy printer, with unknown (kernel) functions allowed."""

    def __init__(self, settings: dict | None = None) -> None:
        base = {"allow_unknown_functions": True, "fully_qualified_modules": False}
        super().__init__({**base, **(settings or {})})

    def _as_ordered_terms(self, expr: sympy.Basic, order: str | None = None) -> list[sympy.Basic]:
        # a sum's positive terms first: X - t is one pass, -t + X negates t into a new array first
        terms = super()._as_ordered_terms(expr, order=order)
        return sorted(terms, key=lambda t: bool(t.could_extract_minus_sign())) if expr.is_Add else terms

    def _print_Integer(self, expr: sympy.Integer) -> str:
        # beyond 2^53 an exact int meets numpy as an object (or 'int too large to convert'): use its float64
        return repr(float(expr)) if abs(int(expr)) > 2**53 else super()._print_Integer(expr)

    def _print_Pow(self, expr: sympy.Pow, rational: bool = False) -> str:
        # a whole-number power numpy's complex power would take through exp(n log z) (kernels.symdl_ipow)
        if expr.exp.is_Integer and abs(int(expr.exp)) >= IPOW_FROM:
            return f"symdl_ipow({self._print(expr.base)}, {self._print(expr.exp)})"
        return super()._print_Pow(expr, rational=rational)

    def _print_Rational(self, expr: sympy.Rational) -> str:
        if max(abs(int(expr.p)), int(expr.q)) > 2**53:
            return repr(float(expr))
        return super()._print_Rational(expr)


def _as_array(value: object, name: str) -> np.ndarray:
    arr = np.asarray(value)
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
        raise InvalidInput(f"the value for {name!r} is not numeric (dtype {arr.dtype})")
    if np.iscomplexobj(arr):
        return arr.astype(np.complex128, copy=False)
    return arr.astype(np.float64, copy=False)  # a float64 array is used as it is (kernels never write into inputs)


@dataclass
class Program:
    """One expression compiled to numpy.

    Attributes:
        source: the expression as given.
        lowered: its lowered form.
        fn: the generated function (positional arguments, see :attr:`order`).
        order: the objects whose values are the arguments, in order.
    """

    source: sympy.Basic
    lowered: Lowered
    fn: Callable[..., object]
    order: tuple[sympy.Basic, ...]

    @property
    def needs(self) -> tuple[sympy.Basic, ...]:
        """Objects a caller must supply (lengths read off arrays are optional)."""
        return tuple(o for o in self.order if o not in self.lowered.lengths)

    def __call__(self, values: Mapping[sympy.Basic, object], names: Mapping[sympy.Basic, str], *,
                 given: bool = False) -> np.ndarray:
        low = self.lowered
        arrays: dict[sympy.Basic, np.ndarray] = {}
        for obj in self.order:
            if obj in values:
                arrays[obj] = _as_array(values[obj], names[obj] if obj in names else str(obj))
        dims = self._bind_dims(arrays, names)
        inferred = {sym for sym in [*low.lengths, *dims] if sym not in arrays}
        for sym, (base, pos) in low.lengths.items():
            if sym not in arrays:
                if base not in arrays:
                    raise InvalidInput(f"missing value for {names.get(base, str(base))!r}")
                axis = _family_axis(low, base, arrays[base], pos)
                if axis is None:  # δ_{ikk}: a family used with more indices than its array has
                    raise InvalidInput(f"{names.get(base, str(base))!r} needs an array with "
                                       f"{low.family_rank.get(base, 1)} axis/axes (got shape {arrays[base].shape})")
                arrays[sym] = np.asarray(arrays[base].shape[axis])
        for sym, val in dims.items():
            arrays.setdefault(sym, np.asarray(val))
        _check_spans(low, arrays, inferred, names)
        missing = [names.get(o, str(o)) for o in self.order if o not in arrays]
        if missing:
            raise InvalidInput(f"missing value(s) for {', '.join(repr(m) for m in missing)}")
        if given:
            self.one_grid(arrays, names)
        args = [self._prepare(o, arrays[o], names) for o in self.order]
        extent = EXTENT.set(Extent(max((np.size(a) for a in args), default=1), self._batch(args)))
        try:
            with np.errstate(all="ignore"):
                out = np.asarray(self.fn(*args))
        except (ValueError, TypeError, IndexError, np.linalg.LinAlgError) as exc:
            raise InvalidInput(f"cannot evaluate {self.source}: {exc}") from exc
        except NameError as exc:  # a function with no numeric kernel yet
            raise NotSupported(f"cannot evaluate {self.source} numerically: {exc}") from exc
        finally:
            EXTENT.reset(extent)
        return self._finish(out)

    def _batch(self, args: list[np.ndarray]) -> int:
        """The entries of the largest batch (the axes before each prepared input's core axes)."""
        return max((math.prod(arr.shape[: max(arr.ndim - self._core_axes(obj), 0)])
                    for obj, arr in zip(self.order, args, strict=True)), default=1)

    def one_grid(self, arrays: Mapping[sympy.Basic, np.ndarray], names: Mapping[sympy.Basic, str]) -> None:
        """Names read as numbers may be given arrays (the formula is then evaluated at each point), but all of one
        shape: W (3×3) and x (3,) for ``W x`` read as numbers would broadcast into an outer product, silently."""
        low = self.lowered
        seen: tuple[sympy.Basic, tuple[int, ...]] | None = None
        for obj, arr in arrays.items():
            if obj in low.int_params or obj in low.lengths or isinstance(obj, (sympy.IndexedBase, sympy.MatrixSymbol)):
                continue
            if obj not in self.order or arr.size == 1:
                continue
            if low.mode == "matrix":  # g_t / \sqrt{\tilde v_t} with g_t a vector: ṽ_t is one number here
                name = names.get(obj, str(obj))
                raise InvalidInput(
                    f"{name!r} is read as a number beside vectors or matrices, but got an array of shape {arr.shape}",
                    hint="write it bold (\\mathbf{v}) to make it a vector, or declare its shape (--shape v=3, "
                    "shapes={'v': (3,)})",
                )
            if seen is not None and arr.shape != seen[1]:
                first, this = names.get(seen[0], str(seen[0])), names.get(obj, str(obj))
                raise InvalidInput(
                    f"{first!r} and {this!r} are read as numbers, evaluated point by point over the arrays given, but "
                    f"the arrays have different shapes {seen[1]} and {arr.shape}: that would be an outer product",
                    hint="for vectors and matrices write \\mathbf{x} or declare the shapes (--shape W=3x4, "
                    "shapes={'W': (3, 4)}); to evaluate at many points, give arrays of one shape",
                )
            seen = seen or (obj, arr.shape)

    def _prepare(self, obj: sympy.Basic, arr: np.ndarray, names: Mapping[sympy.Basic, str]) -> np.ndarray:
        low = self.lowered
        if obj in low.int_params or obj in low.lengths:
            if arr.size != 1:
                raise InvalidInput(f"{names.get(obj, str(obj))!r} is a bound or size: give one number")
            return arr.reshape(())
        if isinstance(obj, sympy.IndexedBase):
            rank = self._core_axes(obj)
            if arr.ndim < rank:
                raise InvalidInput(f"{names.get(obj, str(obj))!r} needs an array with {rank} axis/axes")
            return arr
        if isinstance(obj, sympy.MatrixSymbol):
            return _as_matrix(arr, obj)
        return arr.reshape(arr.shape + (1,) * self._core_axes(obj))

    def _core_axes(self, obj: sympy.Basic) -> int:
        """How many trailing axes of ``obj``'s prepared array are the formula's own (those before are batch axes):
        none for a bound, a family's rank, 2 for a matrix, else every core axis of the lowered program."""
        low = self.lowered
        if obj in low.int_params or obj in low.lengths:
            return 0
        if isinstance(obj, sympy.IndexedBase):
            return low.family_rank.get(obj, 1)
        if isinstance(obj, sympy.MatrixSymbol) or low.mode == "matrix":
            return 2
        return low.ndim

    def _bind_dims(self, arrays: Mapping[sympy.Basic, np.ndarray], names: Mapping) -> dict:
        dims: dict[sympy.Basic, int] = {}
        for obj, shape in self.lowered.shapes.items():
            if obj not in arrays:
                continue
            got = _as_matrix(arrays[obj], obj).shape[-2:]
            for want, have in zip(shape, got, strict=True):
                want = sympy.sympify(want)
                if want.is_Integer and int(want) != have:
                    raise InvalidInput(
                        f"{names.get(obj, str(obj))!r} should have shape {tuple(shape)}, got {got}"
                    )
                if isinstance(want, sympy.Symbol):
                    if dims.setdefault(want, have) != have:
                        raise InvalidInput(
                            f"inconsistent sizes for dimension {want}: {dims[want]} and {have}"
                        )
        return dims

    def _finish(self, out: np.ndarray) -> np.ndarray:
        low = self.lowered
        if low.mode == "index":
            if out.ndim < low.ndim:
                out = out.reshape((1,) * (low.ndim - out.ndim) + out.shape)
            nfree = len(low.free)
            summed = tuple(range(out.ndim - low.ndim + nfree, out.ndim))
            return np.squeeze(out, axis=summed) if summed else out
        if low.mode == "matrix":
            if out.ndim < 2:
                out = out.reshape(out.shape + (1,) * (2 - out.ndim))
            shape = getattr(self.source, "shape", (1, 1))
            core = out.shape[-2:]
            if not getattr(self.source, "is_Matrix", False) and core != (1, 1):
                shape = core  # a function of a vector (softmax(z)) has its value's shape, never its first entry
            if tuple(shape) == (1, 1):
                return out[..., 0, 0]
            if shape[1] == 1:
                return out[..., 0]
        return out


def _as_matrix(arr: np.ndarray, obj: sympy.MatrixSymbol) -> np.ndarray:
    rows, cols = obj.shape
    if cols == 1 and (arr.ndim == 1 or (arr.ndim >= 2 and arr.shape[-1] != 1)):
        return arr[..., None]
    if rows == 1 and arr.ndim == 1:
        return arr[None, :]
    if arr.ndim < 2:
        raise InvalidInput(f"{obj} is a matrix: give a 2-D array (got shape {arr.shape})")
    return arr


def compile_expr(
    expr: sympy.Basic,
    *,
    free: tuple[sympy.Symbol, ...] | None = None,
    lengths: Mapping[sympy.Basic, sympy.Basic] | None = None,
    functions: Mapping[str, Callable[..., object]] | None = None,
    stable: bool = True,
    given: frozenset[sympy.Basic] = frozenset(),
    origins: frozenset[sympy.Basic] = frozenset(),
) -> Program:
    """Stabilise, lower and print ``expr`` into a :class:`Program`.

    Args:
        expr: a SymPy expression.
        free: free indices in output-axis order.
        lengths: IndexedBase → its length symbol.
        functions: numpy implementations of unknown functions, by name.
        stable: apply the stable-form rewrites of :mod:`symdl.numeric.stable`.
        given: unevaluated derivatives that are inputs (see :func:`symdl.numeric.lower.lower`).
        origins: the families indexed from 0 (see :func:`symdl.numeric.lower.lower`).
    """
    src = expression(expr, "the expression")
    if src.has(sympy.zoo, sympy.nan):
        raise NotSupported(
            "this expression is undefined everywhere (it divides by zero) and cannot be evaluated",
            hint="a stand-in for an unknown function may be 0 at a literal argument: f(0, x); name the value",
        )
    work = stabilize(src) if stable else src
    low = lower(work, free=free, lengths=lengths, functions=functions, given=given, origins=origins)
    order, args = arguments(low)
    namespace = dict(NAMESPACE)
    for name, impl in (functions or {}).items():
        namespace["symdl_user_" + "".join(ch if ch.isalnum() else "_" for ch in name)] = impl
    fn = sympy.lambdify(
        args, low.expr, modules=[namespace, "numpy"], printer=_Printer, cse=True, dummify=False
    )
    return Program(source=src, lowered=low, fn=fn, order=order)


def arguments(low: Lowered) -> tuple[tuple[sympy.Basic, ...], list[sympy.Symbol]]:
    """The objects whose values a lowered expression's function takes, in order, and its parameters (the inputs'
    symbols, then one for each length read off an array); ``symdl grad --emit`` prints the same function."""
    order = tuple(low.inputs)
    for sym in low.lengths:
        if sym not in low.inputs:
            order += (sym,)
    args = [low.inputs.get(o) or sympy.Symbol(f"symdl_a{len(low.inputs) + n}") for n, o in enumerate(order)]
    return order, args


def _family_axis(low: Lowered, base: sympy.Basic, arr: np.ndarray, pos: int) -> int | None:
    """The axis of ``arr`` that index ``pos`` of the family ``base`` reads (its leading axes are a batch), or None
    when the array has too few axes."""
    axis = arr.ndim - low.family_rank.get(base, 1) + pos
    return axis if 0 <= axis < arr.ndim else None


def _check_spans(low: Lowered, arrays: Mapping[sympy.Basic, np.ndarray], inferred: set[sympy.Basic],
                 names: Mapping[sympy.Basic, str]) -> None:
    """A sum whose range symdl took from an array (``\\sum_k w_k x_{i,k}``, ``\\mathbf{w}^\\top \\mathbf{x}^{(i)}``)
    reads every array its index subscripts along that range: each such axis must be exactly that long, or part of
    an array would be summed silently."""
    for sym in inferred & low.spans.keys():
        n = int(np.asarray(arrays[sym]).reshape(-1)[0]) if sym in arrays else None
        for base, pos in sorted(low.spans[sym], key=lambda bp: (str(bp[0]), bp[1])):
            if base not in arrays or n is None:
                continue
            arr = np.asarray(arrays[base])
            axis = _family_axis(low, base, arr, pos)
            if axis is not None and arr.shape[axis] != n:
                raise InvalidInput(
                    f"{names.get(base, str(base))!r} has {arr.shape[axis]} entries along the axis a sum runs over, "
                    f"but the sum runs over {n} (the length of the other arrays it reads): give arrays of one length"
                )
