"""What the reader says about a command it does not read: the hint of each command it refuses on purpose
(:data:`UNKNOWN_HINTS`, refused as not supported), else the closest command it knows (a typo, invalid input)."""

from __future__ import annotations

import difflib

from symdl.errors import InvalidInput, NotSupported, SymdlError
from symdl.functions import KNOWN_FUNCTIONS
from symdl.read.commands import ACCENTS, BOLD, CALLIGRAPHIC, GREEK, GREEK_CONSTANTS, NAME_WRAPPERS

#: commands refused on purpose, with how to write them otherwise
UNKNOWN_HINTS = {
    **{rel: "inequalities are read only as conditions inside \\begin{cases} and under a sum (\\sum_{j \\neq y_i}); "
        "a probability P(X \\le x) is not read: write its value, e.g. \\Phi(x)"
       for rel in ("\\le", "\\leq", "\\ge", "\\geq", "\\leqslant", "\\geqslant", "\\ne", "\\neq")},
    "\\sim": "a sampling statement (x \\sim p) is not a formula symdl reads; write the density p(x)",
    "\\star": "convolution and cross-correlation (\\star, *) are not read yet; write the sum over the kernel",
    "\\circledast": "convolution is not read yet; write the sum over the kernel",
    "\\oplus": "write a concatenation as [a; b]",
    "\\propto": "proportionality is not read; write the normalised expression",
    "\\arg": "\\arg reads as \\arg\\max_k or \\arg\\min_k over an index that subscripts the body: \\arg\\max_k p_k",
    **{integral: "integrals are not part of symdl's notation yet"
       for integral in ("\\int", "\\iint", "\\iiint", "\\oint", "\\idotsint")},
    "\\vdots": "vertical dots are read between the first and the last entry of a one-column matrix",
    "\\in": "a shape declaration (x \\in \\mathbb{R}^n) must be a statement of its own",
    "\\leftarrow": "an update arrow must separate the two sides of a statement",
    "\\\\": "statements are separated at the top level only",
    **{op: "set notation is not read: write the size of a set as a number of its own (n_{A \\cap B}), or a "
           "sum over the members, \\sum_{i \\in \\mathcal{B}} x_i"
       for op in ("\\cap", "\\cup", "\\setminus", "\\subset", "\\subseteq", "\\supset", "\\supseteq",
                  "\\notin", "\\emptyset", "\\varnothing", "\\exists", "\\bigcup", "\\bigcap")},
}

#: commands refused on purpose whose construct has a name: the message names it (Dice's |X \cap Y|)
REFUSED_CONSTRUCTS = {
    "\\cap": "the intersection of sets",
    "\\cup": "the union of sets",
    "\\bigcap": "the intersection of sets",
    "\\bigcup": "the union of sets",
    "\\setminus": "the difference of sets",
    "\\subset": "a subset relation",
    "\\subseteq": "a subset relation",
    "\\supset": "a superset relation",
    "\\supseteq": "a superset relation",
    "\\notin": "a membership condition (x \\notin A)",
    "\\emptyset": "the empty set",
    "\\varnothing": "the empty set",
    "\\exists": "a quantifier (there exists)",
    "\\star": "a convolution or cross-correlation",
}


def unknown_command(command: str) -> tuple[type[SymdlError], str, str]:
    """The error class, message and hint for a command the reader does not read: one refused on purpose is not
    supported (its construct named where it has a name, Dice's ``|X \\cap Y|``); any other is invalid, with the
    closest known command as the hint."""
    hint = UNKNOWN_HINTS.get(command) or did_you_mean(command)
    if command in REFUSED_CONSTRUCTS:
        return NotSupported, f"{REFUSED_CONSTRUCTS[command]} ({command})", hint
    cls = NotSupported if command in UNKNOWN_HINTS else InvalidInput
    return cls, f"unknown or unsupported command {command}", hint


def known_commands() -> set[str]:
    """Every command the reader knows, with its backslash."""
    names = GREEK | ACCENTS.keys() | BOLD | CALLIGRAPHIC | NAME_WRAPPERS | GREEK_CONSTANTS
    from symdl.read.constructs import COMMANDS
    from symdl.read.expr import FUNCTION_CMDS, HADAMARD, SPACING, TIMES

    commands = {*SPACING, *TIMES, "\\div", *HADAMARD, *FUNCTION_CMDS, *COMMANDS, "\\infty"}
    return commands | {f"\\{n}" for n in names}


def did_you_mean(command: str) -> str:
    """A hint for an unknown command: the closest known command (``\\tahn`` → ``\\tanh``: a swap of two
    letters first, then the most similar spelling), or a function symdl knows by name written the way it
    reads it (``\\softmax`` → ``\\operatorname{softmax}``)."""
    from symdl.read.expr import FUNCTION_CMDS

    name = command[1:]
    spelled = {f"\\operatorname{{{f}}}": f for f in KNOWN_FUNCTIONS if f"\\{f}" not in FUNCTION_CMDS}
    if name.lower() in KNOWN_FUNCTIONS and f"\\{name.lower()}" not in FUNCTION_CMDS:
        return f"did you mean \\operatorname{{{name}}}? symdl knows {name} as a function by that spelling"
    candidates = sorted(known_commands()) + sorted(spelled)
    swapped = [c for c in candidates if sorted(spelled.get(c, c[1:])) == sorted(name) and len(c) > 2]
    if swapped:
        return f"did you mean {swapped[0]}?"
    scored = [(difflib.SequenceMatcher(None, name, spelled.get(c, c[1:])).ratio(), c) for c in candidates]
    score, best = max(scored, default=(0.0, ""))
    if score >= 0.75:
        return f"did you mean {best}?"
    return "check the spelling; symdl knows the usual math commands"
