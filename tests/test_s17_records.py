"""Issue 14 item 3: one record per activation, every stage's activation rows derived from it.

A toy activation is added as ONE record (a leaky ReLU of slope 1/10 with a class of its own, a numpy kernel, a kink, a
LaTeX and a Unicode name, the concept ``leaky_relu``) to the registry before the stages are imported, in a fresh
interpreter; nothing else is told about it.  It is then read, differentiated, lowered to numpy, checked, printed and
named.  The remaining tests pin the tables the stages now take from the records (they were written out per stage).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import sympy

import symdl
from symdl.activation_classes import stop_gradient
from symdl.activations import ACTIVATIONS, BY_KEY, CLASSES, KERNEL_FUNCTIONS, KINKS, SMOOTH_CLASSES, STABLE_RULES
from symdl.functions import GREEK_INVERSES, INVERSE_FUNCTIONS, relu, sigmoid, softplus
from symdl.numeric.kernels import NAMESPACE
from symdl.numeric.points import KINK_SOURCES
from symdl.numeric.stable import RULES
from symdl.numeric.tables import FUNCTION_KERNELS, K

ROOT = Path(symdl.__file__).resolve().parent.parent

#: run in a fresh interpreter: the records are loaded alone (under a stand-in package, so that symdl/__init__ does not
#: import the stages yet), the toy record is added, and only then are the stages imported
TOY_SCRIPT = r"""
import json, sys, types
import numpy as np
import sympy

sys.path.insert(0, sys.argv[1])  # this checkout's symdl, whatever the environment installs
stub = types.ModuleType("symdl")
stub.__path__ = [sys.argv[1] + "/symdl"]
sys.modules["symdl"] = stub
from symdl import activations as A  # the records and the base modules they use, nothing of the stages
from symdl.activation_classes import ActivationFunction


class toyleaky(ActivationFunction):  # the toy's SymPy class: its derivative and LaTeX come from its record
    pass


H = sympy.Heaviside
TOY = A.Activation(
    "toy_leaky", lambda x: sympy.Max(x / 10, x), lambda u: 9 * H(u, 0) / 10 + sympy.Rational(1, 10),
    "ToyLeaky'(u) = 1 for u > 0, 1/10 below", ("toyleaky",), toyleaky, lambda x: np.maximum(x, np.asarray(x) / 10),
    r"\operatorname{ToyLeaky}", "ToyLeaky", "leaky_relu", kinks="zero of the argument",
)
A.use((*A.ACTIVATIONS, TOY))
del sys.modules["symdl"]

import symdl  # the real package: every stage builds its tables from the records, the toy's included
from symdl.render.unicode import to_unicode

out = {}
f = symdl.parse(r"y = \operatorname{ToyLeaky}(x)")
rhs = f.statements[0].rhs
out["parsed"] = isinstance(rhs, toyleaky)
out["diff"] = str(symdl.diff(f, "x").expr)
pts = np.array([-3.0, -0.5, 0.25, 2.0])
out["numpy"] = np.asarray(symdl.lambdify(f)(x=pts), dtype=float).tolist()
x = rhs.args[0]
right = symdl.check_gradient(f, "x", 9 * H(x, 0) / 10 + sympy.Rational(1, 10), at={"x": 0.0})
wrong = symdl.check_gradient(f, "x", H(x, 0), at={"x": 0.0})
out["check_right"] = [right.verdict, right.method, list(right.notes)]
out["check_wrong"] = [wrong.verdict, wrong.method, list(wrong.notes)]
out["latex"] = sympy.latex(rhs)
out["unicode"] = to_unicode(rhs)
out["named"] = list(symdl.explain(f).concepts)
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def toy() -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", TOY_SCRIPT, str(ROOT)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_toy_record_is_read_as_its_class(toy: dict[str, object]) -> None:
    assert toy["parsed"] is True


def test_toy_record_differentiates_by_its_rule(toy: dict[str, object]) -> None:
    x = sympy.Symbol("x", real=True)
    got = sympy.sympify(toy["diff"], locals={"x": x})  # our own output, printed by SymPy (not user text)
    assert sympy.expand(got - (9 * sympy.Heaviside(x, 0) / 10 + sympy.Rational(1, 10))) == 0


