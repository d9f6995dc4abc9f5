"""Call or product: whether a name before a parenthesis is applied to it (``f(x)``, ``p(y | x)``) or multiplies it
(``y(1-y)``), and the reading rule that chose between the two (noted where it guessed).

:func:`called_capitals` finds, before reading, the capital letters the formula applies to a bare name (the GAN's
``D(G(\\boldsymbol{z}))``), which are functions throughout it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from symdl.errors import ResourceLimit, Span
from symdl.read.atoms import read_atom
from symdl.read.bracketcall import divergence_callee, form_bracket_call, shared_bracket_argument
from symdl.read.callforms import optimised_argument, sum_argument, weighted_square
from symdl.read.commands import ACCENTS, BOLD, TRANSPOSE_FONTS
from symdl.read.dirac import refuse_dirac
from symdl.read.evententry import event_call
from symdl.read.extents import _skip_space
from symdl.read.functionalpoint import refuse_functional_at_point
from symdl.read.functionuse import activation_argument, bare_matrix_product, indexed_argument
from symdl.read.labelsupers import PARAMETER_SUBSCRIPTS, parameter_subscript
from symdl.read.lexer import Token
from symdl.read.paramletters import a_function
from symdl.read.pointcalls import pointwise
from symdl.read.productguess import BOUND_SUBSCRIPTS, letter_power_touching, marked_name_touching
from symdl.read.sharedargs import beside_function, shared_argument, shifted_argument
from symdl.read.syntax import AtomSpec, Group, Node, is_group, plain_text, runs_over, seq_span, strip_space, tokens_in

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader

#: bases that, followed by '(', are function applications rather than products
FUNCTION_LETTERS = {
    "pi", "f", "g", "h", "F", "G", "H", "J", "L", "ell", "sigma", "phi", "varphi", "psi", "Q", "V", "R", "K", "zeta",
}

#: letters of FUNCTION_LETTERS that name a known function (σ, the sigmoid) yet, applied to a formula's step letter
#: (symdl.read.steparg), are a value at that step: Haykin's SOM width \sigma(n) = \sigma_0 \exp(-n/\tau_1)
STEP_VALUE_LETTERS = frozenset({"sigma"})

#: letters that, before square brackets, name a function applied to them (Ba et al.'s f[...], a nonlinearity)
BRACKET_CALL_LETTERS = {"f", "g", "H"}  # H: d2l's entropy H[P]


def is_function_like(reader: ExprReader, spec: AtomSpec, nodes: list[Node], k: int) -> bool:
    """Is ``name(...)`` an application (``f(x)``, ``p(x)``, ``J(\\theta)``) rather than a product (``y(1-y)``)?"""
    return call_or_product(reader, spec, nodes, k)[0]


def call_or_product(reader: ExprReader, spec: AtomSpec, nodes: list[Node], k: int) -> tuple[bool, str]:
    """Whether ``name(...)`` is a call, and the reading rule (:data:`symdl.read.notes.NOTE_RULES`) that chose
    between the two readings ('' where nothing was guessed)."""
    group = nodes[k]
    assert isinstance(group, Group)
    inner = strip_space(group.children)
    if "bracket-index" in spec.readings:  # the PyTorch docs' weight[class] (-x[class] + ...): an entry times (...)
        return False, "product-after-index"
    if spec.primes and not spec.word and spec.base + "'" * spec.primes in reader.value_names:
        return False, "product-of-a-value"  # alpha dropout's \alpha' = -\lambda\alpha \\ \alpha'(1 - d): no derivative
    declared = spec.word or spec.primes or spec.cal or spec.base in reader.function_names
    if spec.transpose and not declared:
        return False, ""  # Goodfellow's \boldsymbol{V}^\top(\nabla_{\boldsymbol{o}} L): a transposed matrix
    call, rule = _by_form(reader, spec, inner)
    if not call and not (spec.bold or spec.transpose or spec.word) and (
            point := pointwise(reader.source, spec, inner, group.span.start)):
        call, rule = True, point  # potential outcomes Y(1) - Y(0); CATE(x) = \mu_1(x) - \mu(x)
    if call and not declared and spec.base in reader.value_names:
        return False, "product-of-a-value"  # f = \sigma(z) \\ f(1-f): f is a value
    if call and not declared and spec.base in reader.matrix_letters and not spec.primes and not spec.word:
        return False, "product-of-a-declared"  # --shape g=4: g_i(...) is entry i of the vector g times (...)
    if (call and (not declared or (spec.primes and not spec.word and not spec.cal)) and spec.bold
            and len(spec.base) == 1 and spec.base.isupper() and not spec.greek and not _listed(nodes, k)):
        # SENet's \mathbf{F}_{ex}(\mathbf{z}, \mathbf{W}): a call, no tuple product; Performer's \mathbf{Q}'(...): a
        # primed bold capital is a matrix of its own (the features), never a derivative
        return False, "product-of-a-bold-matrix"  # Goodfellow's (x - x_0)^T \\mathbf{H} (x - x_0): H a matrix
    if (call and not declared and spec.base[:1].isupper() and _after_transpose(reader.source, group.span.start)
            and not _listed(nodes, k)):  # (x - y)^T K(x, y): a kernel's arguments stay a call
        return False, "product-after-transpose"  # Goodfellow's (w - w^*)^\top H (w - w^*): H a matrix
    if (call and not declared and (spec.layer is not None or (spec.bold and spec.sample is not None))
            and not spec.word and spec.base[:1].islower()
            and _TRANSPOSED_AFTER.match(reader.source, group.span.end)):  # Ng: dz^{[l]} (a^{[l-1]})^T
        return False, "product-before-transpose"  # a layer's array times a transposed one: an outer product
    if call and not declared and spec.base in reader.transposed_names and not spec.bold:
        return False, "product-of-a-vector"  # g^T g (H + H^T) g: g is a vector, not the function g
    if call and not declared and (_uses_itself(spec, inner) or _bold_uses_itself(reader.source, spec, inner)):
        return False, "product-of-itself"  # h(1-h), \sigma(1-\sigma)
    if call and spec.word and not spec.primes and _word_in_argument(reader.source, spec, group):
        return False, "product-of-itself"  # Mazur's out_{o1}(1 - out_{o1}): the word's value times (...)
    if call and not declared and _uses_its_entry(spec, inner):
        return False, "product-of-an-entry"  # the softmax Jacobian's \sigma_i(\delta_{ij} - \sigma_j)
    if call and not declared and _powered_value(reader.source, spec, group):
        return False, "product-of-a-power"  # Chinchilla's G (C/6)^a beside G^{-1} (C/6)^b: G a number
    if call and not declared and _powered_letter(reader.source, spec, group):
        return False, "product-of-a-powered-letter"  # scikit-learn's Tweedie deviance y(\hat{y})^{1-p} beside y\log y
    if call and not declared and _labelled_value(reader.source, spec):
        return False, "product-of-a-labelled-value"  # EDM's \sigma_{\text{data}}(t - \epsilon) beside its square
    if call and not declared and weighted_square(reader, spec, group):
        return False, "product-weighted-square"  # EWC's F_i(\theta_i - \theta^*_{A,i})^2: a weight per parameter
    if call and not declared and _activation_written_alone(reader.source, spec):
        return False, "product-of-a-written-value"  # RankNet's -\sigma / (1 + e^{\sigma(s_i - s_j)}): σ a number
    return call, rule


def _labelled_value(source: str, spec: AtomSpec) -> bool:
    """A name with a word label (``\\sigma_{\\text{data}}``) that the formula also raises to a power (``^2``): a
    number, a constant of the model, so the bracket after it multiplies it."""
    if spec.sub is None or not spec.spelling or not (spec.sub.text.isalpha() and len(spec.sub.text) >= 2):
        return False
    return re.search(re.escape(spec.spelling) + r"\s*\^", source) is not None


def _activation_written_alone(source: str, spec: AtomSpec) -> bool:
    """Is a plain ``\\sigma``, ``\\phi``, ``\\psi`` (an activation's letter) also written as a number in the formula:
    alone, not before a parenthesis, a subscript, a prime, an inverse or a composition (RankNet's ``\frac{-\\sigma}
    {1 + e^{\\sigma(s_i - s_j)}}``, a layer norm's ``/\\sigma``)?  Then the bracket after it multiplies it."""
    if not (spec.greek and spec.base in _ACTIVATION_LETTERS and spec.sub is None and not spec.bold
            and not spec.decorations and not spec.primes and spec.layer is None and spec.sample is None):
        return False
    for m in re.finditer(re.escape(spec.base_latex) + r"(?![A-Za-z])", source):
        after = source[m.end() :].lstrip()
        if not after.startswith(("(", "\\left", "_", "'", "^{-1}", "^{\\prime", "\\circ", "\\big", "\\Big", "[",
                                 "\\!", "\\,", "\\text", "\\mbox", "\\mathrm", "\\textrm")):
            return True  # (before a text box it is prose's subject: "where \sigma \text{ is the sigmoid}")
    return False


#: the letters of activations that also name numbers (a RankNet's shape σ, a scale φ)
_ACTIVATION_LETTERS = frozenset({"sigma", "phi", "varphi", "psi"})


def _written_as_value(source: str, latex: str) -> bool:
    """Is the name ``latex`` (``\\gamma``) written somewhere with no parenthesis after it (``\\gamma a``)?"""
    for m in re.finditer(re.escape(latex) + r"(?![A-Za-z])", source):
        if not source[m.end() :].lstrip().startswith(("(", "\\left(")):
            return True
    return False


def _lower_word(spec: AtomSpec) -> bool:
    """A short or snake_case lower-case word, that names a value as often as a function (``lr``, ``new_lr``), not a
    longer word (``\\text{activation}``) nor a capitalised function's name (``\\mathrm{Attention}``)."""
    short = len(spec.base) <= 3 or "_" in spec.base  # \\text{activation}(...) names a function; lr, new_lr values
    return short and spec.base.replace("_", "").isalpha() and spec.base.islower() and not spec.greek


def _listed(nodes: list[Node], k: int) -> bool:
    """Is the bracket ``nodes[k]`` a list of arguments: separated by commas, with no dots standing for a sequence
    and no transpose after it (RoPE's ``\\mathbf{R}(x_1, x_2, x_3, x_4)^T`` is a column)?  A tuple is never a
    factor of a product."""
    from symdl.read.constructs import split_top  # imported here: constructs reads calls, which import this module
    from symdl.read.groups import transpose_after

    group = nodes[k]
    assert isinstance(group, Group)
    dots = any(isinstance(n, Token) and n.is_cmd("\\dots", "\\ldots", "\\cdots") for n in group.children)
    return len(split_top(group.children, ",")) > 1 and not dots and transpose_after(nodes, k + 1) == k + 1


def _powered_value(source: str, spec: AtomSpec, group: Group) -> bool:
    """A plain capital letter before a bracket that is itself raised to a power (``G \\left(\\frac{C}{6}\\right)^a``),
    the letter written elsewhere in the formula to a negative power (``G^{-1}``): a number, as a power of a
    function's value would be written on the call."""
    if not (len(spec.base) == 1 and spec.base.isupper() and spec.sub is None and not spec.greek) or spec.bold:
        return False
    if re.match(r"\s*\^", source[group.span.end :]) is None:
        return False
    return re.search(r"(?<![A-Za-z\\])" + spec.base + r"\s*\^\s*\{\s*-", source) is not None




def _powered_letter(source: str, spec: AtomSpec, group: Group) -> bool:
    """A plain lower-case Latin letter, no function's letter, before a bracket that is itself raised to a power
    (``y(\\hat{y})^{1-p}``), the letter written elsewhere as a number (``y \\log(y/\\hat{y})``): a product, as a power
    of a function's value would be written on the call."""
    if not (len(spec.base) == 1 and spec.base.islower() and spec.base.isascii() and spec.sub is None
            and not (spec.bold or spec.greek or spec.decorations or spec.primes or spec.word)
            and spec.base not in FUNCTION_LETTERS | {"p", "q"}):
        return False
    if re.match(r"\s*\^", source[group.span.end :]) is None:
        return False
    return any(not source[m.end() :].lstrip().startswith(("(", "\\left(", "_", "^", "'"))
               for m in re.finditer(r"(?<![A-Za-z\\])" + spec.base + r"(?![A-Za-z])", source))


def _spectral_extreme(spec: AtomSpec, inner: list[Node]) -> bool:
    """``\\lambda_{\\max}(L)``, ``\\sigma_{\\min}(W)``: an eigenvalue's or singular value's letter with a max or min
    subscript, applied to one capital letter (a matrix), is that extreme of the matrix's spectrum, not a bound times
    the matrix (ChebNet's \\frac{2L}{\\lambda_{\\max}(L)} cancelled L, silently)."""
    if spec.base not in ("lambda", "sigma") or spec.sub is None or spec.sub.text.lstrip("\\") not in ("max", "min"):
        return False
    arg = [n for n in strip_space(inner) if not (isinstance(n, Token) and n.is_cmd("\\mathbf", "\\boldsymbol"))]
    arg = [c for n in arg for c in (strip_space(n.children) if isinstance(n, Group) else [n])]
    return len(arg) == 1 and isinstance(arg[0], Token) and arg[0].kind == "letter" and arg[0].text.isupper()


#: capital Greek letters that stay functions under an accent (\overline{\Delta_J}(\mathbf{m}): the Lovász extension of
#: a loss Δ); \hat{\Sigma}, \tilde{\Lambda}, \bar{\Phi} are matrices (estimates, features) more often
_FUNCTION_CAPITALS = frozenset({"Delta", "Psi", "Gamma", "Xi", "Upsilon"})


def _by_form(reader: ExprReader, spec: AtomSpec, inner: list[Node]) -> tuple[bool, str]:
    """Call or product from the name and the argument alone."""
    from symdl.read.constructs import split_top  # imported here: constructs reads calls, which import this module
    from symdl.read.delimiters import conditional_split, doubled_conditional

    core = spec.base.removesuffix("^*")  # cs229's optimal policy \pi^*(s): starred, still the function \pi
    if {"square-name", "square-function"} & set(spec.readings):  # oneDNN's \sigma^2(c): the variance, applied
        core = core.removesuffix("^2")
    if {"superscript-one", "superscript-numbered"} & set(spec.readings):  # Goldberg's g^{1}(\mathbf{x}\mathbf{W}^{1}
        core = re.sub(r"\^\d+$", "", core)  # + \mathbf{b}^{1}): layer 1's activation g, applied
    if _spectral_extreme(spec, inner):
        return True, "call-spectral"  # ChebNet's \lambda_{\max}(L), \sigma_{\max}(W): of a matrix, its extreme
    if spec.sub is not None and spec.sub.text.lstrip("\\") in BOUND_SUBSCRIPTS and not spec.word:
        return False, "product-of-a-bound" if core in FUNCTION_LETTERS else ""  # EDM's \sigma_{min} (...)^t
    if spec.word and _lower_word(spec) and sum_argument(inner) and spec.base not in reader.function_names:
        return True, "call-word"  # \mathrm{lr}(g + v), new_lr (gradient + ...): a call, as code would read it; noted
    if spec.primes and _primed_matrix(spec, reader.source):
        spec.readings += ("prime-matrix",)  # a matrix (symdl.bind.shapes.seed_kind), noted by the caller
        return False, "prime-matrix"  # See et al.'s P_vocab = softmax(V'(V[s_t, h_t^*] + b) + b'): two matrices
    if _capital_before_hadamard(reader, spec, inner):
        return False, "product-capital-hadamard"  # the ONNX GRU's R_h(r_t \odot h_{t-1}): a matrix times a vector
    if spec.word or spec.primes or spec.cal or core in FUNCTION_LETTERS or spec.base in reader.function_names:
        return True, ""
    if len(split_top(inner, ",")) > 1 or len(split_top(inner, ";")) > 1:
        return True, ""
    if conditional_split(inner) is not None or doubled_conditional(inner) is not None:
        return True, ""  # p(y|x), D_{KL}(p \\parallel q): a conditional bar
    if _differentiated_by(reader, spec, inner) is not None:
        return True, "call-differentiated"  # Bishop's \\partial E_n/\\partial w_{ji} beside E_n(w_{ji} + \\epsilon)
    if spec.greek and spec.base[:1].isupper() and not spec.bold and (
            not spec.decorations or spec.base in _FUNCTION_CAPITALS):
        return True, "call-capital-greek"  # GELU's x\Phi(x), \Gamma(x); the Lovász extension \overline{\Delta}(m)
    if "superscript-parameter-label" in spec.readings:
        return True, ""  # flow matching's u_t^\theta(x): that rule's note says it is a network applied
    if spec.sub is not None and parameter_subscript(spec.sub.text):
        return True, "call-parameterised"  # DDPM's \epsilon_\theta(\mathbf{x}_t): a network with parameters \theta
    if (spec.bold or spec.decorations) and not spec.greek and spec.base[:1].islower() and _one_bare_name(
            inner, reader.source):
        return True, ""  # Goodfellow's unnormalised \tilde{p}(\mathbf{x}), Bishop's \boldsymbol{\phi}... : a function
    if not spec.word and (spec.spelling or spec.base_latex) in reader.by_use:
        return True, "call-by-use"  # cs229's \varepsilon(\hat{h}) \leq \varepsilon(h^*) + 2\gamma
    if spec.greek and not spec.bold and (_time_letter(inner) or _time_fraction(inner)):
        return True, "call-schedule"  # a diffusion model's \beta(t), \bar\alpha(t); MaskGIT's \gamma(\frac{t}{T})
    if activation_argument(reader, spec, inner):
        return True, "call-activation"  # SE-Net's \delta(\mathbf{W}_1 \mathbf{z}), Deep Sets' \rho(\sum_i \phi(x_i))
    if indexed_argument(reader, spec, inner):
        return True, "call-indexed-argument"  # Bishop's responsibilities \gamma(z_{nk})
    if shared_argument(reader, spec, inner):
        return True, "call-shared-argument"  # AdaGrad's \nu_t(i) beside w_t(i), g_t(i)
    if beside_function(reader, spec, inner):
        return True, "call-beside-function"  # a z-score's \mu(x) beside \sigma(x)
    if shifted_argument(reader, spec, inner):
        return True, "call-shifted-argument"  # Goodfellow's convolution x(a) w(t - a)
    if spec.greek and not spec.bold and len(inner) == 1 and isinstance(inner[0], Token) and inner[0].is_cmd("\\pi"):
        return True, "call-of-policy"  # TRPO's \eta(\pi): the expected return of the policy π
    if (spec.greek and spec.base[:1].islower() and not (spec.bold or spec.decorations or spec.sub)
            and (one := bare_atom(inner, reader.source)) is not None and not one.greek and len(one.base) == 1
            and not one.sub and runs_over(reader.source, one.base, "sum") and spec.base not in ("pi",)):
        return True, "call-of-summed"  # Sutton & Barto's \sum_s \mu(s) [...]: the state distribution at each s
    if (spec.greek and spec.base[:1].islower() and not (spec.bold or spec.decorations or spec.sub)
            and (one := bare_atom(inner, reader.source)) is not None and not one.greek and len(one.base) == 1):
        alone = _written_as_value(reader.source, spec.base_latex)  # \gamma a + \gamma(x_i): γ a number, plainly
        return False, "" if alone else "product-greek-letter"  # the loss's (1 - \alpha(y)): α·y, or an indicator
    if (spec.greek and spec.base[:1].islower() and not (spec.bold or spec.decorations) and spec.sub is not None
            and not spec.sub.text.strip("{} ").isdigit() and parameter_subscript("".join(plain_text(inner).split()))):
        return True, "call-of-parameters"  # PPO's \rho_t(\boldsymbol{\theta}): the ratio at the parameters
    if not spec.word and optimised_argument(reader.source, inner):
        return True, "call-of-optimised"  # the moments accountant's \min_\lambda \exp(\alpha_M(\lambda) - ...)
    if (spec.bold and not spec.greek and len(spec.base) == 1 and spec.base.isupper() and not spec.transpose
            and bare_atom(inner, reader.source) is not None):  # CBAM's \mathbf{M}_c(\mathbf{F}): a map applied?
        return False, "product-of-a-bold-matrix"  # a matrix times the one name, as Goodfellow's bold capitals are
    if spec.greek and spec.base[:1].islower() and not (spec.bold or spec.decorations):
        if (spec.sub is not None and not spec.sub.text.strip("{} ").isdigit() and not spec.layer and not spec.sample
                and (one := bare_atom(inner, reader.source)) is not None and not one.greek and len(one.base) == 1):
            # GP-UCB's \mu_{t-1}(x) + \beta_t^{1/2} \sigma_{t-1}(x): a posterior mean at step t - 1, a function
            alone = _written_as_value(reader.source, spec.spelling or spec.base_latex)
            return (False, "product-greek-letter") if alone else (True, "call-greek-subscripted")
        if bare_matrix_product(inner, reader.source):  # Set Transformer's \omega(QK^\top)V: an activation?
            return False, "product-greek-coefficient"
    if spec.greek and spec.base == "rho" and not (spec.bold or spec.decorations or spec.sub) and _residual(inner):
        return True, "call-penalty"  # LapSRN's Charbonnier \rho(\hat{y}_s - y_s): Huber's penalty of a residual
    if spec.greek or spec.bold or spec.decorations:
        return False, ""
    if (not spec.greek and not spec.bold and len(spec.base) == 1 and spec.base.islower() and spec.sub is None
            and "".join(plain_text(inner).split()) in reader.paired_args):
        return True, "call-paired-argument"  # RealNVP's s(b \odot x) beside t(b \odot x): two networks of one input
    if _one_call(inner) and (spec.spelling or spec.base_latex) not in reader.written_alone:
        return True, "call-composition"  # a flow's p_Z(f(x)), q(g(z)): a function of a function's value (noted)
    return _one_bare_name(inner, reader.source), ""  # a Latin letter applied to p(x), q(x), h(z): a function


def _residual(inner: list[Node]) -> bool:
    """Is this argument a residual, a prediction minus its target (``\\hat{y}_s^{(i)} - y_s^{(i)}``), or reversed?"""
    parts = "".join(plain_text(inner).split()).split("-")
    if len(parts) != 2:
        return False
    for a, b in (parts, parts[::-1]):
        m = re.fullmatch(r"\\(?:hat|tilde)\{([A-Za-z])\}(\S*)", a)
        if m and b == m.group(1) + m.group(2):
            return True
    return False


def _time_fraction(inner: list[Node]) -> bool:
    """Is this argument the time letter over its count (MaskGIT's mask schedule ``\\gamma(\\frac{t}{T})``, ``t/T``)?"""
    text = "".join(plain_text(inner).split())
    return re.fullmatch(r"\\[td]?frac\{t\}\{T\}|t/T|\\[td]?frac\{\\tau\}\{T\}", text) is not None


#: elementary functions a scale multiplies, never the argument of a function of a function (s(\cos\theta))
_ELEMENTARY = frozenset({"cos", "sin", "tan", "exp", "log", "ln", "sqrt", "cosh", "sinh"})


def _one_call(inner: list[Node]) -> bool:
    """Is the parenthesis one function applied to a parenthesis: a letter or a command, maybe subscripted
    (``f(x)``, ``g_\\theta(z)``, ``\\sigma(z)``), then its argument, nothing else?"""
    inner = strip_space(inner)
    if len(inner) < 2 or not is_group(inner[-1], "paren"):
        return False
    head = inner[:-1]
    name = head[0]
    if not (isinstance(name, Token) and (name.kind == "letter" or (name.kind == "cmd" and name.text[1:].isalpha()
                                                                   and name.text[1:] not in _ELEMENTARY))):
        return False  # ArcFace's s(\cos(\theta + m)): a scale times a cosine
    rest = head[1:]
    if name.text[1:] in BOLD | ACCENTS.keys() and rest and is_group(rest[0], "brace"):
        rest = rest[1:]  # Larochelle's o(\widehat{\mathbf{a}}(\mathbf{x})): a bold or accented function
    return not rest or (len(rest) == 2 and isinstance(rest[0], Token) and rest[0].is_op("_"))


def _time_letter(inner: list[Node]) -> bool:
    """Is this argument the lone time letter ``t`` (or ``\\tau``)?"""
    return len(inner) == 1 and isinstance(inner[0], Token) and inner[0].text in ("t", "\\tau")


def _differentiated_by(reader: ExprReader, spec: AtomSpec, inner: list[Node]) -> AtomSpec | None:
    """The variable this name is differentiated by in the formula (``\\partial E_n / \\partial w_{ji}``) when the
    argument mentions it (``E_n(w_{ji} + \\epsilon)``), else None."""
    from symdl.read.orders import mentions, name_key

    by = reader.differentiated.get(name_key(spec))
    return mentions(inner, by, reader.source) if by else None


def _one_bare_name(inner: list[Node], source: str) -> bool:
    """Is this argument one bare name (``x``, ``\\boldsymbol{x}^{(i)}``, not a power or a fraction)?"""
    return bare_atom(inner, source) is not None


def bare_atom(nodes: list[Node], source: str, *, powered: bool = False) -> AtomSpec | None:
    """The name ``nodes`` are if they are one name with no power (``x``, ``\\boldsymbol{x}^{(i)}``), else None;
    ``powered``: with a power too (Hyena's filter ``h^n`` inside a convolution)."""
    if not (nodes and isinstance(nodes[0], Token) and nodes[0].kind in ("letter", "cmd")) or nodes[0].text == "\\frac":
        return None
    try:
        spec, end, exponent = read_atom(nodes, 0, source)
    except ResourceLimit:
        raise
    except Exception:
        return None
    return spec if end == len(nodes) and (exponent is None or powered) else None


def _uses_itself(spec: AtomSpec, inner: list[Node]) -> bool:
    """Does the argument use the callee's own name as a value (not called, not subscripted)?  ``h(1-h)``."""
    if spec.sub is not None or spec.layer or spec.sample:
        return False
    for j, n in enumerate(inner):
        if not (isinstance(n, Token) and n.kind in ("letter", "cmd") and n.text.lstrip("\\") == spec.base):
            continue
        after = _skip_space(inner, j + 1)
        nxt = inner[after] if after < len(inner) else None
        if nxt is None or not (is_group(nxt, "paren") or (isinstance(nxt, Token) and nxt.is_op("_", "'"))):
            if j == 0 or not (isinstance(inner[j - 1], Token) and inner[j - 1].kind == "letter"):
                return True
    return False


def _word_in_argument(source: str, spec: AtomSpec, group: Group) -> bool:
    """Is the word written, with the same scripts, as a value in its own parenthesis (Mazur's sigmoid derivative
    ``out_{o1}(1 - out_{o1})``)?  A function's name is not its own argument; ``f(f(x))`` stays a call."""
    name = re.escape(re.sub(r"\s+", "", spec.spelling))
    inner = re.sub(r"\s+", "", source[group.span.start + 1 : group.span.end - 1])
    return re.search(rf"(?<![A-Za-z\\]){name}(?![A-Za-z_({{])", inner) is not None


def _uses_its_entry(spec: AtomSpec, inner: list[Node]) -> bool:
    """Is the callee a subscripted name whose argument uses an entry of the same name as a value (subscripted, not
    called)?  The softmax Jacobian's ``\\sigma_i(\\delta_{ij} - \\sigma_j)``, an LSTM's ``h_t(1 - h_t)``: entry i
    times a bracket, as ``y_k(I_{kj} - y_j)``; a composition ``\\phi_k(\\phi_{k-1}(x))`` stays a call."""
    if spec.sub is None or spec.word or spec.primes or spec.cal or spec.bold or spec.decorations or spec.layer:
        return False
    if spec.sub.text.lstrip("\\") in PARAMETER_SUBSCRIPTS or spec.sample:
        return False  # f_\theta(x - f_\theta(y)): a network applied
    for j, n in enumerate(inner):
        if not (isinstance(n, Token) and n.kind in ("letter", "cmd") and n.text.lstrip("\\") == spec.base):
            continue
        if j > 0 and isinstance(inner[j - 1], Token) and inner[j - 1].kind in ("letter", "cmd"):
            continue  # part of a word or after a command
        under = _skip_space(inner, j + 1)
        if not (under < len(inner) and isinstance(inner[under], Token) and inner[under].is_op("_")):
            continue
        after = _skip_space(inner, under + 2)
        nxt = inner[after] if after < len(inner) else None
        if not (is_group(nxt, "paren") or (isinstance(nxt, Token) and nxt.is_op("'"))):
            return True
    return False


_BOLD = r"\\(?:mathbf|boldsymbol|bm|vec)\s*"


def _bold_uses_itself(source: str, spec: AtomSpec, inner: list[Node]) -> bool:
    """Does the argument of a bold name use that bold name as a value (not called, not subscripted)?  A least-squares
    gradient's ``\\mathbf{h}(\\mathbf{y} - W^\\top\\mathbf{h} - \\mathbf{b})^\\top``: the vector h times a row."""
    if not spec.bold or spec.greek or spec.sub is not None or spec.layer or spec.sample or not inner:
        return False
    text = source[inner[0].span.start : inner[-1].span.end]
    name = re.escape(spec.base)
    own = _BOLD + r"(?:\{\s*" + name + r"\s*\}|" + name + r"(?![A-Za-z]))(?!\s*[(_'])"
    return re.search(own, text) is not None


def call_follows(
    reader: ExprReader, spec: AtomSpec, exponent: list[Node] | None, nodes: list[Node], k: int, start: int
) -> bool:
    """Is the name just read (written from ``start``) applied to the parenthesis at ``nodes[k]``?  A guess
    between the two readings is noted."""
    if exponent is None and 0 < k < len(nodes):
        refuse_functional_at_point(reader, spec, nodes, k, start)  # PPO's S[\pi_\theta](s_t)
    if exponent is None and k < len(nodes) and is_group(nodes[k], "bracket") and (
            _bracket_callee(spec) or _bracket_defined(reader, spec)):  # the NTM's K[u, v] = ...
        reader.add_note("bracket-call", Span(start, nodes[k].span.end), {"name": spec.base_latex})
        return True  # Ba et al.'s f\left[ ... \right]: the nonlinearity applied
    if exponent is None and k < len(nodes) and form_bracket_call(spec, nodes[k], reader.source):
        reader.add_note("bracket-call-form", Span(start, nodes[k].span.end),
                        {"name": spec.spelling or spec.base_latex})
        return True  # Prince's \mathbf{f}[\mathbf{x}, \boldsymbol\phi], \mathbf{a}[\boldsymbol\beta_0 + ...]
    if exponent is None and k < len(nodes) and shared_bracket_argument(spec, nodes[k], reader.source):
        reader.add_note("bracket-call-shared", Span(start, nodes[k].span.end),
                        {"name": spec.spelling or spec.base_latex})
        return True  # Prince's \mathbf{V}[\mathbf{X}] beside \mathbf{Sa}[\mathbf{X}]
    if exponent is None and k < len(nodes) and functional_callee(spec, nodes[k], reader.source):
        name = spec.spelling or spec.base_latex
        reader.add_note("functional-bracket", Span(start, nodes[k].span.end), {"name": name})
        return True  # variational inference's \mathcal{L}[q], the calculus of variations' J[y]
    if exponent is None and k < len(nodes) and divergence_callee(spec, nodes[k], reader.source):
        reader.add_note("divergence-arguments", Span(start, nodes[k].span.end), {"name": spec.spelling or spec.base})
        return True  # VAT's D[p(y | x, \hat\theta), p(y | x + r, \hat\theta)]: a divergence of two distributions
    if exponent is None and k < len(nodes) and information_callee(spec, nodes[k], reader.source):
        reader.add_note("information-functional", Span(start, nodes[k].span.end), {"name": spec.base_latex})
        return True  # Bishop's mutual information I[\mathbf{x}, \mathbf{y}]
    if exponent is not None and k < len(nodes) and is_group(nodes[k], "paren") and letter_power_touching(
            reader.source, exponent, nodes[k]):  # FM loss's D^i(x): a power (noted as such) times the bracket
        arg = reader.source[nodes[k].span.start + 1 : nodes[k].span.end - 1]
        reader.add_note("product-after-power", Span(start, nodes[k].span.end),
                        {"spelling": spec.spelling or spec.base_latex, "power": plain_text(exponent).strip("{} "),
                         "arg": arg})
    if exponent is None and k < len(nodes) and _bracket_product(spec, nodes[k], reader.source):
        reader.add_note("bracket-product", Span(start, nodes[k].span.end), {"name": spec.spelling or spec.base},
                        once_for=f"bracket-product {spec.base}")
    if exponent is not None or k >= len(nodes) or not is_group(nodes[k], "paren"):
        return False
    group = nodes[k]
    assert isinstance(group, Group)
    refuse_dirac(reader, spec, strip_space(group.children), Span(start, group.span.end))  # \delta(x - x_n)
    if event_call(spec, group):  # the entropy's p(Y = c): the probability of the event (symdl.read.evententry)
        return True
    verdict, rule = call_or_product(reader, spec, nodes, k)
    if not verdict and not rule and marked_name_touching(reader.source, spec, group):
        rule = "product-of-a-marked-name"  # Duda's \Delta\mathbf{w}_{bp}(m), Hornik's b P_3(c + dx): noted
    if rule:
        inside = seq_span(group.children, group.span)
        arg = reader.source[inside.start : inside.end].strip()
        by = _differentiated_by(reader, spec, strip_space(group.children)) if rule == "call-differentiated" else None
        reader.add_note(rule, Span(start, group.span.end), {"name": spec.base_latex, "arg": arg,
                                                             "spelling": spec.spelling or spec.base_latex,
                                                             "by": by.spelling if by is not None else ""},
                        once_for=f"{spec.spelling}({arg})" if rule in _ONCE_PER_CALL else "")
    return verdict


#: rules noted once per call written alike (PPO's \rho_t(\boldsymbol{\theta}) twice: one reading)
_ONCE_PER_CALL = frozenset({"call-of-parameters"})


def _capital_before_hadamard(reader: ExprReader, spec: AtomSpec, inner: list[Node]) -> bool:
    """Is ``spec`` a plain capital Latin letter (maybe with a label) before a parenthesis holding an element-wise
    product at its top (``R_{\\tilde{h}}(r_t \\odot h_{t-1})``, the ONNX and Wolfram GRU's recurrent weights times the
    reset hidden state)?  The product's factors are arrays, so the capital is a matrix times that vector, as before
    a lower-case name; a function the formula defines or applies alone elsewhere keeps its call."""
    return (len(spec.base) == 1 and spec.base.isupper() and spec.base.isascii() and not (
        spec.word or spec.bold or spec.cal or spec.primes or spec.transpose or spec.decorations)
        and spec.base not in reader.function_names
        and any(isinstance(n, Token) and n.is_cmd("\\odot", "\\circ") for n in strip_space(inner)))


def _bracket_defined(reader: ExprReader, spec: AtomSpec) -> bool:
    """Is ``spec`` a plain letter the formula defines applied to square brackets (:mod:`symdl.read.laterdefs`)?"""
    return spec.base in reader.bracket_functions and spec.sub is None and not (spec.bold or spec.decorations
                                                                              or spec.primes or spec.transpose)


def _bracket_callee(spec: object) -> bool:
    """Is this name a function letter that square brackets after it are applied to (``f[...]``)?"""
    return (isinstance(spec, AtomSpec) and spec.base in BRACKET_CALL_LETTERS and spec.sub is None and not spec.bold
            and not spec.decorations and not spec.primes and spec.layer is None and spec.sample is None)


def _primed_matrix(spec: AtomSpec, source: str) -> bool:
    """Is ``spec`` a primed plain capital Latin letter whose unprimed letter the formula writes only before square
    brackets (a matrix times a concatenation, ``V[s_t, h_t^*]``), never applied to parentheses?"""
    if not (len(spec.base) == 1 and spec.base.isupper() and spec.base.isascii()) or spec.sub or spec.bold or spec.cal:
        return False
    uses = [m.group(1) for m in re.finditer(rf"(?<![A-Za-z\\]){spec.base}(?![A-Za-z'])\s*(?:\\left)?\s*([(\[])?",
                                            source)]
    return bool(uses) and "[" in uses and "(" not in uses


def _bracket_product(spec: AtomSpec, group: Node, source: str) -> bool:
    """Is ``group`` square brackets touching a plain lower-case Latin letter and holding a sum (Prince's 1-D
    convolution ``h_i = a[\\beta + \\omega_1 x_{i-1} + \\dots]``, the activation applied; or a coefficient times a
    bracket, ``c[x + y]``)?  Read as the product, noted ``bracket-product``: either reading is written so."""
    if not (is_group(group, "bracket") and len(spec.base) == 1 and spec.base.islower() and spec.base.isascii()):
        return False
    if spec.greek or spec.bold or spec.decorations or spec.sub is not None or spec.primes or spec.word:
        return False
    assert isinstance(group, Group)
    touching = group.span.start > 0 and not source[group.span.start - 1].isspace()
    return touching and any(isinstance(n, Token) and n.is_op("+", "-") for n in strip_space(group.children)[1:])


#: capital letters that name a functional, a number that depends on a whole function: an objective or a free energy
#: (the calculus of variations' J[y], F[y]; a Lagrangian or variational bound L[\phi], \mathcal{L}[q], \mathcal{F}[q])
FUNCTIONAL_LETTERS = {"L", "J", "F"}


def functional_callee(spec: object, group: Node, source: str) -> bool:
    """Is this a functional's letter (:data:`FUNCTIONAL_LETTERS`, plain or calligraphic, with nothing attached)
    right before square brackets that touch it and hold one name (``\\mathcal{L}[q]``, ``J[\\theta]``), or a
    capital, maybe subscripted or decorated, before brackets holding a function the formula applies or a defined
    function takes (the risks ``R[f]``, ``\\hat{R}_S[f]``)?  A bracket holding anything else (``L[x + 1]``, a list)
    and a space before it (``L [q]``) keep the product."""
    if not (isinstance(spec, AtomSpec) and is_group(group, "bracket")) or spec.bold or spec.primes or spec.layer:
        return False
    if group.span.start == 0 or source[group.span.start - 1].isspace() or spec.sample:
        return False
    assert isinstance(group, Group)
    one = bare_atom(strip_space(group.children), source)
    if one is None:
        return False
    if spec.base in FUNCTIONAL_LETTERS and spec.sub is None and not spec.decorations:
        return True
    # Hardt & Recht's risks R[f], R_S[f] of a predictor f the formula applies (f(x_i)) or takes (\Delta(f) = ...)
    return (spec.base[:1].isupper() and not spec.greek and not spec.word and len(one.base) == 1 and not one.sub
            and (bool(one.decorations) or a_function(one.base, source)))
    # (Hardt & Recht's R[\hat{Y}]: the risk of a predictor's estimate, a hat on it)


#: capital letters of information quantities: the mutual information I[x, y], I(X; Y)
INFORMATION_LETTERS = {"I"}


def information_callee(spec: object, group: Node, source: str) -> bool:
    """Is this the letter of an information quantity (Bishop's mutual information ``I[\\mathbf{x}, \\mathbf{y}]``)
    right before square brackets listing two or more names, separated by commas, semicolons or a bar?"""
    from symdl.read.constructs import split_top  # imported here: constructs reads calls, which import this module
    from symdl.read.delimiters import conditional_split

    if not (isinstance(spec, AtomSpec) and is_group(group, "bracket") and spec.base in INFORMATION_LETTERS):
        return False
    if spec.sub is not None or spec.bold or spec.decorations or spec.primes or spec.layer or spec.sample:
        return False
    assert isinstance(group, Group)
    inner = strip_space(group.children)
    parts = [q for part in split_top(inner, ",") for q in split_top(part, ";")]
    parts = [q for part in parts for q in (conditional_split(part) or [part])]
    return len(parts) > 1 and all(bare_atom(strip_space(q), source) is not None for q in parts)


def called_capitals(nodes: list[Node], source: str, steps: frozenset[str] = frozenset()) -> set[str]:
    """Capital Latin letters applied somewhere in the formula to one bare name (the GAN's ``D(\\boldsymbol{x}^{(i)})``),
    or to a call of such a letter (``D(G(\\boldsymbol{z}^{(i)}))`` where only ``G`` has a bare argument): functions
    throughout it, so that ``D(G(\\boldsymbol{z}))`` is a call, not D times G(z); not before a parenthesis holding
    one of the letters ``steps`` counts iterations with (LISTA's ``Z(k+1) = h(S Z(k))``: Z at steps, no function)."""
    out: set[str] = set()
    for _ in range(3):  # D(G(z)): G first, then D
        before = len(out)
        _called_capitals(nodes, source, out, steps)
        if len(out) == before:
            break
    return out


def _called_capitals(nodes: list[Node], source: str, out: set[str], steps: frozenset[str] = frozenset()) -> None:
    from symdl.read.steparg import step_argument

    for seq, i, n in tokens_in(nodes):
        if not (n.kind == "letter" and len(n.text) == 1 and n.text.isupper()):
            continue
        k = _skip_space(seq, i + 1)
        group = seq[k] if k < len(seq) else None
        inner = strip_space(group.children) if isinstance(group, Group) and group.kind == "paren" else []
        if steps and isinstance(group, Group) and inner and step_argument(group, steps) is not None:
            continue
        if _one_bare_name(inner, source) or _one_call_of(inner, out):  # the rule _by_form applies where written
            out.add(n.text)


def _one_call_of(inner: list[Node], letters: set[str]) -> bool:
    """Is this argument one call of a capital letter already known to be a function (``G(z)`` inside ``D(...)``)?"""
    return (len(inner) >= 2 and isinstance(inner[0], Token) and inner[0].kind == "letter" and inner[0].text in letters
            and _skip_space(inner, 1) == len(inner) - 1 and is_group(inner[-1], "paren"))


#: the transpose's superscript after a closing parenthesis: ``^T``, ``^\top``, ``^{\intercal}``, ``^\mathsf{T}``
_TRANSPOSE_MARK = (r"\s*\^\s*\{?\s*(?:\\top|\\intercal|T|\\(?:" + "|".join(TRANSPOSE_FONTS)
                   + r")\s*\{\s*T\s*\})")

#: a transposed parenthesis, then one capital name (H, \Sigma, A_k), then the open parenthesis
_AFTER_TRANSPOSE = re.compile(r"\)" + _TRANSPOSE_MARK + r"\s*\}?\s*\\?[A-Za-z]+\s*(?:_\{?[A-Za-z0-9]*\}?)?\s*$")

#: a transpose right after a parenthesis closes: ``)^T``, ``)^\top``, ``)^{T}``
_TRANSPOSED_AFTER = re.compile(_TRANSPOSE_MARK + r"(?![A-Za-z])")


def _after_transpose(source: str, start: int) -> bool:
    """Is the name before the parenthesis at ``start`` written right after a transposed parenthesis (``)^T H (``)?"""
    before = source[max(0, start - 80) : start]
    if _AFTER_TRANSPOSED_CALL.search(before):  # DPR's E_Q(q)^\intercal E_P(p): two encoders' values, a dot product
        return False
    return bool(_AFTER_TRANSPOSE.search(before))


#: a capital's call written transposed right before another call of the same capital (DPR's E_Q(q)^\intercal E_P(p))
_AFTER_TRANSPOSED_CALL = re.compile(r"(?<![A-Za-z\\])([A-Z])_\{?\w+\}?\s*\([^()]*\)" + _TRANSPOSE_MARK
                                    + r"\s*\}?\s*\1_\{?\w+\}?\s*$")
