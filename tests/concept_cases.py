"""The one assertion every concept table uses: explain a formula, the ids it must name are found, the others are not."""

from __future__ import annotations

import symdl
from symdl.chunk import REGISTRY, explain
from symdl.chunk.tree import Chunk


def assert_concepts(latex: str, want: set[str], avoid: set[str]) -> None:
    """``explain(latex)`` names every id of ``want`` (primary or ``also``) and none of ``avoid`` (a false label)."""
    unknown = (want | avoid) - set(REGISTRY)
    assert not unknown, f"not registered: {unknown}"
    found = explain(symdl.parse(latex)).concepts
    assert want <= found, f"missing {want - found}; found {sorted(found)}"
    assert not (avoid & found), f"false label {avoid & found}; found {sorted(found)}"


def chunk_of(latex: str, cid: str) -> Chunk:
    """The first chunk of ``explain(latex)`` that is ``cid`` (primary or ``also``)."""
    expl = explain(symdl.parse(latex))
    return next(c for r in expl.statements for c in r.walk() if c.concept == cid or cid in c.also)
