"""The guards of binding.  While the binder is built: subscripts symdl cannot read yet, and a bold name whose shape
came out one number, are refused.  The last guards: a placeholder that survived means the text was misread; a power
too big to work with, a number beyond float64 and a division by zero are refused before any later stage meets them."""

from __future__ import annotations

import re
import sys
from typing import TYPE_CHECKING, Any

import sympy

from symdl.bind.names import identity
from symdl.bind.shapes import declared_shape
from symdl.budget import meter
from symdl.errors import InvalidInput, MemberNotRead, NotSupported, Span
from symdl.read import ReadResult
from symdl.read.syntax import AtomSpec, placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder

#: The largest float64; exact numbers above it (2^{1000000}, 1e999) are refused.
FLOAT64_MAX = int(sys.float_info.max)

def _too_big(node: sympy.Basic) -> bool:
    if isinstance(node, sympy.Rational):  # above float64's maximum, or with a denominator past 1e330
        return abs(int(node.p)) > FLOAT64_MAX * int(node.q) or int(node.q).bit_length() > 1100
    if isinstance(node, sympy.Float):
        return bool(abs(node) > sympy.Float(sys.float_info.max))
    return False

def _shown(n: sympy.Integer) -> str:
    """An integer for a message: in full when short, else by its size (str() refuses 4 300+ digits)."""
    k = int(n).bit_length()
    return str(n) if k < 200 else f"{'-' if n < 0 else ''}(a number of about {int(k * 0.30103)} digits)"

def _leftover(node: sympy.Basic, source: str) -> bool:
    """Is ``node`` a placeholder the binder never replaced?  A symbol is one by :func:`placeholder_id` (a name the
    formula writes, TD3's ``Q_1``, is a real symbol); a function named like one is, unless the formula writes that
    name (``Q_1(s, a)``, double Q-learning's first critic)."""
    if isinstance(node, sympy.Symbol):
        return placeholder_id(node) is not None
    name = getattr(getattr(node, "func", None), "__name__", "")
    if not (isinstance(name, str) and name.startswith("Q_") and placeholder_id(sympy.Symbol(name)) is not None):
        return False
    digits = name[2:].strip("{}")
    return re.search(rf"Q_\{{?\s*{digits}\s*\}}?(?!\d)", source) is None


def no_placeholder_left(statements: list[Any], rr: ReadResult) -> None:
    """Guards: a placeholder that survived binding means the text was misread; a huge power cannot be worked with."""
    for st in statements:
        for e in (st.rhs,) if st.lhs is None else (st.lhs, st.rhs):
            for node in sympy.preorder_traversal(e):
                exp = getattr(node, "exp", None) if isinstance(node, (sympy.Pow, sympy.HadamardPower)) else None
                if isinstance(exp, sympy.Integer):
                    meter().require("exponent", abs(int(exp)), what=f"the power ^{_shown(exp)}", source=rr.source,
                                    span=st.span)
                if _too_big(node):
                    raise NotSupported(
                        "a number here is beyond the float64 range (above 1.8e308, or an exact fraction below 1e-330)",
                        source=rr.source,
                        span=st.span,
                        hint="write it with a symbol (N) or as a power of ten kept small (10^{8})",
                    )
                if node in (sympy.zoo, sympy.nan):
                    raise InvalidInput(
                        "this statement divides by zero: its value is undefined",
                        source=rr.source,
                        span=st.span,
                        hint="check the denominators (a literal 0, or 0^{-1})",
                    )
                if _leftover(node, rr.source):
                    raise InvalidInput(
                        "part of this statement could not be read",
                        source=rr.source,
                        span=st.span,
                        hint="check for a missing operator or a misspelt command",
                    )


