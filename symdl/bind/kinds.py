"""Which names are vectors or matrices, before any shape is known.

A name starts as what its spelling says (:func:`symdl.bind.shapes.seed_kind`: bold, declared, upper-case
weight); then, a few passes until nothing changes, the names beside a non-scalar value are promoted: the
operands of ``\\odot``, the names inside ``\\det`` or ``\\|\\cdot\\|_F``, the factor after a matrix, the terms
of a sum with a vector term (``W x - y``: y is a vector too), the sides of a statement whose other side is
non-scalar.  Whether a side is non-scalar is :func:`symdl.bind.valuekind.value_kind` (``w^T x + b`` is a
number).  Families (``x_i``) and names declared scalar never become vectors here.
"""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING, Any

import sympy

from symdl.bind.affine import affine_vectors
from symdl.bind.apply import acts_elementwise
from symdl.bind.build import span_of
from symdl.bind.capital_pairs import capital_pair_sums, capitals_before_weight
from symdl.bind.capitalbias import capital_biases
from symdl.bind.codematmul import matmul_operands
from symdl.bind.coefficients import leading_coefficient
from symdl.bind.dimnames import lengths_kept_numbers
from symdl.bind.dotcall import seed_dot_rows
from symdl.bind.dottedops import dotted_operands
from symdl.bind.entryargs import seed_defined_rows, seed_entry_arguments
from symdl.bind.entrydefs import defined_as_entry_sums
from symdl.bind.fnentry import seed_defined_vector
from symdl.bind.formterms import form_term
from symdl.bind.gates import promote_gate_partners, promote_step_gates
from symdl.bind.gaussian import covariance_identity
from symdl.bind.gradsides import gradient_sides
from symdl.bind.identity import has_identity_term
from symdl.bind.kindrules import (
    design_products,
    greek_in_activation,
    identity_sum,
    overline_dots,
    starred_calls,
    states_listed,
    summed_words,
    vector_after_inverse,
    vector_after_transpose,
)
from symdl.bind.layercalls import capital_calls_beside_matrix, layer_call
from symdl.bind.letters import (
    COUNT_LETTERS,
    MATRIX_GREEK,
    WEIGHT_CAPITALS,
    batch_size,
    lower_name,
)
from symdl.bind.membersums import seed_member_sums
from symdl.bind.moments import promote_operand_moments, promote_second_moments
from symdl.bind.nablanumbers import note_nabla_numbers
from symdl.bind.names import identity
from symdl.bind.noise import noise_epsilons, noise_term, seed_draws
from symdl.bind.normcalls import seed_beside_networks
from symdl.bind.projections import seed_capitals
from symdl.bind.setwhole import seed_set_whole
from symdl.bind.shapes import declared_shape, kind_of_letter, promotable, seed_kind
from symdl.bind.sidebyside import _as_concat, _promote_after_matrix
from symdl.bind.sizedidentity import seed_sized_identities
from symdl.bind.softmaxargs import seed_softmax_arguments
from symdl.bind.spectralargs import seed_spectral_arguments
from symdl.bind.stars import promote_star_calls, promote_star_states, seed_gate_stars
from symdl.bind.statedshape import seed_stated_calls
from symdl.bind.statnames import ARRAY_REDUCTIONS, reduced_name
from symdl.bind.stepkinds import share_step_kinds
from symdl.bind.sums import inner_exprs, reachable
from symdl.bind.transposed import capital_entry_vectors, greek_after_matrix, transposed_groups
from symdl.bind.upstream import capital_of_rows, gradient_dots, gradient_points
from symdl.bind.valuekind import is_outer_product, value_kind
from symdl.functions import ENTRY_STATISTICS, MATRIX_TO_NUMBER, VECTOR_TO_MATRIX
from symdl.read.power import Reciprocal
from symdl.read.probability import sampled_names
from symdl.read.syntax import AtomSpec, Placeholder, placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder

Kinds = dict[tuple[object, ...], str]


