"""One-line unicode math for terminals: ``β₁·v + (1 − β₁)·dW``, ``W − α·v/(ε + √s)``.

Built on SymPy's :class:`~sympy.printing.str.StrPrinter` (which already knows
precedence and parenthesisation) and its symbology tables for Greek letters,
accents, sub- and superscripts.  Inline ``$...$`` LaTeX in explanation notes is
replaced by the unicode print of the expression it was made from (see
:func:`symdl.latex.latex_of`, which remembers them).
"""

from __future__ import annotations

import re

import sympy
from sympy.printing.pretty.pretty_symbology import pretty_symbol
from sympy.printing.pretty.pretty_symbology import sub as _sub
from sympy.printing.pretty.pretty_symbology import sup as _sup
from sympy.printing.str import StrPrinter

from symdl.activations import UNICODE_NAMES
from symdl.functions import softmax

SUB: dict[str, str] = dict(_sub)
SUP: dict[str, str] = dict(_sup)

#: function class → the name a reader writes
FUNCTION_NAMES: dict[type, str] = {**UNICODE_NAMES, softmax: "softmax"}  # activations: from their records
#: accents SymPy's symbology does not know → combining marks (d2l's forward and backward states)
_ARROWS = {"overrightarrow": "\u20d7", "overleftarrow": "\u20d6"}
#: blackboard capitals naming distributions (the WGAN's \\mathbb{P}_r, symdl.read.constructs) → their letters
_BLACKBOARD = {"Pmathbb": "ℙ", "Qmathbb": "ℚ"}
_NAME = re.compile(r"^(?P<core>[^_^']+?)(?:_\{?(?P<sub>[^{}^]*)\}?)?(?:\^\[(?P<layer>[^\]]+)\])?(?P<primes>'*)$")


def _script(text: str, table: dict[str, str]) -> str | None:
    out = []
    for ch in text:
        if ch not in table:
            return None
        out.append(table[ch])
    return "".join(out)


def _power_of_ten(n: int) -> int | None:
    """``k`` when ``n == 10**k`` (k ≥ 1), else None."""
    digits = str(n) if n.bit_length() < 4000 else ""
    return len(digits) - 1 if len(digits) > 1 and digits[0] == "1" and set(digits[1:]) == {"0"} else None


def unicode_name(name: str) -> str:
    """``beta_1`` → ``β₁``, ``v_{t-1}`` → ``vₜ₋₁``, ``yhat`` → ``ŷ``, ``W^[2]`` → ``W^[2]``."""
    if name.endswith("^2") and len(name) > 2:  # the variance σ_B² as a variable of its own (symdl.bind.variance)
        return unicode_name(name[:-2]) + "²"
    m = _NAME.match(name)
    if not m:
        return name.replace("nabla", "∇")
    core = m.group("core")
    core = _BLACKBOARD.get(core, core)
    arrow = next((a for a in _ARROWS if core.endswith(a) and len(core) > len(a)), None)
    core = pretty_symbol(core[: -len(arrow)]) + _ARROWS[arrow] if arrow else pretty_symbol(core)
    sub = m.group("sub")
    if sub:
        small = _script(sub, SUB)
        core += small if small is not None else f"_{sub}" if len(sub) == 1 else f"_({sub})"
    if m.group("layer"):
        core += f"^[{m.group('layer')}]"
    return core + m.group("primes")


