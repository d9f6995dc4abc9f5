r"""Plain capitals multiplied and read as numbers: a stated guess.

A product of two plain capital letters or more (``H = \frac{1}{\sqrt{d}} S_d H_d``, Transformer Engine's docs; a Greek
capital's ``\Theta \Phi``), of one and a difference of names (DGCNN's ``\Theta \cdot (h_j - h_i)``), or of one written
before a star (Graves's ``f_i = F * \alpha_{i-1}``: in TeX a star is a convolution as often), of one crossed with a
name (``W_{ii} \times x``, as some docs write a gate's weights times the input), none declared, bold, or
next to a vector, is read as a product of numbers: nothing in the formula says they are matrices, but papers write
matrices so as often as counts.  The reading stays (the formula may be scalar) and says so (noted
``capital-numbers``).  Capitals that a sum or product runs up to are counts (GRPO's ``\frac{1}{LG}\sum_{i=1}^G``)
and do not count towards the two.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import sympy

from symdl.bind.names import braces_optional
from symdl.errors import Span

if TYPE_CHECKING:
    from symdl.bind.binder import Binder

#: a plain capital, Latin or Greek, maybe subscripted: S_d, H, \Theta, W_{hh} (no font, no accent)
_CAPITAL = re.compile(r"^(?:[A-Z]|\\(?:Theta|Phi|Psi|Omega|Lambda|Sigma|Gamma|Xi|Pi))(?:_\{?[^{}]*\}?)?"
                      r"(?:\^\{\([^()]*\)\})?$")  # LISTA's Z(k), read as Z^{(k)}: at a step


def note_capital_numbers(b: Binder, statements: list[Any]) -> None:
    """Note each scalar product of two plain capitals or more on a statement's right side (module docstring)."""
    counts = {str(lim[2]) for st in statements for s in _sums(getattr(st, "rhs", None)) for lim in s.limits}
    for st in statements:
        rhs = getattr(st, "rhs", None)
        if rhs is None or isinstance(rhs, sympy.MatrixExpr):
            continue
        for mul in rhs.atoms(sympy.Mul):
            caps = [a for a in mul.args if isinstance(a, sympy.Symbol) and str(a) not in counts
                    and _CAPITAL.match(_spelled(b, a).replace(" ", ""))]
            if not caps:
                continue
            differences = [a for a in mul.args if _difference(a)]  # DGCNN's \Theta \cdot (h_j - h_i)
            greek = [a for a in caps if _spelled(b, a).startswith("\\")]  # \Phi \cdot h_i
            starred = [a for a in caps if _starred(b, st, a)]  # Graves's f_i = F * \alpha_{i-1}: a filter bank?
            named = any(isinstance(a, (sympy.Symbol, sympy.Indexed)) and a not in caps for a in mul.args)
            crossed = [a for a in caps if _crossed(b, st, a)]  # the MXNet docs' W_{ii} \times x: a matrix's product?
            noted = len(caps) >= 2 or (caps and differences) or (greek and named) or (crossed and named)
            span = _written(b, st, caps) if noted or starred else None
            if span is None:
                continue
            names = ", ".join(_spelled(b, a) for a in caps)
            if starred and not noted:  # the star's own rule (symdl.bind.readings): a product, or a convolution
                right = _operand(b.source[span.end : st.span.end].lstrip(" *"))
                b._note("star-product", span, left=names, right=right)
            else:
                b._note("capital-numbers", span, names=names)


def _written(b: Binder, st: Any, caps: list[sympy.Symbol]) -> Span | None:
    """From the first capital to the last as the statement writes them, or None when one is not found."""
    text = b.source[st.span.start : st.span.end]
    at = st.span.start + text.find("=") + 1 if "=" in text else st.span.start  # on the right side
    text = b.source[at : st.span.end]
    found = []
    for a in caps:
        spelled = _spelled(b, a).split("^")[0]  # Z^{(k)}, written Z(k): its letter
        after = "" if re.search(r"_\{?[A-Za-z0-9]\}?$", spelled) else r"(?![A-Za-z])"  # LeCun's W_nX_{n-1}
        m = re.search(r"(?:(?<![A-Za-z\\])|(?<=_[A-Za-z0-9]))" + braces_optional(spelled) + after, text)
        if m is None:
            return None
        found.append((at + m.start(), at + m.end()))
    return Span(min(s for s, _ in found), max(e for _, e in found))  # (letters side by side, BP, AB, match nothing:
    # the letters' own rules read and note them)


def _spelled(b: Binder, a: sympy.Symbol) -> str:
    """The capital ``a`` as the formula spells it (its LaTeX name, else its own)."""
    return str(b.latex_names.get(a, a.name))


def _operand(text: str) -> str:
    """The operand ``text`` starts with: up to a space, sign, comma or relation outside braces."""
    depth = 0
    for k, c in enumerate(text):
        depth += (c == "{") - (c == "}")
        if depth == 0 and c in " +-=,":
            return text[:k]
    return text


def _starred(b: Binder, st: Any, a: sympy.Symbol) -> bool:
    """Is the capital ``a`` written before a ``*`` in a formula that is no code (in TeX a star is as often a
    convolution, Graves's ``F * \\alpha_{i-1}``, as a product)?"""
    spelled = re.escape(_spelled(b, a))
    text = b.source[st.span.start : st.span.end]
    return "\\" in b.source and re.search(r"(?<![A-Za-z\\])" + spelled + r"\s*\*(?!\*)", text) is not None


def _crossed(b: Binder, st: Any, a: sympy.Symbol) -> bool:
    """Is the capital ``a`` written right before ``\\times`` (``W_{ii} \\times x``)?"""
    spelled = braces_optional(_spelled(b, a).split("^")[0])
    text = b.source[st.span.start : st.span.end]
    return re.search(r"(?<![A-Za-z\\])" + spelled + r"\s*\\times(?![A-Za-z])", text) is not None


def _difference(e: sympy.Basic) -> bool:
    """A sum or difference of two names or entries or more, no number among them (``h_j - h_i``)."""
    names = (sympy.Symbol, sympy.Indexed)
    return isinstance(e, sympy.Add) and len(e.args) >= 2 and all(
        isinstance(t, names) or (isinstance(t, sympy.Mul) and len(t.args) == 2 and t.args[0] == -1
                                 and isinstance(t.args[1], names)) for t in e.args)


def _sums(e: sympy.Basic | None) -> list[sympy.Basic]:
    return [] if e is None else list(e.atoms(sympy.Sum, sympy.Product))
