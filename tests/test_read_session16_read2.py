"""Session 16, helper READ2: distribution statements as initialisation papers and docs write them.

A formula that only says how a name is drawn (Glorot & Bengio's ``W \\sim U[-a, a]``, He et al.'s
``w \\sim \\mathcal{N}(0, 2/n_l)``, the PyTorch docs' ``\\mathcal{N}(0, \\text{std}^2)``) was refused; it is a
statement of kind ``distribution`` whose right side is a :class:`symdl.functions.Distribution` of its parameters,
and ``explain`` names Xavier or He initialisation from its variance.  Nothing to evaluate or differentiate: refused
by name.  Each row: the formula as its source writes it, what it reads as, the notes by rule.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy

import symdl
from symdl.chunk import explain
from symdl.errors import NotSupported
from symdl.functions import Bernoulli, Normal, Uniform

# (id, source, latex, target as printed ('' for none), distribution class, its variance at n = n_l = 4,
#  n_j = 3, n_{j+1} = 5, p = 0.3, std = 2, notes by rule)
DRAWS = [
    ("glorot-uniform", "Glorot & Bengio 2010, eq. 16",
     r"W \sim U\left[ -\frac{\sqrt{6}}{\sqrt{n_j + n_{j+1}}}, \frac{\sqrt{6}}{\sqrt{n_j + n_{j+1}}} \right]",
     "W", Uniform, 2 / 8, []),
    ("uniform-one-over-root-n", "Glorot & Bengio 2010, eq. 1 (the heuristic they compare with)",
     r"W_{ij} \sim U\left[ -\frac{1}{\sqrt{n}}, \frac{1}{\sqrt{n}} \right]", "W[i, j]", Uniform, 1 / 12, []),
    ("he-normal", "He et al. 2015, eq. 10's initialisation", r"w \sim \mathcal{N}(0, 2/n_l)", "w", Normal, 0.5,
     ["normal-variance"]),
    ("dropout-mask", "Srivastava et al. 2014, the mask of dropout", r"r_j \sim \mathrm{Bernoulli}(p)", "r[j]",
     Bernoulli, 0.3 * 0.7, []),
    ("kaiming-docs-alone", "the PyTorch docs, nn.init.kaiming_normal_: the distribution written alone, its std "
     "defined beside it", r"\mathcal{N}(0, \text{std}^2), \qquad \text{std} = \frac{\sqrt{2}}{\sqrt{\text{fan\_in}}}",
     "", Normal, 4.0, ["normal-variance"]),
]


def _at(expr: sympy.Basic) -> float:
    values = {"n": 4, "n_l": 4, "n[j]": 3, "n[j + 1]": 5, "p": 0.3, "std": 2}
    return float(expr.xreplace({a: values[str(a)] for a in expr.atoms(sympy.Symbol, sympy.Indexed)
                                if str(a) in values}))


@pytest.mark.parametrize(("latex", "target", "cls", "variance", "rules"), [r[2:] for r in DRAWS],
                         ids=[r[0] for r in DRAWS])
def test_distribution_statement(latex: str, target: str, cls: type, variance: float, rules: list[str]) -> None:
    f = symdl.parse(latex)
    st = f.statements[0]
    assert st.kind == "distribution"
    assert str(st.target if st.target is not None else "") == target
    assert isinstance(st.rhs, cls)
    assert _at(st.rhs.variance()) == pytest.approx(variance)
    assert [nt.rule for nt in f.notes] == rules


# (id, latex, concepts wanted, concepts that must not be named)
CONCEPTS = [
    ("glorot-uniform-is-xavier", DRAWS[0][2], {"xavier_init"}, {"he_init"}),
    ("he-normal-is-he", DRAWS[2][2], {"he_init"}, {"xavier_init"}),
    ("kaiming-docs-std-put-in", DRAWS[4][2], {"he_init"}, {"xavier_init"}),
    ("xavier-normal", r"W \sim \mathcal{N}\left(0, \frac{2}{n_{in} + n_{out}}\right)", {"xavier_init"}, {"he_init"}),
    ("lecun-uniform-is-neither", DRAWS[1][2], set(), {"he_init", "xavier_init"}),
    ("standard-normal-is-neither", r"\epsilon \sim \mathcal{N}(0, 1)", set(), {"he_init", "xavier_init"}),
    ("off-centre-uniform-is-neither", r"W \sim U\left[0, \frac{2}{n}\right]", set(), {"he_init", "xavier_init"}),
]


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CONCEPTS], ids=[c[0] for c in CONCEPTS])
def test_initialisation_named(latex: str, want: set[str], avoid: set[str]) -> None:
    found = explain(symdl.parse(latex)).concepts
    assert want <= found, f"missing {want - found}; found {sorted(found)}"
    assert not (avoid & found), f"false label {avoid & found}"


@pytest.mark.parametrize("latex", [DRAWS[0][2], DRAWS[4][2]], ids=["glorot-uniform", "kaiming-docs-alone"])
def test_nothing_to_differentiate_or_evaluate(latex: str) -> None:
    with pytest.raises(NotSupported, match="distribution statement"):
        symdl.diff(latex, "n_j")
    with pytest.raises(NotSupported, match="distribution statement"):
        symdl.lambdify(latex)


def test_a_draw_beside_a_statement_stays_set_aside() -> None:
    f = symdl.parse(r"\mathbf{z} = \boldsymbol{\mu} + \boldsymbol{\sigma} \odot \boldsymbol{\epsilon}, \quad "
                    r"\boldsymbol{\epsilon} \sim \mathcal{N}(0, \mathbf{I})")
    assert [st.kind for st in f.statements] == ["assignment"]
    assert "distribution-clause" in [nt.rule for nt in f.notes]


@pytest.mark.parametrize(("latex", "rhs"), [(r"z \sim \mathcal{N}(0, 1)", "Normal(0, 1)"),
                                           (r"z \sim q(z \mid x)", "q(z, x)")],
                         ids=["vae-prior", "vae-posterior-named-density"])
def test_draw_from_a_named_density(latex: str, rhs: str) -> None:
    """Kingma & Welling's prior and posterior: a draw from a distribution symdl knows, or from a density it names."""
    st = symdl.parse(latex).statements[0]
    assert (st.kind, str(st.target), str(st.rhs)) == ("distribution", "z", rhs)