class UnicodePrinter(StrPrinter):
    """SymPy's string printer with unicode names and operators."""

    printmethod = "_symdl_unicode"  # objects' own _sympystr (Indexed has one) must not take over

    def _print_DiagMatrix(self, expr: sympy.Basic) -> str:
        return f"diag({self._print(expr.args[0])})"  # \\mathrm{diag}(\\boldsymbol{\\lambda}): as written

    def _print_SpectralNorm(self, expr: sympy.Basic) -> str:
        return f"‖{self._print(expr.args[0])}‖₂"

    def _print_Symbol(self, expr: sympy.Symbol) -> str:
        if ", ..., " in expr.name:  # a family's members as one argument, q(h_1, ..., h_T) (symdl.read.members)
            return ", …, ".join(unicode_name(part) for part in expr.name.split(", ..., "))
        return unicode_name(expr.name)

    def _print_Dummy(self, expr: sympy.Dummy) -> str:
        return unicode_name(expr.name)

    def _print_Rational(self, expr: sympy.Rational) -> str:
        """``1/100000000`` as ``10⁻⁸`` (how 1e-8 and 10^{-8} were written); other fractions as SymPy does."""
        k = _power_of_ten(int(expr.q))
        if k is not None and k >= 4 and abs(int(expr.p)) < 10**4:
            scale = "10" + (_script(f"-{k}", SUP) or f"^-{k}")
            return scale if expr.p == 1 else f"{expr.p}·{scale}"
        return super()._print_Rational(expr)

    def _print_Float(self, expr: sympy.Float) -> str:
        """At most 15 significant digits, trailing zeros dropped (0.9, not 0.900000000000000; 1 − 0.9 is 0.1)."""
        return f"{float(expr):.15g}"

    def _print_MatrixSymbol(self, expr: sympy.MatrixSymbol) -> str:
        return unicode_name(str(expr.name))

    def _print_IndexedBase(self, expr: sympy.IndexedBase) -> str:
        return unicode_name(str(expr.label))

    def _print_Indexed(self, expr: sympy.Indexed) -> str:
        base = self._print(expr.base)
        idx = ",".join(self._print(i) for i in expr.indices)
        small = _script(idx, SUB)
        return base + (small if small is not None else f"[{idx}]")

    def _print_Transpose(self, expr: sympy.Transpose) -> str:
        return self.parenthesize(expr.arg, 100) + "ᵀ"

    def _print_HadamardProduct(self, expr: sympy.Basic) -> str:
        return " ⊙ ".join(self.parenthesize(a, 50) for a in expr.args)

    def _print_HadamardPower(self, expr: sympy.Basic) -> str:
        """An entry-wise power as a reader writes it: ``y^∘⁻²`` (``y^∘(k+1)`` when no superscript exists)."""
        base, exp = expr.args
        power = self._print(exp)
        small = _script(power.replace("−", "-"), SUP)
        return f"{self.parenthesize(base, 60)}^∘" + (small if small is not None else f"({power})")

    def _print_ElementwiseApplyFunction(self, expr: sympy.Basic) -> str:
        var = expr.function.variables[0]
        body = expr.function.expr
        if isinstance(body, sympy.Derivative) and body.expr.args == (var,) and body.variables == (var,):
            return f"{self._name_of(body.expr)}′({self._print(expr.expr)})"  # g'(Z), element-wise
        stand_in = sympy.Symbol("\x00")
        text = self._print(body.xreplace({var: stand_in}))
        return text.replace("\x00", self._print(expr.expr))

    def _name_of(self, f: sympy.Basic) -> str:
        name = FUNCTION_NAMES.get(type(f))
        return name if name is not None else unicode_name(type(f).__name__)

    def _print_Compared(self, expr: sympy.Basic) -> str:
        sign = {"<=": "≤", ">=": "≥", "propto": "∝", "sim": "∼"}.get(expr.relation, expr.relation)  # type: ignore[attr-defined]
        return f"{self._print(expr.args[0])} {sign} {self._print(expr.args[1])}"

    def _print_MaxOver(self, expr: sympy.Basic) -> str:
        return f"max[{self._print(expr.limits[0][0])}]({self._print(expr.function)})"

    def _print_MinOver(self, expr: sympy.Basic) -> str:
        return f"min[{self._print(expr.limits[0][0])}]({self._print(expr.function)})"

    def _print_ArgMaxOver(self, expr: sympy.Basic) -> str:
        return f"argmax[{self._print(expr.limits[0][0])}]({self._print(expr.function)})"

    def _print_ArgMinOver(self, expr: sympy.Basic) -> str:
        return f"argmin[{self._print(expr.limits[0][0])}]({self._print(expr.function)})"

    def _print_OptimumOver(self, expr: sympy.Basic) -> str:
        over = expr.args[1]
        under = str(over) if isinstance(over, sympy.core.symbol.Str) else self._print(over)  # type: ignore[attr-defined]
        return f"{expr.op}[{under}]({self._print(expr.body)})"  # type: ignore[attr-defined]

    def _print_RowSoftmax(self, expr: sympy.Basic) -> str:
        return f"softmax({self._print(expr.args[0])})"  # row by row: the formula's reading note says so

    def _print_VectorSoftmax(self, expr: sympy.Basic) -> str:
        return f"softmax({self._print(expr.args[0])})"

    def _print_OneMatrix(self, expr: sympy.Basic) -> str:
        return "𝟙ᵀ" if expr.shape[0] == 1 and expr.shape[1] != 1 else "𝟙"  # 1ᵀx: the row of ones

    def _print_KroneckerDelta(self, expr: sympy.Basic) -> str:
        idx = "".join(self._print(a) for a in expr.args)
        small = _script(idx, SUB)
        return "δ" + (small if small is not None else f"[{', '.join(self._print(a) for a in expr.args)}]")

    def _print_Derivative(self, expr: sympy.Derivative) -> str:
        f = expr.expr
        head = self._print(f.func) if isinstance(f, sympy.core.function.AppliedUndef) else self._print(f)
        den = "".join(
            f"∂{self._print(v)}" + (SUP.get(str(n), f"^{n}") if n != 1 else "") for v, n in expr.variable_count
        )
        return f"∂{head}/{den}"

    def _print_Sum(self, expr: sympy.Sum) -> str:
        lims = "; ".join(f"{self._print(i)}={self._print(a)}..{self._print(b)}" for i, a, b in expr.limits)
        return f"Σ[{lims}]({self._print(expr.function)})"

    def _print_Function(self, expr: sympy.Function) -> str:
        name = FUNCTION_NAMES.get(type(expr))
        if name is not None:
            return f"{name}({', '.join(self._print(a) for a in expr.args)})"
        if isinstance(expr, sympy.core.function.AppliedUndef):
            return f"{unicode_name(expr.func.__name__)}({', '.join(self._print(a) for a in expr.args)})"
        return super()._print_Function(expr)

    def _print_Piecewise(self, expr: sympy.Piecewise) -> str:
        parts = [f"{self._print(e)} if {self._print(c)}" if c is not sympy.true else f"{self._print(e)} otherwise"
                 for e, c in expr.args]
        return "{" + "; ".join(parts) + "}"

    def _print_ImmutableDenseMatrix(self, expr: sympy.MatrixBase) -> str:
        return "[" + "; ".join(" ".join(self._print(x) for x in row) for row in expr.tolist()) + "]"

    def _print_MutableDenseMatrix(self, expr: sympy.MatrixBase) -> str:
        return self._print_ImmutableDenseMatrix(expr)


