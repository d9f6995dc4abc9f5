"""The field's acronyms and short words written as plain letters: ``KL_{loss}``, ``MSE = \\frac1n \\sum ...``,
``FL = -\\alpha (1 - p_t)^\\gamma \\log p_t``, ``IoU``, Vaswani et al.'s ``pos``, Rumelhart et al.'s ``net_{pj}``.

TeX sets a run of letters as a product, and two or three capitals side by side can be a product of matrices
(``AB``, ``QK^T``).  But the deep-learning field's own acronyms, the losses, divergences, metrics and layers its
texts name (:data:`FIELD_ACRONYMS`), are one name wherever they stand as a quantity: alone as an operand, left of
``=``, or with a subscript (``KL_{loss}``; before their parenthesis they are calls, ``KL(p, q)``, as before); and
three-letter lower-case words that code and papers use as names (:data:`FIELD_WORDS`: ``pos``, ``dim``, ``net``)
are one name wherever they are written.  Each noted ``field-acronym`` / ``field-word``; a run whose letters are
declared matrices (``--shape``) stays their product (``letters-product``), and a run that is not in these lists
keeps its reading (a product, noted).
"""

from __future__ import annotations

import re

from symdl.read.lexer import Token
from symdl.read.syntax import Node, is_group

#: the field's acronyms of two or three letters (longer runs are words already): divergences, losses, metrics,
#: layers and activations, as papers, the PyTorch docs and course notes write them in formulas
FIELD_ACRONYMS = frozenset(
    {
        "KL",
        "JS",
        "JSD",
        "KLD",
        "TV",  # divergences
        "MSE",
        "MAE",
        "SSE",
        "BCE",
        "CE",
        "NLL",
        "FL",
        "GDL",
        "CTC",
        "NCE",  # losses
        "IoU",
        "AUC",
        "ROC",
        "FID",
        "SNR",
        "MAP",
        "PPL",
        "MCC",  # Matthews' correlation (scikit-learn's matthews_corrcoef)
        "TP",
        "TN",
        "FP",
        "FN",  # metrics, and a confusion matrix's counts
        "GAN",
        "VAE",
        "MLP",
        "FFN",
        "CNN",
        "RNN",
        "PE",
        "LN",
        "BN",
        "GN",
        "ELU",
        "RMS",
        "EMA",
        "GAE",
        "TD",  # models
    }
)

#: lower-case words of three letters (and lr, the learning rate, and tp, tn, fp, fn, the counts) that code and papers
#: write as names (Vaswani et
#: al.'s pos, Rumelhart et al.'s net_{pj}, a tensor's dim), never a product of their letters
FIELD_WORDS = frozenset(
    {
        "pos",
        "dim",
        "net",
        "out",
        "idx",
        "emb",
        "seq",
        "len",
        "tmp",
        "att",
        "enc",
        "dec",
        "ctx",
        "hid",
        "rel",  # a ranking metric's relevance, DCG's 2^{rel_i} - 1
        "img",
        "obs",
        "rew",
        "src",
        "tgt",
        "cls",
        "neg",
        "aux",
        "acc",
        "avg",
        "err",
        "inp",
        "eps",  # code's epsilon: PyTorch's eps=1e-8, a finite difference's (f(b + eps) - f(b)) / eps
        "lr",  # the learning rate: the PyTorch docs' ExponentialLR, lr_{epoch} = lr_{initial} * \gamma^{epoch}
        "tp",
        "tn",
        "fp",
        "fn",  # a confusion matrix's counts, as scikit-learn's docs write MCC = (tp \times tn - fp \times fn) / ...
    }
)


def partial_word(source: str, run: str) -> bool:
    """Is the run of three lower-case letters written right after ``\\partial`` somewhere in ``source`` (Mazur's
    step-by-step backprop, ``\\frac{\\partial out_{o1}}{\\partial net_{o1}}``)?  A derivative by a product of
    letters is no one's notation (a mixed derivative writes each: ``\\partial x \\partial y``), so the run is one
    name there and wherever else the formula writes it (``partial-word``)."""
    if not (len(run) == 3 and run.isascii() and run.isalpha() and run.islower()):
        return False
    return re.search(r"\\partial\s*" + run + r"(?![A-Za-z])", source) is not None


#: two-letter words that are one name when a subscript touches them (Russell & Norvig's in_j, a unit's weighted
#: input; Fausett's z_in_j): written alone, ``in`` stays i·n
SUBSCRIPTED_WORDS = frozenset({"in"})


def field_name(nodes: list[Node], i: int, j: int, run: str, source: str = "") -> str:
    """The rule (``field-acronym``, ``field-word``, ``partial-word``) that reads the run of letters ``nodes[i:j]`` as
    one name, or ''.  An acronym right before a parenthesis or bracket is left to the calls' rules (``KL(p, q)``)."""
    nxt = j
    while nxt < len(nodes) and isinstance(nodes[nxt], Token) and nodes[nxt].kind == "space":  # type: ignore[union-attr]
        nxt += 1
    called = nxt < len(nodes) and is_group(nodes[nxt], "paren", "bracket")
    if run in FIELD_ACRONYMS and not called:
        return "field-acronym"
    if run in FIELD_WORDS and not called:
        return "field-word"
    if run in SUBSCRIPTED_WORDS and j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].is_op("_") \
            and nodes[j].span.start == nodes[j - 1].span.end:  # AIMA's g_5'(in_5): unit 5's weighted input
        return "field-word"
    if partial_word(source, run) and not called:
        return "partial-word"
    if _scripted_call(nodes, j, run):
        return "acronym-call"
    return ""


def _scripted_call(nodes: list[Node], j: int, run: str) -> bool:
    """Capitals side by side, then a subscript, then a parenthesis: a network's name applied (Goldberg's
    ``NN_{MLP1}(\\mathbf{x})``, ``RNN_\\theta(\\cdot)``), never the product N·N of a function N_{MLP1}."""
    if not (2 <= len(run) <= 5 and run.isascii() and run.isalpha() and run.isupper()):
        return False
    if not (j + 2 < len(nodes) and isinstance(nodes[j], Token) and nodes[j].is_op("_")):
        return False
    k = j + 2
    while k < len(nodes) and isinstance(nodes[k], Token) and nodes[k].kind == "space":
        k += 1
    return k < len(nodes) and is_group(nodes[k], "paren")
