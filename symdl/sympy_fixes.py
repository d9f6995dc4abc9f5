"""Fixes to SymPy behaviour that symdl depends on, applied once when :mod:`symdl` is imported.

Each fix is one record: what it changes, the upstream issue, and the input that breaks without it.
They change how SymPy *computes* a result, never which result: an expression equal before is equal after.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sympy
import sympy.core.random as sympy_random
from sympy.matrices.expressions.matexpr import MatrixExpr


@dataclass(frozen=True)
class SympyFix:
    """One change to SymPy: ``apply()`` installs it; ``breaks`` is an input that misbehaves without it."""

    name: str
    upstream: str
    breaks: str
    apply: Callable[[], None]


def _shallow_matrix_negation() -> None:
    # SymPy's MatrixExpr.__neg__ is ``MatMul(-1, self).doit()``, a *deep* doit: every Sum, Integral
    # or Derivative inside the product is evaluated.  Printers negate a product only to ask whether a
    # minus sign can be pulled out (``could_extract_minus_sign`` in ``precedence_Mul``), so printing
    # a vector times a sum evaluated the sum symbolically, factoring its polynomials.
    def negated(self: MatrixExpr) -> sympy.Basic:
        return sympy.MatMul(sympy.S.NegativeOne, self).doit(deep=False)

    MatrixExpr.__neg__ = negated  # type: ignore[method-assign]


def _constant_matrices_by_shape() -> None:
    # SymPy's str() prints OneMatrix(m, n) as 1 and ZeroMatrix(m, n) as 0, so the ones vector of \mathbf{1}^T x read
    # as the number 1 in every reading symdl shows (``Eq(y, 1*x)``), though it is the row of ones.  Printing only.
    Printer = Callable[[sympy.MatrixExpr, sympy.printing.printer.Printer], str]

    def printers(word: str, value: str) -> tuple[Printer, Printer]:
        def text(self: sympy.MatrixExpr, p: sympy.printing.printer.Printer) -> str:
            return f"{word}({p._print(self.rows)}, {p._print(self.cols)})"

        def tex(self: sympy.MatrixExpr, p: sympy.printing.printer.Printer) -> str:
            rows, cols = self.shape
            if cols == 1:  # a column: \mathbf{1}_{n}
                return rf"\mathbf{{{value}}}_{{{p._print(rows)}}}"
            if rows == 1:  # a row: \mathbf{1}_{n}^{\top}
                return rf"\mathbf{{{value}}}_{{{p._print(cols)}}}^{{\top}}"
            return rf"\mathbf{{{value}}}_{{{p._print(rows)} \times {p._print(cols)}}}"

        return text, tex

    for matrix, word, value in ((sympy.OneMatrix, "ones", "1"), (sympy.ZeroMatrix, "zeros", "0")):
        matrix._sympystr, matrix._latex = printers(word, value)  # type: ignore[attr-defined]


#: the seed of SymPy's own random choices, set again at the start of every public call (:func:`reseed`)
SEED = 20260311


def reseed() -> None:
    """Give SymPy's random generators the same state at the start of every public call.

    SymPy makes random choices inside computations whose result does not depend on them but whose side effects
    do: its assumption system checks facts in a shuffled order (``sympy.core.assumptions._ask``, with an unseeded
    ``random.Random``), and numeric zero tests and factorisation draw random points.  The handlers create
    Dummy symbols and cache facts on the way, so the same ``explain`` of ``\\frac{e^x}{1+e^x}`` created 4, 5 or 6
    Dummies from run to run, and a later ``check`` in that process showed its truth factored or expanded (fuzz
    idle-vs-loaded comparison, input 1073).  Seeded per call, a call's choices no longer depend on the run.
    """
    sympy_random.seed(SEED)


FIXES: dict[str, SympyFix] = {
    fix.name: fix
    for fix in (
        SympyFix(
            name="shallow-matrix-negation",
            upstream="https://github.com/sympy/sympy/issues/24717",
            breaks=r"J = -\frac{\mathbf h_s}{m} \sum_{i=1}^m (1e-320 - y^{(i)}) \log(1-\hat y^{(i)}): "
            "printing the result factored 320-digit polynomials for minutes",
            apply=_shallow_matrix_negation,
        ),
        SympyFix(
            name="constant-matrices-by-shape",
            upstream="sympy's StrPrinter prints the matrix of ones OneMatrix(m, n) as 1 (and ZeroMatrix as 0)",
            breaks=r"y = \mathbf{1}^T \mathbf{x}: shown as y = 1*x, the ones row taken for the number 1",
            apply=_constant_matrices_by_shape,
        ),
    )
}

for _fix in FIXES.values():
    _fix.apply()
