"""Plain-text, Unicode and pseudo-code pastes of session 28 (issue 12), each read by a rule for its class.

- comments of pasted code are prose, set aside (``code-comment``: Python's ``#`` and C's/Rust's ``//`` before words
  after code; ``comment-line``: a line that is a comment; ``commented-formula``: a paste commented line by line is read
  without its markers); ``#word`` first on a line is the count sign, refused;
- a Unicode subscript then a plain one, Adafactor's ``β₂_t``, is ``\\beta_{2,t}`` (``unicode-subscript-step``);
- a code name's decoration word, ``y_hat``, ``m_hat_t``, ``x_bar``, is the decoration (``code-decoration``);
- an expectation whose draws a paste flattened, ``Es'∼P, a'∼π[...]``, ``E_x∼P_r[...]``, is ``E_{...}[...]``
  (``flattened-expectation``); a glued ``~`` in plain text or in a subscript's braces is ``\\sim``;
- code's ``==`` as a statement's relation (a converter's ``r_t == sigma(W**r(...))``) is refused by name.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import symdl
from symdl.errors import InvalidInput, NotSupported

RNG = np.random.default_rng(28)
X = RNG.normal(size=6)

RADAM = ("r_t = sqrt( ((rho_t - 4)(rho_t - 2) rho_inf) / ((rho_inf - 4)(rho_inf - 2) rho_t) )\n"
         "theta_t = theta_{t-1} - lr * r_t * m_hat_t / (sqrt(v_hat_t) + epsilon)")
LAMB = ("m_t = β₁·m_{t-1} + (1 − β₁)·g_t\n"
        "v_t = β₂·v_{t-1} + (1 − β₂)·g_t²\n"
        "u_t = m̂_t / (√v̂_t + ε) + λ·θ_{t-1}        // raw update\n"
        "r_t = ‖θ_{t-1}‖₂ / ‖u_t‖₂                  // trust ratio\n"
        "θ_t = θ_{t-1} − lr · r_t · u_t")
BACKPROP = ("# backprop f = (x+y)*z\ndqdx = 1.0\ndqdy = 1.0\ndfdz = q\ndfdq = z\n"
            "dfdx = dqdx * dfdq\ndfdy = dqdy * dfdq")


def _radam(rho_t: float, rho_inf: float) -> float:
    return float(np.sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)))


# (id, source, text, arguments, {output: the value plain numpy gives for the author's meaning}, the notes' rules)
VALUES: list[tuple[str, str, str, dict[str, Any], dict[str, Any], set[str]]] = [
    ("radam-code-names", "docs.rs optirs-core RAdam struct docs (h28-025)", RADAM,
     {"rho_t": 10.0, "rho_inf": 20.0, "theta_{t-1}": 1.0, "lr": 0.1, "m_hat_t": 0.5, "v_hat_t": 0.25,
      "epsilon": 1e-8},
     {"r_t": _radam(10.0, 20.0), "theta_t": 1.0 - 0.1 * _radam(10.0, 20.0) * 0.5 / (0.5 + 1e-8)},
     {"code-decoration", "code-name", "greek-word", "star-product", "word-name"}),
    ("cs231n-backprop-comment-line", "cs231n 'Backpropagation, Intuitions' (h28-312)", BACKPROP,
     {"q": 3.0, "z": -4.0},
     {"dqdx": 1.0, "dfdq": -4.0, "dfdx": -4.0, "dfdy": -4.0, "dfdz": 3.0}, {"comment-line", "word-name"}),
    ("slashes-comment-after-code", "rlx-optim lamb.rs's '// raw update', on an Adam step",
     "u_t = m_t / (sqrt(v_t) + eps)        // raw update", {"m_t": 0.3, "v_t": 0.09, "eps": 1e-8},
     {"u_t": 0.3 / (0.3 + 1e-8)}, {"code-comment", "code-name"}),
    ("hash-comment-shape", "a MoE router's shape remark, # (n_experts,)", "y = x * 2  # (n_experts,)", {"x": 1.5},
     {"y": 3.0}, {"code-comment"}),
    ("hash-comment-glued", "Python's #comment after code, no space", "y = x + 1  #comment", {"x": 1.5}, {"y": 2.5},
     {"code-comment"}),
    ("commented-lines", "a blog's code-comment pseudo-maths (h27-077's form)", "// y = a * x + b\n// z = y^2",
     {"a": 2.0, "x": 3.0, "b": 1.0}, {"y": 7.0, "z": 49.0}, {"commented-formula"}),
    ("adafactor-beta2-step", "docs.rs rlx-optim adafactor.rs (h28-029), its EMA on one statistic",
     "v_t = β₂_t·v_{t-1} + (1−β₂_t)·g_t²", {"β₂_t": 0.9, "v_{t-1}": 0.5, "g_t": 2.0},
     {"v_t": 0.9 * 0.5 + 0.1 * 4.0}, {"unicode-subscript-step"}),
    ("beta2-step-braced", "β₂_{t-1}, the same class with a braced step", "y = 1 - β₂_{t-1}", {"β₂_{t-1}": 0.75},
     {"y": 0.25}, {"unicode-subscript-step"}),
    ("lamb-raw-update", "docs.rs rlx-optim lamb.rs (h28-033), combining hats",
     "u_t = m̂_t / (√v̂_t + ε) + λ·θ_{t-1}        // raw update",
     {"m̂_t": 0.3, "v̂_t": 0.09, "ε": 1e-8, "λ": 0.01, "θ_{t-1}": 2.0}, {"u_t": 0.3 / (0.3 + 1e-8) + 0.02},
     {"code-comment"}),
    ("keras-y-hat", "Keras-style squared error on y_hat", "L = (y - y_hat)^2", {"y": 1.0, "y_hat": 0.25},
     {"L": 0.5625}, {"code-decoration"}),
    ("x-bar-tilde-prime", "code names x_bar, x_tilde, x_prime", "y = x_bar + 2*x_tilde - x_prime",
     {"x_bar": 1.0, "x_tilde": 2.0, "x_prime": 0.5}, {"y": 4.5}, {"code-decoration"}),
    ("wgan-flattened", "vietanh.dev WGAN glossary (h27-081): E_x∼P_r[D(x)] with a square for D",
     "L = E_x∼P_r[x^2]", {"x": X}, {"L": np.mean(X**2)}, {"flattened-expectation", "expectation-mean"}),
    ("flattened-no-underscore", "a SAC note's Es'∼P[...] form, unprimed", "y = Ex∼P[x^2]", {"x": X},
     {"y": np.mean(X**2)}, {"flattened-expectation", "expectation-mean"}),
    ("ascii-tilde-in-subscript", "E_{x~P_g}[...] (a tie has no place in a subscript)", "L = E_{x~P_g}[x^2]",
     {"x": X}, {"L": np.mean(X**2)}, {"expectation-mean"}),
    # must not change
    ("tex-subscript", "TeX's x_1", "y = x_1", {"x_1": 2.0}, {"y": 2.0}, set()),
    ("floor-division", "timm's epoch // decay_t", "y = (e // d) + 1", {"e": 7.0, "d": 2.0}, {"y": 4.0},
     {"python-floor-division"}),
    ("floor-division-bare", "Python's a // b", "y = a // b", {"a": 7.0, "b": 2.0}, {"y": 3.0}, {"python-floor-division"}),
    ("unicode-subscript-alone", "β₂ alone", "y = 1 - β₂", {"β₂": 0.75}, {"y": 0.25}, set()),
    ("tex-tie", "TeX's tie between factors", r"y = \alpha a~b", {r"\alpha": 2.0, "a": 3.0, "b": 0.5},
     {"y": 3.0}, set()),
    ("tex-expectation", "\\mathbb{E}_{x \\sim p}", r"y = \mathbb{E}_{x \sim p}[x^2]", {"x": X}, {"y": np.mean(X**2)},
     {"expectation-mean"}),
]


@pytest.mark.parametrize(("text", "args", "expected", "rules"), [c[2:] for c in VALUES], ids=[c[0] for c in VALUES])
def test_value(text: str, args: dict[str, Any], expected: dict[str, Any], rules: set[str]) -> None:
    f = symdl.parse(text)
    got = symdl.lambdify(f)(**args)
    got = got if isinstance(got, dict) else {str(f.statements[-1].lhs): got}
    for name, value in expected.items():
        np.testing.assert_allclose(np.asarray(got[name], dtype=float), value, rtol=1e-12)
    assert {n.rule for n in f.notes} == rules


def test_lamb_whole() -> None:
    """rlx-optim's LAMB: five statements, its two // comments set aside."""
    f = symdl.parse(LAMB)
    assert len(f.statements) == 5
    comments = [LAMB[n.span.start : n.span.end].strip() for n in f.notes if n.rule == "code-comment"]
    assert comments == ["// raw update", "// trust ratio"]


