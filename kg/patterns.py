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
    "have to", "has to", "need to", "needs to", "have an action item to", "has an action item to",
    "have an action to", "has an action to", "will try to", "said he can", "said she can",
]  # fmt: skip

_ISSUE_RE = re.compile(
    r"https?://(?:www\.)?github\.com/(?P<o1>[\w.-]+)/(?P<r1>[\w.-]+)/(?:issues|pull|pulls)/(?P<n1>\d+)"
    r"|https?://(?:www\.)?gitlab\.com/(?P<o3>[\w.-]+)/(?P<r3>[\w.-]+)/-/(?:issues|merge_requests)/(?P<n3>\d+)"
    r"|(?<![\w/.#@-])(?:(?P<o2>[A-Za-z0-9][\w.-]*)/)?(?P<r2>[A-Za-z][\w.-]+)#(?P<n2>\d+)\b"
    r"|(?<![\w/.#@-])(?P<r4>[a-z][a-z0-9]*(?:[-.][a-z0-9]+)+) #(?P<n4>\d+)\b"  # "execution-apis #517"
)


def issue_matches(text: str) -> list[tuple[int, int, str | None, str, int]]:
    """Find GitHub references: ``(start, end, owner, repo, number)``, owner ``None`` if unknown.

    >>> issue_matches("see mirage/mirage-www#404, www#9 and https://github.com/a/b/pull/7")
    [(4, 25, 'mirage', 'mirage-www', 404), (27, 32, None, 'www', 9), (37, 66, 'a', 'b', 7)]
    >>> issue_matches("in execution-apis #517, not Call #0")
    [(3, 22, None, 'execution-apis', 517)]
    """
    found = []
    for match in _ISSUE_RE.finditer(text):
        for suffix in "1324":
            repo = match.group("r" + suffix)
            if repo:
                owner = match.group("o" + suffix) if suffix != "4" else None
                repo = repo.rstrip(".")
                if repo.lower().endswith(".git"):
                    repo = repo[:-4]
                found.append((match.start(), match.end(), owner, repo, int(match.group("n" + suffix))))
                break
    return found

#: Phrases that record an outcome: a consensus, a vote that carried, something agreed or approved.
DECISION_RE = re.compile(
    r"\b(?:unanimous(?:ly)?\s+(?:consent|agreement|approv\w+|vote)(?!\s+(?:is|to|poll)\b)|"
    r"no\s+objections?|without\s+objections?|"
    r"(?:poll|vote|motion|proposal)\s+(?:passe[sd]|carrie[sd]|fail(?:s|ed)|(?:is\s+|was\s+)?(?:approved|adopted))|"
    r"(?:move[sd]?|moving|advance[sd]?|advancing|promoted)\s+(?:\w+\s+)?to\s+(?:phase|stage)\s+\d|"
    r"(?:we|group|cg|wg|everyone|all|team)\s+(?:have\s+|has\s+)?(?:agreed|decided|concluded|resolved)\s+"
    r"(?:to|that|on|upon)|"
    r"(?:it\s+was|was)\s+(?:agreed|decided|resolved)|"
    r"(?:there\s+is|there's|we\s+have|reached|rough|clear)\s+(?:a\s+)?(?:clear\s+|rough\s+)?consensus|"
    r"consensus\s+(?:is|was|reached|on)|not\s+(?:a\s+)?(?:clear\s+)?consensus|"
    r"(?:let's|we'll|we\s+will|we're|we\s+are)\s+(?:just\s+)?(?:going\s+to\s+)?(?:go\s+with|go\s+ahead|"
    r"ship(?:ping)?|includ(?:e|ing)|add(?:ing)?|adopt(?:ing)?|mov(?:e|ing)\s+forward|remov(?:e|ing)|"
    r"drop(?:ping)?|keep(?:ing)?|leav(?:e|ing)|merg(?:e|ing)|defer(?:ring)?|punt(?:ing)?|tabl(?:e|ing)|"
    r"push(?:ing)?\s+(?:it|this|that)|kick(?:ing)?\s+(?:it|this|that))|"
    r"(?:is|are|was|were)\s+(?:approved|accepted|adopted))\b",
    re.I)
#: Words that make a sentence a question, a wish or an opinion rather than an outcome.
HEDGE_RE = re.compile(r"\?|\b(?:if|whether|unless|would|should|might|maybe|perhaps|hop(?:e|ing)|"
                      r"want(?:ed)? to|i\s+agree|i\s+think|not\s+sure|difference)\b", re.I)
