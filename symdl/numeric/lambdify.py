"""``lambdify``: a formula (or a SymPy expression) → a vectorised numpy function.

Calling convention of the returned function (issue 2, item 3):

* keyword arguments keyed exactly like ``formula.symbols`` (spellings as written:
  ``f(**{r"\\beta_1": 0.9, "dW": g})``); for a bare expression, keyed by each symbol's
  name, or positional in the order of ``symbols``;
* an indexed family (``z`` for ``z_i``) is an array whose **last** axis holds
  ``z_1..z_n`` in order (1-based in the formula); a sum without bounds runs over the
  whole array, a sum with bounds uses the given bound (a keyword like any other);
  a bound nobody gives defaults to the length of the array the sum's index runs over;
* a free index makes the result a vector over that index (softmax returns the whole
  softmax vector); several free indices give an array with one axis per index,
  in the order of ``formula.free_indices``;
* a vector (``MatrixSymbol`` with one column) takes a 1-D array or a column, a matrix a
  2-D array, and products follow linear algebra: ``h^T W h`` is a number; a column
  result comes back 1-D, a ``1 x 1`` result as a number;
* **batches**: any input may carry extra *leading* axes; they broadcast, and the
  result carries them in front;
* a **system** returns a ``dict`` from each target's spelling (and each alias's) to
  its value, the statements evaluated in order so that later ones see earlier targets;
  any other formula returns the value of its (last) statement.

Unknown functions (``g(z)``) need an implementation: ``functions={"g": np.tanh}``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import sympy

from symdl.config import DEFAULT, Config
from symdl.errors import InvalidInput, NotSupported
from symdl.formula import Formula, Statement
from symdl.numeric.lower import free_indices
from symdl.numeric.program import Program, compile_expr
from symdl.printers import Shown
from symdl.untrusted import expression


def _name(obj: sympy.Basic) -> str:
    if isinstance(obj, sympy.IndexedBase):
        return str(obj.label)
    return str(getattr(obj, "name", obj))


@dataclass(repr=False)
class NumpyFunction(Shown):
    """The callable :func:`lambdify` returns.

    Attributes:
        programs: (target or None, compiled right side) per statement, in order.
        spellings: spelling → SymPy object, the accepted keywords.
        positional: the order of positional arguments (bare expressions only).
        system: whether the result is a dict of targets.
        aliases: target → further spellings of the same value.
        order: the order the programs run in, when a definition is written after its use (Ba et al.'s
            ``\\bar a_i = \\frac{a_i - \\mu}{\\sigma} g_i, \\; \\mu = ...``); results stay in written order.
    """

    programs: tuple[tuple[sympy.Basic | None, Program], ...]
    spellings: Mapping[str, sympy.Basic]
    positional: tuple[sympy.Basic, ...] = ()
    system: bool = False
    aliases: Mapping[sympy.Basic, tuple[str, ...]] | None = None
    order: tuple[int, ...] | None = None
    #: families of vectors used whole (one index): an array of rows for one is refused (see _member_vectors)
    member_vectors: frozenset[str] = frozenset()

    @property
    def parameters(self) -> tuple[str, ...]:
        """Spellings of the values a call needs (outputs of earlier statements excluded)."""
        made: set[sympy.Basic] = set()
        out: list[str] = []
        names = self._names()
        for target, prog in self.programs:
            for obj in prog.needs:
                if obj not in made and names.get(obj, _name(obj)) not in out:
                    out.append(names.get(obj, _name(obj)))
            if target is not None:
                made.add(target)
        return tuple(out)

    def _names(self) -> dict[sympy.Basic, str]:
        names: dict[sympy.Basic, str] = {}
        for key, obj in self.spellings.items():
            names.setdefault(obj, key)
        by_str = {str(o): k for o, k in names.items()
                  if isinstance(o, (sympy.IndexedBase, sympy.MatrixSymbol, sympy.Symbol))}
        for _, prog in self.programs:  # a vector beside its entries: both go by the spelling written
            for obj in prog.needs:
                if obj not in names and isinstance(obj, (sympy.IndexedBase, sympy.MatrixSymbol)) and str(obj) in by_str:
                    names[obj] = by_str[str(obj)]
        return names

    def __call__(self, /, *args: object, **kwargs: object) -> object:
        if len(args) > len(self.positional):
            raise InvalidInput(
                f"expected at most {len(self.positional)} positional argument(s), got {len(args)}"
            )
        values: dict[sympy.Basic, object] = dict(zip(self.positional, args, strict=False))
        unspaced = {k.replace(" ", ""): v for k, v in self.spellings.items()}
        free = {str(i) for _, prog in self.programs for i in prog.lowered.free}  # indices of the result's axes
        for key, val in kwargs.items():
            obj = self.spellings.get(key, unspaced.get(key.replace(" ", "")))  # \Delta\mathbf{x}: \Delta \mathbf{x}
            if obj is None:
                known = ", ".join(repr(k) for k in self.spellings)
                raise InvalidInput(f"unknown argument {key!r}; this formula takes {known}")
            if str(obj) in free:
                raise InvalidInput(
                    f"{key!r} is a free index of this formula: the result has one entry per value of it, so it takes "
                    "no value", hint="pick the entry from the result; a class label given per example is written with "
                    "the example's index (cs231n's \\sum_{j \\neq y_i} s_{ij}) and takes integer labels")
            if str(getattr(obj, "label", obj)) in self.member_vectors and np.ndim(val) >= 2:
                raise NotSupported(
                    f"evaluating the vectors of the family {key} used whole (a sum or function of them) from an "
                    "array of rows: its index would run over the wrong axis", hint="give one number per member (a "
                    "1-D array), or write the family as a matrix (\\Phi^\\top (\\mathbf{y} - \\mathbf{t})) or by "
                    "entries (\\sum_n (y_n - t_n) \\phi_{nk})")
            values[obj] = val
        return self.evaluate(values, given=True)

    def evaluate(self, values: Mapping[sympy.Basic, object], *, given: bool = False) -> object:
        """Evaluate with values keyed by SymPy object (the form internal callers use); ``given``: the values are
        a user's, so arrays for names read as numbers are checked (:meth:`Program.one_grid`)."""
        env = dict(values)
        _share_between_twins(env, [prog for _, prog in self.programs])
        names = self._names()
        values_at: dict[int, object] = {}
        for k in self.order or range(len(self.programs)):
            target, prog = self.programs[k]
            values_at[k] = prog(env, names, given=given)
            if target is not None:
                env[target] = values_at[k]
                _set_twins(env, target, values_at[k], [p for _, p in self.programs])  # a = σ(z), then a_i
        results: dict[str, object] = {}
        for k, (target, _) in enumerate(self.programs):  # in written order
            if target is not None:
                results[names.get(target, _name(target))] = values_at[k]
                for alias in (self.aliases or {}).get(target, ()):
                    results[alias] = values_at[k]
        return results if self.system else values_at[len(self.programs) - 1]


