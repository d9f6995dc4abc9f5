r"""Sums over examples, and an entry beside its family (session 14, from a held-out sweep).

- Sums over the training inputs with sums inside them (sum-per-example): Nielsen's cross-entropy for many output
  neurons (eq. 63), ``\sum_x \sum_j [y_j \ln a^L_j + ...]``, read one example (noted sum-constant); now y_j and a^L_j
  are entries (x, j), arrays of shape (examples, outputs).  A layer's output a^L under Nielsen's single-neuron
  ``\sum_x`` is per example too (it was one vector beside a per-example y).  Nielsen's eq. 26, ``\sum_x \|y(x) -
  a^L(x)\|^2``, read y(x) - a^L(x) as numbers (a noted absolute value): refused, one vector per example.
- A member beside its family when a capital makes the index letter a label (family-entry): Bishop's eq. 4.62,
  ``p(\mathcal{C}_k|\mathbf{x}) = \exp(a_k) / \sum_j \exp(a_j)``, read a_k as a fixed name, silently.
Each row: the formula as its source writes it, seeded inputs and plain numpy's value, the notes by rule.
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as, assert_refused_at

RNG = np.random.default_rng(1413)
Y = RNG.uniform(0.1, 0.9, size=(5, 3))  # desired outputs, one row per example
A = RNG.uniform(0.1, 0.9, size=(5, 3))  # the output layer's activations
y1, a1 = Y[:, 0], A[:, 0]
Z = RNG.normal(size=6)
XENT = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / 5
LAYER = "superscript-layer"
PER = "sum-per-example"

# (id, source, latex, inputs, numpy's value, notes by rule)
EVALUATED = [
    ("nielsen-eq63-cross-entropy", "Nielsen, ch. 3, eq. 63 (cross-entropy, many output neurons)",
     r"C = -\frac{1}{n} \sum_x \sum_j \left[y_j \ln a^L_j + (1-y_j) \ln (1-a^L_j) \right]",
     {"n": 5, "y": Y, "a^L": A}, XENT, [PER, LAYER, PER]),
    ("nielsen-quadratic-by-entries", "Nielsen, ch. 3 (the quadratic cost written by output entries)",
     r"C = \frac{1}{2n} \sum_x \sum_j (y_j-a^L_j)^2", {"n": 5, "y": Y, "a^L": A},
     np.sum((Y - A) ** 2) / 10, [PER, LAYER, PER]),
    ("nielsen-eq63-with-l2", "Nielsen, ch. 3, eq. 85 (eq. 63 plus the L2 term)",
     r"C = -\frac{1}{n} \sum_{x} \sum_j \left[ y_j \ln a^L_j+(1-y_j) \ln (1-a^L_j)\right] + \frac{\lambda}{2n} \sum_w w^2",
     {"n": 5, "y": Y, "a^L": A, r"\lambda": 0.1, "w": Z}, XENT + 0.1 / 10 * np.sum(Z ** 2),
     [PER, LAYER, PER, "sum-over-entries"]),
    ("murphy-nll-by-classes", "Murphy, PML 1, eq. 10.71 style (log loss summed over examples and classes)",
     r"L = -\sum_i \sum_c y_c \log p_c", {"y": Y, "p": A}, -np.sum(Y * np.log(A)), [PER, PER]),
    ("nielsen-single-neuron-layer", "Nielsen, ch. 3 (the single-neuron cross-entropy at the output layer a^L)",
     r"C = -\frac{1}{n} \sum_x \left[y \ln a^L + (1-y) \ln (1-a^L) \right]", {"n": 5, "y": y1, "a^L": a1},
     -np.sum(y1 * np.log(a1) + (1 - y1) * np.log(1 - a1)) / 5, [PER, LAYER, PER]),
    # -- must not change ------------------------------------------------------------------------------------------
    ("nielsen-eq57-single-neuron", "Nielsen, ch. 3, eq. 57 (one sigmoid neuron)",
     r"C = -\frac{1}{n}\sum_x \left[y \ln a + (1-y ) \ln (1-a) \right]", {"n": 5, "y": y1, "a": a1},
     -np.sum(y1 * np.log(a1) + (1 - y1) * np.log(1 - a1)) / 5, [PER, PER]),
    ("constant-greek-summand", "a Greek parameter under \\sum_x is no value per example (sum-constant kept)",
     r"C = \frac{1}{n} \sum_x \sum_j \lambda_j", {"n": 5, r"\lambda": Z, "N_x": 5}, np.sum(Z), ["sum-constant"]),
    ("bishop-eq4-62-softmax", "Bishop, eq. 4.62 (the normalized exponential)",
     r"p(\mathcal{C}_k|\mathbf{x}) = \frac{\exp(a_k)}{\sum_j \exp(a_j)}", {"a": Z, r"\mathbf{x}": np.ones((2, 1))},
     np.exp(Z) / np.exp(Z).sum(), ["family-entry"]),
    ("bishop-eq4-104-softmax", "Bishop, eq. 4.104 (y_k: member k on the left, kept)",
     r"y_k = \frac{\exp(a_k)}{\sum_j \exp(a_j)}", {"a": Z}, np.exp(Z) / np.exp(Z).sum(), []),
    ("cs231n-softmax-loss", "cs231n, linear classification (the softmax loss, label entry kept)",
     r"L_i = -\log\left(\frac{e^{f_{y_i}}}{\sum_j e^{f_j}}\right)", {"f": Z, "y_i": 3},
     -np.log(np.exp(Z[2]) / np.exp(Z).sum()), ["label-entry"]),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [c[2:] for c in EVALUATED],
                         ids=[c[0] for c in EVALUATED])
def test_sums_over_examples_and_members(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


# (id, source, latex, what the refusal says, the text it points at)
REFUSED = [
    # Nielsen ch. 2 eq. 26, \|y(x)-a^L(x)\|^2, reads since session 24 (call-example-member: test_read_s24_judge.py)
    ("nielsen-eq6-quadratic", "Nielsen, ch. 1, eq. 6 (kept: refused by function-vector-beside)",
     r"C(w,b) = \frac{1}{2n} \sum_x \| y(x) - a\|^2", "a vector-valued function", "y(x)"),
]


@pytest.mark.parametrize(("latex", "what", "text"), [c[2:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_refused(latex: str, what: str, text: str) -> None:
    assert_refused_at(latex, what, text)
