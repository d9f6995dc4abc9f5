"""Placeholders that bind to an operator of calculus or linear algebra: derivatives, gradients, norms, and
entries of a function's value."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import sympy
from sympy.core.function import AppliedUndef
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction

from symdl.bind import apply, build
from symdl.bind.entryargs import Scaled, defined_rows_entry, named_vector_function, scaled_vector
from symdl.bind.families import family_norm
from symdl.bind.fnentry import (
    defined_argument_values,
    defined_entry,
    entry_vectors,
    expression_entry,
    used_whole,
)
from symdl.bind.gradby import call_argument, member_by, vectors_in
from symdl.bind.hessian import hessian, hessian_shape, hessian_value
from symdl.bind.lengths import in_bound, is_length, is_squared
from symdl.bind.memberwise import member_norm
from symdl.bind.nablaindex import by_index_entry
from symdl.bind.names import base_name, identity, is_bare
from symdl.bind.normmembers import member_calls_in_norm
from symdl.bind.upstream import bare_gradient, bare_gradient_shape
from symdl.bind.valuekind import value_kind
from symdl.bind.variance import squared_name
from symdl.errors import NotSupported
from symdl.formula import Label
from symdl.functions import ENTRY_STATISTICS, MATRIX_TO_NUMBER, MaxOver, SpectralNorm
from symdl.read.syntax import AtomSpec, Placeholder, placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder
    from symdl.bind.dims import DimInference, Shape


def _parameter_of(of: sympy.Basic, wrt: sympy.Basic) -> bool:
    """Is ``wrt`` the parameter a network's name carries as its subscript (``\\pi_\\theta(\\tau)`` by θ,
    ``q_\\phi(z|x)`` by φ)?  Then the derivative is by that parameter, its argument (a trajectory τ)
    left as written — never the function of θ alone, which would drop τ."""
    name, by = str(of.func), str(wrt)
    return isinstance(wrt, sympy.Symbol) and re.search(r"_\{?\\?" + re.escape(by) + r"\}?$", name) is not None


def _base_names(e: sympy.Basic) -> set[str]:
    """The letters the names in ``e`` are written with, scripts dropped (θ_j, θ^{(t)}, bold θ → theta)."""
    mats = e.atoms(sympy.MatrixSymbol)
    sizes = set().union(*(sympy.Tuple(*m.shape).free_symbols for m in mats))  # a vector's length n_1: no letter
    names = {str(a.base) if isinstance(a, sympy.Indexed) else str(a)
             for a in e.atoms(sympy.Symbol, sympy.Indexed) | mats if a not in sizes}
    return {re.split(r"[_^\[{ ]", n.replace("\\", ""), maxsplit=1)[0].removeprefix("mathbf").removeprefix(
        "boldsymbol") for n in names if n}


def _related(at: sympy.Basic, wrt: sympy.Basic) -> bool:
    """Is the argument ``at`` written with the letter ``wrt`` is (J(θ) by θ_j, J(w) by w_{ij}): then the call is a
    function of what the derivative is by; an argument of other letters (f(x) by θ) is not."""
    return bool(_base_names(at) & _base_names(wrt))


def derivative(b: Binder, p: Placeholder) -> sympy.Basic:
    """``\\frac{\\partial f}{\\partial x}``, ``\\nabla_x f``; a bare ``\\nabla f`` is a name of its own."""
    if p.data.get("order") == 2:
        return hessian(b, p)  # \nabla^2 f(\mathbf{x}): the Hessian (symdl.bind.hessian)
    of = b.conv(p.data["of"])
    wrt_p = p.data.get("wrt")
    if wrt_p is None:
        applied = isinstance(of, sympy.core.function.AppliedUndef) and len(of.args) == 1
        if applied and not build.is_mat(of.args[0]):
            at = of.args[0]
            if isinstance(at, (sympy.Symbol, sympy.Indexed)):
                return sympy.Derivative(of, at)
            u = sympy.Dummy("u", real=True)  # \nabla f(\theta_t + \mu v_t): Nesterov's gradient at a point
            return sympy.Subs(sympy.Derivative(of.func(u), u), u, at)
        arg, func = (of.args[0], of.func) if applied else (of.expr, of.function.expr.func) \
            if isinstance(of, ElementwiseApplyFunction) else (None, None)
        if arg is not None and build.is_mat(arg):  # \nabla f(\mathbf{x}), \nabla E(\mathbf{w}): shaped as x is
            if isinstance(func, sympy.core.function.UndefinedFunction):
                grad: sympy.Basic = sympy.MatrixSymbol(f"nabla {func}({arg})", *arg.shape)
                tex = rf"\nabla {sympy.latex(func)}({_tex(b, arg)})"
            else:  # a known function's value (\Phi(y), an expression): the gradient named as written
                written = b.source[p.data["of"].span.start : p.data["of"].span.end].strip()
                grad, tex = sympy.MatrixSymbol(f"nabla {written}", *arg.shape), rf"\nabla {written}"
        elif bare_gradient(b, p):  # Nielsen's \nabla C \equiv (\partial C/\partial v_1, ...)^T: a vector (noted)
            grad = sympy.MatrixSymbol(f"nabla {of}", *b.literal_shape(p.id))
            tex = r"\nabla " + _tex(b, of)
            if str(of) not in b.bare_gradients:  # once per name
                b.bare_gradients.add(str(of))
                b._note("bare-gradient", p.span, name=_tex(b, of))
        elif (vectors := vectors_in(of)) and not of.is_Atom and not applied:  # \nabla(x^T A x): by the vector
            if len(vectors) != 1:
                raise NotSupported(
                    f"\\nabla of {_tex(b, of)} with no subscript: it holds the vectors "
                    f"{', '.join(_tex(b, v) for v in vectors)}, so what the gradient is by is not written",
                    source=b.source, span=p.span, hint="write the variable under it: \\nabla_{\\mathbf{x}} (...)")
            (v,) = vectors
            b._note("bare-gradient-by", p.span, name=_tex(b, v))
            grad, tex = sympy.MatrixSymbol(f"nabla_{{{v}}} {of}", *v.shape), rf"\nabla_{{{_tex(b, v)}}} {_tex(b, of)}"
        elif not of.is_Atom and not applied:  # DQN-style \nabla(TD_e - TD_t): by the parameters, unwritten
            grad = sympy.Symbol(rf"\nabla({of})", real=True)
            tex = r"\nabla \left(" + sympy.latex(of) + r"\right)"
            b._note("bare-gradient-name", p.span, text=b.source[p.span.start : p.span.end])
        else:
            grad, tex = sympy.Symbol(r"\nabla " + str(of), real=True), r"\nabla " + sympy.latex(of)
        by_spelling(b, p, grad)
        b.latex_names.setdefault(grad, tex)
        return grad
    of, wrt = squared_name(b, p, of, b.conv(wrt_p))  # \partial \sigma_B^2: by the variance (variance-variable)
    wrt = by_index_entry(b, p, of, wrt)  # Rprop's \nabla_i E beside w_i: by the weight w_i (nabla-index)
    if of == wrt:  # \frac{d}{dx}(x), \frac{\partial L}{\partial L}: the variable itself, never a call x(x)
        return sympy.Derivative(of, wrt)
    if isinstance(of, sympy.Symbol) and wrt in b.function_params.get(of.name, ()):
        of = build.applied(of.name, *b.function_params[of.name])  # f(x, y) = x y, then \partial f / \partial x
    elif isinstance(of, sympy.Symbol):
        of = build.applied(of.name, wrt)
    elif isinstance(of, sympy.core.function.AppliedUndef) and not of.has(wrt) and _parameter_of(of, wrt):
        return sympy.Derivative(of, wrt, evaluate=False)  # \nabla_\theta \pi_\theta(\tau): by the network's θ
    elif isinstance(of, sympy.core.function.AppliedUndef) and not of.has(wrt) and len(of.args) == 1:
        at = of.args[0]
        if not _related(at, wrt):  # Kingma & Welling's \nabla_\theta f(\mu_\theta + \sigma_\theta \odot \epsilon)
            b._note("gradient-implicit", p.span, call=_tex(b, of), by=_tex(b, wrt), arg=_tex(b, at))
            if not build.is_mat(wrt):  # by its parameters θ, the argument kept (it was replaced by θ, silently)
                return sympy.Derivative(of, wrt, evaluate=False)
        elif build.is_mat(wrt) and build.is_mat(at) and at.shape == wrt.shape:
            return _gradient_at(b, p, of, wrt)  # Fletcher-Reeves' \nabla_{\theta} J(\theta_t): one value per point
        elif build.is_mat(at) and not build.is_mat(wrt) and not _entry_of_vector(wrt, at):  # Ruder's \nabla_\theta
            # J(\boldsymbol{\theta}_t): θ
            return _gradient_at(b, p, of, at)  # written plain under \nabla, the vector at the iterate in the call
        elif any(str(wrt) == name and at in steps.values() for name, steps in b.time_series.items()):
            # PyTorch's g_t \leftarrow \nabla_\theta f_t(\theta_{t-1}): the gradient at the previous iterate
            return sympy.Subs(sympy.Derivative(of.func(wrt), wrt), wrt, at)
        else:
            if at != wrt:  # cs229's \frac{\partial}{\partial \theta_j} J(\theta): by one entry, the others fixed
                b._note("partial-by-entry", p.span, call=_tex(b, of), by=_tex(b, wrt), arg=_tex(b, at))
            of = of.func(wrt)  # \frac{\partial}{\partial \theta_j} J(\theta): J as a function of \theta_j
    elif isinstance(of, sympy.MatrixSymbol):
        if build.is_mat(wrt) and of.shape[1] == 1 and of.shape[0] != 1 and wrt.shape[1] == 1:
            return _jacobian(b, p, of, wrt)  # \frac{\partial \mathbf{y}}{\partial \mathbf{x}}: n_y × n_x (noted)
        if build.is_mat(wrt) and of.shape != (1, 1):
            raise NotSupported(
                f"the derivative of the vector or matrix {_tex(b, of)} by the matrix {_tex(b, wrt)} (an array of "
                "three or four axes)", source=b.source, span=p.span,
                hint="write the chain with gradients of a number (\\nabla_{\\mathbf{x}} z = J^T "
                "\\nabla_{\\mathbf{y}} z with J named), or the entries: \\frac{\\partial y_i}{\\partial x_j}")
        if tuple(of.shape) != (1, 1):  # GPyTorch's \frac{d\widehat{K}_{XX}}{d\theta}: a matrix of the matrix's shape
            return _by_number(b, p, of, wrt)
        of = build.applied(str(of), wrt)
    elif not of.has(wrt) and build.is_mat(wrt) and of.free_symbols & set(b.index_syms.values()):
        raise NotSupported(  # Goodfellow's \sum_i \|\nabla_{\boldsymbol{x}} h_i\|^2: a gradient per entry h_i
            f"the gradient of {_tex(b, of)}, which a sum's index picks, by the vector or matrix {_tex(b, wrt)}",
            source=b.source, span=p.span,
            hint="name the gradients as a family of vectors, or write the Jacobian's entries \\frac{\\partial h_i}"
            "{\\partial x_j}")
    elif not of.has(wrt) and not build.is_mat(wrt) and (member := member_by(of, wrt)) is not None:
        b._note("gradient-by-member", p.span, name=_tex(b, wrt), member=_tex(b, member))  # the score of x_t
        return sympy.Derivative(of, member)
    elif not of.has(wrt) and not build.is_mat(wrt):
        # \nabla_\theta \log p(x): the dependence on \theta is implicit; keep the derivative as written
        return sympy.Derivative(of, wrt, evaluate=False)
    if build.is_mat(wrt):
        # The gradient of a scalar with respect to a vector or matrix has its shape.
        grad = sympy.MatrixSymbol(f"nabla_{{{wrt}}} {of}", *wrt.shape)
        b.latex_names.setdefault(grad, rf"\nabla_{{{_tex(b, wrt)}}} {_tex(b, of)}")
        by_spelling(b, p, grad)  # a value given by its spelling
        return grad
    d = sympy.Derivative(of, wrt)
    if isinstance(of, sympy.core.function.AppliedUndef) and not build.is_mat(wrt):
        # Nielsen's \frac{\partial C_0}{\partial w}: a value the caller may give, by its spelling
        by_spelling(b, p, d)
    return d


def _entry_of_vector(wrt: sympy.Basic, at: sympy.Basic) -> bool:
    """Is ``wrt`` an entry of the vector ``at`` (CMU 10-601's ``\\frac{\\partial J(\\boldsymbol{\\theta})}{\\partial
    \\theta_m}``: θ_m, entry m of the bold θ the function takes): a partial derivative by that entry, not a gradient?"""
    return isinstance(wrt, sympy.Indexed) and isinstance(at, sympy.MatrixSymbol) and str(wrt.base.label) == at.name


def _gradient_at(b: Binder, p: Placeholder, of: sympy.Basic, wrt: sympy.MatrixSymbol) -> sympy.Basic:
    """The gradient by the vector ``wrt`` of a number ``of`` taken at another point of its shape (``J(\theta_t)``):
    a value shaped as ``wrt``, one per point written, given by its spelling."""
    grad = sympy.MatrixSymbol(f"nabla_{{{wrt}}} {of}", *wrt.shape)
    b.latex_names.setdefault(grad, rf"\nabla_{{{_tex(b, wrt)}}} {_tex(b, of)}")
    by_spelling(b, p, grad)
    return grad


def by_spelling(b: Binder, p: Placeholder, value: sympy.Basic) -> None:
    """Let a caller give ``value`` by the spelling written (``\\nabla_{\\mathbf{y}}z``, without spaces)."""
    b.symbols.setdefault(b.source[p.span.start : p.span.end].replace(" ", ""), value)


def _by_number(b: Binder, p: Placeholder, of: sympy.MatrixSymbol, wrt: sympy.Basic) -> sympy.Basic:
    """The derivative of a vector or matrix by a number (``\\frac{d\\mathbf{K}}{d\\theta}``, a neural ODE's
    ``\\frac{d\\mathbf{h}}{dt}``): entry by entry, an array of the same shape, one value named as written and given
    by its spelling."""
    d = sympy.MatrixSymbol(f"d{of.name}/d{wrt}", *of.shape)
    b.latex_names.setdefault(d, rf"\frac{{\partial {_tex(b, of)}}}{{\partial {_tex(b, wrt)}}}")
    by_spelling(b, p, d)
    return d


def _jacobian(b: Binder, p: Placeholder, of: sympy.MatrixSymbol, wrt: sympy.Basic) -> sympy.Basic:
    """``\\frac{\\partial \\mathbf{y}}{\\partial \\mathbf{x}}`` of two columns: their Jacobian, a matrix with a
    row per entry of y (numerator layout, Goodfellow et al. eq. 6.46) (noted)."""
    jac = sympy.MatrixSymbol(f"J_{{{of}}}({wrt})", of.shape[0], wrt.shape[0])
    b.latex_names.setdefault(jac, rf"\frac{{\partial {_tex(b, of)}}}{{\partial {_tex(b, wrt)}}}")
    by_spelling(b, p, jac)
    b._note("jacobian-layout", p.span, of=_tex(b, of), wrt=_tex(b, wrt))
    return jac


def gradient_value(b: Binder, p: Placeholder, kinds: dict[tuple[object, ...], str]) -> str:
    """A gradient by a vector or matrix has its kind (\\nabla_{\\boldsymbol{\\theta}} \\log p(x) is a vector)."""
    if p.data.get("order") == 2:
        return hessian_value(b, p, kinds)
    wrt = p.data.get("wrt")
    if wrt is None:
        return "col" if bare_gradient(b, p, kinds) else _call_at_array(b, p, kinds)
    by = value_kind(b, wrt.expr, kinds)
    jacobian = _of_a_name(b, p) and by == "col" and value_kind(b, p.data["of"].expr, kinds) == "col"
    if by == "scalar" and _of_a_name(b, p) and (of := value_kind(b, p.data["of"].expr, kinds)) != "scalar":
        return of  # \frac{dK}{d\theta} of a matrix K: a matrix (entry by entry)
    return "matrix" if jacobian else by


def _call_at_array(b: Binder, p: Placeholder, kinds: dict[tuple[object, ...], str]) -> str:
    """A bare gradient of a function called at one array (``\\nabla f(\\mathbf{x})``) is shaped as that array, as
    its build is: so ``\\nabla f(\\mathbf{x})^T \\mathbf{d}`` is a number (it made its left side a vector)."""
    arg = call_argument(b.ph, p.data["of"].expr)
    at = value_kind(b, arg, kinds) if arg is not None else "scalar"
    return at if at in ("col", "row", "matrix") else "scalar"


def _point_of(b: Binder, p: Placeholder) -> sympy.Basic | None:
    """The point a gradient by a bold name is taken at, when it is that name written otherwise (the
    Fletcher-Reeves ``\nabla_{\boldsymbol{\theta}} J(\boldsymbol{\theta}_t)``): the call's one argument."""
    arg = call_argument(b.ph, p.data["of"].expr)
    wrt = b.atom_of(p.data["wrt"].expr)
    if arg is None or wrt is None or not wrt.bold:
        return None
    at = b.atom_of(arg)
    same = at is not None and (at.base, at.bold, at.decorations) == (wrt.base, wrt.bold, wrt.decorations)
    return arg if same else None