def infer_kinds(b: Binder) -> Kinds:
    """identity → ``vector`` or ``matrix`` for every non-scalar name of the formula."""
    kinds: Kinds = lengths_kept_numbers(b)  # x \in \mathbb{R}^{N}: N a number, never promoted
    seed_draws(b, kinds)  # torch.randn_like(std): the draw and std are arrays of one shape
    seed_sized_identities(b, kinds)  # Shampoo's \epsilon I_m: the m × m identity
    seed_spectral_arguments(b, kinds)  # Miyato et al.'s W / \sigma(W): W a matrix, σ(W) its spectral norm
    summed = defined_as_entry_sums(b)
    for k, a in b.atoms.items():
        if b.roles[k].kind == "family" or k in summed:
            continue
        s = seed_kind(a, b.declared)
        if s is not None and s != "scalar":
            kinds[identity(a)] = s
    for k, p in b.ph.items():  # [\mathbf{h}_{t-1}, \mathbf{x}_t]: a list of vectors is their concatenation (noted)
        parts = p.data.get("parts", []) if p.kind == "vector" else []
        atoms = [b.atom_of(part.expr) for part in parts]
        if len(parts) > 1 and all(a is not None and a.bold and a.base[:1].islower() and not a.transpose
                                  and b.roles[placeholder_id(part.expr)].kind != "family"
                                  for a, part in zip(atoms, parts, strict=True)):
            _as_concat(b, k, kinds)
    _indexed_dot(b, kinds)
    seed_entry_arguments(b, kinds)  # softmax(x)_i: x a vector (entry-vector)
    seed_stated_calls(b, kinds)  # \mathrm{softmax}(e) \in \mathbb{R}^N: e a vector (stated-shape-call)
    seed_defined_rows(b, kinds)  # logsumexp(x)_i = \log \sum_j \exp(x_{ij}): x a matrix (entry-rows)
    seed_defined_vector(b, kinds)  # \sigma(x)_i = e^{x_i} / \sum_j e^{x_j}: x a vector (defined-entry-vector)
    capital_entry_vectors(b, kinds)  # \|Y - d\|^2 = \sum_i (y_i - d_i)^2: Y a vector (noted)
    seed_gate_stars(b, kinds)  # the PyTorch 0.x docs' RNN w_{ih} * x_t: w_{ih} a matrix, x_t a vector (noted)
    seed_capitals(b, kinds)  # (A - I)x, Vaswani's QW^Q_i (noted); \exp(A)x, Concat(...)W^O (refused by name)
    design_products(b, kinds)  # statsmodels' Y = X\beta + \mu: X a matrix, \beta a vector (greek-after-matrix)
    capital_pair_sums(b, kinds)  # LoRA's W + BA: the two capitals and W matrices (noted)
    #: per expression, the ids of the products inside a fraction's denominator (\frac{1}{HW}: counts)
    below = [{id(m) for r in e.atoms(Reciprocal) for m in sympy.preorder_traversal(r.args[0])} for e in b.exprs]
    capitals_before_weight(b, kinds, below)  # d2l's X_t W_{xh} + H_{t-1} W_{hh}: batches times weights (noted)
    covariance_identity(b, kinds)  # DDPM's \beta_t I in \mathcal{N}(...): the identity matrix (noted)
    gradient_dots(b, kinds)  # Nielsen's \nabla C \cdot \Delta v: \Delta v a vector
    overline_dots(b, kinds)  # Aggarwal's \overline{W} \cdot \overline{X}: vectors (noted)
    capital_of_rows(b, kinds)  # cs229's |W| beside its rows w_j^T: W a matrix
    seed_dot_rows(b, kinds)  # \eta^T T(y): the name multiplying the call is a vector (function-dot-vector)
    seed_beside_networks(b, kinds)  # \|\epsilon - \epsilon_\theta(...)\|: \epsilon a vector (norm-network)
    seed_member_sums(b, kinds)  # c = \sum_t \alpha_t \mathbf{h}_t: c a vector (family-vector-sum)
    _settle(b, kinds, below)
    if gradient_sides(b, kinds):  # \frac{\partial L}{\partial W} = \delta x^T: W a matrix, \delta a vector (noted)
        _settle(b, kinds, below)
    if transposed_groups(b, kinds):  # a last resort: (X\theta - y)^T still a number is a vector (noted)
        _settle(b, kinds, below)
    if matmul_operands(b, kinds):  # a last resort: cs231n's X.T @ dscores, a word beside @, is an array (noted)
        _settle(b, kinds, below)
    if dotted_operands(b, kinds):  # a last resort: Flux's μ .^ 2, a name beside a dotted operator, is an array
        _settle(b, kinds, below)
    if affine_vectors(b, kinds):  # a last resort: LayerNorm's \gamma, \beta scale a standardised vector (noted)
        _settle(b, kinds, below)
    if seed_softmax_arguments(b, kinds):  # a last resort: \mathrm{softmax}(z/T), z still a number, is a vector
        _settle(b, kinds, below)
    if seed_set_whole(b, kinds):  # a last resort: a = \sigma(z) beside \sum_i y_i \log a_i: a vector (noted)
        _settle(b, kinds, below)
    if capital_biases(b, kinds):  # a last resort: cuDNN's W \cdot h + U \cdot h + B: the bias B a vector (noted)
        _settle(b, kinds, below)
    note_nabla_numbers(b, kinds)  # SGD's \nabla f(w_t), w_t a number: a derivative by one coordinate (noted)
    return kinds


def _settle(b: Binder, kinds: Kinds, below: list[set[int]]) -> None:
    """The promotion passes, until nothing changes (at most four)."""
    for _ in range(4):
        before = len(kinds)
        _propagate(b, kinds, below)
        promote_second_moments(b, kinds)  # Adam's \hat{v}_t under the root that divides the step
        promote_operand_moments(b, kinds)  # AdaDelta's \frac{\sqrt{u + \epsilon}}{\mathrm{std}} \odot g: u, std
        share_step_kinds(b, kinds)  # Adagrad's \theta_{t+1} a vector: \theta_t too
        promote_step_gates(b, kinds)  # the PyTorch docs' GRU n_t = tanh(... + r_t (W_{hn} h_{(t-1)} + b_{hn}))
        promote_gate_partners(b, kinds)  # an LSTM's f_t c_{t-1} with f_t not defined here: a gate too
        promote_star_states(b, kinds)  # Olah's o_t * \\tanh(C_t), o_t a vector: C_t one too (noted)
        promote_star_calls(b, kinds)  # the VAE's torch.exp(0.5 * logvar) * eps in code: logvar an array
        if len(kinds) == before:
            break


