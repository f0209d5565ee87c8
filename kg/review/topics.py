"""The topics of a period: clusters of sections named by the phrases their headings share.

Every heading of the period (less the ones that give notes their shape,
"Agenda", "AOB", "Dencun updates" in every call) is cut into its content
words; each word and each pair of neighbouring words is a candidate topic.
A candidate is worth the meetings whose headings name it, fully ("Irmin")
more than in part ("Irmin/Xenstore"), plus the sections where a
decision was taken.  The best candidates become topics, best first; a
candidate whose sections a chosen topic already holds is folded into it
("Relaxed SIMD phase 4 poll" into "Relaxed SIMD").  A candidate that names
a person is never a topic; one that names a project is shown by the
project's name, so renamed work is one topic ("Irminsule" is "Irmin").

>>> content_words("Relaxed SIMD phase 4 poll: https://github.com/x [5 min]")
['relaxed', 'simd']
>>> content_words("Update EIP-4788: Bound precompile storage EIPs#7178")
['eip', '4788', 'bound', 'precompile', 'storage']
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from kg.ask.context import STOP, Context, heading_key, structural_headings
from kg.ask.evidence import clean_heading
from kg.ask.topics import GENERIC
from kg.lemmas import is_english

#: Words of headings that say what happens to a topic, not which topic it is.
_MOVES = frozenset("""
announcement announcements reminder upcoming follow followup up advance advancing vote voting
polls presentation presenting overview intro introduce introduction next steps recap meeting
meetings call calls discussions discuss discussed proposal proposals phase updates status progress
aob other misc notes new possible potential continued continuing quick brief short teaser
review reviews summary info information initial general open questions question feedback
add adding update updated remove removing rename consider considering clarify clarifications
part session sessions day days s vs via re
""".split())
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z0-9+#']*(?:-[A-Za-z][A-Za-z0-9+#']*)*|\d+\.\d+(?:\.\d+)?|\d{3,}")


def content_words(heading: str) -> list[str]:
    """The words of a heading that can name a topic, lower case, in order."""
    text = re.sub(r"https?://\S+|\S+#\d+", " ", heading)
    text = clean_heading(text)
    words = []
    for word in _WORD_RE.findall(text):
        for part in re.split(r"-(?=\d)", word):
            low = part.lower().strip("'")
            if low[:1].isdigit() and "." not in low and len(low) < 3:
                continue
            if len(low) >= 2 and low not in STOP and low not in GENERIC and low not in _MOVES:
                words.append(low)
    return words


@dataclass
class Cluster:
    """A topic of the period and the sections about it (True: its heading names the topic)."""

    key: str
    title: str
    pattern: re.Pattern[str]
    entity: str | None = None
    sections: dict[str, bool] = field(default_factory=dict)
    score: float = 0.0

    def meetings(self, ctx: Context) -> set[str]:
        return {ctx.node(s)["meeting"] for s in self.sections}


@dataclass
class _Candidate:
    key: str
    words: tuple[str, ...]
    sections: dict[str, bool] = field(default_factory=dict)  # section -> heading is all of it
    forms: Counter[str] = field(default_factory=Counter)


def period_sections(ctx: Context, meetings: list[str]) -> list[str]:
    """The sections of *meetings* that can hold a topic: headed, and not note structure."""
    structural = structural_headings(ctx)
    found = []
    for meeting in meetings:
        for section in ctx.sections(meeting):
            heading = ctx.node(section).get("heading") or ""
            if heading and heading_key(heading) not in structural and content_words(heading):
                found.append(section)
    return found


def _candidates(ctx: Context, sections: list[str]) -> dict[str, _Candidate]:
    found: dict[str, _Candidate] = {}
    for section in sections:
        heading = ctx.node(section).get("heading") or ""
        words = content_words(heading)
        grams = {(w,) for w in words} | {tuple(words[i:i + 2]) for i in range(len(words) - 1)}
        for gram in grams:
            key = " ".join(gram)
            cand = found.setdefault(key, _Candidate(key, gram))
            cand.sections[section] = cand.sections.get(section, False) or set(words) <= set(gram)
            cand.forms[_written_form(heading, gram)] += 1
    return found


def _written_form(heading: str, gram: tuple[str, ...]) -> str:
    """How a heading writes a phrase ("Relaxed SIMD", "EIP-4788"), else the phrase itself."""
    parts = [re.escape(w) for w in gram]
    if len(gram) == 1 and gram[0].isdigit():
        match = re.search(rf"\b[A-Za-z]{{2,6}}[- ]?{parts[0]}\b", heading)
        if match:
            return match.group(0)
    match = re.search(r"\b" + r"[\s/&,-]+".join(parts) + r"\b", heading, re.I)
    return match.group(0) if match else " ".join(gram)


def _names_person(ctx: Context, cand: _Candidate) -> bool:
    """Whether a phrase names a person ("Mort", "Anil's update") rather than a piece of work."""
    if ctx.lookup(cand.key, ("person",), fuzzy=False):
        return True
    return all(ctx.lookup(w, ("person",), fuzzy=False) for w in cand.words)


def _worth(cand: _Candidate, ctx: Context, total: int) -> float:
    """Meetings whose headings name the candidate: all of the heading counts twice, and an
    English word alone ("release", "code") little unless it is all of the heading."""
    part = 0.25 if len(cand.words) == 1 and is_english(cand.words[0]) else 0.5
    per_meeting: dict[str, float] = {}
    for section, whole in cand.sections.items():
        meeting = ctx.node(section)["meeting"]
        per_meeting[meeting] = max(per_meeting.get(meeting, 0.0), 1.0 if whole else part)
    bigram = 0.25 if len(cand.words) > 1 else 0.0
    decided = sum(1 for s in cand.sections if ctx.edges(s, "has_decision"))
    return sum(per_meeting.values()) + bigram * min(1.0, len(per_meeting) / max(1, total)) + \
        min(1.5, 0.75 * decided)


def clusters(ctx: Context, meetings: list[str], count: int) -> list[Cluster]:
    """The period's topics, best first, at most *count*."""
    sections = period_sections(ctx, meetings)
    candidates = _candidates(ctx, sections)
    total = len(meetings)
    common = {k for k, c in candidates.items() if all(ctx.common(w, 0.9) for w in c.words)}
    ranked = sorted((c for k, c in candidates.items() if k not in common),
                    key=lambda c: (-_worth(c, ctx, total), -len(c.words), c.key))
    chosen: list[Cluster] = []
    for cand in ranked:
        if len(chosen) >= count and _worth(cand, ctx, total) < 1.0:
            break
        home = _fold_into(cand, chosen, ctx)
        if home is not None:
            for section, whole in cand.sections.items():
                home.sections.setdefault(section, whole)
            continue
        if len(chosen) >= count or _names_person(ctx, cand):
            continue
        chosen.append(_cluster(ctx, cand, _worth(cand, ctx, total)))
    _merge_entities(chosen)
    return chosen