def gradient_shape(di: DimInference, p: Placeholder) -> Shape | None:
    """A gradient is shaped as what it is by; the derivative of a column by a column is its Jacobian, a row per
    entry of the column derived (Goodfellow et al.'s \\frac{\\partial \\boldsymbol{y}}{\\partial \\boldsymbol{x}})."""
    if p.data.get("order") == 2:
        return hessian_shape(di, p)
    if p.data["wrt"] is None:  # \nabla f(\mathbf{x}): shaped as the point it is taken at
        di.shape(p.data["of"].expr)
        if (arg := call_argument(di.b.ph, p.data["of"].expr)) is not None:
            return di.shape(arg)
        return bare_gradient_shape(di, p)  # \nabla C: a vector of the cost's variables, one length per name
    of = di.shape(p.data["of"].expr)
    wrt = di.shape(p.data["wrt"].expr)
    point = _point_of(di.b, p)
    if point is not None and wrt is not None and (at := di.shape(point)) is not None:
        di.unify(wrt, at, p.span, broadcast=False)  # \nabla_{\theta} J(\theta_t): the point has \theta's shape
    if of is not None and wrt is not None and _of_a_name(di.b, p) and _is_column(di, of) and _is_column(di, wrt):
        return (of[0], wrt[0])
    if wrt is None and of is not None and _of_a_name(di.b, p):  # \frac{dK}{d\theta}: shaped as K
        return of
    return wrt


