"""The arithmetic of an expression as the grammar's typed tokens (:class:`Emitter`)."""

from __future__ import annotations

from collections.abc import Callable

import sympy
from lark import Token as LarkToken

from symdl.errors import Span
from symdl.read.syntax import placeholder_text

#: operator characters emitted as they are, with their terminals in ``arith.lark``
OPS = {"+": "PLUS", "-": "MINUS", "/": "SLASH", "!": "BANG"}


class Emitter:
    """The arithmetic of one expression as typed tokens: each a lark ``Token`` of a terminal of ``arith.lark``
    (``PH``, ``NUMBER``, ``PLUS`` ...) whose position is the source span it came from."""

    def __init__(self) -> None:
        self.tokens: list[LarkToken] = []

    def add(self, terminal: str, text: str, span: Span) -> None:
        """One token of the grammar's ``terminal``, read from ``span`` of the source."""
        self.tokens.append(LarkToken(terminal, text, start_pos=span.start, end_pos=span.end, line=1,
                                     column=span.start + 1, end_line=1, end_column=span.end + 1))

    def placeholder(self, k: int, span: Span) -> None:
        """The placeholder ``Q_{k}`` standing for ``span``."""
        self.add("PH", placeholder_text(k), span)

    def open_paren(self, span: Span) -> None:
        """``(``"""
        self.add("LPAR", "(", span)

    def close_paren(self, span: Span) -> None:
        """``)``"""
        self.add("RPAR", ")", span)

    def braced(self, span: Span, body: Callable[[], None], close: Span | None = None) -> None:
        """``{`` what ``body`` emits ``}``."""
        self.add("LBRACE", "{", span)
        body()
        self.add("RBRACE", "}", close or span)

    def power(self, span: Span, body: Callable[[], None], close: Span | None = None) -> None:
        """``^{`` what ``body`` emits ``}``."""
        self.add("CIRCUMFLEX", "^", span)
        self.braced(span, body, close)

    def rational(self, value: sympy.Rational, span: Span) -> None:
        """A number read whole from ``span`` (a power's ``^{-\\frac{1}{2}}``): ``(-p/q)``."""
        self.open_paren(span)
        if value < 0:
            self.add("MINUS", "-", span)
        self.add("NUMBER", str(abs(value.p)), span)
        if value.q != 1:
            self.add("SLASH", "/", span)
            self.add("NUMBER", str(value.q), span)
        self.close_paren(span)

    def number(self, text: str, span: Span) -> None:
        """A number; code-style scientific notation ``1e-8`` as ``(1 \\cdot 10^{-8})``."""
        mantissa, _, exponent = text.lower().partition("e")
        if not exponent:
            self.add("NUMBER", text, span)
            return
        self.open_paren(span)
        self.add("NUMBER", mantissa, span)
        self.add("CDOT", "\\cdot", span)
        self.add("NUMBER", "10", span)

        def digits() -> None:
            if exponent[0] in "+-":
                self.add(OPS[exponent[0]], exponent[0], span)
            self.add("NUMBER", exponent.lstrip("+-"), span)

        self.power(span, digits)
        self.close_paren(span)

    def size(self) -> int:
        """Characters of arithmetic emitted (the ``parse_chars`` budget counts them)."""
        return sum(len(t) for t in self.tokens)

    def text(self) -> str:
        """The tokens written out, for display."""
        return " ".join(str(t) for t in self.tokens)
