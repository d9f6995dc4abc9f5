"""``symdl derive NAME|FILE [--format md|tex|pdf] [-o OUT]`` and ``symdl list``."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from symdl.config import Config
from symdl.derive.check import EXIT


def _progress(done: int, total: int, name: str) -> None:
    """``verifying [3/9] name`` on stderr: one updating line on a terminal, one line per step otherwise."""
    if sys.stderr.isatty():
        print(f"\rverifying [{done}/{total}] {name:<40}", end="" if done < total else "\n", file=sys.stderr, flush=True)
    else:
        print(f"verifying [{done}/{total}] {name}", file=sys.stderr, flush=True)


#: how the CLI names each PDF path
PDF_PATHS = {"tex": "the TeX engine (latexmk/pdflatex)", "embedded": "the embedded renderer (matplotlib mathtext)"}


def run_derive(args: argparse.Namespace, config: Config) -> int:
    """Verify a derivation (progress on stderr) and write it as Markdown, LaTeX or PDF."""
    from symdl.derive import check_file
    from symdl.render import document

    report = check_file(args.derivation, config=config, progress=_progress)
    out = Path(args.output) if args.output else None
    if args.format == "pdf":
        from symdl.render.document_pdf import to_pdf

        target = out or Path(f"{report.derivation.name}.pdf")
        print(f"rendering {target} ...", file=sys.stderr, flush=True)
        _, used, note = to_pdf(report, target, engine=args.engine)
        if note:
            print(f"note: {note}", file=sys.stderr)
        print(f"wrote {target} ({report.verdict}; PDF via {PDF_PATHS[used]})")
    else:
        folder = out.parent if out else Path(tempfile.mkdtemp(prefix="symdl-plots-"))
        plots = document.make_plots(report, folder) if out else {}
        text = document.to_markdown(report, plots) if args.format == "md" else document.to_latex(report, plots)
        if out:
            out.write_text(text, encoding="utf-8")
            print(f"wrote {out} ({report.verdict})", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)
            print(text)
    return EXIT.get(report.verdict, 3)


def run_list(args: argparse.Namespace, config: Config) -> int:
    """Print the library: name, title and tags of every derivation."""
    from symdl.derive.library import catalogue, library_dir

    rows = catalogue()
    width = max((len(n) for n, _, _ in rows), default=4)
    for name, title, tags in rows:
        print(f"{name:<{width}}  {title}" + (f"  [{', '.join(tags)}]" if tags else ""))
    print(f"({len(rows)} derivations in {library_dir()})", file=sys.stderr)
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``derive`` and ``list`` sub-commands."""
    sp = sub.add_parser("derive", help="verify a derivation and render it (Markdown, LaTeX or PDF)")
    sp.add_argument("derivation", help="a library name (see 'symdl list') or a derivation file")
    sp.add_argument("--format", choices=("md", "tex", "pdf"), default="md")
    sp.add_argument("-o", "--output", help="output file (PDF default: NAME.pdf; md/tex default: standard output)")
    sp.add_argument("--engine", choices=("auto", "tex", "embedded"), default="auto",
                    help="PDF path: a TeX engine when installed (auto), or matplotlib's mathtext")  # fmt: skip
    sp.set_defaults(run=run_derive)
    lp = sub.add_parser("list", help="list the derivations library")
    lp.set_defaults(run=run_list)