def _share_between_twins(env: dict[sympy.Basic, object], programs: Sequence[Program]) -> None:
    r"""A vector and its entries in one formula (``\|y - a\|^2 = \sum_j (y_j - a_j)^2``) are a MatrixSymbol and an
    IndexedBase of one name: the array given for either is the value of both."""
    arrays = (sympy.IndexedBase, sympy.MatrixSymbol)
    # (a definition's parameter is a Symbol: R(W) = \sum_k \sum_l W_{k,l}^2 given W)
    given = {str(k): v for k, v in env.items() if isinstance(k, (*arrays, sympy.Symbol))}
    for prog in programs:
        for obj in prog.needs:
            if obj not in env and isinstance(obj, arrays) and str(obj) in given:
                env[obj] = given[str(obj)]


def _set_twins(env: dict[sympy.Basic, object], target: sympy.Basic, value: object, programs: Sequence[Program]) -> None:
    r"""A vector a statement computes is the value of its entries' family too (Ng's ``a = \sigma(z)`` then
    ``\sum_i y_i \log a_i``: the MatrixSymbol a and the IndexedBase a of one name)."""
    arrays = (sympy.IndexedBase, sympy.MatrixSymbol)
    if not isinstance(target, arrays):
        return
    for prog in programs:
        for obj in prog.needs:
            if obj not in env and isinstance(obj, arrays) and str(obj) == str(target):
                env[obj] = value