def _is_column(di: DimInference, s: Shape) -> bool:
    return di.dims.find(s[1]) == 1 and di.dims.find(s[0]) != 1


def _of_a_name(b: Binder, p: Placeholder) -> bool:
    """Is this ``\\frac{\\partial \\mathbf{y}}{\\partial \\mathbf{x}}`` of a name (a Jacobian when both are
    columns)?  ``\\nabla_{\\mathbf{x}} f(\\mathbf{x})`` is the gradient of a number, whatever f's letter says."""
    return p.kind == "deriv" and b.atom_of(p.data["of"].expr) is not None


def over_entries(b: Binder, a: AtomSpec, over: Any, f: Any = None) -> sympy.Basic:
    """``over`` (MaxOver, MinOver) of ``f`` of the entries of vector ``a``, by a fresh index: ``\\max_i |x_i|``."""
    i = b.index(b.fresh_letter())
    entry = b.entries_of(a)[i]
    return over(f(entry) if f is not None else entry, (i, 1, b.length_of(base_name(a))))


def _tex(b: Binder, e: sympy.Basic) -> str:
    names = {k: v for k, v in b.latex_names.items() if isinstance(k, sympy.Symbol)}
    return sympy.latex(e, symbol_names=names)


def absolute(b: Binder, p: Placeholder) -> sympy.Basic:
    """``|x|``: of a number or a vector its absolute value (entry by entry), of a matrix its determinant, of the set
    a sum runs over its size."""
    size = b.size_of_set(p.data["inner"])  # |B| of \sum_{i \in B}: the number of i
    if size is not None:
        return size
    inner = b.conv(p.data["inner"])
    text = b.source[p.data["inner"].span.start : p.data["inner"].span.end]
    if build.is_mat(inner) and 1 in inner.shape and in_bound(b, p):  # XLNet's \sum_{t=1}^{|\mathbf{z}|}
        b._note("bound-size", p.span, name=text)
        a = b.atom_of(p.data["inner"].expr)  # a length to read off the array given (see bind.boundsizes)
        if a is not None:
            n = b._length_for_key(a.base)
            b.vector_bounds[n] = (a.base, inner)
            return n
        return inner.shape[0] if inner.shape[1] == 1 else inner.shape[1]
    if build.is_mat(inner) and inner.shape[1] == 1 and is_length(b, p):  # cosine's |\mathbf{v}| |\mathbf{w}|
        b._note("abs-length", p.span, inner=text)
        return build.l2_norm(inner)
    if build.is_mat(inner) and inner.shape[1] == 1 and is_squared(b, p):  # Learning from Data's |Xw - y|^2
        b._note("abs-squared-norm", p.span, inner=text)
        return build.l2_norm(inner)
    if not build.is_mat(inner) and is_squared(b, p) and not inner.is_number:  # Arora et al.'s |\hat{y} - y|^2
        b._note("abs-squared-number", p.span, inner=text)
    if build.is_mat(inner) and 1 not in inner.shape:  # Bishop's |\Sigma|: the determinant of a matrix
        if inner.shape[0] != inner.shape[1]:
            raise NotSupported("|A| of a matrix that is not square (its determinant?)", source=b.source, span=p.span,
                               hint="for the absolute value of each entry write \\operatorname{abs}(A)")
        if p.id in b.square_by_abs:
            b._note("abs-determinant", p.span, inner=b.source[p.data["inner"].span.start : p.data["inner"].span.end])
        return sympy.Determinant(inner)
    return build.elementwise(sympy.Abs, inner)


