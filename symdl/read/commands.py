"""The commands a name is made of: Greek letters, accents, bold and calligraphic fonts, and the wrappers whose
braced argument is a name (``\\text{MSE}``); read by :mod:`symdl.read.atoms`."""

from __future__ import annotations

GREEK = {
    "alpha",
    "beta",
    "gamma",
    "delta",
    "epsilon",
    "varepsilon",
    "zeta",
    "eta",
    "theta",
    "vartheta",
    "iota",
    "kappa",
    "lambda",
    "mu",
    "nu",
    "xi",
    "rho",
    "varrho",
    "sigma",
    "varsigma",
    "tau",
    "upsilon",
    "phi",
    "varphi",
    "chi",
    "psi",
    "omega",
    "pi",
    "Gamma",
    "Delta",
    "Theta",
    "Lambda",
    "Xi",
    "Sigma",
    "Pi",
    "Upsilon",
    "Phi",
    "Psi",
    "Omega",
    "ell",
}
#: Greek letters that mean a constant, not a symbol.
GREEK_CONSTANTS = {"pi"}

#: accent command → decoration name (SymPy's modifier spelling)
ACCENTS = {
    "hat": "hat",
    "widehat": "hat",
    "bar": "bar",
    "overline": "bar",
    "tilde": "tilde",
    "widetilde": "tilde",
    "dot": "dot",
    "ddot": "ddot",
    "check": "check",
    "breve": "breve",
    "mathring": "mathring",  # Watt et al.'s \mathring{\mathbf{x}}, the input with a 1 put first: a name of its own
    "acute": "acute",
    "grave": "grave",
    "overrightarrow": "overrightarrow",  # d2l's forward and backward states of a bidirectional RNN: two names
    "overleftarrow": "overleftarrow",
    "underline": "underline",  # DoRA's \underline{m}, its magnitude vector: a name of its own, as \bar{m} is
}
BOLD = {"mathbf", "boldsymbol", "bm", "vec", "mathbold", "pmb", "bf", "mathbfit", "textbf"}
CALLIGRAPHIC = {"mathcal", "mathscr", "mathfrak", "cal"}  # \cal{N} as older notes write \mathcal{N}
#: commands whose braced argument is a name (``\text{MSE}``)
NAME_WRAPPERS = {
    "text",
    "textrm",
    "textit",
    "mathrm",
    "mathit",
    "operatorname",
    "mathsf",
    "textsf",
    "rm",
    "mathop",
    "mbox",
    "textnormal",
    "textup",
    "mathnormal",
    "texttt",  # typewriter type, code's names: SimSiam's \texttt{stopgrad}, its old spelling \tt{stopgrad}
    "mathtt",
    "tt",
}
#: sans-serif fonts, d2l's font for tensors: a single letter in them is an array (never a number)
SANS = {"mathsf", "textsf"}
#: the fonts an upright transpose mark is set in (Bishop's ``^{\\mathrm{T}}``, Barber's ``^{\\textsf{T}}``)
TRANSPOSE_FONTS = ("mathrm", "rm", "textrm", "mathsf", "sf", "textsf", "text", "textup", "mathup", "textnormal",
                   "operatorname")
#: the upright fonts a superscript word is set in, longest first: matched with its braces dropped
#: (``\\textrm{old}`` is ``\\textrmold``), ``textrm`` must be tried before ``text``
WORD_FONTS = "|".join(sorted(("texttt", "mathtt", "text", "textrm", "mathrm", "mathit", "operatorname", "mathsf", "rm",
                              "textsf", "textup", "mathup", "textnormal"), key=len, reverse=True))
#: operator words that are not functions of a value: read over an index by ``calculus.arg_operator`` (``\\arg\\max_k``),
#: refused rather than read as a product anywhere else
ARG_OPERATORS = {"argmax", "argmin"}
