"""The exponential of a change of a capital: S4 and Mamba's discretisation ``\\bar{A} = \\exp(\\Delta A)`` (Gu & Dao).

``\\Delta A`` reads as one name, the change of ``A`` (as Nielsen's ``\\Delta w``); S4 and Mamba mean the step size
``\\Delta`` times the state matrix ``A``, and their ``\\exp(\\Delta A)`` is the matrix exponential, which symdl does not
read.  Either reading, an entry-wise exponential of one name would be silently wrong for the matrix, so the
exponential (``\\exp``, ``e^{...}``) of a Δ before a capital is refused by name, with the product of numbers as the
spelling that reads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from symdl.bind.sums import inner_exprs
from symdl.errors import NotSupported
from symdl.read.syntax import placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder


def _change_of_capital(b: Binder, e: sympy.Basic) -> int | None:
    """The placeholder of ``\\Delta A`` (a Δ before a plain capital), if ``e`` is one."""
    k = placeholder_id(e)
    a = b.atoms.get(k) if k is not None else None
    if a is None or a.d_of is None or not a.base.startswith("Delta"):
        return None
    return k if len(a.d_of) == 1 and a.d_of.isupper() else None


def _exponents(b: Binder) -> list[sympy.Basic]:
    """The arguments of every exponential: ``e^{...}`` and calls of the known ``\\exp``."""
    args = [f.args[0] if isinstance(f, sympy.exp) else f.exp for e in b.exprs for f in sympy.preorder_traversal(e)
            if isinstance(f, sympy.exp) or (isinstance(f, sympy.Pow) and f.base == sympy.E)]  # e^{...} kept a power
    for p in b.ph.values():
        if p.kind == "call" and p.data.get("known") == "exp":
            args += inner_exprs(p)
    return args


def _step_times_capital(b: Binder, arg: sympy.Basic) -> int | None:
    """The placeholder of the capital in ``\\Delta A`` read as a product (rule delta-product: a lone Δ elsewhere)."""
    atoms = [(k, b.atoms.get(k)) for t in sympy.Mul.make_args(arg) if (k := placeholder_id(t)) is not None]
    if not any(a is not None and ((a.base == "Delta" and a.d_of is None) or a.d_of == "t") for _, a in atoms):
        return None  # \Delta A with a lone step, or a linear system's e^{A \Delta t} (the time step Δt)
    return next((k for k, a in atoms if a is not None and len(a.base) == 1 and a.base.isupper()), None)


def refuse_exp_of_change(b: Binder) -> None:
    """Refuse ``\\exp(\\Delta A)`` (see the module), one name or the step times the capital."""
    for arg in _exponents(b):
        while (g := b.ph.get(placeholder_id(arg))) is not None and g.kind == "group":  # e^{\Delta \mathbf{A}}
            arg = g.data["inner"].expr
        k = next((k for t in sympy.Mul.make_args(arg) if (k := _change_of_capital(b, t)) is not None), None)
        if k is None and (cap := _step_times_capital(b, arg)) is not None:
            raise NotSupported(
                f"\\exp(\\Delta {b.atoms[cap].spelling}): the exponential of the step \\Delta times a capital (S4 and "
                "Mamba's discretisation \\bar{A} = \\exp(\\Delta A)) is the matrix exponential of the state matrix, "
                "which symdl does not read", source=b.source, span=b.ph[cap].span,
                hint="for numbers, write the product with \\cdot: \\exp(\\Delta \\cdot a), a lower-case name")
        if k is None:
            continue
        a = b.atoms[k]
        raise NotSupported(
            f"\\exp({a.spelling}): the exponential of a Δ before a capital is not read: as one name (a change of "
            f"{a.d_of}) it would be an entry-wise exponential, and as the step \\Delta times the state matrix "
            f"{a.d_of} (S4 and Mamba's discretisation \\bar{{A}} = \\exp(\\Delta A)) it is the matrix "
            "exponential, which symdl does not read",
            source=b.source, span=b.ph[k].span,
            hint=f"for numbers, write the step with its own name and a product: \\exp(\\delta \\cdot {a.d_of})")
