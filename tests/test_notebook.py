"""Jupyter: a notebook with every result type executes in a real kernel (nbclient), each cell shows HTML and
Markdown with the math and a one-line ``text/plain``; ``%load_ext symdl`` gives the ``%symdl``/``%%symdl`` magics, whose
errors are symdl's message, never a traceback."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

#: (id, cell source, what its text/markdown must contain, its text/plain pattern)
CELLS = [
    ("formula", r"symdl.parse(r'h^k = W h^{k-1} + b')",
     [r"h^{(k)}", "reading note", "superscript-step"], r"^Formula\(kind='update'"),
    ("explanation", r"symdl.explain(r'\mathrm{softmax}(z)_i = \frac{e^{z_i}}{\sum_j e^{z_j}}')",
     ["softmax"], r"^<Explanation .*softmax"),
    ("derivation", r"symdl.diff(r'\sigma(z)^2', 'z')",
     [r"\frac{\partial}{\partial z}", "sigmoid derivative", "| step | rule | result |"], r"^<Derivation d/dz = "),
    ("verdict-refuted", r"symdl.check_gradient(r'x^2', 'x', r'3x')",
     ["**refuted**", "wrong constant factor", "counterexample"], r"^<Verdict refuted "),
    ("verdict-verified", r"symdl.check_gradient(r'\log(1+e^z)', 'z', r'\sigma(z)')",
     ["**verified**", "random points"], r"^<Verdict verified "),
    ("steps", "symdl.check_derivation(r'z = w x \\\\ a = \\sigma(z) \\\\ L = -y \\log a - (1-y)\\log(1-a) \\\\ dz = a - y')",
     ["**verified**", "| `dz` | verified |"], r"^<DerivationReport verified: 1 step>"),
    ("comparison", r"symdl.compare(r'v = \beta v + (1-\beta) g', r'm = b m + (1-b) x')",
     ["same concept", "`ema`"], r"^<Comparison same concept \(ema\)>"),
    ("directional", "symdl.check_grads(lambda x: (x**2).sum(), lambda x: 2*x, np.ones(3))",
     ["**passed**", "random directions"], r"^<DirectionalCheck passed "),
    ("numpy-function", r"symdl.lambdify(symdl.parse(r'\sigma(x)'))", ["`x`"], r"^<NumpyFunction of x>"),
    ("magic-explain", "%%symdl explain\nm_t = \\beta_1 m_{t-1} + (1-\\beta_1) g_t", ["ema"], r"^<Explanation "),
    ("magic-check", "%%symdl check --wrt x --claim '2 x' --shape x=3\nx^T x",
     ["**verified**"], r"^<Verdict verified"),
    ("magic-derive", "%symdl derive momentum", ["momentum", "verified"], r"^<Report momentum: verified"),
    ("magic-diff", r"%symdl diff \tanh(x) --wrt x", [r"\tanh"], r"^<Derivation d/dx"),
    ("gradient", r"symdl.grad(r'\sigma(w x + b)', 'w', emit='numpy')",
     [r"\frac{\partial F}{\partial w}", "```python", "def grad_w("], r"^<Gradient d/dw = .*numpy code grad_w\(\)>"),
    ("magic-grad", r"%symdl grad \sigma(w x + b) --wrt w --emit torch", ["import torch"], r"^<Gradient d/dw"),
]  # fmt: skip
#: (id, cell source, what the error says): shown as symdl's message, no traceback
ERRORS = [
    ("magic-bad-latex", "%symdl explain x^{", "this '{' is never closed"),
    ("magic-unknown-command", "%symdl bogus x", "invalid choice: 'bogus'"),
    ("magic-diff-without-wrt", "%symdl diff x^2", "needs --wrt"),
]


@cache
def executed() -> dict[str, dict[str, Any]]:
    """Run one notebook holding every cell of CELLS and ERRORS (one kernel for the whole table)."""
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_code_cell("import numpy as np\nimport symdl\n%load_ext symdl"))
    for cid, src, *_ in CELLS + ERRORS:
        cell = nbformat.v4.new_code_cell(src)
        cell.metadata["symdl_id"] = cid
        nb.cells.append(cell)
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True)
    client.execute()
    return {c.metadata["symdl_id"]: c for c in nb.cells if "symdl_id" in c.metadata}


def _data(cell: dict[str, Any]) -> dict[str, str]:
    results = [o for o in cell.outputs if o.output_type == "execute_result"]
    assert len(results) == 1, [o.get("text") or o.get("evalue") for o in cell.outputs]
    return results[0]["data"]


@pytest.mark.parametrize(("cid", "source", "markdown", "plain"), CELLS, ids=[c[0] for c in CELLS])
def test_every_result_type_renders(cid: str, source: str, markdown: list[str], plain: str) -> None:
    data = _data(executed()[cid])
    assert "text/markdown" in data, sorted(data)
    page = data.get("text/html", "")  # _repr_html_ (symdl.render.html), made from the Markdown
    assert page.startswith('<div class="symdl">') and "<script" not in page, page[:300]
    for piece in markdown:
        assert piece in data["text/markdown"], (piece, data["text/markdown"][:800])
    text = data["text/plain"]
    assert re.search(plain, text), text
    assert "\n" not in text.strip() or cid == "formula", "a short repr, not a dataclass dump"
    assert len(text) <= 400


@pytest.mark.parametrize(("cid", "source", "message"), ERRORS, ids=[e[0] for e in ERRORS])
def test_magic_errors_are_symdls_message(cid: str, source: str, message: str) -> None:
    outputs = executed()[cid].outputs
    assert not [o for o in outputs if o.output_type in ("error", "execute_result")], "no traceback, no result"
    shown = "".join(o.get("text", "") for o in outputs if o.output_type == "stream" and o.name == "stderr")
    assert shown.startswith("UsageError: ") and message in shown, shown
    assert "Traceback" not in shown
