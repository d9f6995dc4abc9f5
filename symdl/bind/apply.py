"""Applying functions to converted arguments: known functions by their records, the conventional letters
(σ, ζ, Φ), and unknown functions, entry by entry where a deep-learning reader means it."""

from __future__ import annotations

import re
from collections.abc import Container
from typing import Any

import sympy

from symdl.bind.build import GRADIENT_REASON, applied, elementwise, is_mat, note_entrywise_matrix, scalar_if_1x1
from symdl.bind.cosine import cosine_similarity
from symdl.errors import Note, NotSupported, Span
from symdl.functions import (
    ACRONYMS,
    ACTIVATION_DEFAULTS,
    ENTRY_STATISTICS,
    KNOWN_FUNCTIONS,
    MATRIX_ANALOGUES,
    MATRIX_TO_NUMBER,
    NORMAL_CDF,
    VECTOR_TO_MATRIX,
    RowSoftmax,
    VectorSoftmax,
    sigmoid,
)
from symdl.read.callorproduct import parameter_subscript
from symdl.read.notes import note, quote
from symdl.read.syntax import AtomSpec


def call(
    name: str | None,
    callee: Any,
    args: list[sympy.Basic],
    span: Span,
    source: str,
    sigma_is_function: bool,
    notes: list[Note],
    defined: frozenset[str] = frozenset(),
    per_sample: bool = False,
    as_number: str | None = None,
) -> sympy.Basic:
    """Apply a known or unknown function to converted arguments; a reading rule that chose between two
    readings appends its note to ``notes``.  ``defined``: the functions the formula defines itself (their letters
    keep no conventional meaning: \\Phi(x) = ... is the user's own \\Phi); ``per_sample``: an unknown function
    applied to each sample an expectation draws (the GAN's D(x)); ``as_number``: why an unknown function of a
    vector is a number here (:mod:`symdl.bind.callvalue`), or None."""
    if name == "inner":  # \\langle u, v \\rangle: uᵀv for vectors, the product for numbers
        u, v = args
        if is_mat(u) and is_mat(v):
            return scalar_if_1x1(sympy.MatMul(sympy.Transpose(u), v))
        if any(isinstance(a, sympy.core.function.AppliedUndef) for a in (u, v)):
            raise NotSupported(  # RoPE's \langle f_q(\boldsymbol{x}_m, m), f_k(\boldsymbol{x}_n, n) \rangle
                f"{quote(source[span.start : span.end], 60)}: an inner product of values of functions symdl reads as "
                "numbers (a function of several arguments, or of a member of a family, has a number for its value); "
                "their product is not what the angle brackets say",
                source=source, span=span,
                hint="name the values as vectors (\\mathbf{q}_m = f_q(\\mathbf{x}_m, m)), then \\langle "
                     "\\mathbf{q}_m, \\mathbf{k}_n \\rangle, or write the functions bold")
        return u * v
    if name is not None:
        return _known(name, args, span, source, notes)
    assert isinstance(callee, AtomSpec)
    text = quote(source[span.start : span.end], 60)
    fn: Any
    if (callee.base == "sigma" and not callee.decorations and callee.sub is None and not sigma_is_function
            and callee.layer is None and len(args) == 1 and "sigma" not in defined):  # σ(u) = \max\{u, 0\}: its own
        fn = sigmoid
    elif callee.base == "zeta" and not callee.decorations and callee.sub is None and len(args) == 1:
        fn = KNOWN_FUNCTIONS["softplus"]  # Goodfellow et al.'s \zeta(x) = \log(1 + e^x) (sec. 3.10), noted
        notes.append(note("zeta-softplus", span, {"text": text}))
    elif (callee.base == "Phi" and callee.greek and not callee.decorations and callee.sub is None and len(args) == 1
          and "Phi" not in defined):
        notes.append(note("phi-normal-cdf", span, {"text": text}))
        return elementwise(NORMAL_CDF, args[0]) if is_mat(args[0]) else NORMAL_CDF(args[0])  # GELU's x\Phi(x)
    elif (callee.word and callee.base.lower() in KNOWN_FUNCTIONS and len(args) == 1 and callee.base not in ACRONYMS
          and "function-label" not in callee.readings  # RMS_\varepsilon: a variant of its own (read.labelcall)
          and not callee.decorations):  # Adafactor's \overline{\text{RMS}}: a variant of its own too
        # \mathop{\textrm{sgn}}(\mathbf{v}): the known function by its name, as \operatorname{sgn} (d2l's Yogi; on a
        # vector SymPy's sign(v) became v (v v^T)^{-1/2})
        return call(callee.base.lower(), None, args, span, source, sigma_is_function, notes)
    else:
        fn = sympy.Function(unknown_name(callee))
    if callee.primes:
        return _derived(fn, callee.primes, args, span, source)
    if as_number is not None and any(is_mat(a) for a in args):  # Goodfellow's objective f(\boldsymbol{x})
        notes.append(note("function-number", span, {"text": text, "name": callee.base_latex, "reason": as_number}))
        return applied(fn.__name__, *args, number=as_number == GRADIENT_REASON)  # (the other reasons are guesses:
        # beside a matrix they stay refused, as an unknown function of a vector is)
    if len(args) == 1 and (not is_mat(args[0]) or per_sample or acts_elementwise(callee)):
        if (is_mat(args[0]) and not per_sample and callee.base not in defined  # g(\boldsymbol{W}^T\boldsymbol{x})
                and isinstance(fn, sympy.core.function.UndefinedFunction) and not parameterised(callee)):
            notes.append(note("function-entrywise", span, {"text": text, "name": callee.base_latex}))
        return elementwise(fn, args[0])
    return applied(fn.__name__, *args) if isinstance(fn, sympy.core.function.UndefinedFunction) else fn(*args)