def _indexed_dot(b: Binder, kinds: Kinds) -> None:
    """Nielsen's ``w \\cdot x \\equiv \\sum_j w_j x_j``: plain names on both sides of ``\\cdot`` that the formula
    also indexes (w_j, x_j) are vectors, so ``\\cdot`` is their dot product."""
    from symdl.bind.readings import cdot_pairs  # imported here: readings is read after kinds

    indexed = {a.base for k, a in b.atoms.items() if b.roles[k].kind == "family" and not a.bold}
    plain = {k for k, a in b.atoms.items() if b.roles[k].kind == "scalar" and promotable(a) and not a.bold
             and a.base in indexed and declared_shape(a, b.declared) is None}
    for left, right in cdot_pairs(b, plain):
        for k in (left, right):
            kinds.setdefault(identity(b.atoms[k]), "vector")
    one_index = {a.base for k, a in b.atoms.items() if b.roles[k].kind == "family" and not a.bold
                 and len(b.roles[k].indices) == 1}  # A_i: one index, entries of a vector
    bold = {k for k, a in b.atoms.items() if a.bold and a.sub is None and a.sample is None and not a.transpose
            and a.base in one_index and declared_shape(a, b.declared) is None}
    for left, right in cdot_pairs(b, bold):  # the cosine's \mathbf{A} \cdot \mathbf{B} beside \sum_i A_i B_i
        for k in (left, right):
            kinds[identity(b.atoms[k])] = "vector"


