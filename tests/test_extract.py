"""The spaCy pipeline and the extractor: issue references and action items."""

from __future__ import annotations

import pytest

from kg.extract import due_phrase, extract_note, heading_term
from kg.nlp import build_pipeline
from kg.parse import parse_text
from kg.patterns import issue_matches

NAMES = ["Lena", "Bob", "Priya", "Dave", "ThomasL", "TV", "Maria Santos", "MariaK", "MariaS"]


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(names=NAMES, lower_names=["bokafor"], first_names=["Thomas", "Maria"])


def actions_of(nlp, body):
    note = parse_text(f"# Call 2024-01-02\n\n## Topic\n{body}\n", "n.md")
    return [(a.owners, a.kind) for a in extract_note(note, nlp).actions]


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("see fernwood/fern-sync#41 and fern-sync#7", ["fernwood/fern-sync#41", "fern-sync#7"]),
        ("https://github.com/fernwood/docs/issues/12", ["fernwood/docs#12"]),
        ("https://github.com/fernwood/docs/pull/13/files", ["fernwood/docs#13"]),
        ("https://gitlab.com/team/app/-/merge_requests/5", ["team/app#5"]),
        ("https://gitlab.example.org/infra/tools/deploy/-/issues/8", ["tools/deploy#8"]),
        ("https://codeberg.org/fernwood/sync/pulls/3", ["fernwood/sync#3"]),
        ("https://pagure.io/fern-infra/issue/118", ["fern-infra#118"]),
        ("https://bitbucket.org/fernwood/app/pull-requests/9", ["fernwood/app#9"]),
        ("https://example.org/docs/guide.html#issues", []),
        ("[fern-sync#41](https://github.com/fernwood/fern-sync/pull/41)",
         ["fern-sync#41", "fernwood/fern-sync#41"]),
        ("C# and F#3 are languages, item #4 and colour #fff", []),
        ("email me at a@b.org#3", []),
    ],
)
def test_issue_reference_forms(text, labels):
    found = [f"{o}/{r}#{n}" if o else f"{r}#{n}" for _, _, o, r, n in issue_matches(text)]
    assert found == labels


def test_reference_style_link_label_gives_the_issue(nlp):
    note = parse_text("# Call 2024-01-02\n\n## T\nMerged [the fix][fx].\n\n"
                      "[fx]: https://github.com/fernwood/fern-sync/pull/41\n", "n.md")
    issues = extract_note(note, nlp).issues
    assert [(i.label, i.line) for i in issues] == [("fernwood/fern-sync#41", 4)]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Lena will cut the release.", [(["Lena"], "modal")]),
        ("Lena will, cut the release then.", [(["Lena"], "modal")]),
        ("Bob to update the docs.", [(["Bob"], "modal")]),
        ("Priya can write up a short paragraph.", [(["Priya"], "modal")]),
        ("Dave agreed to review it.", [(["Dave"], "modal")]),
        ("ThomasL is going to port it.", [(["ThomasL"], "modal")]),
        ("Lena/Bob/Priya can be mentors.", [(["Lena", "Bob", "Priya"], "modal")]),
        ("Lena and Bob will pair on it.", [(["Lena", "Bob"], "modal")]),
        ("Dave has a branch and will look at merging it.", [(["Dave"], "modal")]),
        ("ACTION: Bob to book the room.", [(["Bob"], "marker")]),
        ("TODO(Priya): fix the build.", [(["Priya"], "marker")]),
        ("- [ ] MariaK: write the page", [(["MariaK"], "checkbox")]),
        ("- owner: Dave, upgrade the runners", [(["Dave"], "owner")]),
        ("TV: I'll send the numbers.", [(["TV"], "speaker")]),
        ("Bob wrote the scripts. He'll send them round.", [(["Bob"], "pronoun")]),
        ("Mort can write up a short paragraph and Priya/Dave can be mentors.",
         [(["Priya", "Dave"], "modal")]),
    ],
)
def test_action_patterns(nlp, body, expected):
    assert actions_of(nlp, body) == expected


