"""The concept registry: one frozen :class:`Concept` per idea symdl can name.

A concept carries its id (a public contract), readable name, the roles of its
parts, a one-line "what it does", a longer explanation, related ids and a
recogniser: a function ``(expr, ctx) -> Match | None`` working on SymPy trees.
Recognisers live in the ``concepts_*`` modules, which add their concepts here
with :func:`register`; registration order is priority order (more specific
concepts first), so dispatch is a loop over data, never an if-chain.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import sympy
from sympy.core.function import AppliedUndef
from sympy.matrices.expressions.matexpr import MatrixExpr

from symdl.config import DEFAULT, Config
from symdl.formula import Formula, Statement
from symdl.latex import latex_of
from symdl.read.commands import GREEK
from symdl.read.words import code_formula

#: the reading notes that say σ(·) was read as the sigmoid by a guess (symdl.bind.meanings, symdl.bind.sigmalayer)
SIGMA_GUESSES = ("sigma-activation", "sigma-hidden-layer", "sigma-distribution", "sigma-softmax-chain",
                 "sigma-in-average")


@dataclass(frozen=True)
class Match:
    """A recogniser's verdict on one subexpression.

    Attributes:
        concept: the concept id.
        roles: ``(role name, subexpression)`` pairs: the parts the concept is made of.
        params: ``(parameter name, value)`` pairs: decay, scale, slope, temperature...
        note: a concrete sentence about this instance ("an EMA up to scale η/(1-γ)").
        near_miss: for an almost-match, how it differs (empty for a real match).
        fix: for a near miss, the expression that would be the concept.
        name: a readable name overriding the concept's (e.g. "softmax-like normalisation").
        also: further concept ids this same expression is (a softmax cross-entropy is also a log-softmax).
        guess: set when the block is this concept only by a reading the reader noted as a guess (σ left open, read
            as the sigmoid): said, but not counted among the explanation's concepts.
    """

    concept: str
    roles: tuple[tuple[str, sympy.Basic], ...] = ()
    params: tuple[tuple[str, sympy.Basic], ...] = ()
    note: str = ""
    near_miss: str = ""
    fix: sympy.Basic | None = None
    name: str = ""
    also: tuple[str, ...] = ()
    guess: str = ""

    def role(self, name: str) -> sympy.Basic | None:
        """The subexpression playing role ``name``, if any."""
        return dict(self.roles).get(name)

    def param(self, name: str) -> sympy.Basic | None:
        """The value of parameter ``name``, if any."""
        return dict(self.params).get(name)


#: a font or word wrapper around a name's letters (dropped from its head): \text{lr}, \mathbf{R}
_FONT = r"\\(?:text|mathrm|operatorname|mathit|textit|mathcal|mathbf|boldsymbol|bm)\{([^{}]*)\}"


@dataclass
class Context:
    """What a recogniser may know beyond the subexpression itself.

    Attributes:
        formula: the formula being explained (None for a bare expression).
        statement: the statement the expression belongs to.
        facts: target of an earlier statement → the match of its right side.
        normalized: bases of indexed families known to sum to one (softmax outputs).
        config: options (time bounds).
    """

    formula: Formula | None = None
    statement: Statement | None = None
    facts: dict[sympy.Basic, Match] = field(default_factory=dict)
    normalized: set[sympy.Basic] = field(default_factory=set)
    config: Config = DEFAULT

    def latex(self, expr: sympy.Basic) -> str:
        """LaTeX of ``expr`` with the formula's spellings."""
        return latex_of(self.formula, expr)

    def spelling(self, sym: sympy.Basic) -> str:
        """How ``sym`` was written (LaTeX), falling back to its name."""
        if self.formula is not None and sym in self.formula.latex_names:
            return self.formula.latex_names[sym]
        return str(getattr(sym, "name", sym))

    def is_greek(self, sym: sympy.Basic) -> bool:
        """Whether ``sym`` is spelled with a Greek letter (a hyperparameter by DL convention)."""
        word = re.sub(r"^\\", "", self.spelling(sym))
        word = re.split(r"[_^{ ]", word)[0]
        return word.lower() in GREEK

    def head(self, sym: sympy.Basic) -> str:
        """The letter or word ``sym`` is spelled with before its scripts, its font wrapper dropped, lower case
        (``L_{\\text{contrastive}}`` → ``l``, ``\\text{negative\\_slope}`` → ``negative``, ``\\ell`` → ``\\ell``)."""
        head = re.split(r"\\?_|\^", re.sub(_FONT, r"\1", self.spelling(sym).strip()))[0]  # \text{decay\_rate}
        return head.strip("{} ").lower()

    def word(self, sym: sympy.Basic) -> str:
        """The word ``sym`` is spelled as (``\\text{negative\\_slope}`` → ``negative``, ``\\mathrm{std}`` →
        ``std``), lower case; ``""`` for a letter (``a``, ``\\alpha``)."""
        word = self.head(sym)
        return word if len(word) > 1 and word.isalpha() and word not in GREEK else ""

    def is_word(self, sym: sympy.Basic) -> bool:
        """Whether ``sym`` is spelled as a word (``\\text{negative\\_slope}``, ``\\mathrm{gain}``): how PyTorch's
        docs spell a constructor argument, a hyperparameter rather than a learned weight."""
        return bool(self.word(sym))

    def gradient_of(self, expr: sympy.Basic) -> sympy.Basic | None:
        """The quantity ``expr`` is the gradient of: ``∇_θ J`` → θ, Ng's ``dW`` → W."""
        if isinstance(expr, sympy.Derivative):
            return expr.variables[0]
        name = getattr(expr, "name", None)
        if isinstance(name, str) and name.startswith(("nabla", "\\nabla")):
            return expr
        if self.formula is None or not isinstance(name, str) or not name.startswith("d") or len(name) < 2:
            return None
        for sym in self.formula.symbols.values():
            if getattr(sym, "name", None) == name[1:]:
                return sym
        return None

    def is_error_signal(self, sym: sympy.Basic) -> bool:
        """Whether ``sym`` is spelled as a backpropagated error or gradient: a gradient (:meth:`gradient_of`), a
        δ (Nielsen's ``δ^l``, Karpathy's ``δh``) or Ng's ``dZ^{[l]}``, ``dA^{[l]}`` (d and a capital letter)."""
        if self.gradient_of(sym) is not None:
            return True
        spelled = self.spelling(sym).strip()
        if re.match(r"(\\(boldsymbol|mathbf|bm)\s*\{\s*)?\\delta(?![a-zA-Z])|d[A-Z]", spelled):
            return True
        # code's gradient names beside a target named so, in code (Karpathy's dhraw = (1 - hs[t] * hs[t]) * dh)
        target = self.statement.target if self.statement is not None else None
        code = self.formula is not None and bool(re.search(r"\*|\w\[", self.formula.source)
                                                 or code_formula(self.formula.source))
        return bool(code and target is not None and re.fullmatch(r"d[a-z]\w*", re.sub(_FONT, r"\1", spelled))
                    and re.fullmatch(r"d[A-Za-z][\w{}]*", re.sub(_FONT, r"\1", self.spelling(target).strip())))

    def data_rank(self, expr: sympy.Basic) -> int:
        """How data-like a factor is: 0 number, 1 Greek scalar, 2 other scalar, 3 array/gradient/call."""
        if getattr(expr, "is_number", False) and not isinstance(expr, MatrixExpr):
            return 0
        if isinstance(expr, sympy.Symbol):
            if expr in self.facts or self.gradient_of(expr) is not None:
                return 3
            return 1 if self.is_greek(expr) else 2
        if isinstance(expr, sympy.Indexed) and expr not in self.facts and self.is_greek(expr.base) \
                and not any(x.is_integer for i in expr.indices for x in i.free_symbols):
            return 1  # NAdam's schedule μ[t + 1] (at a step's value, not at an index): a Greek coefficient
        if isinstance(expr, (sympy.Add, sympy.Mul)) and not isinstance(expr, MatrixExpr):
            return max((self.data_rank(a) for a in expr.args), default=0)
        return 3

    def split_coefficient(self, expr: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic]:
        """``(coefficient, quantity)`` of a product: ``η ∇J`` → ``(η, ∇J)``; ``0.1 g`` → ``(0.1, g)``."""
        fs = list(expr.args) if isinstance(expr, sympy.Mul) else [expr]
        if isinstance(expr, MatrixExpr) and type(expr).__name__ == "MatMul":
            fs = list(expr.args)
        top = max((self.data_rank(f) for f in fs), default=0)
        cut = 2 if top >= 2 else top
        coef = [f for f in fs if self.data_rank(f) < cut]
        data = [f for f in fs if self.data_rank(f) >= cut]
        if not data:
            return sympy.Integer(1), expr
        quantity = data[0] if len(data) == 1 else type(expr)(*data)
        return sympy.Mul(*coef), quantity

    def noted(self, *rules: str) -> bool:
        """Whether the reader noted one of ``rules`` on this formula (an SDE's ``differential-name``)."""
        return self.formula is not None and any(n.rule in rules for n in self.formula.notes)

    def sigma_guessed(self) -> str:
        """The reading note that says σ(·) is read as the sigmoid by a guess (an activation left open, a
        distribution), when the formula writes no sigmoid by name; else ``""``."""
        if self.formula is None or re.search(r"sigmoid|logistic", self.formula.source, re.IGNORECASE):
            return ""
        return next((n.rule for n in self.formula.notes if n.rule in SIGMA_GUESSES), "")

    def is_standard_deviation(self, sym: sympy.Basic) -> bool:
        """Whether symbol ``sym`` is used as a standard deviation in this formula (``σ^2``, ``/σ``), or the reader
        read σ(·) as one (a normal's parameter, beside μ(·): its notes say so)."""
        if self.formula is None:
            return False
        if self.noted("sigma-std-parameter", "sigma-std-beside-mean", "sigma-schedule"):
            return True
        for st in self.formula.statements:
            for p in st.rhs.atoms(sympy.Pow):
                if p.base == sym and p.exp in (2, -1, -2):
                    return True
        return False