def _run_order(programs: Sequence[tuple[sympy.Basic | None, Program]],
               defined: set[sympy.Basic]) -> tuple[int, ...] | None:
    """The order to run a system of definitions in (no updates: those run as written): a name ``defined`` by ``=``
    is computed before any statement that uses it, even one written above it (a "where" clause); None: as written."""
    targets = {t: k for k, (t, _) in enumerate(programs) if t is not None and t in defined}
    after = {k: {targets[n] for n in prog.needs if n in targets and targets[n] > k}
             for k, (_, prog) in enumerate(programs)}
    if not any(after.values()):
        return None
    order: list[int] = []
    while len(order) < len(programs):
        ready = [k for k in range(len(programs)) if k not in order and after[k] <= set(order)]
        if not ready:  # definitions that use each other: as written
            return None
        order.append(ready[0])
    return tuple(order)


def _substituted(rhs: sympy.Basic, definitions: dict[sympy.Basic, sympy.Lambda]) -> sympy.Basic:
    for fn, lam in definitions.items():
        rhs = rhs.replace(lambda e, fn=fn: getattr(e, "func", None) == fn,
                          lambda e, lam=lam: lam(*(_number(a) for a in e.args)))
    return rhs


def _number(arg: sympy.Basic) -> sympy.Basic:
    """A 1 × 1 product passed to a function defined on numbers (``s(\\mathbf{w}^T\\mathbf{x})`` of ``s(a) = ...``):
    its one entry, as symdl writes a 1 × 1 value used as a number (a trace)."""
    if isinstance(arg, sympy.MatrixExpr) and tuple(arg.shape) == (1, 1):
        return sympy.Trace(arg)
    return arg


def _statement_parts(formula: Formula) -> list[tuple[sympy.Basic | None, sympy.Basic]]:
    parts: list[tuple[sympy.Basic | None, sympy.Basic]] = []
    definitions: dict[sympy.Basic, sympy.Lambda] = {}
    for st in formula.statements:
        if st.kind == "distribution":  # W \sim U[-a, a]: how a name is drawn
            raise NotSupported("a distribution statement has no value to evaluate (it says how a name is drawn)",
                               source=st.latex, hint="evaluate its parameters on their own")
        rhs = _substituted(_compared(st) if st.relation else st.rhs, definitions)
        if st.kind == "definition" and st.params and st.lhs is not None and hasattr(st.lhs, "func"):
            definitions[st.lhs.func] = sympy.Lambda(tuple(st.params), rhs)
            if formula.kind == "system" and not _system_value(formula, st):
                continue
        target = st.target if st.target is not None else (st.lhs if formula.kind == "system" else None)
        parts.append((_family(target), rhs))
    # a function used before the statement that defines it (y = f(z), where f(x) = ...), not by itself (Bellman's v)
    later = {fn: lam for fn, lam in definitions.items() if not lam.expr.has(fn)}
    return [(t, _substituted(rhs, later)) for t, rhs in parts]


def _system_value(formula: Formula, st: Statement) -> bool:
    """Is the definition ``st`` the value of its system, not a helper of its other statements: the last statement,
    its function used by no other (a pasted Python def: its lines, then ``name(args) = `` its return)?"""
    func = st.lhs.func  # type: ignore[union-attr]
    return st is formula.statements[-1] and not any(
        o is not st and any(getattr(e, "func", None) == func for e in sympy.preorder_traversal(o.rhs))
        for o in formula.statements
    )


def _compared(st: Statement) -> sympy.Basic:
    """An inequality between numbers evaluates to whether it holds (``|\\Delta_t| \\le \\alpha``: true or false
    at the inputs given); a proportionality, or an inequality between vectors, has no value."""
    sides = (st.lhs, st.rhs)
    if st.relation == "propto" or any(getattr(s, "is_Matrix", False) for s in sides):
        what = "a proportionality" if st.relation == "propto" else "an inequality between vectors or matrices"
        raise NotSupported(f"{what} has no value to evaluate", source=st.latex,
                           hint="evaluate each side on its own")
    return sympy.Rel(st.lhs, st.rhs, st.relation, evaluate=False)


def _family(target: sympy.Basic | None) -> sympy.Basic | None:
    """A statement that defines a family entry by entry (``l_n = (x_n - y_n)^2``) computes the whole array: its
    value is the family's, for a later statement that uses the family (``\\sum_n l_n``)."""
    if isinstance(target, sympy.Indexed) and all(isinstance(i, sympy.Symbol) for i in target.indices):
        return target.base
    return target


