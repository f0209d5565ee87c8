"""The spaCy pipeline of ``kg``, in one place.

``kg`` runs a blank English pipeline (no model download) with a sentencizer
and its own components, each registered with ``@Language.factory``:

============  ==============================================================
component     what it adds to a ``Doc``
============  ==============================================================
sentencizer   sentence boundaries (spaCy's rule-based sentencizer)
kg_people     ``doc.spans["people"]``: known names, first names, nicknames,
              handles and initials of the people directory (PhraseMatcher),
              and ``FirstnameX`` handles by their shape (Matcher)
kg_issues     ``doc.spans["issues"]``: GitHub issue and pull-request references
kg_actions    ``doc.spans["actions"]``: commitments to future work
              ("X will ...", "X to ...", "X agreed to ...", ``ACTION:``)
============  ==============================================================

>>> nlp = build_pipeline(names=["Lena Hofmann", "Lena", "Bob"])
>>> doc = nlp("Lena will cut the release. Bob fixed fern-sync#12 yesterday.")
>>> [s.text for s in doc.spans["people"]]
['Lena', 'Bob']
>>> [s.text for s in doc.spans["issues"]]
['fern-sync#12']
>>> [s.text for s in doc.spans["actions"]]
['Lena will cut the release.']

If a statistical English model is installed it is not needed; everything
here works on the blank pipeline.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable

import spacy
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from kg.limits import MAX_SENTENCE_TOKENS
from kg.parse.blocks import speaker_parts
from kg.patterns import COMMIT_PHRASES, PRONOUN, SPEAKER, issue_matches


def _add_spans(doc: Doc, key: str, spans: Iterable[Span]) -> None:
    existing = list(doc.spans[key]) if key in doc.spans else []
    doc.spans[key] = filter_spans(existing + list(spans))


class PeopleMatcher:
    """Marks person mentions: directory forms, and ``FirstnameX`` handles of known first names."""

    def __init__(self, nlp: Language, names: list[str], lower_names: list[str],
                 first_names: list[str]):
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.exact.add("PERSON", [nlp.make_doc(n) for n in names if n.strip()])
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.lower.add("PERSON", [nlp.make_doc(n) for n in lower_names if n.strip()])
        self.first_names = set(first_names)
        self.shape = Matcher(nlp.vocab)
        self.shape.add("HANDLE", [[{"TEXT": {"REGEX": r"^[A-Z][a-z]{2,}[A-Z]{1,2}$"}}]])

    def __call__(self, doc: Doc) -> Doc:
        spans = [Span(doc, s, e, label="PERSON") for _, s, e in self.exact(doc)]
        spans += [Span(doc, s, e, label="PERSON") for _, s, e in self.lower(doc)]
        for _, s, e in self.shape(doc):
            if doc[s].text.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ") in self.first_names:
                spans.append(Span(doc, s, e, label="HANDLE"))
        _add_spans(doc, "people", spans)
        return doc


class IssueMatcher:
    """Marks GitHub issue and pull-request references (``label`` = ``owner/repo#N``)."""

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for start, end, owner, repo, number in issue_matches(doc.text):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                label = f"{owner}/{repo}#{number}" if owner else f"{repo}#{number}"
                spans.append(Span(doc, span.start, span.end, label=label))
        _add_spans(doc, "issues", spans)
        return doc


_MARKER_RE = re.compile(
    r"^\W*(?:action(?:\s+items?)?|todo|ai|follow[- ]up|task)\b\s*(?:\((?P<who>[^)]*)\))?\s*[:\-–]", re.I)
#: A reply that takes on what was just asked: "I'm on it", "On it."
_TAKEN_ON_RE = re.compile(r"^(?:(?:ok(?:ay)?|sure|yes|yeah|yep)\W+)*(?:I'm\s+|I\s+am\s+)?on\s+it\W*$", re.I)
_PLACEHOLDER_RE = re.compile(r"\s*<[^<>]{2,200}>\s*")
_PAST_RE = re.compile(r"^(?:been|already|had|did|not|n't|never|like|love)$", re.I)
_CAN_NOT_ACTION = {"not", "only", "also", "now", "see", "get", "still", "probably", "either",
                   "easily", "then", "just", "'t", "n't", "tell", "imagine"}
_ADVERBS = {"also", "probably", "then", "hopefully", "now", "still", "both", "all", "definitely",
            "kindly", "maybe", "perhaps", "happily", "soon", "together"}
_NEGATIONS = {"not", "n't", "unlikely", "never", "no", "nobody", "if", "whether", "unless"}
_JOINERS = {"/", ",", "and", "&", "+"}
_BEFORE_PRONOUN = {"so", "and", ",", "but", "then", "said", "says", "confirmed", "mentioned",
                   "yes", "yeah", "ok", "okay", "sure", "that", "i"}
#: Verbs of talk in the meeting itself: "I'll say", "I'll go next", "I'll be brief".
_CONVERSATIONAL = frozenset("""
be go let begin talk come say mention speak ask answer wait see think guess hand pass jump stop
keep leave tell explain summarize summarise repeat describe note bump turn continue kick hop chime
assume imagine argue paste share defer yield echo second quickly also probably agree disagree
suggest conclude punt attend
""".split())
#: Words after "be a"/"be the" that say how, not which role: "I'll be a bit late".
_NOT_A_ROLE = frozenset("bit little few couple lot next first last same case way".split())
_IN_THE_MEETING_RE = re.compile(
    r"\b(?:in (?:the |a )?chat|in (?:a|the|my) (?:slide|minute|second)|on (?:the|my) (?:screen|slide)|"
    r"right (?:here|now)|screen[ -]?shar(?:e|ing)|share my screen|later (?:in|on) (?:this|the) call|"
    r"(?:take|get|answer) (?!more\b)(?:\w+ )?questions|"
    r"on (?:the|this) (?:stream|recording)|give (?:you |everyone |a |an )*(?:brief |quick |short )*"
    r"(?:overview|update|summary|recap|rundown|intro))\b", re.I)
_PRONOUNS = {"he", "she"}
_INTERJECTIONS = {"yes", "yeah", "yep", "ok", "okay", "sure", "well", "and", "but", "oh", "right",
                  "cool", "alright", "fine", "great", "um", "uh", "just"}
#: Verbs of saying after which "he"/"she" is the person just named ("Ansgar says he can").
_SAYING = {"says", "said", "mentioned", "confirmed"}
_ASKING_VERBS = {"check", "see", "ask", "verify", "know", "find", "out", "confirm", "test", "look",
                 "wonder", "decide", "investigate", "figure", "understand", "determine"}
#: Words after a modal that make it a question or a request ("can you", "will someone").
_ASKED = {"you", "someone", "somebody", "anyone", "anybody", "everyone", "we", "they", "i"}


class ActionMatcher:
    """Marks commitments of named people to future work.

    A commitment is a person mention (or a run of them joined by ``/``,
    ``,``, ``and``) that is the subject of a commitment phrase (``will``,
    ``to``, ``agreed to``, ``can`` ...), a sentence with an ``ACTION:`` or
    ``TODO:`` marker, or a sentence whose subject is ``he``/``she`` or left
    out (``Will send PRs``), which the extractor ties to the person named
    just before.  ``doc.spans["actions"]`` holds one sentence span per
    commitment (label ``modal``, ``marker`` or ``pronoun``) and
    ``doc.user_data["kg_action_owners"]`` the owners of each, as written.
    """

    def __init__(self, nlp: Language):
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.phrases.add("COMMIT", [nlp.make_doc(p) for p in COMMIT_PHRASES])

    def __call__(self, doc: Doc) -> Doc:
        people = sorted(doc.spans["people"], key=lambda p: p.start) if "people" in doc.spans else []
        starts = [p.start for p in people]
        spans: list[Span] = []
        owners: list[list[str]] = []
        phrases = sorted(self.phrases(doc), key=lambda m: m[1])  # once per doc: linear
        phrase_starts = [m[1] for m in phrases]
        for sent in doc.sents:
            if _PLACEHOLDER_RE.fullmatch(sent.text):
                continue  # "<TODO: Lena to fill in>": a gap left in the notes, not a task
            marker = _MARKER_RE.match(sent.text)
            sent_people = people[bisect_left(starts, sent.start):bisect_left(starts, sent.end)]
            if marker:
                who = [w.strip() for w in re.split(r"[,/&]|\band\b", marker.group("who") or "")
                       if w.strip()]
                if not who and sent_people:
                    first = sent_people[0]
                    lead = [t for t in doc[sent.start:first.start] if t.is_alpha]
                    if len(lead) <= 3:
                        who = [first.text]
                spans.append(Span(doc, sent.start, sent.end, label="marker"))
                owners.append(who)
                continue
            if _TAKEN_ON_RE.match(doc[_first_word(doc, sent):sent.end].text):
                spans.append(Span(doc, sent.start, sent.end, label="speaker"))
                owners.append([SPEAKER])  # "Sure. I'm on it.": the speaker takes on what was asked
                continue
            matches = phrases[bisect_left(phrase_starts, sent.start):bisect_left(phrase_starts, sent.end)]
            taken = -1
            for _, start, end in matches:
                if end > sent.end or start < taken:
                    continue
                found = self._subject(doc, sent, sent_people, start, end)
                if found is None:
                    continue
                taken = end
                label = {PRONOUN: "pronoun", SPEAKER: "speaker"}.get(found[0], "modal")
                spans.append(Span(doc, sent.start, sent.end, label=label))
                owners.append(found)
        doc.spans["actions"] = spans
        doc.user_data["kg_action_owners"] = owners
        return doc

    @staticmethod
    def _subject(doc: Doc, sent: Span, people: list[Span], start: int, end: int
                 ) -> list[str] | None:
        """The owners of the commitment phrase at ``start:end``, or ``None``."""
        owners = ActionMatcher._owners(doc, sent, people, start, end)
        if owners is None or not _commits(doc, sent, start, end, owners):
            return None
        if owners == [SPEAKER] and doc[start].lower_ in ("can", "could") and \
                _conditional_after(doc, sent, end):
            return None  # "I can remove it if we agree": an offer, not a promise
        return owners

    @staticmethod
    def _owners(doc: Doc, sent: Span, people: list[Span], start: int, end: int
                ) -> list[str] | None:
        phrase = doc[start:end].text.lower()
        nxt = doc[end] if end < sent.end else None
        if nxt is not None and nxt.text == "," and phrase in ("will", "'ll") and end + 1 < sent.end:
            nxt = doc[end + 1]  # spoken: "So I will, update 6475 then"
        if nxt is None or not nxt.is_alpha or _PAST_RE.match(nxt.text):
            return None
        if phrase in ("can", "could", "should") and (_after_adverbs(doc, sent, end).lower_ in
                                                     _CAN_NOT_ACTION | {"have"}):
            return None
        if nxt.lower_ in _ASKED or _is_purpose(doc, sent, start) or _is_question(sent):
            return None  # "can you ...", "so I can see it", "will you?"
        if phrase in ("is responsible for", "owns") and nxt.is_stop:
            return None
        first_word = _first_word(doc, sent)
        i = start - 1
        while i >= sent.start and (doc[i].is_space or doc[i].lower_ in _ADVERBS):
            i -= 1
        if any(t.lower_ in _NEGATIONS for t in doc[first_word:start]):
            return None
        if i < first_word:
            i = sent.start - 1
        by_end = {p.end - 1: p for p in people}
        if i >= sent.start and i in by_end:
            return _named_owners(doc, sent, by_end, i, phrase)
        if phrase == "to":
            return None
        if i >= sent.start and doc[i].lower_ == "and" and people:
            first = people[0]
            lead = [t for t in doc[sent.start:first.start] if not (t.is_punct or t.is_space)]
            between = doc[first.end:i]
            if not lead and not any(t.lower_ in ("we", "they", "it", "he", "she", "someone", "who",
                                                 "which") for t in between):
                return [first.text]
            return None
        if i >= sent.start and doc[i].lower_ in _PRONOUNS and (
                i == first_word or doc[i - 1].lower_ in _BEFORE_PRONOUN):
            said_by = by_end.get(i - 2) if doc[i - 1].lower_ in _SAYING else None
            if said_by is None and phrase in ("can", "could"):
                return None  # "He can download the files from either": what one can do
            return [said_by.text] if said_by is not None else [PRONOUN]
        if i >= sent.start and doc[i].lower_ == "i" and _opens_clause(doc, first_word, i):
            return [SPEAKER]
        if i < first_word and phrase == "will" and nxt.lower_ not in (
                "only", "probably", "likely", "never", "this", "that", "it", "we", "you", "there"):
            if doc[start].is_lower and first_word > sent.start and speaker_parts(sent.text):
                return [SPEAKER]  # "RH: will follow up offline."
            return None if doc[start].is_lower else [PRONOUN]
        return None


def _after_adverbs(doc: Doc, sent: Span, k: int) -> Token:
    """The first word from ``k`` on that is not an adverb ("can also file" -> "file")."""
    while k < sent.end - 1 and doc[k].lower_ in _ADVERBS:
        k += 1
    return doc[k]


def _opens_clause(doc: Doc, first_word: int, i: int) -> bool:
    """Whether "I" at ``i`` opens its clause: first word, after punctuation, "so", "maybe" ..."""
    j = i - 1
    while j >= first_word and doc[j].lower_ in _ADVERBS:
        j -= 1
    return j < first_word or doc[j].is_punct or doc[j].lower_ in _BEFORE_PRONOUN


def _is_purpose(doc: Doc, sent: Span, start: int) -> bool:
    """Whether "can" at ``start`` states a purpose ("..., so I can see it"), not a promise.

    "So I can do that" and "Yeah, so I can do that" still promise: the "so"
    opens the clause there.
    """
    if doc[start].lower_ not in ("can", "could"):
        return False
    j = start - 1
    while j > sent.start and doc[j].lower_ in _ADVERBS:
        j -= 1
    if doc[j].lower_ in ("i", "we", "you", "he", "she", "they"):
        j -= 1
    if j > sent.start and doc[j].lower_ == "that":
        j -= 1
    if j <= sent.start or doc[j].lower_ != "so":
        return False
    return any(t.is_alpha and t.lower_ not in _INTERJECTIONS for t in doc[_first_word(doc, sent):j])


def _conditional_after(doc: Doc, sent: Span, end: int) -> bool:
    """An "if"/"unless" after "I can ..." makes it an offer ("I can do it if we agree").

    "check if", "see whether" ask a question instead, and "even if" sets no condition.
    """
    for k in range(end, sent.end):
        if doc[k].lower_ in ("if", "unless") and doc[k - 1].lower_ not in _ASKING_VERBS | {"even"}:
            return True
    return False


def _is_question(sent: Span) -> bool:
    """A sentence that asks ("Can Bob take it?") does not commit anyone."""
    return sent.text.rstrip().endswith("?")


def _first_word(doc: Doc, sent: Span) -> int:
    """The sentence's first word, past punctuation and a speaker prefix (``IR: ...``)."""
    first = sent.start
    if speaker_parts(sent.text):
        for k in range(sent.start, min(sent.end, sent.start + 10)):
            if doc[k].text in (":", "::", ";"):
                first = k + 1
                break
    while first < sent.end and (doc[first].is_space or doc[first].is_punct):
        first += 1
    return first


def _named_owners(doc: Doc, sent: Span, by_end: dict[int, Span], i: int, phrase: str
                  ) -> list[str] | None:
    """The run of people (``Anil/Dave/ThomasG``) that ends just before the commitment phrase."""
    run: list[Span] = []
    j = i
    while j in by_end:
        span = by_end[j]
        run.insert(0, span)
        j = span.start - 1
        if j >= sent.start and doc[j].lower_ in _JOINERS:
            j -= 1
            if j >= sent.start and doc[j].text == "," and doc[j + 1].lower_ == "and":
                j -= 1
    lead = [t for t in doc[sent.start:run[0].start] if not (t.is_punct or t.is_space)]
    if phrase == "to" and lead:
        return None
    if lead and lead[-1].lower_ in ("with", "to", "from", "for", "by", "thanks", "ask",
                                    "asked", "asks", "of", "about", "like", "that"):
        return None
    if lead and lead[-1].lower_ in ("maybe", "perhaps") and phrase in ("can", "could", "should"):
        return None  # "maybe Devconnect could be a good place": a guess, not a promise
    return [s.text for s in run]


def _takes_a_role(doc: Doc, sent: Span, k: int) -> bool:
    """Whether the words at ``k`` volunteer for a role: "be the champion", "be a liaison for it".

    >>> nlp = spacy.blank("en"); doc = nlp("I could be the champion but I'll be a bit late")
    >>> _takes_a_role(doc, doc[:], 2), _takes_a_role(doc, doc[:], 9)
    (True, False)
    """
    return k + 2 < sent.end and doc[k].lower_ == "be" and doc[k + 1].lower_ in ("the", "a", "an") and \
        doc[k + 2].is_alpha and doc[k + 2].lower_ not in _NOT_A_ROLE


def _next_verb(doc: Doc, sent: Span, k: int) -> int:
    """Where the verb after a commitment phrase is, past adverbs and "try to"/"try and"."""
    while k < sent.end and (doc[k].lower_ in _ADVERBS or doc[k].lower_ in ("just", "try", "and", "to")):
        k += 1
    return k


def _commits(doc: Doc, sent: Span, start: int, end: int, owners: list[str]) -> bool:
    """Whether the words after a commitment phrase name future work, not talk in the meeting.

    "I'll get to that this week" commits; "I'll talk about that in a slide",
    "I could share the link in the chat" and "I'll be bumped" do not.
    """
    k = _next_verb(doc, sent, end)
    if k + 2 < sent.end and doc[k].lower_ == "go" and doc[k + 1].lower_ in ("off", "ahead") and \
            doc[k + 2].lower_ == "and":
        k = _next_verb(doc, sent, k + 3)  # "I can go off and work with them": the work
    if k >= sent.end:
        return False
    if owners != [SPEAKER]:
        return True  # "Priya can be a mentor" commits; talk in the first person often does not
    verb = doc[k].lower_
    if _takes_a_role(doc, sent, k):
        return doc[start:end].text.lower() in ("will", "'ll", "can", "could", "am going to", "'m going to")
    if verb in _CONVERSATIONAL or verb.endswith("ing"):
        return False
    if doc[start:end].text.lower() in ("could", "should", "would", "might"):
        return False
    return not _IN_THE_MEETING_RE.search(sent.text)


@Language.component("kg_long_sentences")
def split_long_sentences(doc: Doc) -> Doc:
    """Start a new sentence every :data:`~kg.limits.MAX_SENTENCE_TOKENS` tokens of a longer one,
    so that work done per sentence stays bounded whatever the text (a log without full stops)."""
    for sent in list(doc.sents):
        for i in range(sent.start + MAX_SENTENCE_TOKENS, sent.end, MAX_SENTENCE_TOKENS):
            doc[i].is_sent_start = True
    return doc


@Language.factory("kg_people", default_config={"names": [], "lower_names": [], "first_names": []})
def make_people_matcher(nlp: Language, name: str, names: list[str], lower_names: list[str],
                        first_names: list[str]) -> PeopleMatcher:
    return PeopleMatcher(nlp, names, lower_names, first_names)


@Language.factory("kg_issues")
def make_issue_matcher(nlp: Language, name: str) -> IssueMatcher:
    return IssueMatcher()


@Language.factory("kg_actions")
def make_action_matcher(nlp: Language, name: str) -> ActionMatcher:
    return ActionMatcher(nlp)


def build_pipeline(names: Iterable[str] = (), lower_names: Iterable[str] = (),
                   first_names: Iterable[str] = ()) -> Language:
    """The ``kg`` pipeline: blank English, a sentencizer and the ``kg_*`` components.

    *names* are matched case-sensitively (``Lena``, ``ThomasL``, ``TG``),
    *lower_names* case-insensitively (handles such as ``talex5``), and
    *first_names* let ``ThomasX``-shaped handles through.
    """
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("kg_long_sentences")
    nlp.add_pipe("kg_people", config={"names": sorted(set(names)),
                                      "lower_names": sorted(set(lower_names)),
                                      "first_names": sorted(set(first_names))})
    nlp.add_pipe("kg_issues")
    nlp.add_pipe("kg_actions")
    return nlp