def absolute_shape(di: DimInference, p: Placeholder) -> Shape | None:
    """``|x|`` has x's shape; ``|\\Sigma|`` of a matrix is a number, its determinant (square: see
    :meth:`DimInference.square_determinants`)."""
    s = di.shape(p.data["inner"].expr)
    if is_length(di.b, p) or in_bound(di.b, p):  # |\mathbf{v}| |\mathbf{w}|: lengths; a bound's |\mathbf{z}|: a size
        return None
    if s is not None and is_squared(di.b, p) and di.dims.find(s[1]) == 1 and di.dims.find(s[0]) != 1:
        return None  # |Xw - y|^2: a vector's squared length, a number
    if s is None or 1 in (di.dims.find(s[0]), di.dims.find(s[1])):
        return s
    di.determinants[p.id] = s
    return None


def absolute_value(b: Binder, p: Placeholder, kinds: dict[tuple[object, ...], str]) -> str:
    inner = value_kind(b, p.data["inner"].expr, kinds)
    if inner == "matrix" or is_length(b, p) or in_bound(b, p) or (inner == "col" and is_squared(b, p)):
        return "scalar"
    return inner


def _no_example_functions(b: Binder, p: Placeholder, inner: sympy.Basic) -> None:
    """Nielsen's eq. 26, ``\\sum_x \\|y(x) - a^L(x)\\|^2``: unknown functions of a sum's index inside a norm are
    vectors per example, which symdl does not read (as numbers the norm would be an absolute value): refused."""
    calls = [c for c in inner.atoms(AppliedUndef) if any(a.is_Symbol and str(a) in b.sum_names for a in c.args)]
    if calls:
        raise NotSupported(
            "a norm of unknown functions of a sum's index (Nielsen's \\sum_x \\|y(x) - a^L(x)\\|^2): one vector "
            "per example",
            source=b.source, span=p.span,
            hint="name the vectors of the examples as families, \\|\\mathbf{y}_x - \\mathbf{a}^L_x\\|, or write the "
            "entries, \\sum_j (y_{x,j} - a^L_{x,j})^2")


