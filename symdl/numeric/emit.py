"""``symdl grad --emit``: the source of a Python function computing a formula's value and its gradients.

Each of the value and the gradients is compiled exactly as :func:`symdl.lambdify` compiles it
(:func:`symdl.numeric.program.compile_expr`: the stable forms of :mod:`symdl.numeric.stable`, then the lowering to
kernel calls), and the lowered program is printed (:mod:`symdl.numeric.emit_backends`: numpy, jax or torch).  Around
the programs, one function takes the formula's inputs as keyword arguments (by their SymPy names, made identifiers),
turns them into the arrays the programs take (vectors as columns, numbers with the core axes of a program, lengths
and dimensions read off the arrays: what :class:`~symdl.numeric.program.Program` does at a call) and returns
``(value, {input: gradient})``, each gradient with its input's shape (ML layout).  Inputs carry no batch axes.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import sympy

from symdl.errors import InvalidInput
from symdl.formula import Formula
from symdl.numeric.emit_backends import (
    ARRAY,
    BROADCAST,
    HEADERS,
    HELPERS,
    kernel_block,
    kernel_names,
    program_source,
)
from symdl.numeric.emit_backends import target as checked_target
from symdl.numeric.program import Program, arguments, compile_expr


@dataclass(frozen=True)
class Target:
    """One program to emit: the value (``wrt`` None) or the gradient by one input.

    Attributes:
        expr: the expression (the value, or the derivative in ML layout).
        wrt: the input differentiated by (its SymPy object: a Symbol, MatrixSymbol or IndexedBase), or None.
        free: the free indices of the result, in axis order (a family's gradient: its fresh index last).
        constant: positions of the result's axes it does not vary along (a family's fresh index the gradient does
            not hold: ∂/∂W_{kl} of Σ_ij W_ij x_j is x_l for every k); they are length 1, and broadcast.
    """

    expr: sympy.Basic
    wrt: sympy.Basic | None = None
    free: tuple[sympy.Symbol, ...] | None = None
    constant: tuple[int, ...] = ()


def identifier(obj: sympy.Basic) -> str:
    """A Python identifier for an input (its SymPy name, ``\\hat{y}`` → ``yhat``, ``lambda`` → ``lambda_``)."""
    name = str(obj.label if isinstance(obj, sympy.IndexedBase) else getattr(obj, "name", obj))
    name = "".join("" if ch in "{}[]()" else ch if ch.isalnum() or ch == "_" else "_" for ch in name)
    name = re.sub("_+", "_", name).strip("_") or "x"
    if name[0].isdigit():
        name = "x" + name
    return name + "_" if keyword.iskeyword(name) or name in RESERVED or name.startswith("symdl") else name


#: names the emitted source itself uses (modules, the value's local, builtins it calls)
RESERVED = frozenset({"numpy", "jax", "jnp", "torch", "functools", "value", "int", "tuple", "max"})


class _Names:
    """Identifiers for inputs, unique within one source."""

    def __init__(self) -> None:
        self.ids: dict[sympy.Basic, str] = {}

    def __call__(self, obj: sympy.Basic) -> str:
        if obj not in self.ids:
            base = identifier(obj)
            name, n = base, 2
            while name in self.ids.values():
                name, n = f"{base}_{n}", n + 1
            self.ids[obj] = name
        return self.ids[obj]


def _compile(formula: Formula | None, target: Target) -> Program:
    """``target`` compiled as :func:`symdl.lambdify` compiles a formula's statement."""
    lengths: dict[sympy.Basic, sympy.Basic] = {}
    zero: frozenset[str] = frozenset()
    if formula is not None:
        for key, sym in formula.lengths.items():
            base = formula.symbols.get(key)
            if isinstance(base, sympy.IndexedBase):
                lengths[base] = sym
        zero = formula.zero_based
    origins = frozenset(b for b in target.expr.atoms(sympy.IndexedBase) if str(b.label) in zero)
    return compile_expr(target.expr, free=target.free, lengths=lengths, origins=origins)


@dataclass
class _Plan:
    """What the wrapper needs: the programs, the inputs (in order), and the values it infers."""

    programs: list[tuple[Target, Program]]
    inputs: list[sympy.Basic]
    optional: dict[sympy.Basic, str]  # input → the expression that infers it when not given
    internal: dict[sympy.Basic, str]  # a dimension or length no one gives → its local's expression
    names: _Names
    ranks: dict[sympy.Basic, int] = field(default_factory=dict)  # family → the number of indices it takes


