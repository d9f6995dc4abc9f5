"""The pipeline, top to bottom: read → bind → chunk → differentiate → numeric → render.

Each public function below runs the stages it needs, in order, one line each.
"""

from __future__ import annotations

from symdl.config import DEFAULT, Config
from symdl.formula import Formula


def parse(
    latex: str,
    *,
    lenient: bool = False,
    shapes: dict[str, tuple[int, ...]] | None = None,
    config: Config = DEFAULT,
) -> Formula:
    """Read LaTeX into a :class:`Formula` with the meaning a deep-learning reader intends.

    Args:
        latex: the formula as pasted (one statement, or several separated by ``\\\\`` or new lines).
        lenient: repair stripped backslashes and braces, reporting each repair in ``Formula.warnings``.
        shapes: declared shapes by name as written, e.g. ``{"W": (3, 4), "x": (4,)}``.
        config: further options.

    Raises:
        SymdlError: ``InvalidInput`` or ``NotSupported`` with the span of the problem.
    """
    from symdl.bind import bind
    from symdl.read import read

    config = config.with_(lenient=lenient or config.lenient, shapes={**config.shapes, **(shapes or {})})
    syntax = read(latex, config=config)  # 1. read: text → statements over placeholders
    return bind(syntax, config=config)  # 2. bind: placeholders → scalars, families, matrices, functions
