"""Ingesting notes straight from git repositories (local ones: the network is closed)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from kg import KnowledgeBase
from kg.cli import cli
from kg.gitsource import GitError, parse_spec, web_link

from .conftest import FIXTURES

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def git(repo, *args):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@e", *args], cwd=repo,
                   check=True, capture_output=True)


def commit(repo, message):
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", message)
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True,
                          text=True, check=True).stdout.strip()


@pytest.fixture
def repo(tmp_path):
    repo = tmp_path / "site"
    notes = repo / "data" / "weekly"
    notes.mkdir(parents=True)
    for name in ("2024-02-06-frontmatter.md", "2024-03-21.md", "weekly-call.md"):
        shutil.copy(FIXTURES / name, notes / name)
    (repo / "README.md").write_text("# The site\n")
    (repo / "src").mkdir()
    (repo / "src" / "page.html").write_text("<html><body><p>Not a note</p></body></html>")
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "first notes")
    return repo


def test_ingest_changes_and_links(repo, tmp_path):
    spec = f"git+file://{repo}#path=data/weekly"
    kb = KnowledgeBase.open(tmp_path / "store", create=True)
    report = kb.ingest([spec])
    assert (report.added, report.meetings) == (3, 3)
    first = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True,
                           text=True).stdout.strip()
    sources = sorted(m["source"] for m in kb.meetings())
    assert sources[0] == "site/data/weekly/2024-02-06-frontmatter.md"
    assert kb.source_link(sources[0], 22) == f"data/weekly/2024-02-06-frontmatter.md@{first}, line 22"

    notes = repo / "data" / "weekly"
    (notes / "2024-03-21.md").unlink()
    text = (notes / "weekly-call.md").read_text()
    (notes / "weekly-call.md").write_text(text + "\n## Later\nTV: Lena will publish the notes.\n")
    (notes / "2024-05-14.md").write_text("# Call\n\nAttendees: Lena Hofmann, Tomás Vidal\n\n"
                                         "## Sync\nLena will cut the release.\n")
    second = commit(repo, "edit notes")
    again = kb.ingest([spec])
    assert (again.added, again.updated, again.removed) == (1, 1, 1)
    assert sorted(m["date"] for m in kb.meetings()) == ["2024-02-06", "2024-04-02", "2024-05-14"]
    answer = kb.ask("what did Lena agree to do?").to_dict()
    cited = [e for e in answer["evidence"] if e["source"].endswith("2024-05-14.md")]
    assert cited and cited[0]["url"] == f"data/weekly/2024-05-14.md@{second}, line 6"
    hits = kb.search("publish")
    assert [h.section for h in hits] == ["Later"]

    unchanged = kb.ingest([spec])
    assert (unchanged.added, unchanged.updated, unchanged.removed, unchanged.unchanged) == (0, 0, 0, 3)
    assert not unchanged.written


def test_ref_and_include_exclude(repo, tmp_path):
    git(repo, "tag", "v1")
    (repo / "data" / "weekly" / "draft-2024-06-01.md").write_text("# Call 2024-06-01\n\n## A\nB.\n")
    commit(repo, "draft")
    kb = KnowledgeBase.open(tmp_path / "store", create=True)
    report = kb.ingest([f"git+file://{repo}@v1"], include=["data/weekly/*.md"])
    assert report.added == 3
    other = KnowledgeBase.open(tmp_path / "store2", create=True)
    report = other.ingest([f"git+file://{repo}"], include=["data/weekly/*.md"],
                          exclude=["*draft*"])
    assert report.added == 3


@pytest.mark.parametrize(("spec", "message"), [
    ("git+file:///nonexistent/repo", "cannot fetch"),
    ("git+file://{repo}@no-such-branch", "unknown ref"),
    ("git+file://{repo}#path=missing", "no folder 'missing'"),
])
def test_failures_leave_the_store_untouched(repo, tmp_path, spec, message):
    kb = KnowledgeBase.open(tmp_path / "store", create=True)
    kb.ingest([FIXTURES / "weekly-call.md"])
    generation = kb.store.current_name()
    with pytest.raises(GitError, match=message):
        kb.ingest([spec.format(repo=repo)])
    assert kb.store.current_name() == generation and len(kb.meetings()) == 1
    result = CliRunner().invoke(cli, ["ingest", spec.format(repo=repo), "--store",
                                      str(tmp_path / "store")])
    assert result.exit_code == 1 and message in result.stderr
    assert result.stderr.count("\n") == 1


def test_empty_subfolder(repo, tmp_path):
    (repo / "empty").mkdir()
    (repo / "empty" / ".keep").write_text("")
    commit(repo, "empty")
    with pytest.raises(GitError, match="no files"):
        KnowledgeBase.open(tmp_path / "s", create=True).ingest([f"git+file://{repo}#path=empty"])


def test_cli_json(repo, tmp_path):
    result = CliRunner().invoke(cli, ["ingest", f"git+{repo}#path=data/weekly", "--json",
                                      "--store", str(tmp_path / "store")])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["added"] == 3


def test_spec_and_links():
    spec = parse_spec("git+ssh://git@gitlab.com/team/notes.git@2024#path=meetings/")
    assert (spec.url, spec.ref, spec.subdir, spec.name) == (
        "ssh://git@gitlab.com/team/notes.git", "2024", "meetings", "notes")
    assert web_link(spec.url, "c0ffee", "meetings/a.md", 4) == \
        "https://gitlab.com/team/notes/-/blob/c0ffee/meetings/a.md#L4"
    with pytest.raises(GitError):
        parse_spec("git+file:///x#path=../../etc")