def lambdify(
    formula_or_expr: Formula | sympy.Basic,
    symbols: Sequence[sympy.Basic | str] | None = None,
    *,
    functions: Mapping[str, Callable[..., object]] | None = None,
    stable: bool = True,
    config: Config = DEFAULT,
) -> NumpyFunction:
    """Turn a formula or SymPy expression into a vectorised, numerically stable numpy function.

    Args:
        formula_or_expr: a :class:`~symdl.formula.Formula` (from ``symdl.parse``) or a
            SymPy expression.
        symbols: for an expression, its inputs (Symbols, IndexedBases, MatrixSymbols, or their
            names): they are the positional arguments, and their names the keywords.
            Default: the expression's free symbols, sorted by name.
        functions: numpy implementations of unknown functions, by name.
        stable: rewrite unstable patterns (softmax, log-sum-exp, log-sigmoid, ...).
        config: options (unused for now; keyword for uniformity).

    Returns:
        A :class:`NumpyFunction`; see the module docstring for its calling convention.

    Raises:
        NotSupported: for constructs with no numeric meaning (unknown functions without
            an implementation, unevaluated derivatives, integrals).
        InvalidInput: ``formula_or_expr`` is text (this stage never reads text: ``symdl.lambdify``
            does), ``symbols`` names no input; on a call, for missing/unknown arguments or mismatched shapes.
    """
    del config
    _check_functions(functions)
    if isinstance(formula_or_expr, Formula):
        return _from_formula(formula_or_expr, functions, stable)
    expr = expression(formula_or_expr, "the formula")
    symbols = _default_symbols(expr) if symbols is None else _inputs(expr, symbols)
    prog = compile_expr(expr, functions=functions, stable=stable)
    spellings = {_name(s): s for s in symbols}
    for obj in prog.order:
        spellings.setdefault(_name(obj), obj)
    return NumpyFunction(((None, prog),), spellings, positional=tuple(symbols))


def _check_functions(functions: Mapping[str, Callable[..., object]] | None) -> None:
    for name, impl in (functions or {}).items():
        if not isinstance(name, str) or not callable(impl):
            raise InvalidInput(
                f"functions maps {name!r} to a {type(impl).__name__}, not a function",
                hint="pass numpy implementations by name, e.g. functions={'g': np.tanh}",
            )


def _inputs(expr: sympy.Basic, symbols: Sequence[sympy.Basic | str]) -> list[sympy.Basic]:
    """The positional inputs: SymPy objects as given, names (``"z"``) resolved against ``expr``'s inputs."""
    if isinstance(symbols, str | bytes):
        symbols = [symbols]  # type: ignore[list-item]
    known = {_name(s): s for s in _default_symbols(expr)}
    out = []
    for s in symbols:
        if isinstance(s, str):
            if s not in known:
                inputs = ", ".join(known) or "none"
                raise InvalidInput(f"unknown input {s!r}", hint=f"the expression's inputs: {inputs}")
            s = known[s]
        out.append(expression(s, "an input"))
    return out


def _default_symbols(expr: sympy.Basic) -> list[sympy.Basic]:
    objs: set[sympy.Basic] = set(expr.atoms(sympy.IndexedBase, sympy.MatrixSymbol))
    bound: set[sympy.Basic] = set()
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, sympy.Sum | sympy.Product):
            bound |= {lim[0] for lim in node.limits}
        if isinstance(node, sympy.Indexed):
            bound |= node.free_symbols - node.base.free_symbols
    labels = {b.label for b in objs if isinstance(b, sympy.IndexedBase)}
    for s in expr.free_symbols:
        if isinstance(s, sympy.Symbol) and s not in bound and s not in labels:
            objs.add(s)
    return sorted(objs, key=_name)


def _member_vectors(formula: Formula) -> frozenset[str]:
    """Families of vectors used whole, by one index (Bishop's \\sum_n (y_n - t_n) \\boldsymbol{\\phi}_n, the GAN's
    D(G(\\boldsymbol{z}^{(i)}))): their arrays put the index last, so a user's array of rows (one vector per row, as
    the binder shapes them) would be gathered along the wrong axis; a dot product (\\sum_k w_k x_{ik}) indexes both
    axes and is not among them."""
    out = set()
    for st in formula.statements:
        for e in st.rhs.atoms(sympy.Indexed):
            shape = formula.shapes.get(e.base.label.name)
            if shape is not None and len(shape) == 2 and shape[1] != 1 and len(e.indices) == 1:
                out.add(e.base.label.name)
    return frozenset(out)


