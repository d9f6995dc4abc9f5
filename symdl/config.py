"""All options in one frozen, keyword-only object.

Every stage takes a :class:`Config`; the CLI builds one from its flags.  Defaults
are what a user gets with no options.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace


@dataclass(frozen=True, kw_only=True)
class Config:
    """Options shared by the pipeline stages.

    Attributes:
        lenient: repair stripped backslashes/braces (seed-001 text) and report each repair.
        shapes: declared shapes, e.g. ``{"W": (3, 4), "x": (4,)}``; names as written.
        time_limit: wall-clock bound in seconds on one public call (``parse``, ``explain``, ``diff``,
            ``check_gradient`` ...): the call answers within it or raises ``ResourceLimit`` (it is
            interrupted at 85 % of it, leaving time to unwind); simplification inside gives up
            gracefully at 60 % of it.  None: no limit.
        simplify_seconds: time bound for any single simplify/solve call.
        parse_seconds: time bound for reading one formula.
        max_parse_chars: budget of arithmetic text handed to latex2sympy2_extended per formula
            (its parser costs about a millisecond per character: this keeps reading under parse_seconds).
        max_input_chars: longer inputs are refused with a positioned error.
        max_depth: deeper brace/parenthesis nesting is refused.
        rtol: relative tolerance of numeric gradient checks.
        atol: absolute tolerance of numeric gradient checks.
        seed: RNG seed for numeric checks (reproducible verdicts).
        color: colour terminal output.
    """

    lenient: bool = False
    shapes: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    time_limit: float | None = 2.0
    simplify_seconds: float = 2.0
    parse_seconds: float = 2.0
    max_parse_chars: int = 2_000
    max_input_chars: int = 20_000
    max_depth: int = 100
    rtol: float = 1e-6
    atol: float = 1e-9
    seed: int = 0
    color: bool = True

    def with_(self, **changes: object) -> Config:
        """A copy with some options changed."""
        return replace(self, **changes)  # type: ignore[arg-type]


DEFAULT = Config()