def unread_subscripts(a: AtomSpec, kind: str, sum_names: Any, source: str, span: Span) -> None:
    """Refuse a name whose subscript symdl would misread: cs231n's ``w_j^T`` of a plain family (each w_j is then a
    vector)."""
    if kind == "family" and a.transpose and not a.bold:  # cs231n's w_j^T x_i: row j of W
        raise NotSupported(
            f"the transpose of {source[span.start : span.end]}, one of a family: the transpose makes each member "
            "a vector, and a plain family written transposed and untransposed too (or with two indices) is not read "
            "yet",
            source=source, span=span,
            hint=f"write the family as a matrix ({a.base.upper()} x: its entry j is {a.base}_j^T x), or the dot "
            f"product as a sum over entries: \\sum_k {a.base}_{{jk}} x_k")
    terms = (a.sub.terms or ()) if a.sub is not None else ()  # one index: W_{i,j} is an entry of one matrix
    summed = [letter for letter, _ in terms if letter in sum_names] if len(terms) == 1 else []
    summed += [s for s in (a.sample, a.layer) if s in sum_names]  # \sum_l \|\mathbf{W}^{(l)}\|_F^2: one per l
    # Bishop's \boldsymbol{\Sigma}_j under \sum_j
    if summed and matrix_letter(a) and (kind == "family" or a.sample or a.layer):
        letter = summed[0]
        raise MemberNotRead(
            f"{source[span.start : span.end]}: a family of matrices (one matrix per {letter}, as a mixture's "
            "covariances \\boldsymbol{\\Sigma}_k) is not read yet; as a family of vectors or numbers it would be "
            "misread", source=source, span=span,
            hint=f"write the formula for one member (\\boldsymbol{{\\Sigma}} for one component), or its entries as "
            f"a family with three indices ({a.base_latex}_{{{letter},ij}})")


#: two letters added or subtracted in a subscript: Nielsen's convolution a_{j+l,k+m}
_SUM_OF_LETTERS = re.compile(r"([A-Za-z])\s*[+-]\s*([A-Za-z])")
#: an index letter run into a number in one subscript: Bishop's bias weight w_{j0}
_INDEX_AND_NUMBER = re.compile(r"([A-Za-z]{1,3}),?(\d+)|(\d+),?([A-Za-z]{1,3})")  # w_{j0}, LPIPS' y_{0hw}


#: one position of a parenthesised subscript that computes an index: 2i, 2i+1, t+k
_COMPUTED = re.compile(r"\d+[A-Za-z](?:[+-]\d+)?|[A-Za-z][+-][A-Za-z](?:[+-]\d+)?")


def _computed_in_parentheses(text: str) -> bool:
    """``(pos,2i)``, ``(pos, 2i+1)``: a parenthesised list of positions one of which is computed."""
    inner = text.replace(" ", "")
    if not (inner.startswith("(") and inner.endswith(")") and "," in inner):
        return False
    return any(_COMPUTED.fullmatch(part) for part in inner[1:-1].split(","))


