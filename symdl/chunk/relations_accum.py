"""RMSProp's and Adagrad's denominators written without a statement of their accumulator (see :mod:`relations`).

A step ``θ − η g/(√s + ε)`` names RMSProp or Adagrad when the formula says what ``s`` is: an EMA or a running sum
of another statement.  These are the other ways texts say it, all read from the step's own structure:

* Ruder's ``η/√(E[g²]_t + ε) g_t`` and ``η/RMS[g]_t g_t``: the reader's running average (``running-average-name``)
  or running root mean square of the step's own gradient (AdaDelta's numerator, when it has one, wins).
* Duchi et al.'s ``η/√(Σ_{τ=1}^{t} g_{τ,i}²) g_{t,i}``: the root of the sum of the gradient's squares over every
  step so far, a running sum written out.
* PyTorch's ``g_t/(√(state\\_sum_t) + ε)``: an accumulator spelled as a word that says it is a sum.
* PyTorch's RMSprop box without its copy line: ``ṽ_t`` (a tilde on a name the formula updates) in the step is the
  accumulator ``v_t``, possibly centred (:func:`decorated_source`).
"""

from __future__ import annotations

import re

import sympy

from symdl.chunk.algebra import factors, numer_denom, sqrt_arg, terms
from symdl.chunk.registry import Context
from symdl.chunk.relations_optim import statement_of
from symdl.chunk.tree import Relation
from symdl.untrusted import refuse_text

_TILDE = re.compile(r"\\(?:tilde|widetilde)\s*\{([^{}]*)\}")


def decorated_source(sym: sympy.Basic, ctx: Context) -> sympy.Basic | None:
    """The name ``v_t`` a step's undefined ``ṽ_t`` (``\\tilde{v_t}``, ``\\tilde{v}_t``) decorates, when the formula
    defines ``v_t`` (PyTorch's RMSprop box writes ``ṽ_t ← v_t``, centred or not; an excerpt may skip that line)."""
    if ctx.formula is None or not isinstance(sym, (sympy.Symbol, sympy.MatrixSymbol)):
        return None
    if statement_of(sym, ctx) is not None:
        return None
    spelled = ctx.spelling(sym)
    plain = _TILDE.sub(r"\1", spelled)
    if plain == spelled:
        return None
    plain = _flat(plain)
    return next(
        (
            s
            for s in ctx.formula.symbols.values()
            if s != sym and _flat(ctx.spelling(s)) == plain and statement_of(s, ctx) is not None
        ),
        None,
    )


def _flat(spelled: str) -> str:
    return re.sub(r"[{}\s]", "", spelled)


def _stem(sym: sympy.Basic) -> str:
    """The letters of a name before its step subscript (``g_t`` → ``g``); ``""`` for anything else."""
    if isinstance(sym, sympy.Indexed):
        sym = sym.base.label
    name = getattr(sym, "name", None)
    return name.split("_")[0] if isinstance(name, str) and isinstance(sym, (sympy.Symbol, sympy.MatrixSymbol)) else ""


def _rel(text: str, k: int, concept: str) -> list[Relation]:
    return [Relation("combines", text, (k,), concept)]


def named_denominator(
    param: sympy.Basic | None, direction: sympy.Basic, rms: tuple[sympy.Basic, ...] | None, k: int, ctx: Context
) -> list[Relation]:
    """RMSProp or Adagrad read off the denominator of a step that divides its gradient ``g`` (a factor of the
    numerator) by the root of a statistic of ``g`` the formula writes in place (see the module's docstring); AdaDelta
    when the numerator is the running statistic of the parameter's own steps (Ruder's ``θ − RMS[Δθ]_{t−1}/RMS[g]_t
    g_t``)."""
    refuse_text(direction, "the step's direction")
    refuse_text(param, "the parameter")
    num = rms[0] if rms is not None else numer_denom(direction)[0]
    stems = {s for f in factors(num) if (s := _stem(f))}
    lx = ctx.latex
    own = [f for f in factors(num) if _of_steps(f)]
    if own:
        of = f" of ${lx(param)}$" if param is not None else ""
        return _rel(
            f"AdaDelta: the learning rate is replaced by ${lx(own[0])}$, the running root mean square of the "
            f"steps{of} themselves, so the step has the units of the parameters",
            k,
            "adadelta",
        )
    if rms is None:  # η/RMS[g]_t g_t: the running root mean square of the step's own gradient, not under a root
        den = numer_denom(direction)[1]
        named = [t for t in factors(den) if _stem(t) in {"RMS" + s for s in stems}]
        return (
            _rel(
                f"${lx(named[0])}$ is the running root mean square of the gradient the step divides: RMSProp",
                k,
                "rmsprop",
            )
            if named
            else []
        )
    for t in terms(rms[1]):
        if _stem(t) in {"E" + s + "2" for s in stems}:
            return _rel(
                f"${lx(t)}$ is the running average of the squared gradients; the step divides the gradient "
                "by its root: RMSProp",
                k,
                "rmsprop",
            )
        if _summed_squares(t, num):
            return _rel(
                f"${lx(t)}$ sums the squares of the gradient over every step so far; the step divides by "
                "its root: Adagrad",
                k,
                "adagrad",
            )
        if "sum" in _words(t, ctx) and any(ctx.gradient_of(f) is not None or _stem(f) for f in factors(num)):
            return _rel(
                f"${lx(t)}$, named a sum, accumulates what the step divides by; dividing the gradient by its "
                "root: Adagrad's denominator",
                k,
                "adagrad",
            )
    return []


def _of_steps(f: sympy.Basic) -> bool:
    """Zeiler's running statistic of the steps Δx as the reader names it: ``RMS[Δx]_{t−1}``, or ``√(E[Δx²]_{t−1} +
    ε)``."""
    inner = sqrt_arg(f)
    if inner is None:
        return _stem(f).startswith("RMSDelta")
    return any(_stem(t).startswith("EDelta") and _stem(t).endswith("2") for t in terms(inner))


def _words(t: sympy.Basic, ctx: Context) -> set[str]:
    """The words a name is spelled with (``\\text{state\\_sum}_t`` → ``{state, sum}``), lower case."""
    if not isinstance(t, (sympy.Symbol, sympy.MatrixSymbol)):
        return set()
    m = re.match(r"\\(?:text|mathrm|operatorname|mathit)\{([^{}]*)\}", ctx.spelling(t))
    return {w.lower() for w in re.split(r"\\?_", m.group(1)) if len(w) > 1} if m else set()


def _summed_squares(t: sympy.Basic, num: sympy.Basic) -> bool:
    """``Σ_{τ=1}^{t} g_{τ,i}²`` beside the numerator's ``g_{t,i}``: the same family's squares summed over its step
    index up to the step the numerator is at (every step so far)."""
    if not isinstance(t, sympy.Sum) or len(t.limits) != 1:
        return False
    var, _, upper = t.limits[0]
    body = t.function
    if not (isinstance(body, sympy.Pow) and body.exp == 2 and isinstance(body.base, sympy.Indexed)):
        return False
    for f in factors(num):
        if isinstance(f, sympy.Indexed) and f.base == body.base.base and len(f.indices) == len(body.base.indices):
            moved = [(a, b) for a, b in zip(body.base.indices, f.indices, strict=True) if a != b]
            if moved == [(var, upper)]:
                return True
    return False
