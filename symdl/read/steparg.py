r"""Iteration arguments: Haykin's ``w_{ji}(n)``, ``\Delta w_{ji}(n-1)``, Hagan et al.'s ``\mathbf{W}^m(k+1)``.

Signal-processing texts write the value of a quantity at iteration n as an argument in parentheses:
``\Delta w_{ji}(n) = \alpha \Delta w_{ji}(n-1) + \eta \delta_j(n) y_i(n)`` is the momentum update of Haykin's
back-propagation, every name at step n; Hagan et al. write ``\mathbf{W}^m(k+1) = \mathbf{W}^m(k) - \alpha \dots``.
Read as calls, each ``w_{ji}(n)`` is one unknown function that does not vary with the sum's index, and
``\Delta w_{ji}(n-1)`` a product with ``n - 1``: silently wrong.

The letter n or k in such a parenthesis (alone, or plus or minus a number) counts iterations when the formula writes
it so at an offset (``(n-1)``, ``(k+1)``) or after three names or more (``v_j(n)``, ``w_{ji}(n)``, ``y_i(n)``), and no
sum runs over it: each name before it is read at that step, as ``w_{ji}^{(n)}`` (noted ``step-argument``).  The letter
t counts only when the formula shifts it (LeCun et al.'s ``\Delta w(t) = \dots + \alpha \Delta w(t-1)``, Hochreiter &
Schmidhuber's ``s_{c_j}(t-1)``) and nothing in it differentiates or integrates by t: otherwise it stays a function's
variable (a flow's ``\mathbf{h}(t)``, a schedule's ``\beta(t)``: derivatives by t need it).
"""

from __future__ import annotations

import re

from symdl.read.syntax import Group, plain_text

#: letters that count iterations in a parenthesis after a name (t only when shifted, see the module docstring)
STEP_ARGUMENT_LETTERS = ("n", "k", "t", "m")
#: a name's last character, then a parenthesis holding one step letter, maybe shifted: w_{ji}(n), W^m(k+1), x(n-1)
_AFTER_NAME = re.compile(r"(?:[A-Za-z}])\s*(?:\\left\s*)?\(\s*([nktm])\s*(?:([+-])\s*(\d+)\s*)?(?:\\right\s*)?\)")
#: differentiation or integration by t: a flow's dh/dt, \partial_t, \dot{x}, \int ... dt
_BY_TIME = re.compile(r"\\partial\s*_?\{?\s*t(?![A-Za-z])|(?<![A-Za-z\\])d\s*t(?![A-Za-z])|\\mathrm\{d\}\s*t"
                      r"|\\dot|\\int")
#: a sum, product, max or min over the letter: then it is an index, never a step
_BOUND = r"\\(?:sum|prod|max|min)\w*\s*_\{{?\s*{}(?![A-Za-z])"


def step_argument_letters(source: str) -> frozenset[str]:
    """The letters of :data:`STEP_ARGUMENT_LETTERS` that count iterations in ``source``."""
    out = set()
    for letter in STEP_ARGUMENT_LETTERS:
        found = [m for m in _AFTER_NAME.finditer(source) if m.group(1) == letter and not _self_product(source, m)]
        shifted = any(m.group(2) for m in found)
        if letter == "t" and (not shifted or _BY_TIME.search(source)):
            continue
        if letter == "m" and not shifted:  # m counts examples as often: Duda et al.'s \mathbf{w}(m+1) only
            continue
        if (shifted or len(found) >= 3) and re.search(_BOUND.format(letter), source) is None:
            out.add(letter)
    return frozenset(out)


def _self_product(source: str, m: re.Match[str]) -> bool:
    """Is the name before the parenthesis the step letter itself, alone (MMD's ``\\frac{1}{m(m-1)}``): a product?"""
    before = source[m.start() - 1] if m.start() else " "
    return source[m.start()] == m.group(1) and not (before.isalpha() or before == "\\")


def step_argument(group: Group, letters: frozenset[str]) -> str | None:
    """The step (``n``, ``n-1``, ``k+1``) a parenthesis holds when its letter counts iterations, else None."""
    text = "".join(plain_text(group.children).split())
    m = re.fullmatch(r"([nktm])(?:([+-])(\d+))?", text)
    if m is None or m.group(1) not in letters:
        return None
    return m.group(1) + (f"{m.group(2)}{m.group(3)}" if m.group(2) else "")


#: a bold step letter, maybe shifted by a bold or plain number: TabNet's [\mathbf{i}], [\mathbf{i}-\mathbf{1}] (not
#: an entropy's H[\mathbf{z}])
_BOLD_STEP = re.compile(r"\\(?:mathbf|boldsymbol|bm)\{([ijknt])\}"
                        r"(?:([+-])(?:\\(?:mathbf|boldsymbol|bm)\{(\d+)\}|(\d+)))?")


def bracket_step(group: Group) -> str | None:
    """The step a square bracket after a name holds when it is a bold letter, maybe shifted (Arik & Pfister's TabNet
    writes the decision step as ``\\mathbf{M}[\\mathbf{i}] = \\text{sparsemax}(\\mathbf{P}[\\mathbf{i}-\\mathbf{1}]
    \\cdot \\dots)``): ``i``, ``i-1``; else None (a plain ``x[i]`` is code's index, read by its own rules)."""
    if group.kind != "bracket":
        return None
    m = _BOLD_STEP.fullmatch("".join(plain_text(group.children).split()))
    if m is None:
        return None
    shift = m.group(3) or m.group(4)
    return m.group(1) + (f"{m.group(2)}{shift}" if shift else "")


#: a name, then a square bracket holding a time letter shifted by a number: snnTorch's U[t+1], a filter's x[n-1]
_SHIFTED_BRACKET = re.compile(r"[A-Za-z}]\s*\[\s*([tnk])\s*[+-]\s*\d+\s*\]")


def time_bracket(group: Group, source: str) -> str | None:
    """The time step a square bracket after a name holds in a formula that writes discrete time so (snnTorch's
    ``U[t+1] = \\beta U[t] + W X[t+1] - R[t]``, a signal's ``x[n]``): ``t``, ``t+1``; the formula must shift that
    letter inside such a bracket somewhere (a lone ``x[i]`` stays an index); else None."""
    if group.kind != "bracket":
        return None
    m = re.fullmatch(r"([tnk])(?:([+-])(\d+))?", "".join(plain_text(group.children).split()))
    if m is None or m.group(1) not in _SHIFTED_BRACKET.findall(source):
        return None
    return m.group(0)