def norm(b: Binder, p: Placeholder) -> sympy.Basic:
    """``\\|x\\|`` and ``\\|x\\|_2`` (Euclidean), ``\\|W\\|_F`` (Frobenius), ``\\|w\\|_1``, ``\\|x\\|_p`` and
    ``\\|x\\|_\\infty`` of a vector; a number's norm is its absolute value."""
    kind, a = p.data["p"], b.atom_of(p.data["inner"].expr)
    if kind == "\\infty" and a is not None and b.kinds.get(identity(a)) == "vector":  # \max_i |x_i|
        return over_entries(b, a, MaxOver, sympy.Abs)
    inner = b.conv(p.data["inner"])
    if not build.is_mat(inner):  # \|f_\theta(\mathbf{x}_i) - f_\theta(\mathbf{x}_j)\|: embeddings, vectors
        inner = member_calls_in_norm(b, p, inner)
    if (by_entries := member_norm(b, inner, kind)) is not None:  # d2l's \|\mathbf{q} - \mathbf{k}_i\|
        return by_entries
    order = b.conv(p.data["order"]) if kind == "p" else None
    if not build.is_mat(inner) and (by_entries := family_norm(b, inner, kind, p.span, order)) is not None:
        return by_entries  # Bishop's K-means \|\mathbf{x}_n - \boldsymbol{\mu}_k\|: by the members' entries
    if not build.is_mat(inner):
        _no_example_functions(b, p, inner)
        if not inner.is_number:
            b._note("norm-of-number", p.span, inner=b.source[p.data["inner"].span.start : p.data["inner"].span.end])
        return sympy.Abs(inner)
    matrix = 1 not in inner.shape
    squared = re.match(r"\s*(?:_\s*\{?\s*2\s*\}?)?\s*\^\s*\{?\s*2\s*\}?", b.source[p.span.end :]) is not None
    if matrix and kind == "2" and p.data.get("written") and squared:
        b._note("matrix-norm-squared", p.span)  # \mathrm{CE} + \alpha\|W\|_2^2: weight decay's penalty, Frobenius
        return build.l2_norm(inner)
    if matrix and kind == "2" and p.data.get("written"):  # Miyato et al.'s \|W\|_2: the largest singular value
        b._note("spectral-norm", p.span, text=b.source[p.span.start : p.span.end])
        return SpectralNorm(inner)
    if matrix and kind == "2":
        b._note("matrix-norm", p.span)
    if kind in ("2", "F"):
        return build.l2_norm(inner)
    if inner.shape[1] == 1 and kind in ("1", "p"):  # \|\mathbf{w}\|_1 (lasso, L1 decay): 1^T |w|
        order = b.conv(p.data["order"]) if kind == "p" else sympy.S.One
        u = sympy.Dummy("u", real=True)
        power = sympy.Lambda(u, sympy.Abs(u) ** order) if order != 1 else sympy.Abs
        total = sympy.Trace(sympy.MatMul(sympy.OneMatrix(1, inner.shape[0]), build.elementwise(power, inner)))
        return total if order == 1 else total ** (1 / order)
    what = "a matrix (the entry-wise or the induced norm?)" if inner.shape[1] != 1 else "a vector expression"
    raise NotSupported(
        f"the {kind}-norm of {what}",
        source=b.source,
        span=p.span,
        hint="symdl reads the 2-norm and the Frobenius norm of vectors and matrices, the 1- and p-norms of vectors, "
        "and the max norm of a vector name (name the vector first: v = x - y)",
    )


