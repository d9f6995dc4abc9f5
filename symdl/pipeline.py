"""The pipeline, top to bottom: read → bind → chunk → differentiate → numeric → render.

One plain function per use, each running the stages it needs, in order.  Nothing here is
guarded: :mod:`symdl` wraps these functions (one guard, one budget per user call), and
:mod:`symdl.derive` calls them directly, so the work of a derivation runs under the guard of
the call that started it.  Stages never import this module; it imports them inside each function,
so ``import symdl`` stays cheap.

It also installs the render stage's printers for chunk's results (see :mod:`symdl.printers`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from symdl import printers
from symdl.config import DEFAULT, Config
from symdl.errors import InvalidInput, NotSupported
from symdl.formula import Formula

if TYPE_CHECKING:
    import sympy

    from symdl.chunk import Comparison, Concept, Explanation
    from symdl.differentiate import Derivation
    from symdl.numeric import DerivationReport, NumpyFunction, Verdict
    from symdl.numeric.directional import DirectionalCheck
    from symdl.numeric.gradient import Gradient


def parse(
    latex: str,
    *,
    lenient: bool = False,
    shapes: dict[str, tuple[int, ...] | int] | None = None,
    config: Config = DEFAULT,
) -> Formula:
    """Read LaTeX into a :class:`Formula` with the meaning a deep-learning reader intends.

    Args:
        latex: the formula as pasted (one statement, or several separated by ``\\\\`` or new lines).
        lenient: repair stripped backslashes and braces, reporting each repair in ``Formula.warnings``.
        shapes: declared shapes by name as written, e.g. ``{"W": (3, 4), "x": 4}`` (a number alone: a length).
        config: further options.

    Raises:
        SymdlError: ``InvalidInput`` or ``NotSupported`` with the span of the problem.
    """
    from symdl.bind import bind
    from symdl.errors import SymdlError, as_written
    from symdl.read import read

    config = config.with_(lenient=lenient or config.lenient).with_shapes(shapes)
    try:
        syntax = read(latex, config=config)  # 1. read: text → statements over placeholders
        return bind(syntax, config=config)  # 2. bind: placeholders → scalars, families, matrices, functions
    except SymdlError as err:  # the caret under the text as pasted (what was set aside before reading shows)
        raise as_written(err, latex) from None


def _reading(config: Config, lenient: bool, shapes: Mapping[str, Any] | None) -> Config:
    """``config`` with the parse options a function taking text also takes (as :func:`parse` does)."""
    return config.with_(lenient=lenient or config.lenient).with_shapes(shapes) if lenient or shapes else config


def _formula(f: str | Formula | sympy.Basic, config: Config) -> Formula | sympy.Basic:
    """Text is read first; a Formula (or a SymPy expression) is used as it is."""
    return parse(f, config=config) if isinstance(f, str) else f


def _valued(f: str | Formula | sympy.Basic, config: Config) -> Formula | sympy.Basic:
    """:func:`_formula`, for a stage that needs a value: an inequality or a proportionality (Adam's
    ``|\\Delta_t| \\le \\alpha``, Bishop's ``w \\propto S^{-1} d``) asserts a relation and has none."""
    parsed = _formula(f, config)
    for st in parsed.statements if isinstance(parsed, Formula) else ():
        if st.kind == "distribution":  # W \sim U[-a, a]: nothing computed, nothing to differentiate
            raise NotSupported("differentiating or checking a distribution statement (it says how a name is drawn "
                               "and from what; it computes no value)", source=parsed.source, span=st.span,
                               hint="differentiate or check a formula that uses the drawn name")
        if st.relation:
            raise NotSupported(f"differentiating or checking {'an' if st.kind == 'inequality' else 'a'} {st.kind} "
                               "(it states a relation between its sides; it computes no value)",
                               source=parsed.source, span=st.span, hint="write the side you mean on its own")
    return parsed


def lambdify(
    formula: str | Formula | sympy.Basic, symbols: Any = None, *, config: Config = DEFAULT, **kwargs: Any
) -> NumpyFunction:
    """A numpy function of ``formula``, taking keyword arguments keyed like ``formula.symbols``."""
    from symdl.numeric import lambdify as numpy_function

    return numpy_function(_formula(formula, config), symbols, config=config, **kwargs)  # read, bind → numeric


def explain(
    latex_or_formula: str | Formula,
    *,
    lenient: bool = False,
    shapes: Mapping[str, Any] | None = None,
    config: Config = DEFAULT,
) -> Explanation:
    """Chunk a formula into named concepts and say what each does.

    Args:
        latex_or_formula: LaTeX as pasted, or a :class:`Formula` from :func:`parse`.
        lenient: repair stripped backslashes and braces (text only), as :func:`parse` does.
        shapes: declared shapes by name as written (text only), as :func:`parse` takes them.
        config: further options (budgets, layout, labels, functions).

    Returns:
        The :class:`~symdl.chunk.Explanation`: a chunk tree per statement, relations, ``concepts``, ``summary``.

    Raises:
        SymdlError: the text cannot be read (``InvalidInput``/``NotSupported``) or a budget is exceeded.
    """
    from symdl.chunk import explain as chunk

    config = _reading(config, lenient, shapes)
    return chunk(_formula(latex_or_formula, config), config=config)  # read, bind → chunk


def concepts(*, category: str | None = None) -> tuple[Concept, ...]:
    """The concepts symdl can name (the registry, in priority order), optionally of one category."""
    from symdl.chunk import REGISTRY

    return tuple(c for c in REGISTRY.values() if category is None or c.category == category)


def compare(
    a: str | Formula,
    b: str | Formula,
    *,
    lenient: bool = False,
    shapes: Mapping[str, Any] | None = None,
    config: Config = DEFAULT,
) -> Comparison:
    """Are two formulas the same concept, and under which mapping of symbols?

    Args:
        a: the first formula (LaTeX or a :class:`Formula`).
        b: the second formula.
        lenient: repair stripped backslashes and braces in text, as :func:`parse` does.
        shapes: declared shapes by name as written, for text.
        config: further options.

    Returns:
        The :class:`~symdl.chunk.Comparison`: ``same``, the ``concept``, the ``mapping`` of symbols, ``reasons``.

    Raises:
        SymdlError: a formula cannot be read, or a budget is exceeded.
    """
    from symdl.chunk import compare as same_concept

    config = _reading(config, lenient, shapes)
    return same_concept(_formula(a, config), _formula(b, config), config=config)  # read, bind → chunk


def diff(
    formula: str | Formula | sympy.Basic,
    wrt: Any,
    *,
    lenient: bool = False,
    shapes: Mapping[str, Any] | None = None,
    config: Config = DEFAULT,
) -> Derivation:
    """Differentiate symbolically, step by step.

    Args:
        formula: LaTeX, a :class:`Formula` or a SymPy expression.
        wrt: the variable, as written in the formula (``"W"``, ``"z"`` for a family z_i) or its SymPy object.
        lenient: repair stripped backslashes and braces in text, as :func:`parse` does.
        shapes: declared shapes by name as written (``{"W": (3, 4), "x": 4}``), for text.
        config: further options.

    Returns:
        The :class:`~symdl.differentiate.Derivation`: ``expr`` (ML layout for matrices), ``steps``, ``best``.

    Raises:
        SymdlError: the formula cannot be read or differentiated, or a budget is exceeded.
    """
    from symdl.differentiate import diff as derive

    config = _reading(config, lenient, shapes)
    return derive(_valued(formula, config), wrt, config=config)  # read, bind → differentiate


def grad(
    formula: str | Formula | sympy.Basic,
    wrt: str | Sequence[str],
    *,
    emit: str | None = None,
    steps: bool = False,
    shapes: Mapping[str, Any] | None = None,
    lenient: bool = False,
    name: str | None = None,
    config: Config = DEFAULT,
) -> Gradient:
    """The gradient of a formula by one or more inputs (ML layout), and code that computes it.

    Args:
        formula: LaTeX, a :class:`Formula` or a SymPy expression.
        wrt: the input, as written (``"W"``, ``"\\mathbf{b}"``), or a sequence of inputs.
        emit: ``"numpy"``, ``"torch"`` or ``"jax"``: also print a Python function computing the value and every
            gradient from keyword inputs (numpy: the program :func:`lambdify` runs, with its stable forms).
        steps: keep each derivation's steps.
        shapes: declared shapes by name as written (``{"W": (3, 4), "x": 4}``), for text.
        lenient: repair stripped backslashes and braces in text, as :func:`parse` does.
        name: the emitted function's name (default ``grad_`` and the inputs' names).
        config: further options.

    Returns:
        The :class:`~symdl.numeric.gradient.Gradient`: ``parts`` (``expr``, ``latex``, ``steps`` per input) and,
        with ``emit``, its ``source``.

    Raises:
        SymdlError: the formula cannot be read or differentiated, an input is not in it (``InvalidInput``), or the
            code cannot be spelt for ``emit`` (``NotSupported``, naming what).
    """
    from symdl.numeric.gradient import gradient

    config = _reading(config, lenient, shapes)
    return gradient(_valued(formula, config), wrt, emit_to=emit, steps=steps, name=name, config=config)


def check_gradient(
    f: str | Formula | sympy.Basic,
    wrt: Any,
    claim: str | Formula | sympy.Basic,
    *,
    config: Config = DEFAULT,
    **kwargs: Any,
) -> Verdict:
    """Verify a hand-derived gradient: symbolically first, then by finite differences."""
    from symdl.numeric import check_gradient as check

    if kwargs.get("shapes") and not config.shapes:  # read as the CLI's --shape does: g_i (x_i - \\mu) a product
        config = config.with_shapes(kwargs["shapes"])
    if kwargs.pop("lenient", False):  # a parse option, as parse() takes it
        config = config.with_(lenient=True)
    return check(_valued(f, config), wrt, _valued(claim, config), config=config, **kwargs)  # → differentiate, numeric


def check_grads(f: Any, grad: Any, x: Any, *, config: Config = DEFAULT, **kwargs: Any) -> DirectionalCheck:
    """Check a numpy function's claimed gradient by K random directional derivatives (O(K) calls)."""
    from symdl.numeric.directional import check_grads as check

    return check(f, grad, x, config=config, **kwargs)  # → numeric


def check_derivation(
    formula: str | Formula,
    *,
    convention: str = "ng",
    loss: str | None = None,
    lenient: bool = False,
    shapes: Mapping[str, Any] | None = None,
    config: Config = DEFAULT,
) -> DerivationReport:
    """Check a hand derivation — forward lines, then gradient lines (``dZ = ...``) — step by step.

    Args:
        formula: the derivation as LaTeX (or parsed).
        convention: ``ng`` (``dW`` is the gradient of the cost, batch-averaged) or ``exact``.
        loss: the spelling of the loss (default: the last forward target).
        lenient: repair stripped backslashes and braces in text, as :func:`parse` does.
        shapes: declared shapes by name as written, for text.
        config: budgets, tolerances, seed and declared shapes.
    """
    from symdl.numeric import HandDerivation
    from symdl.numeric import check_derivation as check

    config = _reading(config, lenient, shapes)
    parsed = _valued(formula, config)  # read, bind
    if not isinstance(parsed, Formula):
        raise InvalidInput("a hand derivation is LaTeX text or a parsed Formula", hint="pass the derivation's text")
    if loss is not None and loss not in parsed.symbols:
        raise InvalidInput(f"unknown loss {loss!r}", source=parsed.source,
                           hint=f"one of: {', '.join(parsed.symbols)}")
    target = parsed.symbols[loss] if loss is not None else None
    derivation = HandDerivation.from_formula(parsed, convention=convention, shapes=dict(config.shapes), loss=target)
    return check(derivation, config=config)  # → numeric


def _install_printers() -> None:
    """``str(explanation)``, ``_repr_markdown_``, ``_repr_latex_`` and ``str(comparison)``: the render stage's."""

    def text(obj: object) -> str:
        from symdl.render import explanation as render

        return render.to_text(obj, color=False)  # type: ignore[arg-type]

    def markdown(obj: object) -> str:
        from symdl.render import explanation as render

        return render.to_markdown(obj)  # type: ignore[arg-type]

    def latex(obj: object) -> str:
        from symdl.render import explanation as render

        return render.to_latex(obj)  # type: ignore[arg-type]

    def comparison_text(obj: object) -> str:
        from symdl.render import explanation as render

        return render.comparison_to_text(obj, color=False)  # type: ignore[arg-type]

    def comparison_markdown(obj: object) -> str:
        from symdl.render import explanation as render

        return render.comparison_to_markdown(obj)  # type: ignore[arg-type]

    def notebook() -> None:  # every result type's one-line repr and Markdown, on first use
        from symdl.render.notebook import PRINTERS

        for (kind, fmt), printer in PRINTERS.items():
            printers.install(kind, fmt, printer)

    printers.on_first_miss(notebook)
    printers.install("Explanation", "text", text)
    printers.install("Explanation", "markdown", markdown)
    printers.install("Explanation", "latex", latex)
    printers.install("Comparison", "text", comparison_text)
    printers.install("Comparison", "markdown", comparison_markdown)


_install_printers()
