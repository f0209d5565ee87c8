"""Word lists and regular expressions shared by the pipeline and the extractor.

Kept free of spaCy so that commands that only read a store start fast.
"""

from __future__ import annotations

import re

#: Stands for "he", "she" or a left-out subject, tied later to the person named before.
PRONOUN = "<pronoun>"
#: Stands for "I" or "we" in a line that starts with a speaker prefix.
SPEAKER = "<speaker>"

#: Verbs that commit someone to future work when they follow a person.
COMMIT_PHRASES = [
    "will", "'ll", "shall", "agreed to", "agrees to", "is going to", "are going to",
    "'s going to", "'re going to", "am going to", "'m going to",
    "volunteered to", "volunteers to", "offered to", "offers to", "promised to", "plans to",
    "intends to", "is to", "are to", "to", "can", "could", "should",
    "is planning to", "is happy to", "are happy to", "said he would", "said she would",
    "said they would", "took an action to", "has taken an action to", "is responsible for",
]  # fmt: skip

_ISSUE_RE = re.compile(
    r"https?://(?:www\.)?github\.com/(?P<o1>[\w.-]+)/(?P<r1>[\w.-]+)/(?:issues|pull|pulls)/(?P<n1>\d+)"
    r"|https?://(?:www\.)?gitlab\.com/(?P<o3>[\w.-]+)/(?P<r3>[\w.-]+)/-/(?:issues|merge_requests)/(?P<n3>\d+)"
    r"|(?<![\w/.#@-])(?:(?P<o2>[A-Za-z0-9][\w.-]*)/)?(?P<r2>[A-Za-z][\w.-]+)#(?P<n2>\d+)\b"
)


def issue_matches(text: str) -> list[tuple[int, int, str | None, str, int]]:
    """Find GitHub references: ``(start, end, owner, repo, number)``, owner ``None`` if unknown.

    >>> issue_matches("see mirage/mirage-www#404, www#9 and https://github.com/a/b/pull/7")
    [(4, 25, 'mirage', 'mirage-www', 404), (27, 32, None, 'www', 9), (37, 66, 'a', 'b', 7)]
    """
    found = []
    for match in _ISSUE_RE.finditer(text):
        for suffix in "132":
            repo = match.group("r" + suffix)
            if repo:
                owner = match.group("o" + suffix)
                repo = repo.rstrip(".")
                if repo.lower().endswith(".git"):
                    repo = repo[:-4]
                found.append((match.start(), match.end(), owner, repo, int(match.group("n" + suffix))))
                break
    return found

#: Words that record an outcome: a decision, an agreement, a consensus, a vote that carried.
DECISION_RE = re.compile(
    r"\b(?:decided|decide to|decision|agreed|agree(?:ment)? (?:to|that|on)|we agree|consensus|"
    r"resolved|resolution|unanimous(?:ly)?|no objections?|without objection|approved|"
    r"(?:poll|vote|motion) (?:passe[sd]|carrie[sd]|fail(?:s|ed))|moves? to phase|advance[sd]? to|"
    r"concluded|conclusion|settled on|let'?s (?:go with|do|ship|include|add)|will (?:ship|include))\b",
    re.I)
