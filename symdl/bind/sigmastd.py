"""σ(·) beside μ(·) of the same argument: the standard deviation beside the mean (AdaIN's σ(y) ... + μ(y)),
not the logistic sigmoid.  The rule ``sigma-std-beside-mean`` notes each σ call it reads so."""

from __future__ import annotations

from typing import Any

from symdl.read.syntax import AtomSpec


def _plain_callee(p: Any, base: str) -> bool:
    c = p.data.get("callee")
    return (p.kind == "call" and isinstance(c, AtomSpec) and c.base == base and not c.decorations
            and c.sub is None and not c.primes and c.layer is None)


def _arg_key(p: Any, source: str) -> str:
    return ",".join("".join(source[a.span.start : a.span.end].split()) for a in p.data["args"])


def sigma_beside_mean(b: Any) -> list[tuple[int, str]]:
    """The plain σ(·) calls of a formula that also applies a plain μ to one of σ's arguments (AdaIN's σ(x),
    μ(x)): (placeholder, argument) of each σ call, read as a standard deviation.  Empty otherwise."""
    sigmas = [(k, _arg_key(p, b.source)) for k, p in b.ph.items() if _plain_callee(p, "sigma")]
    means = {_arg_key(p, b.source) for p in b.ph.values() if _plain_callee(p, "mu")}
    if not any(key in means for _, key in sigmas):
        return []
    return sigmas
