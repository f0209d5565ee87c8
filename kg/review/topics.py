"""The topics of a period: clusters of sections named by the phrases their headings share.

Every heading of the period (less the ones that give notes their shape,
"Agenda", "AOB", "Dencun updates" in every call, and the note's own title)
is cut into runs of content words at punctuation and small words ("GC &
strings" is two runs, "Google Summer of Code" too); each phrase of one to
three neighbouring words of a run is a candidate topic.  A candidate is worth
the meetings whose headings name it, fully ("Irmin", "TLS" of "TLS/SSL") more
than in part ("Irmin" of "Irmin xenstore") or as a setting ("Wasm" of
"Strings in Wasm"), long discussions more than announcements; plus half a
meeting for each other meeting whose summary table names it, plus the
sections where something was decided (a poll most), released or launched; plus, for
the topics chosen, 0.4 of a meeting for each meeting that speaks of the topic
under other headings (at most six).  The best
candidates become topics, best first; a candidate whose sections a chosen
topic already holds is folded into it ("Relaxed SIMD phase 4 poll" into
"Relaxed SIMD").

Some phrases are one topic: plural and singular ("Strings", "string
builtins"), an acronym and what it stands for when a heading spells it out
("GSoC", "Google Summer of Code"), a project and its old name ("Irminsule" is
"Irmin").  Some are never a topic: a person ("Mort"), and a word that is
rarely a heading's subject and qualifies something different each time
("WASI subgroup", "Threads subgroup", "Benchmarking subgroup"; the
community's own name in "Mirage tutorial", "Mirage 2.0", "mirage-dev"); beside
such a word a phrase is all of its heading ("Mirage 2.0 libs" is about "2.0",
and the topic is titled "Mirage 2.0").
How headings are read is in :mod:`kg.review.headings`.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from kg.ask.context import Context, heading_key, structural_headings
from kg.lemmas import is_english
from kg.review.headings import PREFIX_RE, blend_of, content_words, heading_runs, runs, spelled_out
from kg.review.headings import written_form as _written_form

#: Two names a heading writes as a pair: "Prague/Electra", "Prague / EL Electra".
_PAIR_RE = re.compile(r"\b([A-Z][a-z]+)\s*/\s*(?:[A-Z]+\s+)?([A-Z][a-z]+)\b")
#: Words of a heading that announce an outcome: the topic's sections say what came of it.
_OUTCOME_RE = re.compile(r"\b(?:releas\w*|launch\w*|merg\w*|ship\w*|shutdown|deploy\w*|"
                         r"finali[sz]\w*|accepted|approved)\b", re.I)
#: A decision to the contrary: "this doesn't look like consensus".
_NEGATED_RE = re.compile(r"(?:\bno|\bnot|n't|\bwithout|\black)\b[^.]{0,40}\b(?:consensus|agreement|agreed|"
                         r"approved|support)\b", re.I)


@dataclass
class Cluster:
    """A topic of the period and the sections about it (True: its heading names the topic)."""

    key: str
    title: str
    pattern: re.Pattern[str]
    entity: str | None = None
    sections: dict[str, bool] = field(default_factory=dict)
    score: float = 0.0
    words: set[str] = field(default_factory=set)  # its words and those of what it stands for
    expansions: set[str] = field(default_factory=set)  # what it stands for ("EVM Object Format")
    vocabulary: set[str] = field(default_factory=set)  # the words of every phrase folded into it

    def meetings(self, ctx: Context) -> set[str]:
        return {ctx.node(s)["meeting"] for s in self.sections}


@dataclass
class _Candidate:
    key: str
    words: tuple[str, ...]
    sections: dict[str, bool] = field(default_factory=dict)  # section -> heading is all of it
    forms: Counter[str] = field(default_factory=Counter)
    alone: set[str] = field(default_factory=set)  # sections where a run of the heading is just it
    neighbours: set[str] = field(default_factory=set)  # words next to it in those runs
    seen: set[str] = field(default_factory=set)  # sections whose headings have the word itself
    expansions: set[str] = field(default_factory=set)  # what it stands for, when an acronym


def period_sections(ctx: Context, meetings: list[str]) -> list[str]:
    """The sections of *meetings* that can hold a topic: headed, and neither note structure nor
    the note's own title."""
    structural = structural_headings(ctx)
    found = []
    for meeting in meetings:
        title = heading_key(ctx.node(meeting).get("title") or "")
        for section in ctx.sections(meeting):
            heading = ctx.node(section).get("heading") or ""
            key = heading_key(heading)
            if heading and key not in structural and key != title and content_words(heading):
                found.append(section)
    return found


