"""Stage 1, read: LaTeX text → statements over placeholders (see :mod:`symdl.read.syntax`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from symdl.config import DEFAULT, Config
from symdl.errors import InvalidInput, Repair, ResourceLimit, Span
from symdl.read.expr import ExprReader
from symdl.read.lenient import repair_tokens, split_jammed
from symdl.read.lexer import tokenize
from symdl.read.statements import (
    Declaration,
    StatementSyntax,
    declaration,
    paren_depth_ok,
    read_statement,
    split_quads,
    split_statements,
    strip_blocks,
)
from symdl.read.syntax import Placeholder, build_groups


@dataclass
class ReadResult:
    """Everything the binder needs."""

    source: str
    statements: list[StatementSyntax]
    declarations: list[Declaration]
    placeholders: dict[int, Placeholder]
    repairs: list[Repair] = field(default_factory=list)
    dot_positions: list[int] = field(default_factory=list)


def read(source: str, *, config: Config = DEFAULT) -> ReadResult:
    """Read ``source`` into statements.

    Raises:
        SymdlError: with the span of the first problem.
    """
    if len(source) > config.max_input_chars:
        raise ResourceLimit(
            f"the input is {len(source)} characters long; the limit is {config.max_input_chars}",
            source=source[: config.max_input_chars],
            span=Span(0, 1),
            hint="split it into smaller formulas, or raise Config.max_input_chars",
        )
    tokens = tokenize(source)
    repairs: list[Repair] = []
    if config.lenient:
        tokens, repairs = repair_tokens(tokens, source)
    paren_depth_ok(tokens, source, config.max_depth)
    nodes = build_groups(tokens, source, max_depth=config.max_depth)
    reader = ExprReader(
        source, max_depth=config.max_depth, max_chars=config.max_parse_chars, seconds=config.parse_seconds
    )
    statements: list[StatementSyntax] = []
    declarations: list[Declaration] = []
    parts = split_quads(split_statements(strip_blocks(nodes)))
    if config.lenient:
        parts, more = split_jammed(parts)
        repairs.extend(more)
    for part in parts:
        decl = declaration(part, source)
        if decl is not None:
            declarations.append(decl)
            continue
        statements.append(read_statement(reader, part, source))
    if not statements:
        raise InvalidInput(
            "there is no formula here",
            source=source,
            span=Span(0, len(source)),
            hint="paste a formula such as v = \\beta v + (1-\\beta) dW",
        )
    return ReadResult(source, statements, declarations, reader.placeholders, repairs, reader.dot_positions)
