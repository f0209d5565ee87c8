"""The latest on a topic: its most recent discussions, newest first, with what was said last."""

from __future__ import annotations

from kg.ask.context import Context, heading_key, structural_headings
from kg.ask.evidence import plural, start, topic_name, when_text
from kg.ask.question import Question, topic_fit
from kg.ask.registry import intent
from kg.ask.topics import SectionMatch, Topic, find_sections
from kg.model import Answer, AnswerItem

#: How many of the latest discussions an answer shows.
SHOWN = 3


@intent(
    "status",
    help="the latest on something: its most recent discussions, newest first",
    answers="sections (type section, with meeting and section), newest first",
    cues={"status": 4, "latest": 3, "update|updates": 2, "progress": 3, "where be we": 3,
          "how be * go|progress|do": 3, "come along": 3, "any news": 2, "news on|about": 2, "state of": 2,
          "where do * stand": 3, "current": 1.5, "up to date": 2},
    fit=topic_fit,
    examples=[
        "what's the status of Bramble?", "any updates on fern-sync?", "what's the latest on Thicket?",
        "where are we with the plugin API?", "how is the importer going?", "status of the website",
        "how is the migration coming along?", "any news on the release?", "progress on the docs site",
        "what is the current state of search?", "where do we stand on the licence?",
        "latest on the hackathon", "how are the benchmarks doing?", "update on the CI runners",
        "what's the progress on Bramble 2.0?", "any news about the security audit?",
    ],
)
def status(q: Question, ctx: Context) -> Answer:
    """The newest sections about the topic, each with the last sentence there that names it."""
    answer = start(q, ctx)
    topic = Topic(q.topic, ctx, q.entities)
    found = find_sections(topic, ctx, q)
    by_rank = sorted(_fullest(found, ctx), key=lambda m: m.rank)  # within a meeting: about it first
    latest = sorted(by_rank, key=lambda m: m.date, reverse=True)[:SHOWN]
    for match in latest:
        data = ctx.node(match.section)
        answer.answers.append(AnswerItem(id=match.section, type="section", name=data["name"],
                                         meeting=match.date, section=data["name"]))
        row = match.sentences[-1] if match.sentences else None
        answer.evidence.append(ctx.evidence(match.section, row.line, row.text) if row
                               else ctx.section_evidence(match.section))
    name = topic_name(q, ctx)
    if not latest:
        answer.message = f"The notes do not say anything about {name}{when_text(q)}."
        return answer
    said = answer.evidence[0].text
    if latest[0].coverage < len(topic.patterns):  # "WASI preview 2" where only "WASI" is written
        answer.message = (f"The notes never name all of \"{q.topic}\"; the latest that names part of it is "
                          f"{latest[0].date} ({answer.answers[0].name}): {said}")
        return answer
    answer.message = (f"{name} was last discussed on {latest[0].date} ({answer.answers[0].name}): {said}"
                      + (f" ({plural(len(found), 'section')} in all.)" if len(found) > 1 else ""))
    return answer


def _fullest(found: list[SectionMatch], ctx: Context) -> list[SectionMatch]:
    """The sections naming most of the topic, and not the agenda when a section of its own does."""
    best = max((m.coverage for m in found), default=0)
    fullest = [m for m in found if m.coverage == best]
    structural = structural_headings(ctx)
    own = [m for m in fullest if heading_key(ctx.node(m.section).get("heading") or "") not in structural]
    return own or fullest