def _plural_fold(sections: list[str], ctx: Context) -> dict[str, str]:
    """Plural words of the headings whose singular is also there: "strings" -> "string"."""
    vocabulary = {w for s in sections for w in content_words(ctx.node(s).get("heading") or "")}
    return {w: w[:-1] for w in vocabulary
            if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")) and w[:-1] in vocabulary}


def _candidates(ctx: Context, sections: list[str]) -> dict[str, _Candidate]:
    """Every phrase of one to three words of a run of the headings, with its sections."""
    fold = _plural_fold(sections, ctx)
    found: dict[str, _Candidate] = {}
    for section in sections:
        heading = ctx.node(section).get("heading") or ""
        for run, setting in runs(heading):
            run = [fold.get(w, w) for w in run]
            for size in (1, 2, 3):
                for start in range(len(run) - size + 1):
                    gram = tuple(run[start:start + size])
                    if len(set(gram)) == size:
                        whole = size == len(run) and not setting
                        cand = found.setdefault(" ".join(gram), _Candidate(" ".join(gram), gram))
                        cand.sections[section] = cand.sections.get(section, False) or whole
                        cand.forms[_written_form(heading, gram)] += 1
        _neighbours(section, heading, fold, found)
    _expand_acronyms(ctx, sections, found)
    _blends(ctx, sections, found)
    return found


def _neighbours(section: str, heading: str, fold: dict[str, str], found: dict[str, _Candidate]) -> None:
    """Where each word of a heading stands: alone between slashes and punctuation ("TLS" of
    "TLS/SSL/crypto", which names it fully), or next to which other words (not versions)."""
    for run, setting in runs(heading, slash=True):
        run = [fold.get(w, w) for w in run]
        if " ".join(run) in found and not setting:
            found[" ".join(run)].sections[section] = True
        for i, word in enumerate(run):
            if word in found:
                found[word].seen.add(section)
                found[word].neighbours.update(w for w in run[max(0, i - 1):i] + run[i + 1:i + 2]
                                              if not w[:1].isdigit())
                if len(run) == 1:
                    found[word].alone.add(section)


def _expand_acronyms(ctx: Context, sections: list[str], found: dict[str, _Candidate]) -> None:
    """An acronym a heading spells out ("EVM Object Format (EOF)", "Google Summer of Code"
    beside "GSoC") takes in the sections headed by what it stands for."""
    headings = {s: re.sub(r"https?://\S+", " ", ctx.node(s).get("heading") or "") for s in sections}
    for cand in list(found.values()):
        written = cand.forms.most_common(1)[0][0] if cand.forms else ""
        if len(cand.words) != 1 or not re.fullmatch(r"[A-Za-z]{3,6}", written) or \
                sum(c.isupper() for c in written) < 2:
            continue
        for section, heading in headings.items():
            spelled = spelled_out(written.lower(), heading)
            if spelled:
                cand.expansions.add(spelled)
                whole = set(content_words(heading)) <= set(content_words(spelled)) | {cand.key}
                cand.sections[section] = cand.sections.get(section, False) or whole


def _blends(ctx: Context, sections: list[str], found: dict[str, _Candidate]) -> None:
    """A name blended from a pair that headings write "A/B" ("Pectra" of "Prague/Electra": the
    start of one and the end of the other) takes in the pair's sections."""
    pairs = {(m.group(1), m.group(2)) for s in sections
             for m in _PAIR_RE.finditer(ctx.node(s).get("heading") or "")}
    for first, second in pairs:
        pair = found.get(f"{first.lower()} {second.lower()}")
        for cand in found.values():
            if pair is not None and len(cand.words) == 1 and blend_of(cand.key, first, second):
                cand.expansions.add(f"{first}/{second}")
                for section in pair.sections:
                    cand.sections[section] = cand.sections.get(section, False) or pair.sections[section]


def _names_person(ctx: Context, cand: _Candidate) -> bool:
    """Whether a phrase names a person ("Mort", "Anil's update") rather than a piece of work."""
    if ctx.lookup(cand.key, ("person",), fuzzy=False):
        return True
    return all(ctx.lookup(w, ("person",), fuzzy=False) for w in cand.words)


def _qualifier(cand: _Candidate) -> bool:
    """A word that qualifies something different in most of its headings and is seldom their
    subject ("WASI subgroup", "Threads subgroup charter", "Benchmarking subgroup"): a kind of
    thing, or the community's own name, not one piece of work.  A number names one thing."""
    return len(cand.words) == 1 and not re.search(r"\d", cand.key) and len(cand.seen) >= 3 and \
        len(cand.neighbours) >= 3 and len(cand.alone) * 3 < len(cand.seen)


def _background(ctx: Context, cand: _Candidate, meetings: list[str]) -> bool:
    """A word in nearly every meeting that few headings are about ("Wasm" in WebAssembly's
    notes): what the notes are about as a whole, not a topic of the period."""
    if len(cand.words) != 1 or not ctx.common(cand.key, 0.9):
        return False
    headed = {ctx.node(s)["meeting"] for s in cand.sections}
    return len(headed) * 5 < len(meetings)


class _Summaries:
    """The rows of the period's summary tables, as sets of content words, per meeting."""

    def __init__(self, ctx: Context, meetings: list[str]):
        self.rows: list[tuple[str, set[str]]] = []
        for meeting in meetings:
            for section in ctx.sections(meeting):
                for row in ctx.rows(section):
                    if row.kind == "row":
                        words = {w for run in heading_runs(row.text, slash=True) for w in run}
                        self.rows.append((meeting, words | {w[:-1] for w in words if w.endswith("s")}))

    def meetings(self, words: tuple[str, ...]) -> set[str]:
        return {m for m, row in self.rows if all(w in row for w in words)}


class _Bodies:
    """The sentences of sections as sets of words."""

    def __init__(self, ctx: Context, sections: list[str]):
        self.ctx = ctx
        self._sets: dict[str, list[set[str]]] = {}
        sizes = sorted(len(ctx.rows(s)) for s in sections)
        self.typical = max(1, sizes[len(sizes) // 2]) if sizes else 1  # a section's usual length

    def rows(self, section: str) -> list[set[str]]:
        if section not in self._sets:
            found = []
            for row in self.ctx.rows(section):
                words = set(re.findall(r"[a-z0-9_]+(?:\.\d+)*", row.text.lower()))
                found.append(words | {w[:-1] for w in words if w.endswith("s")})
            self._sets[section] = found
        return self._sets[section]


def _worth(cand: _Candidate, ctx: Context, summaries: _Summaries, bodies: _Bodies) -> float:
    """Meetings whose headings name the candidate: fully when it is all of a part of the heading
    that is not a mere setting ("Strings" in "Strings in Wasm"), else half (an English word a
    quarter), and less for a short section (an announcement) than a long discussion; half of
    each other meeting whose summary names it (a name, not English words); and the sections
    where something was decided or released."""
    part = 0.25 if len(cand.words) == 1 and is_english(cand.words[0]) else 0.5
    per_meeting: dict[str, float] = {}
    outcomes = talk = 0.0
    for section, whole in cand.sections.items():
        meeting = ctx.node(section)["meeting"]
        size = len(bodies.rows(section))
        weight = (1.0 if whole else part) * (0.5 + 0.5 * min(1.0, size / bodies.typical))
        per_meeting[meeting] = max(per_meeting.get(meeting, 0.0), weight)
        outcomes += weight * _outcome(ctx, section)
        talk += weight * size
    named = any(cand.sections.values()) and not all(is_english(w) for w in cand.words)
    summarised = summaries.meetings(cand.words) - set(per_meeting) if named else set()
    bigram = 0.25 if len(cand.words) > 1 else 0.0
    return sum(per_meeting.values()) + 0.5 * len(summarised) + bigram + \
        min(1.5, outcomes) + min(0.5, talk / (8 * bodies.typical))


def _outcome(ctx: Context, section: str) -> float:
    """What a section records of an outcome: a poll (1), a decision not to the contrary or a
    heading that announces a release, a launch, a merge (0.75), else nothing."""
    decisions = [ctx.node(d) for d, _ in ctx.edges(section, "has_decision")]
    if any(d.get("kind") == "poll" for d in decisions):
        return 1.0
    if _OUTCOME_RE.search(ctx.node(section).get("heading") or ""):
        return 0.75
    return 0.75 if any(not _NEGATED_RE.search(d.get("text") or "") for d in decisions) else 0.0


def clusters(ctx: Context, meetings: list[str], count: int) -> list[Cluster]:
    """The period's topics, best first, at most *count*."""
    sections = period_sections(ctx, meetings)
    candidates = _candidates(ctx, sections)
    summaries, bodies = _Summaries(ctx, meetings), _Bodies(ctx, sections)
    vague = {k for k, c in candidates.items() if _qualifier(c) or _background(ctx, c, meetings)}
    vague |= {m.group(1).lower() for s in sections
              for m in PREFIX_RE.finditer(ctx.node(s).get("heading") or "")}
    _whole_without(ctx, sections, candidates, {w for w in vague if ctx.common(w, 0.9)})
    _blends(ctx, sections, candidates)  # a blend is whole where its pair now is
    worth = {k: _worth(c, ctx, summaries, bodies) for k, c in candidates.items()}
    ranked = sorted((c for c in candidates.values() if not all(w in vague for w in c.words) or
                     "-" in c.forms.most_common(1)[0][0]),
                    key=lambda c: (-worth[c.key], -len(c.words), c.key))
    chosen: list[Cluster] = []
    for cand in ranked:
        if len(chosen) >= count and worth[cand.key] < 1.0:
            break
        home = _fold_into(cand, chosen, ctx)
        if home is not None:
            fresh = [s for s in cand.sections if s not in home.sections]
            home.score += worth[cand.key] * len(fresh) / len(cand.sections)  # a rename's own meetings
            home.title = _named_title(home.title, cand)
            for section, whole in cand.sections.items():
                home.sections.setdefault(section, whole)
            home.words |= {w for e in cand.expansions for w in content_words(e)}
            home.expansions |= cand.expansions
            home.vocabulary |= set(cand.words)
            continue
        if len(chosen) >= count or _names_person(ctx, cand) or _part_of(cand, chosen):
            continue
        chosen.append(_cluster(ctx, cand, worth[cand.key]))
    _merge_entities(chosen)
    everywhere = [s for m in meetings for s in ctx.sections(m)]
    for cluster in chosen:
        cluster.score += _talked_of(ctx, cluster, everywhere)
    return sorted(chosen, key=lambda c: -c.score)


def _whole_without(ctx: Context, sections: list[str], found: dict[str, _Candidate], vague: set[str]) -> None:
    """A heading names a phrase fully when what else its run holds is only words that qualify
    anything and are in nearly every meeting (*vague*): "Mirage 2.0 libs" is about "2.0" in
    MirageOS's notes, "Goerli fork" about "Goerli" where every call speaks of forks; but
    "Thicket CI" stays about Thicket, a project only some meetings name."""
    fold = _plural_fold(sections, ctx)
    for section in sections:
        for run, setting in runs(ctx.node(section).get("heading") or ""):
            kept = " ".join(w for w in (fold.get(w, w) for w in run) if w not in vague)
            if not setting and kept in found and len(kept.split()) < len(run):
                found[kept].sections[section] = True


def _fold_into(cand: _Candidate, chosen: list[Cluster], ctx: Context) -> Cluster | None:
    """The chosen topic a candidate belongs to: most of its sections are already there, it
    names the topic and more ("Relaxed SIMD poll"), or it is the same project."""
    for cluster in chosen:
        if cluster.expansions and set(cand.words) <= cluster.words:  # a part of what it stands for
            return cluster
        shared = sum(1 for s, whole in cand.sections.items()  # not where each is a part of its own
                     if s in cluster.sections and (cluster.sections[s] or not whole))
        names = [set(cluster.key.split())] + [set(content_words(e)) for e in cluster.expansions]
        if shared * 3 >= 2 * len(cand.sections) or any(n <= set(cand.words) for n in names):
            return cluster
        if cluster.entity and cluster.entity in ctx.lookup(cand.key, ("project",), fuzzy=False):
            return cluster
    return None


def _named_title(title: str, cand: _Candidate) -> str:
    """A topic titled by a bare version ("2.0") takes the name a heading writes it with
    ("Mirage 2.0")."""
    if re.search(r"[A-Za-z]", title):
        return title
    forms = [f for f, _ in cand.forms.most_common() if title in f.split() and re.search(r"[A-Za-z]", f)]
    return forms[0] if forms else title


def _part_of(cand: _Candidate, chosen: list[Cluster]) -> bool:
    """Whether a candidate is a word of a chosen topic's name, and of other headings too
    ("Extended" of "Extended-const" and "Extended Name Section"): no topic of its own."""
    return any(set(cand.words) < set(c.key.split()) for c in chosen)


def _cluster(ctx: Context, cand: _Candidate, worth: float) -> Cluster:
    projects = ctx.lookup(cand.key, ("project",), fuzzy=False)
    entity = projects[0] if len(projects) == 1 else None
    title = cand.forms.most_common(1)[0][0]
    forms = {title, cand.key, *cand.forms, *cand.expansions}
    if len(cand.words) == 1 and cand.key.isdigit():
        forms |= set(ctx.titles(cand.key))
    if entity:
        data = ctx.node(entity)
        title = data["name"]
        forms |= {data["name"], *data.get("aliases", [])}
    if title.islower():
        title = title[0].upper() + title[1:]
    alternatives = sorted((f for f in forms if len(f) >= 2), key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(
        r"[\s/&,-]*".join(re.escape(p) for p in re.split(r"[\s/&,-]+", f)) + "s?" for f in alternatives)
        + r")(?![\w])", re.I)
    words = set(cand.words) | {w for e in cand.expansions for w in content_words(e)}
    return Cluster(cand.key, title, pattern, entity, dict(cand.sections), worth, words, set(cand.expansions),
                   set(words))


def _merge_entities(chosen: list[Cluster]) -> None:
    """Two topics that are one project (its old and new name) become one."""
    by_entity: dict[str, Cluster] = {}
    for cluster in list(chosen):
        if cluster.entity and cluster.entity in by_entity:
            first = by_entity[cluster.entity]
            for section, whole in cluster.sections.items():
                first.sections.setdefault(section, whole)
            first.vocabulary |= cluster.vocabulary
            first.score += cluster.score
            chosen.remove(cluster)
        elif cluster.entity:
            by_entity[cluster.entity] = cluster


def _talked_of(ctx: Context, cluster: Cluster, sections: list[str]) -> float:
    """What a topic is worth for the meetings that speak of it under other headings (a release
    the notes come back to all year, not an agenda item that recurs and is never mentioned
    elsewhere): 0.4 a meeting, at most 2.4."""
    elsewhere = {ctx.node(s)["meeting"] for s in texts_naming(ctx, cluster, sections)}
    return 0.4 * min(6, len(elsewhere - cluster.meetings(ctx)))


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
