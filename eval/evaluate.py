"""`make eval`: score kg against hand-written gold answers on ../shared/corpus.

The real notes are not part of the project; when ../shared/corpus is absent
this prints that it skipped and exits 0.  Gold answers are in eval/gold/.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from kg.parse import RejectedInput, parse_file

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus"
GOLD = ROOT / "eval" / "gold"


def evaluate_parsing(gold: dict) -> dict[str, float]:
    fields = {"date": 0, "title": 0, "chair": 0, "attendee count": 0, "sections": 0}
    failures = []
    for expected in gold["notes"]:
        path = SHARED / expected["path"]
        try:
            note = parse_file(path, source=expected["path"])
        except RejectedInput as exc:
            failures.append(f"{expected['path']}: rejected ({exc})")
            continue
        chair_ok = (note.chair is None) == (expected["chair"] is None) and (
            note.chair is None or note.chair.split()[0] == expected["chair"].split()[0])
        checks = {
            "date": note.date == str(expected["date"]),
            "title": note.title == expected["title"],
            "chair": chair_ok,
            "attendee count": len(note.attendees) == expected["attendees_written"],
            "sections": [s.heading for s in note.sections if s.heading] == expected["sections"],
        }
        for name, ok in checks.items():
            fields[name] += ok
            if not ok:
                failures.append(f"{expected['path']}: {name} wrong")
    total = len(gold["notes"])
    print(f"Parsing, {total} notes (share of notes exactly right):")
    for name, right in fields.items():
        print(f"  {name:15} {right}/{total} = {right / total:.3f}")
    for failure in failures:
        print("  FAIL", failure)
    return {name: right / total for name, right in fields.items()}


def main() -> int:
    if not SHARED.is_dir():
        print(f"{SHARED} is absent: evaluation skipped.")
        return 0
    gold = yaml.safe_load((GOLD / "notes.yaml").read_text(encoding="utf-8"))
    evaluate_parsing(gold)
    return 0


if __name__ == "__main__":
    sys.exit(main())
