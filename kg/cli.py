"""The ``kg`` command line: one command per verb, ``--json`` everywhere.

Every command takes ``--store DIR`` (default ``$KG_STORE`` or ``./.kg``) and
``--debug`` (show tracebacks).  Exit codes: 0 success, 1 nothing could be
done (no store, nothing ingestible, a damaged store), 2 usage errors.
"""

from __future__ import annotations

import functools
import html
import re
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from kg import __version__
from kg.api import KnowledgeBase
from kg.gitsource import GitError
from kg.parse import DEFAULT_MAX_BYTES
from kg.pipeline import NothingToIngest
from kg.store import StoreError
from kg.terminal import clean, json_text, plain

F = TypeVar("F", bound=Callable[..., Any])


class Failure(click.ClickException):
    """An error that ends a command with exit code 1 and one line on stderr."""

    exit_code = 1

    def show(self, file: Any = None) -> None:
        click.echo(f"Error: {clean(self.format_message())}", err=True)


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
        ctx.meta["kg_debug"] = debug
        try:
            return func(*args, store=store or ".kg", **kwargs)
        except (click.ClickException, click.exceptions.Exit, click.Abort, BrokenPipeError):
            raise
        except (StoreError, NothingToIngest, GitError) as exc:
            if debug:
                for source, trace in getattr(exc, "errors", []):
                    click.echo(f"{clean(source)}:\n{clean(trace, multiline=True)}", err=True)
                raise
            raise Failure(str(exc)) from exc
        except Exception as exc:
            if debug:
                raise
            raise Failure(f"{type(exc).__name__}: {exc} (run with --debug for details)") from exc

    return wrapper  # type: ignore[return-value]


def _echo_json(data: Any) -> None:
    click.echo(json_text(data))


def _echo_records(records: list[dict[str, Any]], as_json: bool, aliases: int) -> None:
    """People or projects: JSON, or one line each with their span and first aliases."""
    if as_json:
        _echo_json(records)
        return
    for record in plain(records):
        shown = ", ".join(record["aliases"][:aliases])
        click.echo(f"{record['name']:28} {record['meetings']:3d} meetings  "
                   f"{record['first_seen'] or '':10} .. {record['last_seen'] or '':10}  {shown}")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
@click.option("--store", metavar="DIR", envvar="KG_STORE", default=None,
              help="The store folder (default: $KG_STORE, else ./.kg).")
@click.option("--debug", is_flag=True, help="Show the full traceback of an error.")
def cli(store: str | None, debug: bool) -> None:
    """kg: a knowledge graph and full-text index of meeting notes.

    Ingest a folder of notes (or a git repository), then ask, search and
    browse; every answer cites the meeting, section and line it comes from.

    \b
        kg ingest corpus/
        kg ask "who leads Bramble?"
        kg search "signing key" --since 2024-06-01
        kg people --unresolved
        kg review --year 2024 --out review.md
    """


@cli.command()
@click.argument("paths", nargs=-1, metavar="PATH...")
@click.option("--rebuild", is_flag=True, help="Forget the store's contents and ingest afresh.")
@click.option("--repair", is_flag=True, help="Rebuild what is damaged in the store (every ingest does); "
              "without PATH, from the folders the store was ingested from.")
@click.option("--max-size", "max_size", type=click.FloatRange(min=0.001), default=None,
              metavar="MB", help=f"Reject files larger than this (default "
              f"{DEFAULT_MAX_BYTES // 2**20} MB).")
@click.option("--include", multiple=True, metavar="GLOB",
              help="Only files whose path (below the folder given) matches; repeatable.")