Recogniser = Callable[[sympy.Basic, Context], "Match | None"]


@dataclass(frozen=True)
class Concept:
    """One nameable idea.

    Attributes:
        id: stable public id (``ema``, ``softmax``...).
        name: readable name.
        what: one line: what it does.
        explanation: a longer explanation for a person.
        roles: the names of its parts.
        related: ids of related concepts.
        category: ``activation``, ``loss``, ``optimizer``, ``linear algebra``, ``statistics``...
        recognise: the recogniser, or None for concepts found by relations between statements.
        heads: the node classes the recogniser can match (``sympy.Add``, ``sympy.exp``, ``MatMul``...):
            a node is offered only to concepts whose heads include its class or a base of it
            (dispatch by head); empty means every node.
        names: how a named call of this concept is spelled, lower-cased letters only
            (``\\operatorname{LayerNorm}(x)`` → ``layernorm``): a call of an undefined function
            with one of these names is this concept, whatever the recogniser says.
        subsumes: ids of more general concepts this one is a special case of (``gelu_tanh`` subsumes ``gelu``,
            ``adadelta`` subsumes ``rmsprop``): where both name the SAME block, only this one is said
            (:func:`drop_subsumed`); the general name stays where it names a different block.
    """

    id: str
    name: str
    what: str
    explanation: str
    roles: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    category: str = ""
    recognise: Recogniser | None = None
    heads: tuple[type, ...] = ()
    names: tuple[str, ...] = ()
    subsumes: tuple[str, ...] = ()


