"""Extraction: run the spaCy pipeline over notes and keep what it found.

For each note, :func:`extract_note` records the sentences (with their source
lines), the person mentions as written, the action items with their owners
as written, the GitHub references and the terms that may name a project.
Nothing is resolved here: ``kg.resolve`` decides who ``Dave`` is and which
terms are projects.

>>> from kg.parse import parse_text
>>> from kg.nlp import build_pipeline
>>> note = parse_text("# Call 2024-01-02\\n\\nAttendees: Lena Hofmann, Bob Okafor\\n\\n"
...                   "## FernSync\\nLena will review fern-sync#4 by Friday. Bob fixed it.\\n", "n.md")
>>> found = extract_note(note, build_pipeline(names=["Lena", "Bob"]))
>>> [(m.text, m.line) for m in found.mentions]
[('Lena', 6), ('Bob', 6)]
>>> [(a.owners, a.due) for a in found.actions]
[(['Lena'], 'by Friday')]
>>> [i.label for i in found.issues]
['fern-sync#4']
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language

from kg.limits import checkpoint, for_tokenizer
from kg.model import (
    ActionItem,
    Decision,
    Extraction,
    IssueMention,
    Mention,
    Note,
    Paragraph,
    Sentence,
    Term,
)
from kg.patterns import (
    AGENDA_TALK_RE,
    ASSENT_RE,
    CONDITION_RE,
    DECISION_RE,
    HEDGE_RE,
    LETS_OUTCOME_RE,
    OBJECTION_CALL_RE,
    PRONOUN,
    SPEAKER,
    TALK_REQUEST_RE,
    issue_matches,
)

#: Bump when extraction changes, so that stored extractions are recomputed.
EXTRACTOR_VERSION = 25


_DUE_RE = re.compile(
    r"\b(?:by|before|until|in time for|ahead of|for|after|within|next)\s+(?:the\s+|this\s+|next\s+|"
    r"end of\s+(?:the\s+)?)?(?:next\s+)?(?:call|meeting|week|month|year|release|sprint|summit|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|tomorrow|tonight|weekend|christmas|easter|summer|"
    r"autumn|fall|winter|spring|jan(?:uary)?|feb(?:ruary)?|march|april|may|june|july|"
    r"aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|"
    r"\d{4}-\d{2}-\d{2}|\d{1,2}(?:st|nd|rd|th)?\s+\w+|q[1-4]|v?\d+(?:\.\d+)+)\b(?:\s+(?:call|meeting|release|\d{4}))?",
    re.I,
)


def due_phrase(text: str) -> str | None:
    """The deadline of an action, if it states one.

    >>> due_phrase("Amir will put something together before the next call.")
    'before the next call'
    >>> due_phrase("Bob to cut 0.4 by January"), due_phrase("no deadline")
    ('by January', None)
    """
    match = _DUE_RE.search(text)
    if not match or match.group(0).lower().split()[0] in ("for", "next") and not re.search(
        r"call|meeting|week|month|release|day\b", match.group(0), re.I
    ):
        return None
    return match.group(0)


_OWNER_FIELD_RE = re.compile(r"\b(?:owners?|assignee|assigned to|responsible|who)\s*[:=]\s*"
                             r"(?P<who>[^;.)\]|]+)",
                             re.I)
_GENERIC_WORDS = {"we", "i", "you", "they", "it", "this", "that", "the", "a", "an", "there"}
_ACTION_HEADING_RE = re.compile(
    r"^\W*(?:new\s+|open\s+)?(?:action(?:\s+items?|s)|to-?dos?|tasks|next\s+steps|follow[- ]?ups?)\b", re.I)
_ACRONYM_RE = re.compile(r"^(?=[A-Za-z0-9]*[A-Z][A-Za-z0-9]*[A-Z0-9])[A-Z][A-Za-z0-9]{1,7}$")
_COMMON_ACRONYMS = frozenset("""
AOB AoB API APIs CPU PR PRs OS UI VM VMs CI IO ID IDs URL URLs HTTP HTTPS TODO FYI NB PS
AM PM UTC GMT TBD WIP EOD ETA IRC FAQ README PDF CSV JSON XML HTML CSS SQL OK RC RFC MB GB
KB TB IP UK US EU ASAP IMO IIRC BTW AFAIK TL DR QA GUI CLI SDK PhD MSc BSc CV II III IV
""".split())
_CODE_TERM_RE = re.compile(r"^[A-Za-z][\w.+-]{1,39}$")
_HEADING_NOISE_RE = re.compile(
    r"\s*(?:\(.*?\)|\[.*?\])|\b(?:update|updates|status|progress|news|discussion|plans?|review|"
    r"roadmap|release|releases|report|overview|proposal|planning|check-?in)\b\s*$",
    re.I,
)
_REPO_RE = re.compile(r"(?<![\w/.@-])([A-Za-z0-9][\w.-]{0,38})/([A-Za-z][\w.-]{1,60})(?![\w/])")
_GITHUB_REPO_RE = re.compile(r"https?://(?:www\.)?github\.com/([\w.-]+)/([\w.-]+)")


def without_stray_brackets(text: str) -> str:
    """*text* without brackets that open or close nothing (``Inclusion Lists)``).

    >>> without_stray_brackets("Inclusion Lists)"), without_stray_brackets("Fern (beta)")
    ('Inclusion Lists', 'Fern (beta)')
    """
    for opening, closing in ("()", "[]", "{}"):
        if text.count(opening) != text.count(closing):
            text = text.replace(opening, "").replace(closing, "")
    return text.strip()


def heading_term(heading: str) -> str | None:
    """The name a section heading is about, if it is short enough to be one.

    >>> heading_term("Irmin update"), heading_term("MirageOS AppVMs on Qubes")
    ('Irmin', None)
    >>> heading_term("Functoria"), heading_term("Overview of release goals (Anil)")
    ('Functoria', None)
    >>> heading_term("Inclusion Lists (context(https://x.org/il))"), heading_term("[EIP-7516: opcode](x)")
    ('Inclusion Lists', 'EIP-7516')
    """
    text = re.split(r"\s+[-–—:]\s+|:\s", heading)[0]
    for _ in range(3):
        text = _HEADING_NOISE_RE.sub("", text).strip(" :-–—#*")
    text = without_stray_brackets(text).strip(" :-–—#*")
    words = text.split()
    if not 1 <= len(words) <= 3 or len(text) > 40:
        return None
    if not all(w[0].isupper() or w[0].isdigit() or "-" in w or "." in w for w in words):
        return None
    return text


def extract_note(note: Note, nlp: Language) -> Extraction:
    """Run *nlp* over the paragraphs of *note*; see the module doc."""
    found = Extraction(note_id=note.id)
    texts: list[tuple[int, int, str]] = []
    for s_index, section in enumerate(note.sections):
        if section.heading:
            term = heading_term(section.heading)
            if term:
                found.terms.append(Term(term, "heading", s_index))
            texts.append((s_index, -1, section.heading))
        for p_index, paragraph in enumerate(section.paragraphs):
            texts.append((s_index, p_index, paragraph.text))
            for code in paragraph.code:
                code = code.strip()
                if _CODE_TERM_RE.match(code) and not code.startswith("-"):
                    found.terms.append(Term(code, "code", s_index, paragraph=p_index))
            for link in paragraph.links:
                repo = _GITHUB_REPO_RE.match(link.url)
                if repo:
                    found.terms.append(Term(f"{repo.group(1)}/{repo.group(2)}", "repo", s_index,
                                            paragraph=p_index))
    docs = nlp.pipe([for_tokenizer(_apostrophes(t)) for _, _, t in texts], batch_size=64)  # same length
    for (s_index, p_index, text), doc in zip(texts, docs, strict=True):
        checkpoint()  # the file's time budget (kg.limits), between paragraphs
        if p_index < 0:
            heading = Paragraph(text=text, line=note.sections[s_index].line, kind="heading",
                                links=note.sections[s_index].links)
            _extract_paragraph(found, heading, s_index, p_index, doc)
        else:
            paragraph = note.sections[s_index].paragraphs[p_index]
            _extract_paragraph(found, paragraph, s_index, p_index, doc,
                               bool(_ACTION_HEADING_RE.match(note.sections[s_index].heading)))
            _decisions(found, note, s_index, p_index, doc)
    _polls_with_outcomes(found)
    _restated_outcomes(found, note)
    _merge_consecutive_actions(found)
    _drop_replies_to_talk_requests(found, note)
    _header_mentions(found, note)
    _drop_restated_rows(found, note)
    _drop_repeated_actions(found)
    return found


_DO_THAT_RE = re.compile(r"^\W*(?:(?:yes|yeah|sure|ok(?:ay)?|oh|so)\W+)*I\s+(?:can|could|will|'ll)\s+"
                         r"(?:\w+\s+)?(?:do|address|take)\s+(?:that|this|it)\W*$", re.I)


def _drop_replies_to_talk_requests(found: Extraction, note: Note) -> None:
    """"Yes, I can do that." in answer to "if you want to give a quick update?" is speaking
    in the call there and then, not work taken on."""
    def asked_to_talk(action: ActionItem) -> bool:
        here = found.sentences[action.sentence]
        text = re.sub(r"^[^:]{1,40}:\s*", "", found.sentences[action.sentence].text.strip())
        if action.kind != "speaker" or here.paragraph < 1 or not _DO_THAT_RE.match(text):
            return False
        paragraphs = note.sections[here.section].paragraphs
        if paragraphs[here.paragraph - 1].speaker == paragraphs[here.paragraph].speaker:
            return False
        before = [s for s in found.sentences[:action.sentence]
                  if (s.section, s.paragraph) == (here.section, here.paragraph - 1)]
        return bool(before) and bool(TALK_REQUEST_RE.search(before[-1].text))

    found.actions = [a for a in found.actions if not asked_to_talk(a)]


def _drop_repeated_actions(found: Extraction) -> None:
    """An action listed again in the same note (a bot's "Action items" recap) is one action.

    >>> from kg.model import ActionItem
    >>> first = ActionItem(["Bo"], "ACTION: Bo to book it (kevin, 16:13)", 0, 0, 5, "marker")
    >>> found = Extraction("m", actions=[first, ActionItem(["Bo"], "Bo to book it", 1, 3, 30, "modal")])
    >>> _drop_repeated_actions(found); [a.line for a in found.actions]
    [5]
    """
    def words(action: ActionItem) -> str:
        text = re.sub(r"^\W*(?:action(?: item)?|ai|todo)\b\W*", "", action.text, flags=re.I)
        text = re.sub(r"\([^()]*\d{1,2}:\d{2}[^()]*\)", " ", text)  # "(kevin, 16:13:30)"
        return " ".join(re.findall(r"\w+", text.lower()))

    kept: list[ActionItem] = []
    for action in found.actions:
        said = words(action)
        if said and any(sorted(k.owners) == sorted(action.owners) and (said in words(k) or words(k) in said)
                        for k in kept):
            continue
        kept.append(action)
    found.actions = kept


def _header_mentions(found: Extraction, note: Note) -> None:
    """The chair and note taker named in header lines (``Moderator: Tim``, ``Notes: Alen``) are
    people the note mentions; a front-matter or attendee-list chair is not a mention."""
    if not note.sections:
        return
    for kind, value in (("chair", note.chair), ("scribe", note.scribe)):
        line = note.field_lines.get(kind)
        if value and line and "://" not in value:
            found.mentions.append(Mention(value, kind, 0, -1, line))


_QUOTE_IN_WORD_RE = re.compile(r"(?<=[A-Za-z])[’”‘“`´](?=(?:ll|ve|re|s|d|m|t)\b)")


def _apostrophes(text: str) -> str:
    """Curly quotes and typos for apostrophes become ``'``, keeping the length.

    >>> _apostrophes("I”ll post it, it’s ok")
    "I'll post it, it's ok"
    """
    return _QUOTE_IN_WORD_RE.sub("'", text.replace("’", "'"))


def _extract_paragraph(found: Extraction, paragraph: Any, s_index: int, p_index: int, doc: Any,
                       action_section: bool = False) -> None:
    people = list(doc.spans["people"])
    sentence_ids = []
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        sentence_ids.append(len(found.sentences))
        found.sentences.append(Sentence(s_index, p_index, start, end, sent.text,
                                        paragraph.line_at(start)))
    first_sentence = sentence_ids[0] if sentence_ids else -1
    sent_starts = [sent.start for sent in doc.sents]
    sent_chars = [sent.start_char for sent in doc.sents]

    def sentence_of(token_index: int) -> int:
        k = bisect.bisect_right(sent_starts, token_index) - 1
        return sentence_ids[k] if k >= 0 else first_sentence

    speaker_end = -1
    if paragraph.speaker:
        found.mentions.append(Mention(paragraph.speaker, "speaker", s_index, first_sentence,
                                      paragraph.line))
        speaker_end = paragraph.text.find(paragraph.speaker) + len(paragraph.speaker)
    for span in people:
        if span.start_char < speaker_end:
            continue
        sent = span.sent
        if span.start == sent.start and len(span) == 1 and span[0].is_stop:
            continue  # "Will this work?" is not about Will
        kind = "handle" if span.label_ == "HANDLE" else "name"
        found.mentions.append(Mention(span.text, kind, s_index, sentence_of(span.start),
                                      paragraph.line_at(span.start_char)))

    for span in doc.spans["issues"]:
        for start, end, owner, repo, number in issue_matches(span.text):
            url = span.text[start:end] if span.text.startswith("http", start) else None
            found.issues.append(IssueMention(owner, repo, number, s_index,
                                             sentence_of(span.start),
                                             paragraph.line_at(span.start_char), url))
    for link in paragraph.links:
        if link.url:
            for start, end, owner, repo, number in issue_matches(link.url):
                url = link.url[start:end] if link.url.startswith("http", start) else None
                sent_index = first_sentence
                position = paragraph.text.find(link.text) if link.text else -1
                if position >= 0 and bisect.bisect_right(sent_chars, position):
                    sent_index = sentence_ids[bisect.bisect_right(sent_chars, position) - 1]
                line = paragraph.line_at(max(position, 0))
                found.issues.append(IssueMention(owner, repo, number, s_index, sent_index, line, url))
    for match in _REPO_RE.finditer(paragraph.text):
        if "-" in match.group(2) or match.group(1).islower():
            found.terms.append(Term(match.group(0), "repo-text", s_index, paragraph=p_index))

    for sent in doc.sents:
        tokens = [t for t in sent if not t.is_space]
        run: list[Any] = []
        for token in [*tokens, None]:
            if token is not None and token.is_alpha and not token.is_stop and (
                    token.is_title or run and re.fullmatch(r"[A-Z]{2,4}", token.text)):
                run.append(token)
                continue
            if 2 <= len(run) <= 3:
                found.terms.append(Term(" ".join(t.text for t in run), "name", s_index,
                                        initial=run[0].i == tokens[0].i or p_index < 0,
                                        paragraph=p_index))
            run = []
        for k, token in enumerate(tokens):
            text = token.text
            if (text[:1].isupper() and len(text) > 1 and not text.isupper() and token.is_alpha
                    and text.lower() not in _GENERIC_WORDS) or (
                    re.match(r"^[A-Z][a-z]+[A-Z]\w*$", text)) or (
                    _ACRONYM_RE.match(text) and text not in _COMMON_ACRONYMS):
                found.terms.append(Term(text, "name", s_index, initial=k == 0 or p_index < 0 or (
                    k > 0 and tokens[k - 1].text in (":", "-", "—", "–", "*", "(", '"')),
                    paragraph=p_index))

    if p_index < 0:
        return
    sent_starts = {sent.start: k for k, sent in enumerate(doc.sents)}
    sents = list(doc.sents)
    committed = set()
    for span, owners in zip(doc.spans["actions"], doc.user_data.get("kg_action_owners", []),
                            strict=False):
        k = sent_starts.get(span.start, 0)
        if owners == [PRONOUN]:
            owners = [paragraph.speaker] if paragraph.speaker else _previous_person(
                found, s_index, sentence_ids[k])
            if not owners:
                continue
        elif owners == [SPEAKER]:
            if not paragraph.speaker:
                continue
            owners = [paragraph.speaker]
        if not owners and span.label_ == "marker":  # "Action: ... | Owner: Lena" in a table row
            field_match = _OWNER_FIELD_RE.search(sents[k].text)
            if field_match:
                owners = [w.strip() for w in re.split(r"[,/&]|\band\b", field_match.group("who"))
                          if w.strip()[:1].isupper() and len(w.split()) <= 3]
        committed.add(k)
        _add_action(found, paragraph, s_index, sentence_ids[k], sents[k], owners, span.label_)
    for k, sent in enumerate(sents):
        if k in committed:
            continue
        if paragraph.checkbox is not None and k == 0:
            owners = [paragraph.speaker] if paragraph.speaker else [
                p.text for p in people if p.start < sent.end][:1]
            _add_action(found, paragraph, s_index, sentence_ids[k], sent, owners, "checkbox")
        elif paragraph.kind in ("item", "row"):
            field_match = _OWNER_FIELD_RE.search(sent.text)
            if paragraph.kind == "row" and not re.search(
                    r"\b(?:action(?: item)?s?|tasks?|todos?|to ?do|follow[- ]ups?|next steps?)\s*:",
                    sent.text, re.I):
                field_match = None  # a "Who" column in an agenda table is not an owner
            if field_match:
                owners = [w.strip() for w in re.split(r"[,/&]|\band\b", field_match.group("who"))
                          if w.strip()[:1].isupper() and len(w.split()) <= 3]
                _add_action(found, paragraph, s_index, sentence_ids[k], sent, owners, "owner")
            elif action_section and paragraph.kind == "item" and k == 0 and not re.search(
                    r"\b(?:done|finished|completed|closed)\b|\(x\)|✓|✔", sent.text, re.I):
                # every bullet under "Action items" is one; its owner leads it or is named in it
                lead = [p for p in people if p.start < sent.end]
                owners = [paragraph.speaker] if paragraph.speaker else [
                    p.text for p in lead if p.start <= sent.start + 2 or p.end >= sent.end - 3][:2]
                _add_action(found, paragraph, s_index, sentence_ids[k], sent, owners, "section")


def _add_action(found: Extraction, paragraph: Any, s_index: int, sentence: int, sent: Any,
                owners: list[str], kind: str) -> None:
    text = sent.text.strip()
    found.actions.append(ActionItem(
        owners=owners, text=text, section=s_index, sentence=sentence,
        line=paragraph.line_at(sent.start_char), kind=kind, due=due_phrase(text),
        done=bool(paragraph.checkbox) if kind == "checkbox" else False,
        context=_antecedent(found, sentence, text),
        status="done" if kind == "checkbox" and paragraph.checkbox else "open",
    ))


def _merge_consecutive_actions(found: Extraction) -> None:
    """Two commitments in a row (or on one line) by the same owners in one paragraph are one.

    "I still have to review the spec. I'll get to that this week." is one promise.
    """
    merged: list[ActionItem] = []
    for action in found.actions:
        last = merged[-1] if merged else None
        if last is not None and last.owners == action.owners and last.section == action.section and \
                (action.sentence == last.sentence + 1 or action.line == last.line) and \
                _same_paragraph(found, last, action):
            last.text = f"{last.text} {action.text}"
            last.due = last.due or action.due
            last.sentence = action.sentence
            continue
        merged.append(action)
    found.actions = merged


def _drop_restated_rows(found: Extraction, note: Note) -> None:
    """A summary-table row that restates a commitment made in the text is not a second one.

    Summaries on top of a transcript ("| 12.1 | Lena will open a PR |") repeat what
    was said below ("Lena: I can open a PR"); the commitment is kept where it was made.
    """
    def firsts(action: ActionItem) -> set[str]:
        return {o.split()[0].lower().lstrip("@") for o in action.owners if o.strip()}

    spoken = [a for a in found.actions if not _in_row(note, a)]
    kept = []
    for action in found.actions:
        said = [a for a in spoken if _same_names(firsts(action), firsts(a))] \
            if _in_row(note, action) else []
        if said and _same_names(firsts(action), set().union(*(firsts(a) for a in said)), every=True):
            for other in said:  # the summary's wording stays with the spoken commitment
                other.context = f"{other.context} {action.text}" if other.context else action.text
            continue
        kept.append(action)
    found.actions = kept


def _same_names(row: set[str], spoken: set[str], every: bool = False) -> bool:
    """Whether a row's owners (first names or handles such as ``dannyryan``) are among the
    first names of spoken owners: any of them, or with *every*, all of them.

    >>> _same_names({"dannyryan"}, {"danny"}), _same_names({"ann", "bob"}, {"ann"}, every=True)
    (True, False)
    """
    def named(owner: str) -> bool:
        return any(owner == first or len(first) >= 3 and owner.startswith(first) and owner.isalnum()
                   for first in spoken)

    return all(map(named, row)) if every else any(map(named, row))


def _in_row(note: Note, action: ActionItem) -> bool:
    section = note.sections[action.section]
    return any(p.kind == "row" and p.line == action.line for p in section.paragraphs)


def _same_paragraph(found: Extraction, a: ActionItem, b: ActionItem) -> bool:
    sa, sb = found.sentences[a.sentence], found.sentences[b.sentence]
    return (sa.section, sa.paragraph) == (sb.section, sb.paragraph)


_POINTING_RE = re.compile(r"\b(?:that|this|it|those|these|them)\b", re.I)


def _antecedent(found: Extraction, sentence: int, text: str) -> str | None:
    """The sentence before a short commitment that points back ("I'll get to that this week"):
    in its paragraph, or the last of the paragraph before when it opens its own, as a reply
    does ("Could someone fix the docs?" ... "Yes, I can do that.")."""
    if sentence <= 0 or len(text.split()) > 14 or not _POINTING_RE.search(text):
        return None
    here, before = found.sentences[sentence], found.sentences[sentence - 1]
    if before.section != here.section or before.paragraph not in (here.paragraph, here.paragraph - 1) \
            or before.paragraph < 0:
        return None
    return re.sub(r"^[^:]{1,40}:\s*", "", before.text.strip()) or None


def _previous_person(found: Extraction, section: int, sentence: int) -> list[str]:
    """The one person named in the closest earlier sentence of the section that names anyone."""
    names: set[str] = set()
    closest = -1
    for mention in reversed(found.mentions):  # in order of sections and sentences: look back
        if mention.section != section:
            if mention.section < section:
                break
            continue
        if mention.sentence > sentence or mention.sentence < closest:
            if names and mention.sentence < closest:
                break
            continue
        closest = mention.sentence
        names.add(mention.text)
    return sorted(names) if len(names) == 1 else []


_DECISION_HEADING_RE = re.compile(r"^\W*(?:decisions?|resolutions?|conclusions?|outcomes?|agreements?|"
                                  r"decided|agreed)\b", re.I)
_DECISION_MARKER_RE = re.compile(r"^\W*(?:resolution|resolved|decision|decided|agreed|conclusion|"
                                 r"outcome|consensus|poll result|result)\s*[:\-–]", re.I)
_POLL_LABELS = {"sf", "f", "n", "a", "sa", "yes", "no", "favorable", "favourable", "neutral", "against",
                "unfavorable", "abstain", "for", "strongly for", "strongly against", "+1", "-1", "0"}


def _decisions(found: Extraction, note: Note, s_index: int, p_index: int, doc: Any) -> None:
    """The outcomes recorded in one paragraph: markers, Decisions headings, polls, statements.

    At most one outcome is kept per line: a chair who says "Any objections? Okay, so
    let's merge it." records one decision, not two.
    """
    section = note.sections[s_index]
    paragraph = section.paragraphs[p_index]
    sents = list(doc.sents)
    first = len(found.sentences) - len(sents) if sents else -1  # this paragraph's came last
    if _is_poll_header(paragraph):
        found.decisions.append(_poll_decision(section, s_index, p_index, first))
        return
    under_heading = bool(_DECISION_HEADING_RE.match(section.heading)) and paragraph.kind in ("item", "p")
    lines: set[int] = set()
    for offset, sent in enumerate(sents):
        line = paragraph.line_at(sent.start_char)
        kind = "heading" if under_heading else _decision_kind(sent.text.strip(), sents[offset + 1:])
        if kind and line not in lines:
            lines.add(line)
            found.decisions.append(Decision(sent.text.strip(), s_index,
                                            first + offset if first >= 0 else -1, line, kind))


def _decision_kind(text: str, after: list[Any]) -> str | None:
    """How *text* records an outcome (``marker``, ``statement``, ``consent``), if it does.

    >>> _decision_kind("Any objections? ", [type("S", (), {"text": "Okay, merged."})()])
    'consent'
    >>> _decision_kind("Okay, let's do it.", []), _decision_kind("Let's move on.", [])
    ('statement', None)
    """
    if _DECISION_MARKER_RE.match(text):
        return "marker"
    body = re.sub(r"^[^:]{1,40}:\s*", "", text)
    if _outcome(text):
        return "statement"
    if OBJECTION_CALL_RE.search(body) and after and ASSENT_RE.match(after[0].text):
        return "consent"  # an objection call met with silence
    return None


_CLAUSE_RE = re.compile(r"[,;:]|\s(?:and|but|so|then)\s", re.I)


def _outcome(text: str) -> bool:
    """A sentence that records an outcome, not a question, wish or opinion about one.

    Only the clause that states the outcome (and the clause just before it) is
    weighed: in "So we'll leave this as is and we might revisit it" the outcome
    stands; in "I think we should go with it" or "if so, we'll merge" it does not.

    >>> _outcome("Okay. So we'll leave this as is and we might revisit it later.")
    True
    >>> _outcome("I think we should go with it."), _outcome("If so, we'll merge it.")
    (False, False)
    >>> _outcome("We were fuzzing the format before it was decided.")
    False
    >>> _outcome("So if there's no objection, let's move forward with it.")
    True
    """
    body = re.sub(r"^[^:]{1,40}:\s*", "", text)
    for pattern in (DECISION_RE, LETS_OUTCOME_RE):
        match = pattern.search(body)
        if not match or match.group(0).lower().startswith("let's") and AGENDA_TALK_RE.search(body):
            continue
        before, clause = _clause_at(body, match.start(), match.end())
        weighed = _NO_OBJECTION_IF_RE.sub(" ", before + clause)
        lead = re.split(r"[,;:.]", body[:match.start()])[-1]
        if not HEDGE_RE.search(weighed) and not CONDITION_RE.search(weighed) and \
                not _BACKGROUND_RE.search(lead) and len(body.split()) <= 60:
            return True
    return False


#: The chair's formula of consent, which sets no real condition: "if there's no objection, let's ...".
_NO_OBJECTION_IF_RE = re.compile(r"(?<!even\s)\bif\s+(?:there(?:'s|\s+is|\s+are)\s+)?no\s+(?:objections?|"
                                 r"opposition)\b(?!\s+and\b)", re.I)
#: Words that make what follows them background ("we were fuzzing it before it was decided",
#: "that means when we vote we've reached consensus", "another EIP, which was approved"),
#: not an outcome of this meeting.
_BACKGROUND_RE = re.compile(r"\b(?:when|before|after|until|since|because|which)\b", re.I)


def _clause_at(text: str, start: int, end: int) -> tuple[str, str]:
    """The clause before the one holding ``text[start:end]``, and that clause."""
    cuts = [0]
    for match in _CLAUSE_RE.finditer(text):
        if re.search(r"\w", text[cuts[-1]:match.start()]):
            cuts.append(match.end())
    cuts.append(len(text) + 1)
    k = max(i for i, c in enumerate(cuts) if c <= start)
    stop = min(c for c in cuts if c >= end)
    return text[cuts[k - 1] if k else 0:cuts[k]], text[cuts[k]:stop]


def _polls_with_outcomes(found: Extraction) -> None:
    """A poll table whose outcome is written below it is recorded once, at the outcome."""
    lines: dict[int, list[int]] = {}
    for decision in found.decisions:
        if decision.kind != "poll":
            lines.setdefault(decision.section, []).append(decision.line)
    for found_lines in lines.values():
        found_lines.sort()

    def answered(poll: Decision) -> bool:
        after = lines.get(poll.section, [])
        k = bisect.bisect_right(after, poll.line)
        return k < len(after) and after[k] - poll.line <= 12

    found.decisions = [d for d in found.decisions if d.kind != "poll" or not answered(d)]


#: How many lines after a spoken outcome its restatement may come ("looks like unanimous
#: consent." ... "Unanimous consent, proposal at phase 1"): the next turn or the one after.
_RESTATED_WITHIN = 4


def _restated_outcomes(found: Extraction, note: Note) -> None:
    """An outcome said again within the next turn or two of the same section is one decision,
    recorded where it was said last: the chair's confirmation of what someone proposed.

    Outcomes listed under a Decisions heading, behind a marker, in the rows of a table
    or one after another in one speaker's turn (a recap) are each their own.
    """
    def spoken(decision: Decision) -> bool:
        return decision.kind in ("statement", "consent") and not any(
            p.kind == "row" and p.line == decision.line for p in note.sections[decision.section].paragraphs)

    def later_turn(first: Decision, then: Decision) -> bool:
        if min(first.sentence, then.sentence) < 0:
            return False
        a, b = found.sentences[first.sentence].paragraph, found.sentences[then.sentence].paragraph
        paragraphs = note.sections[first.section].paragraphs
        return b > a + 1 or b == a + 1 and paragraphs[a].speaker != paragraphs[b].speaker

    kept: list[Decision] = []
    for decision in found.decisions:
        last = kept[-1] if kept else None
        if last is not None and last.section == decision.section and \
                0 < decision.line - last.line <= _RESTATED_WITHIN and spoken(last) and spoken(decision) \
                and later_turn(last, decision):
            kept[-1] = decision
            continue
        kept.append(decision)
    found.decisions = kept


def _is_poll_header(paragraph: Paragraph) -> bool:
    """The header row of a poll table: ``SF | F | N | A | SA``."""
    if paragraph.kind != "row" or " | " not in paragraph.text:
        return False
    cells = [c.strip(" *").lower() for c in paragraph.text.split("|")]
    return len(cells) >= 3 and all(c in _POLL_LABELS for c in cells if c)


def _poll_decision(section: Any, s_index: int, p_index: int, first: int) -> Decision:
    """A poll table as a decision: at the short paragraph right after it that tells the
    outcome ("Tail calls to phase 4!"), else at the line that introduces the poll."""
    rows = section.paragraphs
    end = p_index
    while end + 1 < len(rows) and rows[end + 1].kind == "row":
        end += 1
    if end + 1 < len(rows) and rows[end + 1].kind == "p" and not rows[end + 1].speaker and \
            len(rows[end + 1].text.split()) <= 40:
        return Decision(rows[end + 1].text, s_index, first, rows[end + 1].line, "poll")
    line = rows[p_index - 1].line if p_index and rows[p_index - 1].kind != "row" else rows[p_index].line
    return Decision(_poll_label(section, p_index), s_index, first, line, "poll")


def _poll_label(section: Any, p_index: int) -> str:
    before = section.paragraphs[p_index - 1].text if p_index else ""
    return before if before and len(before) < 200 else f"Poll: {section.heading}"


_DONE_RE = re.compile(r"\b(?:done|finished|completed|merged|released|shipped|landed|published|"
                      r"fixed|closed|posted|sent|opened|wrote|written|submitted|resolved|delivered|"
                      r"cut|tagged|uploaded|filed|reviewed|implemented)\b", re.I)
#: Past forms whose first four letters are not the verb's: "wrote" is "write".
_VERB_STEMS = {"wrote": "writ", "written": "writ", "sent": "send", "cut": "cut", "done": "done"}
#: Words that report any work finished, whatever the work was.
_ANY_WORK = {"done", "fini", "comp", "deli"}
_NOT_DONE_RE = re.compile(r"\b(?:not|n't|never|still|yet|will|going to|hasn't|haven't|almost|"
                          r"nearly|partly|partially|can|could|should|would|might|may|must|need|needs|want|"
                          r"wants|if|once|after|until|when|soon|hope|hopefully|getting|get|gets|closest)\b|\?",
                          re.I)
#: How many meetings after an action a report of it done may come: the next few, not a year on.
_REPORT_WITHIN = 3
_WORD_RE = re.compile(r"[a-z0-9][a-z0-9.#/-]*[a-z0-9]|[a-z0-9]", re.I)
_STOP = frozenset("""
the and for with that this will can could should would have has had been into from about
some more also just then than them they their there what when which while who whom your
our ours its it's we'll i'll let's next week call meeting today tomorrow soon later done
""".split())


def _keywords(text: str, names: set[str]) -> set[str]:
    """The content words of *text* cut to five letters, so "release" meets "released"."""
    return {w.lower()[:5] for w in _WORD_RE.findall(text)
            if len(w) > 2 and w.lower() not in _STOP and w.lower() not in names}


def mark_reported_done(notes: list[Note], extractions: list[Extraction]) -> int:
    """Set ``status = "done"`` on action items that a later note reports done; returns how many.

    A sentence of one of the next three meetings reports an action done when it names
    one of the action's owners (or is spoken by one), says that work is finished with the
    action's own verb ("will submit" ... "submitted") or a general one ("finished",
    "done"), says it as a fact (no "not", "still", "will", "can", "if", "get it done"),
    and shares two more content words with the action ("Lena will submit the host
    application" ... "Lena submitted the host application").
    Statuses are recomputed from scratch each time, so removing the later note
    reopens the action.
    """
    order = {date: k for k, date in enumerate(sorted({n.date for n in notes if n.date}))}
    reports: dict[str, _Reports] = {}
    for note, found in zip(notes, extractions, strict=True):
        for sentence, names in _named_in(found).items():
            text = found.sentences[sentence].text
            verbs = {_VERB_STEMS.get(v.lower(), v.lower()[:4]) for v in _DONE_RE.findall(text)}
            if verbs and not _NOT_DONE_RE.search(text):
                for name in names:
                    reports.setdefault(name, _Reports()).add(note.date or "", verbs,
                                                             _keywords(text, names))
    count = 0
    for note, found in zip(notes, extractions, strict=True):
        for action in found.actions:
            action.status = "done" if action.kind == "checkbox" and action.done else "open"
            owners = {o.split()[0].lower() for o in action.owners if o.split()}
            words = _keywords(f"{action.text} {action.context or ''}", owners)
            stems = {w[:4] for w in words} | _ANY_WORK
            if note.date and any(owner in reports and reports[owner].reported(
                    order, note.date, words, stems) for owner in owners):
                action.status = "done"
                count += 1
            action.done = action.status == "done"
    return count


class _Reports:
    """One person's sentences that report work done, found by their words.

    ``reported(order, date, words, stems)`` is whether one of them, from one
    of the :data:`_REPORT_WITHIN` meetings after *date* (*order* numbers the
    meetings' dates), shares two of *words* and has a verb in *stems*: the
    words of each report are indexed, so an action is compared only with the
    reports that share a word with it.
    """

    def __init__(self) -> None:
        self.dates: list[str] = []
        self.verbs: list[set[str]] = []
        self.by_word: dict[str, list[int]] = {}

    def add(self, date: str, verbs: set[str], words: set[str]) -> None:
        for word in words:
            self.by_word.setdefault(word, []).append(len(self.dates))
        self.dates.append(date)
        self.verbs.append(verbs)

    def reported(self, order: dict[str, int], date: str, words: set[str], stems: set[str]) -> bool:
        shared: dict[int, int] = {}
        for word in words:
            for number in self.by_word.get(word, ()):
                said = self.dates[number]
                if said and 0 < order[said] - order[date] <= _REPORT_WITHIN:
                    shared[number] = shared.get(number, 0) + 1
        return any(n >= 2 and self.verbs[k] & stems for k, n in shared.items())


def _named_in(found: Extraction) -> dict[int, set[str]]:
    """For each sentence, the first words (lower case) of the people named in it or speaking it."""
    named: dict[int, set[str]] = {}
    speakers: dict[tuple[int, int], str] = {}
    for mention in found.mentions:
        if mention.sentence < 0 or not mention.text.split():
            continue
        first = mention.text.split()[0].lower()
        named.setdefault(mention.sentence, set()).add(first)
        if mention.kind == "speaker":
            sent = found.sentences[mention.sentence]
            speakers[(sent.section, sent.paragraph)] = first
    for k, sent in enumerate(found.sentences):
        if (sent.section, sent.paragraph) in speakers:
            named.setdefault(k, set()).add(speakers[(sent.section, sent.paragraph)])
    return named
