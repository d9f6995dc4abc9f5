"""The page's views, each made from the JSON document the API answers (what the page shows is what the API says).

One template (``static/page.html``) holds the shell; the views fill its ``main``: the explain form and the
chunked explanation, the gradient check form and its verdict, the derivation library and each derivation.
Every string from a document or a request goes through :func:`symdl.serve.html.h`, which escapes it.
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any

from symdl import __version__
from symdl.serve.html import Html, h, join, marked_source, math, prose, text

#: the page's sections: (path, name in the navigation)
NAV = (("/", "Explain"), ("/check", "Check a gradient"), ("/derivations", "Derivations"))
#: verdict → the sentence after it (as ``symdl check`` prints it)
HEADLINE = {
    "verified": "the claim is the gradient",
    "refuted": "the claim is NOT the gradient",
    "undecided": "symdl could not decide",
}


@cache
def _template() -> string.Template:
    return string.Template(resources.files("symdl.serve").joinpath("static/page.html").read_text(encoding="utf-8"))


def page(title: str, here: str, *main: object) -> str:
    """The whole page: the shell with ``main`` in it (``here``: the navigation entry to mark)."""
    nav = join(h("a", {"href": path, "class": "here" if path == here else None}, name) for path, name in NAV)
    return _template().substitute(title=text(title), nav=nav, main=join(main), version=__version__)


# ---------------------------------------------------------------- forms
def explain_form(latex: str) -> Html:
    """The formula box (prefilled from ``/?latex=...``) and its button."""
    return h("form", {"class": "tool", "method": "get", "action": "/", "id": "explain-form"},
             h("label", {"for": "latex"}, "LaTeX, as in a paper, a book or the PyTorch docs"),
             h("textarea", {"id": "latex", "name": "latex", "rows": 4, "spellcheck": "false", "required": True}, latex),
             h("span", {"class": "hint"}, "several statements: one a line, or separated by \\\\ · Ctrl+Enter explains"),
             h("button", {"type": "submit", "id": "explain"}, "Explain"))  # fmt: skip


def check_form(formula: str, wrt: str, claim: str, shapes: str) -> Html:
    """The gradient check: the function, the variable, the claimed gradient and optional shapes."""
    return h("form", {"class": "tool", "method": "get", "action": "/check", "id": "check-form"},
             h("label", {"for": "formula"}, "The function"),
             h("textarea", {"id": "formula", "name": "formula", "rows": 2, "spellcheck": "false", "required": True},
               formula),
             h("div", {"class": "row"},
               h("div", None, h("label", {"for": "wrt"}, "by the variable"),
                 h("input", {"type": "text", "id": "wrt", "name": "wrt", "value": wrt, "required": True})),
               h("div", None, h("label", {"for": "shapes"}, "shapes (optional)"),
                 h("input", {"type": "text", "id": "shapes", "name": "shapes", "value": shapes,
                             "placeholder": "W=3x4, x=4"}))),
             h("label", {"for": "claim"}, "The claimed gradient"),
             h("textarea", {"id": "claim", "name": "claim", "rows": 2, "spellcheck": "false", "required": True},
               claim),
             h("button", {"type": "submit", "id": "check"}, "Check"))  # fmt: skip


# ---------------------------------------------------------------- errors and notes
def error(doc: Mapping[str, Any], sources: Sequence[str] = ()) -> Html:
    """The CLI's error document as a box, its span marked in whichever input it points into."""
    e = doc["error"]
    where: Html | None = None
    start, end = e.get("start"), e.get("end")
    for source in sources:
        if start is not None and source[start:end] == e.get("text") and source:
            where = marked_source(source, [(start, end, "error")], css="error-span")
            break
    return h("div", {"class": "error", "role": "alert", "id": "error"},
             h("span", {"class": "kind"}, e["kind"]), ": ", e["message"],
             None if e.get("line") is None else f" (line {e['line']}, column {e['column']})",
             where, h("p", {"class": "hint"}, "hint: ", e["hint"]) if e.get("hint") else None)  # fmt: skip


def notes(items: Sequence[Mapping[str, Any]], prefix: str = "") -> Html:
    """Reading notes: the rule, what was read, the words it is about and how to write the other reading."""
    return h("ol", {"class": "notes"}, [
        h("li", {"data-note": f"{prefix}{k + 1}", "tabindex": 0, "id": f"note-{prefix}{k + 1}"},
          h("span", {"class": "note-rule"}, n["rule"]), " ", n["message"], " — about ", h("code", None, n["text"]),
          h("span", {"class": "other"}, "other reading: ", n["alternative"]) if n.get("alternative") else None)
        for k, n in enumerate(items)])  # fmt: skip