REGISTRY: dict[str, Concept] = {}

#: Work counters of recognition, read by benchmarks/bench_dispatch.py and the tests: ``recogniser calls``
#: (explain.recognise), ``equivalence tests`` (algebra.equivalent), ``exact tests`` (those past the
#: structural check and the float64 pre-filter).  Reset with ``STATS.clear()``.
STATS: Counter[str] = Counter()


def register(*concepts: Concept) -> None:
    """Add concepts to the registry (order of registration is priority order)."""
    for c in concepts:
        if c.id in REGISTRY:
            raise ValueError(f"concept {c.id!r} registered twice")
        REGISTRY[c.id] = c


def drop_subsumed(ids: list[str]) -> list[str]:
    """``ids`` (the names found for ONE block, in order) without those a more specific one among them subsumes:
    ``[gelu_tanh, gelu]`` → ``[gelu_tanh]``, ``[adadelta, rmsprop]`` → ``[adadelta]`` (the ``subsumes`` table)."""
    general = {g for cid in ids if cid in REGISTRY for g in REGISTRY[cid].subsumes}
    return [cid for cid in ids if cid not in general]


def candidates(expr: sympy.Basic) -> list[Concept]:
    """The concepts whose recogniser can match a node of ``expr``'s class, in priority order (dispatch by head)."""
    key = (len(REGISTRY), type(expr))
    found = _BY_HEAD.get(key)
    if found is None:
        cls = type(expr)
        found = [c for c in REGISTRY.values() if c.recognise is not None and _accepts(c.heads, cls)]
        _BY_HEAD[key] = found
    return found


