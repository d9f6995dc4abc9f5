r"""Conventional meanings that the context of a call overrules or puts in doubt, each read by a documented rule
with a note (never a silent guess):

- ``sigma-std-parameter``: σ(·) written as a parameter of a normal distribution (Nair & Hinton's noisy ReLU
  ``\max(0, x + N(0, \sigma(x)))``, ``\mathcal{N}(\mu(x), \sigma(x)^2)``) is a standard deviation, a function
  symdl does not know, not the logistic sigmoid;
- ``sigma-schedule``: σ(t) of the lone time letter beside another schedule of t, or scaling a bold vector (a
  diffusion model's noise scale ``\sigma(t)\boldsymbol{\varepsilon}``, the log-SNR ``\log \alpha(t)^2/\sigma(t)^2``)
  is a schedule, a function of time symdl does not know;
- ``sigma-distribution``: σ(·) where a probability distribution over classes is meant (an argument of KL, CE, JS
  or an entropy H, or a logit divided by a temperature T or τ: Hinton et al.'s distillation) stays the sigmoid,
  noted with how to write the softmax;
- ``sigma-activation``: σ(·), the whole right side of a definition of a layer's or node's new representation (a
  name with a layer superscript, ``H^{(l+1)}``, ``a^l``; a primed name, GAT's ``h_i'``; or ``h``/``H``, a hidden
  representation, ``a``/``A``, an activation) of a computed argument (not a named pre-activation, Nielsen's
  ``\sigma(z^l)``, where the textbooks introduce the sigmoid) where the formula does not define σ itself, stays the
  logistic sigmoid, noted: graph and deep network papers write σ there for any activation (Kipf & Welling's GCN:
  "σ(·) denotes an activation function, such as ReLU"), while a gate (LSTM's ``f_t``) or a probability
  (``\hat{y}``, ``p``, an example's ``a^{(i)}``) means the sigmoid;
- ``own-definition``: a known function whose built-in reading rewrites its call (RMS's root mean square, the
  two-argument cos's cosine similarity, the largest entry of ``\max(\mathbf{x})``) applied to plain names on the
  left of ``=`` is the function the formula defines: its written name is kept there, as a defined function;
- ``own-definition-differs``: a definition of a known function of one number whose value differs from the
  built-in's at a point (BinaryConnect's hard sigmoid written ``\sigma(x) = ...``) is noted as the formula's own.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import sympy

from symdl.errors import Span
from symdl.read.syntax import AtomSpec, Placeholder, placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder

#: known functions whose built-in reading rewrites a call of plain names → (number of arguments or None for any,
#: what the built-in is)
_REWRITTEN: dict[str, tuple[int | None, str]] = {
    "rms": (None, "the root mean square of its argument's entries, \\sqrt{\\sum_i x_i^2 / n}"),
    "cos": (2, "the cosine similarity x_1^T x_2 / (\\|x_1\\| \\|x_2\\|)"),
    "max": (1, "the largest entry of its vector"),
    "min": (1, "the smallest entry of its vector"),
}

#: word callees that take probability distributions over classes (a divergence, a cross-entropy)
_OF_DISTRIBUTIONS = frozenset({"kl", "ce", "js", "jsd", "xent", "crossentropy", "entropy"})
#: the subscripts of a divergence written D_{KL}, D_{JS}
_DIVERGENCE_SUBSCRIPTS = frozenset({"KL", "JS", "\\mathrm{KL}", "\\text{KL}", "\\mathrm{JS}", "\\text{JS}"})
#: letters a logit is divided by as a temperature
_TEMPERATURES = frozenset({"T", "tau"})


def _callee(p: Placeholder) -> AtomSpec | None:
    c = p.data.get("callee") if p.kind == "call" else None
    return c if isinstance(c, AtomSpec) else None


def _head(b: Binder, p: Placeholder) -> str:
    """A call's function as written before its parenthesis (``\\mathrm{KL}\\left(p \\| q\\right)``: \\mathrm{KL})."""
    head = b.source[p.span.start : p.span.end].split("(", 1)[0]
    return re.sub(r"\\(left|[bB]igg?l?)\s*$", "", head.strip()).strip()


