"""``--format json`` on every command: each answer is a document of ``symdl/render/schema.json`` and says
what the text output says (verdicts, values, spans, notes); errors are JSON too, with the same exit codes."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import numpy as np
import pytest

import symdl
from symdl.cli import main
from tests.test_cli_check import SEED004_FORWARD, SEED004_STEPS

SCHEMA = Path(symdl.__file__).parent / "render" / "schema.json"


@cache
def validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, Any]]:
    """Run one command with ``--format json``; its exit code and its validated document."""
    code = main([*argv, "--format", "json"])
    out = capsys.readouterr().out
    doc = json.loads(out)
    validator().validate(doc)
    assert doc["schema_version"] == 1
    return code, doc


def _span_text(doc: dict[str, Any], item: dict[str, Any]) -> str:
    start, end = item["span"]
    return doc["source"][start:end]


# ---------------------------------------------------------------- answers
def test_explain_names_chunks_with_statement_spans(capsys: pytest.CaptureFixture[str]) -> None:
    source = r"m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t \\ \theta_t = \theta_{t-1} - \alpha m_t"
    code, doc = run_json(capsys, "explain", source)
    assert (code, doc["command"]) == (0, "explain")
    assert "ema" in doc["concepts"]
    roots = doc["statements"]
    assert [_span_text(doc, r) for r in roots] == [r["text"] for r in roots]
    assert roots[0]["text"].startswith("m_t =") and roots[1]["text"].strip().startswith(r"\theta_t =")


def test_parse_carries_reading_notes_with_spans(capsys: pytest.CaptureFixture[str]) -> None:
    code, doc = run_json(capsys, "parse", r"h^k = W h^{k-1} + 1/m \sum_{i=1}^m x_i")
    assert code == 0 and doc["command"] == "parse"
    assert {"superscript-step", "capital-matrix", "division-reach"} <= {n["rule"] for n in doc["notes"]}
    for note in doc["notes"]:
        assert doc["source"][note["span"][0] : note["span"][1]] == note["text"]


def test_compare_same_concept_and_mapping(capsys: pytest.CaptureFixture[str]) -> None:
    code, doc = run_json(capsys, "compare", r"v = \beta v + (1-\beta) g", r"m = b m + (1-b) x")
    assert (code, doc["same"], doc["concept"]) == (0, True, "ema")
    assert ["g", "x"] in doc["mapping"]


def test_concepts_lists_the_registry(capsys: pytest.CaptureFixture[str]) -> None:
    code, doc = run_json(capsys, "concepts")
    ids = {c["id"] for c in doc["concepts"]}
    assert code == 0 and len(ids) == len(doc["concepts"]) == len(symdl.concepts())
    assert {"adam", "softmax", "layer_norm"} <= ids


CLAIMS = [
    pytest.param(r"x^2", "x", "2x", 0, "verified", id="verified-scalar"),
    pytest.param(r"x^2", "x", "3x", 1, "refuted", id="refuted-wrong-factor"),
    pytest.param(r"\sigma(z)", "z", r"\sigma(z)(1-\sigma(z))", 0, "verified", id="verified-sigmoid"),
    pytest.param(r"\log(1+e^z)", "z", r"-\sigma(z)", 1, "refuted", id="refuted-softplus-sign"),
]


@pytest.mark.parametrize(("f", "wrt", "claim", "code", "verdict"), CLAIMS)
def test_check_claim_verdicts(capsys: pytest.CaptureFixture[str], f: str, wrt: str, claim: str, code: int,
                              verdict: str) -> None:  # fmt: skip
    got, doc = run_json(capsys, "check", f, "--wrt", wrt, "--claim", claim)
    assert (got, doc["mode"], doc["verdict"], doc["wrt"]) == (code, "claim", verdict, wrt)
    if verdict == "refuted":
        ce = doc["counterexample"]
        assert ce is not None and ce["rel_error"] > 1e-3
        assert abs(ce["claim"] - ce["truth"]) > 1e-6


def test_check_refuted_counterexample_is_the_real_values(capsys: pytest.CaptureFixture[str]) -> None:
    """The counterexample's numbers are the claim and the gradient at its point (plain numpy)."""
    code, doc = run_json(capsys, "check", r"\sum_i w_i^2", "--wrt", "w", "--claim", "w", "--shape", "w=4")
    assert (code, doc["verdict"]) == (1, "refuted")
    ce = doc["counterexample"]
    w = np.asarray(ce["point"]["w"], dtype=float).reshape(-1)
    np.testing.assert_allclose(np.asarray(ce["claim"], dtype=float).reshape(-1), w, rtol=1e-12)
    np.testing.assert_allclose(np.asarray(ce["truth"], dtype=float).reshape(-1), 2 * w, rtol=1e-6)


def test_check_hessian(capsys: pytest.CaptureFixture[str]) -> None:
    code, doc = run_json(capsys, "check", r"x^T A x", "--wrt", "x", "--claim", "A + A^T", "--hessian",
                         "--shape", "x=3", "--shape", "A=3x3")  # fmt: skip
    assert (code, doc["verdict"], doc["order"]) == (0, "verified", 2)