def _propagate(b: Binder, kinds: Kinds, below: list[set[int]]) -> None:
    """One pass of the promotion rules; ``below``: per expression, the ids of the products inside a fraction's
    denominator (found once, before the passes)."""
    nonscalar_bases = {a.base for a in b.atoms.values() if identity(a) in kinds}
    for k, a in b.atoms.items():
        if b.roles[k].kind == "family" or not promotable(a) or identity(a) in kinds:
            continue
        if declared_shape(a, b.declared) == ():
            continue
        if a.d_of and a.d_of in nonscalar_bases:
            kinds[identity(a)] = kind_of_letter(a)
    for p in list(b.ph.values()):
        if p.kind in ("vector", "concat") and states_listed(b, p):  # a BiRNN's [h_t forward; h_t backward]
            _as_concat(b, p.id, kinds)
            continue
        if p.kind in ("hadamard", "kron"):  # operands of \odot, \oslash, \otimes are arrays
            for op in p.data["operands"]:
                gradient_points(b, op.expr, kinds)  # \nabla \hat{L}(\theta) \odot \nabla \hat{L}(\theta): θ a vector
                _promote_atoms_in(b, op.expr, kinds, through_calls=True)
                for f in sympy.Mul.make_args(op.expr):  # LN's \gamma \odot \frac{x - \mu}{\sqrt{...}}: x an array
                    if isinstance(f, sympy.Add) and len(sympy.Mul.make_args(op.expr)) > 1:
                        _promote_atoms_in(b, f, kinds, through_calls=True)
                if p.kind == "hadamard" and (k := placeholder_id(op.expr)) in b.atoms and _greek_operand(b, k, kinds):
                    kinds[identity(b.atoms[k])] = "vector"  # DyT's \gamma \odot \tanh(\alpha x): \gamma itself
            if p.kind == "hadamard":
                _matrix_operands(b, p, kinds)  # NoisyNet's \mathbf{W}_{noisy} \odot \epsilon^w: ε^w a matrix
        elif p.kind == "group-entry" and (one := _bracketed_name(b, p.data["value"].expr)) is not None \
                and promotable(one) and declared_shape(one, b.declared) is None:  # the Caffe docs' (m_t)_i: entry i of
            kinds.setdefault(identity(one), "vector")  # the vector m_t (a bracket around one name says it is one)
        elif p.kind == "call" and greek_in_activation(b, p, kinds):  # logistic regression's \sigma(X\theta)
            pass
        elif p.kind == "call" and layer_call(b, p):  # ViT's \mathrm{MSA}(\mathrm{LN}(z)): z an array
            _promote_atoms_in(b, p.data["args"][0].expr, kinds, through_calls=True)
        elif p.kind == "call" and p.data.get("known") == "inner":  # BYOL's \langle q_\theta(z_\theta), z'_\xi \rangle
            for arg in p.data["args"]:  # torch.dot(errors, grad): words too; no one writes <a, b> of two numbers
                _promote_atoms_in(b, arg.expr, kinds, through_calls=True, code_words=True)
        elif p.kind == "call" and p.data.get("known") == "cos" and len(p.data["args"]) == 2:  # \cos(x_1, x_2): vectors
            for arg in p.data["args"]:  # PyTorch's \cos(\text{input1}, \text{input2}) too (symdl.bind.cosine)
                _promote_atoms_in(b, arg.expr, kinds, kind="vector", any_name=True, through_calls=True)
        elif p.kind == "call" and p.data.get("known") in MATRIX_TO_NUMBER and len(p.data["args"]) == 1:
            _promote_atoms_in(b, p.data["args"][0].expr, kinds, kind="matrix", any_name=True)  # \det(\Sigma)
            _jacobian_variable(b, p.data["args"][0].expr, kinds)  # \det(\partial f(x) / \partial x): x a vector
        elif p.kind == "call" and p.data.get("known") in VECTOR_TO_MATRIX and len(p.data["args"]) == 1:
            _promote_atoms_in(b, p.data["args"][0].expr, kinds, any_name=True)  # diag(\lambda), by case
        elif p.kind == "call" and p.data.get("known") in (*ENTRY_STATISTICS, "max", "min", "argmax", "argmin") \
                and len(p.data["args"]) == 1:  # argmax(z): the index of z's largest entry (symdl.bind.argvalue)
            # Adafactor's RMS(U_t); min-max scaling's \max(x) - \min(x): the largest entry (of a number, x itself);
            # code's softmax np.exp(x) / np.sum(np.exp(x)): x inside an entry-wise function under a sum is an array too
            _promote_atoms_in(b, p.data["args"][0].expr, kinds, through_calls=p.data.get("known") == "sum",
                              any_name=p.data.get("known") == "rms")  # Adafactor's RMS(\theta_{t-1}): Greek too
            if p.data.get("known") == "sum":
                summed_words(b, p, kinds)
        elif p.kind == "call" and _array_reduction_call(p):  # RMSNorm's mean(x^2) in code: x an array
            _promote_reduced(b, p.data["args"][0].expr, kinds)
        elif p.kind == "call" and (named := reduced_name(b, p)) is not None:  # x - \mathrm{mean}(x): x an array
            kinds.setdefault(identity(named), "vector")
        elif p.kind == "transpose" and (one := b.atom_of(p.data["inner"].expr)) is not None and not one.word \
                and declared_shape(one, b.declared) != ():  # Ng's (\Theta^{(2)})^T \delta^{(3)}: Θ a matrix
            kinds.setdefault(identity(one), kind_of_letter(one))
            vector_after_transpose(b, p, kinds)
        elif p.kind == "transpose":  # Nocedal & Wright's \nabla f(\theta)^\top p: the gradient is a vector, so θ is
            gradient_points(b, p.data["inner"].expr, kinds)
        elif p.kind == "norm" and p.data.get("p") == "F":
            _promote_atoms_in(b, p.data["inner"].expr, kinds, kind="matrix", any_name=True)  # \|W\|_F
        elif p.kind == "expect" and p.data.get("axis"):  # Keras's mean(log(cosh(y_pred - y_true)), axis=-1): arrays
            _promote_reduced(b, p.data["inner"].expr, kinds)
        elif p.kind == "expect" and p.data.get("given") is not None:
            pass  # \mathbb{E}[Y \mid X = x]: a function of the condition, of random numbers, no sample array
        elif p.kind == "norm" or (p.kind == "expect" and not p.data.get("over") and p.id not in b.population):
            by = p.kind == "norm" and _is_gradient(b, p.data["inner"].expr)  # \|\nabla_\theta J(\theta)\|: by a vector
            if by and (wrt := b.atom_of(b.ph[placeholder_id(p.data["inner"].expr)].data["wrt"].expr)) is not None \
                    and identity(wrt) not in kinds and not wrt.bold:
                b.gradient_norms.append(p.id)  # noted norm-of-gradient
            _promote_atoms_in(b, p.data["inner"].expr, kinds, through_calls=by, any_name=by)  # \|x - y\|^2
        elif p.kind == "expect":  # \mathbb{E}_{x \sim p}[\log D(x)]: the drawn x is a vector of samples
            _promote_drawn(b, p.data["inner"].expr, sampled_names(p.data["over"]), kinds)
    for e, under in zip(b.exprs, below, strict=True):
        for m in sympy.preorder_traversal(e):
            if isinstance(m, sympy.Mul):
                _promote_after_matrix(b, m, kinds, below_a_fraction=id(m) in under)
                starred_calls(b, m, kinds)  # W2^T dZ2 * g'(Z1): Z1 a matrix
                vector_after_inverse(b, m, kinds)  # (I - A)^{-1} b: b a vector
                capital_calls_beside_matrix(b, m, kinds)  # \phi(Q)(\phi(K)^\top V): Q a matrix
            elif isinstance(m, sympy.Add):
                identity_sum(b, m, kinds)  # (A + \lambda I)^{-1}: A and I matrices
                if any(noise_term(b, t, kinds) for t in m.args):  # the VAE's mu + std * eps: mu the mean
                    _promote_greek_terms(b, m, kinds, noise=True)
                noise_epsilons(b, m, kinds)  # DDIM's ... + \sigma_t \epsilon_t: the noise a vector (noted)
                if _has_array_term(b, m, kinds):
                    greek_after_matrix(b, m, kinds)  # X^T(X\theta - y): \theta a vector (noted)
                    _promote_atoms_in(b, m, kinds, kind=_matrix_term(b, m, kinds), code_words=b.code)  # W x - y: y
                    _promote_greek_terms(b, m, kinds)  # Bishop's \mu + \Lambda z + \epsilon: \mu, \epsilon vectors
    for st in b.rr.statements:
        exprs = [s.expr for s in st.sides]
        greek_after_matrix(b, tuple(exprs), kinds)  # the normal equations' X^T X\theta = X^T y (noted)
        side_kinds = [value_kind(b, e, kinds) for e in exprs]
        if any(k != "scalar" for k in side_kinds):
            bare = [b.atom_of(e) for e in exprs]  # ŷ = A^{[2]}: a name equal to a matrix is a matrix
            matrix = any(a is not None and (kinds.get(identity(a)) == "matrix" or (  # W_{test} = p W: p a number
                "matrix" in side_kinds and promotable(a))) for a in bare)  # g = \nabla_{\mathbf{W}} L: g a matrix
            for e in exprs:
                factors = sympy.Mul.make_args(e)  # Chollet's np.log(p) / temperature: a call over a divisor too
                calls = [f for f in factors if (k := placeholder_id(f)) is not None and b.ph[k].kind == "call"]
                call = b.code and len(calls) == 1 and all(
                    f in calls or f.is_number or (isinstance(f, sympy.Pow) and f.exp.is_negative) for f in factors)
                _promote_atoms_in(b, e, kinds, kind="matrix" if matrix else None,  # in code, std = torch.exp(0.5 *
                                  through_calls=call, code_words=call, scaled_words=call)  # logvar): an array
            _defined_as_matrix(b, exprs, bare, side_kinds, kinds)
            for e, a, k in zip(exprs, bare, side_kinds, strict=True):  # \delta = \nabla_a C \odot \sigma'(z)
                if (a is not None and k == "scalar" and (a.greek or a.word)  # \mathrm{scores} = QK^T/\sqrt{d_k}
                        and b.roles[placeholder_id(e)].kind != "family"
                        and identity(a) not in kinds and declared_shape(a, b.declared) is None):
                    kinds[identity(a)] = "matrix" if "matrix" in side_kinds else kind_of_letter(a)