def _plain_sigma(p: Placeholder) -> bool:
    c = _callee(p)
    return (
        c is not None
        and c.base == "sigma"
        and not c.decorations
        and c.sub is None
        and not c.primes
        and c.layer is None
        and len(p.data["args"]) == 1
    )


def _inside(inner: Span, spans: list[Span]) -> bool:
    return any(s.start <= inner.start and inner.end <= s.end for s in spans)


def _arg_spans(p: Placeholder) -> list[Span]:
    return [a.span for a in p.data["args"]]


def _is_normal(p: Placeholder) -> bool:
    """``\\mathcal{N}(0, \\sigma(x))``, ``N(0, \\sigma(x))`` (two parameters or more), ``\\text{Normal}(...)``, or a
    normal distribution after ``\\sim``."""
    if p.kind == "distribution":
        return getattr(p.data.get("cls"), "__name__", "") == "Normal"
    c = _callee(p)
    if c is None or c.decorations or c.primes:
        return False
    if c.word:
        return c.base.lower() in ("normal", "gaussian")
    return c.base == "N" and c.sub is None and (c.cal or len(p.data["args"]) >= 2)


def _takes_distributions(p: Placeholder) -> bool:
    """KL(p ‖ q), D_{KL}(p ‖ q), CE(y, p), H(p): a functional of probability distributions."""
    c = _callee(p)
    if c is None or c.decorations or c.primes:
        return False
    if c.word:
        return c.base.lower().replace("_", "") in _OF_DISTRIBUTIONS
    if c.base == "D" and c.sub is not None:
        return c.sub.text.replace(" ", "") in _DIVERGENCE_SUBSCRIPTS
    return c.base == "H" and c.sub is None and not c.bold


#: another schedule of time beside σ(t) (a diffusion model's \alpha(t), \bar\alpha(t), \beta(t), g(t), EDM's
#: \dot\sigma(t)), σ(t) scaling a bold vector (the noise \sigma(t)\boldsymbol{\varepsilon}), or an SDE's \mathrm{d}t:
#: then σ(t) is the noise scale, never the sigmoid of t
_SCHEDULES = re.compile(r"\\(?!sigma\b)[a-z]+\}?\s*\(\s*t\s*\)|\\sigma\s*\(\s*t\s*\)\s*\\(?:mathbf|boldsymbol|bm)\b"
                        r"|\\dot\s*\{?\s*\\sigma|(?<!\{)\\mathrm\s*\{\s*d\s*\}\s*t\b")


def sigma_std_calls(b: Binder) -> set[int]:
    """The plain σ(·) calls written inside a normal distribution's parameters (noted ``sigma-std-parameter``), and
    those of the lone time letter t (a diffusion model's noise scale ``\\alpha(t)\\mathbf{x}_0 +
    \\sigma(t)\\boldsymbol{\\varepsilon}``, noted ``sigma-schedule``): functions symdl does not know."""
    if b.sigma_is_std:  # AdaIN's \sigma(y) beside \mu(y): every \sigma is a deviation already (noted)
        return set()
    normals = [q for q in b.ph.values() if _is_normal(q)]
    out: set[int] = set()
    for k, p in b.ph.items():
        if not _plain_sigma(p):
            continue
        if len(p.data["args"]) == 1 and (t := b.atoms.get(placeholder_id(p.data["args"][0].expr))) is not None \
                and t.base == "t" and t.sub is None and not (t.bold or t.decorations or t.primes or t.layer) \
                and _SCHEDULES.search(b.source):
            out.add(k)  # the sigmoid of time is never what a schedule σ(t) means
            b._note("sigma-schedule", p.span, text=b.source[p.span.start : p.span.end])
            continue
        around = next((q for q in normals if _inside(p.span, _arg_spans(q))), None)
        if around is None:
            continue
        out.add(k)
        arg = p.data["args"][0].span
        b._note(
            "sigma-std-parameter",
            p.span,
            argument=b.source[arg.start : arg.end],
            distribution=b.source[around.span.start : around.span.end],
        )
    return out


