"""Repositories and git sources prepared by someone else: no command run, nothing read outside."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from kg import KnowledgeBase
from kg.cli import cli
from kg.gitsource import GitError, parse_spec

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

NOTE = "# Weekly call 2024-01-09\n\nAttendees: Lena Hofmann, Bob Okafor\n\n## Release\nBob will ship.\n"


def git(repo, *args):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@e", *args], cwd=repo,
                   check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path):
    repo = tmp_path / "repo"
    (repo / "notes").mkdir(parents=True)
    (repo / "notes" / "2024-01-09.md").write_text(NOTE)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "notes")
    return repo


@pytest.mark.parametrize("spec", [
    "git+{repo}@--upload-pack=touch {pwned};:",
    "git+{repo}@-c",
    "git+--upload-pack=touch {pwned};:",
    "git+{repo}#path=-x",
])
def test_option_like_refs_urls_and_paths_are_refused(repo, tmp_path, spec):
    pwned = tmp_path / "pwned"
    text = spec.format(repo=repo, pwned=pwned)
    with pytest.raises(GitError, match="starts with '-'"):
        parse_spec(text)
    result = CliRunner().invoke(cli, ["ingest", text, "--store", str(tmp_path / "store")])
    assert result.exit_code == 1
    assert "starts with '-'" in result.output
    assert not pwned.exists()


def test_ref_reaches_git_after_double_dash(repo, tmp_path, monkeypatch):
    """Even a ref that got past the check could not be read as an option."""
    import kg.gitsource as gitsource

    calls = []
    real = gitsource._git

    def spy(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(gitsource, "_git", spy)
    KnowledgeBase.open(tmp_path / "store", create=True).ingest([f"git+{repo}@main"])
    fetch = next(c for c in calls if c[0] == "fetch")
    assert fetch[fetch.index("--") + 1:] == ("origin", "main")


def test_symlink_to_outside_is_rejected(repo, tmp_path):
    secret = tmp_path / "private.md"
    secret.write_text("# Secret 2024-02-02\n\nAttendees: Eve Spy\n\n## Keys\nThe password is hunter2.\n")
    os.symlink(secret, repo / "notes" / "leak.md")
    os.symlink(tmp_path, repo / "notes" / "everything")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "links")
    kb = KnowledgeBase.open(tmp_path / "store", create=True)
    report = kb.ingest([f"git+{repo}#path=notes"])
    reasons = {r.path: r.reason for r in report.rejected}
    assert reasons == {"repo/notes/leak.md": "symbolic link to outside the repository: skipped",
                       "repo/notes/everything": "symbolic link to outside the repository: skipped"}
    assert report.meetings == 1
    assert kb.search("hunter2") == []


def test_path_that_is_a_symlink_to_outside_is_refused(repo, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "2024-03-03.md").write_text(NOTE.replace("ship", "leak the secret"))
    os.symlink(elsewhere, repo / "linked")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "link")
    kb = KnowledgeBase.open(tmp_path / "store", create=True)
    with pytest.raises(GitError, match="symbolic link to outside the repository"):
        kb.ingest([f"git+{repo}#path=linked"])
    assert kb.store.snapshot() is None


def test_symlink_inside_the_repository_is_followed(repo, tmp_path):
    os.symlink("2024-01-09.md", repo / "notes" / "2024-01-10.md")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "inner link")
    report = KnowledgeBase.open(tmp_path / "store", create=True).ingest([f"git+{repo}#path=notes"])
    assert report.rejected == []
    assert report.meetings == 1  # the same file once
