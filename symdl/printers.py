"""How a stage's result objects print, without that stage importing the render stage.

Data flows one way: chunk makes an ``Explanation``, render formats it, and chunk never imports
render.  The result types' dunder methods (``str(explanation)``, ``_repr_markdown_``) call
:func:`show`; :mod:`symdl.pipeline`, which sits above every stage, installs the render stage's
functions here with :func:`install` when it is imported (``import symdl`` imports it first).
"""

from __future__ import annotations

from collections.abc import Callable

#: (result type's class name, format) → the function that renders it as that format
PRINTERS: dict[tuple[str, str], Callable[[object], str]] = {}


def install(kind: str, fmt: str, printer: Callable[[object], str]) -> None:
    """Render results of class ``kind`` as ``fmt`` (``text``, ``markdown``, ``latex``) with ``printer``."""
    PRINTERS[(kind, fmt)] = printer


def show(obj: object, fmt: str) -> str:
    """``obj`` rendered as ``fmt`` by its installed printer (the plain ``repr`` when none is installed)."""
    printer = PRINTERS.get((type(obj).__name__, fmt))
    return object.__repr__(obj) if printer is None else printer(obj)
