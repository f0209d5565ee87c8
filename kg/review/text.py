"""Sentences as a review shows them: cleaned, checked to stand on their own, and scored.

A review sentence is read far from the section it was written in, so a
sentence that leans on its context ("This is at the top of his list", "Yes,
and it works") is never used, and one that names its topic and says what was
released, decided or finished is worth most.

>>> clean("TG: we released Irmin 0.9 [on the blog][post].")
'We released Irmin 0.9 on the blog.'
>>> needs_context("This is at the top of his list."), needs_context("Irmin 0.8 was released.")
(True, False)
"""

from __future__ import annotations

import re

from kg.ask.context import SentenceRow

#: A release, a decision, a finished piece of work: what a review opens a topic with.
DONE_RE = re.compile(
    r"\b(?:releas(?:ed|es)|shipped|launched|published|merged|landed|finished|completed|done|"
    r"decided|agreed|approved|switched|moved|migrated|fixed|closed|announced|accepted|tagged|"
    r"went\s+(?:live|out)|is\s+out|are\s+out|now\s+(?:runs|supports|works)|consensus|"
    r"finali[sz]ed|included|scheduled|activated?|passe[sd](?!\s+(?:to|into|in|on|as|around|through|along|by|from)\b)|"
    r"advance[sd]|unanimous)\b", re.I)
EVENT_RE = re.compile(
    r"\b(?:meetups?|hackathons?|hack\s+(?:day|week)|(?<!video )(?<!zoom )conferences?(?! call)|"
    r"(?:(?:a|the|his|her|their|our|my|your|(?!let's)\w+'s)\s+(?:\w+\s+)?talk|talks?\s+(?:at|in|on|for)\s+[A-Z]\w*)|"
    r"workshops?|summits?|"
    r"blog\s+posts?|posts?\s+on\s+the\s+blog|mentor(?:s|ing|ship)?|mentees?|interns?|internships?|"
    r"outreach\w*|summer\s+of\s+code|gsoc|programmes?|tutorials?|webinars?|"
    r"keynotes?|sprints?|install\s+party|docs?\s+day|newsletter|community\s+call|in-person)\b", re.I)
#: A gathering, as a heading names it: "Sync Summit", "Xen Hackathon", "Mirage tutorial day".
GATHERING_RE = re.compile(
    r"\b(?:meetups?|hackathons?|hack\s*(?:day|week|fest)|summits?|conferences?|workshops?|"
    r"(?:tutorial|docs?|doc|hack|community|contributor)s?\s+days?|in-person|retreats?|unconference)\b", re.I)
FUTURE_RE = re.compile(
    r"\b(?:will|plans?|planning|next\s+(?:year|quarter|release|steps?)|roadmap|intend|aim|"
    r"going\s+to|in\s+(?:january|february|march|the\s+new\s+year)|early\s+next)\b", re.I)

#: Words that open a sentence which only makes sense after the one before it.
_LEANING = frozenset("""
it its it's this that these those they them their theirs he she him his her hers also so but and
or then however yes yeah yep no nope ok okay sure right well thanks thank which as instead
otherwise both same such here anyway plus hence thus still again too either neither nor because
incidentally actually apparently basically anyways meanwhile should would could will can may might
must has have had is was are were does did do need needs got seems looks think agreed sounds
nothing not none anything how what why who whether you wondering probably maybe perhaps
""".split())
#: Openings that point back at what was said before: "In other words, ...", "For example, ...".
_LEANING_START = re.compile(r"^\W*(?:in other words|for example|for instance|in any case|in that case|"
                            r"case in point|all right|alright|of course|if so|if not|"
                            r"our (?:first|second|third|next|last) (?:item|topic)|"
                            r"on the (?:positive|other) side|as a result|in addition|on a related note|"
                            r"after (?:some|that)|to (?:do|fix) (?:this|that))\b", re.I)
#: "this"/"that"/"it" standing for something said before: "discussions about this", "this is fixed".
_PRONOUN = re.compile(r"\b(?:about|on|with|for|to|do|does|did|fix|fixed|try|use|like) (?:this|that|it|them)\b"
                      r"(?! \w+ (?:of|is|was))|\b(?:this|that|it) (?:is|was|will|would|should|can|could|"
                      r"has|had|means|seems|looks|works|worked)\b|\b(?:that|it)['’]s\b", re.I)
_THIRD_PERSON = re.compile(r"\b(?:he|she|him|his|her|they|them|their)\b", re.I)
_BACK_REFERENCE = re.compile(
    r"\b(?:above|below|previous(?:ly)?|last time|the same|as mentioned|mentioned earlier|"
    r"that one|this one|the former|the latter|said so|agree with)\b", re.I)
_HEDGE = re.compile(r"\b(?:I|we)\s+(?:think|guess|wonder|feel|believe)\b|\bmaybe\b|\bperhaps\b|"
                    r"\bprobably\b|\bkind of\b|\bsort of\b|\bI mean\b", re.I)
FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|I'll|I'd|me|my|i'm|i've|i'll|i'd)\b")
#: Words to someone at the call ("In your example", "you should chat with ..."), in a transcript.
_SECOND_PERSON = re.compile(r"\b(?:you|your)\b", re.I)
#: Something precise: an issue, a version, a year, a day of a month.
_SPECIFIC_RE = re.compile(r"#\d+|\bv?\d+\.\d+|\b(?:19|20)\d\d\b|"
                          r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|"
                          r"Nov|Dec)[a-z]*\.? \d{1,2}\b")