#: known functions that are not applied entry by entry
_NOT_ELEMENTWISE = {"max", "min", "inner", "softmax"} | set(MATRIX_TO_NUMBER) | set(ENTRY_STATISTICS)

#: the value at entry i of a vector function of one vector z, in terms of the family z (j: a fresh sum index)
VECTOR_ENTRIES: dict[str, Any] = {
    "softmax": lambda z, i, j, n: sympy.exp(z[i]) / sympy.Sum(sympy.exp(z[j]), (j, 1, n)),
    "log_softmax": lambda z, i, j, n: z[i] - sympy.log(sympy.Sum(sympy.exp(z[j]), (j, 1, n))),  # PyTorch's
}


def entry(b: Binder, p: Placeholder) -> sympy.Basic:
    """``\\mathrm{softmax}(\\mathbf{z})_i``, ``\\sigma(\\mathbf{z})_j``: entry i of a function's value, written
    with the entries of the vector z (``e^{z_i} / \\sum_j e^{z_j}``, ``\\sigma(z_j)``): the form symdl
    differentiates and evaluates as it does when the components are named.  An element-wise function of such a
    value takes the entry of its argument (``\\log \\mathrm{softmax}(\\mathbf{z})_y``)."""
    call = b.ph[placeholder_id(p.data["value"].expr)]
    return _entry_of(b, call, _entry_index(b, p.data["index"], p), p, defined=p.id in b.defined_entries)


