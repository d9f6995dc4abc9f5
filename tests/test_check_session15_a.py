"""Issue 13 items 4 and 8: LaTeX that starts with a minus sign on the command line, functions named by the user
(``--function NAME=KNOWN``, ``Config(functions=...)``), unknown functions on one side only, and exit codes.

Rows come from real sources: the binary cross-entropy's derivative −(y/ŷ − (1−y)/(1−ŷ)) (d2l, "Linear Neural
Networks for Classification"; cs231n notes), log-softmax's −(1 − p) (cs231n, "Softmax classifier"), the
log-sigmoid −log(1 + e^x) (Goodfellow et al., Deep Learning, sec. 3.10), Nielsen's quadratic cost with σ'(z)
(Neural Networks and Deep Learning, ch. 2–3, eqs. BP1 and 55), ReLU's derivative the Heaviside step H / 𝟙(x > 0)
(PyTorch docs, torch.nn.ReLU; Goodfellow et al. sec. 6.3.1), GELU's x Φ(x) with derivative Φ(x) + x φ(x)
(Hendrycks & Gimpel; PyTorch docs, torch.nn.GELU), Swish x σ(x) with σ named g (Ramachandran et al.; PyTorch
docs, torch.nn.SiLU) and tanh'(x) = 1 − tanh²(x) with tanh named φ (d2l, "Multilayer Perceptrons").
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import symdl
from symdl.cli import EXIT, build_parser, main
from symdl.cli.argv import latex_minus
from symdl.config import Config
from symdl.errors import InvalidInput

BCE = r"-(y\log\hat{y} + (1-y)\log(1-\hat{y}))"
SWISH_G = r"x g(x)"

#: (id, function, variable, right claim, subtly wrong claim, functions named by the user)
CHECK_ROWS = [
    ("d2l-bce-minus", BCE, r"\hat{y}", r"-(\frac{y}{\hat{y}} - \frac{1-y}{1-\hat{y}})",
     r"-(\frac{y}{\hat{y}} + \frac{1-y}{1-\hat{y}})", {}),
    ("goodfellow-log-sigmoid-minus", r"-\log(1+e^{x})", "x", r"-\frac{1}{1+e^{-x}}", r"-\frac{1}{1+e^{x}}", {}),
    ("cs231n-log-softmax-minus", r"-\log\frac{e^{a}}{e^{a}+e^{b}}", "a", r"-(1 - \frac{e^{a}}{e^{a}+e^{b}})",
     r"-(1 + \frac{e^{a}}{e^{a}+e^{b}})", {}),
    ("nielsen-quadratic-sigma-prime", r"\frac{1}{2}(y - \sigma(z))^2", "z", r"(\sigma(z) - y)\sigma'(z)",
     r"(y - \sigma(z))\sigma'(z)", {}),
    ("nielsen-quadratic-minus", r"\frac{1}{2}(y - \sigma(z))^2", "z", r"-(y - \sigma(z))\sigma(z)(1-\sigma(z))",
     r"-(y - \sigma(z))\sigma(z)", {}),
    ("nielsen-quadratic-generic-g", r"\frac{1}{2}(y - g(z))^2", "z", r"(g(z) - y) g'(z)", r"(y - g(z)) g'(z)", {}),
    ("pytorch-relu-heaviside", r"\mathrm{ReLU}(x)", "x", r"H(x)", r"H(-x)", {"H": "heaviside"}),
    ("pytorch-relu-step", r"\mathrm{ReLU}(x)", "x", r"H(x)", r"1 - H(x)", {"H": "step"}),
    ("goodfellow-relu-indicator", r"\mathrm{ReLU}(x)", "x", r"\mathbb{1}(x > 0)", r"\mathbb{1}(x < 0)", {}),
    ("gelu-phi-named-F", r"\mathrm{GELU}(x)", "x", r"F(x) + \frac{x}{\sqrt{2\pi}} e^{-x^2/2}", r"F(x)",
     {"F": "normcdf"}),
    ("gelu-capital-phi", r"x\Phi(x)", "x", r"\Phi(x) + \frac{x}{\sqrt{2\pi}} e^{-x^2/2}", r"\Phi(x) + x e^{-x^2/2}", {}),
    ("swish-sigma-named-g", SWISH_G, "x", r"g(x) + x g(x)(1 - g(x))", r"g(x) + g(x)(1 - g(x))", {"g": "sigmoid"}),
    ("d2l-tanh-named-phi", r"\phi(x)^2", "x", r"2\phi(x)(1-\phi(x)^2)", r"2\phi(x)(1-\phi(x))", {"phi": "tanh"}),
]  # fmt: skip


@pytest.mark.parametrize(("f", "wrt", "right", "wrong", "functions"), [r[1:] for r in CHECK_ROWS],
                         ids=[r[0] for r in CHECK_ROWS])  # fmt: skip
def test_right_claim_verified_wrong_claim_refuted(f: str, wrt: str, right: str, wrong: str, functions: dict) -> None:
    config = Config(functions=functions, seed=3)
    assert symdl.check_gradient(f, wrt, right, config=config).verdict == "verified"
    assert symdl.check_gradient(f, wrt, wrong, config=config).verdict == "refuted"


#: (id, function, variable, claim, the function on one side only): a stand-in of one side cannot judge them
ONE_SIDED = [
    ("relu-claim-H", r"\mathrm{ReLU}(x)", "x", r"H(x)", "H"),  # right for the Heaviside step: was "refuted"
    ("relu-claim-H-wrong", r"\mathrm{ReLU}(x)", "x", r"H(-x)", "H"),
    ("gelu-claim-F", r"\mathrm{GELU}(x)", "x", r"F(x) + \frac{x}{\sqrt{2\pi}} e^{-x^2/2}", "F"),
    ("swish-g-no-derivative", SWISH_G, "x", r"g(x) + x g(x)(1 - g(x))", "g"),  # right for σ: was "refuted"
    ("tanh-phi-no-derivative", r"\phi(x)^2", "x", r"2\phi(x)(1-\phi(x)^2)", "phi"),
    ("vector-g-no-derivative", r"\mathbf{1}^T g(\mathbf{z})", r"\mathbf{z}", r"g(\mathbf{z})", "g"),
]


@pytest.mark.parametrize(("f", "wrt", "claim", "fn"), [r[1:] for r in ONE_SIDED], ids=[r[0] for r in ONE_SIDED])
def test_unknown_function_on_one_side_is_undecided(f: str, wrt: str, claim: str, fn: str) -> None:
    v = symdl.check_gradient(f, wrt, claim)
    assert v.verdict == "undecided", str(v)
    said = " ".join(v.notes)
    assert f"unknown function {fn}()" in said and f"--function '{fn}=" in said, said


#: (id, function, variable, claim, verdict): unknown functions on both sides keep the shared stand-in
BOTH_SIDES = [
    ("square-chain", r"f(x)^2", "x", r"2 f(x) f'(x)", "verified"),
    ("square-chain-forgotten", r"f(x)^2", "x", r"2 f'(x)", "refuted"),
    ("g-of-other-variable", r"g(y) + x^2", "x", r"2x", "verified"),
]


@pytest.mark.parametrize(("f", "wrt", "claim", "verdict"), [r[1:] for r in BOTH_SIDES], ids=[r[0] for r in BOTH_SIDES])
def test_shared_stand_in_still_decides(f: str, wrt: str, claim: str, verdict: str) -> None:
    v = symdl.check_gradient(f, wrt, claim)
    assert v.verdict == verdict, str(v)
    assert any("softplus" in n for n in v.notes), str(v)


RELU_DOC = """title: ReLU and its derivative, the Heaviside step
sources: PyTorch docs (torch.nn.ReLU); Goodfellow et al., Deep Learning, sec. 6.3.1
tags: activation

