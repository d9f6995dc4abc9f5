"""``symdl serve`` through Starlette's TestClient: the JSON API answers with exactly the CLI's JSON documents.

A table of real formulas is sent to the API and given to ``symdl.cli.main`` with ``--format json``; the two
texts must be equal (the same functions of ``symdl.render.jsonout`` build both), and the HTTP status must
match the exit code (0 → 200, bad input → 400, not supported or over a budget → 422).  Then: malformed
requests, the body-size limit, escaping of hostile text in the page, the security headers, concurrency.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

import pytest

pytest.importorskip("starlette")
pytest.importorskip("latex2mathml")

import anyio
from starlette.testclient import TestClient

from symdl.cli import main
from symdl.serve import create_app
from symdl.serve.app import MAX_BODY
from symdl.serve.mathml import to_mathml

# anyio resolves its public names lazily, importing a submodule the first time one is used.  Starlette's FileResponse
# first uses anyio.open_file inside the TestClient's portal thread; a run of the suite hung there once, that thread
# waiting on a module lock while the test waited on the thread.  Resolved here, in the main thread, before any request.
_ = (anyio.open_file, anyio.to_thread)

#: (id, latex, HTTP status): real formulas as their sources print them, and inputs symdl refuses
EXPLAIN = [
    # PyTorch docs, torch.nn.Softmax
    ("softmax-pytorch", r"\text{Softmax}(x_{i}) = \frac{\exp(x_i)}{\sum_j \exp(x_j)}", 200),
    # Vaswani et al. 2017, eq. (1)
    ("attention-vaswani", r"\mathrm{Attention}(Q, K, V) = \mathrm{softmax}\left(\frac{QK^T}{\sqrt{d_k}}\right)V", 200),
    # Kingma & Ba 2015, Algorithm 1 (two statements, one a line)
    ("adam-moments", "m_t = \\beta_1 m_{t-1} + (1 - \\beta_1) g_t\nv_t = \\beta_2 v_{t-1} + (1 - \\beta_2) g_t^2", 200),
    # PyTorch docs, torch.nn.BCELoss
    ("bce-pytorch", r"\ell_n = -w_n \left[ y_n \log x_n + (1 - y_n) \log (1 - x_n) \right]", 200),
    # PyTorch docs, torch.nn.Softmax's entry form: a reading note (entry-vector)
    ("softmax-entry-note", r"\hat{y} = \mathrm{softmax}(z)_i", 200),
    # cs231n, the mean squared score over examples: a member in a sum's body symdl does not read yet (422)
    ("linear-cs231n", r"L = \frac{1}{N}\sum_i \|W x_i - y_i\|^2", 422),
    # the same layer with the value per example named (d2l, linear regression)
    ("linear-named", r"y_i = W x_i + b", 200),
    # an unclosed brace: bad input, with its span
    ("unclosed-brace", r"\frac{1}{", 400),
    # cs231n's code in a formula: not supported
    ("code-call", r"w = \text{np.random.randn}(n)", 422),
]

#: (id, formula, wrt, claim, shapes for the API, --shape options for the CLI, verdict)
CHECK = [
    # least squares (cs229 notes): the gradient by W in ML layout, right and transposed
    ("lsq-right", r"L = \frac{1}{2}\|Wx - y\|^2", "W", r"(Wx - y)x^T", {"W": [3, 4], "x": [4], "y": [3]},
     ["W=3x4", "x=4", "y=3"], "verified"),
    ("lsq-transposed", r"L = \frac{1}{2}\|Wx - y\|^2", "W", r"x(Wx - y)^T", {"W": [3, 4], "x": [4], "y": [3]},
     ["W=3x4", "x=4", "y=3"], "refuted"),
    # the sigmoid's derivative (Nielsen, ch. 2)
    ("sigmoid", r"\sigma(z)", "z", r"\sigma(z)(1 - \sigma(z))", None, [], "verified"),
    ("sigmoid-wrong", r"\sigma(z)", "z", r"\sigma(z)^2", None, [], "refuted"),
]  # fmt: skip


@pytest.fixture(scope="module")
def client() -> TestClient:
    with TestClient(create_app(), base_url="http://127.0.0.1") as c:
        yield c


def cli_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    """``symdl ARGV --format json``: the exit code and the document printed."""
    capsys.readouterr()
    code = main([*argv, "--format", "json"])
    return code, capsys.readouterr().out.strip()


@pytest.mark.parametrize(("latex", "status"), [(x, s) for _, x, s in EXPLAIN], ids=[i for i, _, _ in EXPLAIN])
def test_explain_is_the_cli_json(
    client: TestClient, capsys: pytest.CaptureFixture[str], latex: str, status: int
) -> None:
    r = client.post("/api/explain", json={"latex": latex})
    code, out = cli_json(capsys, "explain", latex)
    assert r.status_code == status
    assert (code == 0) == (status == 200)
    assert r.headers["content-type"] == "application/json"
    assert r.text.strip() == out


@pytest.mark.parametrize("latex", [*[x for _, x, s in EXPLAIN if s == 200][:3], r"\frac{1}{"])
def test_parse_is_the_cli_json(client: TestClient, capsys: pytest.CaptureFixture[str], latex: str) -> None:
    r = client.post("/api/parse", json={"latex": latex})
    code, out = cli_json(capsys, "parse", latex)
    assert r.text.strip() == out
    assert r.status_code == (200 if code == 0 else 400)


@pytest.mark.parametrize(("formula", "wrt", "claim", "shapes", "options", "verdict"), [c[1:] for c in CHECK],
                         ids=[c[0] for c in CHECK])  # fmt: skip
def test_check_is_the_cli_json(client: TestClient, capsys: pytest.CaptureFixture[str], formula: str, wrt: str,
                               claim: str, shapes: dict | None, options: list[str], verdict: str) -> None:  # fmt: skip
    r = client.post("/api/check", json={"formula": formula, "wrt": wrt, "claim": claim, "shapes": shapes})
    shape_args = [a for s in options for a in ("--shape", s)]
    code, out = cli_json(capsys, "check", formula, "--wrt", wrt, "--claim", claim, *shape_args)
    assert r.status_code == 200  # a refuted claim is an answer, not an error
    assert r.json()["verdict"] == verdict
    assert r.text.strip() == out
    assert code == {"verified": 0, "refuted": 1}[verdict]


def test_derive_and_list_are_the_cli_json(client: TestClient, capsys: pytest.CaptureFixture[str]) -> None:
    r = client.post("/api/derive", json={"name": "mse"})
    _, out = cli_json(capsys, "derive", "mse", "-q")
    assert (r.status_code, r.json()["verdict"]) == (200, "verified")
    assert r.text.strip() == out
    assert client.get("/derivations/mse.json").text == r.text
    _, out = cli_json(capsys, "list")
    assert client.get("/api/derivations").text.strip() == out


def test_downloads_are_the_cli_documents(client: TestClient, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["derive", "mse", "-q"]) == 0
    md = client.get("/derivations/mse.md")
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert md.text.strip() == capsys.readouterr().out.strip()
    assert 'filename="mse.md"' in md.headers["content-disposition"]
    pdf = client.get("/derivations/mse.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_bad_input_has_its_span(client: TestClient) -> None:
    doc = client.post("/api/explain", json={"latex": r"x + \frac{1}{"}).json()
    err = doc["error"]
    assert (err["kind"], err["start"], err["end"], err["text"], err["exit_code"]) == ("invalid input", 12, 13, "{", 2)


@pytest.mark.parametrize(
    ("path", "body", "status", "says"),
    [
        ("/api/explain", b"{not json", 400, "not JSON"),
        ("/api/explain", b"[1, 2]", 400, "JSON object"),
        ("/api/explain", b"{}", 400, "'latex' must be text; it is missing"),
        ("/api/explain", b'{"latex": 3}', 400, "it is a int"),
        ("/api/explain", b'{"latex": "x", "lenient": true}', 400, "unknown field 'lenient'"),
        ("/api/check", b'{"formula": "x^2", "wrt": "x"}', 400, "'claim' must be text"),
        ("/api/check", b'{"formula": "x^2", "wrt": "x", "claim": "2x", "shapes": [1]}', 400, "shapes"),
        ("/api/derive", b'{"name": "no-such-thing"}', 400, "no derivation named"),
        ("/api/derive", b'{"name": "/etc/passwd"}', 400, "no derivation named"),
        ("/api/derive", b'{"name": "../derivations/adam.txt"}', 400, "no derivation named"),
    ],
)
def test_malformed_requests(client: TestClient, path: str, body: bytes, status: int, says: str) -> None:
    r = client.post(path, content=body, headers={"content-type": "application/json"})
    assert r.status_code == status
    assert says in r.json()["error"]["message"]
    assert r.json()["error"]["exit_code"] == 2


def test_routes_and_methods(client: TestClient) -> None:
    assert client.get("/api/explain").status_code == 405
    assert client.post("/api/compare", json={}).status_code == 404
    assert client.get("/derivations/no-such-thing").status_code == 400
    assert "no derivation named" in client.get("/derivations/no-such-thing.pdf").json()["error"]["message"]


def test_size_limit(client: TestClient) -> None:
    big = json.dumps({"latex": "x+" * (MAX_BODY // 2)}).encode()
    r = client.post("/api/explain", content=big)
    assert r.status_code == 413
    assert r.json()["error"]["kind"] == "limit exceeded"
    declared = client.post("/api/explain", content=b"{}", headers={"content-length": str(10**9)})
    assert declared.status_code == 413


def test_budgets_apply_to_every_request(client: TestClient) -> None:
    r = client.post("/api/explain", json={"latex": "x+" * 12_000 + "x"})  # under 64 KiB, over input_chars
    assert r.status_code == 422
    assert "'input_chars' budget" in r.json()["error"]["message"]


#: hostile text a page shows back: in a formula, in an error message, in a form field
PAYLOADS = ["<script>alert(1)</script>", "</textarea><script>alert(1)</script>", '"><img src=x onerror=alert(1)>']


@pytest.mark.parametrize("payload", PAYLOADS)
def test_user_text_is_escaped(client: TestClient, payload: str) -> None:
    pages = [
        client.get("/?latex=" + quote(r"\text{" + payload + "} + x")),  # an error message quoting it
        client.get("/?latex=" + quote("x^2 % " + payload)),  # shown back in the textarea
        client.get("/check?" + "&".join(f"{k}={quote(v)}" for k, v in
                   {"formula": "x^2" + payload, "wrt": payload, "claim": "2x", "shapes": payload}.items())),
    ]  # fmt: skip
    for r in pages:
        assert r.headers["content-type"].startswith("text/html")
        assert "<script>alert" not in r.text and "<img" not in r.text
        assert r.text.count("<script") == 1  # the page's own file
        assert r.text.count("</textarea>") == r.text.count("<textarea")


def test_mathml_is_sanitized() -> None:
    assert to_mathml(r"\text{<script>alert(1)</script>}") is None  # latex2mathml copies markup: shown as code
    href = to_mathml(r"\href{javascript:alert(1)}{x}")
    assert href is not None and "javascript" not in href and "href" not in href
    assert "style" not in (to_mathml(r"\style{color:red}{x}") or "")
    assert to_mathml(r"x < y") == ('<math display="inline" xmlns="http://www.w3.org/1998/Math/MathML"><mrow><mi>x</mi>'
                                   "<mo>&lt;</mo><mi>y</mi></mrow></math>")  # fmt: skip


def test_security_headers(client: TestClient) -> None:
    for r in (client.get("/"), client.get("/static/page.js"), client.post("/api/explain", json={"latex": "x"})):
        csp = r.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp
        assert "unsafe-inline" not in csp and "http" not in csp
        assert r.headers["x-content-type-options"] == "nosniff"
    assert client.get("/", headers={"host": "attacker.example"}).status_code == 400  # DNS rebinding


def test_page_shows_the_explanation(client: TestClient) -> None:
    r = client.get("/?latex=" + quote(r"\hat{y} = \mathrm{softmax}(z)_i"))
    assert r.status_code == 200
    assert "<math" in r.text and 'class="chunk-name">softmax<' in r.text
    assert "entry-vector" in r.text and '<mark class="note-span" data-notes="1">' in r.text
    assert client.get("/?latex=" + quote(r"\frac{1}{")).status_code == 400


def test_concurrent_requests_answer_as_serial_ones(client: TestClient) -> None:
    """Eight requests at once (two workers compute, the others wait) answer exactly as one at a time."""
    bodies = [("/api/explain", {"latex": x}) for _, x, s in EXPLAIN[:4]]
    bodies += [("/api/check", {"formula": c[1], "wrt": c[2], "claim": c[3], "shapes": c[4]}) for c in CHECK[1:3]]
    bodies += [("/api/derive", {"name": "ema"}), ("/api/parse", {"latex": EXPLAIN[1][1]})]
    serial = [client.post(path, json=body).text for path, body in bodies]
    with ThreadPoolExecutor(max_workers=len(bodies)) as pool:
        together = list(pool.map(lambda pb: client.post(pb[0], json=pb[1]).text, bodies))
    assert together == serial


def test_the_readme_curl_example_is_true(client: TestClient) -> None:
    """The README's ``curl`` example: its body sent to the API answers with the document the README shows."""
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    m = re.search(
        r"```bash\ncurl .*?-d '(.*?)' http://127\.0\.0\.1:8000(/api/\w+)\n```\n\n```json\n(.*?)```", readme, re.S
    )
    assert m is not None, "the README's Web page section shows one curl example and its output"
    body, path, shown = m.groups()
    r = client.post(path, content=body.encode(), headers={"content-type": "application/json"})
    assert r.json() == json.loads(shown)


def test_serve_without_the_web_extra_says_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "uvicorn", None)  # `import uvicorn` fails as it does without the extra
    assert main(["serve", "--port", "1"]) == 2
    err = capsys.readouterr().err
    assert "symdl serve needs the web extra (uvicorn is not installed)" in err
    assert "pip install 'symdl[web]'" in err


def test_a_bug_is_500_in_one_line(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug inside a stage (behind the guard) or in rendering: the CLI's internal-error document, one line."""
    import symdl.chunk
    import symdl.render.explanation

    def boom(*args: object, **kwargs: object) -> None:
        raise ValueError("boom\non two lines")

    for target in (symdl.chunk, symdl.render.explanation):
        with monkeypatch.context() as m:
            m.setattr(target, "explain" if target is symdl.chunk else "to_json", boom)
            r = client.post("/api/explain", json={"latex": "x^2"})
        err = r.json()["error"]
        assert (r.status_code, err["kind"], err["exit_code"]) == (500, "internal error", 4)
        assert "ValueError: boom on two lines" in err["message"] and "\n" not in err["message"]
        assert "Traceback" not in r.text
    assert client.post("/api/explain", json={"latex": "x^2"}).status_code == 200