def _refuse(b: Binder, p: Placeholder, why: str = "") -> NotSupported:
    return NotSupported(
        "an entry of this function's value" + why,
        source=b.source,
        span=p.span,
        hint="symdl reads entries of a known function of one vector name (softmax(\\mathbf{z})_i, "
        "\\sigma(\\mathbf{z})_j); otherwise name the value first (\\mathbf{s} = W x_i, then s_j; "
        "\\mathbf{z} = W\\mathbf{x}, then \\tanh(\\mathbf{z})_k) or the components: "
        "p_i = \\frac{e^{z_i}}{\\sum_j e^{z_j}}",
    )


def _component(b: Binder, callee: Any, arg: sympy.Basic, i: sympy.Basic, p: Placeholder) -> sympy.Basic:
    """``G(\\mathbf{x})_i``, ``h(x)_i`` of a function symdl does not know: entry i of its value, the component function
    G with the index as its first argument (as a family of functions' g_i(x) is: g(i, x)), noted
    ``function-entry``."""
    b._note("function-entry", p.span, name=callee.spelling, index=b.source[p.data["index"].span.start :
                                                                          p.data["index"].span.end])
    return build.applied(apply.unknown_name(callee), i, arg)


def _entry_of(b: Binder, call: Placeholder, i: sympy.Basic, p: Placeholder, *, defined: bool = False) -> sympy.Basic:
    known, callee, args = call.data.get("known"), call.data.get("callee"), call.data["args"]
    known = known or named_vector_function(callee)  # \mathrm{log\_softmax}(x)_i: PyTorch's log_softmax
    if defined and (value := defined_rows_entry(b, known, callee, args, i)) is not None:
        return value
    elementwise = (known is not None and known not in _NOT_ELEMENTWISE) or (
        known is None and callee is not None and apply.acts_elementwise(callee) and not callee.primes
    )
    if (known is None and callee is not None and len(args) == 1 and not defined and not callee.primes
            and callee.base not in ("sigma", "zeta") and callee.base not in b.defined_callees):
        return _component(b, callee, b.conv(args[0]), i, p)  # a mixture of experts' gate G(x)_i: component i
    if defined and all(b.atom_of(x.expr) is not None for x in args) and (
            len(args) != 1 or (v := scaled_vector(b, args[0].expr)[0]) is None or used_whole(b, v)):
        return defined_entry(b, call, i, p, defined_argument_values(b, args))  # Attention(Q, K, V)_m, H(\mathbf{x})_i
    if len(args) != 1 or not (elementwise or known in VECTOR_ENTRIES or defined):  # cs231n's f(x_i; W)_j, \max(z)_i
        raise _refuse(b, p, " (a function of several arguments, or one not read entry by entry)")
    if known is None and callee.base not in ("sigma", "zeta") and not defined and callee.base not in b.defined_callees:
        raise NotSupported(  # f(\mathbf{x})_j: f(x_j) entry by entry, or entry j of a vector-valued f?
            "an entry of the value of a function symdl does not know", source=b.source, span=p.span,
            hint="for the function applied to entry j, write f(x_j); for entry j of a vector-valued function, name "
            "its value first: \\mathbf{y} = f(\\mathbf{x}), then y_j")
    k = placeholder_id(args[0].expr)
    inner = b.ph.get(k) if k is not None else None
    if inner is not None and inner.kind == "call" and elementwise:  # \log \mathrm{softmax}(z)_y
        value = _entry_of(b, inner, i, p)  # of a composition, even on the left: values (an identity), no name defined
        return apply.call(known, callee, [value], p.span, b.source, b.sigma_is_std, b.notes)
    a, scale = scaled_vector(b, args[0].expr)
    if a is None and not defined and (value := expression_entry(b, call, i, p, VECTOR_ENTRIES)) is not None:
        return value  # \tanh(\mathbf{W}\mathbf{x})_k, \mathrm{softmax}(W\mathbf{h} + \mathbf{b})_k: of its value
    if a is None:
        raise _refuse(b, p, " (its argument is no vector name, nor one times numbers)")
    if used_whole(b, a):
        raise NotSupported(
            f"an entry of a function of {a.spelling} beside {a.spelling} used as a vector",
            source=b.source,
            span=p.span,
            hint="write the components throughout (z_i, \\sum_j e^{z_j}), or the vector throughout",
        )
    z = b.entries_of(a)
    if scale != 1:  # Hinton et al.'s softmax(\mathbf{z}/T)_i: entry i of the softmax of z's entries over T
        z = Scaled(z, scale)
    if defined:  # Wikipedia's \sigma(\mathbf{z})_i = e^{z_i} / \sum_j e^{z_j}: entry i of the value being defined
        whole = [z.base * z.scale if isinstance(z, Scaled) else z]  # a vector name's: read so before, not noted
        seeded = any(n.rule == "defined-entry-vector" and n.span == p.span for n in b.notes)  # \sigma(x)_i = ...
        return defined_entry(b, call, i, p, whole, noted=seeded)
    if known in VECTOR_ENTRIES:
        return VECTOR_ENTRIES[known](z, i, b.index(b.fresh_letter()), b.length_of(base_name(a)))
    return apply.call(known, callee, [z[i]], p.span, b.source, b.sigma_is_std, b.notes)


def _entry_index(b: Binder, index: Any, p: Placeholder) -> sympy.Basic:
    """The subscript of an entry: an index letter (i, j, k, or one a sum binds) is that index; another letter is
    a label, one integer (the class y of ``\\mathrm{softmax}(\\mathbf{z})_y``); anything else is read."""
    a = b.atom_of(index.expr)
    if a is None or not is_bare(a) or len(a.base) != 1 or a.greek:
        return b.conv(index)
    if a.base in b.letters:
        return b.index(a.base)
    label = Label(a.base, integer=True)
    if not any(n.rule == "value-label" and f"entry {a.base_latex}:" in n.message for n in b.notes):
        b._note("value-label", p.span, label=a.base_latex)
    b.symbols.setdefault(a.spelling, label)
    b.latex_names.setdefault(label, a.base_latex)
    return label


def entry_axes(b: Binder) -> dict[str, str]:
    """Index letter of each ``f(\\mathbf{z})_i`` → the family key of z, whose length a sum over i runs to."""
    out: dict[str, str] = {}
    for p, a in entry_vectors(b):
        letter = b.atom_of(p.data["index"].expr)
        if letter is not None and is_bare(letter):
            out.setdefault(letter.base, base_name(a))
    return out