def noted_source(source: str, items: Sequence[Mapping[str, Any]], prefix: str = "") -> Html:
    """``source`` with the span of each reading note marked (labelled as :func:`notes` numbers them)."""
    return marked_source(source, [(n["span"][0], n["span"][1], f"{prefix}{k + 1}") for k, n in enumerate(items)])


# ---------------------------------------------------------------- explain
def _chunk(c: Mapping[str, Any]) -> Html:
    near = c.get("near_miss")
    head = [
        h("span", {"class": "near-miss"}, "near miss: ") if near else None,
        h("span", {"class": "chunk-name"}, c["name"]),
    ]
    if c.get("concept") and c["concept"] != c["name"]:
        head.append(h("span", {"class": "concept-id"}, f" ({c['concept']})"))
    if c.get("also"):
        head.append(h("span", {"class": "concept-id"}, " also: " + ", ".join(c["also"])))
    if c.get("role"):
        head += [" ", h("span", {"class": "role"}, prose(c["role"]))]
    body = [
        h("span", {"class": "chunk-expr"}, math(c["latex"])),
        h("span", {"class": "chunk-what"}, c["what"]) if c.get("what") else None,
        h("span", {"class": "chunk-note"}, prose(c["note"])) if c.get("note") else None,
    ]
    if near:
        body.append(h("span", {"class": "chunk-note near-miss"}, "differs: ", prose(near["differs"])))
        if near.get("fix_latex"):
            body.append(h("span", {"class": "chunk-note near-miss"}, "fix: ", math(near["fix_latex"])))
    kids = c.get("children") or ()
    return h("li", {"class": "chunk", "data-concept": c.get("concept")}, head, body,
             h("ul", {"class": "chunks"}, [_chunk(k) for k in kids]) if kids else None)  # fmt: skip


def explanation(doc: Mapping[str, Any]) -> Html:
    """The chunked explanation (``symdl explain``'s content): statements, chunks, relations, reading notes."""
    source, found = doc["source"], doc.get("notes") or []
    out: list[object] = [h("h2", None, "The formula"), noted_source(source, found)]  # each statement's math below
    if doc.get("summary"):
        out.append(h("p", {"class": "summary"}, h("strong", None, "In short: "), doc["summary"]))
    if doc.get("concepts"):
        out.append(h("p", {"class": "concepts"}, h("strong", None, "Concepts: "), ", ".join(doc["concepts"])))
    for k, st in enumerate(doc["statements"]):
        out.append(h("section", {"class": "statement"},
                     h("h3", None, f"Statement {k + 1} ", h("span", {"class": "kind"}, f"({st['name']})")),
                     h("div", {"class": "math-display"}, math(st["text"], display=True)),
                     h("ul", {"class": "chunks"}, _chunk(st))))  # fmt: skip
    if doc.get("relations"):
        out += [h("h2", None, "Relations"), h("ul", None, [h("li", None, prose(r["text"])) for r in doc["relations"]])]
    if doc.get("intermediates"):
        rows = [h("li", None, math(f"{c['name']} = {c['latex']}")) for c in doc["intermediates"]]
        out += [h("h2", None, "Intermediates"), h("ul", None, rows)]
    if found:
        out += [h("h2", None, "Reading notes"), notes(found)]
    return h("section", {"id": "explanation"}, out)


# ---------------------------------------------------------------- check
def _numbers(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_numbers(v) for v in value) + "]"
    return f"{value:.6g}" if isinstance(value, float) else str(value)