def _entry_letters(formula: Formula) -> frozenset[sympy.Basic]:
    """The letters of an entry definition's left side (``p_{i,2j} = \\sin(...)``: i, j): the caller passes their
    values (numbers, or arrays of one shape: ``np.meshgrid(..., indexing="ij")``), and the value is the right side
    there; no array tells their range.  So are the two or more letters of a left side ``A_{nk} = ...`` (HiPPO's
    matrix) that the right side writes but no array of it carries: it computes the entry from their values."""
    out: set[sympy.Basic] = set()
    for st in formula.statements:
        lhs = st.lhs
        if not isinstance(lhs, sympy.Indexed):
            continue
        if not all(isinstance(i, sympy.Symbol) for i in lhs.indices):
            out |= {s for ix in lhs.indices for s in ix.free_symbols}
            continue
        carried = {s for e in st.rhs.atoms(sympy.Indexed) for ix in e.indices for s in ix.free_symbols}
        letters = set(lhs.indices)
        if len(letters) >= 2 and letters <= st.rhs.free_symbols and not letters & carried \
                and not st.rhs.has(sympy.KroneckerDelta):
            out |= letters
    return frozenset(out)


def _from_formula(
    formula: Formula, functions: Mapping[str, Callable[..., object]] | None, stable: bool
) -> NumpyFunction:
    spellings = dict(formula.symbols)
    by_label = {}
    for obj in formula.symbols.values():
        by_label[obj] = obj
        if isinstance(obj, sympy.IndexedBase):
            by_label[obj.label] = obj
    lengths = {}
    arrays = {b.label.name: b for st in formula.statements for b in st.rhs.atoms(sympy.IndexedBase)}
    for key, sym in formula.lengths.items():
        base = formula.symbols.get(key)
        if not isinstance(base, sympy.IndexedBase) and key in arrays:  # loss(x, y) = ... x[i]: the array's length
            base = arrays[key]
        if base is not None and base not in formula.indices:
            lengths[by_label.get(base, base)] = sym
        else:  # \sum_i 2, \max_{a'} Q(s', a'): no array carries i, so its number of terms is an argument (N_i)
            spellings.setdefault(str(sym), sym)
    programs = []
    aliases: dict[sympy.Basic, tuple[str, ...]] = {}
    inverse = {v: k for k, v in reversed(list(formula.symbols.items()))}
    given = frozenset(v for v in formula.symbols.values() if isinstance(v, sympy.Derivative))
    given_letters = _entry_letters(formula)
    for letter in sorted(given_letters, key=str):
        spellings.setdefault(str(letter), letter)
    for target, rhs in _statement_parts(formula):
        free = (
            tuple(i for i in formula.free_indices if i in rhs.free_symbols) if formula.free_indices else None
        )
        if given_letters:  # p_{i,2j} = ...: i and j are inputs, not axes
            free = tuple(i for i in (free if free is not None else free_indices(rhs)) if i not in given_letters)
        origins = frozenset(b for b in rhs.atoms(sympy.IndexedBase) if str(b.label) in formula.zero_based)
        prog = compile_expr(rhs, free=free, lengths=lengths, functions=functions, stable=stable, given=given,
                            origins=origins)
        programs.append((target, prog))
    for st in formula.statements:
        if st.target is not None and st.aliases:
            aliases[st.target] = tuple(inverse.get(a, str(a)) for a in st.aliases)
    if formula.kind == "system":
        for target, _ in programs:
            if target is not None and target not in inverse:
                spellings.setdefault(str(target), target)
    defined = {_family(st.target) for st in formula.statements if st.kind == "assignment" and st.target is not None}
    pure = formula.kind == "system" and not any(st.kind == "update" for st in formula.statements)
    order = _run_order(programs, defined) if pure else None  # an algorithm's updates run as written
    return NumpyFunction(tuple(programs), spellings, system=formula.kind == "system", aliases=aliases, order=order,
                         member_vectors=_member_vectors(formula))


def evaluate(formula: Formula, **values: object) -> object:
    """Shorthand: ``lambdify(formula)(**values)``."""
    return lambdify(formula)(**values)


__all__ = ["NumpyFunction", "evaluate", "lambdify"]
