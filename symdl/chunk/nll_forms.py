"""Two negative log-likelihoods that write no ``−log p`` of a class probability (see :mod:`likelihoods`).

- PyTorch's ``NLLLoss``: ``l_n = −w_{y_n} x_{n,y_n}``: the input already holds log-probabilities, so the loss is
  the negated entry of the input at the example's label (an index that is itself a label ``y_n``), weighted by the
  label's class weight.  No log is written, so it is not also said cross-entropy.
- A reconstruction term ``−E_{z∼q(z|x)} log p(x|z)`` (a VAE's): the density is of the data ``x`` GIVEN the
  draw ``z``, so it is a likelihood of ``x``, not a cross-entropy of ``q`` against ``p`` (which scores the drawn
  variable itself: ``−E_{x∼p} log q(x)``).
- The Poisson negative log-likelihood (PyTorch's ``PoissonNLLLoss``, Keras' ``Poisson``): ``λ − y log λ``, up to
  terms of the target alone (``log(y!)``): the rate ``λ`` appears bare and under the log.  A rate is no class
  probability: not cross-entropy either.
"""

from __future__ import annotations

import re

import sympy
from sympy import log
from sympy.core.function import AppliedUndef

from symdl.chunk.algebra import cheap_cancel, factors, terms
from symdl.chunk.lossalg import distribution_name, unreduce
from symdl.chunk.registry import Context, Match
from symdl.read.lexer import fold
from symdl.read.probability import compact_name


def _label_of(x: sympy.Basic) -> sympy.Basic | None:
    """The label ``y_n`` an entry ``x_{n,y_n}`` is picked at: its last index, itself an entry of a label array."""
    if not isinstance(x, sympy.Indexed) or not isinstance(x.indices[-1], sympy.Indexed):
        return None
    return x.indices[-1]


def label_picked(expr: sympy.Basic, ctx: Context) -> Match | None:
    """``−w_{y_n} x_{n,y_n}`` (or without the weight, or reduced over n): PyTorch's NLLLoss on log-probabilities,
    as the whole right side of a statement (the docs' ``l_n = …``); a negated entry inside a larger expression (focal
    loss's ``1 − p̂_{i,y_i}``) is a probability, not a loss."""
    if ctx.statement is None or expr != ctx.statement.rhs:
        return None
    _, _, body, _ = unreduce(expr)
    if len(terms(body)) != 1 or not body.could_extract_minus_sign():
        return None
    fs = [f for f in factors(-body) if not f.is_number]
    picked = [f for f in fs if _label_of(f) is not None and len(f.indices) >= 2]
    if len(picked) != 1:
        return _named_entry(fs, ctx)
    label = _label_of(picked[0])
    weights = [f for f in fs if f is not picked[0]]
    if any(not (isinstance(w, sympy.Indexed) and w.indices == (label,)) for w in weights) or len(weights) > 1:
        return None
    note = f"the negated entry of the log-probabilities ${ctx.latex(picked[0].base)}$ at the label ${ctx.latex(label)}$"
    if weights:
        note += f", weighted by the class weight ${ctx.latex(weights[0])}$"
    return Match("nll", roles=(("log-probability", picked[0]),), note=note)


#: an index word that names the class label (the old PyTorch NLLLoss docs' ``x[class]``, ``x[target]``)
_LABEL_WORDS = ("class", "target", "label")
_ENTRY = re.compile(r"^(.+?)_\{?([A-Za-z]+)\}?$")


def _named_entry(fs: list[sympy.Basic], ctx: Context) -> Match | None:
    """The old PyTorch NLLLoss docs' ``loss(x, class) = −x[class]`` (and ``−weights[class] · x[class]``): entries
    read as names ``x_{class}``, picked by a label that is a word for one (class, target, label), or ``y`` as an
    argument of the function the statement defines beside the input (``loss(x, y) = −x[y]``); the
    last factor is the log-probability, one more the weight at the same label."""
    entries = [m.groups() for f in fs if isinstance(f, sympy.Symbol) and (m := _ENTRY.match(f.name))]
    labels = {label for _, label in entries}
    if len(entries) != len(fs) or len(fs) > 2 or len(labels) != 1:
        return None
    label = labels.pop()
    lhs = ctx.statement.lhs if ctx.statement is not None else None
    args = {str(a) for a in lhs.args} if isinstance(lhs, AppliedUndef) else set()
    x = entries[-1][0]
    if label not in _LABEL_WORDS and not (label == "y" and {label, x} <= args):  # loss(x, y) = −x[y]
        return None
    note = f"the negated entry of the log-probabilities ${x}$ at the class label ${label}$"
    if len(fs) == 2:
        note += f", weighted by the class weight ${ctx.latex(fs[0])}$"
    return Match("nll", roles=(("log-probability", fs[-1]),), note=note)