@pytest.mark.parametrize(
    "body",
    [
        "Lena finished the release.",
        "Bob released 0.4 last week.",
        "Dave has been looking at this.",
        "Thanks to Lena for the release.",
        "It is not likely that Lena will have time.",
        "Lena will not do it.",
        "Priya can only test it later.",
        "We talked to Dave about the plan.",
        "Someone should look at flaky tests.",
        "Bob would like to see a demo.",
        "Will this work on ARM?",
    ],
)
def test_non_actions(nlp, body):
    assert actions_of(nlp, body) == []


def test_marker_without_owner_is_kept_with_no_owner(nlp):
    assert actions_of(nlp, "TODO: someone should look at flaky tests") == [([], "marker")]


def test_due_phrases():
    assert due_phrase("Lena will cut it before the next call.") == "before the next call"
    assert due_phrase("Dave to update the docs by January.") == "by January"
    assert due_phrase("Bob will send it by 2024-06-30.") == "by 2024-06-30"
    assert due_phrase("Lena will cut it.") is None


def test_mentions_lines_and_speakers(nlp):
    note = parse_text("# Call 2024-01-02\n\n## Topic\n*Lena:* we ship.\n*Bob*: Dave agrees.\n", "n.md")
    found = extract_note(note, nlp)
    assert [(m.text, m.kind, m.line) for m in found.mentions] == [
        ("Lena", "speaker", 4), ("Bob", "speaker", 5), ("Dave", "name", 5)]


def test_sentence_initial_common_word_is_not_a_name():
    nlp = build_pipeline(names=["Will", "May"])
    note = parse_text("# Call 2024-01-02\n\n## T\nWill this work? May be. Ask Will.\n", "n.md")
    assert [m.text for m in extract_note(note, nlp).mentions] == ["Will"]


def test_heading_terms():
    assert heading_term("Irmin update") == "Irmin"
    assert heading_term("FernSync 0.4 release") == "FernSync 0.4"
    assert heading_term("Overview of release goals (Anil)") is None
    assert heading_term("what we did") is None


def test_action_table_rows(nlp):
    body = ("| Action | Owner | Due |\n|---|---|---|\n| Update the docs | Lena | Friday |\n"
            "| Book the room | Bob | |\n\n| Time | Item | Who |\n|---|---|---|\n| 10 | Audit | Dave |\n")
    note = parse_text(f"# Call 2024-01-02\n\n## Actions\n{body}", "n.md")
    found = extract_note(note, nlp)
    assert [(a.owners, a.line) for a in found.actions] == [(["Lena"], 6), (["Bob"], 7)]
    assert note.sections[0].paragraphs[1].text == "Action: Update the docs | Owner: Lena | Due: Friday"


def test_bullets_under_an_action_items_heading(nlp):
    note = parse_text("# Call 2024-01-02\n\n## Action items\n- Lena: update the docs\n"
                      "- Book the room (Bob)\n- Priya fixed the build (done)\n- Review PR 12\n", "n.md")
    found = extract_note(note, nlp)
    assert [(a.owners, a.line) for a in found.actions] == [(["Lena"], 4), (["Bob"], 5), ([], 7)]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("TV: I can also file issues for the open questions.", [(["TV"], "speaker")]),
        ("TV: Yes. So maybe I will open an issue on the repository.", [(["TV"], "speaker")]),
        ("TV: will follow up offline.", [(["TV"], "speaker")]),
        ("Lena says she can open the PR for it.", [(["Lena"], "modal")]),
        ("TV: I”ll post the notes at the end of the week.", [(["TV"], "speaker")]),
        ("TV: I'll check if the runner is fixed.", [(["TV"], "speaker")]),
        ("TV: Yeah, so I can do that.", [(["TV"], "speaker")]),
        ("TV: I'll do it, if Bob is backup.", [(["TV"], "speaker")]),
        ("TV: I can give you a branch even if it is not merged.", [(["TV"], "speaker")]),
        ("TV: i could be the champion", [(["TV"], "speaker")]),
        ("TV: I can be a liaison for the subgroup.", [(["TV"], "speaker")]),
        ("TV: And we can, you know, I can go off and work with some people on it.", [(["TV"], "speaker")]),
    ],
)
def test_first_person_commitment_shapes(nlp, body, expected):
    assert actions_of(nlp, body) == expected