def test_a_density_at_a_point_is_no_distribution() -> None:
    f = symdl.parse(r"p(x) = \mathcal{N}(x \mid \mu, \sigma^2)")
    assert f.statements[0].kind != "distribution"


def test_wrong_number_of_parameters_is_refused() -> None:
    with pytest.raises(NotSupported, match="Uniform takes 2") as err:
        symdl.parse(r"W \sim U[-a, 0, a]")
    assert err.value.span.start == 7


# --- integrals (Bishop's eq. 1.34, 1.104, 1.113): sympy.Integral over the differential's variable
# (id, source, latex, the integral's printed form, concepts wanted, concepts that must not be named)
INTEGRALS = [
    ("bishop-kl", "Bishop, PRML eq. 1.113 (\\mathrm{d}\\mathbf{x}: a vector variable)",
     r"\mathrm{KL}(p \| q) = -\int p(\mathbf{x}) \ln\left\{ \frac{q(\mathbf{x})}{p(\mathbf{x})} \right\} "
     r"\mathrm{d}\mathbf{x}", "-Integral(p(x)*log(q(x)/p(x)), x)", {"kl_divergence"}, {"entropy"}),
    ("bishop-entropy", "Bishop, PRML eq. 1.104 (the differential entropy)", r"H[x] = -\int p(x) \ln p(x) \, dx",
     "-Integral(p(x)*log(p(x)), x)", {"entropy"}, {"kl_divergence"}),
    ("bishop-expectation", "Bishop, PRML eq. 1.34", r"\mathbb{E}[f] = \int p(x) f(x) dx",
     "Integral(f(x)*p(x), x)", {"expectation"}, {"entropy"}),
    ("bounded-thin-space", "a density normalises: bounds and \\,dx", r"\int_{-\infty}^{\infty} f(x)\,dx",
     "Integral(f(x), (x, -oo, oo))", set(), {"expectation"}),
    ("number-bounds", "bounds that are numbers", r"\int_0^1 x^2 \, \mathrm{d}x", "Integral(x**2, (x, 0, 1))",
     set(), set()),
]