def _over_temperature(b: Binder, p: Placeholder) -> str | None:
    """The temperature the argument of σ is divided by (``z_t / T``), or None."""
    for f in sympy.Mul.make_args(p.data["args"][0].expr):
        if isinstance(f, sympy.Pow) and f.exp == -1 and (k := placeholder_id(f.base)) is not None:
            a = b.atoms.get(k)
            if a is not None and a.base in _TEMPERATURES and a.sub is None and not a.decorations:
                return a.spelling
    return None


def _beside_kronecker(b: Binder) -> bool:
    """Does the formula write a Kronecker delta ``\\delta_{ij}`` (no statement defining it)?"""
    from symdl.bind.names import kronecker_letters

    return any(kronecker_letters(a) is not None and a.spelling.replace(" ", "") not in b.defined_deltas
               for a in b.atoms.values())


def note_sigma_distributions(b: Binder, std_calls: set[int]) -> set[int]:
    """Note each sigmoid σ(·) written where a distribution over classes is meant (``sigma-distribution``); the calls
    noted."""
    takers = [q for q in b.ph.values() if _takes_distributions(q)]
    noted: set[int] = set()
    own = next((k for k, q in b.ph.items() if _plain_sigma(q) and any(  # \sigma(\mathbf{z})_i = e^{z_i} / ...
        len(st.sides) > 1 and st.sides[0].span.start == q.span.start for st in b.rr.statements)), None)
    complement = re.search(r"1\s*-\s*\\sigma", b.source) is not None  # \log(1 - \sigma(\mathbf{z})_c)
    for k, p in b.ph.items():
        if not _plain_sigma(p) or k in std_calls or b.sigma_is_std:
            continue
        around = next((q for q in takers if _inside(p.span, _arg_spans(q))), None)
        temperature = _over_temperature(b, p)
        if around is not None:
            why = f"it is an argument of {_head(b, around)}, which compares probability distributions"
        elif temperature is not None:
            why = f"its argument is divided by {temperature}, a temperature"
        elif own is not None or complement:
            continue  # the formula says what σ is, or writes 1 - σ(...): a probability of one class, the sigmoid's
        elif b.source[p.span.end :].lstrip().startswith("_"):
            why = "an entry of its value is taken, as of the softmax's, \\sigma(\\mathbf{z})_i"
        elif _beside_kronecker(b) and not noted:  # said once: every σ of the formula is meant alike
            why = ("the Kronecker delta is written beside it, as in the softmax's Jacobian "
                   "\\sigma(z_i)(\\delta_{ij} - \\sigma(z_j))")
        else:
            continue
        b._note("sigma-distribution", p.span, why=why)
        noted.add(k)
    return noted


#: names of a hidden representation (d2l's H = \sigma(XW + b), Elman's h_t, GraphSAGE's h_v^k) or a layer's activation
#: (Nielsen's and Ng's a = \sigma(Wx + b), A = \sigma(Z) — of a computed argument only)
_HIDDEN = frozenset({"h", "H", "a", "A"})


def _new_representation(a: AtomSpec) -> bool:
    """A layer's or node's new representation: ``H^{(l+1)}``, ``a^l``, GAT's ``h_i'``, a hidden ``h``/``H``."""
    if a.base in ("a", "A") and a.sample is not None:
        return False  # Ng's a^{(i)} = \sigma(w^T x^{(i)} + b): example i's probability, the sigmoid
    return not a.word and (a.layer is not None or a.primes > 0 or a.base in _HIDDEN)


def note_sigma_activations(b: Binder, std_calls: set[int]) -> set[int]:
    """Note each plain σ(·) that is the whole right side of a definition of a layer's or node's new representation
    (``sigma-activation``, see the module): kept as the sigmoid, a guess; the calls noted."""
    noted: set[int] = set()
    if b.sigma_is_std or any(_plain_sigma(b.ph[k]) for k in b.defined_entries):
        return noted  # \sigma(x) = 1/(1 + e^{-x}) beside: the formula says what σ is
    for st in b.rr.statements:
        if st.relation not in ("=", "define") or len(st.sides) != 2:
            continue
        k, v = placeholder_id(st.sides[0].expr), placeholder_id(st.sides[1].expr)
        lhs = b.atoms.get(k) if k is not None else None
        p = b.ph.get(v) if v is not None else None
        if lhs is None or p is None or v in std_calls or not _plain_sigma(p) or not _new_representation(lhs):
            continue
        if _plain_name(b, p.data["args"][0].expr):
            continue  # Nielsen's a^l = \sigma(z^l), Ng's A^{[1]} = \sigma(Z^{[1]}): of a named pre-activation
        b._note("sigma-activation", p.span, name=lhs.spelling)
        noted.add(v)
    return noted


