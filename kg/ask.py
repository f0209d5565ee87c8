"""Questions in people's words, answered from the graph and the index, with evidence.

:func:`classify` reads the intent and the thing asked about; :class:`Asker`
links that thing to the graph (aliases, close spellings), reads any date,
and answers from the graph's edges and the sentences stored with them.
Every answer carries its evidence (meeting, section, sentence, source,
line); with no evidence the answer is empty and the message says the notes
do not say.

>>> classify("who's responsible for the Functoria release?")
('owner', 'Functoria release')
>>> classify("all Qubes discussions")
('discussions', 'Qubes')
>>> classify("when did we last discuss Outreachy?")
('when', 'Outreachy')
>>> classify("what did Hannes agree to do?")
('action_items', 'Hannes')
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kg.dates import MONTHS, find_dates

if TYPE_CHECKING:
    from kg.api import KnowledgeBase

_S = r"(?:the\s+)?"
_THING = r"(?P<x>.+?)"
_END = r"\s*[?.!]*\s*$"
_TAIL = r"(?:\s+(?:on|at|in|during|for|since|from|this|last)\s+[^?]*)?"
_CALL = r"(?:call|meeting|sync|standup|stand-up|session|one)"

#: (intent, pattern) in order of precedence; ``x`` is the thing asked about.
INTENTS: list[tuple[str, re.Pattern[str]]] = [(intent, re.compile(p, re.I)) for intent, p in [
    ("when", rf"^when\s+(?:did|do|was|were|have)\s+(?:we|they|people|you)?\s*(?:first|last|most recently|"
             rf"initially|originally)?\s*(?:discuss|discussed|talk(?:ed)?\s+about|mention(?:ed)?|"
             rf"cover(?:ed)?|bring\s+up|brought\s+up|hear\s+about)\s+{_THING}(?:\s+(?:first|last))?"
             rf"(?:\s+(?:discussed|mentioned|talked about|come up|came up))?{_END}"),
    ("when", rf"^when\s+(?:was|were|did)\s+{_THING}\s+(?:first|last)?\s*(?:discussed|mentioned|"
             rf"talked about|come up|came up|brought up|on the agenda){_END}"),
    ("when", rf"^(?:the\s+)?(?:last|latest|first|most\s+recent)\s+time\s+(?:we|they|people|anyone)\s+"
             rf"(?:discussed|talked\s+about|mentioned|covered|brought\s+up)\s+{_THING}{_END}"),
    ("when", rf"^when\s+did\s+(?:the\s+)?{_THING}\s+(?:discussions?|conversations?|talks?|work)\s+"
             rf"(?:start|begin|end|stop|first\s+come\s+up|come\s+up){_END}"),
    ("chair", rf"^who\s+(?:chaired|ran|led|hosted|facilitated|moderated|was\s+(?:the\s+)?chair(?:ing)?|"
              rf"is\s+(?:the\s+)?chair|was\s+chairing)\s*(?:of|for|at|on|in)?\s*{_THING}?{_END}"),
    ("action_items", rf"^what\s+(?:did|does|has|will|is|should)\s+{_THING}\s+(?:agree(?:d)?\s+to\s+do|"
                     rf"promise(?:d)?(?:\s+to\s+do)?|commit(?:ted)?\s+to(?:\s+do)?|volunteer(?:ed)?\s+"
                     rf"(?:to\s+do|for)|(?:have|has|need)\s+to\s+do|supposed\s+to\s+do|take\s+on|"
                     rf"sign(?:ed)?\s+up\s+for|owe|going\s+to\s+do|do\s+next|take\s+on|took\s+on|"
                     rf"get\s+assigned|get\s+tasked\s+with|"
                     rf"say\s+(?:he|she|they)\s+would\s+do)(?:\s+(?:on|at|in|during|for|since)\s+[^?]*)?{_END}"),
    ("action_items", rf"^what\s+(?:was|is|were|are)\s+{_THING}\s+(?:tasked\s+with|assigned|asked\s+to\s+do|"
                     rf"going\s+to\s+do|supposed\s+to\s+do|meant\s+to\s+do|responsible\s+for\s+doing)"
                     rf"{_TAIL}{_END}"),
    ("action_items", rf"^(?:what\s+are\s+|list\s+|show\s+(?:me\s+)?)?(?:the\s+)?(?:open\s+|outstanding\s+|"
                     rf"pending\s+)?(?:action\s+items?|actions|todos?|tasks|follow[- ]ups?)\s+"
                     rf"(?:for|of|on|about|owned by|assigned to)\s+{_THING}{_END}"),
    ("action_items", rf"^(?:what\s+are\s+)?{_THING}'s?\s+(?:open\s+)?(?:action\s+items?|actions|todos?|"
                     rf"tasks){_END}"),
    ("issues", rf"^(?:which|what)\s+{_THING}\s+(?:issues|tickets|prs|pull\s+requests|bugs)\s+"
               rf"(?:have\s+been|were|got|came\s+up|are)?\s*(?:referenced|mentioned|discussed|raised|"
               rf"linked|up)?{_END}"),
    ("issues", rf"^(?:is\s+there|was\s+there|do\s+we\s+have)\s+(?:an?\s+)?(?:github\s+)?(?:issue|ticket|pr|"
               rf"pull\s+request|bug)\s+(?:for|about|on|tracking)\s+{_THING}{_END}"),
    ("issues", rf"^(?:which|what)\s+(?:github\s+)?(?:issue|ticket|pr|pull\s+request)\s+(?:tracked|tracks|"
               rf"was|is|covered|covers|was\s+opened\s+for|is\s+about|was\s+about)\s+{_THING}{_END}"),
    ("issues", rf"^(?:which|what|list|show(?:\s+me)?|any)\s+(?:github\s+)?(?:issues|prs|pull\s+requests|"
               rf"tickets|bugs)\s+(?:came\s+up|were\s+(?:mentioned|discussed|raised|referenced)|"
               rf"are\s+there|did\s+we\s+(?:discuss|mention)|(?:did|have)\s+we\s+(?:hit|had|have|see|seen|"
               rf"saw|run\s+into|ran\s+into|open|opened|file|filed)(?:\s+with)?)?\s*(?:about|for|on|in|regarding|"
               rf"related\s+to|concerning)?\s*{_THING}{_END}"),
    ("person_work", rf"^what\s+(?:is|was|has|are)\s+{_THING}\s+(?:been\s+)?(?:working\s+on|"
                    rf"doing|up\s+to|busy\s+with|focus(?:ed|ing)\s+on|involved\s+(?:in|with)){_TAIL}{_END}"),
    ("person_work", rf"^what(?:'s|\s+is|\s+has)\s+{_THING}\s+(?:been\s+)?(?:working\s+on|doing|up\s+to|"
                    rf"busy\s+with|focus(?:ed|ing)\s+on){_TAIL}{_END}"),
    ("person_work", rf"^what\s+(?:does|did)\s+{_THING}\s+work\s+on{_END}"),
    ("person_work", rf"^(?:what|which)\s+projects?\s+(?:is|does|did|was|has)\s+{_THING}\s+"
                    rf"(?:working\s+on|work\s+on|involved\s+in|contribute\s+to|been\s+working\s+on)"
                    rf"{_END}"),
    ("owner", rf"^who(?:'s|\s+is|\s+was|\s+are|\s+were)?\s+(?:the\s+)?(?:owns?|owner\s+of|owners\s+of|"
              rf"responsible\s+for|in\s+charge\s+of|leading|lead(?:s|er\s+of|\s+on|\s+for)?|"
              rf"driv(?:es|ing)|maintain(?:s|ing|er\s+of)|maintainers?\s+of|running|runs|looking\s+after|"
              rf"handling|behind|point\s+person\s+for|working\s+on|works\s+on|on|organi[sz](?:ing|es)|"
              rf"coordinat(?:ing|es)|building|builds|writing|doing|wrote|built|created|started|made|"
              rf"re?sp?ons?i?ble\s+for|resposible\s+for)\s+{_THING}{_END}"),
    ("owner", rf"^who\s+(?:should\s+I\s+ask|do\s+I\s+ask|can\s+I\s+ask|to\s+ask)\s+about\s+{_THING}{_END}"),
    ("participants", rf"^who\s+(?:took\s+part\s+in|participated\s+in|was\s+(?:in|part\s+of|involved\s+in)|"
                     rf"were\s+(?:in|part\s+of|involved\s+in)|joined|contributed\s+to)\s+(?:the\s+)?{_THING}\s+"
                     rf"(?:discussions?|conversations?|talks?|demo|debate|thread|session){_TAIL}{_END}"),
    ("participants", rf"^who\s+(?:has|have|had)\s+(?:talked|spoken|commented)\s+(?:about|on)\s+"
                     rf"{_THING}{_END}"),
    ("participants", rf"^who\s+(?:spoke|talked|was\s+talking|commented|had\s+something\s+to\s+say)\s+"
                     rf"(?:about|on)\s+{_THING}{_END}"),
    ("participants", rf"^who\s+(?:took\s+part\s+in|participated\s+in|was\s+involved\s+in|joined|"
                     rf"contributed\s+to)\s+(?:the\s+)?(?:discussions?|conversations?|talks?)\s+"
                     rf"(?:of|about|on)\s+{_THING}{_END}"),
    ("participants", rf"^who\s+(?:discussed|mentioned|brought\s+up|raised)\s+{_THING}{_END}"),
    ("attendance", rf"^(?:which|what)\s+(?:calls|meetings|ones|sessions)\s+(?:did|has|have)\s+{_THING}\s+"
                   rf"(?:attend(?:ed)?|join(?:ed)?|go\s+to|been\s+(?:to|at)|come\s+to|make\s+it\s+to)"
                   rf"{_TAIL}{_END}"),
    ("attendance", rf"^(?:which|what)\s+(?:calls|meetings|ones|sessions)\s+(?:was|were|is)\s+{_THING}\s+"
                   rf"(?:at|on|in|present\s+(?:at|for)){_TAIL}{_END}"),
    ("attendance", rf"^(?:which|what)\s+(?:people|persons|folks|attendees)\s+(?:were|was)\s+(?:on|at|in)\s+"
                   rf"{_THING}?{_END}"),
    ("attendance", rf"^how\s+many\s+(?:calls|meetings)\s+(?:did|has)\s+{_THING}\s+(?:attend(?:ed)?|"
                   rf"join(?:ed)?|been\s+(?:to|at)){_END}"),
    ("attendance", rf"^when\s+(?:did|was|has)\s+{_THING}\s+(?:attend(?:ed)?|join(?:ed)?|"
                   rf"(?:on|at)\s+the\s+calls?|been\s+to\s+a\s+(?:call|meeting)){_END}"),
    ("attendance", rf"^who\s+(?:was|were|attended|joined|came|showed\s+up|was\s+present|were\s+present)"
                   rf"\s*(?:at|in|on|to|for)?\s*{_THING}?{_END}"),
    ("attendance", rf"^(?:list\s+)?(?:the\s+)?(?:attendees|participants|people)\s+(?:of|at|in|on)\s+"
                   rf"{_THING}{_END}"),
    ("discussions", rf"^(?:show\s+(?:me\s+)?|list\s+|find\s+)?(?:all|every|each)\s+(?:the\s+)?{_THING}\s+"
                    rf"(?:discussions?|conversations?|mentions?|sections?|notes|talks?|updates?){_END}"),
    ("discussions", rf"^(?:show\s+(?:me\s+)?|list\s+|find\s+)?(?:all|every|the)\s+(?:discussions?|"
                    rf"conversations?|mentions?|sections?|notes|updates?)\s+(?:of|about|on|regarding|"
                    rf"mentioning)\s+{_THING}{_END}"),
    ("discussions", rf"^(?:tell\s+me\s+)?everything\s+(?:we\s+(?:said|discussed|know)\s+|"
                    rf"that\s+was\s+said\s+)?(?:about|on|regarding)\s+{_THING}{_END}"),
    ("discussions", rf"^(?:show\s+(?:me\s+)?|list\s+|find\s+|give\s+me\s+)?(?:the\s+)?{_THING}\s+"
                    rf"(?:discussions|conversations|sections|discussion\s+history){_END}"),
    ("discussions", rf"^where\s+(?:did|do|have)\s+(?:we|they|people)\s+(?:talk(?:ed)?\s+about|discuss(?:ed)?|"
                    rf"mention(?:ed)?|cover(?:ed)?)\s+{_THING}{_END}"),
    ("discussions", rf"^where\s+(?:was|were|is|are)\s+{_THING}\s+(?:discussed|mentioned|talked\s+about|"
                    rf"covered){_END}"),
    ("discussions", rf"^what\s+(?:was|has\s+been|did\s+we)\s+(?:said|discussed|say|discuss)\s+"
                    rf"(?:about|on|regarding)\s+{_THING}{_END}"),
    ("discussions", rf"^(?:which|what)\s+(?:calls|meetings)\s+(?:discussed|talked\s+about|covered|"
                    rf"mentioned)\s+{_THING}{_END}"),
]]

_STOP = {"the", "a", "an", "our", "this", "that", "of", "about", "on", "for", "to", "in", "any",
         "all", "we", "did", "do", "is", "was", "what", "who", "when", "where", "which", "how"}


_WEAK = {"release", "work", "discussion", "update", "rewrite", "plans", "status", "stuff", "things",
         "effort", "issue", "issues", "bug", "problem", "new", "getting", "into", "with", "from"}
_GENERIC_TAIL = {"release", "releases", "work", "project", "library", "lib", "port", "team", "effort",
                 "discussion", "discussions", "update", "updates", "status", "plans", "plan", "stuff",
                 "things", "talk", "programme", "program", "website", "site", "repo",
                 "repository", "code", "stream", "initiative", "migration", "patchset", "patch",
                 "patches", "support", "integration", "stack", "bindings", "tool", "tooling"}


def classify(question: str) -> tuple[str, str]:
    """``(intent, thing asked about)``; ``("search", question)`` if no pattern fits."""
    text = re.sub(r"\s+", " ", question.strip())
    text = re.sub(r"^(?:hey|so|ok|okay|please|kg)[,:]?\s+", "", text, flags=re.I)
    text = re.sub(r"^(?:can|could)\s+you\s+(?:tell\s+me\s+|show\s+me\s+)?", "", text, flags=re.I)
    text = re.sub(r"^(?:do\s+you\s+know\s+|tell\s+me\s+)(?=who|what|when|where|which)", "", text,
                  flags=re.I)
    for intent, pattern in INTENTS:
        match = pattern.match(text)
        if match:
            thing = (match.groupdict().get("x") or "").strip(" ?.!'\"")
            thing = re.sub(r"^(?:the|a|an|our)\s+", "", thing, flags=re.I)
            return intent, thing
    return "search", text.strip(" ?.!")


@dataclass
class Answer:
    """An answer: intent, linked entities, answers and their evidence."""

    question: str
    intent: str
    entities: list[dict[str, Any]] = field(default_factory=list)
    answers: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    message: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"question": self.question, "intent": self.intent, "entities": self.entities,
                "answers": self.answers, "evidence": self.evidence, "message": self.message}


_MONTH_DAY_RE = re.compile(
    r"\b(?:(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>[a-z]{3,9})|(?P<m2>[a-z]{3,9})\.?\s+"
    r"(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?)\b(?!,?\s*\d{4})", re.I)
_RELATIVE_RE = re.compile(r"\b(?P<which>last|latest|most recent|previous|first|earliest|newest)\s+"
                          rf"{_CALL}\b", re.I)


class Asker:
    """Answers questions over one :class:`~kg.api.KnowledgeBase`."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.graph = kb.graph
        self._action_index: dict[tuple[str, int], str] | None = None
        self._meetings: list[tuple[str, str]] = sorted(
            ((n, d["date"]) for n, d in self.graph.nodes(data=True)
             if d.get("type") == "meeting" and d.get("date")), key=lambda m: m[1])

    # -- reading the question -------------------------------------------------

    def meeting_dates(self, text: str) -> tuple[list[str], str]:
        """The meetings a question names by date; returns ``(meeting ids, text without the date)``."""
        meetings = self._meetings
        found: list[str] = []
        rest = text
        for _offset, date in find_dates(text):
            iso = date.isoformat()
            found += [m for m, d in meetings if d == iso] or [f"missing:{iso}"]
        if not found:
            for match in _MONTH_DAY_RE.finditer(text):
                month_text = (match.group("m1") or match.group("m2") or "").lower()[:3]
                day = int(match.group("d1") or match.group("d2"))
                if month_text in MONTHS:
                    month = MONTHS[month_text]
                    same = [m for m, d in meetings if int(d[5:7]) == month and int(d[8:10]) == day]
                    found += same[-1:] or [f"missing:--{month:02d}-{day:02d}"]
                    rest = rest.replace(match.group(0), " ")
        if not found:
            month_year = re.search(r"\b(?P<m>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
                                   r",?\s+(?P<y>(?:19|20)\d\d)\b|\b(?:in|of|during)\s+(?P<y2>(?:19|20)\d\d)\b",
                                   text, re.I)
            if month_year:
                if month_year.group("y2"):
                    prefix = month_year.group("y2") + "-"
                else:
                    prefix = f"{month_year.group('y')}-{MONTHS[month_year.group('m').lower()]:02d}-"
                found = [m for m, d in meetings if d.startswith(prefix)] or [f"missing:{prefix}"]
        relative = _RELATIVE_RE.search(text)
        if relative and meetings and (not found or all(f.startswith("missing:") for f in found)
                                      or len(found) > 1):
            which = relative.group("which").lower()
            pool = [(m, d) for m, d in meetings if m in found] or meetings
            found = [pool[0][0] if which in ("first", "earliest") else pool[-1][0]]
            rest = rest.replace(relative.group(0), " ")
        for _, date in find_dates(rest):
            rest = re.sub(re.escape(date.isoformat()), " ", rest)
        month = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
                 r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
        day = r"[0-3]?\d(?:st|nd|rd|th)?"
        rest = re.sub(rf"(?:\b(?:on|at|in|from|of|for|during)\s+)?(?:\b{day}\s+(?:of\s+)?{month}\b"
                      rf"(?:,?\s+\d{{4}})?|\b{month}\s+{day}\b(?:,?\s+\d{{4}})?|\b{month}\s+\d{{4}}\b|"
                      r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{4}\b|\bin\s+(?:19|20)\d\d\b)", " ", rest,
                      flags=re.I)
        rest = re.sub(r"\b(?:the\s+)?(?:call|meeting|standup|stand-up)s?\b", " ", rest, flags=re.I)
        rest = re.sub(r"\s+", " ", rest).strip(" ?,.")
        rest = re.sub(r"(?:\s+(?:on|at|in|from|of|for|during|the))+$", "", rest, flags=re.I)
        return list(dict.fromkeys(found)), rest

    def link(self, thing: str, types: tuple[str, ...] = ("person", "project", "issue")
             ) -> list[str]:
        """Entities named by *thing*: the whole phrase, else its longest known n-gram."""
        thing = re.sub(r"'s\b", "", thing).strip(" ?.,'\"")
        if not thing:
            return []
        found = self.kb.lookup(thing, types)
        if found:
            return found
        parts = re.split(r"\s+(?:or|and|&)\s+|\s*/\s*", thing)
        if len(parts) > 1:
            linked = [i for part in parts for i in self.link(part, types)]
            if linked and all(self.link(part, types) for part in parts):
                return list(dict.fromkeys(linked))
        words = [w for w in re.findall(r"[\w.#/+-]+", thing)]
        for size in range(min(4, len(words)), 0, -1):
            for start in range(len(words) - size + 1):
                gram = words[start:start + size]
                rest = words[:start] + words[start + size:]
                if size == 1 and (gram[0].lower() in _STOP or len(gram[0]) < 3):
                    continue
                if any(w.lower() not in _STOP | _GENERIC_TAIL for w in rest):
                    continue  # "Quantum Sync" is not "Sync"
                found = self.kb.lookup(" ".join(gram), types, fuzzy=size > 1 or len(gram[0]) >= 5)
                if found:
                    return found
        return []

    # -- answering ------------------------------------------------------------

    def ask(self, question: str) -> Answer:
        intent, thing = classify(question)
        meetings, _ = self.meeting_dates(question)
        thing_wo_date = self.meeting_dates(thing)[1]
        handler = getattr(self, f"_{intent}")
        answer = Answer(question=question, intent=intent)
        handler(answer, thing_wo_date if intent not in ("search",) else question, meetings)
        for item in answer.evidence:
            link = self.kb.source_link(item.get("source") or "", item.get("line") or 1)
            if link:
                item["url"] = link
        if not answer.answers and not answer.message:
            answer.message = "The notes do not say."
        return answer

    def _entity(self, node: str) -> dict[str, Any]:
        data = self.graph.nodes[node]
        return {"id": node, "type": data["type"], "name": data["name"]}

    def _sentences(self, section: str) -> list[list[Any]]:
        return self.kb.sentences().get(section, [])

    def _evidence(self, section: str, line: int, text: str) -> dict[str, Any]:
        data = self.graph.nodes[section]
        meeting = self.graph.nodes[data["meeting"]]
        return {"meeting": meeting.get("date") or data["meeting"], "section": data["name"],
                "text": text, "source": meeting.get("source"), "line": line,
                "meeting_id": data["meeting"], "section_id": section}

    def _topic_sections(self, thing: str, meetings: list[str] | None = None, least: int = 2
                        ) -> tuple[list[str], list[str]]:
        """Sections about *thing*: ``(entity ids, section ids)``, oldest first.

        A linked project's sections are those the graph says are about it; for
        anything else, sections whose heading names it or that name it twice.
        """
        ids = self.link(thing, ("project", "issue", "person"))
        projects = [i for i in ids if self.graph.nodes[i]["type"] == "project"]
        sections: list[str] = []
        if projects:
            for project in projects:
                sections += [s for s, _ in self._edges(project, "about", "in")
                             if self.graph.nodes[s]["type"] == "section"]
                if least <= 1:
                    sections += [s for s, _ in self._edges(project, "mentions", "in")]
        else:
            words = self._topic_words(thing, ids)
            if words:
                patterns = self._topic_patterns(words)
                for hit in self._topic_hits(words):
                    node = self.graph.nodes.get(hit.section_id)
                    if node is None:
                        continue
                    text = " ".join(s[1] for s in self._sentences(hit.section_id))
                    heading = node.get("heading") or ""
                    if all(p.search(heading) for p in patterns) or \
                            min(len(p.findall(text + " " + heading)) for p in patterns) >= least:
                        sections.append(hit.section_id)
        if meetings:
            sections = [s for s in sections if self.graph.nodes[s]["meeting"] in meetings]
        sections = sorted(set(sections), key=lambda s: (self._date(s), self.graph.nodes[s]["index"]))
        return ids, sections

    def _mention_sections(self, thing: str, meetings: list[str]) -> tuple[list[str], list[str]]:
        ids = self.link(thing, ("project", "issue", "person"))
        sections = set()
        for node in ids:
            for section, _ in self._edges(node, "mentions", "in") + self._edges(node, "about", "in"):
                data = self.graph.nodes[section]
                if data.get("type") == "section" and data.get("meeting") in meetings:
                    sections.add(section)  # actions are "about" projects too: not sections
        if not ids:
            pattern = self._topic_regex(self._topic_words(thing, ids) or [thing])
            for meeting in meetings:
                for section, _ in self._edges(meeting, "has_section"):
                    if any(pattern.search(row[1]) for row in self._sentences(section)):
                        sections.add(section)
        return ids, sorted(sections, key=lambda s: self.graph.nodes[s]["index"])

    def _topic_hits(self, words: list[str]) -> list[Any]:
        """Sections for a topic: all its words if possible, else any, if each word occurs."""
        query = " ".join(words)
        expand = self.kb._expansions(query)
        hits, _ = self.kb.index().search(query, limit=300, expand=expand)
        if not hits and len(words) > 1:
            hits, _ = self.kb.index().search(query, limit=300, any_word=True, expand=expand)
            texts = [" ".join(row[1] for row in self._sentences(h.section_id)) + " " + h.section
                     for h in hits]
            if not all(any(p.search(t) for t in texts) for p in self._topic_patterns(words)):
                return []  # "Quantum Sync" is not about Sync when Quantum never occurs
        return hits

    def _topic_patterns(self, words: list[str]) -> list[re.Pattern[str]]:
        """One pattern per core word (or any alias of the project it names)."""
        patterns = []
        for word in self._core(words):
            forms = [word]
            for node in self.kb.lookup(word, ("project",)) if len(word) >= 3 else []:
                data = self.graph.nodes[node]
                forms += [data["name"], *data.get("aliases", [])]
            patterns.append(re.compile("|".join(self._topic_regex([f]).pattern for f in forms), re.I))
        return patterns

    @staticmethod
    def _core(words: list[str]) -> list[str]:
        core = [w for w in words if w.lower() not in _WEAK]
        return core or words

    def _topic_words(self, thing: str, ids: list[str]) -> list[str]:
        words = [w for w in re.findall(r"[\w.#/+-]+", thing) if w.lower() not in _STOP]
        core = [w for w in words if w.lower() not in ("work", "stuff", "things", "effort")]
        return core or words

    @staticmethod
    def _topic_regex(words: list[str]) -> re.Pattern[str]:
        from kg.index import light_stem

        core = [w for w in words if w.lower() not in _WEAK]
        forms = []
        for word in core or words:
            stem = light_stem(word.lower())
            forms.append(rf"\b{re.escape(stem)}\w*" if len(stem) >= 3 and word.isalpha()
                         else rf"\b{re.escape(word)}")
        return re.compile("|".join(forms), re.I)

    def _date(self, section: str) -> str:
        return self.graph.nodes[self.graph.nodes[section]["meeting"]].get("date") or ""

    def _edges(self, node: str, relation: str, direction: str = "out") -> list[tuple[str, dict]]:
        from kg.graph import neighbours

        return neighbours(self.graph, node, relation, direction)

    def _mention_sentence(self, section: str, ids: list[str], words: list[str] | None = None
                          ) -> tuple[int, str] | None:
        pattern = self._topic_regex(words) if words else None
        for line, text, _, people, projects, *_ in self._sentences(section):
            if set(ids) & set(people + projects) or (pattern and pattern.search(text)):
                return line, text
        return None

    def _discussions(self, answer: Answer, thing: str, meetings: list[str], least: int = 2) -> None:
        ids, sections = self._topic_sections(thing, meetings, least)
        answer.entities = [self._entity(i) for i in ids[:3]]
        words = self._topic_words(thing, ids)
        for section in sections:
            node = self.graph.nodes[section]
            answer.answers.append({"id": section, "type": "section", "name": node["name"],
                                   "meeting": self._date(section), "section": node["name"]})
            found = self._mention_sentence(section, ids, words)
            line, text = found if found else (node["line"], node["name"])
            answer.evidence.append(self._evidence(section, line, text))
        name = answer.entities[0]["name"] if answer.entities else thing
        if sections:
            meetings_count = len({self.graph.nodes[s]["meeting"] for s in sections})
            answer.message = (f"{name} was discussed in {len(sections)} section(s) of "
                              f"{meetings_count} meeting(s), from {self._date(sections[0])} to "
                              f"{self._date(sections[-1])}.")
        else:
            answer.message = f"The notes do not say anything about {name}."

    def _when(self, answer: Answer, thing: str, meetings: list[str]) -> None:
        self._discussions(answer, thing, meetings, least=1)
        if not answer.answers:
            return
        first = re.search(r"\b(?:first|initially|originally|earliest|start|started|begin|began)\b",
                          answer.question, re.I)
        pick = 0 if first else -1
        chosen = answer.answers[pick]
        evidence = answer.evidence[pick]
        meeting = self.graph.nodes[chosen["id"]]["meeting"]
        answer.answers = [{"id": meeting, "type": "meeting", "name": chosen["meeting"],
                           "section": chosen["section"]}]
        answer.evidence = [evidence]
        name = answer.entities[0]["name"] if answer.entities else thing
        answer.message = (f"{name} was {'first' if first else 'last'} discussed on "
                          f"{chosen['meeting']} ({chosen['section']}).")

    def _owner(self, answer: Answer, thing: str, meetings: list[str]) -> None:
        ids = self.link(thing, ("project", "issue"))
        projects = [i for i in ids if self.graph.nodes[i]["type"] == "project"]
        answer.entities = [self._entity(i) for i in ids[:3]]
        scores: Counter[str] = Counter()
        evidence: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for project in projects:
            for person, data in self._edges(project, "works_on", "in"):
                if data.get("count", 0) < 2 and all(e.get("points", 0) < 1.5
                                                    for e in data.get("evidence", [])):
                    continue  # one passing mention is no evidence of ownership
                scores[person] += data["weight"]
                evidence[person] += data.get("evidence", [])
        if not scores:
            self._owner_from_text(answer, thing, ids, scores, evidence)
        if not scores:
            name = answer.entities[0]["name"] if answer.entities else thing
            answer.message = f"The notes do not show who owns {name}."
            return
        total = sum(scores.values())
        top = scores.most_common(5)
        best = top[0][1]
        for person, score in top:
            if score < best * 0.25:
                break
            answer.answers.append({**self._entity(person), "score": round(score / total, 3)})
            for item in sorted(evidence[person], key=lambda e: -e.get("points", 0))[:2]:
                answer.evidence.append({k: item[k] for k in ("meeting", "section", "text", "source",
                                                             "line")})
        names = [a["name"] for a in answer.answers]
        thing_name = answer.entities[0]["name"] if answer.entities else thing
        meeting_count = len({e["meeting"] for p in names for e in answer.evidence})
        answer.message = (f"{names[0]} is the most involved in {thing_name}"
                          + (f", then {', '.join(names[1:])}" if names[1:] else "")
                          + f" ({meeting_count} meeting(s) of evidence).")

    def _owner_from_text(self, answer: Answer, thing: str, ids: list[str],
                         scores: Counter[str], evidence: dict[str, list[dict[str, Any]]]) -> None:
        """For a thing that is not a known project: people in the paragraphs that name it.

        A sentence counts more when it names more of the topic's words, when its
        verb leads or does the work, and for its subject more than for others
        named in it; someone with no such sentence is not an owner.
        """
        from kg.graph import LEAD_RE, OWNERSHIP_RE

        words = self._topic_words(thing, ids)
        if not words:
            return
        patterns = self._topic_patterns(words)
        any_word = self._topic_regex(words)
        actions = self._actions_by_line()
        strong: set[str] = set()
        for hit in self._topic_hits(words)[:100]:
            rows = self._sentences(hit.section_id)
            whole = " ".join(row[1] for row in rows) + " " + hit.section
            if sum(1 for p in patterns if p.search(whole)) * 2 < len(patterns):
                continue
            paragraphs = {row[2] for row in rows if any_word.search(row[1])}
            headed = any(p.search(hit.section) for p in patterns)
            for line, text, paragraph, people, _, *rest in rows:
                if paragraph not in paragraphs:
                    continue
                speaker = rest[0] if rest else None
                named = sum(1 for p in patterns if p.search(text))
                others = [p for p in people if p != speaker]
                subject = self._subject(re.sub(r"^[^:]{1,40}:\s*", "", text), others or people)
                for person in people:
                    action = actions.get((hit.meeting_id, line))
                    owns = action and person in {u for u, _ in self._edges(action, "owns", "in")}
                    base = 3.0 if owns else 5.0 if LEAD_RE.search(text) else \
                        2.0 if OWNERSHIP_RE.search(text) else 0.5
                    if person != subject and not owns:
                        base = min(base, 0.5) if person == speaker else base * 0.5
                    if base >= 2 and (named or headed):
                        strong.add(person)
                    points = base * (1 + named)
                    scores[person] += points
                    evidence[person].append({**self._evidence(hit.section_id, line, text),
                                             "points": points})
        for person in list(scores):
            if person not in strong:
                del scores[person]

    def _actions_by_line(self) -> dict[tuple[str, int], str]:
        if self._action_index is None:
            self._action_index = {(self.graph.nodes[a]["meeting"], self.graph.nodes[a]["line"]): a
                                  for a, d in self.graph.nodes(data=True) if d.get("type") == "action"}
        return self._action_index

    def _subject(self, text: str, people: list[str]) -> str | None:
        """The person named first in a sentence (its likely subject)."""
        best, where = None, len(text) + 1
        for person in people:
            data = self.graph.nodes[person]
            for alias in [data["name"], *data.get("aliases", [])]:
                if len(alias) < 2:
                    continue
                match = re.search(rf"(?<!\w){re.escape(alias)}(?!\w)", text)
                if match and match.start() < where:
                    best, where = person, match.start()
        return best

    def _people_in(self, sections: list[str], ids: list[str]) -> tuple[Counter[str], dict]:
        counts: Counter[str] = Counter()
        evidence: dict[str, dict[str, Any]] = {}
        for section in sections:
            for line, text, _, people, *_ in self._sentences(section):
                for person in people:
                    if person in ids:
                        continue
                    counts[person] += 1
                    evidence.setdefault(person, self._evidence(section, line, text))
        return counts, evidence

    def _participants(self, answer: Answer, thing: str, meetings: list[str]) -> None:
        ids, sections = self._topic_sections(thing, meetings)
        if meetings and not sections:  # on a given day, any section that names it
            ids, sections = self._mention_sections(thing, meetings)
        answer.entities = [self._entity(i) for i in ids[:3]]
        counts, evidence = self._people_in(sections, ids)
        for person, count in counts.most_common():
            answer.answers.append({**self._entity(person), "score": count})
            answer.evidence.append(evidence[person])
        name = answer.entities[0]["name"] if answer.entities else thing
        if answer.answers:
            answer.message = (f"{len(answer.answers)} people took part in the discussion of {name}: "
                              + ", ".join(a["name"] for a in answer.answers[:6]) + ".")
        else:
            answer.message = f"The notes do not show anyone discussing {name}."

    def _meeting_by_date(self, answer: Answer, meetings: list[str]) -> list[str]:
        real = [m for m in meetings if m in self.graph]
        if not real:
            missing = [m.split(":", 1)[1] for m in meetings if m.startswith("missing:")]
            answer.message = (f"There is no meeting on {missing[0]} in the notes." if missing else
                              "Which meeting? Name a date, or say the first or last meeting.")
        return real

    def _attendance(self, answer: Answer, thing: str, meetings: list[str]) -> None:
        people = self.link(thing, ("person",)) if thing else []
        by_person = re.match(r"^(?:which|what|how|when)\b", answer.question.strip(), re.I)
        if people and (not meetings or by_person):
            person = people[0]
            answer.entities = [self._entity(person)]
            attended = sorted((m for m, _ in self._edges(person, "attended")
                               if not meetings or m in meetings),
                              key=lambda m: self.graph.nodes[m].get("date") or "")
            for meeting in attended:
                node = self.graph.nodes[meeting]
                answer.answers.append({"id": meeting, "type": "meeting",
                                       "name": node.get("date") or meeting, "title": node["name"]})
                answer.evidence.append(self._attendee_evidence(meeting, person))
            name = self.graph.nodes[person]["name"]
            answer.message = (f"{name} attended {len(attended)} meeting(s)"
                              + (f", from {answer.answers[0]['name']} to {answer.answers[-1]['name']}."
                                 if attended else "."))
            return
        for meeting in self._meeting_by_date(answer, meetings):
            node = self.graph.nodes[meeting]
            answer.entities.append({"id": meeting, "type": "meeting", "name": node.get("date")})
            for person, data in self._edges(meeting, "attended", "in"):
                answer.answers.append({**self._entity(person), "role": data.get("role")})
            answer.evidence.append(self._attendee_evidence(meeting))
            answer.message = (f"{len(answer.answers)} people attended the {node.get('date')} meeting: "
                              + ", ".join(a["name"] for a in answer.answers) + ".")

    def _attendee_evidence(self, meeting: str, person: str | None = None) -> dict[str, Any]:
        node = self.graph.nodes[meeting]
        written = node.get("attendees_written") or []
        line = node.get("attendee_line") or 1
        return {"meeting": node.get("date") or meeting, "section": "Attendees",
                "text": "Attendees: " + ", ".join(written), "source": node.get("source"),
                "line": line, "meeting_id": meeting}

    def _chair(self, answer: Answer, thing: str, meetings: list[str]) -> None:
        if not meetings:
            people = self.link(thing, ("person",)) if thing else []
            if people:
                self._chaired_by(answer, people[0])
                return
        for meeting in self._meeting_by_date(answer, meetings):
            node = self.graph.nodes[meeting]
            answer.entities.append({"id": meeting, "type": "meeting", "name": node.get("date")})
            chair = node.get("chair")
            if chair:
                answer.answers.append(self._entity(chair))
                answer.evidence.append(self._attendee_evidence(meeting))
                answer.message = f"{self.graph.nodes[chair]['name']} chaired the {node.get('date')} meeting."
            else:
                answer.message = f"The notes of the {node.get('date')} meeting do not name a chair."

    def _chaired_by(self, answer: Answer, person: str) -> None:
        answer.entities = [self._entity(person)]
        for meeting, data in self._edges(person, "attended"):
            if data.get("role") == "chair":
                node = self.graph.nodes[meeting]
                answer.answers.append({"id": meeting, "type": "meeting", "name": node.get("date")})
                answer.evidence.append(self._attendee_evidence(meeting))
        answer.answers.sort(key=lambda a: a["name"] or "")
        answer.message = f"{self.graph.nodes[person]['name']} chaired {len(answer.answers)} meeting(s)."

    def _person_work(self, answer: Answer, thing: str, meetings: list[str]) -> None:
        people = self.link(thing, ("person",))
        if not people:
            answer.message = f"The notes name no one called {thing}."
            return
        person = people[0]
        answer.entities = [self._entity(person)]
        total = max(1, len(self._meetings))

        def specific(edge: tuple[str, dict]) -> float:
            share = (self.graph.nodes[edge[0]].get("meetings") or 0) / total
            return edge[1].get("weight", 0) * max(0.2, 1.0 - share)

        ranked = sorted(self._edges(person, "works_on"), key=lambda e: -specific(e))
        for project, data in ranked[:8]:
            if data.get("weight", 0) < 1.5 and len(answer.answers) >= 3:
                break
            answer.answers.append({**self._entity(project), "score": data.get("weight")})
            if data.get("evidence"):
                item = data["evidence"][0]
                answer.evidence.append({k: item[k] for k in ("meeting", "section", "text",
                                                             "source", "line")})
        name = self.graph.nodes[person]["name"]
        if answer.answers:
            answer.message = f"{name} works on " + ", ".join(a["name"] for a in answer.answers[:5]) + "."
        else:
            answer.message = f"The notes do not show what {name} works on."

    def _action_items(self, answer: Answer, thing: str, meetings: list[str]) -> None:
        ids = self.link(thing, ("person", "project"))
        if not ids:
            answer.message = f"The notes name no one and nothing called {thing}."
            return
        target = ids[0]
        answer.entities = [self._entity(target)]
        if self.graph.nodes[target]["type"] == "person":
            actions = [a for a, _ in self._edges(target, "owns")]
        else:
            actions = [a for a, _ in self._edges(target, "about", "in")
                       if self.graph.nodes[a]["type"] == "action"]
        if meetings:
            actions = [a for a in actions if self.graph.nodes[a]["meeting"] in meetings]
        if re.search(r"\b(?:open|outstanding|pending)\b", answer.question, re.I):
            actions = [a for a in actions if not self.graph.nodes[a].get("done")]
        actions.sort(key=lambda a: (self.graph.nodes[a].get("date") or "", self.graph.nodes[a]["line"]))
        for action in actions:
            node = self.graph.nodes[action]
            answer.answers.append({"id": action, "type": "action", "name": node["text"],
                                   "owners": node["owners"], "meeting": node.get("date"),
                                   "due": node.get("due")})
            answer.evidence.append({"meeting": node.get("date"), "section": node["section"],
                                    "text": node["text"], "source": node["source"],
                                    "line": node["line"]})
        name = self.graph.nodes[target]["name"]
        answer.message = (f"{len(actions)} action item(s) for {name}." if actions
                          else f"The notes record no action items for {name}.")

    def _issues(self, answer: Answer, thing: str, meetings: list[str]) -> None:
        linked = any(self.graph.nodes[i]["type"] == "project" for i in self.link(thing, ("project",)))
        ids, sections = self._topic_sections(thing, meetings, least=2 if linked else 1)
        answer.entities = [self._entity(i) for i in ids[:3]]
        projects = [i for i in ids if self.graph.nodes[i]["type"] == "project"]
        found: dict[str, dict[str, Any]] = {}
        for project in projects:
            for issue, _ in self._edges(project, "in_repo", "in"):
                for section, data in self._edges(issue, "references", "in"):
                    if not meetings or self.graph.nodes[section]["meeting"] in meetings:
                        found.setdefault(issue, self._issue_evidence(section, issue, data))
        if found:  # with the project's own issues, only sections headed by it add more
            sections = [s for s in sections if any(
                p in projects and d.get("reason") == "heading" for p, d in self._edges(s, "about"))]
        for section in sections:
            for issue, data in self._edges(section, "references"):
                found.setdefault(issue, self._issue_evidence(section, issue, data))
        for issue, evidence in sorted(found.items(), key=lambda kv: kv[1]["meeting"]):
            answer.answers.append(self._entity(issue))
            answer.evidence.append(evidence)
        name = answer.entities[0]["name"] if answer.entities else thing
        answer.message = (f"{len(found)} issue(s) came up about {name}: "
                          + ", ".join(a["name"] for a in answer.answers) + "." if found
                          else f"The notes reference no issues about {name}.")

    def _issue_evidence(self, section: str, issue: str, data: dict[str, Any]) -> dict[str, Any]:
        name = self.graph.nodes[issue]
        number = f"#{name.get('number')}"
        for line, text, *_ in self._sentences(section):
            if number in text or (name.get("url") and str(name.get("number")) in text):
                return self._evidence(section, line, text)
        line = (data.get("lines") or [self.graph.nodes[section]["line"]])[0]
        return self._evidence(section, line, name["name"])

    def _search(self, answer: Answer, thing: str, meetings: list[str]) -> None:
        hits = self.kb.search(answer.question, limit=10)
        for hit in hits:
            answer.answers.append({"id": hit.section_id, "type": "section", "name": hit.section,
                                   "meeting": hit.meeting, "section": hit.section,
                                   "score": round(hit.score, 3)})
            answer.evidence.append({"meeting": hit.meeting, "section": hit.section,
                                    "text": re.sub(r"</?b>", "", hit.snippet), "source": hit.source,
                                    "line": hit.line})
        answer.message = (f"{len(hits)} section(s) match." if hits
                          else "The notes do not say anything that matches.")

