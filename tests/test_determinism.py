"""Same input, same answer from run to run: SymPy's own random choices (its assumption system's shuffled fact
order, random zero tests) are seeded at the start of every public call (``symdl.sympy_fixes.reseed``).

Before, the same ``explain`` created 4, 5 or 6 Dummy symbols from run to run, and a ``check`` later in the same
process showed its truth factored in one run and expanded in another (fuzz idle-vs-loaded input 1073).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

# (id, formula, variable, claim): each run in fresh processes several times
CASES = [
    ("sigmoid-as-exponentials", r"\frac{e^x}{1+e^x}", "x", "0"),
    ("garbled-relu-of-a-sample", r"( ma x( 0, math bf{(i)} cd o t mat hb f{x } + b) )", "m",
     r"( ma x( 0, math bf{(i)} cd o t mat hb f{x } + b) )"),
    ("softplus-check", r"\log(1 + e^{x})", "x", r"\sigma(x)"),
]

SCRIPT = r"""
import json, sys
import sympy, symdl
text, wrt, claim = sys.argv[1:4]
before = sympy.Dummy._count
explanation = str(symdl.explain(text))
made = sympy.Dummy._count - before
symdl.parse(r"\tanh(x) + \frac{1}{1 + e^{-2x}}")  # other work in between: the next calls must not depend on it
verdict = str(symdl.check_gradient(text, wrt, claim))
derivative = str(symdl.diff(text, wrt).expr)
print(json.dumps([made, explanation, verdict, derivative]))
"""


def _run(text: str, wrt: str, claim: str) -> list:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    out = subprocess.run([sys.executable, "-c", SCRIPT, text, wrt, claim], capture_output=True, text=True, env=env,
                         timeout=300, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(("text", "wrt", "claim"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_runs_agree(text: str, wrt: str, claim: str) -> None:
    runs = [_run(text, wrt, claim) for _ in range(3)]
    assert runs[1:] == runs[:1] * 2


def test_a_call_does_not_depend_on_the_calls_before_it() -> None:
    import symdl

    text = r"\frac{e^x}{1+e^x}"
    first = str(symdl.check_gradient(text, "x", "0"))
    for other in (r"\log(1 + e^{x})", r"\sigma(z) (1 - \sigma(z))", r"\tanh(x)^2"):
        symdl.explain(other)
    assert str(symdl.check_gradient(text, "x", "0")) == first


ERROR_SCRIPT = r"""
import sys, symdl
try:
    symdl.parse(sys.argv[1])
except symdl.SymdlError as err:
    print(str(err).splitlines()[0])
"""


@pytest.mark.parametrize("text", [
    # GAE's series whose last term fits two counts: the clauses naming them came in a set's order (hash-seeded)
    r"\hat{A}_t = \delta_t + (\gamma\lambda)\delta_{t+1} + \cdots + (\gamma\lambda)^{T-t+1}\delta_{T-1}",
], ids=["gae-series-two-ends"])  # fmt: skip
def test_error_message_does_not_depend_on_the_hash_seed(text: str) -> None:
    """A user's Python runs with a random hash seed: the same refusal must say the same words every run."""
    outs = {subprocess.run([sys.executable, "-c", ERROR_SCRIPT, text], capture_output=True, text=True, timeout=300,
                           check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "3")}
    assert len(outs) == 1 and "give" in outs.pop()
