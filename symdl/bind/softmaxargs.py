r"""The names a softmax (or a log-sum-exp) is taken of are vectors: ``\mathrm{softmax}(\mathbf{s}/\sqrt{d})``, code's
``torch.softmax(attn_scores / keys.shape[-1]**0.5, dim=-1)``, ``p = \mathrm{softmax}(z/T)`` (rule ``softmax-argument``).

A softmax turns a vector of scores into probabilities; of one number it is 1, which no formula means (and its
kernel, over an array's axis, could not even evaluate it).  So in the argument of a softmax (or a log-softmax) the
plain Latin names that the formula leaves numbers and that stand in no denominator (the temperature T, the scale
\sqrt{d_k} stay numbers; a Greek name, \beta z, is a scale) are column vectors of scores, noted."""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from symdl.bind.names import identity
from symdl.bind.shapes import declared_shape
from symdl.read.power import Power
from symdl.read.syntax import placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder

Kinds = dict[tuple[object, ...], str]

#: the functions whose argument is a vector of scores, and what each does with one (for the note)
SOFTMAXES = {"softmax": "turns a vector into probabilities, and of a number it would be 1",
             "log_softmax": "turns a vector into log-probabilities, and of a number it would be 0",
             "logsumexp": "is a smooth maximum of a vector's entries (Megatron's router z-loss "
                          "\\mathrm{logsumexp}(logits)^2), and of a number it would be the number itself"}


def seed_softmax_arguments(b: Binder, kinds: Kinds) -> bool:
    """Make the score names of each softmax's one argument that the other rules left numbers vectors (see the
    module), noted; True when one was.  A last resort: a name the formula sets equal to a matrix (attention's
    \\mathrm{scores} = QK^\\top/\\sqrt{d_k}) is that matrix first."""
    changed = False
    for p in list(b.ph.values()):
        callee = p.data.get("callee") if p.kind == "call" else None
        known = p.data.get("known") or (callee.base.lower() if callee is not None and callee.word else None)
        if p.kind != "call" or known not in SOFTMAXES or len(p.data.get("args", ())) != 1:
            continue
        names = _scores(b, p.data["args"][0].expr)
        if not names or any(kinds.get(identity(b.atoms[k])) not in (None, "scalar") for k in names):
            continue  # softmax(Wx): the matrix product decides; a name already an array decides too
        for k in names:
            a = b.atoms[k]
            if identity(a) not in kinds and declared_shape(a, b.declared) is None:
                kinds[identity(a)] = "vector"
                b._note("softmax-argument", b.ph[k].span, name=a.spelling, call=b.source[p.span.start : p.span.end],
                        does=SOFTMAXES[known])
                changed = True
    return changed


def _scores(b: Binder, e: sympy.Basic) -> list[int]:
    """The one plain Latin name of ``e``, scaled by numbers, Greek names and denominators (``z/T``: z; ``\\beta
    z``: z), at each place it stands; [] when a term holds anything else (``W x``: the matrix rules decide) or two
    names stand (``z - m``: m may be the maximum, a number)."""
    out: list[int] = []
    for t in sympy.Add.make_args(e):
        names = []
        for f in sympy.Mul.make_args(t):
            if f.is_number or isinstance(f, (sympy.Pow, Power)):
                continue  # a number, a denominator (1/T, d^{-1/2}) or a power: a scale
            k = placeholder_id(f)
            a = b.atoms.get(k) if k is not None else None
            if a is None:
                return []
            if not a.greek or f == e:  # Stan's \text{softmax}(\beta): a lone Greek name is the scores too
                names.append(k)
        if len(names) != 1:
            return []
        a = b.atoms[names[0]]
        if a.transpose or a.bold or not a.base[:1].islower() or b.roles[names[0]].kind == "family":
            return []
        out.append(names[0])
    return out if len({identity(b.atoms[k]) for k in out}) == 1 else []  # z - m: m may be the max, a number
