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
    # any other forge: GitLab (also self-hosted, with groups), Gitea/Forgejo, Pagure, Bitbucket
    r"|https?://[\w.-]+\.[a-z]{2,}/(?:[\w.-]+/)*?(?:(?P<o3>[\w.-]+)/)??(?P<r3>[\w.-]+)/(?:-/)?"
    r"(?:issues?|pulls?|merge_requests|pull-requests)/(?P<n3>\d+)"
    r"|(?<![\w/.#@-])(?:(?P<o2>[A-Za-z0-9][\w.-]*)/)?(?P<r2>[A-Za-z][\w.-]+)#(?P<n2>\d+)\b"
    r"|(?<![\w/.#@-])(?P<r4>[a-z][a-z0-9]*(?:[-.][a-z0-9]+)+) #(?P<n4>\d+)\b"  # "execution-apis #517"
)


def issue_matches(text: str) -> list[tuple[int, int, str | None, str, int]]:
    """Find GitHub references: ``(start, end, owner, repo, number)``, owner ``None`` if unknown.

    >>> issue_matches("see mirage/mirage-www#404, www#9 and https://github.com/a/b/pull/7")
    [(4, 25, 'mirage', 'mirage-www', 404), (27, 32, None, 'www', 9), (37, 66, 'a', 'b', 7)]
    >>> issue_matches("in execution-apis #517, not Call #0")
    [(3, 22, None, 'execution-apis', 517)]
    >>> [m[2:] for m in issue_matches("https://gitlab.gnome.org/GNOME/gtk/-/issues/12 and "
    ...                                "https://pagure.io/fedora-infra/issue/118")]
    [('GNOME', 'gtk', 12), (None, 'fedora-infra', 118)]
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
    r"no\s+objections?|without\s+objections?|(?:nobody|no\s+one|no-one)\s+(?:objected|disagreed)|"
    r"(?:poll|vote|motion|proposal)\s+(?:passe[sd]|carrie[sd]|fail(?:s|ed)|(?:is\s+|was\s+)?(?:approved|adopted))|"
    r"(?:move[sd]?|moving|advance[sd]?|advancing|promoted)\s+(?:\w+\s+)?to\s+(?:phase|stage)\s+\d|"
    r"(?:we|group|cg|wg|everyone|all|team)\s+(?:have\s+|has\s+)?(?:agreed|decided|concluded|resolved)\s+"
    r"(?:to|that|on|upon)|"
    r"(?:it\s+was|was)\s+(?:agreed|decided|resolved)|"
    r"(?:there\s+is|there's|we\s+have|reached|rough|clear)\s+(?:a\s+)?(?:clear\s+|rough\s+)?consensus|"
    r"consensus\s+(?:is|was|reached)|not\s+(?:a\s+)?(?:clear\s+)?consensus|"
    r"(?:look|looks|seem|seems)\s+like\s+(?:a\s+|we\s+have\s+(?:a\s+)?)?(?:clear\s+|rough\s+|unanimous\s+)?"
    r"consensus|"
    r"(?:let's|we'll|we\s+will|(?:so|okay|ok|then|alright)\W+(?:i\s+guess\W+)?(?:we're|we\s+are)\s+(?:just\s+)?"
    r"going\s+to)\s+(?:just\s+)?(?:go\s+with|go\s+ahead|"
    r"go\s+(?:that|this)\s+(?:route|way|direction)|"
    r"ship(?:ping)?|includ(?:e|ing)|add(?:ing)?|adopt(?:ing)?|mov(?:e|ing)\s+forward|remov(?:e|ing)|"
    r"drop(?:ping)?|keep(?:ing)?(?!\s+an\s+eye)|leav(?:e|ing)|merg(?:e|ing)|defer(?:ring)?|punt(?:ing)?|tabl(?:e|ing)|"
    r"push(?:ing)?\s+(?:it|this|that)|kick(?:ing)?\s+(?:it|this|that))|we(?:'ll|\s+will)\s+(?:just\s+)?use|"
    r"(?:so|okay|ok|then)\W+(?:in\s+that\s+case\W+)?(?:i\s+guess\W+)?(?:we're|we\s+are)\s+(?:adding|including|"
    r"keeping|removing|dropping|merging|shipping|leaving|deferring|going\s+with|moving\s+forward)|"
    r"(?:is|are|was|were)\s+(?:approved|accepted|adopted))\b",
    re.I)
#: Words that make a sentence a question, a wish or an opinion rather than an outcome.
HEDGE_RE = re.compile(r"\?|\b(?:if|whether|unless|as\s+long\s+as|whenever|would|should|might|maybe|perhaps|"
                      r"hop(?:e|ing)|want(?:ed)? to|last\s+time|ago|previously|i\s+agree|i\s+think|"
                      r"not\s+sure|difference|already|a\s+while\s+back|back\s+then)\b", re.I)

#: "let's" followed by what the meeting settles on ("let's do it", "let's merge these",
#: "let's not include it", "let's discuss it on Monday"), not by where the talk goes next.
LETS_OUTCOME_RE = re.compile(
    r"\blet's\s+(?:just\s+|then\s+|maybe\s+|definitely\s+|try\s+to,?\s+|all\s+)?(?:"
    r"do\s+(?:it|that|this)\b(?!\s+(?:first|now|quickly|next))|"
    r"(?:include|add|remove|drop|merge|ship|keep|use|adopt|accept|approve|reject|target|table|defer|"
    r"punt|postpone|revisit|finalize|finalise|settle|go\s+with|go\s+ahead\s+with|move\s+forward|"
    r"move\s+with|stick\s+with|leave|bump|kick|push)\b|"
    r"(?:discuss|pick|take|bring|have|continue|follow|get|sort|settle)\s+(?:\w+\s+){0,4}?"
    r"(?:async\w*|offline|up|on\s+(?:the\s+)?(?:next|mon|tues|wednes|thurs|fri)\w*|next\s+\w+|"
    r"in\s+(?:two|a\s+couple|\d+)\s+\w+|later)\b)|^\W*(?:ok(?:ay)?\W+)?do\s+it\W*$",
    re.I)
#: The chair asking for objections ("any objections?", "does anyone oppose ...", "last chance").
OBJECTION_CALL_RE = re.compile(
    r"\b(?:any(?:one|body)?\s+(?:else\s+)?(?:objections?|oppos\w+|against|object\w*|disagree\w*|"
    r"push\s*backs?)\b|(?:does|do)\s+(?:any(?:one|body)|any\s+\w+(?:\s+\w+)?|people)\s+(?:\w+\s+)?"
    r"(?:oppose|object|disagree|not\s+want|want\s+to\s+(?:push\s+back|object|make\s+the\s+case))\b|"
    r"(?:last|final)\s+chance\b|speak\s+up\s+now|objections\s*\?)",
    re.I)
#: A reply that takes silence for assent: "Okay.", "Cool, so ...", "Sounds good".
ASSENT_RE = re.compile(r"^\W*(?:okay|ok|cool|great|alright|all\s+right|sweet|perfect|good|"
                       r"sounds\s+good|in\s+that\s+case|otherwise|so\s+let's|then\s+let's|let's)\b",
                       re.I)
#: Talk about the meeting's own running order: "let's go ahead and do the poll".
AGENDA_TALK_RE = re.compile(r"\b(?:poll|vote|agenda|next\s+(?:item|topic|one|ones|speaker)|"
                            r"move\s+on|wrap\s+up|break|cover|go\s+through|get\s+through|start\s+with|"
                            r"keep\s+an\s+eye)\b", re.I)
#: Words that make the clause they open conditional.
CONDITION_RE = re.compile(r"\b(?:if|unless|whether|as\s+long\s+as|whenever|once)\b", re.I)
#: Asking someone to speak in the call itself: "if you want to give a quick update?",
#: "can you walk us through it?", "does anyone want to talk about that?".
TALK_REQUEST_RE = re.compile(
    r"\b(?:give|share)\s+(?:us\s+|you\s+|everyone\s+|a\s+|an\s+)*(?:brief\s+|quick\s+|short\s+)*"
    r"(?:update|overview|summary|recap|rundown|intro)|\b(?:talk|speak)\s+(?:about|to)\s+(?:that|this|it)\b|"
    r"\bwalk\s+(?:us\s+|everyone\s+)?through\b|\bgo\s+over\s+(?:that|this|it)\b|\bsay\s+(?:a\s+few\s+words|more)\b",
    re.I)