@click.option("--exclude", multiple=True, metavar="GLOB", help="Leave out matching files; repeatable.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@_store_and_debug
def ingest(paths: tuple[str, ...], rebuild: bool, repair: bool, max_size: float | None,
           include: tuple[str, ...], exclude: tuple[str, ...], as_json: bool, store: str) -> None:
    """Ingest meeting notes from files, folders and git repositories.

    Reads .md, .markdown, .txt, .html and .htm files, recursively.  Only new
    and changed files are parsed again; files deleted from an ingested
    folder leave the store.  Files that are not notes (a README, an index
    page, binary or empty files) are listed with the reason and the rest is
    ingested.

    A PATH of the form git+URL[@REF][#path=SUBDIR] is a git repository (any
    URL git understands, local paths and file:// included): a shallow clone
    is kept in the store's cache, a later ingest fetches only what changed,
    and evidence links to the file at the commit ingested.

    \b
    Examples:
        kg ingest corpus/
        kg ingest notes/2024-05-14.md --store /tmp/kg
        kg ingest corpus/ --rebuild --json
        kg ingest 'git+https://github.com/mirage/mirage-www@master#path=data/weekly'
        kg ingest git+file:///srv/wiki --include 'meetings/*.md' --exclude '*draft*'
    """
    if not paths and not repair:
        raise click.UsageError("Missing argument 'PATH...'.")
    kb = KnowledgeBase.open(store, create=True)
    if not paths:
        from kg.check import salvage_roots

        paths = tuple(salvage_roots(kb.store))
        if not paths:
            raise Failure(f"the store at {store} does not say which folders it was ingested from: "
                          "run kg ingest --repair PATH...")
    kb.store.on_wait = lambda: click.echo(f"Waiting for another ingest into {clean(str(kb.path))} "
                                          "to finish...", err=True)
    max_bytes = int(max_size * 2**20) if max_size else DEFAULT_MAX_BYTES
    bar: Any = None

    def progress(done: int, total: int, source: str) -> None:
        nonlocal bar
        if as_json or total <= 5 or not sys.stderr.isatty():
            return
        if bar is None:
            bar = click.progressbar(length=total, label="Parsing", file=sys.stderr,
                                    show_pos=True, item_show_func=lambda s: s and clean(s))
            bar.__enter__()
        bar.update(1, source)
        if done == total:
            bar.__exit__(None, None, None)

    report = kb.ingest(list(paths), rebuild=rebuild, max_bytes=max_bytes, progress=progress,
                       include=list(include), exclude=list(exclude))
    if click.get_current_context().meta.get("kg_debug"):
        for source, trace in report.errors:  # why files were rejected, in full
            click.echo(f"{clean(source)}:\n{clean(trace, multiline=True)}", err=True)
    if as_json:
        _echo_json(report.to_dict())
        return
    report = plain(report)
    if report.repaired:
        click.echo(f"Repaired the store: rebuilt what was damaged ({', '.join(report.repaired)}).",
                   err=True)
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
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@_store_and_debug
def check(as_json: bool, store: str) -> None:
    """Check that the store is whole: every file's size and sha256, the index's signature.

    Exit code 1 when something is damaged; `kg ingest --repair` rebuilds it.
    Readers check sizes on every open and every ingest checks hashes, so a
    damaged store never gives a silently wrong answer.

    \b
    Examples:
        kg check
        kg check --json
    """
    result = KnowledgeBase.open(store).check()
    if as_json:
        _echo_json(result.to_dict())
    elif result.ok and not result.verified:
        click.echo(f"The store at {clean(store)} was written before stores recorded checksums: "
                   f"{result.generation} is not verified; the next kg ingest rebuilds it.")
    elif result.ok:
        index = "signed by this installation" if result.index == "signed" else \
            f"not trusted ({result.index}); searches rebuild it in memory until kg ingest --repair"
        click.echo(f"The store at {clean(store)} is whole: {result.generation or 'no generation yet'}, "
                   f"{result.files} files checked (size and sha256); the search index is {clean(index)}.")
    if not result.ok:
        from kg.store import damaged_message

        raise Failure(damaged_message(result.damage)) if not as_json else click.exceptions.Exit(1)


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
    for record in plain(records):
        chair = f", chair {record['chair']}" if record["chair"] else ""
        click.echo(
            f"{record['date'] or '(no date)':10}  {record['title']}  "
            f"[{len(record['attendees'])} attendees{chair}, {len(record['sections'])} sections]"
            f"  {record['source']}"
        )


@cli.command()
@click.argument("query")
@click.option("--limit", "-n", type=click.IntRange(min=1), default=10, show_default=True,
              help="How many sections to show.")
@click.option("--person", metavar="NAME", help="Only sections that mention this person (any alias).")
@click.option("--project", metavar="NAME", help="Only sections about this project (any alias).")
@click.option("--since", metavar="DATE", help="Only meetings on or after DATE (YYYY-MM-DD).")
@click.option("--until", metavar="DATE", help="Only meetings on or before DATE (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@_store_and_debug
def search(query: str, limit: int, person: str | None, project: str | None, since: str | None,
           until: str | None, as_json: bool, store: str) -> None:
    """Full-text search of meeting sections, best first, with snippets.

    Words are matched loosely (plurals and -ing/-ed forms); "quoted
    phrases", AND, OR, NOT and parentheses work, and a query with broken
    syntax falls back to its plain words.  A project or issue named in the
    query also finds sections that use another of its aliases.

    \b
    Examples:
        kg search qubes
        kg search '"release gate" OR functoria' --since 2015-01-01
        kg search firewall --project QubesOS --person ThomasL --json
    """
    kb = _open_existing(store)
    try:
        hits, total = kb.search_results(query, limit, person, project, since, until)
    except (LookupError, ValueError) as exc:
        raise Failure(str(exc).strip("'\"")) from exc
    if as_json:
        _echo_json({"query": query, "total": total, "hits": [h.to_dict() for h in hits]})
        return
    if not hits:
        click.echo("No section matches.")
        return
    click.echo(f"{total} section(s) match; the best {len(hits)}:")
    for hit in plain(hits):
        snippet = "\033[1m".join("\033[0m".join(clean(html.unescape(part)) for part in piece.split("</b>"))
                                 for piece in hit.snippet.split("<b>"))
        if not sys.stdout.isatty():
            snippet = snippet.replace("\033[1m", "").replace("\033[0m", "")
        click.echo(f"\n{hit.meeting}  {hit.section}  ({hit.source}:{hit.line})")
        click.echo(f"    {snippet}")


@cli.command(epilog=None)
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="Print the answer, its entities and evidence as JSON.")
@click.option("--explain", is_flag=True, help="Also print how the question was read (intent, topic, dates).")
@_store_and_debug
def ask(question: str, as_json: bool, explain: bool, store: str) -> None:
    """Answer a question about the notes, citing the meeting and line of each piece of evidence.

    When the notes do not say, kg says so and shows the passages that match,
    if any: it never guesses.

    \b
    Examples:
        kg ask "who owns the Functoria release?"
        kg ask "what is ThomasL working on?" --json
        kg ask "who moderated the call on 2024-01-18?" --explain
    """
    answer = _open_existing(store).ask(question)
    if as_json:
        data = answer.to_dict()
        if explain:
            data["reading"] = answer.reading
        _echo_json(data)
        return
    answer = plain(answer)
    if explain:
        for key, value in answer.reading.items():
            if value not in (None, [], {}, ""):
                click.echo(f"{key}: {value}")
        click.echo("")
    click.echo(answer.message)
    for item in answer.answers[:20]:
        extra = ""
        if item.type in ("section", "decision"):
            extra = f"  ({item.meeting})"
        elif item.type == "action":
            state = "done" if item.done else "open"
            extra = f"  [{', '.join(item.owners or []) or 'no owner'}] ({item.meeting}, {state})"
        click.echo(f"  - {item.name}{extra}")
    shown = answer.evidence or answer.passages
    if shown:
        click.echo("Evidence:" if answer.evidence else "Passages that match:")
        for ev in shown[:10]:
            click.echo(f"  {ev.meeting}, {ev.section} ({ev.source}:{ev.line}):")
            click.echo(f"      {ev.text[:200]}")


def _intents_help() -> str:
    """The declared intents, one line each with an example, for ``kg ask --help``."""
    from kg.ask import describe

    lines = [f"  {i['name']:13} {i['help']}; e.g. \"{i['examples'][0]}\"" for i in describe()]
    return "\n\n\b\nQuestions kg understands (in many phrasings):\n" + "\n".join(lines)


ask.help = (ask.help or "") + _intents_help()


@cli.command()
@click.option("--year", type=click.IntRange(1900, 2999), default=None,
              help="The year to review (default: the last complete year in the store).")
@click.option("--since", metavar="DATE", help="Review from DATE (YYYY-MM-DD) instead of a year.")
@click.option("--until", metavar="DATE", help="Review up to DATE (YYYY-MM-DD) instead of a year.")
@click.option("--format", "fmt", type=click.Choice(["md", "html"]), default="md", show_default=True,
              help="Markdown with footnotes, or one HTML page.")
@click.option("--out", metavar="FILE", help="Write the draft there instead of printing it.")
@click.option("--max-words", type=click.IntRange(min=50), default=None,
              help="Keep the draft under this many words (footnotes not counted).")
@_store_and_debug
def review(year: int | None, since: str | None, until: str | None, fmt: str, out: str | None,
           max_words: int | None, store: str) -> None:
    """Draft the year-in-review post from a year (or any span) of notes.

    The draft opens with the period's numbers (meetings, people, newcomers,
    action items, issues), gives each topic of the period (the work its
    headings keep coming back to) a section that opens with what was
    released, decided or finished and goes on in order, with the people who
    did the work, then community and events, looking ahead, and the smaller
    topics.  Every sentence is taken from the notes and links to the meeting
    it came from (the note's page for a git source, else the app's meeting
    page at that section).  Without --year, --since or --until it reviews
    the last complete year in the store.

    \b
    Examples:
        kg review
        kg review --year 2024 --max-words 600 --out review-2024.md
        kg review --since 2023-04-01 --until 2024-06-30 --format html --out review.html
    """
    from kg.review import last_complete_year

    kb = _open_existing(store)
    for value in (since, until):
        if value is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)")
    if year is None and since is None and until is None:
        year = last_complete_year([m["date"] for m in kb.meetings() if m["date"]])
        if year is None:
            raise Failure("no meeting in the store has a date, so there is no year to review")
    try:
        text = kb.review(year, max_words=max_words, since=since, until=until, fmt=fmt)
    except ValueError as exc:
        raise Failure(str(exc)) from exc
    if out:
        from pathlib import Path

        Path(out).write_text(text, encoding="utf-8")
        period = year if year is not None else f"{since or 'first'}..{until or 'last'}"
        click.echo(f"Wrote the {period} review draft to {out} ({len(text.split())} words).")
    else:
        click.echo(clean(text, multiline=True), nl=False)


