"""Which issues and pull requests came up about a topic."""

from __future__ import annotations

import re

from kg.ask.context import Context, SentenceRow
from kg.ask.evidence import names, plural, start, topic_name
from kg.ask.question import Question
from kg.ask.registry import intent
from kg.ask.topics import SectionMatch, Topic, find_sections
from kg.model import Answer, Evidence

_ISSUE_NOUNS = frozenset("issue issues pr prs ticket tickets bug bugs".split())


def _fit(q: Question) -> float:
    """"which PR proposed X?" asks for an issue whatever verb follows; "who ..." asks for a person."""
    first = [t.lower for t in q.tokens[:3]]
    asked = bool(first) and first[0] in ("which", "what") and any(w in _ISSUE_NOUNS for w in first[1:3])
    return (-2.0 if first[:1] == ["who"] else 0.0) + (0.0 if q.topic else -1.0) + (3.0 if asked else 0.0)


@intent(
    "issues",
    help="which issues or pull requests were mentioned about something",
    answers="issues (type issue, name = owner/repo#N or repo#N)",
    cues={"issue|issues": 3, "ticket|tickets": 3, "pr|prs": 3, "pull request": 3, "bug|bugs": 2,
          "github": 1, "merge request": 3, "track": 1, "link": 1, "file": 1, "open": 0.5},
    fit=_fit,
    examples=[
        "which issues were mentioned about fern-sync?", "which issues came up about Thicket?",
        "any issues about the importer?", "is there a ticket for the CI timeouts?",
        "which PRs were linked for Bramble?", "what issue tracked the website redesign?",
        "which pull requests touched the plugin API?", "which bugs did we hit with Thicket?",
        "what PR did we discuss for the release?", "list the issues about search",
        "which fern-sync tickets have been referenced?", "were there any GitHub issues about security?",
        "which issues were filed about the migration?", "what ticket was the memory leak?",
        "which PRs changed the docs?", "issues mentioned about Bramble in 2024",
    ],
)
def issues(q: Question, ctx: Context) -> Answer:
    """Issues referenced where the topic is discussed, and those in a repository named like it."""
    answer = start(q, ctx)
    if not q.topic and q.dated:  # "which PRs were mentioned on D?": every issue of those meetings
        return _of_meetings(answer, ctx, q)
    topic = Topic(q.topic, ctx, q.entities)
    found: dict[str, Evidence] = {}
    matches = {m.section: m for m in find_sections(topic, ctx, q, mentions=True)}
    if topic.names:  # a row of a section about a name need not repeat the name
        for match in find_sections(topic, ctx, q, mentions=True, loose=True):
            if match.section not in matches or match.count > matches[match.section].count:
                matches[match.section] = match
    for match in sorted(matches.values(), key=lambda m: m.rank):
        lines = _lines_near(ctx.rows(match.section), match)
        if match.about and not match.scattered:
            lines.add(ctx.node(match.section).get("line"))
        for issue, data in ctx.edges(match.section, "references"):  # the heading's links: its subject
            if match.heading or lines & set(data.get("lines", [])):
                found.setdefault(issue, _evidence(ctx, match.section, issue, data))
    named_by = topic.names or (topic.patterns if len(topic.patterns) == 1 else [])
    repo = re.compile(r"^(?:" + "|".join(p.pattern for p in named_by) + r")$", re.I) if named_by else None
    of_entities = {i for e in q.entities for i, _ in ctx.edges(e, "in_repo", "in")}  # a project's repo
    for issue in ctx.of_type("issue"):
        node = ctx.node(issue)
        named = repo is not None and any(repo.match(node.get(k) or "") for k in ("repo", "owner"))
        if named or issue in of_entities:
            for section, data in ctx.edges(issue, "references", "in"):
                if not q.dated or q.in_range(ctx.node(section)["meeting"], ctx.date_of(section)):
                    found.setdefault(issue, _evidence(ctx, section, issue, data))
    for issue, evidence in sorted(found.items(), key=lambda kv: kv[1].meeting):
        answer.answers.append(ctx.item(issue))
        answer.evidence.append(evidence)
    name = topic_name(q, ctx)
    answer.message = (f"{plural(len(found), 'issue')} came up about {name}: "
                      f"{names([a.name for a in answer.answers])}." if found
                      else f"The notes reference no issues about {name}.")
    return answer


def _lines_near(rows: list[SentenceRow], match: SectionMatch) -> set[int]:
    """The lines of the paragraphs that name the topic, and of the list items right below them.

    An agenda item often names the topic and gives its link in a sub-item
    ("See https://github.com/o/r/pull/203 for details").
    """
    paragraphs = {r.paragraph for r in match.sentences}
    for row in match.sentences:
        if row.kind == "item":
            paragraphs |= {r.paragraph for r in rows if r.kind == "item" and r.paragraph in (
                row.paragraph + 1, row.paragraph + 2)}
    starts = sorted({min(r.line for r in rows if r.paragraph == p) for p in {r.paragraph for r in rows}})
    lines: set[int] = set()
    for paragraph in paragraphs:  # every line a paragraph spans, not only where its sentences start
        first = min(r.line for r in rows if r.paragraph == paragraph)
        last = max(r.line for r in rows if r.paragraph == paragraph)
        end = next((s - 1 for s in starts if s > last), last + 3)
        lines |= set(range(first, max(last, end) + 1))
    return lines


def _evidence(ctx: Context, section: str, issue: str, data: dict) -> Evidence:
    node = ctx.node(issue)
    lines = set(data.get("lines", []))
    for row in ctx.rows(section):
        if row.line in lines:
            return ctx.evidence(section, row.line, row.text)
    line = min(lines) if lines else ctx.node(section).get("line") or 1
    return ctx.evidence(section, line, node["name"])


def _of_meetings(answer: Answer, ctx: Context, q: Question) -> Answer:
    """The issues the meetings asked about reference, each at its first mention."""
    found: dict[str, Evidence] = {}
    meetings = q.meetings or [m for m, d in ctx.meetings if q.in_range(m, d)]
    for meeting in meetings:
        for section in ctx.sections(meeting):
            for issue, data in ctx.edges(section, "references"):
                found.setdefault(issue, _evidence(ctx, section, issue, data))
    for issue, evidence in found.items():
        answer.answers.append(ctx.item(issue))
        answer.evidence.append(evidence)
    where = (f"the {ctx.date_of(meetings[0])} meeting" if len(meetings) == 1
             else plural(len(meetings), "meeting"))
    shown = names([a.name for a in answer.answers])
    answer.message = (f"{plural(len(found), 'issue')} came up in {where}: {shown}." if found
                      else f"The notes of {where} reference no issues.")
    return answer