def no_unread_subscripts(b: Binder) -> None:
    """Refuse subscripts symdl cannot read yet: two indices added (a_{j+l,k+m}), a label among indices."""
    summed = {r.name for r in b.roles.values() if r.kind == "index"} | set(b.letters)
    for k, a in b.atoms.items():
        read = b.roles[k].linear is not None  # r_{t+k}: an entry at a computed position (symdl.bind.shifted)
        read = read or k in b.labelled_entries  # x_{1,i} beside \mathbf{x_1}: entry i of x_1 (symdl.bind.labelentries)
        added = _SUM_OF_LETTERS.findall(a.sub.text) if a.sub is not None and a.sub.terms is None and not read else []
        if added and set(re.findall(r"[A-Za-z]", a.sub.text)) & summed:  # d2l's o_{T+t-i} under \sum_i too
            raise NotSupported(
                f"an index that adds or subtracts two indices ({a.spelling}, as a convolution writes Nielsen's "
                "a_{j+l,k+m}: an entry at a shifted position, whose valid range symdl does not work out)",
                source=b.source,
                span=b.ph[k].span,
                hint="a position computed from indices only reads (x_{i+k}, a_{j+l,k+m}, r_{t+k}); a bound, a label "
                "or a step written alone beside it (o_{T+t-i}, X_{i+a,j+b,c}, w_t beside w_{t+j}) is not read",
            )
        mixed = _INDEX_AND_NUMBER.fullmatch(a.sub.text) if a.sub is not None and a.sub.terms is None and not read \
            else None
        letters = (mixed.group(1) or mixed.group(4)) if mixed else ""
        letter = next((c for c in letters if c in summed), None)
        if letter:  # Bishop's bias w_{j0}^{(1)} beside w_{ji}^{(1)}: it varies with j
            raise NotSupported(
                f"the subscript {a.sub.text} mixes the index {letter} with a number: an entry of a family with a "
                "fixed position (Bishop's bias w_{j0}) is not read yet, and as one name it would not vary with "
                f"{letter}",
                source=b.source,
                span=b.ph[k].span,
                hint=f"give it a family of its own (b_{{{letter}}}), or a constant name ({a.base_latex}_{{\\text{{"
                f"{a.sub.text}}}}} if it does not depend on {letter})",
            )
        if a.sub is not None and a.sub.terms is None and not read and _computed_in_parentheses(a.sub.text):
            raise NotSupported(
                f"{a.spelling}: an entry at a computed position among parenthesised words (Vaswani et al.'s "
                "PE_{(pos,2i)}, the even columns of a matrix) is not read yet; as a name it would not vary with "
                "its indices",
                source=b.source,
                span=b.ph[k].span,
                hint="a word among the positions is an index when the right side uses it as the variable "
                "(PE_{(pos,2i)} = \\sin(pos/10000^{2i/d})); or write the entries with one-letter indices "
                "(p_{i,2j} = \\sin(i/10000^{2j/d})), read as the definition of those entries",
            )
        if a.sub is not None and ";" in a.sub.text and a.sub.terms is None:
            raise NotSupported(
                f"the subscript {a.sub.text} with ';' (Roberts & Yaida's z_{{i;\\alpha}}: neuron i of sample "
                "\\alpha) is not read yet; as one label it would not vary with its indices",
                source=b.source,
                span=b.ph[k].span,
                hint="write the indices with a comma (z_{i,a}), each one letter a sum or the formula runs over",
            )
        if a.sub is not None and a.sub.nested:
            raise NotSupported(
                "a subscript with an indexed name among other indices",
                source=b.source,
                span=b.ph[k].span,
                hint="one label per subscript reads (s_{y_i}: entry y_i of s); for a name, write s_{\\text{...}}",
            )


def no_collapsed_vectors(b: Binder) -> None:
    """Refuse a bold vector or matrix whose shape came out 1×1 without a declaration: something scalar was
    taken for it (an element x^{(i)} of a family of vectors is a number to SymPy), so the reading is wrong."""
    for k, a in b.atoms.items():
        shape = b.dim_shapes.get(identity(a))
        if a.bold and shape == (1, 1) and declared_shape(a, b.declared) is None:
            raise NotSupported(
                f"{a.spelling} is a vector, but here it would be a single number: families of vectors "
                "(x^{(i)}) in matrix products are not read yet",
                source=b.source,
                span=b.ph[k].span,
                hint="write the batch as a matrix (\\mathbf{X}^T(\\mathbf{X}\\mathbf{w} - \\mathbf{y})), "
                "or declare the shapes",
            )


#: plain Greek capitals that name matrices (a covariance, a precision)
MATRIX_GREEK = frozenset({"Sigma", "Lambda"})


def matrix_letter(a: AtomSpec) -> bool:
    """Is ``a`` spelt as a matrix: a bold capital (\\mathbf{W}, \\boldsymbol{\\Sigma}) or a covariance's Σ, Λ?"""
    capital = a.base[:1].isupper() and (len(a.base) == 1 or a.greek)
    return capital and not a.word and (a.bold or (a.greek and a.base in MATRIX_GREEK))


def is_divisor(exprs: list[sympy.Basic], k: int) -> bool:
    """Is placeholder ``k`` written in a divisor (a fraction's denominator, a negative power's base)?"""
    from symdl.read.power import Power, Reciprocal  # the reader's written fractions and powers

    for e in exprs:
        for node in sympy.preorder_traversal(e):
            base = None
            if isinstance(node, Reciprocal):
                base = node.args[0]
            elif isinstance(node, (sympy.Pow, Power)) and node.args[1].is_negative is True:
                base = node.args[0]
            if base is not None and any(placeholder_id(s) == k for s in base.free_symbols):
                return True
    return False


