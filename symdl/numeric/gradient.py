"""``symdl.grad``: a formula's gradients by one or more inputs, with their steps, and code that computes them.

Each gradient is symdl's :func:`symdl.differentiate.diff` (ML layout: the gradient has the input's shape); with
``emit``, :func:`symdl.numeric.emit.emit` prints a function computing the value and every gradient.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sympy

from symdl.config import DEFAULT, Config
from symdl.errors import InvalidInput
from symdl.formula import Formula
from symdl.latex import latex_of
from symdl.numeric.emit import Target, emit, identifier
from symdl.numeric.emit_backends import BACKENDS, target
from symdl.printers import Shown


@dataclass(frozen=True)
class GradientStep:
    """One step of a derivation: what was done, by which rule, and the result (LaTeX)."""

    description: str
    rule: str
    latex: str


@dataclass(repr=False)
class GradientPart(Shown):
    """The gradient by one input.

    Attributes:
        wrt: the input as written (``"W"``, ``"\\\\hat{y}"``).
        expr: the gradient (ML layout; a family's gradient is its entry by a fresh index, ``index``).
        latex: ``expr`` as LaTeX, in the formula's spellings.
        steps: the derivation's steps, innermost first (empty unless asked for).
        derivation: the :class:`~symdl.differentiate.Derivation` it comes from.
        argument: the input's keyword argument in emitted code.
    """

    wrt: str
    expr: sympy.Basic
    latex: str
    steps: tuple[GradientStep, ...]
    derivation: object
    argument: str
    index: sympy.Symbol | None = None


@dataclass(repr=False)
class Gradient(Shown):
    """The result of :func:`symdl.grad`.

    Attributes:
        formula: the formula read (None for a SymPy expression).
        value: the value differentiated (definitions substituted).
        parts: one :class:`GradientPart` per input, in the order asked.
        emit: the target of ``source`` (``numpy``, ``torch``, ``jax``) or None.
        source: a Python module defining ``function`` (``(value, {argument: gradient})`` from keyword inputs).
        function: the name of the emitted function.
    """

    formula: Formula | None
    value: sympy.Basic
    parts: tuple[GradientPart, ...]
    emit: str | None = None
    source: str | None = None
    function: str = ""

    def to(self, backend: str, *, name: str | None = None) -> Gradient:
        """These gradients with the code of ``backend`` (``numpy``, ``torch``, ``jax``): nothing is derived again.

        Raises:
            InvalidInput: an unknown target, or a name that is not a Python identifier.
            NotSupported: a part has no spelling in ``backend`` (named).
        """
        target(backend)
        fname = name or "grad_" + "_".join(p.argument.strip("_") for p in self.parts)
        free = _free(self.formula, self.value)
        targets = [Target(self.value, None, free)]
        for part in self.parts:
            d = part.derivation
            base = d.wrt.base if isinstance(d.wrt, sympy.Indexed) and d.index is not None else d.wrt  # type: ignore
            extra = tuple(d.wrt.indices) if base is not d.wrt else ()  # type: ignore[attr-defined]
            held = tuple(i for i in extra if i in part.expr.free_symbols)
            constant = tuple(len(free or ()) + n for n, i in enumerate(extra) if i not in held)
            targets.append(Target(part.expr, base, (*(free or ()), *held) or None, constant))
        source = emit(self.formula, targets, backend=backend, name=fname, summary=f"F = {self._shown()} and its "
                      "gradients.")  # fmt: skip
        return Gradient(self.formula, self.value, self.parts, backend, source, fname)

    def _shown(self) -> str:
        return self.formula.source.strip() if self.formula is not None else str(self.value)

    def __getitem__(self, wrt: str) -> GradientPart:
        for part in self.parts:
            if wrt in (part.wrt, part.argument):
                return part
        raise KeyError(wrt)


def _steps(derivation: object, formula: Formula | None) -> tuple[GradientStep, ...]:
    return tuple(
        GradientStep(s.description, s.rule, latex_of(formula, s.expr) if formula is not None else sympy.latex(s.expr))
        for s in derivation.steps
    )  # type: ignore[attr-defined]


def _free(formula: Formula | None, expr: sympy.Basic) -> tuple[sympy.Symbol, ...] | None:
    if formula is None or not formula.free_indices:
        return None
    return tuple(i for i in formula.free_indices if i in expr.free_symbols)


def gradient(
    formula: Formula | sympy.Basic,
    wrt: str | Sequence[str],
    *,
    emit_to: str | None = None,
    steps: bool = False,
    name: str | None = None,
    config: Config = DEFAULT,
) -> Gradient:
    """The gradients of ``formula`` by each input of ``wrt``, and with ``emit_to`` the code computing them.

    Raises:
        InvalidInput: no input, an input named twice, an unknown target, or a name that is not in the formula.
        NotSupported: a gradient symdl cannot take, or code ``emit_to`` cannot spell.
    """
    from symdl.differentiate import diff

    wrts = [wrt] if isinstance(wrt, str) else list(wrt)
    if not wrts:
        raise InvalidInput("no input to differentiate by", hint="name one: --wrt W (repeat for more)")
    if len(set(wrts)) != len(wrts):
        raise InvalidInput(f"an input is named twice: {', '.join(wrts)}", hint="name each input once")
    if emit_to is not None and emit_to not in BACKENDS:  # before the (slow) derivations
        raise InvalidInput(f"cannot emit {emit_to!r} code", hint=f"one of: {', '.join(BACKENDS)}")
    parsed = formula if isinstance(formula, Formula) else None
    parts, value = [], None
    for w in wrts:
        d = diff(formula, w, config=config)
        value = d.of
        base = d.wrt.base if isinstance(d.wrt, sympy.Indexed) and d.index is not None else d.wrt
        latex = latex_of(parsed, d.expr) if parsed is not None else sympy.latex(d.expr)
        parts.append(
            GradientPart(str(w), d.expr, latex, _steps(d, parsed) if steps else (), d, identifier(base), d.index)
        )
    assert value is not None
    result = Gradient(parsed, value, tuple(parts))
    return result if emit_to is None else result.to(emit_to, name=name)
