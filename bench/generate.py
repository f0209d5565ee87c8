"""Generate a large, realistic corpus of meeting notes for benchmarks.

A fictional community of about 60 people and 40 projects meets weekly for
years; each note has front matter or a plain-text header, an attendee list
in one of several shapes, an agenda, and sections of prose with person
mentions (full names, first names, handles, initials), issue references and
action items.  Deterministic for a given seed.

    python bench/generate.py OUT_DIR --notes 3200
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

FIRST = ["Lena", "Priya", "Robert", "Tomás", "Maria", "Kwame", "Oksana", "Jamal", "Noor", "Mateus",
         "Yusuf", "Ingrid", "Thomas", "Aiko", "Chen", "Dmitri", "Fatima", "Gustavo", "Hana", "Ivan",
         "Jonas", "Kira", "Luca", "Mina", "Nadia", "Omar", "Pavel", "Quinn", "Rosa", "Sami"]
LAST = ["Hofmann", "Krishnan", "Okafor", "Villanueva", "Kowalczyk", "Asante", "Petrenko", "Idris",
        "Rahman", "Barros", "Demir", "Solberg", "Lindqvist", "Tanaka", "Wei", "Volkov", "Haddad",
        "Ferreira", "Novak", "Ilyin", "Berg", "Sato", "Moretti", "Park", "Aziz", "Khalil", "Dvorak",
        "Reyes", "Santos", "Nieminen"]
PROJECTS = ["FernSync", "Bramble", "Thicket", "fernctl", "Lattice", "Quarry", "Harbor", "Mossbank",
            "Driftwood", "Sedge", "Kestrel", "Larkspur", "Cobble", "Wren", "Tansy", "Alder",
            "Brackenfs", "Pebble", "Sorrel", "Juniper", "Marram", "Heather", "Yarrow", "Clover",
            "Nettle", "Rowan", "Willowdb", "Aspen", "Cedar", "Hazel", "Sloe", "Gorse", "Burdock",
            "Teasel", "Vetch", "Campion", "Sedum", "Lichen", "Fennel", "Basil"]
VERBS_DONE = ["fixed", "released", "merged", "reviewed", "benchmarked", "rewrote", "documented",
              "profiled", "ported", "tested"]
VERBS_TODO = ["review", "release", "write up", "benchmark", "document", "fix", "port", "test",
              "triage", "look at"]
THINGS = ["the sync engine", "the merge queue", "the release notes", "the conflict resolver",
          "the CI runners", "the ARM build", "the docs site", "the storage layer", "the API",
          "the plugin loader", "the test suite", "the packaging", "the website theme",
          "the nightly builds", "the memory use", "the error messages"]
FILLER = [
    "Everyone agreed this was the right order.", "The numbers are in the thread on the list.",
    "It needs another pair of eyes before it lands.", "The upgrade path is still unclear.",
    "A blog post would help people try it.", "Windows support can wait.",
    "The flaky test turned out to be a timezone bug.", "Packaging for Debian is the next step.",
    "Nobody objected.", "We should ask the users who reported it.", "Docs lag behind the code.",
    "The mailing list thread has the details.", "This blocks the next release.",
    "It only shows up on slow disks.", "The benchmark machine was busy, so numbers are rough.",
    "Retries hide the real error.", "Half of the work is already in main.",
    "The design doc needs a section on migration.", "Memory use went down by a third.",
    "Someone should check the licence of the new dependency.", "The old API stays for a year.",
    "A contributor from the forum offered to help.", "Logs were too noisy to read.",
    "The config format changes in a compatible way.", "Start-up time matters on phones.",
]
OUTCOMES = [
    "it is about {n}% faster than last month.", "{n} tests were flaky and are now fixed.",
    "the build is {n} seconds shorter.", "{n} users tried the beta.",
    "the diff is {n} files, mostly renames.", "it still fails on {n} old configs.",
    "{n} issues were closed along the way.", "review comments are mostly about naming.",
    "the fix needs a backport to the stable branch.", "the change is behind a flag for now.",
    "a follow-up is needed for the Windows case.", "the numbers look good on the laptop.",
]
DUE = ["before the next call", "by Friday", "by the end of the month", "next week", "", "", ""]


def person_pool(rng: random.Random, size: int = 60) -> list[tuple[str, str]]:
    people = set()
    while len(people) < size:
        people.add((rng.choice(FIRST), rng.choice(LAST)))
    return sorted(people)


def mention(rng: random.Random, first: str, last: str) -> str:
    return rng.choice([f"{first} {last}", first, first, f"{first}{last[0]}",
                       f"{first[0]}{last[0]}"])


def note_text(rng: random.Random, number: int, date: dt.date, people: list[tuple[str, str]]
              ) -> tuple[str, str]:
    attendees = rng.sample(people, rng.randint(5, 12))
    chair = attendees[0]
    projects = rng.sample(PROJECTS, rng.randint(3, 6))
    plain = number % 7 == 3
    lines: list[str] = []
    if plain:
        lines += [f"Weekly Meeting: {date.isoformat()}", "",
                  f"{date.day} {date.strftime('%B %Y')}: " + ", ".join(projects[:3]), "",
                  ", ".join(f"{first} {last}" + (" (chair)" if (first, last) == chair else "")
                            for first, last in attendees[:-1])
                  + f" and {attendees[-1][0]} {attendees[-1][1]}",
                  ""]
    else:
        lines += ["---", f"date: {date.isoformat()}", f"title: 'Weekly Meeting: {date.isoformat()}'",
                  "---", "", "### Agenda ###", ""]
        lines += [f"* {p} update" for p in projects] + [""]
        shape = number % 3
        names = [f"{first} {last}" for first, last in attendees]
        names[0] += " (chair)"
        if shape == 0:
            lines += ["Attendees: " + ", ".join(names[:-1]) + " and " + names[-1], ""]
        elif shape == 1:
            lines += ["*Attendees:* " + ", ".join(names), ""]
        else:
            lines += ["**Present:**", ""] + [f"- {n}" for n in names] + [""]
        lines += ["### Notes ###", ""]
    for project in projects:
        lines += [project if plain else f"#### {project} ####", ""]
        for _ in range(rng.randint(2, 5)):
            first, last = rng.choice(attendees)
            who = mention(rng, first, last)
            kind = rng.random()
            if kind < 0.3:
                due = rng.choice(DUE)
                sentence = f"{who} will {rng.choice(VERBS_TODO)} {rng.choice(THINGS)}" + \
                    (f" {due}." if due else ".")
            elif kind < 0.5:
                repo = project.lower()
                sentence = (f"{who} {rng.choice(VERBS_DONE)} {rng.choice(THINGS)} "
                            f"(fernwood/{repo}#{rng.randint(1, 900)}).")
            elif kind < 0.6:
                other = rng.choice(attendees)
                sentence = (f"{who} and {other[0]} discussed how {project} should handle "
                            f"{rng.choice(THINGS)}; no decision yet.")
            elif kind < 0.7 and not plain:
                sentence = f"{first[0]}{last[0]}: {project} needs {rng.choice(THINGS)} cleaned up first."
            else:
                sentence = (f"{who} {rng.choice(VERBS_DONE)} {rng.choice(THINGS)} for {project}; "
                            f"{rng.choice(OUTCOMES).format(n=rng.randint(2, 40))}")
            if rng.random() < 0.4:
                sentence += " " + " ".join(rng.sample(FILLER, rng.randint(1, 2)))
            lines += [sentence, ""]
    name = f"{date.isoformat()}.{'txt' if plain else 'md'}"
    return name, "\n".join(lines) + "\n"


def generate(out: Path, notes: int = 3200, seed: int = 7) -> Path:
    """Write *notes* notes into *out* (in yearly folders); returns *out*."""
    rng = random.Random(seed)
    people = person_pool(rng)
    start = dt.date(2000, 1, 4)
    for number in range(notes):
        date = start + dt.timedelta(days=7 * number)
        name, text = note_text(rng, number, date, people)
        folder = out / str(date.year)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--notes", type=int, default=3200)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    generate(args.out, args.notes, args.seed)


if __name__ == "__main__":
    main()