def spectral_norm_call(callee: Any, arg: AtomSpec | None, kind: str | None, exprs: list[sympy.Basic], k: int) -> bool:
    """Is ``\\sigma(\\mathbf{W})`` of one matrix name in a divisor the spectral norm: spectral normalization's
    ``W / \\sigma(W)``
    (Miyato et al., the PyTorch docs' spectral_norm) divides by W's largest singular value, not by its sigmoid
    entry by entry; a pre-activation (``\\sigma(W x + b)``, Ng's ``\\sigma(Z)`` not divided by) keeps the sigmoid.
    A plain capital no rule made a matrix (Miyato et al.'s ``W / \\sigma(W)``) counts as one here.  Of the weights W
    alone anywhere (Miyato et al.'s power iteration ``\\sigma(W) \\approx \\tilde{u}^T W \\tilde{v}``) it is the
    spectral norm too: no activation is applied to a weight matrix itself."""
    return (isinstance(callee, AtomSpec) and callee.base == "sigma" and callee.greek and callee.sub is None
            and not callee.decorations and not callee.primes and arg is not None
            and (kind == "matrix" or (kind is None and arg.base[:1].isupper())) and not arg.transpose
            and (is_divisor(exprs, k) or (arg.base == "W" and not arg.decorations)))  # Miyato's \sigma(W^l) too


def refuse_spectral_norm_of_number(arg: AtomSpec, source: str, span: Span) -> None:
    """Refuse the spectral norm of a name symdl reads as a number (a plain capital no rule made a matrix)."""
    raise NotSupported(
        f"\\sigma({arg.spelling}) of a weight matrix, or dividing by it: the spectral norm of the matrix "
        f"{arg.spelling} (its largest singular value, as spectral normalization writes W / \\sigma(W)), not its "
        "sigmoid; but nothing makes it a matrix here",
        source=source, span=span,
        hint=f"declare it: {arg.spelling} \\in \\mathbb{{R}}^{{m \\times n}}; for the sigmoid of each entry write "
        "\\mathrm{sigmoid}(W)")


def sides_agree(statements: list[Any], rr: Any) -> None:
    """Refuse a name written bold set equal to one number made of vectors (``\\mathbf{y} = \\mathbf{w}^T
    \\mathbf{x}``): the two sides cannot both be what they are written as, and the value would silently be the
    number."""
    for st, written in zip(statements, rr.statements, strict=True):
        lhs, rhs = st.lhs, st.rhs
        k = placeholder_id(written.sides[0].expr) if len(written.sides) > 1 else None
        atom = rr.placeholders[k].data.get("atom") if k is not None else None
        if atom is None or not atom.bold or not isinstance(lhs, sympy.MatrixSymbol) or lhs.shape == (1, 1):
            continue
        if getattr(rhs, "is_Matrix", False) and rhs.shape == (1, 1):
            raise InvalidInput(
                f"{atom.spelling} is written as a vector or matrix, but it is set equal to a number (a product of "
                "vectors such as w^T x is one number)",
                source=rr.source,
                span=st.span,
                hint=f"write {atom.spelling} plain if it is a number; otherwise check the right side's shapes (a "
                "matrix W x, or an outer product x y^T)",
            )



