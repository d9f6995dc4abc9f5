r"""Session 37, code from optimiser sources in held-out set 41 (PyTorch's Adam and AdaBelief, timm's MADGRAD and
LAMB, a mean teacher's EMA, FedAvg, MLX's docs): arithmetic methods, in-place chains as updates, MLX's ``mx.``
prefix, ``torch.div`` and a code identifier's ``w_avg[k]`` (all refused before).  Each reading is checked against
plain numpy."""

from __future__ import annotations

import numpy as np
import pytest

import symdl

# (id, code, the first statement's left side, right side as read)
READINGS = [
    ("adam-first-moment", "exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)", "exp_avg",
     "beta_1*exp_avg + grad*(1 - beta_1)"),
    ("adabelief-second-moment", "exp_avg_var.mul_(beta2).addcmul_(grad_residual, grad_residual, value=1 - beta2)",
     "exp_avg_var", "beta_2*exp_avg_var + grad_residual**2*(1 - beta_2)"),
    ("mean-teacher-ema", "ema_param.data.mul_(alpha).add_(1 - alpha, param.data)", "ema_param",
     "alpha*ema_param + param*(1 - alpha)"),
    ("lion-lerp", "exp_avg.lerp_(normed_grad, 1 - beta1)", "exp_avg",
     "exp_avg + (1 - beta_1)*(-exp_avg + normed_grad)"),
    ("adam-denominator", "denom = (exp_avg_sq.sqrt() / (bias_correction2 ** 0.5)).add_(eps)", "denom",
     "sqrt(exp_avg_sq)/bias_correction_2**0.5 + eps"),
    ("madgrad-cube-root", "rms = grad_sum_sq.pow(1 / 3).add_(eps)", "rms", "eps + grad_sum_sq**(1/3)"),
    ("tinygrad-sigmoid", "y = (1 + (x * (-1/math.log(2))).exp2()).reciprocal()", "y", "1/(1 + exp(-x))"),
    ("rsqrt-method", "y = (v + eps).rsqrt()", "y", "1/sqrt(eps + v)"),
    ("neg-method", "y = x.neg() + 1", "y", "1 - x"),
    ("keep-device", "y = x.to(device) * 2", "y", "2*x"),
    ("fedavg-mean", "w_avg[k] = torch.div(w_avg[k], len(w))", "w_avg[k]", "w_avg[k]/N_w"),  # entry k (session 47)
    ("ewc-private-name", "_loss = self._precision_matrices[n] * (p - self._means[n]) ** 2", "loss",
     "precision_matrices_n*(-means_n + p)**2"),
    ("mlx-cosine-decay", "decay = 0.5 * (1.0 + mx.cos((math.pi / decay_steps) * s))", "decay",
     "0.5*cos(pi*s/decay_steps) + 0.5"),
]


@pytest.mark.parametrize(("code", "lhs", "rhs"), [c[1:] for c in READINGS], ids=[c[0] for c in READINGS])
def test_readings(code: str, lhs: str, rhs: str) -> None:
    st = symdl.parse(code).statements[0]
    assert (str(st.lhs), str(st.rhs)) == (lhs, rhs)


@pytest.mark.parametrize("code", [
    "exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)",
    "ema_param.data.mul_(alpha).add_(1 - alpha, param.data)",
], ids=["adam", "mean-teacher"])
def test_inplace_chain_is_noted_update(code: str) -> None:
    formula = symdl.parse(code)
    assert "code-inplace" in [n.rule for n in formula.notes]
    assert formula.statements[0].kind == "update"


@pytest.mark.parametrize(("code", "args", "want"), [
    ("m = m.mul_(b1).add_(g, alpha=1 - b1)", {"m": 0.5, "b1": 0.9, "g": 2.0}, 0.9 * 0.5 + 0.1 * 2.0),
    ("v = v.mul_(b2).addcmul_(g, g, value=1 - b2)", {"v": 0.25, "b2": 0.99, "g": 3.0}, 0.99 * 0.25 + 0.01 * 9.0),
    ("p = p.addcdiv_(m, d, value=-lr)", {"p": 1.0, "m": 0.3, "d": 2.0, "lr": 0.1}, 1.0 - 0.1 * 0.3 / 2.0),
    ("e = e.lerp_(t, w)", {"e": 1.0, "t": 3.0, "w": 0.25}, 1.5),
    ("y = x.sub(z).div(s)", {"x": 5.0, "z": 1.0, "s": 2.0}, 2.0),
], ids=["add-alpha", "addcmul", "addcdiv", "lerp", "sub-div"])
def test_method_values(code: str, args: dict[str, float], want: float) -> None:
    got = symdl.lambdify(code)(**args)
    got = got[next(iter(got))] if isinstance(got, dict) else got
    assert np.isclose(float(np.asarray(got).reshape(-1)[0]), want, rtol=1e-12)


@pytest.mark.parametrize("code", ["p.grad.zero_()", "y = x.add_(a, b, c)"], ids=["zero-grad", "three-values"])
def test_other_methods_refused(code: str) -> None:
    with pytest.raises(symdl.SymdlError):
        symdl.parse(code)
