r"""Mixture-of-experts layers: the gate-weighted sum of expert networks and the top-k router that gates them.

* ``mixture_of_experts``: Shazeer et al. 2017's ``y = \sum_{i=1}^{n} G(x)_i E_i(x)``, the Switch Transformer's
  ``\sum_{i \in \mathcal{T}} p_i(x) E_i(x)``, DeepSeekMoE's ``u_t + \sum_i g_{i,t} \mathrm{FFN}_i(u_t)``:
  a sum over an index i of an expert (a family of functions, member i, spelled E, FFN, MLP, SwiGLU or Expert) times
  a gate that varies with i and depends on the same input (its argument, or the token index t the expert's input
  carries).  A mixture density ``\sum_k \pi_k p_k(x)`` is no MoE: its components are no experts and its weights
  do not depend on x.
* ``topk_gating``: ``\mathrm{Softmax}(\mathrm{KeepTopK}(H(x), k))``, Mixtral's ``\mathrm{Softmax}(\mathrm{Top2}(x
  W_g))``: a softmax over the largest k router scores only.
"""

from __future__ import annotations

import re

import sympy
from sympy.core.function import AppliedUndef

from symdl.chunk.algebra import is_number
from symdl.chunk.registry import Concept, Context, Match
from symdl.functions import softmax

#: how an expert network is spelled (its function's name before its scripts, lower case)
EXPERT_NAMES = frozenset({"e", "expert", "experts", "ffn", "ffnn", "mlp", "swiglu", "glu"})
#: how a top-k selection of scores is spelled
TOPK_NAMES = re.compile(r"(?:keep)?top_?(?:k|\d+)", re.IGNORECASE)


def _stem(f: AppliedUndef) -> str:
    return re.split(r"[_^]", str(f.func))[0].lower()


def _label(sym: sympy.Basic) -> str:
    """The label after a name's underscore (``g_t`` → ``t``), '' when none."""
    name = str(getattr(getattr(sym, "base", sym), "label", getattr(sym, "base", sym)))
    return name.rsplit("_", 1)[1] if "_" in name else ""


def _mixture_of_experts(expr: sympy.Basic, ctx: Context) -> Match | None:
    if not isinstance(expr, sympy.Sum) or len(expr.limits) != 1:
        return None
    i = expr.limits[0][0]
    fs = [f for f in sympy.Mul.make_args(expr.function) if not is_number(f)]
    experts = [f for f in fs if isinstance(f, AppliedUndef) and len(f.args) > 1 and f.args[0] == i
               and _stem(f) in EXPERT_NAMES]
    if len(fs) != 2 or len(experts) != 1:
        return None
    expert = experts[0]
    gate = next(f for f in fs if f is not expert)
    if not gate.has(i) or gate.has(expert.func):
        return None
    inputs = set().union(*(a.free_symbols for a in expert.args[1:]))
    same_input = bool((gate.free_symbols - {i}) & inputs)  # G(x)_i beside E_i(x)
    same_token = bool(_label(gate)) and any(_label(a) == _label(gate) for a in inputs)  # g_{i,t} beside u_t
    if not (same_input or same_token):
        return None
    return Match("mixture_of_experts", roles=(("gate", gate), ("expert", expert)),
                 note=f"expert ${ctx.latex(expert)}$ weighted by its gate ${ctx.latex(gate)}$, summed over the "
                      f"experts ${ctx.latex(i)}$: a gating network decides, per input, how much each expert counts")


def _topk_gating(expr: sympy.Basic, ctx: Context) -> Match | None:
    if not isinstance(expr, softmax) or len(expr.args) != 1:
        return None
    inner = expr.args[0]
    if not isinstance(inner, AppliedUndef) or not TOPK_NAMES.fullmatch(str(inner.func)):
        return None
    return Match("topk_gating", roles=(("router scores", inner.args[0]),),
                 note=f"a softmax over only the largest router scores of ${ctx.latex(inner.args[0])}$ (the rest set "
                      "to −∞, so their gates are 0): each input is sent to a few experts")


CONCEPTS: tuple[Concept, ...] = (
    Concept(
        "mixture_of_experts", "mixture of experts", "mixes the outputs of expert networks, each weighted by a gate "
        "computed from the input",
        "y = Σ_i G(x)_i E_i(x): a gating network scores the n experts for each input (a softmax, usually kept to "
        "the top k so only those experts run: Shazeer et al. 2017's sparsely-gated MoE, the Switch Transformer's "
        "top-1, Mixtral's top-2), and the layer's output is the gate-weighted sum of the chosen experts' outputs. "
        "DeepSeekMoE adds the token's input back (u_t + Σ_i g_{i,t} FFN_i(u_t)) and keeps a few shared experts "
        "that every token uses. An auxiliary load-balancing loss keeps the router from favouring a few experts.",
        ("gate", "expert"), ("topk_gating", "weighted_sum", "softmax", "residual"), "layer", _mixture_of_experts,
        heads=(sympy.Sum,), subsumes=("weighted_sum",),
    ),
    Concept(
        "topk_gating", "top-k gating", "a softmax over only the k largest router scores: picks which experts run",
        "G(x) = Softmax(KeepTopK(H(x), k)): the router's scores H(x) (often x W_g plus tunable noise) keep their k "
        "largest entries and the rest become −∞, so after the softmax only k gates are non-zero and only those "
        "experts are computed (Shazeer et al. 2017; Mixtral's Top2; the Switch Transformer's top-1).",
        ("router scores",), ("mixture_of_experts", "softmax"), "layer", _topk_gating,
        heads=(softmax,), subsumes=("softmax",),
    ),
)