def entries_fit(statements: list[Any], rr: Any) -> None:
    """Refuse a name a statement sets to a vector that another statement reads by two indices (``p =
    \\mathrm{softmax}(\\mathbf{z})`` then ``p_{i,\\text{label}_i}``): the vector has one index, and the family read
    by two would silently be another quantity of the same name."""
    entries = [(st, entry) for st in statements for e in (st.rhs, st.lhs) if isinstance(e, sympy.Basic)
               for entry in e.atoms(sympy.Indexed)]
    ranks: dict[str, set[int]] = {}
    for _, entry in entries:
        ranks.setdefault(str(entry.base.label), set()).add(len(entry.indices))
    params = {str(getattr(x, "name", x)) for st in statements for x in getattr(st, "params", ())}
    mixed = sorted(name for name, found in ranks.items() if len(found) > 1 and name in params)
    if mixed:  # the RBF network's \|\mathbf{x} - \mathbf{x}_i\|: the input and centre i, one array x, silently
        name = mixed[0]
        raise NotSupported(
            f"{name} is read both as one vector (its entries by one index) and as a family of vectors (by two): "
            f"a vector and the members of a family written with the same letter (the RBF network's "
            f"\\|\\mathbf{{x}} - \\mathbf{{x}}_i\\|, the input and centre i) are not read yet as two quantities",
            source=rr.source, span=statements[0].span,
            hint="give the family a letter of its own (\\mathbf{c}_i for the centres), or declare its shape")
    vectors = {str(st.lhs.name): st for st in statements
               if isinstance(st.lhs, sympy.MatrixSymbol) and 1 in st.lhs.shape and st.lhs.shape != (1, 1)}
    for st, entry in entries:
        name = str(entry.base.label)
        if name in vectors and len(entry.indices) > 1:
            raise NotSupported(
                f"{name} is set to a vector ({vectors[name].latex}), but here it is read by "
                f"{len(entry.indices)} indices ({', '.join(map(str, entry.indices))}): a matrix of rows "
                "(one vector per example) is not read yet",
                source=rr.source,
                span=st.span,
                hint=f"read one example at a time: {name}_{{y}} for entry y of the vector, or name the "
                "matrix of rows with a capital (P_{i,y_i})",
            )


def no_series_to_infinity(b: Binder) -> None:
    """Refuse a sum with no upper bound written that a statement compares with infinity (Robbins and Monro's step
    sizes, ``\\sum_n a(n) = \\infty``, ``\\sum_n a^2(n) < \\infty``): a series, whose terms run without end; a
    bound symdl supplies (the count of its terms) would make the condition false or meaningless."""
    for st in b.rr.statements:
        if len(st.sides) != 2 or not any(s.expr == sympy.oo for s in st.sides):
            continue
        for s in st.sides:
            for e in s.expr.atoms(sympy.Sum):
                for limit in e.limits:
                    hi = placeholder_id(limit[2])
                    if hi is not None and hi in b.ph and b.ph[hi].kind == "length":
                        raise NotSupported(
                            "a series compared with infinity (its terms run without end: Robbins and Monro's "
                            "\\sum_n a(n) = \\infty)", source=b.source, span=st.span,
                            hint="write the partial sums with their bound, \\sum_{n=1}^{N} a(n), and say in words "
                            "that they grow without limit as N grows")


def no_unlinked_rows(b: Binder) -> None:
    """Refuse a definition of a function of a bold capital (``f(\\mathbf{X})``) whose right side reads the rows of a
    family of the lower-case letter (``\\mathbf{x}_u``) and never the capital itself (Bronstein et al.'s Deep Sets
    ``f(\\mathbf{X}) = \\phi(\\bigoplus_{u} \\psi(\\mathbf{x}_u))``) and none of the arguments: the family would be a
    name of its own, so the value would depend on no argument."""
    from symdl.bind.sums import reachable

    for st in b.rr.statements:
        k = placeholder_id(st.sides[0].expr) if len(st.sides) == 2 else None
        p = b.ph.get(k) if k is not None else None
        if p is None or p.kind != "call":
            continue
        args = [b.atoms.get(placeholder_id(a.expr)) for a in p.data["args"]]  # type: ignore[arg-type]
        capitals = {a.base for a in args if a is not None and a.bold and a.base.isupper() and len(a.base) == 1
                    and a.sub is None}
        inside = [b.atoms[j] for j in reachable(b.ph, st.sides[1].expr) if j in b.atoms]
        used = {c.spelling for c in inside}
        if any(a is not None and a.spelling in used for a in args):
            continue  # cs224n's J(\\boldsymbol{v}_c, o, \\boldsymbol{U}) with u_o, u_k: the value uses an argument
        for letter in capitals:
            rows = [a for a in inside if a.bold and a.base == letter.lower() and a.sub is not None]
            if rows and not any(a.base == letter for a in inside):
                raise NotSupported(
                    f"{rows[0].spelling} inside the definition of a function of \\mathbf{{{letter}}}: the rows of "
                    f"the argument as a family of vectors are not linked to it yet", source=b.source, span=p.span,
                    hint=f"write the function of the family itself, f = \\phi(\\sum_u \\psi(\\mathbf{{"
                    f"{letter.lower()}}}_u)), or write the rows as entries of \\mathbf{{{letter}}}")
