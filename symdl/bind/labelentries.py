"""Entries of a labelled vector written with the label first (the GPyTorch docs' periodic kernel
``k(\\mathbf{x_1}, \\mathbf{x_2}) = \\theta_s \\exp(-2 \\sum_i \\sin^2(\\frac{\\pi}{p}(x_{1,i} - x_{2,i}))
/ \\lambda)``, Rasmussen & Williams' ``x_{p,d}`` beside ``\\mathbf{x}_p``): a plain ``x_{1,i}`` where the formula
writes the bold vector ``\\mathbf{x}_1`` is entry i of that vector (its array), noted ``labelled-vector-entry``;
read as entry (1, i) of a family x of its own, the kernel did not depend on its arguments at all.  Only a label the
formula writes as a bold vector's subscript counts; ``x_{1,i}`` with no ``\\mathbf{x}_1`` stays an entry of a family
x.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from symdl.bind.names import NameRole, base_name
from symdl.read.syntax import AtomSpec

_PAIR = re.compile(r"\s*([A-Za-z0-9])\s*,\s*([a-z])\s*")


def _plain(a: AtomSpec) -> bool:
    return not (a.sample or a.layer or a.decorations or a.primes or a.word or a.cal or a.transpose)


def labelled_vector_entry(a: AtomSpec, atoms: Iterable[AtomSpec]) -> tuple[NameRole, AtomSpec] | None:
    """The role of ``a`` (``x_{1,i}``) as entry i of the bold vector ``\\mathbf{x}_1`` written elsewhere, and that
    vector's atom; None for anything else."""
    m = _PAIR.fullmatch(a.sub.text) if a.sub is not None and not a.bold and _plain(a) else None
    if m is None:
        return None
    label, index = m.groups()
    for v in atoms:
        if v.bold and v.base == a.base and v.sub is not None and v.sub.text.strip("{} ") == label and _plain(v):
            name = f"{base_name(v)}_{label}"
            return NameRole("family", name, v.spelling, ((index, 0),)), v
    return None