def _plan(formula: Formula | None, targets: Sequence[Target]) -> _Plan:
    programs = [(t, _compile(formula, t)) for t in targets]
    names = _Names()
    known = set(formula.symbols.values()) if formula is not None else set()
    known |= {t.wrt for t in targets if t.wrt is not None}
    plan = _Plan(programs, [], {}, {}, names)
    for _, prog in programs:
        plan.ranks.update(prog.lowered.family_rank)
    arrays = [o for _, p in programs for o in p.order if isinstance(o, sympy.IndexedBase | sympy.MatrixSymbol)]
    for obj in dict.fromkeys(arrays):  # the arrays first: lengths and dimensions are read off them
        names(obj)
        plan.inputs.append(obj)
    for _, prog in programs:
        low = prog.lowered
        dims = {s: (m, k) for m, shape in low.shapes.items() for k, d in enumerate(shape)
                for s in [sympy.sympify(d)] if isinstance(s, sympy.Symbol)}  # fmt: skip
        for obj in prog.order:
            if obj in plan.inputs or obj in plan.internal:
                continue
            inferred = None
            if obj in low.lengths:
                base, pos = low.lengths[obj]
                inferred = f"_size({names(base)}, {pos}, {low.family_rank.get(base, 1)})"
            elif obj in dims:
                matrix, k = dims[obj]
                inferred = f"int({names(matrix)}.shape[{k - 2}])"
            if inferred is not None and obj not in known:
                plan.internal[obj] = inferred
                continue
            names(obj)
            plan.inputs.append(obj)
            if inferred is not None:
                plan.optional[obj] = inferred
    return plan


def _argument(obj: sympy.Basic, prog: Program, plan: _Plan) -> str:
    """The expression passing ``obj``'s value to ``prog``'s function."""
    low = prog.lowered
    if obj in plan.internal:
        return "_" + plan.names(obj)
    name = plan.names(obj)
    if isinstance(obj, sympy.IndexedBase | sympy.MatrixSymbol) or obj in low.int_params or obj in low.lengths:
        return name
    core = 2 if low.mode == "matrix" else low.ndim
    return f"_number({name}, {core})" if core else name


def _result(target: Target, prog: Program, call: str) -> str:
    """``call`` finished as :meth:`Program._finish` finishes a program's output."""
    low = prog.lowered
    if low.mode == "index":
        return f"_index_result({call}, {low.ndim}, {len(low.free)})"
    if low.mode == "matrix":
        expr = prog.source
        if not getattr(expr, "is_Matrix", False):
            kind = "auto"
        else:
            kind = "number" if tuple(expr.shape) == (1, 1) else "column" if expr.shape[1] == 1 else "matrix"
        return f"_matrix_result({call}, {kind!r})"
    return f"_array({call})"


def _conversion(obj: sympy.Basic) -> str:
    if isinstance(obj, sympy.MatrixSymbol):
        rows, cols = obj.shape
        return "_column" if cols == 1 and rows != 1 else "_row" if rows == 1 and cols != 1 else "_matrix"
    return "_array"


def describe(obj: sympy.Basic, rank: int = 1) -> str:
    """An input's kind and shape, for the docstring (``rank``: how many indices a family takes)."""
    if isinstance(obj, sympy.MatrixSymbol):
        rows, cols = obj.shape
        if cols == 1:
            return f"a vector of length {rows} (a 1-D array or a column)"
        return f"a row vector of length {cols}" if rows == 1 else f"a matrix of shape ({rows}, {cols})"
    if isinstance(obj, sympy.IndexedBase):
        axes = "a 1-D array" if rank == 1 else f"a {rank}-D array (one axis per index)"
        return f"the family's entries as {axes}, first entry first (indices count from 1 in the formula)"
    return "a number"


def _spelling(obj: sympy.Basic, formula: Formula | None) -> str:
    for key, value in formula.symbols.items() if formula is not None else ():
        if value == obj:
            return key
    return str(obj)


def _signature(plan: _Plan) -> str:
    params = [plan.names(o) + ("=None" if o in plan.optional else "") for o in plan.inputs]
    return "*, " + ", ".join(params) if params else ""


