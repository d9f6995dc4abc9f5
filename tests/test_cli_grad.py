"""``symdl grad F --wrt X``: the gradient in ML layout as text, Markdown and JSON (validated against the schema),
its steps, the emitted code on standard output or in a file, and errors (bad input, an input not in F) with exit 2.

Also the Python API it shares: ``symdl.grad`` returns a :class:`symdl.Gradient`, exported by name, that shows
itself as a one-line repr and as Markdown.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import symdl
from symdl.cli import EXIT, main
from tests.test_cli_json import run_json

#: a linear layer under squared error (Goodfellow 6.1)
LINEAR = r"\frac{1}{2}\|W\mathbf{x}+\mathbf{b}-\mathbf{y}\|^2"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_text_gives_each_gradient_in_ml_layout(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "grad", LINEAR, "--wrt", "W", "--wrt", r"\mathbf{b}")
    assert code == EXIT["ok"]
    assert out.splitlines() == ["F = Trace((W·x + b − y)ᵀ·(W·x + b − y))/2", "∂F/∂W = (W·x + b − y)·xᵀ",
                                "∂F/∂b = W·x + b − y"]  # fmt: skip


def test_steps_are_numbered_with_their_rules(capsys: pytest.CaptureFixture[str]) -> None:
    # d2l 4.1 (softmax regression): log-sum-exp's gradient is the softmax
    code, out, _ = run(capsys, "grad", r"\log\sum_j e^{z_j}", "--wrt", "z", "--steps")
    assert code == 0 and "∂F/∂zₖ = exp(zₖ)/Σ[j=1..N_z](exp(z[j]))" in out
    assert "  1. " in out and "[result]" in out and "softmax" in out


def test_emit_prints_a_module_that_runs(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "grad", LINEAR, "--wrt", "W", "--emit", "numpy", "-o", "-", "--name", "layer_grad")
    assert code == 0 and out.startswith("import numpy")
    namespace: dict[str, object] = {}
    exec(compile(out, "<symdl grad --emit numpy>", "exec"), namespace)  # symdl's generated code, not user text
    rng = np.random.default_rng(0)
    W, x, b, y = rng.normal(size=(3, 4)), rng.normal(size=4), rng.normal(size=3), rng.normal(size=3)
    value, grads = namespace["layer_grad"](W=W, x=x, b=b, y=y)  # type: ignore[operator]
    r = W @ x + b - y
    assert np.isclose(value, 0.5 * r @ r) and np.allclose(grads["W"], np.outer(r, x))


def test_output_file_is_written(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "grad.py"
    code, out, err = run(capsys, "grad", r"\sigma(w x + b)", "--wrt", "w", "--emit", "torch", "-o", str(target))
    assert code == 0 and out == "" and f"wrote {target}" in err
    source = target.read_text(encoding="utf-8")
    compile(source, str(target), "exec")
    assert "import torch" in source and "def grad_w(*, b, w, x):" in source


def test_output_into_a_missing_folder_is_refused_before_the_work(capsys: pytest.CaptureFixture[str],
                                                                 tmp_path: Path) -> None:  # fmt: skip
    code, _, err = run(capsys, "grad", "x^2", "--wrt", "x", "-o", str(tmp_path / "nowhere" / "g.py"))
    assert code == EXIT["bad input"] and "does not exist" in err


def test_markdown_has_the_math_and_the_code(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "grad", LINEAR, "--wrt", "W", "--format", "md", "--emit", "jax")
    assert code == 0 and r"\frac{\partial F}{\partial W}" in out and "```python\nimport functools" in out


def test_json_document_of_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, doc = run_json(capsys, "grad", LINEAR, "--wrt", "W", "--wrt", r"\mathbf{b}", "--steps")
    assert (code, doc["command"], doc["emit"], doc["code"]) == (0, "grad", None, None)
    assert [g["wrt"] for g in doc["gradients"]] == ["W", r"\mathbf{b}"]
    assert [g["argument"] for g in doc["gradients"]] == ["W", "b"]
    assert doc["gradients"][0]["latex"] and doc["gradients"][0]["steps"][0]["rule"]


def test_json_with_code_and_a_family_index(capsys: pytest.CaptureFixture[str]) -> None:
    code, doc = run_json(capsys, "grad", r"\log\sum_j e^{z_j}", "--wrt", "z", "--emit", "numpy")
    assert code == 0 and doc["function"] == "grad_z" and doc["code"].startswith("import numpy")
    assert doc["gradients"][0]["index"] == "k" and doc["gradients"][0]["steps"] == []


def test_bad_input_exits_2_with_a_caret(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "grad", r"\frac{1}{2}(y - \hat{y}^2", "--wrt", "y")
    assert code == EXIT["bad input"]
    assert "^" in err and "hint:" in err and "Traceback" not in err


def test_an_input_not_in_the_formula_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "grad", r"\sigma(w x + b)", "--wrt", "W")
    assert code == EXIT["bad input"]
    assert "unknown variable 'W'" in err and "differentiate by one of: b, w, x" in err


def test_errors_are_json_documents_too(capsys: pytest.CaptureFixture[str]) -> None:
    code, doc = run_json(capsys, "grad", "x^2 + y", "--wrt", "q")
    assert code == 2 and doc["error"]["exit_code"] == 2 and "unknown variable 'q'" in doc["error"]["message"]


def test_code_with_no_spelling_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "grad", r"\log\det(A)", "--wrt", "A", "--emit", "torch")
    assert code == 2 and "symdl_det has no torch spelling" in err and "--emit numpy" in err


def test_wrt_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["grad", "x^2"])
    assert exc.value.code == 2 and "--wrt" in capsys.readouterr().err


# ---------------------------------------------------------------- the API
def test_api_returns_a_typed_exported_result() -> None:
    g = symdl.grad(LINEAR, ["W", r"\mathbf{b}"], steps=True, emit="numpy")
    assert isinstance(g, symdl.Gradient) and g.emit == "numpy" and g.function == "grad_W_b"
    assert [p.wrt for p in g.parts] == ["W", r"\mathbf{b}"] and g["b"] is g.parts[1]
    assert g.parts[0].steps and g.parts[0].latex
    assert repr(g).startswith("<Gradient d/dW = ") and len(repr(g)) <= 100
    assert "```python" in g._repr_markdown_()


def test_api_takes_parse_options() -> None:
    g = symdl.grad(r"\|W x\|^2", "W", shapes={"W": (2, 3), "x": 3})
    assert str(g.parts[0].expr) == "2*W*x*x.T"
    assert json.dumps(symdl.grad("x^2", "x").parts[0].latex) == '"2 x"'


def test_the_magic_gives_the_gradient_and_its_code() -> None:
    from symdl.jupyter import run as magic

    g = magic(r"grad \sigma(w x + b) --wrt w --emit jax")
    assert isinstance(g, symdl.Gradient) and g.emit == "jax" and "import jax" in (g.source or "")
