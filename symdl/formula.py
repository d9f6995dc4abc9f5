"""The public result of reading: :class:`Formula` and its :class:`Statement` s.

Representation contract (every later stage relies on it):

* **scalars** are ``sympy.Symbol(name, real=True)``; names are readable ASCII
  (``beta_1``, ``yhat``, ``dW``, ``v_{t-1}``, ``W^[2]``) and
  :attr:`Formula.latex_names` gives each symbol's LaTeX for printing.
* **indexed families** (``z_i``, ``z_j``, ``y^{(i)}``) are
  ``sympy.IndexedBase(name, real=True)`` indexed by integer ``sympy.Symbol`` s;
  indices are 1-based as written.  A sum without bounds runs ``1..N_z`` where
  ``N_z`` is :attr:`Formula.lengths` ``[key]`` (supplied by the array length at
  evaluation time).
* **time-indexed quantities** (``v_t`` / ``v_{t-1}``) are two scalar symbols; the
  link between them is :attr:`Formula.time_series`.
* **labels** that pick an entry (``y_i`` in cs231n's ``s_{y_i}``) are :class:`Label` s (integer scalars, an
  input like any other, never an index to iterate) or ``sympy.IndexedBase(name, integer=True)`` families
  when their index is summed; ``s_{y_i}`` is ``s[y_i]``.
* **vectors and matrices** are ``sympy.MatrixSymbol`` (vectors are columns
  ``(n, 1)``) combined with ``MatMul``, ``Transpose``, ``HadamardProduct``;
  element-wise functions of them are ``ElementwiseApplyFunction``.
* **functions**: known activations are the classes of :mod:`symdl.functions`,
  ``tanh``/``exp``/``log`` are SymPy's (``log`` is natural), unknown ones are
  ``sympy.Function(name)``; ``\\nabla_\\theta J(\\theta)`` is
  ``Derivative(J(theta), theta)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import sympy

from symdl.errors import Note, Repair, Span
from symdl.printers import Shown


class Label(sympy.Symbol):
    """An integer label that picks an entry of a family: ``y_i`` in ``s_{y_i}`` (the class of example i).

    A value the user supplies (1-based, at most the family's length), not an index the numeric stage iterates
    over, and not a variable to differentiate by.
    """


Kind = Literal[
    "expression", "assignment", "update", "definition", "equation", "inequality", "proportionality", "distribution",
    "system"
]

#: how each comparison a statement may assert is printed: (text, LaTeX)
COMPARISON_SIGNS = {"<=": ("<=", "\\le"), ">=": (">=", "\\ge"), "<": ("<", "<"), ">": (">", ">"),
                    "propto": ("propto", "\\propto"), "sim": ("~", "\\sim")}


class Compared(sympy.Basic):
    """What an inequality or a proportionality statement asserts, ``lhs rel rhs``: two sides side by side,
    never an equality (``Eq``) and never evaluated; its sides may be vectors or matrices."""

    def __new__(cls, lhs: sympy.Basic, rhs: sympy.Basic, relation: str) -> Compared:
        return sympy.Basic.__new__(cls, sympy.sympify(lhs), sympy.sympify(rhs), sympy.core.symbol.Str(relation))

    @property
    def relation(self) -> str:
        return str(self.args[2])

    def _sympystr(self, printer: object) -> str:
        p = printer._print  # type: ignore[attr-defined]
        return f"{p(self.args[0])} {COMPARISON_SIGNS[self.relation][0]} {p(self.args[1])}"

    def _latex(self, printer: object) -> str:
        p = printer._print  # type: ignore[attr-defined]
        return f"{p(self.args[0])} {COMPARISON_SIGNS[self.relation][1]} {p(self.args[1])}"


@dataclass(frozen=True)
class Statement:
    """One statement of a formula: ``lhs = rhs`` or a bare expression.

    Attributes:
        kind: ``expression``, ``assignment``, ``update``, ``definition``, ``equation``, ``inequality``
            (``lhs \\le rhs``; :attr:`relation` says which comparison) or ``proportionality``
            (``lhs \\propto rhs``): the last two assert a relation between their sides, assign nothing and are
            never checked as equalities.
        lhs: the left side (``None`` for an expression).
        rhs: the right side; for an expression, the expression itself.
        latex: the statement's source text.
        span: where the statement is in the formula's source.
        target: the quantity being defined or updated (``v``, ``v_t``, ``sigma``), or None.
        previous: for an update, the symbol on the right that stands for the target's
            previous value (``v`` itself, or ``v_{t-1}`` for ``v_t``), else None.
        params: for a definition ``f(x, y) = ...``, the parameters ``(x, y)``.
        aliases: the middle sides of a chain ``a = b = c``: further names or forms of the same
            value (``\\hat y = A^{[2]} = \\sigma(Z^{[2]})``, ``PA = [\\dots][\\dots] = [\\dots]``).
        labels: author labels from ``\\underbrace{...}_{\\text{label}}``: subexpression → label.
        relation: for an inequality ``<=``, ``>=``, ``<`` or ``>``; for a proportionality ``propto``; else "".
        lhs_latex: the left side's source as written ("" when unknown): unsealed user text.
    """

    kind: str
    lhs: sympy.Basic | None
    rhs: sympy.Basic
    latex: str
    span: Span
    target: sympy.Basic | None = None
    previous: sympy.Basic | None = None
    params: tuple[sympy.Basic, ...] = ()
    aliases: tuple[sympy.Basic, ...] = ()
    labels: Mapping[sympy.Basic, str] = field(default_factory=dict)
    relation: str = ""
    lhs_latex: str = ""

    def sign(self, *, latex: bool = False) -> str:
        """The sign between the sides: ``=``, or the comparison's (``<=``/``\\le``, ``propto``/``\\propto``)."""
        return COMPARISON_SIGNS[self.relation][latex] if self.relation else "="

    def as_equation(self) -> sympy.Basic:
        """``Eq(lhs, rhs)`` for a statement with a left side, a :class:`Compared` for an inequality or a
        proportionality, else the expression."""
        if self.lhs is None:
            return self.rhs
        if self.relation:
            return Compared(self.lhs, self.rhs, self.relation)
        return sympy.Eq(self.lhs, self.rhs, evaluate=False)


@dataclass(frozen=True, repr=False)
class Formula(Shown):
    """What :func:`symdl.parse` returns.

    Attributes:
        source: the text as given.
        kind: the statement kind, or ``system`` for several statements.
        statements: the statements in order (one element for a single statement).
        symbols: each free symbol's spelling as written → its SymPy object; an indexed
            family is keyed by its base (``z``), both times of a time-indexed pair are keys.
        latex_names: SymPy symbol/base → the LaTeX to print it with.
        shapes: matrix/vector symbol name → (rows, cols), ints or SymPy symbols.
        lengths: family key → the symbol for its length used by unbounded sums.
        indices: index symbols, free ones first: those left free make the value a vector.
        free_indices: the indices not bound by a sum (the result varies over them).
        time_series: base name → {offset: symbol} (``{'v': {0: v_t, -1: v_{t-1}}}``).
        warnings: repairs made in lenient mode, each with its span.
        notes: reading notes: where notation allowed two readings, the one chosen (by a rule of
            the README's reading table), its span, and how to write the other.
        zero_based: the families indexed from 0 (their array's first entry is member 0; ``zero-based`` note).
        sampled: each expectation with a drawn variable (``\\mathbb{E}_{x \\sim p_{data}}[\\dots]``), as the value
            the reader built for it (a mean over samples or an unevaluated ``E_{...}(f)``) → the name of the
            distribution it draws from, letters and digits only (``pdata``).
    """

    source: str
    kind: Kind
    statements: tuple[Statement, ...]
    symbols: Mapping[str, sympy.Basic]
    latex_names: Mapping[sympy.Basic, str] = field(default_factory=dict)
    shapes: Mapping[str, tuple[object, object]] = field(default_factory=dict)
    lengths: Mapping[str, sympy.Symbol] = field(default_factory=dict)
    indices: tuple[sympy.Symbol, ...] = ()
    free_indices: tuple[sympy.Symbol, ...] = ()
    time_series: Mapping[str, Mapping[int, sympy.Basic]] = field(default_factory=dict)
    warnings: tuple[Repair, ...] = ()
    notes: tuple[Note, ...] = ()
    zero_based: frozenset[str] = frozenset()
    sampled: Mapping[sympy.Basic, str] = field(default_factory=dict)

    @property
    def lhs(self) -> sympy.Basic | tuple[sympy.Basic | None, ...] | None:
        """The left side; for a system, the tuple of every statement's left side."""
        if self.kind == "system":
            return tuple(s.lhs for s in self.statements)
        return self.statements[0].lhs

    @property
    def rhs(self) -> sympy.Basic | tuple[sympy.Basic, ...]:
        """The right side (the expression itself for kind ``expression``); a tuple for a system."""
        if self.kind == "system":
            return tuple(s.rhs for s in self.statements)
        return self.statements[0].rhs

    @property
    def expr(self) -> sympy.Basic:
        """The value the formula computes: the (last) statement's right side."""
        return self.statements[-1].rhs

    def latex(self, expr: sympy.Basic) -> str:
        """Print ``expr`` as LaTeX with this formula's own spellings (scalars, vectors, matrices, families)."""
        from symdl.latex import latex_of

        return latex_of(self, expr)

    def later_step(self, now: sympy.Basic, other: sympy.Basic) -> bool:
        """Is ``other`` the same quantity as ``now`` at a later step (``\\hat{A}_{t+1}`` beside ``\\hat{A}_t``)?"""
        for series in self.time_series.values():
            at = {v: k for k, v in series.items()}
            if now in at and other in at:
                return at[other] > at[now]
        return False

    def __repr__(self) -> str:
        body = "; ".join(str(s.as_equation()) for s in self.statements)
        return f"Formula(kind={self.kind!r}, {body})"