#: "these questions", "this EIP": pointing at something said before.
_DEMONSTRATIVE_RE = re.compile(r"\b(?:these|those|this)\s+(?!(?:year|week|month|quarter|time|morning|"
                               r"afternoon|evening|call|meeting|spring|summer|autumn|fall|winter)\b)[a-z]{3,}",
                               re.I)


#: Who speaks, as transcripts and minutes write it: "TL:", "*Lena:*", "Tim Beiko 1:24:54:".
_SPEAKER_RE = re.compile(r"^\s*\*{0,2}[\w.'’-]{1,30}(?: [\w.'’-]{1,20})?\*{0,2}"  # the name
                         r"(?:\s*\[?\d{1,2}(?:[:.]\d\d){1,2}\]?)?"  # a time: 1:24:54
                         r"(?:\s*[(<\[][\w ]{1,15}[)>\]])?\s*:\*{0,2}\s")  # "(chat)", "[via chat]"


def spoken(sentence: str) -> bool:
    """Whether a sentence as written opens with who says it ("SJG (chat): I would hate ...").

    >>> spoken("Sam Clegg [via chat]: other threads write zeros"), spoken("Irmin 0.8 is out.")
    (True, False)
    """
    return bool(_SPEAKER_RE.match(sentence))


def _cell(row: str) -> str:
    """The text of a table row as a summary writes it: its longest cell, without the column's
    name ("S. No: 183.1 | Summary: Dencun went live" is "Dencun went live")."""
    cells = [re.sub(r"^[\w. ]{1,25}:\s+", "", c.strip(), count=1) for c in row.split(" | ")]
    return max(cells, key=len)


def clean(sentence: str) -> str:
    """A sentence as the review shows it: no speaker prefix, no link syntax, capitalised, closed.

    >>> clean("*Lena:* we merged it")
    'We merged it.'
    >>> clean("Tim Beiko 1:24:54: the fork went well")
    'The fork went well.'
    >>> clean("S. No: 183.1 | Summary: The upgrade went live on mainnet")
    'The upgrade went live on mainnet.'
    """
    text = _cell(sentence) if " | " in sentence else sentence.strip()
    text = text[_SPEAKER_RE.match(text).end():] if _SPEAKER_RE.match(text) else text
    text = re.sub(r"\[([^\]]+)\]\[[^\]]*\]|\[([^\]]+)\]\([^)]*\)", lambda m: m.group(1) or m.group(2), text)
    text = re.sub(r"\*\*|__|`", "", text)
    text = re.sub(r"\s+", " ", text).strip(" -–—*|")
    if text and text[0].islower():
        text = text[0].upper() + text[1:]
    if text and text[-1] not in ".!?":
        text += "."
    return text


def first_word(text: str) -> str:
    match = re.match(r"\W*([A-Za-z']+)", text)
    return match.group(1).lower() if match else ""


def needs_context(text: str, people_named: bool = False) -> bool:
    """Whether a sentence leans on the one before it: it opens with a pronoun, a reply or a
    connective, speaks of "him" or "them" without naming anyone, or points back ("above",
    "these questions"), or speaks as "I" (a speaker's "I" is lost with their name, and a
    review has no "I").

    >>> needs_context("Until these questions are answered, the launch waits.")
    True
    """
    if FIRST_PERSON.search(text):
        return True
    word = first_word(text)
    if word in _LEANING or word.split("'")[0] in _LEANING or word.removesuffix("n't") in _LEANING:
        return True
    if not people_named and _THIRD_PERSON.search(text):
        return True
    pronoun = _PRONOUN.search(text)  # early in the sentence, before anything it could stand for
    early = bool(pronoun and pronoun.start() < 30)
    pointing = _BACK_REFERENCE.search(text) or _LEANING_START.search(text) or _DEMONSTRATIVE_RE.search(text)
    return bool(pointing) or early


def usable(text: str) -> bool:
    """Whether a cleaned sentence can be shown at all: a statement of a readable length, not
    an agenda entry ("GC & strings: discussion [Adam Klein, 25 mins]").

    >>> usable("GC and strings: presentation and discussion [Adam Klein, 45min].")
    False
    """
    words = text.split()
    if not 6 <= len(words) <= 45 or text.endswith("?") or "http" in text or "|" in text:
        return False
    if re.search(r"\b\d+\s*min(?:ute)?s?\b[^.]{0,20}[\])]\W*$", text, re.I):
        return False
    capitalised = sum(1 for w in words if w[:1].isupper())
    return capitalised * 2 < len(words) or "," in text  # else a title ("Google Summer of Code / ...")


def score(text: str, row: SentenceRow, position: int, topic: re.Pattern[str] | None = None) -> float:
    """How much a sentence tells a reader of the review (higher is better): it names the topic
    (early, as its subject, best), says what was released, decided or finished, gives a number
    or a date, comes from a summary table or the note-taker rather than from talk."""
    value = 1.0 + min(1.0, 0.4 * len(row.people))
    named = topic.search(text) if topic is not None else None
    if named:
        value += 2.0 + (0.5 if named.start() * 3 < len(text) else 0.0)
    if DONE_RE.search(text):
        value += 2.5
    if _SPECIFIC_RE.search(text):
        value += 0.5
    if row.kind == "row":
        value += 1.0  # a summary table's row says what was settled
    if row.speaker:
        value -= 2.0 if FIRST_PERSON.search(text) else 0.5  # talk, from a transcript
    if _HEDGE.search(text):
        value -= 1.0
    if _SECOND_PERSON.search(text) and (row.speaker or spoken(row.text)):
        value -= 1.0  # said to someone at the call
    if position == 0:
        value += 0.5
    return value