_POW = re.compile(r"\*\*(\(-?\d+\)|-?\d+)")  # x**2, x**(-1); never the ")" of an enclosing group


def _tidy(text: str) -> str:
    def power(m: re.Match[str]) -> str:
        small = _script(m.group(1).strip("()"), SUP)
        return small if small is not None else "^" + m.group(1)

    text = _POW.sub(power, text).replace("**", "^")
    text = text.replace("sqrt(", "√(").replace("*", "·").replace(" - ", " − ")
    text = re.sub(r"√\((\w)\)", r"√\1", text)
    return text.replace("exp(", "exp(").replace("Max(", "max(").replace("Min(", "min(")


def to_unicode(expr: sympy.Basic) -> str:
    """``expr`` as one line of unicode math."""
    try:
        return _tidy(UnicodePrinter({"order": None}).doprint(expr))
    except Exception:  # an exotic node: SymPy's plain string is still correct
        return str(expr)


def math_in_text(text: str) -> str:
    """Replace each ``$...$`` in ``text`` by unicode when its expression is known, else drop the dollars."""
    from symdl.latex import expression_of

    def one(m: re.Match[str]) -> str:
        expr = expression_of(m.group(1))
        return to_unicode(expr) if expr is not None else m.group(1)

    return re.sub(r"\$([^$]+)\$", one, text)
