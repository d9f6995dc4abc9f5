"""``symdl derive NAME|FILE [--format md|tex|pdf] [-o OUT]`` and ``symdl list``."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from symdl.cli import EXIT, VERDICT_EXIT
from symdl.cli.common import add_budgets, add_functions
from symdl.cli.output import check_output, copy_bytes_to_stdout, is_stdout, unwritable, write_text
from symdl.config import Config

if TYPE_CHECKING:
    from symdl.derive import Report


def _progress(done: int, total: int, name: str) -> None:
    """``verifying [3/9] name`` on stderr: one updating line on a terminal, one line per step otherwise."""
    if sys.stderr.isatty():
        print(f"\rverifying [{done}/{total}] {name:<40}", end="" if done < total else "\n", file=sys.stderr, flush=True)
    else:
        print(f"verifying [{done}/{total}] {name}", file=sys.stderr, flush=True)


#: how the CLI names each PDF path
PDF_PATHS = {"tex": "the TeX engine (latexmk/pdflatex)", "embedded": "the embedded renderer (matplotlib mathtext)"}


def run_derive(args: argparse.Namespace, config: Config) -> int:
    """Verify a derivation (progress on stderr) and write it as Markdown, LaTeX or PDF (``-o -``: stdout)."""
    from symdl.derive import check_file

    output: str | None = args.output
    if output is not None and not is_stdout(output):
        check_output(output)  # refuse a missing folder before the verification runs
    report = check_file(args.derivation, config=config, progress=None if args.quiet else _progress)
    if args.format == "json":
        from symdl.render import jsonout

        write_text(output or "-", jsonout.dump("derive", jsonout.derivation(report)))
        if output is not None and not is_stdout(output):
            print(f"wrote {output} ({report.verdict})", file=sys.stderr)
    elif args.format == "pdf":
        _write_pdf(report, output, args.engine, quiet=args.quiet)
    else:
        _write_document(report, output, args.format)
    return VERDICT_EXIT.get(report.verdict, EXIT["undecided"])


def _write_pdf(report: Report, output: str | None, engine: str, *, quiet: bool = False) -> None:
    from symdl.render.document_pdf import to_pdf

    if is_stdout(output):
        with tempfile.TemporaryDirectory(prefix="symdl-pdf-") as tmp:
            target = Path(tmp) / f"{report.derivation.name}.pdf"
            _, used, note = to_pdf(report, target, engine=engine)
            copy_bytes_to_stdout(target)
        _say(f"wrote the PDF to standard output ({report.verdict}; PDF via {PDF_PATHS[used]})", note, sys.stderr)
        return
    target = check_output(output or f"{report.derivation.name}.pdf")
    if not quiet:
        print(f"rendering {target} ...", file=sys.stderr, flush=True)
    try:
        _, used, note = to_pdf(report, target, engine=engine)
    except OSError as exc:
        raise unwritable(str(target), exc) from None
    _say(f"wrote {target} ({report.verdict}; PDF via {PDF_PATHS[used]})", note, sys.stdout)


def _say(line: str, note: str, stream: TextIO) -> None:
    if note:
        print(f"note: {note}", file=sys.stderr)
    print(line, file=stream)


def _write_document(report: Report, output: str | None, fmt: str) -> None:
    """Markdown or LaTeX on stdout, or in ``output`` with the plots next to it."""
    from symdl.render import document

    render = document.to_markdown if fmt == "md" else document.to_latex
    if output is None or is_stdout(output):
        write_text("-", render(report, {}))
        return
    out = Path(output)
    plots = {}
    if out.is_file() or not out.exists():  # a device (/dev/stdout, /dev/full) gets no plots beside it
        try:
            plots = document.make_plots(report, out.parent)
        except OSError as exc:
            raise unwritable(str(exc.filename or out.parent), exc) from None
    write_text(output, render(report, plots))
    print(f"wrote {output} ({report.verdict})", file=sys.stderr)


def run_list(args: argparse.Namespace, config: Config) -> int:
    """Print the library: name, title and tags of every derivation."""
    from symdl.derive.library import catalogue, library_dir

    rows = catalogue()
    if args.format == "json":
        from symdl.render import jsonout

        print(jsonout.dump("list", jsonout.library(rows, str(library_dir()))))
        return 0
    width = max((len(n) for n, _, _ in rows), default=4)
    for name, title, tags in rows:
        print(f"{name:<{width}}  {title}" + (f"  [{', '.join(tags)}]" if tags else ""))
    print(f"({len(rows)} derivations in {library_dir()})", file=sys.stderr)
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``derive`` and ``list`` sub-commands."""
    sp = sub.add_parser("derive", help="verify a derivation and render it (Markdown, LaTeX or PDF)")
    sp.add_argument("derivation", help="a library name (see 'symdl list') or a derivation file")
    sp.add_argument("--format", choices=("md", "tex", "pdf", "json"), default="md",
                    help="json: every step's verdict as a document of render/schema.json")  # fmt: skip
    sp.add_argument(
        "-o", "--output", help="output file, - for standard output (PDF default: NAME.pdf; md/tex: standard output)"
    )
    sp.add_argument("-q", "--quiet", action="store_true", help="no progress lines on standard error")
    sp.add_argument("--engine", choices=("auto", "tex", "embedded"), default="auto",
                    help="PDF path: a TeX engine when installed (auto), or matplotlib's mathtext")  # fmt: skip
    add_functions(sp)
    add_budgets(sp)
    sp.set_defaults(run=run_derive)
    lp = sub.add_parser("list", help="list the derivations library")
    lp.add_argument("--format", choices=("text", "json"), default="text")
    lp.set_defaults(run=run_list)
