"""The result of chunking: :class:`Chunk` trees, :class:`Relation` s and the :class:`Explanation`.

An :class:`Explanation` prints (``str``, ``_repr_markdown_``, ``_repr_latex_``) through
:func:`symdl.printers.show`: the render stage's functions, installed by :mod:`symdl.pipeline`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import sympy

from symdl.formula import Formula
from symdl.printers import Shown, show


@dataclass(frozen=True)
class NearMiss:
    """How a block differs from the concept it almost is.

    Attributes:
        differs: one sentence: what is different.
        fix: the expression that would be the concept.
        fix_latex: its LaTeX.
    """

    differs: str
    fix: sympy.Basic | None = None
    fix_latex: str = ""


@dataclass(frozen=True)
class Chunk:
    """One named block of a formula.

    Attributes:
        concept: the concept id, or None (a named intermediate, an author label, a statement).
        name: readable name (the author's label when there is one).
        role: the role this block plays in its parent ("input", "normaliser", ...).
        latex: the block's LaTeX.
        expr: the block's SymPy expression.
        what: one line: what it does.
        note: what is specific to this instance (decay, scale, which rows a permutation moves).
        params: concept parameters (decay, scale, slope...) as SymPy values.
        roles: the concept's parts: ``(role name, subexpression)``.
        also: further concept ids the same block is.
        near_miss: set when the block is only almost ``concept``.
        label: the author's ``\\underbrace`` label, if any.
        children: the blocks inside it.
        guess: set when the block is ``concept`` only by a reading noted as a guess (not in the concepts).
    """

    concept: str | None
    name: str
    role: str
    latex: str
    expr: sympy.Basic
    what: str = ""
    note: str = ""
    params: tuple[tuple[str, sympy.Basic], ...] = ()
    roles: tuple[tuple[str, sympy.Basic], ...] = ()
    also: tuple[str, ...] = ()
    near_miss: NearMiss | None = None
    label: str | None = None
    children: tuple[Chunk, ...] = ()
    guess: str = ""

    def walk(self) -> Iterator[Chunk]:
        """This chunk and every chunk below it, depth first."""
        yield self
        for c in self.children:
            yield from c.walk()

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict."""
        return {
            "concept": self.concept,
            "name": self.name,
            "role": self.role,
            "latex": self.latex,
            "sympy": sympy.srepr(self.expr) if len(str(self.expr)) < 2000 else str(self.expr),
            "expr": str(self.expr),
            "what": self.what,
            "note": self.note,
            "params": {k: str(v) for k, v in self.params},
            "roles": {k: str(v) for k, v in self.roles},
            "also": list(self.also),
            "near_miss": None
            if self.near_miss is None
            else {"differs": self.near_miss.differs, "fix": self.near_miss.fix_latex},
            "label": self.label,
            "guess": self.guess,
            "children": [c.to_dict() for c in self.children],
        }


@dataclass(frozen=True)
class Relation:
    """A relation between statements of a system (Adam: "v is an EMA of dW").

    Attributes:
        kind: ``uses`` (data flow), ``role`` (what a statement's target is), or ``combines``
            (an optimizer read off several statements).
        text: the sentence to show.
        statements: indices of the statements involved.
        concept: a concept id the relation establishes (``adam``, ``momentum``), if any.
    """

    kind: str
    text: str
    statements: tuple[int, ...] = ()
    concept: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "text": self.text,
            "statements": list(self.statements),
            "concept": self.concept,
        }


@dataclass(frozen=True, repr=False)
class Explanation(Shown):
    """What :func:`symdl.chunk.explain` returns.

    Attributes:
        formula: the formula explained.
        statements: one root chunk per statement (its right side), in order.
        relations: relations between statements (empty for a single statement).
        intermediates: repeated subexpressions without a concept, named ``u_1, u_2, ...``.
        concepts: every concept id found anywhere (including relations), but those said only by a guess.
        guessed: the concept ids said only by a reading noted as a guess (σ left open read as the sigmoid).
        summary: one line for the whole formula.
    """

    formula: Formula
    statements: tuple[Chunk, ...]
    relations: tuple[Relation, ...] = ()
    intermediates: tuple[Chunk, ...] = ()
    concepts: frozenset[str] = field(default_factory=frozenset)
    summary: str = ""
    guessed: frozenset[str] = field(default_factory=frozenset)

    def chunks(self) -> Iterator[Chunk]:
        """Every chunk of every statement, depth first."""
        for root in self.statements:
            yield from root.walk()

    def find(self, concept: str) -> list[Chunk]:
        """The chunks recognised as ``concept`` (primary or ``also``)."""
        return [c for c in self.chunks() if c.concept == concept or concept in c.also]

    @property
    def near_misses(self) -> list[Chunk]:
        """Chunks that are almost a concept."""
        return [c for c in self.chunks() if c.near_miss is not None]

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict."""
        return {
            "source": self.formula.source,
            "kind": self.formula.kind,
            "summary": self.summary,
            "concepts": sorted(self.concepts),
            "guessed_concepts": sorted(self.guessed),
            "statements": [c.to_dict() for c in self.statements],
            "relations": [r.to_dict() for r in self.relations],
            "intermediates": [c.to_dict() for c in self.intermediates],
            "notes": [n.to_dict(self.formula.source) for n in self.formula.notes],
        }

    def _repr_markdown_(self) -> str:
        return show(self, "markdown")

    def _repr_latex_(self) -> str:
        return "$$" + show(self, "latex") + "$$"

    def __str__(self) -> str:
        return show(self, "text")