@pytest.mark.parametrize(
    "body",
    [
        "TV: I like the plugin idea, so I can choose what I run.",
        "TV: Just so I can plan, when is the next release?",
        "Lena, can you take a look at the logs?",
        "TV: Bob can you say more about the risk?",
        "TV: I can remove the block if we agree on the rest.",
        "<TODO: Lena to fill in>",
        "TV: I think the fix is small. Will it land this week?",
    ],
)
def test_purposes_questions_conditions_and_placeholders_are_not_actions(nlp, body):
    assert actions_of(nlp, body) == []


@pytest.mark.parametrize(
    "body",
    [
        "TV: Bob asked about the mirror. He can download the files from either one.",
        "TV: Lena said maybe Bob could be a good reviewer for that.",
        "Perhaps Priya can think about this.",
        "TV: I need to change something on the stream.",
        "TV: So, yeah, I'll give a brief overview of the plan.",
        "TV: Sure, I can give you a quick update.",
        "TV: Yeah. So I can conclude what happened with the fork.",
        "TV: I'll be a bit late.",
        "TV: It's about the rounding, so I'll punt it until we're done with this part.",
        "TV: I'll go ahead and share my screen.",
        "TV: I will also attend.",
        "TV: But I can also take questions now.",
        "TV: I'll have to stop screensharing to vote.",
    ],
)
def test_abilities_guesses_and_talk_in_the_call_are_not_actions(nlp, body):
    assert actions_of(nlp, body) == []


def test_summary_row_restating_a_spoken_commitment_is_dropped(nlp):
    note = parse_text("# Call 2024-01-02\n\n| Item | Summary |\n|---|---|\n"
                      "| 1 | Lena will open a PR for the fix. |\n| 2 | Bob will book the room. |\n\n"
                      "## Fix\nLena: Yes, I can open a PR for that.\n", "n.md")
    found = extract_note(note, nlp)
    assert [(a.owners, a.line) for a in found.actions] == [(["Bob"], 6), (["Lena"], 9)]
    assert found.actions[1].context == "Item: 1 | Summary: Lena will open a PR for the fix."


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Lena: If you want to give a quick update?\n\nBob: Oh yes. Yes I can do that. It went well.", []),
        ("Lena: Does anyone want to talk about that?\n\nBob: Sure, I can do that.", []),
        ("Lena: Does anyone want to fix that?\n\nBob: Sure, I can do that.", [(["Bob"], "speaker")]),
        ("Lena: Could someone hold the spam tests?\n\nBob: Okay, sure we can. I'm on it.",
         [(["Bob"], "speaker")]),
    ],
)
def test_replies_to_a_request(nlp, body, expected):
    assert actions_of(nlp, body) == expected


def test_a_reply_is_about_what_was_asked(nlp):
    note = parse_text("# Call 2024-01-02\n\n## Docs\nLena: Could someone fix the docs?\n\n"
                      "Bob: Sure, I can do that.\n", "n.md")
    assert [(a.owners, a.context) for a in extract_note(note, nlp).actions] == [
        (["Bob"], "Could someone fix the docs?")]


def test_two_commitments_on_one_line_by_one_speaker_are_one(nlp):
    assert actions_of(nlp, "TV: I'll write it up. Then, and I mean it, I'll send it round.") == [
        (["TV"], "speaker")]