def test_toy_record_lowers_to_its_kernel(toy: dict[str, object]) -> None:
    np.testing.assert_allclose(toy["numpy"], [-0.3, -0.05, 0.25, 2.0], rtol=1e-15)


def test_toy_record_is_checked_off_its_kink(toy: dict[str, object]) -> None:
    right, wrong = toy["check_right"], toy["check_wrong"]
    assert right[0] == "verified" and "numeric" in right[1]
    assert wrong[0] == "refuted"
    assert "a point at/near a kink was moved off it" in right[2]  # the record's kink: x = 0 is not checked


def test_toy_record_prints_by_its_names(toy: dict[str, object]) -> None:
    assert toy["latex"] == r"\operatorname{ToyLeaky}\left(x\right)"
    assert toy["unicode"] == "ToyLeaky(x)"


def test_toy_record_is_named_its_concept(toy: dict[str, object]) -> None:
    assert "leaky_relu" in toy["named"]


# -- the tables each stage used to write out per activation, now the records' ------------------------------------
def test_kernels_come_from_the_records() -> None:
    for rec in ACTIVATIONS:
        if rec.kernel is not None:
            assert FUNCTION_KERNELS[rec.cls] == rec.kernel_name
            assert NAMESPACE[rec.kernel_name] is rec.kernel
            assert rec.kernel_name in K
    assert set(KERNEL_FUNCTIONS) == {"symdl_sigmoid", "symdl_relu", "symdl_softplus", "symdl_stop_gradient"}


def test_kinks_and_smooth_classes_come_from_the_records() -> None:
    assert KINKS == {relu: "zero of the argument"}
    assert KINK_SOURCES[relu] == "zero of the argument"
    # what a derivation rewrites to exponentials (the stop-gradient has no exponential form: left as it is)
    assert set(SMOOTH_CLASSES) == {sigmoid, sympy.tanh, softplus, stop_gradient}
    assert set(CLASSES) == {sigmoid, sympy.tanh, relu, softplus, stop_gradient}


def test_stable_rules_come_from_the_records_in_place() -> None:
    names = [r.name for r in RULES]
    own = [r.name for r in STABLE_RULES]
    assert own == ["tanh-from-exp", "sigmoid-from-exp", "exp-times-sigmoid", "one-minus-sigmoid",  # a quotient's own
                   "one-minus-tanh-squared", "softplus", "log-sigmoid"]  # form first (whole_first), then by record
    assert names[names.index("shift-into-sum") + 1 : names.index("log1p")] == own  # between the sums and log1p


def test_class_derivative_is_the_records() -> None:
    u = sympy.Symbol("u", real=True)
    for rec in ACTIVATIONS:
        if rec.cls is not None and rec.cls.__module__.startswith("symdl."):
            assert sympy.diff(rec.cls(u), u) == rec.derivative(u)


# Goodfellow et al. sec. 3.10: σ^{-1}(x) is the logit, ζ^{-1}(x) = log(e^x − 1); the same inverse for every name of
# the function (\mathrm{sigmoid}^{-1}(p) already read as the logit, \operatorname{softplus}^{-1}(x) did not)
INVERSE_CASES = [
    (r"\sigma^{-1}(p)", "logit"),
    (r"\mathrm{sigmoid}^{-1}(p)", "logit"),
    (r"\operatorname{logistic}^{-1}(p)", "logit"),
    (r"\zeta^{-1}(p)", "softplus_inverse"),
    (r"\operatorname{softplus}^{-1}(p)", "softplus_inverse"),
]


@pytest.mark.parametrize(("latex", "inverse"), INVERSE_CASES)
def test_inverse_of_an_activation_is_its_records(latex: str, inverse: str) -> None:
    p = sympy.Symbol("p", real=True)
    rec = next(a for a in ACTIVATIONS if a.inverse and a.inverse[0] == inverse)
    f = symdl.parse(latex)
    assert sympy.simplify(f.statements[0].rhs - rec.inverse[1](p)) == 0
    assert "inverse-function" in [n.rule for n in f.notes]


def test_inverse_tables_come_from_the_records() -> None:
    assert GREEK_INVERSES == {"sigma": "logit", "zeta": "softplus_inverse"}
    assert INVERSE_FUNCTIONS["sigmoid"] == "logit" and INVERSE_FUNCTIONS["sin"] == "arcsin"
    assert BY_KEY["silu"].beta_subscript and not BY_KEY["gelu"].beta_subscript