def _accepts(heads: tuple[type, ...], cls: type) -> bool:
    """Does a concept with these heads take a node of class ``cls``?  A matrix node (MatMul, MatAdd, MatPow) goes only
    to concepts that name a matrix class: SymPy's MatMul is also a Mul, but a scalar recogniser's arithmetic on a
    matrix expression is a deep ``doit`` (it evaluated a sum's polynomials for minutes)."""
    if not heads:
        return True
    matrix = issubclass(cls, MatrixExpr)
    return any(issubclass(cls, h) and (not matrix or issubclass(h, (MatrixExpr, sympy.MatrixBase))) for h in heads)


def named_concept(expr: sympy.Basic) -> Concept | None:
    """The concept a call of an undefined function names (``\\mathrm{LayerNorm}(x)``, also when read as a vector
    beside one: ``\\mathbf{x} + \\mathrm{Dropout}(\\mathbf{h})``), by the ``names`` table."""
    name = undefined_name(expr)
    if not name and (call := vector_call(expr)) is not None:  # \mathrm{LayerNorm}(\mathbf{x}) read as a vector
        name = re.sub(r"[^a-z]", "", call[0].lower())
    if not name:
        return None
    key = len(REGISTRY)
    if key not in _BY_NAME:
        _BY_NAME.clear()
        _BY_NAME[key] = {n: c for c in REGISTRY.values() for n in c.names}
    return _BY_NAME[key].get(name)


_BY_HEAD: dict[tuple[int, type], list[Concept]] = {}
_BY_NAME: dict[int, dict[str, Concept]] = {}


_VECTOR_CALL = re.compile(r"^([^()]+)\((.*)\)$")


def vector_call(expr: sympy.Basic) -> tuple[str, list[str]] | None:
    """``(function, argument names)`` of an unknown function's vector value: the binder reads
    ``\\mathcal{F}(\\mathbf{x}, \\{W_i\\})`` beside a vector as one vector named by the call (``function-vector``
    notes); ``None`` for any other expression."""
    if not isinstance(expr, sympy.MatrixSymbol):
        return None
    m = _VECTOR_CALL.match(expr.name)
    if m is None:
        return None
    args, depth, cur = [], 0, ""
    for ch in m.group(2):
        depth += (ch in "([{") - (ch in ")]}")
        if ch == "," and depth == 0:
            args.append(cur.strip())
            cur = ""
        else:
            cur += ch
    return m.group(1), [*args, cur.strip()]


def inner_vector_call(expr: sympy.Basic) -> sympy.Basic | None:
    """The one argument of a vector call that is itself a call, as a vector of the same shape (ViT's
    ``\\mathrm{MSA}(\\mathrm{LN}(\\mathbf{z}))``, BERT's ``\\mathrm{Dropout}(\\mathrm{MultiHead}(\\mathbf{h}, …))``), so
    the inner layer is named too; ``None`` otherwise."""
    call = vector_call(expr)
    if call is None or len(call[1]) != 1 or _VECTOR_CALL.match(call[1][0]) is None:
        return None
    return sympy.MatrixSymbol(call[1][0], *expr.shape)


def undefined_name(expr: sympy.Basic) -> str | None:
    """The lower-cased letters of an undefined function's name (``\\text{Leaky-ReLU}`` → ``leakyrelu``), its font's
    mark left out (``\\mathbb{D}_{KL}``, named ``Dmathbb_{KL}``, → ``dkl``)."""
    if isinstance(expr, AppliedUndef):
        name = re.sub(r"math(?:bb|cal|rm|bf|frak|scr|sf|tt|it)(?=_|$)", "", type(expr).__name__)
        name = re.sub(r"^([a-z])_.*$", r"\1", name)  # f_l, a network's layer l: the letter f, never the word "fl"
        name = re.sub(r"\^(?:\[[^\]]*\]|\([^)]*\)|\{[^}]*\})", "", name)  # F^{[L]}, the NTK's layer L: never "fl"
        name = re.sub(r"\^\{?2\}?", "squared", name)  # oneDNN's variance \sigma^2(c): never the sigmoid σ
        return re.sub(r"[^a-z]", "", name.lower())
    return None