def _jacobian_variable(b: Binder, e: sympy.Basic, kinds: Kinds) -> None:
    """A derivative by a plain name inside a determinant or a trace (a normalising flow's ``\\log|\\det(\\partial
    f(x) / \\partial x)|``): a number's derivative has no determinant, so the name is a vector and the derivative
    its Jacobian (noted; before, the determinant was dropped)."""
    p = b.ph.get(placeholder_id(e))
    while p is not None and p.kind in ("paren", "group", "label") and "inner" in p.data:  # \det\left( ... \right)
        p = b.ph.get(placeholder_id(p.data["inner"].expr))
    k = placeholder_id(p.data["wrt"].expr) if p is not None and p.kind == "deriv" else None
    a = b.atoms.get(k) if k is not None else None
    if (a is not None and not a.bold and not a.transpose and b.roles[k].kind != "family"
            and kinds.get(identity(a)) in (None, "vector") and declared_shape(a, b.declared) is None):
        kinds[identity(a)] = "vector"
        b._note("jacobian-variable", b.ph[k].span, name=a.spelling)


def _matrix_operands(b: Binder, p: Placeholder, kinds: dict[tuple[object, ...], str]) -> None:
    """A lone name multiplied entry by entry with a bold capital matrix (NoisyNet's ``\\mathbf{W}_{noisy} \\odot
    \\epsilon^w``) is a matrix of its shape, not the vector a lower-case letter would be; a declared shape keeps its
    kind."""
    names = [b.atoms[k] for op in p.data["operands"] if (k := placeholder_id(op.expr)) in b.atoms]
    if any(kinds.get(identity(a)) == "matrix" and a.bold and a.base[:1].isupper() for a in names):  # (a plain
        # capital beside \odot is a mask as often: ||M \odot y||_1 keeps M the vector y is)
        for a in names:
            if kinds.get(identity(a)) == "vector" and declared_shape(a, b.declared) is None:
                kinds[identity(a)] = "matrix"


def _greek_operand(b: Binder, k: int, kinds: Kinds) -> bool:
    """A bare Greek name written as an operand of ``\\odot`` (not inside a call: DyT's \\alpha in \\tanh(\\alpha x)
    stays a number), still a number and not declared one: an array, as \\odot multiplies arrays."""
    a = b.atoms[k]
    return (a.greek and identity(a) not in kinds and b.roles[k].kind != "family" and not a.transpose
            and declared_shape(a, b.declared) is None)


def _defined_as_matrix(b: Binder, exprs: list[sympy.Basic], bare: list[AtomSpec | None], side_kinds: list[str],
                       kinds: Kinds) -> None:
    """``p = \\operatorname{softmax}(S)`` with ``S = QK^T/\\sqrt{d_k}``: a plain lower-case name set equal to a
    function of a matrix is that matrix, though other uses (``o = pV``, a vector before a weight) made it a vector
    first; so is one set equal to an outer product (``s = u v^T``, code's ``sim = z_a @ z_b.T / tau``), though an
    earlier pass, before u was known a column, took ``u v^T`` for a row and made s a vector; a bold, declared or
    gradient name (``dw``) keeps what its spelling says."""
    for n, (e, a) in enumerate(zip(exprs, bare, strict=True)):
        calls = [x for m, (x, kind) in enumerate(zip(exprs, side_kinds, strict=True)) if m != n and kind == "matrix"
                 and (((k := placeholder_id(x)) in b.ph and b.ph[k].kind == "call") or is_outer_product(b, x, kinds))]
        if (a is not None and calls and kinds.get(identity(a)) == "vector" and not a.bold and a.d_of is None
                and not a.transpose and b.roles[placeholder_id(e)].kind != "family"
                and declared_shape(a, b.declared) is None):
            kinds[identity(a)] = "matrix"  # (a function's value: a product's kind may still be a guess)


def _is_gradient(b: Binder, e: sympy.Basic) -> bool:
    """Is ``e`` one gradient by a name (``\\nabla_\\theta J(\\theta)``)?  Its norm makes that name a vector."""
    p = b.ph.get(placeholder_id(e))
    if p is None or p.kind != "grad" or p.data.get("wrt") is None:
        return False
    of = b.ph.get(placeholder_id(p.data["of"].expr))  # not at a point of a sequence (J(\\theta_t): \\theta_t a number)
    args = of.data.get("args", ()) if of is not None and of.kind == "call" else ()
    return all((k := placeholder_id(a.expr)) in b.atoms and b.roles[k].kind == "scalar" for a in args)


def _promote_drawn(b: Binder, e: sympy.Basic, drawn: set[str], kinds: Kinds) -> bool:
    """The names an expectation draws (x of \\mathbb{E}_{x \\sim p}[\\log D(x)]), anywhere inside it, are vectors of
    samples, so the expectation is their mean; a function applied to them (the GAN's D(x), D(G(z))) is applied to
    each sample (``b.per_sample_calls``).  True if ``e`` uses a drawn name."""
    found = False
    for s in e.free_symbols:
        k = placeholder_id(s)
        if k is None or k not in b.ph:
            continue
        a = b.atoms.get(k)
        if a is None:
            inside = [_promote_drawn(b, inner, drawn, kinds) for inner in inner_exprs(b.ph[k])]
            if any(inside) and b.ph[k].kind == "call":
                b.per_sample_calls.add(k)
            found = found or any(inside)
        elif (a.base in drawn and promotable(a) and b.roles[k].kind != "family" and not a.transpose
              and declared_shape(a, b.declared) is None):
            kinds.setdefault(identity(a), "vector")
            found = True
    return found


