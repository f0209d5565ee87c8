"""Every discussion of a topic: the sections about it, oldest first."""

from __future__ import annotations

from kg.ask.context import Context
from kg.ask.evidence import plural, section_item, start, topic_name, when_text
from kg.ask.question import Question, topic_fit
from kg.ask.registry import intent
from kg.ask.topics import Topic, find_sections
from kg.model import Answer


@intent(
    "discussions",
    help="every discussion of something, wherever it came up",
    answers="sections (type section, with meeting and section), oldest first",
    cues={"discuss": 2, "discussion": 2.5, "talk about": 2, "mention": 1.5, "cover": 2,
          "come up": 2, "where": 1.5, "everything * about|on": 3, "all": 1, "every": 1,
          "conversation": 2, "bring up": 1.5, "say about": 2, "which|what call|meeting": 1},
    fit=topic_fit,
    examples=[
        "all Thicket discussions", "where did we talk about the importer?", "everything about fern-sync",
        "which meetings covered security?", "show me the release discussions",
        "where was Bramble discussed?", "every call where the website came up",
        "list the plugin API discussions", "where did we discuss CI?", "what did we say about search?",
        "all the hackathon discussions", "which calls discussed the migration?",
        "where did the licence come up?", "everything we said about Bramble or fern-sync",
        "Thicket discussions in 2024", "all conversations about the roadmap",
    ],
)
def discussions(q: Question, ctx: Context) -> Answer:
    """One answer per section about the topic (or mentioning it, when none is about it)."""
    answer = start(q, ctx)
    topic = Topic(q.topic, ctx, q.entities)
    found = find_sections(topic, ctx, q, mentions=True)
    about = [m for m in found if m.about]
    if len({m.meeting for m in about}) > 1 or not (topic.names or topic.keys):
        found = about or found  # passing mentions of a name discussed once are all the notes have
    matches = sorted(found, key=lambda m: (m.date, ctx.node(m.section).get("index", 0)))
    for match in matches:
        item, evidence = section_item(ctx, match)
        answer.answers.append(item)
        answer.evidence.append(evidence)
    name = topic_name(q, ctx)
    if matches:
        meetings = len({m.meeting for m in matches})
        answer.message = (f"{name} was discussed in {plural(len(matches), 'section')} of "
                          f"{plural(meetings, 'meeting')}, from {matches[0].date} to {matches[-1].date}.")
    else:
        answer.message = f"The notes do not say anything about {name}{when_text(q)}."
    return answer