def _open_existing(store: str) -> KnowledgeBase:
    kb = KnowledgeBase.open(store)
    if kb.store.snapshot() is None:
        raise Failure(f"the store at {store} is empty (run 'kg ingest PATH' first)")
    ctx = click.get_current_context(silent=True)
    if ctx is not None:  # say what the user should know (an index rebuilt in memory), on stderr
        ctx.call_on_close(lambda: [click.echo(f"Note: {clean(n)}", err=True) for n in kb.notices])
    return kb


@cli.command()
@click.option("--unresolved", is_flag=True,
              help="List the mentions that could not be tied to one person, with examples.")
@click.option("--merge", nargs=2, metavar="ALIAS PERSON", default=None,
              help="Record that ALIAS (a mention or a duplicate person) is PERSON, then re-resolve.")
@click.option("--separate", nargs=2, metavar="ALIAS PERSON", default=None,
              help="Undo a merge: ALIAS is not PERSON and is never merged into them.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@_store_and_debug
def people(unresolved: bool, merge: tuple[str, str] | None, separate: tuple[str, str] | None,
           as_json: bool, store: str) -> None:
    """List the people in the notes, most meetings attended first.

    People are merged from every way the notes write them (full names,
    first names, ThomasL-style handles, initials, nicknames, misspellings).
    With --unresolved, list the mentions that stayed ambiguous or unknown,
    with counts and examples, so that you can settle them in a people.yaml
    beside the notes:

    \b
        - name: Thomas Leonard
          aliases: [ThomasL, talex5, TL]
          github: talex5

    --merge and --separate record the same in the store's own people.yaml
    and apply it at once; --separate also undoes a merge kg made itself.

    \b
    Examples:
        kg people
        kg people --unresolved
        kg people --json
        kg people --merge Mort "Richard Mortier"
        kg people --separate "Dave Scott" "David Scott"
    """
    kb = _open_existing(store)
    if merge and separate:
        raise click.UsageError("give --merge or --separate, not both")
    if merge or separate:
        alias, person = merge or separate  # type: ignore[misc]
        if not alias.strip() or not person.strip() or alias.strip() == person.strip():
            raise click.UsageError("give a name and another person's name")
        (kb.merge_person if merge else kb.separate_person)(alias, person)
        click.echo(f"{clean(alias)} is {'now' if merge else 'no longer'} {clean(person)}; "
                   f"the store holds {len(kb.people())} people.")
        return
    if unresolved:
        items = kb.unresolved()
        if as_json:
            _echo_json(items)
            return
        if not items:
            click.echo("Every person mention was resolved.")
        for item in plain(items):
            maybe = f" (could be: {', '.join(item['candidates'])})" if item["candidates"] else ""
            click.echo(f"{item['text']!r}: {item['count']} mention(s){maybe}")
            for example in item["examples"]:
                click.echo(f"    {example['meeting']} {example['section'] or '(top)'}, "
                           f"line {example['line']}: {example['text'][:100]}")
        return
    _echo_records(kb.people(), as_json, aliases=8)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@_store_and_debug
def projects(as_json: bool, store: str) -> None:
    """List the projects discussed in the notes, most meetings first.

    Projects (software, products, organisations, programmes, events) are
    found in section headings, code spans, repository references and
    capitalised names that recur; a projects.yaml beside the notes can add
    names, aliases and an ignore list:

    \b
        - name: Qubes OS
          aliases: [QubesOS, Qubes]
        - ignore: [Cambridge]

    \b
    Examples:
        kg projects
        kg projects --json
    """
    _echo_records(_open_existing(store).projects(), as_json, aliases=6)


@cli.command()
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@_store_and_debug
def entity(name: str, as_json: bool, store: str) -> None:
    """Show what the notes say about one person, project or issue.

    NAME may be any alias or a close spelling (ThomasL, QubesOS,
    mirage-www#404, "Hannes Menhert").  The card lists aliases, meetings,
    first and last seen, related people and projects, action items and
    issues, each with its source.

    \b
    Examples:
        kg entity ThomasL
        kg entity "Qubes OS" --json
    """
    card = _open_existing(store).entity(name)
    if card is None:
        raise Failure(f"no person, project or issue called {name!r} in the notes")
    if as_json:
        _echo_json(card)
        return
    card = plain(card)
    if "ambiguous" in card:
        click.echo(f"{name!r} may be:")
        for option in card["ambiguous"]:
            click.echo(f"  {option['name']} ({option['type']}, {option['id']})")
        return
    click.echo(f"{card['name']}  [{card['type']}]  {card['id']}")
    if card["aliases"]:
        click.echo(f"  aliases: {', '.join(card['aliases'])}")
    click.echo(f"  {len(card['meetings'])} meetings, {card['first_seen']} .. {card['last_seen']}")
    for label in ("people", "projects"):
        if card[label]:
            click.echo(f"  {label}: " + ", ".join(r["name"] for r in card[label]))
    if card["issues"]:
        click.echo(f"  issues: {', '.join(card['issues'])}")
    for action in card["actions"]:
        click.echo(f"  - {action['meeting']} [{', '.join(action['owners'])}] {action['text'][:90]}"
                   f"  ({action['source']}:{action['line']})")


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["graphml", "json", "cypher", "obsidian"]),
              required=True, help="graphml (Gephi, yEd), json (node-link), cypher (Neo4j) or "
              "obsidian (a vault folder of pages with [[links]]).")