def _promote_greek_terms(b: Binder, add: sympy.Add, kinds: Kinds, noise: bool = False) -> None:
    """Factor analysis' ``x = \\mu + \\Lambda z + \\epsilon`` (Bishop, Murphy): beside a Greek capital's matrix
    times a vector, a lower-case Greek name added alone is a vector too (a mean, a noise), in the notation that
    writes matrices as Greek capitals; ``noise``: beside a vector times code's drawn sample (the VAE's ``mu + std *
    torch.randn_like(std)``), the mean."""
    greek_product = noise or any(
        any((a := b.atom_of(f)) is not None and a.greek and a.base in MATRIX_GREEK and kinds.get(identity(a))
            == "matrix" for f in sympy.Mul.make_args(t)) for t in add.args)
    if not greek_product:
        return
    for t in add.args:
        k = placeholder_id(t)
        if k is not None and k in b.atoms and lower_name(b, k) and b.atoms[k].greek:
            kinds.setdefault(identity(b.atoms[k]), "vector")


def _has_array_term(b: Binder, add: sympy.Add, kinds: Kinds) -> bool:
    """Does a term of this sum surely have a vector/matrix value (a bare vector, or a product with a matrix)?

    ``\\mathbf{w} \\cdot \\mathbf{x} + b`` does not: a product of vectors may be a number; nor does Bishop's and
    Boyd's quadratic form ``x^T A x + b^T x + c``: a transposed vector first and a vector last is 1×1, a number.
    """
    forms = {t: form_term(b, t) for t in add.args}
    sure = any(f == "sure" for f in forms.values())  # nn.Bilinear's x_1^T A x_2 + b alone: refused elsewhere
    for t in add.args:
        if sure and forms[t]:
            continue
        atoms = [b.atoms[k] for f in sympy.Mul.make_args(t) if (k := placeholder_id(f)) in b.atoms]
        factors = [f for f in sympy.Mul.make_args(t) if not f.is_number]
        if len(factors) == 1 and atoms and kinds.get(identity(atoms[0])):
            return True
        if any(kinds.get(identity(a)) == "matrix" for a in atoms):
            return True
        k = placeholder_id(t)  # numpy's np.dot(Whh, hs[t-1]) + bh, read (Whh hs[t-1]) + bh: an array in parentheses
        if k in b.ph and b.ph[k].kind == "group" and value_kind(b, t, kinds) in ("col", "row", "matrix"):
            return True
    return False


def _promote_atoms_in(b: Binder, e: sympy.Basic, kinds: Kinds, *, kind: str | None = None,
                     any_name: bool = False, through_calls: bool = False, code_words: bool = False,
                     scaled_words: bool = False) -> None:
    """Make the operands of ``e`` vectors or matrices (``kind``, else by their letter's case); Latin letters
    only, unless ``any_name`` (inside ``\\det``: ``\\Sigma`` is a matrix too); ``through_calls``: the arguments of
    functions applied entry by entry too (an operand of ``\\odot``); ``code_words``: code's words too (a sum's bias);
    ``scaled_words``: those words with a number before them too (``std = torch.exp(0.5 * logvar)``).
    """
    terms = sympy.Add.make_args(e)
    eye = has_identity_term(b, terms)  # c_0 I + c_1 P + c_2 P^2: its coefficients are numbers
    bold_terms = {t for t in terms if any((a := b.atom_of(f)) is not None and a.bold for f in sympy.Mul.make_args(t))}
    alone = [a for t in terms if (a := b.atom_of(t.as_coeff_Mul()[1])) is not None] if len(terms) > 1 else []
    plain = {(a.base, a.bold) for a in alone if not a.decorations}
    for t in terms:
        factors = sympy.Mul.make_args(t)
        rest = t.as_coeff_Mul()[1] if isinstance(t, sympy.Mul) else t
        lone = b.atom_of(rest) if len(terms) > 1 else None  # - b too
        if lone is not None and (lone.decorations == ("bar",) or _extreme_label(lone)) and (
                lone.base, lone.bold) in plain:
            continue  # a sample's x - \bar{x}: the mean of x, one number broadcast (noted where it is added); x_{max}
        if lone is not None and identity(lone) in b.reductions:
            continue  # x - \text{mean} after \text{mean} = \frac{1}{N} \sum x: one number, broadcast
        if (lone is not None and not lone.bold and lone.base[:1].islower() and promotable(lone) and bold_terms - {t}
                and not lone.transpose and lone.layer is None and declared_shape(lone, b.declared) is None):
            b.plain_scalars.add(placeholder_id(rest))  # d2l's \mathbf{X}\mathbf{w} + b: vectors are bold, b is a number
            continue
        known = {value_kind(b, f.base if isinstance(f, sympy.Pow) and f.exp.is_positive else f, kinds)  # c_2 P^2
                 for f in factors} - {"scalar"} if len(factors) > 1 else set()
        if known == {"matrix"} and eye:
            continue  # a polynomial in a matrix, c_0 I + c_1 P + c_2 P^2: the coefficients scale it, numbers
        if (known == {"col"} and not _vector_then_capital(b, factors, kinds) and not _starred(b, factors)) or (
                known and kind == "matrix") or _outer_term(b, factors, kinds):  # xLSTM's i_t v_t k_t^T: i_t scales
            continue  # \frac{g}{\|\mathbf v\|}\mathbf v; W_{test} = p W: g and p stay numbers (but x V: V a matrix)
        for f in factors:
            if isinstance(f, sympy.Pow) and f.exp.is_positive:
                f = f.base  # (1 - A^2): A is an operand too (but not m in 1/m)
            a = b.atom_of(f)
            if a is not None and batch_size(a) and len(factors) > 1:
                continue  # cs231n's N * dxhat - np.sum(dxhat, axis=0): the batch size N scales, a number
            group = b.ph.get(placeholder_id(f)) if a is None and through_calls else None  # type: ignore[arg-type]
            if group is not None and group.kind == "group" and group.data.get("inner") is not None:
                _promote_atoms_in(b, group.data["inner"].expr, kinds, kind=kind, any_name=any_name,  # LSTM backprop's
                                  through_calls=True, code_words=code_words, scaled_words=scaled_words)  # (1 - tanh²c)
                continue
            if a is None and through_calls and (arg := _entrywise_argument(b, f)) is not None:  # o_t \odot \tanh(c_t)
                _promote_atoms_in(b, arg, kinds, kind=kind, any_name=any_name, through_calls=True,
                                  code_words=code_words, scaled_words=scaled_words)
                continue
            if leading_coefficient(b, f, factors, kinds):  # Muon's aX: a scales the matrix, a number
                continue
            word = (code_words and a is not None and a.word and not a.greek and (  # a bias: bh
                len(factors) == 1 or (scaled_words and all(g is f or g.is_number for g in factors))))
            if a is not None and (any_name or promotable(a) or word) and declared_shape(a, b.declared) != ():
                k = placeholder_id(f)
                if k is not None and b.roles[k].kind != "family":
                    kinds.setdefault(identity(a), kind or kind_of_letter(a))


