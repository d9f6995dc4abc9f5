"""Seal user text before it reaches TeX, Markdown or HTML.

Documents mix text symdl wrote with text a user wrote (titles, sources, prose, rules, labels,
names) and LaTeX that symdl printed from what it read.  Nothing a user wrote may reach TeX as TeX
or a browser as HTML:

* **math** goes through :func:`seal_math`: it is split by symdl's own reader (the lexer of
  :mod:`symdl.read.lexer`) and printed again token by token; a control word outside
  :data:`MATH_COMMANDS`, an environment outside :data:`MATH_ENVIRONMENTS`, TeX's ``^^``
  notation, unbalanced braces or a character the reader does not know make it *unsealable*
  (``None``), and the caller shows it as escaped text instead;
* **text** goes through :func:`tex_escape` (every TeX special character, including the
  backslash, becomes a harmless command) or :func:`md_text` (``<``, ``>``, ``&`` become
  entities; ``[``, ``]``, backticks, ``$``, ``|`` and backslashes are escaped);
* **prose** (text with ``$...$`` math) goes through :func:`tex_prose` / :func:`md_prose`;
* :func:`check_sealed` scans a finished LaTeX body and refuses any control word or
  environment outside the allow-lists (a last check that nothing slipped through).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from symdl.errors import InternalError, SymdlError

_GREEK = """alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa varkappa lambda mu nu xi
pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma
Upsilon Phi Psi Omega"""
_STRUCTURE = """frac dfrac tfrac sqrt binom left right middle big Big bigg Bigg bigl bigr Bigl Bigr biggl biggr
Biggl Biggr begin end underbrace overbrace underset overset stackrel substack limits nolimits displaystyle
textstyle scriptstyle quad qquad text textrm textit textbf textsf texttt mathrm mathit mathbf mathsf mathtt
mathcal mathfrak mathbb boldsymbol operatorname hat widehat bar overline underline tilde widetilde dot ddot dddot
check breve vec acute grave mathring"""
_SYMBOLS = """log ln exp sin cos tan cot sec csc sinh cosh tanh coth arcsin arccos arctan max min sup inf lim det
arg sum prod int partial nabla cdot cdotp cdots ldots dots dotsb dotsm dotsc dotso vdots ddots times ast star
circ odot otimes oplus div pm mp bullet setminus cup cap wedge vee neg lnot land lor le leq ge geq neq ne approx
sim simeq equiv propto to rightarrow leftarrow Rightarrow Leftarrow leftrightarrow Leftrightarrow
longrightarrow longleftarrow Longrightarrow Longleftarrow Longleftrightarrow mapsto gets in notin subset
subseteq supset supseteq mid parallel perp ll gg langle rangle lfloor rfloor lceil rceil vert Vert lvert rvert
lVert rVert infty ell hbar imath jmath emptyset varnothing forall exists prime top intercal dagger Re Im
textbackslash textless textgreater textbar"""
#: the control words math may use: what symdl's printers emit and the usual math of the reader
MATH_COMMANDS = frozenset(f"\\{w}" for w in f"{_GREEK} {_STRUCTURE} {_SYMBOLS}".split())
#: control symbols math may use (spacing, escaped specials, a row break)
MATH_SYMBOLS = frozenset({"\\,", "\\;", "\\:", "\\!", "\\ ", "\\{", "\\}", "\\|", "\\\\", "\\&", "\\%", "\\#",
                          "\\_", "\\^"})  # fmt: skip
#: environments math may open
MATH_ENVIRONMENTS = frozenset({"aligned", "gathered", "cases", "matrix", "pmatrix", "bmatrix", "Bmatrix",
                               "vmatrix", "Vmatrix", "smallmatrix", "array"})  # fmt: skip
#: what a document adds around sealed pieces (see :func:`check_sealed`)
DOCUMENT_COMMANDS = frozenset({"\\section", "\\subsection", "\\emph", "\\item", "\\includegraphics", "\\textwidth",
                               "\\toprule", "\\midrule", "\\bottomrule", "\\ensuremath", "\\title", "\\date",
                               "\\author", "\\maketitle", "\\ldots", "\\surd", "\\footnotesize",
                               "\\raggedright", "\\arraybackslash"})  # fmt: skip
DOCUMENT_ENVIRONMENTS = frozenset({"document", "center", "enumerate", "itemize", "tabular", "tabularx", "gather*"})

_TEX_ESCAPES = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}",
                "^": r"\^{}", "~": r"\~{}", "$": r"\$", "<": r"\textless{}", ">": r"\textgreater{}",
                "|": r"\textbar{}"}  # fmt: skip
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_MATH = re.compile(r"(\$\$[^$]+\$\$|\$[^$]+\$)")


def tex_escape(text: str) -> str:
    """Text for LaTeX: every special character (backslash included) made harmless; control characters → space."""
    return "".join(_TEX_ESCAPES.get(c, c) for c in _CONTROL.sub(" ", text))


def _env_name(tokens: list, k: int) -> str | None:
    """The name in ``{...}`` after ``\\begin``/``\\end`` at token ``k``, or None when it is not a plain name."""
    if k + 1 >= len(tokens) or tokens[k + 1].kind != "lbrace":
        return None
    name = ""
    for t in tokens[k + 2 :]:
        if t.kind == "rbrace":
            return name
        if t.kind != "letter" and not t.is_op("*"):
            return None
        name += t.text
    return None


def seal_math(latex: str) -> str | None:
    """LaTeX math re-printed from symdl's reader's tokens, or None when any token is not known to be harmless."""
    from symdl.read.lexer import tokenize

    try:
        tokens = tokenize(latex)
    except SymdlError:
        return None
    out: list[str] = []
    depth = 0
    for k, t in enumerate(tokens):
        if t.kind == "cmd":
            word = t.text[1:].isalpha()
            if t.text not in (MATH_COMMANDS if word else MATH_SYMBOLS):
                return None
            if t.text in ("\\begin", "\\end") and _env_name(tokens, k) not in MATH_ENVIRONMENTS:
                return None
            follows = tokens[k + 1] if k + 1 < len(tokens) else None
            out.append(t.text + (" " if word and follows is not None and follows.kind == "letter" else ""))
        elif t.kind in ("space", "newline"):
            out.append(" ")
        else:
            depth += {"lbrace": 1, "rbrace": -1}.get(t.kind, 0)
            if depth < 0:
                return None
            out.append(t.text)
    text = "".join(out).strip()
    if depth != 0 or "^^" in text.replace(" ", "") or text.endswith(("^", "_", "\\")):
        return None
    return text or None


def tex_math(latex: str) -> str:
    """Sealed math for a math position, or its source as escaped typewriter text (in ``\\text``)."""
    sealed = seal_math(latex)
    return sealed if sealed is not None else rf"\text{{\texttt{{{tex_escape(latex)}}}}}"


#: a code span of prose, `sigmoid` (a concept's id, a command): \texttt in LaTeX, a code span in Markdown
_CODE = re.compile(r"`([^`\n]+)`")


def _code_spans(text: str, code: Callable[[str], str], plain: Callable[[str], str]) -> str:
    """The `...` spans of ``text`` through ``code``, the rest through ``plain``."""
    parts = _CODE.split(text)  # even: prose, odd: a span's content
    return "".join(code(p) if k % 2 else plain(p) for k, p in enumerate(parts))


def _tex_text_piece(text: str) -> str:
    return _code_spans(text, lambda c: rf"\texttt{{{tex_escape(c)}}}", _tex_plain_piece)


def _tex_plain_piece(text: str) -> str:
    esc = tex_escape(text)
    esc = re.sub(r'"([^"]*)"', r"``\1''", esc)
    return re.sub(r"\*([^*]+)\*", r"\\emph{\1}", esc)


def _prose(
    text: str, math: Callable[[str], str | None], plain: Callable[[str], str], display: str = "$${}$$"
) -> str:
    """``$...$`` pieces through ``math`` (None: it does not seal, shown as text), the rest through ``plain``;
    ``$$...$$`` pieces are display math, sealed the same way and put in ``display``."""
    out = []
    for p in _MATH.split(text):
        shown = p.startswith("$$") and p.endswith("$$") and len(p) > 4
        inner = p[2:-2] if shown else p[1:-1] if len(p) > 1 and p.startswith("$") and p.endswith("$") else None
        sealed = math(inner) if inner is not None else None
        if sealed is None:
            out.append(plain(p))
        else:
            out.append(display.format(sealed) if shown else f"${sealed}$")
    return "".join(out)


def tex_prose(text: str) -> str:
    """Prose for LaTeX: ``$...$`` math sealed (or escaped as text), the rest escaped, ``*x*`` → ``\\emph{x}``."""
    return _prose(text, seal_math, _tex_text_piece, r"\begin{{gather*}} {} \end{{gather*}}")


_CS = re.compile(r"\\([A-Za-z]+|.)")
_ENV = re.compile(r"\\(?:begin|end)\s*\{([^{}]*)\}")


def check_sealed(body: str) -> str:
    """``body`` unchanged when every control word and environment in it is allow-listed, and no ``^^`` occurs.

    Raises:
        InternalError: something outside the allow-lists (a bug in symdl: a piece was not sealed).
    """
    bad = {m[0] for m in _CS.finditer(body)} - MATH_COMMANDS - MATH_SYMBOLS - DOCUMENT_COMMANDS - {"\\~", "\\$"}
    envs = set(_ENV.findall(body)) - MATH_ENVIRONMENTS - DOCUMENT_ENVIRONMENTS
    if bad or envs or "^^" in body or _CONTROL.search(body.replace("\n", " ")):
        what = ", ".join(sorted(bad | envs)) or "^^"
        raise InternalError(f"a document piece was not sealed: {what}", hint="please report this as a bug")
    return body


# ---------------------------------------------------------------- Markdown and HTML
_MD_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "[": "\\[", "]": "\\]", "`": "\\`", "$": "\\$", "|": "\\|",
               "\\": "\\\\"}  # fmt: skip
_HTML_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def md_text(text: str) -> str:
    """Text for Markdown: no tag, entity, link, code span or math can start in it (``*emphasis*`` stays)."""
    return "".join(_MD_ESCAPES.get(c, c) for c in _CONTROL.sub(" ", text))


def md_math(latex: str) -> str | None:
    """Sealed math for inside ``$...$``, with ``<``, ``>``, ``&`` as entities (KaTeX/MathJax read the text), or None."""
    sealed = seal_math(latex)
    if sealed is None:
        return None
    # outside a notebook a Markdown renderer may not protect math: "](" must not start a link (TeX ignores the space)
    return "".join(_HTML_ESCAPES.get(c, c) for c in sealed).replace("](", "] (")


def md_formula(latex: str, *, display: bool = False) -> str:
    """``$math$`` (``$$ math $$`` when ``display``) sealed, or the source as a code span when it does not seal."""
    math = md_math(latex)
    if math is None:
        return md_code(latex)
    return f"$$ {math} $$" if display else f"${math}$"


def md_prose(text: str) -> str:
    """Prose for Markdown: ``$...$`` math sealed (or escaped as text), `code` spans kept, the rest through
    :func:`md_text`."""
    return _prose(text, md_math, lambda piece: _code_spans(piece, _md_identifier, md_text), "$$ {} $$")


def _md_identifier(text: str) -> str:
    """A code span for an identifier (``sigmoid``, ``batch_norm``); anything else as escaped text, so no tag can
    reach a renderer that reads HTML inside code spans."""
    return md_code(text) if re.fullmatch(r"[\w.+-]+", text) else md_text(f"`{text}`")


def md_code(text: str) -> str:
    """A code span (its content is shown literally; backticks inside are replaced)."""
    return "`" + _CONTROL.sub(" ", text).replace("`", "'") + "`"


def safe_file_name(name: str) -> str:
    """A file name made of ``[A-Za-z0-9._-]`` only (other characters → ``_``), never starting with a dot."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", name).lstrip(".") or "file"
