r"""Reinforcement learning's returns and targets, named by what they add up: rewards, discounted.

* ``discounted_return``: Sutton & Barto's ``G_t = R_{t+1} + \gamma G_{t+1}`` and ``G_t = \sum_k \gamma^k R_{t+k+1}``,
  Karpathy's Pong code ``running_add = running_add * gamma + r[t]``: a reward plus the discounted return after it
  (a recurrence on the statement's own name), or rewards weighted by powers of the discount.  The same recurrence with
  a gradient instead of a reward is momentum: the added term must be spelled as a reward (r, R, reward).
* ``td_target``: DQN's ``y = r + \gamma \max_{a'} Q(s', a')``, the TD error ``\delta_t = r_t + \gamma V(s_{t+1}) -
  V(s_t)``: a reward plus the discounted value (V or Q) of the next state, less the current value for the error.
"""

from __future__ import annotations

import sympy
from sympy.core.function import AppliedUndef
from sympy.matrices.expressions.matexpr import MatrixExpr

from symdl.chunk.algebra import is_number
from symdl.chunk.registry import Concept, Context, Match
from symdl.functions import MaxOver

#: how a reward is spelled (the head of its name, lower case)
REWARD_HEADS = frozenset({"r", "reward", "rewards", "rew"})
#: how a value function is spelled
VALUE_HEADS = frozenset({"v", "q"})


def _named(x: sympy.Basic) -> sympy.Basic:
    return x.base.label if isinstance(x, sympy.Indexed) else x


def is_reward(x: sympy.Basic, ctx: Context) -> bool:
    """Is ``x`` one reward (``r``, ``r_t``, ``R_{t+1}``, code's ``r[t]``, ``reward``)?"""
    x = _named(x)
    return isinstance(x, (sympy.Symbol, sympy.MatrixSymbol)) and ctx.head(x) in REWARD_HEADS


def _value(x: sympy.Basic, ctx: Context) -> bool:
    """Is ``x`` a value function's value (``V(s')``, ``Q(s', a')``, ``\\max_{a'} Q(s', a')``)?"""
    if isinstance(x, MaxOver):
        x = x.args[0]
    return isinstance(x, AppliedUndef) and str(x.func).split("_")[0].split("^")[0].lower() in VALUE_HEADS


def _discount(c: sympy.Basic, ctx: Context) -> bool:
    """Is ``c`` a discount: γ, a number, or a product of numbers and Greek settings (γλ)?"""
    return all(is_number(f) or (isinstance(f, sympy.Symbol) and ctx.is_greek(f)) or ctx.head(f) == "gamma"
               for f in sympy.Mul.make_args(c))


def _own_series(later: sympy.Basic, target: sympy.Basic, ctx: Context) -> bool:
    """Is ``later`` the target itself (code's ``running_add``) or the target's series at another step (``G_{t+1}``
    beside ``G_t``)?  RLHF's ``r = r_\\theta - \\lambda r_{KL}`` adds another quantity, no return."""
    if later == target:
        return True
    series = ctx.formula.time_series.values() if ctx.formula is not None else ()
    return any(later in s.values() and target in s.values() for s in series)


def _discounted_return(expr: sympy.Basic, ctx: Context) -> Match | None:
    if isinstance(expr, sympy.Sum) and len(expr.limits) == 1:
        k = expr.limits[0][0]
        fs = [f for f in sympy.Mul.make_args(expr.function) if not is_number(f)]
        powers = [f for f in fs if isinstance(f, sympy.Pow) and f.exp == k and _discount(f.base, ctx)]
        rewards = [f for f in fs if isinstance(f, sympy.Indexed) and is_reward(f, ctx) and f.has(k)]
        if len(fs) == 2 and len(powers) == 1 and len(rewards) == 1:
            return Match("discounted_return", roles=(("reward", rewards[0]), ("discount", powers[0].base)),
                         note=f"rewards weighted by powers of the discount ${ctx.latex(powers[0].base)}$: a reward "
                              f"${ctx.latex(k)}$ steps ahead counts ${ctx.latex(powers[0])}$ as much")
        return None
    st = ctx.statement
    if not isinstance(expr, sympy.Add) or len(expr.args) != 2 or st is None or st.target is None:
        return None
    for reward, rest in (expr.args, expr.args[::-1]):
        coeff, later = rest.as_coeff_Mul() if not isinstance(rest, sympy.MatrixExpr) else (1, rest)
        if not isinstance(later, sympy.Mul):
            later = sympy.Mul(coeff, later) if coeff != 1 else later
            coeff = 1
        parts = sympy.Mul.make_args(later)
        kept = [p for p in parts if ctx.head(_named(p)) == ctx.head(_named(st.target)) and not _discount(p, ctx)]
        decay = sympy.Mul(coeff, *[p for p in parts if p not in kept])
        if (is_reward(reward, ctx) and len(kept) == 1 and decay != 1 and _discount(decay, ctx)
                and not decay.could_extract_minus_sign() and _own_series(kept[0], st.target, ctx)):
            return Match("discounted_return", roles=(("reward", reward), ("later return", kept[0])),
                         params=(("discount", decay),),
                         note=f"the reward ${ctx.latex(reward)}$ plus the return after it, discounted by "
                              f"${ctx.latex(decay)}$: computed backwards from the episode's end")
    return None