def _outer_term(b: Binder, factors: tuple[sympy.Basic, ...], kinds: Kinds) -> bool:
    """Are the arrays of a product, in written order, a column then a row (``\\mathbf{v}_t \\mathbf{k}_t^\\top``,
    an outer product: a matrix the other factors scale), not a row then a column (``\\mathbf{a}^\\top
    \\mathbf{x}``, a number)?"""
    from symdl.bind.build import first_position

    arrays = [(first_position(f, b.ph), k) for f in factors if (k := value_kind(b, f, kinds)) != "scalar"]
    arrays.sort(key=lambda t: t[0])
    return len(arrays) == 2 and arrays[0][1] == "col" and arrays[1][1] == "row"


def _matrix_term(b: Binder, add: sympy.Add, kinds: Kinds) -> str | None:
    """``matrix`` if a term of this sum is a matrix name, alone or times numbers (Ng's ``v_{dW^{[l]}} = \\beta
    v_{dW^{[l]}} + (1 - \\beta) dW^{[l]}``, ``W^{[l]} - \\alpha v_{dW^{[l]}}``): a name added to a matrix is a matrix
    of its shape, whatever the case of its letter (not a column broadcast across it); else None (by the letter)."""
    for t in add.args:
        factors = sympy.Mul.make_args(t)
        matrices = [a for f in factors if (a := b.atom_of(f)) is not None and not a.transpose
                    and kinds.get(identity(a)) == "matrix"]
        rest = [f for f in factors if b.atom_of(f) not in matrices]
        if len(matrices) == 1 and len(rest) == len(factors) - 1 and not any(  # \alpha, (1 - \beta): numbers only
                (a := b.atoms.get(k)) is not None and (promotable(a) or identity(a) in kinds)
                for f in rest for k in reachable(b.ph, f)):
            return "matrix"
    return None


def _vector_then_capital(b: Binder, factors: tuple[sympy.Basic, ...], kinds: Kinds) -> bool:
    """Is a weight's capital written right after a vector (the GLU's x V: a row times a weight matrix)?"""
    placed = sorted((b.ph[k].span.start, b.atoms[k]) for f in factors
                    if (k := placeholder_id(f)) is not None and k in b.atoms)
    return any(kinds.get(identity(prev)) == "vector" and promotable(cur) and cur.base in WEIGHT_CAPITALS
               and identity(cur) not in kinds and declared_shape(cur, b.declared) != ()
               for (_, prev), (_, cur) in itertools.pairwise(placed))


def _starred(b: Binder, factors: tuple[sympy.Basic, ...]) -> bool:
    """Is ``*`` written between these factors (the PyTorch docs' GRU r_t * (W_{hn} h + b_{hn}): the element-wise
    product, so r_t is a vector too)?"""
    spans = [s for f in factors for s in [span_of(f, b.ph)] if s is not None]
    return len(spans) > 1 and b.star_between(min(s.start for s in spans), max(s.end for s in spans))


#: known functions whose value is not the argument's shape, entry by entry
NOT_ENTRYWISE = frozenset({*MATRIX_TO_NUMBER, *VECTOR_TO_MATRIX, *ENTRY_STATISTICS, "softmax", "log_softmax", "inner",
                           "max", "min"})


def _bracketed_name(b: Binder, e: sympy.Basic) -> AtomSpec | None:
    """The one name ``e`` is, or a parenthesis holds (``(m_t)``), else None."""
    k = placeholder_id(e)
    if k is not None and b.ph[k].kind == "group":
        return b.atom_of(b.ph[k].data["inner"].expr)
    return b.atom_of(e)


def _extreme_label(a: AtomSpec) -> bool:
    """Is ``a`` subscripted by ``max`` or ``min`` (``x_{max}``, ``x_{\\max}``, ``x_{\\text{min}}``): an extreme?"""
    text = re.sub(r"\\(?:text|mathrm|rm)|[{}\s\\]", "", a.sub.text) if a.sub is not None else ""
    return text in ("max", "min")


