"""What someone agreed to do, or the action items about a topic; open or done."""

from __future__ import annotations

from kg.ask.context import Context
from kg.ask.evidence import plural, start, topic_name, when_text
from kg.ask.question import Question
from kg.ask.registry import intent
from kg.ask.topics import Topic
from kg.model import Answer, AnswerItem


def _fit(q: Question) -> float:
    when = bool(q.tokens) and q.tokens[0].lower == "when"
    return (1.0 if q.people else (0.0 if q.topic else -2.0)) - (3.0 if when else 0.0)


@intent(
    "action_items",
    help="what someone agreed to do, or the open action items about something",
    answers="actions (type action: name = the commitment, owners, meeting, done)",
    cues={"agree to": 3, "agree": 2, "promise": 3, "commit": 3, "volunteer": 3, "sign up": 3,
          "take on": 3, "owe": 3, "supposed to": 3, "task": 2, "assign": 2, "action item": 4,
          "=action|=actions": 2, "todo|todos|to-do|to-dos": 3, "to do": 1, "follow up": 1.5,
          "follow-up|follow-ups|followup|followups": 2.5, "on the hook": 3,
          "say * do": 2, "go to do": 2, "need to do": 2, "offer to": 3, "pick up": 2, "commitment": 3},
    fit=_fit,
    examples=[
        "what did Lena agree to do?", "what did Bob agree to do on 2024-01-09?",
        "what does Kwame owe us?", "what did Noor promise to do at the last meeting?",
        "what did Lena commit to in March 2024?", "what did Bob sign up for?",
        "what did Kwame take on during the 2024-05-14 call?", "what was Noor tasked with?",
        "open action items for Bramble", "what are Lena's action items?",
        "what did Bob volunteer for?", "what is Kwame on the hook for?",
        "what did Noor say she would do?", "what was Lena going to do?",
        "which actions are still open for Thicket?", "what did Bob offer to do?",
        "what are the todos for fern-sync?", "what follow-ups came out of the 2024-03-05 call?",
    ],
)
def action_items(q: Question, ctx: Context) -> Answer:
    """The actions owned by the person asked about (or about the topic), oldest first."""
    answer = start(q, ctx)
    if q.people:
        actions = [a for a, _ in ctx.edges(q.people[0], "owns")]
        target = ctx.node(q.people[0])["name"]
    elif not q.topic:  # "what follow-ups came out of the D call?", "what are the open action items?"
        actions = list(ctx.of_type("action"))
        target = ("the " + ", ".join(ctx.date_of(m) for m in q.meetings) + " meeting" if q.meetings
                  else "those meetings" if q.dated else "all meetings")
    else:
        actions = _about(q, ctx)
        target = topic_name(q, ctx)
    actions = [a for a in actions if not q.dated or q.in_range(ctx.node(a)["meeting"], ctx.date_of(a))]
    if q.status == "open":
        actions = [a for a in actions if not ctx.node(a).get("done")]
    elif q.status == "done":
        actions = [a for a in actions if ctx.node(a).get("done")]
    actions.sort(key=lambda a: (ctx.date_of(a), ctx.node(a)["line"]))
    for action in actions:
        node = ctx.node(action)
        said = f"{node['context']} {node['text']}" if node.get("context") else node["text"]
        answer.answers.append(AnswerItem(
            id=action, type="action", name=said, owners=list(node.get("owners", [])),
            meeting=ctx.date_of(action), section=node.get("section"), due=node.get("due"),
            done=bool(node.get("done"))))
        section = next((s for s, _ in ctx.edges(action, "has_action", "in")), None)
        if section:
            answer.evidence.append(ctx.evidence(section, node["line"], node["text"]))
    status = {"open": "open ", "done": "done "}.get(q.status or "", "")
    answer.message = (f"{plural(len(actions), status + 'action item')} for {target}{when_text(q)}."
                      if actions else f"The notes record no {status}action items for {target}{when_text(q)}.")
    return answer


def _about(q: Question, ctx: Context) -> list[str]:
    topic = Topic(q.topic, ctx, q.entities)
    found = []
    for action in ctx.of_type("action"):
        node = ctx.node(action)
        if topic.matches(node["text"]) or topic.matches(node.get("section") or ""):
            found.append(action)
    return found