def note_sigma_in_averages(b: Binder) -> set[int]:
    """Note each plain σ(·) or σ'(·) inside an average in angle brackets (Roberts & Yaida's ``\\langle \\sigma'(z)
    \\sigma'(z) \\rangle_K``, an average over a Gaussian of width K): kept as the sigmoid, a guess, for the theory
    writes σ for any activation (``sigma-in-average``); the calls noted."""
    averages = [n.span for n in b.rr.notes if n.rule == "angle-mean"]
    noted: set[int] = set()
    if not averages or b.sigma_is_std or any(_plain_sigma(b.ph[k]) for k in b.defined_entries):
        return noted
    for p in b.ph.values():
        c = _callee(p) if p.kind == "call" else None
        if c is None or c.base != "sigma" or c.decorations or c.sub is not None or len(p.data["args"]) != 1:
            continue
        if any(a.start <= p.span.start and p.span.end <= a.end for a in averages):
            b._note("sigma-in-average", p.span, text=b.source[p.span.start : p.span.end])
            noted.add(p.id)
    return noted


def _plain_name(b: Binder, e: Any) -> bool:
    k = placeholder_id(e)
    return k is not None and k in b.atoms


def own_definitions(b: Binder) -> set[int]:
    """The calls on the left of a definition that keep the written name instead of the built-in reading
    (``own-definition``, see the module)."""
    out: set[int] = set()
    for k in b.defined_entries:
        p = b.ph[k]
        known = p.data.get("known") if p.kind == "call" else None
        if known is not None and known not in _REWRITTEN and (params := _variant_parameters(b, p)):
            out.add(k)  # the PyTorch docs' Softplus(x) = \frac{1}{\beta}\log(1 + \exp(\beta x)): a variant of its own
            b._note("own-variant", p.span, name=_head(b, p), params=", ".join(params))
            continue
        if known not in _REWRITTEN:
            continue
        arity, builtin = _REWRITTEN[known]
        args = p.data["args"]
        if (arity is not None and len(args) != arity) or not all(_plain_name(b, a.expr) for a in args):
            continue
        out.add(k)
        head = _head(b, p)
        uses = [q for q in b.ph.values() if q.kind == "call" and q.data.get("known") == known and q.id != k]
        elsewhere = (
            f"; where the formula applies {head} elsewhere ({b.source[uses[0].span.start : uses[0].span.end]}"
            "), it is this definition too"
            if uses
            else ""
        )
        b._note("own-definition", p.span, name=head, builtin=builtin, elsewhere=elsewhere)
    return out


def _variant_parameters(b: Binder, p: Placeholder) -> list[str]:
    """The names other than its arguments (and a sum's indices) that the definition of the known function called at
    ``p`` (plain names as arguments, on the left of ``=``) uses: its parameters (softplus's β, ELU's α), which
    symdl's built-in fixes; [] for none."""
    from symdl.activations import READER_FUNCTIONS
    from symdl.bind.sums import reachable

    args = [b.atoms.get(placeholder_id(a.expr)) for a in p.data["args"]]  # type: ignore[arg-type]
    st = next((st for st in b.rr.statements if placeholder_id(st.sides[0].expr) == p.id), None)
    if p.data.get("known") not in READER_FUNCTIONS or not args or any(a is None for a in args) or st is None:
        return []  # (Bishop's \ln p = ...: a log-probability named, no definition of the logarithm)
    inside = [a for k in sorted({k for side in st.sides[1:] for k in reachable(b.ph, side.expr)})
              if (a := b.atoms.get(k)) is not None and b.ph[k].kind == "atom"]
    spelt = {a.spelling for a in args}  # type: ignore[union-attr]
    if not spelt <= {a.spelling for a in inside}:
        return []  # a definition at x uses x
    found = [a.spelling for a in inside if a.spelling not in spelt and a.base not in b.sum_names]
    return list(dict.fromkeys(found))


