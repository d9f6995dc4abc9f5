"""How a stage's result objects print, without that stage importing the render stage.

Data flows one way: chunk makes an ``Explanation``, render formats it, and chunk never imports
render.  The result types' dunder methods (``str(explanation)``, ``_repr_markdown_``) call
:func:`show`; :mod:`symdl.pipeline`, which sits above every stage, installs the render stage's
functions here with :func:`install` when it is imported (``import symdl`` imports it first).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

#: (result type's class name, format) → the function that renders it as that format
PRINTERS: dict[tuple[str, str], Callable[[object], str]] = {}


def install(kind: str, fmt: str, printer: Callable[[object], str]) -> None:
    """Render results of class ``kind`` as ``fmt`` (``text``, ``markdown``, ``latex``, ``html``) with ``printer``."""
    PRINTERS[(kind, fmt)] = printer


#: installers run once, the first time no printer is found (they import the render stage only when needed)
_PENDING: list[Callable[[], None]] = []
#: held while the pending installers run (two threads of ``symdl serve`` may miss at once)
_INSTALLING = threading.RLock()


def on_first_miss(installer: Callable[[], None]) -> None:
    """Run ``installer`` (which calls :func:`install`) the first time :func:`show` finds no printer."""
    _PENDING.append(installer)


def printer_of(obj: object, fmt: str) -> Callable[[object], str] | None:
    """The printer of ``obj`` as ``fmt``, or None."""
    key = (type(obj).__name__, fmt)
    if key not in PRINTERS and _PENDING:
        with _INSTALLING:
            while key not in PRINTERS and _PENDING:
                _PENDING.pop(0)()
    return PRINTERS.get(key)


def show(obj: object, fmt: str) -> str:
    """``obj`` rendered as ``fmt`` by its installed printer (the plain ``repr`` when none is installed)."""
    printer = printer_of(obj, fmt)
    return object.__repr__(obj) if printer is None else printer(obj)


class Shown:
    """A result type that shows itself through :data:`PRINTERS`: a one-line ``repr`` in a REPL, HTML and Markdown
    (and, where installed, LaTeX) in a notebook.  Dataclasses using it are declared with ``repr=False``."""

    __slots__ = ()

    def __repr__(self) -> str:
        return show(self, "repr")

    def _repr_markdown_(self) -> str:
        return show(self, "markdown")

    def _repr_latex_(self) -> str | None:
        return show(self, "latex") if printer_of(self, "latex") is not None else None

    def _repr_html_(self) -> str | None:
        return show(self, "html") if printer_of(self, "html") is not None else None