@pytest.mark.parametrize(("latex", "printed", "want", "avoid"), [r[2:] for r in INTEGRALS],
                         ids=[r[0] for r in INTEGRALS])
def test_integral(latex: str, printed: str, want: set[str], avoid: set[str]) -> None:
    f = symdl.parse(latex)
    assert str(f.statements[0].rhs) == printed
    assert f.statements[0].rhs.atoms(sympy.Integral)
    found = explain(f).concepts
    assert want <= found, f"missing {want - found}; found {sorted(found)}"
    assert not (avoid & found), f"false label {avoid & found}"


def test_integral_without_differential_is_refused() -> None:
    with pytest.raises(NotSupported, match="differential") as err:
        symdl.parse(r"y = \int_0^1 f(x)")
    assert err.value.span.start == 4


def test_integral_evaluates_where_sympy_can() -> None:
    f = symdl.parse(r"\int_0^1 x^2 \, dx")
    assert f.statements[0].rhs.doit() == sympy.Rational(1, 3)


def test_integral_over_a_vector_is_noted() -> None:
    rules = [nt.rule for nt in symdl.parse(INTEGRALS[0][2]).notes]
    assert rules.count("integral-vector") == 1
    assert "integral-vector" not in [nt.rule for nt in symdl.parse(INTEGRALS[2][2]).notes]


# --- |v| |w|: single bars around bold vectors side by side are their lengths (Jurafsky & Martin ch. 6's cosine)
V4 = np.random.default_rng(16).normal(size=4)
W4 = np.random.default_rng(17).normal(size=4)
COS = float(V4 @ W4 / (np.linalg.norm(V4) * np.linalg.norm(W4)))
# (id, source, latex, inputs, numpy's value, notes by rule)
LENGTHS = [
    ("cosine-spaced", "Jurafsky & Martin, SLP3 ch. 6, eq. 6.10",
     r"\text{cosine}(\mathbf{v}, \mathbf{w}) = \frac{\mathbf{v} \cdot \mathbf{w}}{|\mathbf{v}| |\mathbf{w}|}",
     COS, ["abs-length", "abs-length"]),
    ("cosine-jammed", "the same with the bars touching", r"\frac{\mathbf{v} \cdot \mathbf{w}}{|\mathbf{v}||\mathbf{w}|}",
     COS, ["abs-length", "abs-length"]),
    ("cosine-chain", "Jurafsky & Martin, SLP3 ch. 6, eq. 6.10 whole: the lengths, then the sums",
     r"\text{cosine}(\mathbf{v}, \mathbf{w}) = \frac{\mathbf{v} \cdot \mathbf{w}}{|\mathbf{v}| |\mathbf{w}|} = "
     r"\frac{\sum_{i=1}^{N} v_i w_i}{\sqrt{\sum_{i=1}^{N} v_i^2} \sqrt{\sum_{i=1}^{N} w_i^2}}",
     COS, ["abs-length", "abs-length"]),
]


@pytest.mark.parametrize(("latex", "want", "rules"), [r[2:] for r in LENGTHS], ids=[r[0] for r in LENGTHS])
def test_bars_side_by_side_are_lengths(latex: str, want: float, rules: list[str]) -> None:
    f = symdl.parse(latex)
    got = symdl.lambdify(f)(**{r"\mathbf{v}": V4, r"\mathbf{w}": W4})
    assert float(np.asarray(got).reshape(-1)[0]) == pytest.approx(want, rel=1e-12)
    assert sorted(nt.rule for nt in f.notes) == rules


def test_a_lone_bar_stays_entry_by_entry() -> None:
    f = symdl.parse(r"\mathbf{y} = |\mathbf{x}|")
    got = symdl.lambdify(f)(**{r"\mathbf{x}": V4})
    np.testing.assert_allclose(np.asarray(got).reshape(-1), np.abs(V4))
    assert "abs-length" not in [nt.rule for nt in f.notes]