def decisions_of(nlp, body):
    note = parse_text(f"# Call 2024-01-02\n\n## Topic\n{body}\n", "n.md")
    return [(d.kind, d.line) for d in extract_note(note, nlp).decisions]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("RESOLUTION: adopt the new release schedule.", [("marker", 4)]),
        ("We agreed to move the call to Tuesdays.", [("statement", 4)]),
        ("Any objections to merging it? Okay, so let's merge it.", [("consent", 4)]),
        ("Does anyone oppose including the fix? Okay.", [("consent", 4)]),
        ("Okay, let's do it.", [("statement", 4)]),
        ("Let's discuss the rest async.", [("statement", 4)]),
        ("Okay. Do it.", [("statement", 4)]),
        ("Okay. So we'll leave this as is and we might revisit it later.", [("statement", 4)]),
        ("Lena: This doesn't look like consensus in favour of advancing.", [("statement", 4)]),
        ("Unanimous consent poll: no objections, the changes are approved.", [("statement", 4)]),
        ("Lena: Okay, let's try to, get some feedback on it async.", [("statement", 4)]),
        ("Lena: Which channel? Okay. We'll use the release channel.", [("statement", 4)]),
        ("Lena: Okay so in that case I guess we're adding the opcode to the fork.", [("statement", 4)]),
        ("Lena: So we decide, okay, we're keeping three for the devnet.", [("statement", 4)]),
        ("Lena: So if there's no objection yeah let's move with the opcode in the fork.", [("statement", 4)]),
    ],
)
def test_decision_shapes(nlp, body, expected):
    assert decisions_of(nlp, body) == expected


@pytest.mark.parametrize(
    "body",
    [
        "Let's move on to the next item.",
        "Okay, let's go ahead and do the poll.",
        "Any objections? Bob: I have one.",
        "I think we should go with the smaller design.",
        "If so, we'll merge it.",
        "We're adding three opcodes to the container format.",
        "I believe there were no objections to that last time.",
        "We want to get consensus on the details first.",
        "Let's see what the numbers say.",
        "Lena: I'm pretty sure we agreed to this a while back.",
        "Lena: Well, it was agreed already.",
        "Bob: We're going to use variable length instructions.",
        "Bob: And we were fuzzing the format before it was decided that we ship it.",
        "Lena: That means when we vote it into phase 4 we've reached consensus in the group.",
        "Bob: Even if there's no objections by then, maybe we merge it.",
        "Lena noted it depends on another proposal, which was approved for the fork on a prior call.",
        "Lena: If there's no objection and some support, then we can make this change.",
    ],
)
def test_non_decisions(nlp, body):
    assert decisions_of(nlp, body) == []


def test_one_decision_per_line(nlp):
    assert decisions_of(nlp, "Any objections? Okay. So let's do it, we agreed to ship it.") == [
        ("consent", 4)]


def test_an_outcome_confirmed_in_a_later_turn_is_one_decision(nlp):
    body = ("Lena: This looks like unanimous consent.\n\nBob: And thanks to all who prototyped it.\n\n"
            "Unanimous consent, the proposal is at phase 1.")
    assert decisions_of(nlp, body) == [("statement", 8)]


def test_outcomes_in_one_turn_or_in_table_rows_are_each_kept(nlp):
    turn = "Lena:\n- So we agreed to ship the parser.\n- And we agreed to drop the old flag."
    assert decisions_of(nlp, turn) == [("statement", 5), ("statement", 6)]
    rows = ("| Item | Summary |\n|---|---|\n| 1 | We agreed to ship the parser. |\n"
            "| 2 | We agreed to drop the old flag. |")
    assert decisions_of(nlp, rows) == [("statement", 6), ("statement", 7)]


def test_poll_outcome_is_the_line_after_the_table(nlp):
    body = "**POLL**\n\n|SF|F|N|A|SA|\n|--|-|-|-|--|\n|9|3|1|0|0|\n\nThe proposal is at phase 2!\n"
    assert decisions_of(nlp, body) == [("poll", 10)]
    assert decisions_of(nlp, "**POLL**\n\n|SF|F|N|A|SA|\n|--|-|-|-|--|\n|9|3|1|0|0|\n") == [("poll", 4)]


