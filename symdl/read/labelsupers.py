"""Superscripts that label a function, not raise it: a value function's policy (``Q^\\pi(s, a)``, ``V^\\pi(s)``,
``A^{\\pi}(s,a)``) and a function's letter on another name (GAE's TD residual ``\\delta_t^V`` of the value function
``V``, Schulman et al. 2016).

A power by a Greek letter of a function's value (``Q(s, a)^\\pi``, pi being 3.14...) is never what a DL text means
by ``Q^\\pi(s, a)``; a capital letter that the formula applies as a function (``V(s_t)``) names that function
where it sits up on another name.  A capital letter (not T) on a lower-case Greek name that is no rate (GAE's eq. 16
``\\delta_{t+l}^V``, where V is never applied; ``\\mu^B``) labels it too: a power by a capital is rare there, while a
rate's ``\\gamma^N`` stays a power.  A sign on such a name labels it (Mnih et al. 2015's target network
``\\theta_i^-``, a copy of the parameters): a Greek parameter has no positive or negative part a DL text writes so
(a Latin ``x^+`` alone stays refused: it may be either).  On a Latin name, a sign labels a sample when the name is
bold or the formula writes the letter with the other sign too (a triplet loss's ``\\mathbf{x}^+``, ``\\mathbf{x}^-``;
SimCLR's and InfoNCE's positive and negative samples): a contrastive loss's samples, not positive and negative parts.
Each reading is noted (``superscript-policy``, ``superscript-function-label``, ``superscript-capital-label``,
``superscript-sign-label``, ``superscript-sample-label``).
"""

from __future__ import annotations

import re

from symdl import activations
from symdl.functions import KNOWN_FUNCTIONS
from symdl.read.commands import GREEK
from symdl.read.extents import _skip_space
from symdl.read.superscripts import RATE_GREEK
from symdl.read.syntax import AtomSpec, Group, Node, is_group, plain_text

#: a capital letter written as a function (with a subscript, maybe): V(s), V_\phi(s_t), V\left(s\right)
_CALLED = r"(?<![\\A-Za-z]){}\s*(?:_\s*(?:\{{[^{{}}]*\}}|\\?\w+)\s*)?(?:\(|\\left\s*\()"


#: subscripts that name a network's parameters: f_\\theta(x), q_\\phi(z | x), \\epsilon_\\theta(x_t), D_\\psi(x)
#: (and, up on a name applied to arguments, flow matching's u_t^\\theta(x): superscript-parameter-label)
PARAMETER_SUBSCRIPTS = frozenset({"theta", "vartheta", "phi", "psi", "boldsymbol{\\theta}", "boldsymbol{\\phi}",
                                  "mathbf{\\theta}"})


def parameter_subscript(text: str) -> bool:
    """Is a subscript's text the parameters of a network: θ, φ, ψ (bold too), also with a label of their own
    (TD3's target policy \\mu_{\\theta_{\\text{targ}}}, a target network's \\theta^-)?"""
    text = text.strip().lstrip("\\")
    bold = re.fullmatch(r"(?:mathbf|boldsymbol|bm)\s*\{\s*\\(Theta|Phi)\s*\}|(Theta)", text)  # PyG's h_{\mathbf\Theta}
    listed = [p.strip().lstrip("\\") for p in text.split(",")]  # the option-critic's \beta_{\omega,\vartheta}(s')
    return bold is not None or text in PARAMETER_SUBSCRIPTS or re.split(r"\s*[_^]", text, maxsplit=1)[0] in (
        PARAMETER_SUBSCRIPTS) or (len(listed) > 1 and listed[-1] in PARAMETER_SUBSCRIPTS)


def _call_follows(nodes: list[Node], j: int) -> bool:
    k = _skip_space(nodes, j)
    return k < len(nodes) and is_group(nodes[k], "paren")


def _state_arguments(nodes: list[Node], j: int) -> bool:
    """Does the parenthesis after ``j`` hold names only, a state and an action (``(s)``, ``(s_t, a_t)``)?"""
    k = _skip_space(nodes, j)
    inside = plain_text(nodes[k].children) if k < len(nodes) and isinstance(nodes[k], Group) else ""
    return re.fullmatch(r"\s*[A-Za-z](?:_\{?\w+\}?)?(?:\s*,\s*[A-Za-z](?:_\{?\w+\}?)?)*\s*", inside) is not None