def indexed_by_name(callee: AtomSpec) -> bool:
    """``g^{(i)}``: a function whose parenthesised superscript is a letter, its own function per index (its name
    carries it); a network with parameters (DDIM's ``\\epsilon_\\theta^{(t)}``, one network at step t) is one
    function."""
    return callee.sample is not None and not callee.sample.isdigit() and not parameterised(callee)


def parameterised(callee: AtomSpec) -> bool:
    """DDPM's ``\\epsilon_\\theta(\\mathbf{x}_t)``: a network (noted ``call-parameterised``), shaped as its input; flow
    matching's ``u_t^\\theta(x)`` too, its parameters up (``superscript-parameter-label``)."""
    return ((callee.sub is not None and parameter_subscript(callee.sub.text))
            or "superscript-parameter-label" in callee.readings)


def _known(name: str, args: list[sympy.Basic], span: Span, source: str, notes: list[Note]) -> sympy.Basic:
    """A function of :data:`~symdl.functions.KNOWN_FUNCTIONS` applied to ``args``."""
    f = KNOWN_FUNCTIONS[name]
    text = quote(source[span.start : span.end], 60)
    if name in ACTIVATION_DEFAULTS:  # \text{GELU}(x): exact, not the tanh form; Swish: β = 1
        reading, other = ACTIVATION_DEFAULTS[name]
        notes.append(note("activation-default", span, {"text": text, "reading": reading, "other": other}))
    if name in ("max", "min", "maximum", "minimum"):  # numpy's maximum(a, 0): max, entry by entry
        return _extremum(name[:3], f, [scalar_if_1x1(a) for a in args], span, source, notes)
    if name in ("clip", "clamp") and len(args) == 2:  # MXNet's clip(grad, clip_gradient): to [-c, c] (noted)
        notes.append(note("clip-symmetric", span, {"text": text, "bound": str(args[1])}))
        args = [args[0], -args[1], args[1]]
    if len(args) > 1 and isinstance(f, sympy.Lambda) and len(f.variables) == len(args):
        return _with_bounds(name, f, [scalar_if_1x1(a) for a in args], span, source)  # clip(w, -c, c)
    if name == "cos" and len(args) == 2:  # PyTorch's CosineEmbeddingLoss: 1 - \cos(x_1, x_2) (noted)
        return cosine_similarity(args, span, source, notes)
    if len(args) != 1:
        raise NotSupported(f"{name} with {len(args)} arguments", source=source, span=span)
    if name in MATRIX_TO_NUMBER:  # of a matrix: its trace or determinant; of a number: the number
        if not is_mat(args[0]) or args[0].shape == (1, 1):
            return scalar_if_1x1(args[0])
        if args[0].shape[1] == 1:
            raise NotSupported(f"\\{name} of a vector", source=source, span=span,
                               hint="the trace and the determinant are of square matrices")
        return f(args[0])  # type: ignore[operator]
    if name in VECTOR_TO_MATRIX:
        return _diagonal(name, args[0], span, source)
    if name in ENTRY_STATISTICS and is_mat(args[0]):  # Adafactor's RMS(U_t): \sqrt{\sum_{ij} U_{ij}^2 / (m n)}
        a = args[0]
        if name == "sum":  # matrixcalculus.org's sum(X): the total of the entries, 1ᵀ X 1
            return sympy.Trace(sympy.MatMul(sympy.OneMatrix(1, a.shape[0]), a, sympy.OneMatrix(a.shape[1], 1)))
        return sympy.sqrt(sympy.Trace(sympy.MatMul(sympy.Transpose(a), a)) / (a.shape[0] * a.shape[1]))
    if name in MATRIX_ANALOGUES:  # \exp(\Delta A): entry by entry, not the matrix exponential (noted)
        note_entrywise_matrix(name, args[0], span, source, notes)
    if name == "softmax" and is_mat(args[0]) and args[0].shape[1] != 1:
        notes.append(note("softmax-rows", span, {"text": text}))  # attention's softmax(QK^T/\sqrt{d_k}): by rows
        return RowSoftmax(args[0])
    if name == "softmax" and is_mat(args[0]) and args[0].shape[0] != 1:
        return VectorSoftmax(args[0])  # a vector value: in products, diag(...), transposes (cs231n's Jacobian)
    if name == "softmax":
        return f(args[0])  # type: ignore[operator]
    return elementwise(f, args[0])


