"""Who owns, leads, champions, presented or works on a topic (any words, not only projects)."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace

from kg.ask.context import Context
from kg.ask.credit import ROLE_NOUNS, Credit, attendee_titles, section_credits
from kg.ask.evidence import names, start, topic_name
from kg.ask.question import Question
from kg.ask.registry import intent
from kg.ask.topics import Topic, find_sections
from kg.model import Answer


def _fit(q: Question) -> float:
    return (0.0 if q.topic else -3.0) - (1.0 if q.tokens and q.tokens[0].lower != "who" else 0.0)


@intent(
    "owner",
    help="who owns, leads, champions, presented or is working on something",
    answers="people, best first",
    cues={"own": 3, "owner": 3, "lead": 2.5, "leader": 2.5, "responsible": 3, "in charge": 3,
          "drive": 3, "driver": 2, "maintain": 3, "maintainer": 3, "champion": 4, "present": 3,
          "presenter": 3, "presentation": 1.5, "propose": 3, "proposer": 3, "author": 3,
          "behind": 3, "coordinate": 3, "coordinator": 3, "organise": 3, "organize": 3,
          "organiser": 3, "organizer": 3, "build": 2, "write": 2, "create": 2, "start": 1.5,
          "work on": 2, "point person": 3, "who should|can|do i? ask": 3, "who be the": 1,
          "raise": 2.5, "push for": 2.5, "introduce": 2, "who do": 1, "prototype": 2,
          "implement": 2, "update": 1.5, "give * presentation|talk|demo|update": 2,
          "who run": 2, "look after": 3, "handle": 2, "evangelist": 2, "come up with": 3, "who be ~ing": 1.5,
          "who should|can|do i? talk|speak to|with": 3},
    fit=_fit,
    examples=[
        "who owns the Bramble release?", "who leads Thicket?", "who is responsible for fern-sync?",
        "who's in charge of the website?", "who is championing the plugin API?",
        "who presented the search prototype?", "who gave the Bramble presentation?",
        "who is working on the importer?", "who maintains Thicket?", "who is behind fern-sync?",
        "who proposed the new release process?", "who wrote the migration guide?",
        "who's driving the Bramble 2.0 work?", "who should I ask about the CI?",
        "who is the point person for security?", "who raised the memory leak?",
        "who did the performance analysis?", "who is coordinating the hackathon?",
        "who came up with the plugin API?", "who should I talk to about Thicket?",
        "who is the release manager?", "who is porting the importer?",
    ],
)
def owner(q: Question, ctx: Context) -> Answer:
    """People credited with the work on the topic's sections, strongest and latest first.

    "who is the X evangelist?" asks for a role: whoever the notes give that
    title ("Jane Doe (X evangelist)") comes first.
    """
    answer = start(q, ctx)
    topic = Topic(q.topic, ctx, q.entities)
    nouns = [t.text for t in q.tokens if t.lower in ROLE_NOUNS]
    role_text = " ".join([q.topic, *(n for n in nouns if n not in q.topic.split())])
    role = Topic(role_text.strip(), ctx, q.entities) if nouns else None
    past = _past(q)
    scores, evidence = _scores(q, ctx, topic, role, past)
    if not q.dated and not past:
        _hand_over(scores, evidence)
    titled = {p for p, credits in evidence.items() if any(c.titled for c in credits)}
    strong = {p for p, credits in evidence.items() if any(c.strong for c in credits)}
    ranked = sorted(strong, key=lambda p: (p not in titled, -scores[p]))
    name = topic_name(q, ctx)
    if not ranked:
        answer.message = f"The notes do not show who owns {name}."
        return answer
    best = scores[ranked[0]]
    for person in ranked[:5]:
        if scores[person] < best * 0.25 and person not in titled:
            break
        answer.answers.append(ctx.item(person, score=round(min(1.0, scores[person] / best), 2)))
        top = sorted(evidence[person], key=lambda c: (-c.titled, -c.strong, -c.points, c.date))[:2]
        answer.evidence += [c.evidence for c in top]
    shown = [a.name for a in answer.answers]
    lead = f"{shown[0]} is the {role.text}" if ranked[0] in titled and role else \
        f"{shown[0]} is the most involved in {name}"
    answer.message = lead + (f", then {names(shown[1:])}." if shown[1:] else ".")
    return answer


def _scores(q: Question, ctx: Context, topic: Topic, role: Topic | None, past: bool
            ) -> tuple[dict[str, float], dict[str, list[Credit]]]:
    """Each person's points over the topic's sections, later and fuller sections weighing more.

    Asked in the past tense, taking something over is not having done it.
    """
    matches = find_sections(topic, ctx, q)[:60]
    if role is not None:  # where the role itself is named, if only once ("Jane Doe (release manager)")
        seen = {m.section for m in matches}
        named = find_sections(role, ctx, q, mentions=True)[:20]
        matches = [m for m in named if m.section not in seen] + matches
    dates = sorted({m.date for m in matches})
    recency = {d: 0.75 + 0.5 * i / max(1, len(dates) - 1) for i, d in enumerate(dates)}
    best_coverage = max((m.coverage for m in matches), default=1) or 1
    scores: dict[str, float] = defaultdict(float)
    evidence: dict[str, list[Credit]] = defaultdict(list)
    for credit in attendee_titles(ctx, role, q.in_range if q.dated else None) if role is not None else []:
        scores[credit.person] += credit.points
        evidence[credit.person].append(credit)
    for match in matches:
        fit = min(1.0, match.coverage / best_coverage)  # a section naming all of the topic counts most
        setting = _in_setting(ctx.node(match.section).get("heading") or "", topic)
        for credit in section_credits(ctx, match, topic, role=role):
            if past and credit.takes_over:
                continue
            aside = 0.3 if setting and not (credit.row and topic.matches(credit.row.text)) else 1.0
            credit = replace(credit, points=credit.points * recency.get(credit.date, 1.0) * fit * aside)
            scores[credit.person] += credit.points
            evidence[credit.person].append(credit)
    return scores, evidence


_SETTING_RE = re.compile(r"\s(?:for|in|on|under|with|at|of|via)\s", re.I)


def _in_setting(heading: str, topic: Topic) -> bool:
    """Whether a heading names the topic only as the setting of its subject: "Entropy for
    Mirage/TLS" is about entropy, so a sentence under it that does not name TLS is not TLS work."""
    split = _SETTING_RE.search(heading)
    return bool(split) and topic.matches(heading) and not topic.matches(heading[:split.start()])


_PAST_FORMS = frozenset("was were did led ran wrote drove built gave made took had".split())


def _past(q: Question) -> bool:
    """Whether the question asks about the past ("who maintained ...", "who led ...")."""
    return any(t.lower in _PAST_FORMS or t.lower.endswith("ed") and t.lemma != t.lower for t in q.tokens)


def _hand_over(scores: dict[str, float], evidence: dict[str, list[Credit]]) -> None:
    """For "who maintains X?" now: after the last hand-over, those who had it count for little."""
    handed = [c for credits in evidence.values() for c in credits if c.takes_over]
    if not handed:
        return
    last = max(c.date for c in handed)
    heirs = {c.person for c in handed if c.date == last}
    for person, credits in evidence.items():
        if person not in heirs:
            scores[person] -= 0.7 * sum(c.points for c in credits if c.date <= last)
