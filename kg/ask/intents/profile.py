"""Who someone is, or what something is: a short card drawn from the notes."""

from __future__ import annotations

from kg.ask.context import Context
from kg.ask.evidence import names, plural, start, topic_name
from kg.ask.question import Question
from kg.ask.registry import intent
from kg.ask.topics import Topic, find_sections
from kg.model import Answer, Evidence

_EVIDENCE_FIELDS = ("meeting", "section", "text", "source", "line", "meeting_id", "section_id")


def _fit(q: Question) -> float:
    """"Who is P?" (a person and nothing else), "what is X?" (a few words, nothing else asked of them)."""
    words = [t.lower for t in q.tokens]
    card = words[:1] in (["tell"], ["describe"], ["background"]) or "know" in words
    is_ = len(words) > 1 and words[1] in ("is", "'s", "s")
    if q.people and not q.topic:
        return 2.5 if card or (is_ and words[0] == "who") else -1.0
    alone = 0 < len(q.topic.split()) <= 3
    return 2.0 if alone and (card or (is_ and words[0] == "what")) else -4.0


@intent(
    "profile",
    help="who someone is or what something is: a card of what the notes say",
    answers="for a person, their projects; for anything else, the people most involved",
    cues={"tell me about": 3, "know about": 3, "background on|of": 2, "profile": 3, "describe": 2,
          "introduce": 1, "who be": 0.5, "what be": 0.5},
    fit=_fit,
    examples=[
        "who is Lena Hofmann?", "who is Bob?", "who's Kwame?", "tell me about Noor",
        "what is Bramble?", "what's Thicket?", "what is fern-sync?", "tell me about Bramble",
        "what do we know about Priya?", "tell me about fern-sync", "who is Yusuf Demir?",
        "what do we know about Thicket?", "background on Kwame", "describe Bramble",
        "who's Noor?",
    ],
)
def profile(q: Question, ctx: Context) -> Answer:
    """A person's meetings, work and action items; else a topic's span, people and first mention."""
    answer = start(q, ctx)
    if q.people and not q.topic:
        return _person(answer, ctx, q.people[0])
    return _topic(answer, ctx, q)


def _person(answer: Answer, ctx: Context, person: str) -> Answer:
    name = ctx.node(person)["name"]
    attended = sorted(ctx.date_of(m) for m, _ in ctx.edges(person, "attended") if ctx.date_of(m))
    work = sorted(ctx.edges(person, "works_on"), key=lambda e: -e[1].get("weight", 0))[:5]
    actions = [a for a, _ in ctx.edges(person, "owns")]
    open_ = sum(1 for a in actions if not ctx.node(a).get("done"))
    for project, data in work:
        answer.answers.append(ctx.item(project, score=round(data.get("weight", 0), 2)))
        if data.get("evidence"):
            answer.evidence.append(_evidence(ctx, data["evidence"][0]))
    parts = [f"at {plural(len(attended), 'meeting')}" + (f" from {attended[0]} to {attended[-1]}"
                                                         if len(attended) > 1 else "")]
    if work:
        parts.append("works on " + names([a.name for a in answer.answers]))
    if actions:
        parts.append(f"{plural(len(actions), 'action item')} ({open_} open)")
    answer.message = f"{name}: " + "; ".join(parts) + "."
    return answer


def _topic(answer: Answer, ctx: Context, q: Question) -> Answer:
    topic = Topic(q.topic, ctx, q.entities)
    found = find_sections(topic, ctx, q)
    name = topic_name(q, ctx)
    if not found:
        answer.message = f"The notes do not say anything about {name}."
        return answer
    meetings = {m.meeting for m in found}
    dates = sorted(m.date for m in found)
    people: dict[str, float] = {}
    for entity in q.entities:
        for person, data in ctx.edges(entity, "works_on", "in"):
            people[person] = max(people.get(person, 0.0), data.get("weight", 0.0))
    for person, weight in sorted(people.items(), key=lambda kv: -kv[1])[:5]:
        answer.answers.append(ctx.item(person, score=round(weight, 2)))
    first = min(found, key=lambda m: (m.date, -m.heading))
    row = first.sentences[0] if first.sentences else None
    answer.evidence.append(ctx.evidence(first.section, row.line, row.text) if row
                           else ctx.section_evidence(first.section))
    who = f"; most involved: {names([a.name for a in answer.answers])}" if answer.answers else ""
    span = f"{plural(len(found), 'section')} of {plural(len(meetings), 'meeting')}, {dates[0]} to {dates[-1]}"
    answer.message = f"{name}: discussed in {span}{who}. First: {answer.evidence[0].text}"
    return answer


def _evidence(ctx: Context, data: dict) -> Evidence:
    evidence = Evidence(**{k: data[k] for k in _EVIDENCE_FIELDS if k in data})
    evidence.url = ctx.kb.source_link(evidence.source, evidence.line)
    return evidence