def _diagonal(name: str, arg: sympy.Basic, span: Span, source: str) -> sympy.Basic:
    """``\\mathrm{diag}(\\boldsymbol{\\lambda})``: the diagonal matrix with the vector's entries on its diagonal."""
    if is_mat(arg) and arg.shape[1] == 1 and arg.shape[0] != 1:
        return KNOWN_FUNCTIONS[name](arg)  # type: ignore[operator]
    what = "a number" if not is_mat(arg) or arg.shape == (1, 1) else "a matrix"
    raise NotSupported(f"\\{name} of {what}", source=source, span=span,
                       hint=f"symdl reads {name}(v) of a vector v (write it bold, \\mathbf{{v}}): the diagonal matrix "
                       "with v's entries on its diagonal; of a matrix, diag is its diagonal or a diagonal matrix "
                       "by author: write the entries A_{ii} or A \\odot I")


def _extremum(name: str, f: Any, args: list[sympy.Basic], span: Span, source: str, notes: list[Note]) -> sympy.Basic:
    """``\\max(a, b)`` of numbers; ``\\max(0, W_1 x)`` of one vector beside numbers, entry by entry."""
    arrays = [a for a in args if is_mat(a)]
    if len(arrays) == 1 and len(args) > 1:  # \max(0, W_1 x): ReLU, entry by entry (cs231n, Goodfellow)
        notes.append(note("max-elementwise", span, {"name": name, "text": quote(source[span.start : span.end], 60)}))
        numbers = [a for a in args if not is_mat(a)]
        return elementwise(lambda d: f(*numbers, d), arrays[0])
    if arrays:
        raise NotSupported(
            f"\\{name} of vectors" if len(args) > 1 else f"\\{name} of one vector (its largest entry)",
            source=source,
            span=span,
            hint=f"symdl reads \\{name} of numbers, and of one vector beside numbers entry by entry "
            f"(\\{name}(0, W x)); the {name} over a vector's entries: \\{name}_i z_i",
        )
    if name in ("max", "min") and any(a.is_extended_real is False and a.has(sympy.core.function.AppliedUndef)
                                      for a in args):  # a hinge's \max(1 - F_i(\boldsymbol{x}) y_i, 0): F of a
        # vector is a number SymPy cannot compare (a function of a matrix is not commutative): kept unevaluated
        return (sympy.Max if name == "max" else sympy.Min)(*args, evaluate=False)
    return f(*args)  # type: ignore[no-any-return]


def unknown_name(callee: AtomSpec) -> str:
    """The printed name of a function symdl does not know (``g^{[1]}``, ``f_{\\theta}``)."""
    from symdl.bind.names import base_name

    nm = base_name(AtomSpec(**{**callee.__dict__, "primes": 0}))
    if indexed_by_name(callee):  # g^{(i)}: the function of index i, by name
        nm += f"^({callee.sample})"
    if callee.sub is not None:
        nm += f"_{{{callee.sub.text}}}" if len(callee.sub.text) > 1 else f"_{callee.sub.text}"
    return nm


def _derived(fn: Any, primes: int, args: list[sympy.Basic], span: Span, source: str) -> sympy.Basic:
    """``f'(x)``, ``g''(z)``: the derivative of a function of one argument, applied entry by entry."""
    if len(args) != 1:
        raise NotSupported(
            "the derivative of a function of several arguments",
            source=source,
            span=span,
            hint="write the partial derivative with \\frac{\\partial f}{\\partial x}",
        )

    def derived(x: sympy.Basic) -> sympy.Basic:
        d = sympy.Dummy("u", real=True)
        return sympy.Subs(sympy.Derivative(fn(d), (d, primes)), d, x) if not x.is_Symbol \
            else sympy.Derivative(fn(x), (x, primes))

    return elementwise(derived, args[0])