def super_label(spec: AtomSpec, exponent: list[Node], nodes: list[Node], j: int, source: str) -> str | None:
    """The reading rule by which the power ``exponent`` on ``spec`` is a label, or None if it stays a power:
    ``superscript-policy`` for one Greek letter, maybe subscripted, on a capital Latin name applied to arguments
    (``Q^\\pi(s, a)``, the policy-gradient theorem's ``Q^{\\pi_\\theta}(s, a)``),
    ``superscript-function-label`` for a capital letter (not T) that the formula applies as a function,
    ``superscript-capital-label`` for a capital letter (not T) on a lower-case Greek name that is no rate,
    ``superscript-vector-label`` for one letter on a bold capital that names a bold vector of the formula
    (Goldberg's ``\\mathbf{s}_{i-1}\\mathbf{W}^{s} + \\mathbf{x}_i\\mathbf{W}^{x}``: the weights of s and of x),
    ``superscript-parameter-label`` for parameters (\\theta, \\phi, \\psi) on a name applied to arguments, not a
    known function nor an activation's letter (flow matching's ``u_t^\\theta(x)``: a network, as ``u_\\theta``)."""
    text = _unbraced(plain_text(exponent))
    plain_name = not (spec.greek or spec.word or spec.bold or spec.sample or spec.layer)
    greek = re.fullmatch(  # \pi, \pi_\theta, Spinning Up's \pi_{\theta_k}
        r"\\([a-z]+)(?:_\s*(?:\{\s*\\?[A-Za-z0-9]+(?:_\s*\{?\s*\\?[A-Za-z0-9]+\s*\}?)?\s*\}|\\[A-Za-z]+|[A-Za-z0-9]))?",
        text)
    if greek and greek.group(1) in GREEK and plain_name and _call_follows(nodes, j) and (
            spec.base[:1].isupper() or (greek.group(1) == "pi" and _state_arguments(nodes, j))):  # d^\pi(s): the
        return "superscript-policy"  # policy's stationary distribution (Sutton & Barto), labelled by the policy
    if greek and greek.group(1) == "pi" and plain_name and spec.base[:1].isupper():
        return "superscript-policy"  # an actor-critic's V^{\pi}_{\theta}, A = Q^\pi - V^\pi: never a power of 3.14
    if (text.lstrip("\\") in PARAMETER_SUBSCRIPTS and spec.base not in {*KNOWN_FUNCTIONS, *activations.LETTERS, "e"}
            and not spec.word and _call_follows(nodes, j)):
        return "superscript-parameter-label"  # flow matching's u_t^\theta(x): a network with parameters theta
    if re.fullmatch(r"[A-SU-Z]", text) and text != spec.base and re.search(_CALLED.format(text), source):
        return "superscript-function-label"
    if re.fullmatch(r"[A-SU-Z]'*", text) and spec.greek and spec.base[:1].islower() and spec.base not in RATE_GREEK:
        return "superscript-capital-label"  # GAE's eq. 16 \delta_{t+l}^V, where V is never applied
    if text in ("+", "-") and spec.greek and spec.base[:1].islower() and spec.base not in RATE_GREEK:
        return "superscript-sign-label"  # DQN's target network \theta^-: a copy of the parameters, not a part
    if text in ("+", "-") and not (spec.greek or spec.word) and (spec.bold or _both_signs(spec.base, text, source)):
        return "superscript-sample-label"  # a triplet loss's \mathbf{x}^+, \mathbf{x}^-: samples, not parts
    if _plus_label(text) and not spec.word and _call_follows(nodes, j):
        return "superscript-plus-label"  # PPO's L_t^{CLIP+VF+S}(\theta): the combined objective's name
    if _greek_label(spec, text, source):
        return "superscript-greek-label"  # DDPG's \theta^{\mu'} beside \theta^\mu
    if (greek and greek.group(0) == text and greek.group(1) in GREEK and _call_follows(nodes, j)
            and spec.base not in {*KNOWN_FUNCTIONS, *activations.LETTERS} and not spec.word
            and re.search(r"_\s*\{?\s*\\" + greek.group(1) + r"(?![A-Za-z])", source)):
        return "superscript-parameter-greek"  # QR-DQN's quantile Huber \rho^\kappa_\tau(u) beside \mathcal{L}_\kappa
    if (spec.bold and spec.base[:1].isupper() and len(spec.base) == 1 and re.fullmatch(r"[a-z]", text)
            and re.search(r"\\(?:mathbf|boldsymbol|bm)\s*\{?\s*" + text + r"\b", source)):
        return "superscript-vector-label"  # Goldberg's \mathbf{x}_i\mathbf{W}^{x}: the weight of the input x
    if ((call := _WORD_CALL.fullmatch(text)) and call.group(1).lower() not in KNOWN_FUNCTIONS
            and all(_label_argument(a) for a in call.group(2).split(","))):
        return "superscript-word-label"  # GAE's \hat{A}_t^{GAE(\gamma,\lambda)}, TD(\lambda)
    return None