def verdict(doc: Mapping[str, Any], formula: str, claim: str) -> Html:
    """``symdl check``'s verdict: the word, how it was reached, and for a refutation the truth and a counterexample."""
    v = doc["verdict"]
    head = f"{v}: {HEADLINE[v]} d/d{doc['wrt']}"
    out: list[object] = [h("p", {"class": f"verdict verdict-{v}", "id": "verdict"}, head),
                         h("p", None, "how: ", doc["method"], h("br"), doc["layout"] or None)]  # fmt: skip
    if v == "verified":
        out.append(h("p", None, f"agrees at {doc['points']} random points, max relative error "
                                f"{doc['max_rel_error']:.2g}"))  # fmt: skip
    rows = []
    if doc.get("truth_latex") and v != "verified":
        rows.append(h("tr", None, h("th", None, "gradient"), h("td", None, math(doc["truth_latex"]))))
    if doc.get("difference_latex") and v == "refuted":
        rows.append(h("tr", None, h("th", None, "claim − truth"), h("td", None, math(doc["difference_latex"]))))
    if doc.get("diagnosis"):
        rows.append(h("tr", None, h("th", None, "diagnosis"), h("td", None, doc["diagnosis"])))
    ce = doc.get("counterexample")
    if ce:
        rows += [h("tr", None, h("th", None, f"at {name} ="), h("td", None, h("code", None, _numbers(x))))
                 for name, x in ce["point"].items()]  # fmt: skip
        rows += [h("tr", None, h("th", None, key), h("td", None, h("code", None, _numbers(ce[key]))))
                 for key in ("claim", "truth", "rel_error")]  # fmt: skip
    if rows:
        out.append(h("table", {"class": "verdict-table"}, rows))
    out += [h("p", {"class": "hint"}, "note: ", n) for n in doc.get("notes") or ()]
    for what, source, prefix in (("function", formula, "f"), ("claim", claim, "c")):
        found = doc["reading_notes"][what]
        if found:
            out += [h("h3", None, f"Reading notes ({what})"), noted_source(source, found, prefix), notes(found, prefix)]
    return h("section", {"id": "check-result"}, out)


# ---------------------------------------------------------------- derivations
def library(doc: Mapping[str, Any]) -> Html:
    """``symdl list``: every derivation, linked to its page."""
    rows = [h("tr", None, h("td", None, h("a", {"href": f"/derivations/{d['name']}"}, d["name"])),
              h("td", None, d["title"]), h("td", None, ", ".join(d["tags"])))
            for d in doc["derivations"]]  # fmt: skip
    return h("section", {"id": "library"}, h("h1", None, "The derivation library"),
             h("p", None, "Each derivation is verified step by step when its page opens (a few seconds)."),
             h("table", {"class": "library"}, h("tr", None, h("th", None, "name"), h("th", None, "title"),
                                                  h("th", None, "tags")), rows))  # fmt: skip


def _step(s: Mapping[str, Any]) -> Html:
    num = s.get("numeric")
    how = [f"symbolic {s['symbolic']}", f"; numeric {num['method']}" if num else None]
    subs = [h("li", None, d["description"], " ", math(d["latex"]) if d.get("latex") else None,
              h("span", {"class": "hint"}, f" ({d['rule']})") if d.get("rule") else None)
            for d in s.get("derivation") or ()]  # fmt: skip
    return h(
        "tr",
        {"class": f"step step-{s['verdict']}"},
        h("td", None, h("strong", None, s["name"]), h("br"), h("span", {"class": "hint"}, s["kind"])),
        h(
            "td",
            None,
            math(s["latex"]) if s.get("latex") else None,
            h("ol", {"class": "substeps"}, subs) if subs else None,
            [h("span", {"class": "chunk-note"}, prose(x)) for x in s.get("details") or ()],
        ),
        h("td", {"class": f"verdict-{s['verdict']}"}, s["verdict"], h("br"), h("span", {"class": "hint"}, how)),
    )


def derivation(doc: Mapping[str, Any]) -> Html:
    """``symdl derive NAME``: the title, sources, verdict, every step, and the downloads."""
    name, v = doc["name"], doc["verdict"]
    wrong = doc.get("first_wrong")
    head = f"{v}: every step checked" if wrong is None else f"{v}: the first wrong step is {wrong}"
    header = h("tr", None, h("th", None, "step"), h("th", None, "statement"), h("th", None, "verdict"))
    return h("section", {"id": "derivation"}, h("h1", None, doc["title"]),
             h("p", {"class": "downloads"}, h("a", {"href": f"/derivations/{name}.md", "download": f"{name}.md"},
                                              "Markdown"),
               h("a", {"href": f"/derivations/{name}.pdf", "download": f"{name}.pdf", "data-slow": True}, "PDF"),
               h("a", {"href": f"/derivations/{name}.json"}, "JSON")),
             h("p", {"class": f"verdict verdict-{v}", "id": "verdict"}, head),
             h("p", {"class": "hint"}, "sources: ", "; ".join(doc["sources"])) if doc.get("sources") else None,
             h("table", {"class": "steps"}, header, [_step(s) for s in doc["steps"]]))  # fmt: skip
