"""What a person works on: the topics of the sections where they present, speak and commit."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from functools import partial

from kg.ask.context import Context, SentenceRow, heading_key, structural_headings
from kg.ask.credit import LEAD_RE, section_credits, subject
from kg.ask.evidence import clean_heading, names, start
from kg.ask.question import Question
from kg.ask.registry import intent
from kg.ask.topics import GENERIC, SectionMatch, Topic
from kg.graph import OWNERSHIP_RE
from kg.model import Answer, AnswerItem, Evidence

#: What someone works on is read from their latest sections (of the dates asked, if any).
LATEST = 200


def _fit(q: Question) -> float:
    what = bool(q.tokens) and q.tokens[0].lower in ("what", "which")
    return (1.5 if q.people else -4.0) + (0.5 if what else 0.0)


@intent(
    "person_work",
    help="what someone is working on",
    answers="projects and topics, most involved first",
    cues={"what * work on": 3, "work on": 2, "what * =doing": 1.5, "up to": 2, "busy with": 3,
          "focus on": 3, "involve in|with": 2, "what|which project|topic": 2, "work": 1,
          "spend time on": 3, "responsible for": 1},
    fit=_fit,
    examples=[
        "what is Lena working on?", "what's Bob been up to?", "what does Kwame work on?",
        "what has Noor been doing?", "what was Lena working on in 2024?",
        "what is Bob busy with?", "what is Kwame focused on?", "which projects is Noor involved in?",
        "what projects does Lena work on?", "what has Bob been working on lately?",
        "what is Kwame doing these days?", "what topics is Noor involved with?",
        "what does Lena spend time on?", "what was Bob doing in March 2024?",
        "what's Kwame working on?", "what is Noor responsible for?",
    ],
)
def person_work(q: Question, ctx: Context) -> Answer:
    """Topics ranked by the person's credit in their sections (presenting, speaking, owning)."""
    answer = start(q, ctx)
    if not q.people:
        answer.message = f"The notes name no one called {q.topic or q.text}."
        return answer
    person = q.people[0]
    structural = structural_headings(ctx)
    scores: dict[str, float] = defaultdict(float)
    labels: dict[str, AnswerItem] = {}
    proof: dict[str, Callable[[], Evidence]] = {}  # made only for the topics shown

    def add(key: str, item: AnswerItem, points: float, evidence: Callable[[], Evidence]) -> None:
        scores[key] += points
        labels.setdefault(key, item)
        proof.setdefault(key, evidence)

    sections = [s for s in _sections_of(ctx, person)
                if not q.dated or q.in_range(ctx.node(s)["meeting"], ctx.date_of(s))]
    for section in sorted(sections, key=ctx.date_of, reverse=True)[:LATEST]:
        heading = ctx.node(section).get("heading") or ""
        meeting = ctx.node(section)["meeting"]
        if heading_key(heading) in structural:
            continue
        for project, points, row in _project_statements(ctx, section, person):
            add(project, ctx.item(project), points, partial(ctx.evidence, section, row.line, row.text))
        match = SectionMatch(section, meeting, ctx.date_of(meeting), 0.0, True, [], len(ctx.rows(section)))
        topic = Topic(clean_heading(heading) or heading, ctx)
        points = [c for c in section_credits(ctx, match, topic) if c.person == person]
        key, item = _topic_of(ctx, section, heading)
        if not points or item.type == "project" and ctx.common(item.name, 0.9):
            continue  # the community's own name is everyone's topic
        best = max(points, key=lambda c: c.points)
        add(key, item, sum(c.points if c.strong else c.points / 4 for c in points), lambda c=best: c.evidence)
    ranked = sorted(scores, key=lambda k: -scores[k])
    for key in ranked[:8]:
        if scores[key] < 1.5 and len(answer.answers) >= 3:
            break
        item = labels[key]
        item.score = round(scores[key], 2)
        answer.answers.append(item)
        answer.evidence.append(proof[key]())
    name = ctx.node(person)["name"]
    answer.message = (f"{name} works on {names([a.name for a in answer.answers], 5)}." if answer.answers
                      else f"The notes do not show what {name} works on.")
    return answer


def _project_statements(ctx: Context, section: str, person: str
                        ) -> list[tuple[str, float, SentenceRow]]:
    """Projects named where the person is the subject or speaker ("Yusuf wrote the Bramble README")."""
    found = []
    for row in ctx.rows(section):
        if not row.projects or person not in row.people:
            continue
        if row.speaker != person and subject(ctx, row.text, row.people) != person:
            continue
        points = 3.0 if LEAD_RE.search(row.text) or OWNERSHIP_RE.search(row.text) else 1.0
        found += [(p, points, row) for p in row.projects if not ctx.common(ctx.node(p)["name"], 0.9)]
    return found


def _sections_of(ctx: Context, person: str) -> set[str]:
    sections = {s for s, _ in ctx.edges(person, "mentions", "in")}
    for action, _ in ctx.edges(person, "owns"):
        sections |= {s for s, _ in ctx.edges(action, "has_action", "in")}
    return sections


def _topic_of(ctx: Context, section: str, heading: str) -> tuple[str, AnswerItem]:
    """The project a section is headed by, else its cleaned heading as a topic."""
    label = clean_heading(heading) or heading
    words = [w for w in re.findall(r"\w+", label.lower()) if w not in GENERIC]
    for project, data in ctx.edges(section, "about"):
        if ctx.node(project).get("type") != "project" or data.get("reason") != "heading":
            continue
        named = re.findall(r"\w+", ctx.node(project)["name"].lower())
        if len(named) * 2 >= len(words):  # the heading is mostly the project's name
            return project, ctx.item(project)
    return "topic:" + heading_key(label), AnswerItem(id=section, type="topic", name=label)
