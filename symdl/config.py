"""All options in one frozen, keyword-only object.

Every stage takes a :class:`Config`; the CLI builds one from its flags.  Defaults
are what a user gets with no options.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from numbers import Integral

from symdl.budget import Budgets
from symdl.errors import InvalidInput


@dataclass(frozen=True, kw_only=True)
class Config:
    """Options shared by the pipeline stages.

    Attributes:
        lenient: repair stripped backslashes/braces (seed-001 text) and report each repair.
        shapes: declared shapes, e.g. ``{"W": (3, 4), "x": (4,)}``; names as written.
        budgets: the counted limits of one call (:class:`symdl.budget.Budgets`): characters, tokens,
            depth, digits, operations, steps of symbolic work, array entries, sum terms.  Exceeding one
            is a positioned ``ResourceLimit`` naming it, the same on every machine.
        time_limit: the wall-clock backstop of one public call in seconds, a last resort far above
            what the budgets allow, checked cooperatively (so in any thread).  None or 0: none.
        rtol: relative tolerance of numeric gradient checks against central differences (entry by entry,
            beside the differences' own error estimate).  4th-order differences at steps eps^(1/5) are accurate to
            ~1e-12 relative on smooth pieces, so 1e-9 refutes a claim off by 1e-6 (1e-6 had verified it).
        complex_rtol: normwise relative tolerance against complex-step derivatives, which are accurate to
            rounding (~1e-15): a claim off by 1e-6 is refuted.
        complex_atol: the absolute floor of that comparison (a zero gradient and a claim whose terms cancel to
            rounding noise agree).
        atol: absolute tolerance of numeric gradient checks.
        seed: RNG seed for numeric checks (reproducible verdicts).
        color: colour terminal output.
        width: the terminal text's width in columns (the CLI: the terminal's own width when writing to one, else
            110, so piped output is the same everywhere).
        labels: names that are integer labels picking an entry, as written (``("y_i",)``): read as one integer
            wherever they appear (``\\mathbb{1}(k = y_i)``).  symdl finds a label itself where it is written as
            a subscript (``s_{y_i}``); the checker passes a formula's labels on to its claim.
        layout: how layers are laid out: ``"auto"`` decides by how the formula is written (a vector written
            right before a weight, PyTorch's ``x A^T + b``, is a row, and so is its bias: reading notes
            ``vector-row``, ``bias-row``); ``"columns"`` reads every vector as a column (``--layout columns``).
        functions: unknown functions to read as known ones, by name: ``{"H": "heaviside", "phi": "tanh"}``
            (``--function H=heaviside``), in formula and claim alike, each with a reading note ``function-named``;
            the known names are :data:`symdl.bind.named.NAMEABLE`'s (an unknown one is refused, listing them).
    """

    lenient: bool = False
    shapes: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    budgets: Budgets = field(default_factory=Budgets)
    time_limit: float | None = 60.0
    rtol: float = 1e-9
    complex_rtol: float = 1e-10
    complex_atol: float = 1e-12
    atol: float = 1e-9
    seed: int = 0
    color: bool = True
    width: int = 110
    labels: tuple[str, ...] = ()
    layout: str = "auto"
    functions: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.width, int) or self.width < 20:
            raise InvalidInput(f"width is a number of columns ≥ 20, not {self.width!r}", hint="Config(width=80)")
        if self.layout not in LAYOUTS:
            raise InvalidInput(f"layout is one of {', '.join(LAYOUTS)}, not {self.layout!r}",
                               hint="Config(layout='columns'), or --layout columns on the command line")
        odd = [name for name in self.labels if not isinstance(name, str) or not LABEL.match(name.replace(" ", ""))]
        if odd or isinstance(self.labels, str):
            raise InvalidInput(
                f"labels are names like 'y_i' (a letter with a one-letter index), not {odd or self.labels!r}",
                hint="Config(labels=('y_i',)), or --label y_i on the command line",
            )
        if self.time_limit is not None and not self.time_limit >= 0:
            raise InvalidInput(
                f"time_limit must be a number of seconds ≥ 0 (0 or None: no backstop), not {self.time_limit!r}",
                hint="Config(time_limit=60), or --time-limit 60 on the command line",
            )
        object.__setattr__(self, "shapes", declared_shapes(self.shapes))
        object.__setattr__(self, "functions", _named_functions(self.functions))
        bad = {name: value for name, value in vars(self.budgets).items() if not isinstance(value, int) or value < 0}
        if bad:
            raise InvalidInput(f"budgets are whole numbers ≥ 0: {bad}", hint="e.g. Budgets(steps=3_000_000)")

    def with_(self, **changes: object) -> Config:
        """A copy with some options changed."""
        return replace(self, **changes)  # type: ignore[arg-type]

    def with_shapes(self, shapes: object) -> Config:
        """A copy that also declares ``shapes`` (a mapping of names to shapes; None: none more)."""
        return self if not shapes else replace(self, shapes={**self.shapes, **declared_shapes(shapes)})


#: the form of a label: a letter with a one-letter index (``y_i``, ``y_{i}``); groups: the letter, the index
LABEL = re.compile(r"^([A-Za-z])_\{?([A-Za-z])\}?$")

#: the layer layouts :attr:`Config.layout` takes
LAYOUTS = ("auto", "columns")


def declared_shapes(shapes: object) -> dict[str, tuple[object, ...]]:
    """Declared shapes checked and as tuples of ints; a whole number alone is a vector's length (``{"x": 4}``
    is ``{"x": (4,)}``), ``()`` a number.  Anything else is :class:`InvalidInput`."""
    if not isinstance(shapes, Mapping):
        raise InvalidInput(f"shapes map names to shapes, not {shapes!r}", hint="shapes={'W': (3, 4), 'x': 4}")
    out: dict[str, tuple[object, ...]] = {}
    for name, shape in shapes.items():
        dims = (shape,) if isinstance(shape, Integral) else shape
        if (not isinstance(name, str) or not isinstance(dims, tuple | list) or not len(dims) <= 2
                or not all(_dimension(d) for d in dims)):
            raise InvalidInput(f"the shape of {name!r} is a length, (rows, columns) or () for a number, not {shape!r}",
                               hint="shapes={'W': (3, 4), 'x': 4}, or --shape W=3x4 --shape x=4")
        out[name] = tuple(int(d) if isinstance(d, Integral) else d for d in dims)
    return out


def _named_functions(functions: object) -> dict[str, str]:
    """``Config.functions`` checked: names to known functions' names (:func:`symdl.functions.known_function`)."""
    if isinstance(functions, Mapping) and not functions:
        return {}
    from symdl.functions import known_function

    if not isinstance(functions, Mapping) or not all(isinstance(k, str) and isinstance(v, str)
                                                     for k, v in functions.items()):
        raise InvalidInput(f"functions map names to known functions' names, not {functions!r}",
                           hint="Config(functions={'H': 'heaviside'}), or --function 'H=heaviside'")
    return {name.strip().lstrip("\\"): known_function(name, known) for name, known in functions.items()}


def _dimension(d: object) -> bool:
    """A whole number ≥ 1, or a symbolic dimension (a SymPy symbol that is a positive integer)."""
    if isinstance(d, Integral):
        return not isinstance(d, bool) and d > 0
    return getattr(d, "is_integer", False) is True and getattr(d, "is_positive", False) is True


DEFAULT = Config()