FILE_CASES = [
    pytest.param({}, 0, "verified", None, id="seed004-all-right"),
    pytest.param({"dW1": r"dW^{[1]} = \frac{1}{m} X dZ^{[1]T}"}, 1, "refuted", "dW^{[1]}", id="seed004-dW1-transposed"),
]


@pytest.mark.parametrize(("changes", "code", "verdict", "first"), FILE_CASES)
def test_check_file_steps_with_lines(capsys: pytest.CaptureFixture[str], tmp_path: Path, changes: dict[str, str],
                                     code: int, verdict: str, first: str | None) -> None:  # fmt: skip
    steps = {**SEED004_STEPS, **changes}
    path = tmp_path / "seed004.tex"
    path.write_text(SEED004_FORWARD + "\n".join(steps.values()) + "\n", encoding="utf-8")
    got, doc = run_json(capsys, "check", str(path))
    assert (got, doc["mode"], doc["verdict"]) == (code, "file", verdict)
    assert [s["line"] for s in doc["steps"]] == list(range(6, 6 + len(steps)))
    if first is None:
        assert doc["first_wrong"] is None
    else:
        assert doc["first_wrong"] == first
        assert [s["verdict"] for s in doc["steps"]].count("refuted") >= 1


def test_check_derivation_file(capsys: pytest.CaptureFixture[str]) -> None:
    path = Path(symdl.__file__).parent.parent / "derivations" / "momentum.txt"
    if not path.exists():  # installed from a wheel
        path = Path(symdl.__file__).parent / "derivations" / "momentum.txt"
    code, doc = run_json(capsys, "check", str(path))
    assert (code, doc["mode"], doc["verdict"], doc["name"]) == (0, "derivation", "verified", "momentum")


def test_derive_reports_every_step(capsys: pytest.CaptureFixture[str]) -> None:
    code, doc = run_json(capsys, "derive", "momentum")
    assert (code, doc["command"], doc["verdict"]) == (0, "derive", "verified")
    assert [s["name"] for s in doc["steps"]][:2] == ["ruder", "ng"]
    assert all(s["verdict"] in ("verified", "shown") for s in doc["steps"])


def test_derive_json_to_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "ema.json"
    assert main(["derive", "ema", "--format", "json", "-o", str(out)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    validator().validate(doc)
    assert doc["name"] == "ema" and f"wrote {out}" in capsys.readouterr().err


def test_list_the_library(capsys: pytest.CaptureFixture[str]) -> None:
    code, doc = run_json(capsys, "list")
    assert code == 0 and {"adam", "softmax", "two-layer-network"} <= {d["name"] for d in doc["derivations"]}


# ---------------------------------------------------------------- errors
ERRORS = [
    pytest.param(("explain", "x^{"), "invalid input", "{", id="explain-unclosed-brace"),
    pytest.param(("parse", r"\frac{1}{"), "invalid input", None, id="parse-unclosed-frac"),
    pytest.param(
        ("check", "x^2", "--wrt", "x", "--claim", "3x +"), "invalid input", "+", id="check-claim-dangling-plus"
    ),
    pytest.param(("check", "x^2", "--claim", "2x"), "invalid input", None, id="check-claim-without-wrt"),
    pytest.param(("derive", "no-such-derivation"), None, None, id="derive-unknown-name"),
    pytest.param(
        ("explain", r"\frac{1}{1+e^{-x}}", "--budget", "nodes=3"),
        "limit exceeded",
        None,
        id="explain-over-a-budget",
    ),
    pytest.param(("explain", "x", "--bogus"), "invalid input", None, id="usage-error"),
]


@pytest.mark.parametrize(("argv", "kind", "text"), ERRORS)
def test_errors_are_json_with_the_same_exit_code(capsys: pytest.CaptureFixture[str], argv: tuple[str, ...],
                                                 kind: str | None, text: str | None) -> None:  # fmt: skip
    try:
        code = main([*argv, "--format", "json"])
    except SystemExit as exc:  # argparse's usage errors exit themselves
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    doc = json.loads(out)
    validator().validate(doc)
    e = doc["error"]
    assert code == e["exit_code"] == 2
    assert err.strip(), "the one-line message is on stderr as well"
    if kind is not None:
        assert e["kind"] == kind
    if text is not None:
        assert e["text"] == text and e["start"] is not None and e["line"] == 1
    if kind == "limit exceeded":
        assert e["budget"] == "nodes"


@pytest.mark.parametrize(("latex", "relations"), [
    (r"\log p(x;\theta) \ge \sum_z Q(z) \log\frac{p(x,z;\theta)}{Q(z)}", [">="]),  # Jensen's lower bound (cs229 EM)
    (r"|\Delta_t| \le \alpha", ["<="]),  # the Adam paper's bound
    (r"w \propto S_W^{-1}(m_2 - m_1)", ["propto"]),  # Bishop's Fisher direction
    (r"y = Wx + b", ["="]),
], ids=["elbo-bound", "adam-bound", "fisher", "assignment"])
def test_parse_json_says_each_statements_relation(capsys: pytest.CaptureFixture[str], latex: str,
                                                 relations: list[str]) -> None:
    """An inequality's sides without its sign would read as an equation: the JSON states the relation."""
    _, doc = run_json(capsys, "parse", latex)
    assert [s["relation"] for s in doc["statements"]] == relations