@click.option("--out", "out", required=True, metavar="PATH", help="The file (a folder for obsidian).")
@_store_and_debug
def export(fmt: str, out: str, store: str) -> None:
    """Export the knowledge graph for other tools.

    \b
    Examples:
        kg export --format graphml --out notes.graphml
        kg export --format cypher --out notes.cypher   # cypher-shell < notes.cypher
        kg export --format obsidian --out vault/
    """
    from pathlib import Path

    from kg.export import ExportError
    from kg.export import export as write

    kb = _open_existing(store)
    try:
        click.echo(write(kb.graph, fmt, Path(out), notes=kb.notes() if fmt == "obsidian" else None))
    except ExportError as exc:
        raise Failure(str(exc)) from exc


@cli.command("app")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on; anything but 127.0.0.1 exposes your notes to the network.")
@click.option("--port", type=click.IntRange(1, 65535), default=8501, show_default=True,
              help="The port to listen on.")
@_store_and_debug
def app_command(host: str, port: int, store: str) -> None:
    """Start the Streamlit app on http://HOST:PORT (Ctrl-C stops it).

    It listens on 127.0.0.1 and sends no usage statistics, whatever the
    current folder's .streamlit/config.toml says.
    """
    from kg.appserver import run

    raise SystemExit(run(store, host, port))


def main() -> None:
    """Entry point of the ``kg`` console script."""
    try:
        cli(prog_name="kg")
    except BrokenPipeError:  # `kg people | head`
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