def poisson(expr: sympy.Basic, ctx: Context) -> Match | None:
    """``λ − y log λ (+ terms of y alone)``: the Poisson negative log-likelihood of the count ``y`` at the rate λ."""
    k, _, body, _ = unreduce(expr)
    if k.could_extract_minus_sign():
        return None
    parts = terms(body)
    for logged in parts:
        inner = [f for f in factors(-logged) if isinstance(f, log)]
        if len(inner) != 1 or logged == -inner[0]:
            continue
        rate = inner[0].args[0]
        y = sympy.Mul(*[f for f in factors(-logged) if f is not inner[0]])
        rest = [t for t in parts if t is not logged]
        if rate.is_number or y.is_number or y == rate or rate not in rest:
            continue
        others = [t for t in rest if t != rate]
        if all(not t.has(rate) and t.free_symbols <= y.free_symbols for t in others):
            lx = ctx.latex
            return Match(
                "nll",
                roles=(("rate", rate), ("target", y)),
                note=f"the Poisson negative log-likelihood of the count ${lx(y)}$ at the rate ${lx(rate)}$ "
                "(λ − y log λ, up to terms of the count alone)",
            )
    return None


_FONT = re.compile(r"\\(?:mathbf|boldsymbol|bm|mathrm|vec)\s*\{([^{}]*)\}")


def _plain(spelled: str) -> str:
    return _FONT.sub(r"\1", spelled).replace(" ", "")


def given_the_draw(expr: sympy.Basic, p: sympy.Basic, ctx: Context) -> bool:
    """Is ``p`` a conditional density ``p(x|z)`` whose condition, not its subject, is the variable the expectation
    in ``expr`` draws (``E_{z∼q}``)?  The reader keeps the draw in the expectation's name (``E_{z \\sim q}``)."""
    if not isinstance(p, AppliedUndef) or len(p.args) < 2:
        return False
    drawn = {
        _plain(type(f).__name__.partition("\\sim")[0].partition("_")[2].lstrip("{"))
        for f in expr.atoms(AppliedUndef)
        if "\\sim" in type(f).__name__
    }
    names = [_plain(ctx.spelling(a)) for a in p.args]
    return bool(drawn) and names[0] not in drawn and any(n in drawn for n in names[1:])


def no_label_likelihood(expr: sympy.Basic, p: sympy.Basic, weight: sympy.Basic, ctx: Context) -> bool:
    """Is a ``−c · log p`` no likelihood of an observed label, though it is written like one?

    - its value is itself under a log: Gumbel noise ``−log(−log u)`` (Jang et al. 2017) draws, it scores nothing;
    - ``p`` is the distribution an expectation around it draws from: SAC's ``E_{a∼π}[−α log π(a|s)]`` (Haarnoja
      et al. 2018) is the policy's entropy, a surprise at its own draw, not at a label;
    - the weight holds a sum or a function's value (a return minus a baseline): the policy-gradient estimator
      ``Σ_t ∇ log π(a_t|s_t)(Σ_{t'} R − b(s_t))`` (OpenAI Spinning Up) weights by a return; a per-class weight
      is an entry or a name (``w_{y_n}``, RetinaNet's ``α_t``);
    - it is one side of a log-ratio, added to the log of another distribution at the same arguments: DPO's implicit
      reward ``β(\\log π_θ(y|x) − \\log π_{ref}(y|x))`` compares two policies, it scores no label.
    """
    whole = ctx.statement.rhs if ctx.statement is not None else expr
    if _log_ratio(whole, expr, p):
        return True
    if any(cheap_cancel(inner.args[0] - expr) == 0 or cheap_cancel(inner.args[0] + expr) == 0
           for inner in whole.atoms(log) if inner.args[0].has(log)):
        return True
    sampled = ctx.formula.sampled if ctx.formula is not None else {}
    if p_name := distribution_name(p):
        if any(value.has(expr) and name == p_name for value, name in sampled.items()):
            return True
        if p_name in _clause_draws(ctx):  # SAC's y = r + γ(... − α log π_θ(ã'|s')), ã' ∼ π_θ: its own draw
            return True
    return weight.has(sympy.Sum) or bool(weight.atoms(AppliedUndef))


def _log_ratio(whole: sympy.Basic, expr: sympy.Basic, p: sympy.Basic) -> bool:
    """Is ``expr`` (``−log p``) a term of a sum in ``whole`` beside ``+log q`` of another distribution q at p's
    arguments (a log-ratio)?"""
    if not isinstance(p, AppliedUndef):
        return False
    for add in (n for n in sympy.preorder_traversal(whole) if isinstance(n, sympy.Add) and expr in n.args):
        for t in add.args:
            logs = [q.args[0] for q in t.atoms(log)] if t is not expr and not t.could_extract_minus_sign() else []
            if any(isinstance(q, AppliedUndef) and q.args == p.args and q.func != p.func for q in logs):
                return True
    return False


def _clause_draws(ctx: Context) -> set[str]:
    """The compacted names of the distributions the formula's draw clauses draw from (``\\tilde a' \\sim
    \\pi_\\theta(\\cdot|s')``, set aside by the reader as a ``distribution-clause``): ``pitheta``."""
    f = ctx.formula
    if f is None:
        return set()
    out: set[str] = set()
    for n in f.notes:
        if n.rule == "distribution-clause":
            clause = fold(f.source[n.span.start : n.span.end].replace("~", "\\sim "))[0]  # a pasted a' ~ π_θ(·|s')
            _, sim, dist = clause.partition("\\sim")
            head = dist.split("(")[0]
            if sim and (name := compact_name(head)):
                out.add(name)
    return out