#: the points a definition of a known function of one number is compared with the built-in at
_POINTS = (-1.7, -0.3, 0.6, 2.2)


def _number(e: sympy.Basic) -> float | None:
    """The value of a closed expression as a float (known functions expanded), or None."""
    v = e.evalf()
    if not v.is_Number:
        v = sympy.expand_func(e).evalf()
    return float(v) if v.is_Number and v.is_real and v.is_finite else None


def note_differing_definition(b: Binder, first: Any, lhs: sympy.Basic, rhs: sympy.Basic) -> None:
    """BinaryConnect's ``\\sigma(x) = \\max(0, \\min(1, \\frac{x+1}{2}))``: a definition of a known function of one
    number whose value differs from the built-in's at a point (a float comparison, which may only rule equality
    out) is noted ``own-definition-differs``: the formula's function is its own."""
    from symdl.functions import KNOWN_FUNCTIONS

    k = placeholder_id(first)
    p = b.ph.get(k) if k is not None else None
    known = p.data.get("known") if p is not None and p.kind == "call" else None
    letters = {v for v in KNOWN_FUNCTIONS.values() if isinstance(v, sympy.FunctionClass)}
    f = KNOWN_FUNCTIONS.get(known or "") or (lhs.func if getattr(lhs, "func", None) in letters else None)  # \sigma
    own = f is None and "sigma" in b.defined_callees and getattr(getattr(lhs, "func", None), "__name__", "") == "sigma"
    if own:  # Bach's \sigma(u) = (u)_+: the formula's own σ everywhere (symdl.bind.setup), compared with the sigmoid
        f = KNOWN_FUNCTIONS["sigmoid"]
    if p is None or f is None or known in _REWRITTEN or len(lhs.args) != 1 or len(p.data["args"]) != 1:
        return
    x = lhs.args[0]
    if (
        not isinstance(x, sympy.Symbol)
        or getattr(rhs, "is_Matrix", False)
        or rhs.free_symbols - {x}
        or rhs.has(sympy.Sum, sympy.Integral, sympy.Derivative, sympy.Subs)
        or rhs.atoms(sympy.core.function.AppliedUndef)
    ):
        return
    for v in _POINTS:
        try:
            theirs, builtin = _number(rhs.xreplace({x: sympy.Float(v)})), _number(f(sympy.Float(v)))  # type: ignore[operator]
        except (TypeError, ValueError, ArithmeticError):
            return
        if theirs is None or builtin is None:
            return
        if abs(theirs - builtin) > 1e-6 * max(1.0, abs(builtin)):
            head = _head(b, p)
            arg = p.data["args"][0].span
            b._note(
                "own-sigma" if own else "own-definition-differs",
                p.span,
                name=head,
                at=f"{b.source[arg.start : arg.end]} = {v}",
                theirs=f"{theirs:.4g}",
                builtin=f"{builtin:.4g}",
            )
            return


def note_sigma_chains(b: Binder) -> None:
    """Note a plain σ(·) that a chain of equalities sets equal to a softmax's form, an exponential over a sum of
    exponentials (``p(z) = \\sigma(z) = \\frac{e^{z_i}}{\\sum_j e^{z_j}}``; Bishop and Wikipedia write
    σ for the softmax): kept as the sigmoid, a guess (``sigma-softmax-chain``)."""
    if b.sigma_is_std:
        return
    for st in b.rr.statements:
        if len(st.sides) < 3:
            continue
        texts = [b.source[s.span.start : s.span.end] for s in st.sides]
        softmax_like = any("\\sum" in t and ("e^" in t or "\\exp" in t) and "\\frac" in t for t in texts)
        for side in st.sides:
            k = placeholder_id(side.expr)
            if softmax_like and k is not None and b.ph[k].kind == "call" and _plain_sigma(b.ph[k]):
                b._note("sigma-softmax-chain", b.ph[k].span, text=b.source[b.ph[k].span.start : b.ph[k].span.end])
