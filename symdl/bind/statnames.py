"""A statistic word called on one plain name: ``y = (x - \\mathrm{mean}(x)) / \\mathrm{std}(x)``.

Standardisation written with words (a blog's ``y = x - mean(x)``, BatchNorm's ``\\hat{x} = \\frac{x -
\\mathrm{mean}(x)}{\\sqrt{\\mathrm{var}(x) + \\epsilon}}``) calls mean, std or var (numpy's and PyTorch's reductions)
on one plain lower-case name: the mean of one number is the number itself and its spread zero, so the name is an
array and the call the statistic of its entries (:func:`symdl.bind.calls.array_reduction`, noted ``array-mean``
saying the name was made a vector).  A Greek or one-letter callee (a GP's mean function ``\\mu(x)``, ``m(x)``), a
name declared a number (``x \\in \\mathbb{R}``), an entry (``mean(x_i)``), a family member, a word, a capitalised
callee (cs231n's ``\\text{Var}(s)``, a random variable's variance) stay as read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from symdl.bind.shapes import declared_shape
from symdl.read.syntax import AtomSpec, placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder

#: words that name the reductions of an array's entries (numpy's np.mean, np.std, np.var; PyTorch's torch.mean)
ARRAY_REDUCTIONS = {"mean": "mean", "std": "std", "var": "variance"}


def reduced_name(b: Binder, p: Any) -> AtomSpec | None:
    """The plain lower-case name ``x`` that ``p`` (``\\mathrm{mean}(x)``, ``std(x)``, ``\\operatorname{var}(x)``) is a
    statistic of, made a vector by it; None for any other call."""
    callee = p.data.get("callee")
    args = p.data.get("args", ())
    if (p.kind != "call" or p.data.get("known") is not None or not isinstance(callee, AtomSpec) or not callee.word
            or callee.sub is not None or callee.primes or callee.base not in ARRAY_REDUCTIONS  # Var(X): a variable's
            or len(args) != 1):
        return None
    k = placeholder_id(args[0].expr)
    a = b.atoms.get(k) if k is not None else None
    if a is None or b.roles[k].kind != "scalar" or not _plain(a):
        return None
    return a if declared_shape(a, b.declared) is None else None


def _plain(a: AtomSpec) -> bool:
    """Is ``a`` one plain lower-case letter (no index, layer, sample, prime, transpose, accent, bold)?"""
    return (not a.greek and not a.word and not a.bold and not a.decorations and a.sub is None and a.layer is None
            and a.sample is None and not a.primes and not a.transpose and a.d_of is None and not a.cal
            and len(a.base) == 1 and a.base.islower())
