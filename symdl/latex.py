"""LaTeX printing with a formula's own spellings (symbols, matrix symbols, indexed bases)."""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING

import sympy
from sympy.core.function import AppliedUndef
from sympy.printing.latex import LatexPrinter
from sympy.printing.precedence import PRECEDENCE

if TYPE_CHECKING:
    from symdl.formula import Formula


def symbol_names(formula: Formula | None) -> dict[sympy.Basic, str]:
    """The formula's spellings as a ``symbol_names`` setting (symbols, matrix symbols, indexed bases)."""
    names: dict[sympy.Basic, str] = {}
    for k, v in formula.latex_names.items() if formula is not None else ():
        if isinstance(k, (sympy.Symbol, sympy.MatrixSymbol)):
            names[k] = v
        elif isinstance(k, sympy.IndexedBase):
            names[k.label] = v
    return names


class SymdlLatexPrinter(LatexPrinter):
    """SymPy's LaTeX printer, printing an element-wise ``f.(X)`` as a reader writes it: ``f(X)``, and a matrix
    product's sign from its number factor only (SymPy's ``could_extract_minus_sign`` negates the whole product,
    and that ``doit()``s it deeply: a sum of 1e-320 terms inside was evaluated and factored for a minute)."""

    def _print_MatMul(self, expr: sympy.Basic) -> str:
        args = list(expr.args)
        sign = ""
        if args and args[0].is_number and args[0].is_extended_negative:
            sign = "- "
            args = args[1:] if args[0] == -1 else [-args[0], *args[1:]]

        def parens(x: sympy.Basic) -> str:
            if isinstance(x, sympy.Mul) and not isinstance(x, sympy.MatMul):
                return self._print(x)
            return self.parenthesize(x, PRECEDENCE["Mul"], False)  # not precedence(expr): it negates expr too

        return sign + " ".join(parens(a) for a in args)

    def _print_ElementwiseApplyFunction(self, expr: sympy.Basic) -> str:
        var = expr.function.variables[0]
        body = expr.function.expr
        if (isinstance(body, sympy.Derivative) and body.variables == (var,) and isinstance(body.expr, AppliedUndef)
                and body.expr.args == (var,)):  # fmt: skip
            # an unknown function's derivative applied element-wise: g'(Z), not (d ↦ d/dd g(d))_∘(Z)
            name = self._print(sympy.Symbol(body.expr.func.__name__))
            return rf"{{{name}}}^{{\prime}}\left({self._print(expr.expr)}\right)"
        stand_in = sympy.Dummy("X", real=True)
        names = dict(self._settings.get("symbol_names") or {})
        names[stand_in] = self._print(expr.expr)
        inner = type(self)({"symbol_names": names})
        return inner.doprint(expr.function.expr.xreplace({var: stand_in}))


#: recently printed LaTeX → the expression it came from (lets text output re-print notes in unicode)
_PRINTED: OrderedDict[str, sympy.Basic] = OrderedDict()
_PRINTED_MAX = 4096


def latex_of(formula: Formula | None, expr: sympy.Basic) -> str:
    """LaTeX of ``expr`` with ``formula``'s spellings (a plain print if that fails)."""
    try:
        text = SymdlLatexPrinter({"symbol_names": symbol_names(formula)}).doprint(expr)
    except Exception:  # an exotic node: SymPy's default spelling is still correct
        text = sympy.latex(expr)
    _PRINTED[text] = expr
    _PRINTED.move_to_end(text)
    if len(_PRINTED) > _PRINTED_MAX:
        _PRINTED.popitem(last=False)
    return text


def expression_of(latex: str) -> sympy.Basic | None:
    """The expression a recent :func:`latex_of` call printed as ``latex``, if any."""
    return _PRINTED.get(latex.strip())