def quoted(text: str) -> str:
    """A user's text as it may stand inside the emitted docstring: backslashes and quotes escaped, so nothing in it
    can end the string (the text is never code)."""
    return " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"')


def _docstring(plan: _Plan, formula: Formula | None, summary: str, grads: Mapping[str, str]) -> list[str]:
    one = "    Inputs are one example's values (no batch axes); numbers may be Python floats."
    lines = [f'    """{quoted(summary)}', "", one, "", "    Args:"]
    for obj in plan.inputs:
        spelt = quoted(_spelling(obj, formula))
        also = " (read off the arrays when not given)" if obj in plan.optional else ""
        what = describe(obj, plan.ranks.get(obj, 1))
        lines.append(f"        {plan.names(obj)}: `{spelt}` in the formula, {what}{also}.")
    lines += [
        "",
        "    Returns:",
        "        (value, gradients): the formula's value, and a dict of its gradients by keyword, each with the",
        "        input's shape (ML layout):",
    ]
    lines += [f"        {key!r}: {quoted(what)}" for key, what in grads.items()]
    return [*lines, '    """']


def emit(
    formula: Formula | None, targets: Sequence[Target], *, backend: str = "numpy", name: str = "grad", summary: str = ""
) -> str:
    """The source of a module defining ``name(**inputs) -> (value, gradients)`` for ``targets``.

    Args:
        formula: the formula read (its spellings, lengths, families indexed from 0), or None for an expression.
        targets: the value first, then one gradient per input.
        backend: ``numpy``, ``jax`` or ``torch``.
        name: the function's name.
        summary: the docstring's first line.

    Raises:
        NotSupported: a part has no spelling in ``backend`` (named), or the value cannot be evaluated.
    """
    checked_target(backend)
    if not name.isidentifier() or keyword.iskeyword(name):
        raise InvalidInput(f"the function's name {name!r} is not a Python identifier", hint="e.g. --name loss_grad")
    plan = _plan(formula, targets)
    parts, calls = [], []
    for k, (target, prog) in enumerate(plan.programs):
        fname = "_value" if target.wrt is None else f"_grad_{k}"
        parts.append(program_source(fname, arguments(prog.lowered)[1], prog.lowered.expr, backend))
        call = _result(target, prog, f"{fname}({', '.join(_argument(o, prog, plan) for o in prog.order)})")
        call = f"_expand({call}, {target.constant})" if target.constant else call
        calls.append((target, call))
    kernels = kernel_block(kernel_names("\n".join(parts)), backend)
    grads = {plan.names(t.wrt): f"dF/d{_spelling(t.wrt, formula)}" for t in targets if t.wrt is not None}
    body = _docstring(plan, formula, summary or f"The value of F and its gradients by {', '.join(grads)}.", grads)
    body += [f"    {plan.names(o)} = {_conversion(o)}({plan.names(o)})" for o in plan.inputs
             if o not in plan.optional and o not in plan.internal]  # fmt: skip
    for obj, how in plan.optional.items():
        body.append(f"    {plan.names(obj)} = {how} if {plan.names(obj)} is None else int({plan.names(obj)})")
    body += [f"    _{plan.names(obj)} = {how}" for obj, how in plan.internal.items()]
    value_scalar = _is_number(plan.programs[0][1])
    grad_lines = []
    for target, call in calls:
        if target.wrt is None:
            body.append(f"    value = {call}")
            continue
        like = plan.names(target.wrt) + ("[..., 0]" if _conversion(target.wrt) == "_column" else "")
        shaped = f"_like({call}, {like})" if value_scalar else call
        grad_lines.append(f"        {plan.names(target.wrt)!r}: {shaped},")
    body += ["    return value, {", *grad_lines, "    }"]
    helpers = HELPERS.format(array=ARRAY[backend], broadcast=BROADCAST[backend])
    sections = [
        HEADERS[backend],
        kernels,
        helpers.strip() + "\n",
        *parts,
        f"def {name}({_signature(plan)}):\n" + "\n".join(body) + "\n",
    ]
    return "\n\n".join(s.rstrip("\n") + "\n" for s in sections if s).replace("\n\n\n\n", "\n\n\n")


def _is_number(prog: Program) -> bool:
    """Is the program's value one number (so each gradient has its input's shape)?"""
    low = prog.lowered
    if low.mode == "matrix":
        return tuple(getattr(prog.source, "shape", (1, 1))) == (1, 1)
    return not low.free