def _with_bounds(name: str, f: sympy.Lambda, args: list[sympy.Basic], span: Span, source: str) -> sympy.Basic:
    """``\\mathrm{clip}(\\mathbf w, -c, c)``: a function of a value and numbers, entry by entry of the value."""
    if any(is_mat(a) for a in args[1:]):
        raise NotSupported(f"{name} with a vector or matrix after its first argument", source=source, span=span,
                           hint=f"symdl reads {name}(x, a, b) with numbers a and b")
    if is_mat(args[0]):
        return elementwise(lambda d: f(d, *args[1:]), args[0])
    if args[0].is_extended_real is False and args[0].has(sympy.core.function.AppliedUndef):  # PPO's clip(\rho_t(
        # \boldsymbol\theta), ...): a function of a vector SymPy cannot compare, kept unevaluated as max/min are
        return _unevaluated(f, args)
    return f(*args)


def _unevaluated(f: sympy.Lambda, args: list[sympy.Basic]) -> sympy.Basic:
    """``f`` (a Lambda of Max and Min) applied to ``args`` with every Max and Min left unevaluated."""
    def build(e: sympy.Basic) -> sympy.Basic:
        if isinstance(e, (sympy.Max, sympy.Min)):
            return type(e)(*[build(a) for a in e.args], evaluate=False)
        return e.xreplace(dict(zip(f.variables, args, strict=True)))
    return build(f.expr)


#: a subscript that is a name with one index letter of its own: the parameters of the i-th network, \phi_i
_NESTED_INDEX = re.compile(r"\\?[A-Za-z]+_\{?([a-z])\}?")


def family_index(callee: AtomSpec | None, sum_names: set[str], free: Container[str] = frozenset()) -> str | None:
    """The index of a family of functions: an unknown function whose subscript is one letter a sum of the formula
    runs over (Bishop's ``\\sum_k t_{kn} \\ln y_k(\\mathbf{x}_n, \\mathbf{w})``, the k-th output), or whose
    parenthesised superscript is such a letter or a free index of the formula (``free``: one that subscripts another
    name, Goodfellow's ``\\alpha_j h^{(j)}(\\boldsymbol{x}) = 0``), else None."""
    if callee is not None and callee.sub is None and not callee.word and callee.sample in sum_names:
        return callee.sample  # Goodfellow's \sum_i \lambda_i g^{(i)}(\boldsymbol{x}): the i-th constraint
    if callee is not None and not callee.word and callee.sample in free and not parameterised(callee):
        return callee.sample  # \alpha_j h^{(j)}(\boldsymbol{x}) = 0: the j-th constraint, j as \alpha_j's
    if callee is not None and callee.sub is not None and callee.sub.nested and not callee.word and (
            nested := _NESTED_INDEX.fullmatch(callee.sub.text.replace(" ", ""))) and nested.group(1) in sum_names:
        return nested.group(1)  # TD3's \min_{i=1,2} Q_{\phi_i}(s', a'): the i-th critic, its parameters \phi_i
    text = callee.sub.text.strip() if callee is not None and callee.sub is not None and not callee.word else ""
    if text.startswith("\\") and text[1:] in sum_names:
        return text[1:]  # Hertz et al.'s \sum_\mu b_\mu(h_\mu): the μ-th hidden unit's function
    if callee is None or callee.sub is None or callee.sub.terms is None or len(callee.sub.terms) != 1:
        return None  # DeepSeekMoE's \sum_i g_{i,t} \text{FFN}_i(\mathbf{u}_t): the i-th expert, a word too
    letter, offset = callee.sub.terms[0]
    return letter if offset == 0 and letter in sum_names else None


def acts_elementwise(callee: AtomSpec) -> bool:
    r"""``g(Z)``, ``g^{[1]}(Z)``, ``\phi(z)`` act element-wise.

    ``J(w)`` and ``\text{Loss}(w)`` are scalar-valued; bold ``\boldsymbol{g}(\boldsymbol{w})`` is vector-valued; a word
    of :data:`ACTIVATION_WORDS` (``\mathrm{activation}(\dots)``) acts element-wise.
    """
    if callee.word and callee.base.lower() in ACTIVATION_WORDS and not callee.bold:
        return True  # the cuDNN docs' h_t = \mathrm{activation}(W h + U h + B): an activation, entry by entry
    return (not callee.word and not callee.bold and (callee.base[:1].islower() or callee.layer is not None)
            and callee.base not in ("ell",))


#: words that name an unspecified activation function: applied to an array, entry by entry
ACTIVATION_WORDS = frozenset({"activation", "act", "nonlinearity", "nonlin", "activ"})


def derivative_of_known(name: str, args: list[sympy.Basic], primes: int) -> sympy.Basic:
    """``\\tanh'(x)``, ``\\text{ReLU}'(x)``: the derivative of a known function, applied (element-wise)."""
    f = KNOWN_FUNCTIONS[name]
    d = sympy.Dummy("u", real=True)
    derived = sympy.diff(f(d), d, primes)  # type: ignore[operator]
    return elementwise(lambda x: derived.xreplace({d: x}), args[0])
