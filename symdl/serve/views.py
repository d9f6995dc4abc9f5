"""Each page of ``symdl serve``: run the job (:mod:`symdl.serve.jobs`), show its document (:mod:`symdl.serve.page`).

These functions run in a worker thread; they return a finished Starlette response.  A page whose
computation failed shows the CLI's error document as a box, with the same HTTP status as the API.
"""

from __future__ import annotations

from urllib.parse import quote

from starlette.responses import HTMLResponse, Response

from symdl.config import Config
from symdl.errors import InvalidInput
from symdl.serve import jobs, page
from symdl.serve.html import h, math

#: formulas offered on the empty page, as their sources print them
EXAMPLES = (
    ("softmax (PyTorch docs)", r"\text{Softmax}(x_i) = \frac{\exp(x_i)}{\sum_j \exp(x_j)}"),
    ("scaled dot-product attention (Vaswani et al.)",
     r"\mathrm{Attention}(Q, K, V) = \mathrm{softmax}\left(\frac{QK^T}{\sqrt{d_k}}\right)V"),
    ("Adam's moments (Kingma and Ba)", "m_t = \\beta_1 m_{t-1} + (1 - \\beta_1) g_t\n"
                                       "v_t = \\beta_2 v_{t-1} + (1 - \\beta_2) g_t^2"),
    ("binary cross-entropy (PyTorch docs)", r"\ell = -\left[ y \log \sigma(x) + (1 - y) \log (1 - \sigma(x)) \right]"),
)  # fmt: skip
#: download suffix → media type
DOWNLOADS = {"md": "text/markdown; charset=utf-8", "pdf": "application/pdf", "json": "application/json"}


def _html(title: str, here: str, status: int, *main: object) -> HTMLResponse:
    return HTMLResponse(page.page(title, here, *main), status_code=status)


def explain_page(latex: str, config: Config) -> Response:
    """``/`` and ``/?latex=...``: the formula box, and the explanation of the formula given."""
    form = page.explain_form(latex)
    if not latex.strip():
        examples = [h("li", None, h("a", {"href": "/?latex=" + quote(src)}, name), " ", math(src))
                    for name, src in EXAMPLES]  # fmt: skip
        intro = h("p", None, "Paste a formula: symdl reads it, names the concepts it is made of (softmax, a "
                             "linear layer, an exponential moving average ...), says what each part does and "
                             "notes every reading of ambiguous notation, with its span in your text.")  # fmt: skip
        return _html(
            "Explain a formula",
            "/",
            200,
            h("h1", None, "Explain a formula"),
            intro,
            form,
            h("h2", None, "Examples"),
            h("ul", {"class": "examples"}, examples),
        )
    ans = jobs.answer("explain", jobs.explain(latex), config)
    shown = page.explanation(ans.doc) if ans.ok else page.error(ans.doc, [latex])
    return _html("Explain a formula", "/", ans.status, h("h1", None, "Explain a formula"), form, shown)


def check_page(formula: str, wrt: str, claim: str, shapes: str, config: Config) -> Response:
    """``/check?formula=...&wrt=...&claim=...&shapes=...``: the form and the verdict."""
    form = page.check_form(formula, wrt, claim, shapes)
    head = h("h1", None, "Check a claimed gradient")
    if not (formula.strip() or claim.strip()):
        return _html("Check a gradient", "/check", 200, head, form)

    def job(c: Config) -> jobs.Answer:
        if not (formula.strip() and wrt.strip() and claim.strip()):
            raise InvalidInput("a check needs the function, the variable and the claimed gradient",
                               hint="fill in all three fields (shapes are optional)")  # fmt: skip
        return jobs.check(formula, wrt.strip(), claim, jobs.shapes_text(shapes))(c)

    ans = jobs.answer("check", job, config)
    shown = page.verdict(ans.doc, formula, claim) if ans.ok else page.error(ans.doc, [formula, claim, shapes])
    return _html("Check a gradient", "/check", ans.status, head, form, shown)


def library_page(config: Config) -> Response:
    """``/derivations``: the library."""
    ans = jobs.answer("list", jobs.library(), config)
    shown = page.library(ans.doc) if ans.ok else page.error(ans.doc)
    return _html("Derivations", "/derivations", ans.status, shown)


def derivation_file(file: str, config: Config) -> Response:
    """``/derivations/NAME``: the verified derivation; ``NAME.md``, ``NAME.pdf``, ``NAME.json``: its downloads."""
    name, dot, suffix = file.rpartition(".")
    if not dot or suffix not in DOWNLOADS:
        name, suffix = file, ""
    if suffix in ("", "json"):
        ans = jobs.answer("derive", jobs.derive(name), config)
        if suffix == "json":
            return Response(ans.text + "\n", status_code=ans.status, media_type=DOWNLOADS["json"])
        shown = page.derivation(ans.doc) if ans.ok else page.error(ans.doc)
        return _html(ans.doc.get("title", name), "/derivations", ans.status, shown)
    make = jobs.markdown if suffix == "md" else jobs.pdf
    try:
        content = jobs.run(lambda c: make(name, c), config)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # the CLI's error document, as the API answers it
        refused = jobs.failure("derive", exc)
        return Response(refused.text + "\n", status_code=refused.status, media_type=DOWNLOADS["json"])
    return Response(content, media_type=DOWNLOADS[suffix],
                    headers={"content-disposition": f'attachment; filename="{name}.{suffix}"'})  # fmt: skip


def api_page() -> str:
    """``/api``: what the JSON API answers (the CLI's documents, ``symdl/render/schema.json``)."""
    rows = [("POST /api/explain", '{"latex": "..."}', "symdl explain LATEX --format json"),
            ("POST /api/parse", '{"latex": "..."}', "symdl parse LATEX --format json"),
            ("POST /api/check", '{"formula": "...", "wrt": "W", "claim": "...", "shapes": {"W": [3, 4]}}',
             "symdl check FORMULA --wrt W --claim CLAIM --shape W=3x4 --format json"),
            ("POST /api/derive", '{"name": "adam"}', "symdl derive adam --format json"),
            ("GET /api/derivations", "", "symdl list --format json")]  # fmt: skip
    header = h("tr", None, h("th", None, "request"), h("th", None, "body"), h("th", None, "answers as"))
    table = h("table", None, header,
              [h("tr", None, h("td", None, h("code", None, a)), h("td", None, h("code", None, b)),
                 h("td", None, h("code", None, c))) for a, b, c in rows])  # fmt: skip
    status = h("p", None, "Errors are the CLI's JSON error document: HTTP 400 for bad input, 422 for input symdl "
                          "does not support or that exceeds a budget, 413 for a body over 64 KiB, 500 for a bug "
                          "in symdl (one line).")  # fmt: skip
    return page.page("JSON API", "", h("h1", None, "JSON API"), table, status)