def _unbraced(text: str) -> str:
    """``text`` without the braces around the whole of it (``{\\pi_{\\theta}}`` is ``\\pi_{\\theta}``)."""
    text = text.strip()
    while text.startswith("{") and text.endswith("}") and _balanced(text[1:-1]):
        text = text[1:-1].strip()
    return text


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


#: a word of two letters or more applied to arguments: GAE(\gamma,\lambda), TD(\lambda), TD(0)
_WORD_CALL = re.compile(r"(?:\\(?:text|mathrm|operatorname)\s*\{)?([A-Za-z]{2,})\}?\s*\(([^()]*)\)")


#: an upright wrapper around a superscript's word: \text{CLIP}, \mathrm{VF}
_WRAPPED = re.compile(r"\\(?:text|mathrm|operatorname|textrm|rm)\s*\{([^{}]*)\}")


def _plus_label(text: str) -> bool:
    """Capital words joined by + (PPO's ``CLIP+VF+S``, ``\\text{CLIP}+\\text{VF}``), one of two letters or more: the
    name of an objective made of the terms so named, not a power by a sum of capitals."""
    parts = re.sub(r"\s", "", _WRAPPED.sub(r"\1", text)).split("+")
    return len(parts) > 1 and all(re.fullmatch(r"[A-Z]+", p) for p in parts) and any(len(p) > 1 for p in parts)


def _both_signs(base: str, sign: str, source: str) -> bool:
    """Does the formula also write the Latin letter ``base`` with the other sign up (``x^+`` beside ``x^-``,
    ``z_i^+`` beside ``z_k^-``)?  Then the signs tell samples apart (a contrastive loss's positive and negative)."""
    other = "-" if sign == "+" else "+"
    pattern = (rf"(?<![\\A-Za-z]){re.escape(base)}\}}?\s*(?:_\s*(?:\{{[^{{}}]*\}}|\\?\w+)\s*)?"
               rf"\^\s*\{{?\s*{re.escape(other)}\s*\}}?(?![\w\\])")
    return re.search(pattern, source) is not None


def _label_argument(text: str) -> bool:
    """A label's parameter: a number, one letter or one Greek letter (GAE(\\gamma, 0)); not a vector or an
    expression (``V^{score(\\mathbf{h}_t, \\bar{\\mathbf{h}}_s)}`` is no label)."""
    arg = text.strip()
    greek = re.fullmatch(r"\\([a-zA-Z]+)", arg)
    return bool(re.fullmatch(r"\d+(?:\.\d+)?|[A-Za-z]", arg) or (greek and greek.group(1) in GREEK))


def _greek_label(spec: AtomSpec, text: str, source: str) -> bool:
    """A Greek letter with a prime on a lower-case Greek name that is no rate (DDPG's target actor's
    ``\\theta^{\\mu'}``), or that letter without the prime where the name also carries it primed (``\\theta^\\mu``)."""
    greek = re.fullmatch(r"\\([a-z]+)('*)", text)
    if not (greek and greek.group(1) in GREEK and spec.greek and spec.base[:1].islower()):
        return False
    if spec.base in RATE_GREEK:
        return False
    if greek.group(2):
        return True
    primed = re.escape(spec.base_latex) + r"(?:_\s*(?:\{[^{}]*\}|\\?\w+)\s*)?\^\s*\{\s*\\" + greek.group(1) + r"\s*'"
    return re.search(primed, source) is not None


def apply_label(spec: AtomSpec, exponent: list[Node], rule: str) -> None:
    """Make the superscript part of the name (``Q^\\pi``, ``\\delta^V``) and note ``rule``."""
    text = _unbraced(plain_text(exponent))
    word = _WRAPPED.sub(r"\1", text).replace("\\", "").replace(" ", "")
    spec.base, spec.base_latex = f"{spec.base}^{word}", f"{spec.base_latex}^{{{text}}}"
    spec.readings += (rule,)