def _fold_into(cand: _Candidate, chosen: list[Cluster], ctx: Context) -> Cluster | None:
    """The chosen topic a candidate belongs to: most of its sections are already there, or
    it is the same project."""
    for cluster in chosen:
        shared = sum(1 for s in cand.sections if s in cluster.sections)
        words = set(cluster.key.split())
        if shared * 3 >= 2 * len(cand.sections) or words <= set(cand.words) or set(cand.words) <= words:
            return cluster
        if cluster.entity and cluster.entity in ctx.lookup(cand.key, ("project",), fuzzy=False):
            return cluster
    return None


def _cluster(ctx: Context, cand: _Candidate, worth: float) -> Cluster:
    projects = ctx.lookup(cand.key, ("project",), fuzzy=False)
    entity = projects[0] if len(projects) == 1 else None
    title = cand.forms.most_common(1)[0][0]
    forms = {title, cand.key}
    if entity:
        data = ctx.node(entity)
        title = data["name"]
        forms |= {data["name"], *data.get("aliases", [])}
    if title.islower():
        title = title[0].upper() + title[1:]
    alternatives = sorted((f for f in forms if len(f) >= 2), key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(
        r"[\s/&,-]*".join(re.escape(p) for p in re.split(r"[\s/&,-]+", f)) for f in alternatives)
        + r")(?![\w])", re.I)
    return Cluster(cand.key, title, pattern, entity, dict(cand.sections), worth)


def _merge_entities(chosen: list[Cluster]) -> None:
    """Two topics that are one project (its old and new name) become one."""
    by_entity: dict[str, Cluster] = {}
    for cluster in list(chosen):
        if cluster.entity and cluster.entity in by_entity:
            first = by_entity[cluster.entity]
            for section, whole in cluster.sections.items():
                first.sections.setdefault(section, whole)
            chosen.remove(cluster)
        elif cluster.entity:
            by_entity[cluster.entity] = cluster


def texts_naming(ctx: Context, cluster: Cluster, sections: list[str]) -> dict[str, int]:
    """Sections outside a topic's headings and how many of their sentences name it."""
    counts: dict[str, int] = defaultdict(int)
    for section in sections:
        if section in cluster.sections:
            continue
        for row in ctx.rows(section):
            if cluster.pattern.search(row.text):
                counts[section] += 1
    return counts