def _td_target(expr: sympy.Basic, ctx: Context) -> Match | None:
    if not isinstance(expr, sympy.Add):
        return None
    terms = list(expr.args)
    rewards = [t for t in terms if is_reward(t, ctx)]
    ahead = [t for t in terms if not t.could_extract_minus_sign()
             and len(vs := [f for f in sympy.Mul.make_args(t) if _value(f, ctx)]) == 1
             and _discount(sympy.Mul(*[f for f in sympy.Mul.make_args(t) if f is not vs[0]]), ctx)
             and t != vs[0]]
    now = [t for t in terms if t.could_extract_minus_sign() and _value(-t, ctx)]
    if len(rewards) != 1 or len(ahead) != 1 or len(terms) != 2 + len(now) or len(now) > 1:
        return None
    what = "the TD error: the target less the current estimate" if now else "the TD target"
    return Match("td_target", roles=(("reward", rewards[0]), ("discounted next value", ahead[0])),
                 name="TD error" if now else "",
                 note=f"{what}, the reward plus the discounted value of the next state (bootstrapping)")


CONCEPTS: tuple[Concept, ...] = (
    Concept(
        "discounted_return", "discounted return", "adds up future rewards, each discounted by how far ahead it is",
        "G_t = R_{t+1} + γ R_{t+2} + γ² R_{t+3} + ... = R_{t+1} + γ G_{t+1}: a reward k steps ahead counts γ^k as "
        "much, so with γ < 1 the sum is finite and near rewards matter most (Sutton & Barto, ch. 3). Code computes it "
        "backwards from the episode's end (Karpathy's running_add = running_add * gamma + r[t]); REINFORCE weights "
        "the log-probability gradients by it.",
        ("reward", "later return"), ("td_target",), "reinforcement learning", _discounted_return,
        heads=(sympy.Add, sympy.Sum),
    ),
    Concept(
        "td_target", "TD target", "a reward plus the discounted value of the next state: the target a value "
        "function learns toward",
        "y = r + γ V(s') (or r + γ max_a' Q(s', a') in Q-learning and DQN): the one-step bootstrapped estimate of "
        "the return. Less the current estimate V(s) it is the TD error δ = r + γV(s') − V(s), which TD learning, "
        "actor-critic methods and GAE (a discounted sum of TD errors) are built on.",
        ("reward", "discounted next value"), ("discounted_return",), "reinforcement learning", _td_target,
        heads=(sympy.Add,),
    ),
)


#: how a return, an advantage or a value weighting a log-probability's gradient is spelled (its head, lower case)
RETURN_HEADS = frozenset({"g", "r", "q", "a", "ahat", "advantage", "advantages", "return", "returns", "reward",
                          "rewards", "adv", "psi"})


def _log_policy_gradient(f: sympy.Basic) -> bool:
    """Is ``f`` the gradient of a log-probability, ``∇_θ log π_θ(a|s)`` (a derivative of the log of a call)?"""
    return isinstance(f, sympy.Derivative) and isinstance(f.expr, sympy.log) and isinstance(
        f.expr.args[0], AppliedUndef)


def _weighting(f: sympy.Basic, ctx: Context) -> bool:
    """Is ``f`` a return, an advantage or a value (``G_t``, ``\\hat{A}_t``, ``Q^π(s, a)``, ``R``, ``G_t − b``)?"""
    if isinstance(f, sympy.Add):
        return any(_weighting(t, ctx) for t in f.args if not t.could_extract_minus_sign())
    if isinstance(f, AppliedUndef):
        return str(f.func).split("^")[0].split("_")[0].lower() in ("q", "a", "r")
    x = _named(f)
    return isinstance(x, (sympy.Symbol, sympy.MatrixSymbol)) and ctx.head(x).lstrip("\\") in RETURN_HEADS


def _policy_gradient(expr: sympy.Basic, ctx: Context) -> Match | None:
    if type(expr).__name__ == "HadamardProduct" and len(expr.args) == 2:  # code's (log_probs * returns)
        names = [ctx.spelling(a).lower().replace("\\", "") for a in expr.args]
        if any("log_prob" in n or "logprob" in n for n in names) and any(
                w in n for n in names for w in ("return", "advantage", "reward")):
            return Match("policy_gradient", roles=(("log-probabilities", expr.args[0]), ("returns", expr.args[1])),
                         note="log-probabilities of the actions taken, weighted by their returns: REINFORCE's loss")
        return None
    if not isinstance(expr, sympy.Mul):
        return None
    fs = list(expr.args)
    grads = [f for f in fs if _log_policy_gradient(f)]
    weights = [f for f in fs if f not in grads and _weighting(f, ctx)]
    if len(grads) != 1 or not weights:
        return None
    return Match("policy_gradient", roles=(("score", grads[0]), ("weight", weights[0])),
                 note=f"the gradient of the log-probability ${ctx.latex(grads[0].expr)}$ weighted by "
                      f"${ctx.latex(weights[0])}$: actions that did better than expected become more likely")


CONCEPTS = (*CONCEPTS, Concept(
    "policy_gradient", "policy gradient (REINFORCE)", "raises the log-probability of actions in proportion to "
    "how well they did",
    "∇_θ J(θ) = E[∇_θ log π_θ(a|s) Ψ], with Ψ the return G_t (REINFORCE), the return less a baseline, an advantage Â "
    "or Q^π(s, a): the score function ∇ log π weighted by the action's outcome; a sample of it is an unbiased "
    "estimate of the gradient of the expected return (Williams 1992; Sutton et al. 2000).",
    ("score", "weight"), ("discounted_return", "td_target"), "reinforcement learning", _policy_gradient,
    heads=(sympy.Mul, MatrixExpr),
))