def _promote_reduced(b: Binder, e: sympy.Basic, kinds: Kinds) -> None:
    """Every name inside a reduction's argument (``mean(abs((y_true - y_pred) / y_true), axis=-1)``,
    symdl.read.keywords) is an array of values, to any depth, words too (code's ``(logits * target_probs).sum(-1)``,
    the Dice's ``\\sum(\\mathrm{pred} \\odot \\mathrm{true})``); numbers and declared numbers stay."""
    inside = [b.atoms[k] for k in reachable(b.ph, e) if k in b.atoms]
    plain = {(a.base, a.bold) for a in inside if not a.decorations}
    for k in reachable(b.ph, e):
        a = b.atoms.get(k)
        typed = (a is not None and a.greek and b.source[b.ph[k].span.start : b.ph[k].span.start + 1].isalpha()
                 and any(b.source.startswith(f"{b.source[q.span.start : q.span.end]}.", q.span.start)
                         for j, q in b.ph.items() if j in b.atoms and identity(b.atoms[j]) == identity(a)))
        if a is None or not (promotable(a) or (a.word and not a.greek) or typed):  # words too: the Dice's
            continue  # \sum(\mathrm{pred} \odot \mathrm{true}), code's (logits * target_probs).sum(-1); a Greek
            # letter typed as a word in code that calls a method somewhere (the VAE's sigma.exp(): a tensor), too
        if a.base in COUNT_LETTERS and a.sub is None and not (a.bold or a.decorations or a.word):
            continue  # the sample variance's \sum (x - \bar{x})^2 / (N - 1): the count N stays a number
        if a.word and set(re.split(r"[_\\]+", a.spelling.lower())) & _SETTING_WORDS:
            span = b.ph[k].span  # SAC's (-log_alpha.exp() * (log_pi + ...)).mean(): the temperature, one number
            if not any(n.rule == "setting-number" and n.span == span for n in b.notes):
                b._note("setting-number", span, name=a.spelling)
            continue
        if a.decorations == ("bar",) and (a.base, a.bold) in plain:
            continue  # ... and the mean \bar{x} of the array x summed beside it a number, broadcast
        if identity(a) in b.reductions:
            continue  # \text{mean} = \frac{1}{N} \sum x, then \sum (x - \text{mean})^2: a number, broadcast
        if _extreme_label(a) and (a.base, a.bold) in plain:
            continue  # logsumexp's \sum e^{x - x_{max}}: the largest entry of x, a number (as \bar{x} is)
        if _only_divisor(b, a):  # InfoNCE code's exp(sim / t).sum(dim=1): the temperature t divides every entry
            span = b.ph[k].span
            if not any(n.rule == "divisor-number" and n.span == span for n in b.notes):
                b._note("divisor-number", span, name=a.spelling)
            continue
        if declared_shape(a, b.declared) != () and b.roles[k].kind != "family":
            kinds.setdefault(identity(a), kind_of_letter(a))


#: the parts of a code name that make it a setting, one number (SAC's log_alpha, SB3's log_ent_coef)
_SETTING_WORDS = frozenset({"alpha", "beta", "gamma", "lambda", "tau", "eta", "coef", "temperature", "lr"})


def _only_divisor(b: Binder, a: AtomSpec) -> bool:
    """Is ``a`` a plain one-letter name (t, s, τ) written only right after a ``/``, everywhere in the formula (a
    temperature, a scale)?  A divisor of arrays is read as one number dividing each entry; a word divisor (Keras's
    ``/ y_true``) stays an array."""
    if a.word or a.bold or a.decorations or a.sub is not None or (len(a.base) != 1 and not a.greek):
        return False
    spans = [b.ph[k].span for k, other in b.atoms.items() if identity(other) == identity(a)]
    return bool(spans) and all(b.source[: s.start].rstrip().endswith("/") for s in spans)


def _array_reduction_call(p: Any) -> bool:
    """Is ``p`` a call of the word mean, std or var (numpy's, PyTorch's reductions) on the square of something, which
    symdl does not know as a function: RMSNorm's ``mean(x^2)`` in code is the mean of the squared entries, so its
    names are arrays (of one number it would be the square itself); one plain name (``x - \\mathrm{mean}(x)``) is
    :func:`symdl.bind.statnames.reduced_name`'s."""
    callee = p.data.get("callee")
    args = p.data.get("args", ())
    return (p.data.get("known") is None and isinstance(callee, AtomSpec) and callee.word and callee.sub is None
            and not callee.primes and callee.base.lower() in ARRAY_REDUCTIONS and len(args) == 1
            and isinstance(args[0].expr, sympy.Pow) and args[0].expr.exp == 2)  # the RMS's mean(x^2) only


def _entrywise_argument(b: Binder, f: sympy.Basic) -> sympy.Basic | None:
    """The argument of ``f`` if it is a function applied entry by entry (``\\tanh(c_t)``, ``\\sigma(z)``, ``g(z)``),
    or what a gradient is by (``\\nabla_a C``): the value has its shape, so an operand of ``\\odot`` makes it a
    vector too."""
    k = placeholder_id(f)
    p = b.ph.get(k) if k is not None else None
    if p is not None and p.kind in ("grad", "deriv") and p.data.get("wrt") is not None:
        return p.data["wrt"].expr  # Nielsen's \nabla_a C \odot \sigma'(z^L): the gradient by a vector a
    if p is None or p.kind != "call" or len(p.data.get("args", ())) != 1:
        return None
    known, callee = p.data.get("known"), p.data.get("callee")
    if known is not None:
        return p.data["args"][0].expr if known not in NOT_ENTRYWISE else None
    if callee is not None and (callee.base == "sigma" or acts_elementwise(callee) or layer_call(b, p)):
        return p.data["args"][0].expr  # \sigma'(z) too; \gamma \odot \mathrm{LN}(h): h an array
    return None