define relu: \\text{ReLU}(x) = \\max(0, x)
    concept: relu
gradient relu-derivative: CLAIM
    of: relu
    wrt: x
"""

#: (id, argv — ``{doc}``: RELU_DOC with H(x), ``{bad}``: with H(-x) —, exit code, regex of stdout+stderr)
CLI_ROWS = [
    ("check-minus-formula-and-claim", ["check", r"-\log(1+e^{x})", "--wrt", "x", "--claim", r"-\frac{1}{1+e^{-x}}"],
     0, r"^verified"),
    ("check-minus-wrong", ["check", r"-\log(1+e^{x})", "--wrt", "x", "--claim", r"-\frac{1}{1+e^{x}}"], 1, r"^refuted"),
    ("check-bare-minus", ["check", "-x^2", "--wrt", "x", "--claim", "-2x"], 0, r"^verified"),
    ("check-bare-minus-wrong", ["check", "-x^2", "--wrt", "x", "--claim", "-x"], 1, r"^refuted"),
    ("check-options-first", ["check", "--claim", "-2x", "--wrt", "x", "--no-color", "-x^2"], 0, r"^verified"),
    ("check-claim-equals", ["check", "-x^2", "--wrt=x", "--claim=-2x"], 0, r"^verified"),
    ("check-claim-abbreviated", ["check", "-x^2", "--wr", "x", "--cl", "-2x"], 0, r"^verified"),
    ("check-bce-minus", ["check", BCE, "--wrt", r"\hat{y}", "--claim", r"-(\frac{y}{\hat{y}} - \frac{1-y}{1-\hat{y}})"],
     0, r"^verified"),
    ("check-log-softmax-minus", ["check", r"-\log\frac{e^{a}}{e^{a}+e^{b}}", "--wrt", "a", "--claim",
                                 r"-(1 - \frac{e^{a}}{e^{a}+e^{b}})"], 0, r"^verified"),
    ("check-nielsen-sigma-prime-minus", ["check", r"\frac{1}{2}(y - \sigma(z))^2", "--wrt", "z", "--claim",
                                         r"-(y - \sigma(z))\sigma'(z)"], 0, r"^verified"),
    ("check-relu-H-undecided", ["check", r"\mathrm{ReLU}(x)", "--wrt", "x", "--claim", "H(x)"], 3,
     r"^undecided[\s\S]*--function 'H="),
    ("check-relu-H-named", ["check", r"\mathrm{ReLU}(x)", "--wrt", "x", "--claim", "H(x)", "--function", "H=heaviside"],
     0, r"^verified[\s\S]*read the function H as heaviside"),
    ("check-relu-H-named-wrong", ["check", r"\mathrm{ReLU}(x)", "--wrt", "x", "--claim", "H(-x)", "--function",
                                  "H=heaviside"], 1, r"^refuted"),
    ("check-swish-g-named", ["check", SWISH_G, "--wrt", "x", "--claim", r"g(x) + x g(x)(1 - g(x))", "--function",
                             "g=sigmoid"], 0, r"^verified"),
    ("check-function-unknown-known", ["check", "H(x)", "--wrt", "x", "--claim", "0", "--function", "H=heavy"], 2,
     r"not a known function[\s\S]*heaviside"),
    ("check-function-no-equals", ["check", "H(x)", "--wrt", "x", "--claim", "0", "--function", "H"], 2,
     r"cannot read --function"),
    ("check-help", ["check", "-h"], 0, r"usage: symdl check"),
    ("check-unknown-option", ["check", "x^2", "--wrt", "x", "--claim", "2x", "--bogus"], 2, r"unrecognized arguments"),
    ("check-file-undecided", ["check", "{doc}"], 3, r"undecided[\s\S]*--function 'H="),
    ("check-file-named", ["check", "{doc}", "--function", "H=heaviside"], 0, r"verified: 2 steps"),
    ("check-file-named-wrong", ["check", "{bad}", "--function", "H=heaviside"], 1, r"first wrong step: relu-deriv"),
    ("explain-minus", ["explain", "--no-color", r"-\sum_i y_i \log p_i"], 0, r"cross-entropy"),
    ("explain-function", ["explain", "--no-color", r"\phi(x)", "--function", "phi=tanh"], 0, r"tanh"),
    ("explain-bad", ["explain", r"-\foo x"], 2, r"unknown or unsupported command \\foo"),
    ("parse-minus", ["parse", "-x^2"], 0, r"-x\*\*2"),
    ("parse-function", ["parse", "H(x)", "--function", "H=step"], 0, r"Heaviside"),
    ("parse-bad", ["parse", r"-\frac{1}{"], 2, r"."),
    ("compare-minus-same", ["compare", r"-\sum_i y_i \log p_i", r"-\sum_k t_k \log q_k"], 0, r"same"),
    ("compare-minus-different", ["compare", "-x^2", r"\tanh(x)"], 1, r"different"),
    ("compare-bad", ["compare", r"-\foo", "x"], 2, r"\\foo"),
    ("derive-output-first", ["derive", "-o", "-", "sigmoid"], 0, r"^# The sigmoid"),
    ("derive-undecided", ["derive", "{doc}"], 3, r"."),
    ("derive-named", ["derive", "{doc}", "--function", "H=heaviside"], 0, r"Verdict: verified"),
    ("derive-named-wrong", ["derive", "{bad}", "--function", "H=heaviside"], 1, r"."),
    ("derive-missing", ["derive", "{tmp}/missing.md"], 2, r"missing\.md"),
]  # fmt: skip


def _run(argv: list[str], tmp: Path) -> int:
    (tmp / "relu.txt").write_text(RELU_DOC.replace("CLAIM", "H(x)"), encoding="utf-8")
    (tmp / "relu-wrong.txt").write_text(RELU_DOC.replace("CLAIM", "H(-x)"), encoding="utf-8")
    swap = {"{doc}": str(tmp / "relu.txt"), "{bad}": str(tmp / "relu-wrong.txt"), "{tmp}": str(tmp)}
    argv = [swap.get(a, a.replace("{tmp}", str(tmp))) for a in argv]
    try:
        return main(argv)
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
        return int(exc.code or 0)


@pytest.mark.parametrize(("argv", "code", "shows"), [r[1:] for r in CLI_ROWS], ids=[r[0] for r in CLI_ROWS])
def test_command_line_exit_code_and_output(argv: list[str], code: int, shows: str, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    got = _run(argv, tmp_path)
    out, err = capsys.readouterr()
    assert got == code, (out, err)
    assert got != EXIT["internal"]
    assert re.search(shows, out + err, re.MULTILINE), (out, err)
    assert "Traceback" not in err


def test_every_command_and_code_is_in_the_table() -> None:
    """The CLI table covers 0, 1, 2, 3 for check and derive, and each code the others can give."""
    seen = {(r[1][0], r[2]) for r in CLI_ROWS}
    want = {("check", c) for c in (0, 1, 2, 3)} | {("derive", c) for c in (0, 1, 2, 3)}
    want |= {("explain", 0), ("explain", 2), ("parse", 0), ("parse", 2), ("compare", 0), ("compare", 1), ("compare", 2)}
    assert want <= seen


#: (id, argv, what argparse is given)
REWRITES = [
    ("claim-value-joined", ["check", "x^2", "--claim", "-2x"], ["check", "--claim=-2x", "x^2"]),
    ("positionals-after-dashes", ["check", "-x^2", "--wrt", "x"], ["check", "--wrt", "x", "--", "-x^2"]),
    ("compare-order-kept", ["compare", "-x", "y"], ["compare", "--", "-x", "y"]),
    ("stdin-untouched", ["explain", "-"], ["explain", "-"]),
    ("output-dash-untouched", ["derive", "sigmoid", "-o", "-"], ["derive", "-o", "-", "sigmoid"]),
    ("help-untouched", ["check", "-h"], ["check", "-h"]),
    ("user-dashes-kept", ["check", "--wrt", "x", "--", "-x^2"], ["check", "--wrt", "x", "--", "-x^2"]),
    ("no-command", ["--version"], ["--version"]),
]


@pytest.mark.parametrize(("argv", "given"), [r[1:] for r in REWRITES], ids=[r[0] for r in REWRITES])
def test_latex_minus_pre_pass(argv: list[str], given: list[str]) -> None:
    assert latex_minus(build_parser(), argv) == given


@pytest.mark.parametrize("functions", [{"H": "heavy"}, {"H": ""}, "H=heaviside", {"H": 1}, {"1x": "tanh"}],
                         ids=["unknown-known", "empty", "not-a-mapping", "not-a-name", "bad-name"])  # fmt: skip
def test_config_functions_refused(functions: object) -> None:
    with pytest.raises(InvalidInput):
        Config(functions=functions)  # type: ignore[arg-type]


def test_config_functions_named_in_formula_and_claim_with_a_note() -> None:
    f = symdl.parse(r"H(x) + \phi(x)", config=Config(functions={"H": "heaviside", r"\phi": "Tanh"}))
    assert str(f.expr) == "tanh(x) + Heaviside(x)"
    assert [n.rule for n in f.notes].count("function-named") == 2
