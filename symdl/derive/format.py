"""Load and validate a derivation file (the format is documented in ``derivations/README.md``).

The format is line oriented:

* ``# ...`` lines are comments;
* header lines ``title: ...`` (required, once), ``sources: ...`` (repeatable), ``tags: ...``;
* a statement starts at column 0 with ``KIND NAME: TEXT`` where KIND is one of
  :data:`SCHEMA`; indented ``key: value`` lines below it are its fields (the keys each
  kind accepts are in :data:`SCHEMA`), other indented lines continue its TEXT;
* every other non-blank line is prose; blank lines separate prose paragraphs.

Every problem is a :class:`~symdl.derive.model.DerivationError` with the file, line,
column, a caret under the offending text and a hint.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from symdl.derive.model import Block, DerivationError, DerivationFile, Field, Prose
from symdl.errors import Span


@dataclass(frozen=True)
class KindSchema:
    """What a statement kind accepts: required and optional field keys, and what its TEXT is."""

    required: frozenset[str]
    optional: frozenset[str]
    text: str  # "latex", "names" (comma-separated statement names) or "plot" (a plot kind)


SCHEMA: dict[str, KindSchema] = {
    "define": KindSchema(frozenset(), frozenset({"concept", "shape", "note"}), "latex"),
    "claim": KindSchema(frozenset(), frozenset({"rule", "shape", "note", "concept"}), "latex"),
    "gradient": KindSchema(frozenset({"of", "wrt"}), frozenset({"rule", "shape", "note"}), "latex"),
    "backprop": KindSchema(frozenset({"forward"}), frozenset({"convention", "note"}), "latex"),
    "compare": KindSchema(frozenset(), frozenset({"concept", "note"}), "names"),
    "plot": KindSchema(frozenset(), frozenset({"of", "note"}), "plot"),
}
HEADER = {"title": "once", "sources": "many", "tags": "once"}
PLOTS = ("activation", "optimizers", "ema")
CONVENTIONS = ("ng", "exact")
#: an indented ``key:`` line with a key this long is a field even when it is not a known one (then an error)
MIN_FIELD_KEY = 2

_NAME = r"[A-Za-z][A-Za-z0-9_'\-]*"
_STATEMENT = re.compile(rf"^(?P<kind>[a-z]+)\s+(?P<name>{_NAME})\s*:(?P<text>.*)$")
_HEADER = re.compile(r"^(?P<key>[a-z]+)\s*:(?P<value>.*)$")
_FIELD = re.compile(r"^(?P<indent>\s+)(?P<key>[a-z]+)\s*:(?P<value>.*)$")


class _Loader:
    def __init__(self, text: str, path: str) -> None:
        self.text, self.path = text, path
        self.title = ""
        self.sources: list[str] = []
        self.tags: tuple[str, ...] = ()
        self.body: list[Prose | Block] = []
        self.prose: list[tuple[str, int, int]] = []
        self.current: dict | None = None
        self.seen_title = self.seen_tags = False

    def error(self, message: str, start: int, end: int, hint: str = "") -> DerivationError:
        return DerivationError(message, path=self.path, source=self.text, span=Span(start, end), hint=hint)

    def run(self) -> None:
        offset = 0
        for line in self.text.splitlines(keepends=True):
            self.line(line.rstrip("\r\n"), offset)
            offset += len(line)
        self.flush_prose()
        self.flush_block()
        if not self.seen_title:
            raise self.error("the file has no title", 0, 0, hint="start the file with a line 'title: ...'")
        if not any(isinstance(b, Block) for b in self.body):
            raise self.error("the file has no statements", 0, 0, hint="add e.g. 'define NAME: LATEX'")

    def line(self, line: str, at: int) -> None:
        stripped = line.strip()
        if stripped.startswith("#"):
            return
        if not stripped:
            self.flush_prose()
            if self.current is not None:
                self.flush_block()
            return
        if line[0].isspace() and self.current is not None:
            self.field_or_continuation(line, at)
            return
        if line[0].isspace():
            self.prose.append((stripped, at + len(line) - len(line.lstrip()), at + len(line)))
            return
        self.flush_block()
        m = _STATEMENT.match(line)
        if m and m["kind"] in SCHEMA:
            self.flush_prose()
            self.start_block(m, at)
            return
        h = _HEADER.match(line)
        if h:
            self.flush_prose()
            self.header(h, at)
            return
        if m and difflib.get_close_matches(m["kind"], SCHEMA, n=1, cutoff=0.75):
            guess = difflib.get_close_matches(m["kind"], SCHEMA, n=1, cutoff=0.75)[0]
            raise self.error(f"unknown statement kind '{m['kind']}'", at, at + len(m["kind"]),
                             hint=f"did you mean '{guess}'? kinds: {', '.join(SCHEMA)}")  # fmt: skip
        self.prose.append((stripped, at, at + len(line)))

    def header(self, h: re.Match, at: int) -> None:
        key, value = h["key"], h["value"].strip()
        if key not in HEADER:
            close = difflib.get_close_matches(key, [*HEADER, *SCHEMA], n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"header keys: {', '.join(HEADER)}"
            if key in SCHEMA:
                hint = f"a statement needs a name: '{key} NAME: ...'"
            raise self.error(f"unknown key '{key}'", at, at + len(key), hint=hint)
        if not value:
            raise self.error(f"'{key}:' has no value", at, at + len(h[0]), hint=f"write '{key}: ...'")
        if self.body and key != "sources":
            raise self.error(f"'{key}:' must come before the first statement", at, at + len(key),
                             hint="move it to the top of the file")  # fmt: skip
        if key == "title":
            if self.seen_title:
                raise self.error("a second title", at, at + len(key), hint="a derivation has one 'title:' line")
            self.title, self.seen_title = value, True
        elif key == "sources":
            self.sources.append(value)
        else:
            if self.seen_tags:
                raise self.error("a second 'tags:' line", at, at + len(key), hint="list all tags on one line")
            self.tags, self.seen_tags = tuple(t.strip() for t in value.split(",") if t.strip()), True

    def start_block(self, m: re.Match, at: int) -> None:
        names = {b.name for b in self.body if isinstance(b, Block)}
        nstart, nend = at + m.start("name"), at + m.end("name")
        if m["name"] in names:
            raise self.error(f"a second statement named '{m['name']}'", nstart, nend,
                             hint="statement names must be unique within a file")  # fmt: skip
        raw = m["text"]
        tstart = at + m.start("text") + (len(raw) - len(raw.lstrip()))
        self.current = {
            "kind": m["kind"], "name": m["name"], "text": raw.strip(), "span": Span(at, at + len(m[0])),
            "name_span": Span(nstart, nend), "pieces": [(0, tstart)], "fields": {},
        }  # fmt: skip

    def field_or_continuation(self, line: str, at: int) -> None:
        cur = self.current
        assert cur is not None
        schema = SCHEMA[cur["kind"]]
        f = _FIELD.match(line)
        allowed = schema.required | schema.optional
        # an indented `word:` line is always a field (LaTeX never starts a line with a word and a colon)
        if f and (f["key"] in allowed or len(f["key"]) >= MIN_FIELD_KEY or not cur["text"] or cur["fields"]):
            key, kstart = f["key"], at + f.start("key")
            if key not in allowed:
                close = difflib.get_close_matches(key, sorted(allowed), n=1)
                takes = ", ".join(sorted(allowed))
                hint = (f"did you mean '{close[0]}'? " if close else "") + f"'{cur['kind']}' takes: {takes}"
                raise self.error(f"'{cur['kind']}' has no field '{key}'", kstart, kstart + len(key), hint=hint)
            if key in cur["fields"]:
                raise self.error(f"a second '{key}:' field", kstart, kstart + len(key), hint="give each field once")
            value = f["value"].strip()
            vstart = at + f.start("value") + (len(f["value"]) - len(f["value"].lstrip()))
            cur["fields"][key] = Field(key, value, Span(vstart, vstart + len(value)))
            return
        if cur["fields"]:
            start = at + len(line) - len(line.lstrip())
            raise self.error("statement text after its fields", start, at + len(line),
                             hint="put continuation lines of the LaTeX before the 'key: value' fields")  # fmt: skip
        piece = line.strip()
        start = at + len(line) - len(line.lstrip())
        joined = cur["text"] + (" " if cur["text"] else "")
        cur["pieces"].append((len(joined), start))
        cur["text"] = joined + piece

    def flush_prose(self) -> None:
        if self.prose:
            text = " ".join(p for p, _, _ in self.prose)
            self.body.append(Prose(text, Span(self.prose[0][1], self.prose[-1][2])))
            self.prose = []

    def flush_block(self) -> None:
        cur, self.current = self.current, None
        if cur is None:
            return
        schema = SCHEMA[cur["kind"]]
        line_span = cur["span"]
        if not cur["text"]:
            raise self.error(f"'{cur['kind']} {cur['name']}' has no text", line_span.start, line_span.end,
                             hint=f"write '{cur['kind']} {cur['name']}: ...'")  # fmt: skip
        missing = sorted(schema.required - set(cur["fields"]))
        if missing:
            raise self.error(f"'{cur['kind']} {cur['name']}' needs the field '{missing[0]}'",
                             cur["name_span"].start, cur["name_span"].end,
                             hint=f"add an indented line '    {missing[0]}: ...' below it")  # fmt: skip
        self.body.append(Block(cur["kind"], cur["name"], cur["text"], line_span, cur["name_span"],
                               tuple(cur["pieces"]), dict(cur["fields"])))  # fmt: skip


def _cross_check(loader: _Loader, d: DerivationFile) -> None:
    """References between statements: names exist earlier, plot kinds and conventions are known."""
    earlier: dict[str, Block] = {}

    def ref(name: str, span: Span, what: str, kinds: tuple[str, ...] = ("define",)) -> None:
        b = earlier.get(name)
        if b is None or b.kind not in kinds:
            close = difflib.get_close_matches(name, [n for n, x in earlier.items() if x.kind in kinds], n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"{what} must name an earlier {' or '.join(kinds)}"
            raise loader.error(f"no earlier {'/'.join(kinds)} called '{name}'", span.start, span.end, hint=hint)

    for b in d.blocks:
        if b.kind == "gradient" and re.fullmatch(_NAME, b.get("of")):
            f = b.fields["of"]
            if f.value in earlier:
                ref(f.value, f.span, "'of:'", ("define", "claim"))
        if b.kind == "backprop":
            f = b.fields["forward"]
            ref(f.value, f.span, "'forward:'")
            conv = b.fields.get("convention")
            if conv is not None and conv.value not in CONVENTIONS:
                raise loader.error(f"unknown convention '{conv.value}'", conv.span.start, conv.span.end,
                                   hint=f"one of: {', '.join(CONVENTIONS)}")  # fmt: skip
        if b.kind == "compare":
            names = [n.strip() for n in b.text.split(",")]
            if len(names) != 2:
                start = b.file_offset(0)
                raise loader.error("compare takes two statement names", start, start + len(b.text),
                                   hint="write 'compare NAME: first, second'")  # fmt: skip
            pos = 0
            for n in names:
                pos = b.text.index(n, pos)
                start = b.file_offset(pos)
                ref(n, Span(start, start + len(n)), "compare")
        if b.kind == "plot":
            kind = b.text.split()[0]
            if kind not in PLOTS:
                start = b.file_offset(0)
                raise loader.error(f"unknown plot '{kind}'", start, start + len(kind),
                                   hint=f"one of: {', '.join(PLOTS)}")  # fmt: skip
            if kind == "activation":
                f = b.fields.get("of")
                if f is None:
                    raise loader.error("an activation plot needs 'of: NAME'", b.name_span.start, b.name_span.end,
                                       hint="add '    of: NAME' naming the activation's define")  # fmt: skip
                ref(f.value, f.span, "'of:'")
        earlier[b.name] = b


def loads(text: str, *, path: str = "<string>", name: str | None = None) -> DerivationFile:
    """Parse and validate derivation text.

    Args:
        text: the file's content.
        path: shown in error messages.
        name: the derivation's name (default: the stem of ``path``).

    Raises:
        DerivationError: with file, line, column, caret and hint.
    """
    loader = _Loader(text, path)
    loader.run()
    d = DerivationFile(name or Path(path).stem, path, text, loader.title, tuple(loader.sources), loader.tags,
                       tuple(loader.body))  # fmt: skip
    _cross_check(loader, d)
    return d


def load(path: str | Path) -> DerivationFile:
    """Read and validate one derivation file."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DerivationError(f"cannot read the file: {exc}", path=str(p), source="", span=Span(0, 0),
                              hint="give the path of a UTF-8 text file") from None  # fmt: skip
    return loads(text, path=str(p))
