r"""A name with a power written directly before one name in parentheses: a function named with its power, refused.

Bishop's predictive variance ``\sigma_N^2(\mathbf{x})`` (PRML eq. 3.59) and ``s^2(x)`` (eq. 1.71) name a function
of the point x; read as a product, σ_N² would multiply x, and the parentheses around one name would be idle.
symdl does not read a function named with a power yet (the power on the name, not on the value), so it refuses
such a call where it is written, as :mod:`symdl.read.statements` does where it is defined.  ``\sigma^{-1}(x)`` (an
inverse, :mod:`symdl.read.composition`) and powers of a bracket (``a^2 (b + c)``) are left to the other rules; a
name the formula also applies to the same argument without the power (a score SDE's ``g^2(t)`` beside ``g(t)``) is the
power of its value (:func:`applied_unpowered`, noted ``operator-power``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from symdl.errors import NotSupported, Span
from symdl.read.syntax import AtomSpec, Group, Node, plain_text, strip_space

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader


def refuse_power_call(reader: ExprReader, spec: object, exponent: list[Node] | None, nodes: list[Node], i: int,
                      k: int) -> None:
    """Refuse ``\\sigma_N^2(\\mathbf{x})``: a name raised to a whole number written directly before one name in
    parentheses (module docstring)."""
    from symdl.read.callorproduct import bare_atom  # callorproduct reads calls, which this module's caller reads

    group = nodes[k] if k < len(nodes) else None
    power = plain_text(exponent).strip("{} ") if exponent is not None else ""
    if (not power.isdigit() or not isinstance(spec, AtomSpec) or spec.bold or spec.word or spec.transpose
            or spec.base in reader.value_names or not (isinstance(group, Group) and group.kind == "paren")):
        return
    from symdl.read.constructs import step_value_at

    if step_value_at(reader, spec, nodes, k) is not None:
        return  # Haykin's e_j^2(n), \\sigma^2(n): the square of the value at step n (symdl.read.constructs)
    arg = bare_atom(strip_space(group.children), reader.source)
    if arg is None or arg.base == spec.base or applied_unpowered(reader, spec, group):
        return
    span = Span(nodes[i].span.start, group.span.end)
    name = reader.source[nodes[i].span.start : group.span.start].strip()
    raise reader.error(
        NotSupported, f"a function named with a power, applied to one name ({reader.source[span.start : span.end]}, "
        "as Bishop's predictive variance \\sigma_N^2(\\mathbf{x})); as a product the parentheses would be idle", span,
        f"name the function without the power (s(x) for {name}(x)), or write its square after the call: "
        f"{spec.base_latex}(x)^{power}; for the product write {name} \\cdot x")


def applied_unpowered(reader: ExprReader, spec: object, group: Node) -> bool:
    """Does the formula also apply the name to the same argument without the power (a score SDE's ``g^2(t)``
    beside ``g(t)\\,\\mathrm{d}\\mathbf{w}``)?  Then the power is on the value, as TeX's ``\\sin^2 x`` is.  Not a
    Greek letter (σ²(x) beside σ(x): a sigmoid squared or a variance, refused) nor a value at a step."""
    import re

    if not isinstance(spec, AtomSpec) or not isinstance(group, Group) or not spec.spelling or spec.greek:
        return False  # \sigma^2(x) beside \sigma(x): the sigmoid squared, or a variance? refused
    from symdl.read.constructs import step_value_at  # constructs reads names with this module

    if step_value_at(reader, spec, [group], 0) is not None:
        return False  # Haykin's e_j^2(n) beside e_j(n): the square of the value at step n (symdl.read.constructs)
    inner = re.escape(reader.source[group.span.start + 1 : group.span.end - 1].strip())
    name = re.escape(spec.spelling)
    return re.search(rf"(?<![A-Za-z\\]){name}\s*(?:\\left)?\(\s*{inner}\s*(?:\\right)?\)", reader.source) is not None