# (id, source, text, the kept symbol or the absent note)
KEPT = [
    ("braced-word-subscript", "TeX's x_{bar} is a subscript", "y = x_{bar}", "x_{bar}"),
    ("text-box-word", "\\text{y_hat} is a word", r"y = \text{y_hat}", r"\text{y_hat}"),
    ("longer-code-word", "my_hat is a code word", "loss = my_hat + y_true", "my_hat"),
]


@pytest.mark.parametrize(("text", "name"), [c[2:] for c in KEPT], ids=[c[0] for c in KEPT])
def test_no_decoration(text: str, name: str) -> None:
    f = symdl.parse(text)
    assert name in f.symbols
    assert "code-decoration" not in {n.rule for n in f.notes}


def test_decorations_read_as_accents() -> None:
    f = symdl.parse("y = m_hat_t + theta_star")
    assert str(f.statements[0].rhs) == "mhat_t + theta^*"


# (id, source, text, error class, words of the message, the span's text)
REFUSED = [
    ("count-sign", "a parameter count, #params", "#params = 4 d^2", InvalidInput, "count sign", "#"),
    ("converter-equality", "a2c.fyi/1712.06100 GRU reset gate (h27-099)",
     "r_t == sigma(W**r(x_t, h_(t - 1)) + b**r)", InvalidInput, "equality test", "=="),
    ("converter-equality-odot", "a2c.fyi/1712.06100 GRU interpolation (h27-101)",
     "h_t == z_t odot h_(t - 1) +(1 - z_t) odot h__deriv_t", InvalidInput, "equality test", "=="),
    ("glued-tilde-draw", "WGAN pseudo-code's x~P_g, a draw, not a product", "y = x~P_g", NotSupported,
     "sampling statement", "~"),
    ("mangled-wgan", "vietanh.dev WGAN-GP glossary (h27-081), x^ lost its hat", "L = E_x^∼P_g[D(x)]", NotSupported,
     "\\sim", "∼"),
    # must not change
    ("hash-in-text-box", "TeX's # in \\text{}", r"\text{#params} = 4 d^2", InvalidInput, "unexpected character", "#"),
    ("a-glued-tilde-still-refused", "a ~ b in plain text: a draw", "y = a~b", NotSupported, "sampling statement",
     "~"),
]


@pytest.mark.parametrize(("text", "error", "words", "span_text"), [c[2:] for c in REFUSED],
                         ids=[c[0] for c in REFUSED])
def test_refused(text: str, error: type[Exception], words: str, span_text: str) -> None:
    with pytest.raises(error) as err:
        symdl.parse(text)
    assert words in str(err.value)
    assert text[err.value.span.start : err.value.span.end] == span_text  # type: ignore[attr-defined]


@pytest.mark.parametrize("text", ["d = dout * (y == k) + w_1", "a = 1 if y == 1 else 0"], ids=["mask", "if-test"])
def test_equality_tests_not_the_statement(text: str) -> None:
    """A mask's or a test's ``==`` is not the statement's relation: whatever its reading, not this refusal."""
    try:
        symdl.parse(text)
    except (InvalidInput, NotSupported) as err:
        assert "equality test" not in str(err)
