"""Render the concept catalogue (what ``symdl concepts`` prints and README's "Concepts symdl names" holds).

One table per category, in a fixed order, each row a concept's id, name and what it does — all read from the
registry, so the list a user sees is the list the recognisers serve.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from symdl.render import jsonout
from symdl.render.seal import md_code, md_text

if TYPE_CHECKING:
    from symdl.chunk.registry import Concept

#: the order categories are listed in; a category not here comes after them, alphabetically
ORDER = (
    "optimizer", "schedule", "activation", "loss", "normalisation", "statistics", "probability", "layer",
    "attention", "linear algebra", "calculus", "initialisation",
)


def _grouped(concepts: Sequence[Concept]) -> list[tuple[str, list[Concept]]]:
    cats = sorted({c.category or "other" for c in concepts}, key=lambda k: (ORDER.index(k) if k in ORDER else 99, k))
    return [(k, sorted((c for c in concepts if (c.category or "other") == k), key=lambda c: c.id)) for k in cats]


def catalogue_to_markdown(concepts: Sequence[Concept]) -> str:
    """One Markdown table per category: id, name, what it does."""
    out = [f"{len(concepts)} concepts in {len(_grouped(concepts))} categories.", ""]
    for cat, group in _grouped(concepts):
        out += [f"**{md_text(cat)}** ({len(group)})", "", "| id | name | what it does |", "|---|---|---|"]
        out += [f"| {md_code(c.id)} | {md_text(c.name)} | {md_text(c.what)} |" for c in group]
        out.append("")
    return "\n".join(out).rstrip()


def catalogue_to_text(concepts: Sequence[Concept]) -> str:
    """Plain text: a heading per category, one line per concept."""
    out = [f"{len(concepts)} concepts"]
    for cat, group in _grouped(concepts):
        out.append(f"\n{cat} ({len(group)})")
        width = max(len(c.id) for c in group)
        out += [f"  {c.id:<{width}}  {c.name}: {c.what}" for c in group]
    return "\n".join(out)


def catalogue_to_json(concepts: Sequence[Concept]) -> str:
    """A JSON list of concepts: id, name, category, what, explanation, roles, related."""
    rows = [
        {"id": c.id, "name": c.name, "category": c.category, "what": c.what, "explanation": c.explanation,
         "roles": list(c.roles), "related": list(c.related)}
        for c in concepts
    ]
    return jsonout.dump("concepts", {"concepts": rows})
