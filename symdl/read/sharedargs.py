r"""Greek names applied to the argument Latin functions take (rule ``call-shared-argument``).

AdaGrad as Duchi et al. and Ruder write it per coordinate, ``w_{t+1}(i) \leftarrow w_t(i) - \eta
\frac{g_t(i)}{\sqrt{\nu_t(i)}}``: ``w_t(i)`` and ``g_t(i)`` are calls (a Latin letter before one bare name), and
``\nu_t(i)``, a subscripted Greek name before the same argument and never written alone, is read the same way, a
call, not the number ν_t times i.  A Greek name without a subscript (``\eta(i)``), one written alone elsewhere
(``\gamma_t \gamma_t(i)``), or one before an argument no Latin function takes stays a product.

A z-score written with calls, ``z = \frac{x - \mu(x)}{\sigma(x)}`` (instance norm, AdaIN): ``\mu(x)``, a plain
lower-case Greek name never written alone, before the very argument a Greek function of the formula (σ, φ, ψ) is
applied to, is a call too (rule ``call-beside-function``), not the number μ times x.  ``\mu(1 - \mu)`` (μ written
alone) and ``\sigma(z)(1 - \sigma(z))`` (no other Greek name) stay as they were.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from symdl.read.functionuse import _walk
from symdl.read.syntax import AtomSpec, Node, plain_text

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader


def latin_call_arguments(nodes: list[Node], source: str) -> set[str]:
    """The arguments (as written, one bare name) that plain lower-case Latin names are applied to in the formula
    and that such a name, never written alone, takes (``i`` in ``w_t(i)``, ``g_t(i)``)."""
    calls: dict[str, set[str]] = {}
    alone: set[str] = set()
    _walk(nodes, source, calls, alone)
    return {arg for key, args in calls.items() if key[:1].isalpha() and key[:1].islower() and key not in alone
            for arg in args if arg.strip().isalpha() and len(arg.strip()) == 1}


#: Greek letters that are functions before a parenthesis (:data:`symdl.read.callorproduct.FUNCTION_LETTERS`)
GREEK_FUNCTIONS = frozenset({"\\sigma", "\\phi", "\\varphi", "\\psi", "\\zeta"})


def greek_call_arguments(nodes: list[Node], source: str) -> set[str]:
    """The arguments (spaces dropped; one name or one call) the plain Greek functions of the formula are applied to
    (``x`` in ``\\sigma(x)``)."""
    calls: dict[str, set[str]] = {}
    _walk(nodes, source, calls, set())
    return {_key(arg) for name, args in calls.items() if name in GREEK_FUNCTIONS for arg in args}


def _key(text: str) -> str:
    return "".join(text.split())


def beside_function(reader: ExprReader, spec: AtomSpec, inner: list[Node]) -> bool:
    """Is ``spec`` a plain lower-case Greek name, never written alone, applied to the argument a Greek function of
    the formula takes (``\\mu(x)`` beside ``\\sigma(x)``; module docstring)?"""
    if not (spec.greek and spec.base[:1].islower() and spec.sub is None and not spec.bold and not spec.decorations
            and not spec.transpose and not spec.primes and spec.layer is None and spec.sample is None):
        return False
    name = spec.spelling or spec.base_latex
    if name in GREEK_FUNCTIONS or name in reader.written_alone:
        return False
    return _key(plain_text(inner)) in reader.greek_call_args


def shared_argument(reader: ExprReader, spec: AtomSpec, inner: list[Node]) -> bool:
    """Is ``spec`` a subscripted plain Greek name, never written alone, applied to an argument Latin functions of
    the formula take (module docstring)?"""
    if not (spec.greek and spec.sub is not None and not spec.bold and not spec.decorations and not spec.transpose
            and not spec.primes and spec.layer is None and spec.sample is None):
        return False
    if (spec.spelling or spec.base_latex) in reader.written_alone:
        return False
    return plain_text(inner).strip() in reader.latin_call_args
