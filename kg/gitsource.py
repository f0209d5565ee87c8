"""Notes kept in a git repository: ``git+URL[@REF][#path=SUBDIR]``.

A shallow clone is kept in the store's cache (``.kg/cache/git/``); a later
ingest of the same source fetches and checks out the new commit, so only the
files that changed are parsed again.  Evidence from such a source links to
the file at that commit: a web link to the line on GitHub and GitLab, the
path and commit elsewhere.

>>> spec = parse_spec("git+https://github.com/mirage/mirage-www@master#path=data/weekly")
>>> spec.url, spec.ref, spec.subdir
('https://github.com/mirage/mirage-www', 'master', 'data/weekly')
>>> parse_spec("git+git@github.com:mirage/mirage-www.git").ref is None
True
>>> web_link("https://github.com/mirage/mirage-www.git", "abc123", "data/weekly/x.md", 12)
'https://github.com/mirage/mirage-www/blob/abc123/data/weekly/x.md#L12'
>>> web_link("file:///srv/notes", "abc123", "x.md", 3)
'x.md@abc123, line 3'
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

PREFIX = "git+"


class GitError(Exception):
    """A git source could not be used; ``str(exc)`` is one line."""


@dataclass(frozen=True)
class GitSpec:
    """A parsed ``git+URL[@REF][#path=SUBDIR]``."""

    url: str
    ref: str | None = None
    subdir: str = ""

    @property
    def name(self) -> str:
        """A short display name: the repository's name."""
        base = re.split(r"[/:]", self.url.rstrip("/"))[-1]
        return base[:-4] if base.endswith(".git") else base or "repo"

    @property
    def key(self) -> str:
        return hashlib.sha1(f"{self.url}@{self.ref or ''}".encode()).hexdigest()[:16]


def is_git(path: str) -> bool:
    return path.startswith(PREFIX)


def parse_spec(text: str) -> GitSpec:
    """Parse ``git+URL[@REF][#path=SUBDIR]``; raises :class:`GitError` when malformed."""
    if not is_git(text):
        raise GitError(f"not a git source: {text}")
    rest = text[len(PREFIX):]
    subdir = ""
    if "#" in rest:
        rest, fragment = rest.split("#", 1)
        match = re.fullmatch(r"(?:path|subdirectory|subdir)=(.*)", fragment)
        if not match:
            raise GitError(f"unknown fragment #{fragment} (use #path=SUBDIR)")
        subdir = match.group(1).strip("/")
    ref = None
    at = rest.rfind("@")
    if at > rest.rfind("/") and at > 0 and not re.match(r"^[\w.-]+@[\w.-]+:", rest[: at + 1] + "x"):
        rest, ref = rest[:at], rest[at + 1:] or None
    if not rest:
        raise GitError(f"no repository URL in {text}")
    if ".." in Path(subdir).parts:
        raise GitError(f"the path must stay inside the repository: {subdir}")
    for label, value in (("URL", rest), ("ref", ref or ""), ("path", subdir)):
        if value.startswith("-") or (label == "URL" and "@-" in value):  # git reads it as an option
            raise GitError(f"refusing a git {label} that starts with '-': {value}")
        if any(ord(c) < 32 or ord(c) == 127 for c in value):
            raise GitError(f"refusing a git {label} with control characters: {value!r}")
    return GitSpec(url=rest, ref=ref, subdir=subdir)


#: Options given to every git call: no transport that runs a command (``ext::``, ``fd::``),
#: no submodules, no hooks.
_SAFE = ("-c", "protocol.ext.allow=never", "-c", "protocol.fd.allow=never",
         "-c", "submodule.recurse=false", "-c", "core.hooksPath=/dev/null",
         "-c", "core.fsmonitor=false", "-c", "core.symlinks=true")


def _git(*args: str, cwd: Path | None = None, timeout: int = 300) -> str:
    """Run git with *args*; callers put ``--`` before anything that came from the user."""
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_ASKPASS": "true"}
    try:
        done = subprocess.run(["git", *_SAFE, *args], cwd=cwd, capture_output=True, text=True,
                              timeout=timeout, env=env)
    except FileNotFoundError as exc:
        raise GitError("git is not installed") from exc
    except subprocess.TimeoutExpired as exc:
        raise GitError(f"git {args[0]} timed out") from exc
    if done.returncode != 0:
        lines = [line for line in (done.stderr or done.stdout).splitlines() if line.strip()]
        message = lines[-1] if lines else f"git {args[0]} failed"
        raise GitError(re.sub(r"^(fatal|error): ", "", message))
    return done.stdout.strip()


@dataclass
class Checkout:
    """A source checked out in the cache: where, and at which commit."""

    spec: GitSpec
    folder: Path
    commit: str

    @property
    def notes(self) -> Path:
        return self.folder / self.spec.subdir if self.spec.subdir else self.folder


def checkout(spec: GitSpec, cache: Path) -> Checkout:
    """Clone (shallow) or fetch *spec* into *cache* and check out its commit.

    Raises :class:`GitError` for an unreachable URL, an unknown ref or a
    missing or empty sub-folder; the store is not touched.
    """
    folder = cache / spec.key
    ref = spec.ref or "HEAD"
    staging = cache / f"{spec.key}.new"
    try:
        if not (folder / ".git").is_dir():
            shutil.rmtree(staging, ignore_errors=True)
            staging.mkdir(parents=True)
            _git("init", "-q", cwd=staging)
            _git("remote", "add", "--", "origin", spec.url, cwd=staging)
            work = staging
        else:
            work = folder
            current = _remote_commit(spec.url, ref, folder)
            if current and current == _git("rev-parse", "HEAD", cwd=folder):
                return _checked(Checkout(spec, folder, current))  # nothing new upstream
        try:
            _git("fetch", "-q", "--depth", "1", "--no-recurse-submodules", "--", "origin", ref,
                 cwd=work)
        except GitError as exc:
            text = str(exc)
            if "couldn't find remote ref" in text or "not our ref" in text or "invalid refspec" in text:
                raise GitError(f"unknown ref {ref!r} in {spec.url}") from exc
            raise GitError(f"cannot fetch {spec.url}: {text}") from exc
        fetched = _git("rev-parse", "FETCH_HEAD", cwd=work)
        if work is staging or _git("rev-parse", "HEAD", cwd=work) != fetched:
            _git("checkout", "-q", "--force", "--no-recurse-submodules", "FETCH_HEAD", "--",
                 cwd=work)
        commit = fetched
        if work is staging:
            shutil.rmtree(folder, ignore_errors=True)
            os.replace(staging, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return _checked(Checkout(spec, folder, commit))


def _remote_commit(url: str, ref: str, folder: Path) -> str | None:
    """The commit *ref* names upstream (cheap: no objects are fetched), if git says."""
    try:
        out = _git("ls-remote", "--", "origin", ref, cwd=folder, timeout=60)
    except GitError:
        return None
    for line in out.splitlines():
        sha, _, name = line.partition("\t")
        if name in (ref, f"refs/heads/{ref}", f"refs/tags/{ref}^{{}}", f"refs/tags/{ref}", "HEAD"):
            return sha
    return None


def _checked(done: Checkout) -> Checkout:
    spec = done.spec
    commit = done.commit
    if spec.subdir and not done.notes.is_dir():
        raise GitError(f"no folder {spec.subdir!r} in {spec.url} at {commit[:12]}")
    if spec.subdir and not inside(done.notes, done.folder):
        raise GitError(f"{spec.subdir!r} in {spec.url} is a symbolic link to outside the repository")
    if not any(p.is_file() and not p.name.startswith(".") for p in done.notes.rglob("*")
               if ".git" not in p.parts):
        raise GitError(f"no files in {spec.subdir or 'the repository'} of {spec.url}")
    return done


def inside(path: str | os.PathLike[str], folder: str | os.PathLike[str]) -> bool:
    """Whether *path*, its symbolic links followed, is *folder* or inside it.

    >>> inside("/srv/repo/notes/../notes/a.md", "/srv/repo"), inside("/etc/passwd", "/srv/repo")
    (True, False)
    """
    real, root = os.path.realpath(path), os.path.realpath(folder)
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def web_link(url: str, commit: str, path: str, line: int) -> str:
    """A link to *path* at *commit*: the line on GitHub or GitLab, else ``path@commit``."""
    match = re.match(r"^(?:https?://|ssh://git@|git@)(github\.com|gitlab\.com)[/:](.+?)(?:\.git)?/?$",
                     url)
    if match:
        host, repo = match.groups()
        middle = "/-/blob/" if host == "gitlab.com" else "/blob/"
        return f"https://{host}/{repo}{middle}{commit}/{path}#L{line}"
    return f"{path}@{commit}, line {line}"
