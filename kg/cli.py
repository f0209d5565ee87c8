"""The ``kg`` command line: one command per verb, ``--json`` everywhere.

Every command takes ``--store DIR`` (default ``$KG_STORE`` or ``./.kg``) and
``--debug`` (show tracebacks).  Exit codes: 0 success, 1 nothing could be
done (no store, nothing ingestible, a damaged store), 2 usage errors.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from kg import __version__
from kg.api import KnowledgeBase
from kg.parse import DEFAULT_MAX_BYTES
from kg.pipeline import NothingToIngest
from kg.store import StoreError

F = TypeVar("F", bound=Callable[..., Any])


class Failure(click.ClickException):
    """An error that ends a command with exit code 1 and one line on stderr."""

    exit_code = 1

    def show(self, file: Any = None) -> None:
        click.echo(f"Error: {self.format_message()}", err=True)


def _store_and_debug(func: F) -> F:
    """Add ``--store`` and ``--debug`` to a command and turn errors into one line."""

    @click.option("--store", "store", metavar="DIR", envvar="KG_STORE", default=None,
                  help="The store folder (default: $KG_STORE, else ./.kg).")
    @click.option("--debug", is_flag=True, help="Show the full traceback of an error.")
    @functools.wraps(func)
    def wrapper(*args: Any, store: str | None, debug: bool, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        parent = ctx.find_root().params
        store = store or parent.get("store")
        debug = debug or bool(parent.get("debug"))
        try:
            return func(*args, store=store or ".kg", **kwargs)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except (StoreError, NothingToIngest) as exc:
            if debug:
                raise
            raise Failure(str(exc)) from exc
        except Exception as exc:
            if debug:
                raise
            raise Failure(f"{type(exc).__name__}: {exc} (run with --debug for details)") from exc

    return wrapper  # type: ignore[return-value]


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
@click.option("--store", metavar="DIR", envvar="KG_STORE", default=None,
              help="The store folder (default: $KG_STORE, else ./.kg).")
@click.option("--debug", is_flag=True, help="Show the full traceback of an error.")
def cli(store: str | None, debug: bool) -> None:
    """kg: a knowledge graph and full-text index of meeting notes.

    Ingest a folder of notes, then list what it holds:

    \b
        kg ingest corpus/
        kg meetings
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--rebuild", is_flag=True, help="Forget the store's contents and ingest afresh.")
@click.option("--max-size", "max_size", type=click.FloatRange(min=0.001), default=None,
              metavar="MB", help=f"Reject files larger than this (default "
              f"{DEFAULT_MAX_BYTES // 2**20} MB).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@_store_and_debug
def ingest(paths: tuple[str, ...], rebuild: bool, max_size: float | None, as_json: bool,
           store: str) -> None:
    """Ingest meeting notes from files and folders (recursively).

    Reads .md, .markdown, .txt, .html and .htm files.  Only new and changed
    files are parsed again; files deleted from an ingested folder leave the
    store.  Files that are not notes (a README, an index page, binary or
    empty files) are listed with the reason and the rest is ingested.

    \b
    Examples:
        kg ingest corpus/
        kg ingest notes/2024-05-14.md --store /tmp/kg
        kg ingest corpus/ --rebuild --json
    """
    kb = KnowledgeBase.open(store, create=True)
    max_bytes = int(max_size * 2**20) if max_size else DEFAULT_MAX_BYTES
    bar: Any = None

    def progress(done: int, total: int, source: str) -> None:
        nonlocal bar
        if as_json or total <= 5 or not sys.stderr.isatty():
            return
        if bar is None:
            bar = click.progressbar(length=total, label="Parsing", file=sys.stderr,
                                    show_pos=True, item_show_func=lambda s: s)
            bar.__enter__()
        bar.update(1, source)
        if done == total:
            bar.__exit__(None, None, None)

    report = kb.ingest(list(paths), rebuild=rebuild, max_bytes=max_bytes, progress=progress)
    if as_json:
        _echo_json(report.to_dict())
        return
    click.echo(
        f"{report.added} added, {report.updated} updated, {report.removed} removed, "
        f"{report.unchanged} unchanged in {report.seconds:.2f} s; "
        f"the store at {kb.path} holds {report.meetings} meetings."
    )
    if report.rejected:
        click.echo(f"Rejected {len(report.rejected)} file(s):", err=True)
        for item in report.rejected:
            click.echo(f"  {item.path}: {item.reason}", err=True)
    if report.warnings:
        click.echo(f"Warnings ({len(report.warnings)}):", err=True)
        for path, warning in report.warnings:
            click.echo(f"  {path}: {warning}", err=True)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON record per meeting.")
@_store_and_debug
def meetings(as_json: bool, store: str) -> None:
    """List the meetings in the store, oldest first.

    \b
    Examples:
        kg meetings
        kg meetings --json
    """
    kb = KnowledgeBase.open(store)
    records = kb.meetings()
    if as_json:
        _echo_json(records)
        return
    if not records:
        click.echo("The store holds no meetings.")
        return
    for record in records:
        chair = f", chair {record['chair']}" if record["chair"] else ""
        click.echo(
            f"{record['date'] or '(no date)':10}  {record['title']}  "
            f"[{len(record['attendees'])} attendees{chair}, {len(record['sections'])} sections]"
            f"  {record['source']}"
        )


def main() -> None:
    """Entry point of the ``kg`` console script."""
    cli(prog_name="kg")