def test_status_done_when_a_later_note_reports_it(nlp):
    from kg.extract import mark_reported_done

    first = parse_text("# Call 2024-01-02\n\n## Release\nLena will release fern-sync 0.4 this month.\n"
                       "Bob will book the room for the summit.\n- [x] Dave: update the runners\n", "a.md")
    later = parse_text("# Call 2024-01-16\n\n## Release\nLena released fern-sync 0.4 on Monday.\n"
                       "Bob has not booked the summit room yet.\n", "b.md")
    earlier = parse_text("# Call 2023-12-01\n\n## Release\nLena released fern-sync 0.4 betas.\n", "c.md")
    notes = [earlier, first, later]
    found = [extract_note(n, nlp) for n in notes]
    assert mark_reported_done(notes, found) == 1
    assert [(a.owners, a.status, a.done) for a in found[1].actions] == [
        (["Lena"], "done", True), (["Bob"], "open", False), (["Dave"], "done", True)]
    assert mark_reported_done(notes[:2], found[:2]) == 0  # without the later note it is open again
    assert [a.status for a in found[1].actions] == ["open", "open", "done"]


def test_status_stays_open_on_talk_of_getting_things_done_or_reports_long_after(nlp):
    from kg.extract import mark_reported_done

    first = parse_text("# Call 2024-01-02\n\n## Release\nLena will post the release notes on the forum.\n"
                       "Bob will update the spec after this call.\n", "a.md")
    later = parse_text("# Call 2024-01-16\n\n## Release\nLena: the forum release notes can be done soon.\n"
                       "Bob: we want to get the spec update done today.\n", "b.md")
    calls = [parse_text(f"# Call 2024-0{m}-02\n\n## Other\nNothing new.\n", f"{m}.md") for m in (2, 3, 4)]
    late = parse_text("# Call 2024-05-02\n\n## Release\nLena posted the release notes on the forum.\n",
                      "e.md")
    notes = [first, later, *calls, late]
    found = [extract_note(n, nlp) for n in notes]
    assert mark_reported_done(notes, found) == 0
    assert [a.status for a in found[0].actions] == ["open", "open"]
    assert mark_reported_done([first, late], [found[0], found[-1]]) == 1  # the next meeting reports it


def test_ticked_checkbox_is_done_and_open_box_is_open(nlp):
    note = parse_text("# Call 2024-01-02\n\n## T\n- [x] Lena: write the page\n- [ ] Bob: review it\n", "n.md")
    assert [(a.owners, a.status) for a in extract_note(note, nlp).actions] == [
        (["Lena"], "done"), (["Bob"], "open")]


def test_an_issue_on_another_forge_keeps_its_link(nlp):
    note = parse_text("# Call 2024-01-02\n\n## Infra\nOutage moved ([#118](https://pagure.io/fern-infra/issue/118)).\n",
                      "n.md")
    issues = extract_note(note, nlp).issues
    assert [(i.label, i.url) for i in issues] == [("fern-infra#118", "https://pagure.io/fern-infra/issue/118")]


def test_meeting_bot_actions_recapped_at_the_end_are_not_counted_twice():
    from .test_parse import BOT_MINUTES

    nlp = build_pipeline(names=[], lower_names=["bob", "noor", "lena"])
    actions = extract_note(parse_text(BOT_MINUTES, "2025-04-02-infra.txt"), nlp).actions
    assert [(a.owners, a.line) for a in actions] == [(["bob"], 13), (["noor"], 15)]


def test_an_issue_linked_in_an_html_heading(nlp):
    html = ("<html><body><h1>Call 2024-01-02</h1><h3>Roles cleanup (see issue "
            "#<a href='https://github.com/fern/meetings/issues/1215'>1215</a>)</h3>"
            "<p>Done soon.</p></body></html>")
    issues = extract_note(parse_text(html, "n.html"), nlp).issues
    assert [i.label for i in issues] == ["fern/meetings#1215"]
