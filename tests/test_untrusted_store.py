"""A store from someone else: its whoosh index (pickles) is opened only if this installation signed it."""

from __future__ import annotations

import io
import os
import pickle
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from kg import KnowledgeBase
from kg.index import SIGNATURE, UntrustedIndex, key_path, open_index, signing_key
from kg.store import write_checksums

APP = str(Path(__file__).parent.parent / "app" / "streamlit_app.py")
NOTES = {
    "2024-01-09.md": "# Weekly call 2024-01-09\n\nAttendees: Lena Hofmann, Bob Okafor\n\n"
                     "## Bramble\nBob will cut the Bramble release. Lena leads Bramble.\n",
    "2024-01-16.md": "# Weekly call 2024-01-16\n\nAttendees: Lena Hofmann, Bob Okafor\n\n"
                     "## Docs\nLena will rewrite the docs for Bramble.\n",
}


class Payload:
    """Unpickling this creates a file: the proof that code ran."""

    def __init__(self, target: Path):
        self.target = target

    def __reduce__(self):
        return (os.system, (f"touch {self.target}",))


def poison(toc: Path, payload: bytes) -> None:
    """Rewrite a whoosh TOC with *payload* as its pickled schema, the rest kept as it was."""
    from whoosh.filedb.structfile import StructFile

    data = toc.read_bytes()
    stream = StructFile(io.BytesIO(data))
    stream.read_varint(), stream.read_varint(), stream.read_int(), stream.read_int()
    stream.read_varint(), stream.read_varint(), stream.read_varint()
    head = stream.tell()
    stream.skip_string()
    rest = data[stream.tell():]
    out = io.BytesIO()
    writer = StructFile(out)
    writer.write_string(payload)
    toc.write_bytes(data[:head] + out.getvalue() + rest)


@pytest.fixture
def poisoned(tmp_path):
    """A store whose every index TOC was rewritten as a pickle that would create a file."""
    folder = tmp_path / "notes"
    folder.mkdir()
    for name, text in NOTES.items():
        (folder / name).write_text(text)
    store = tmp_path / "store"
    KnowledgeBase.open(store, create=True).ingest([folder])
    pwned = tmp_path / "pwned"
    tocs = list(store.glob("gen-*/index/_MAIN_*.toc"))
    assert tocs
    for toc in tocs:
        poison(toc, pickle.dumps(Payload(pwned)))
    for generation in store.glob("gen-*"):  # checksums are not a defence: rewritten to match
        write_checksums(generation)
    return store, pwned


def test_the_poisoned_toc_would_run_code(poisoned):
    """The payload is real: whoosh opening the folder unchecked creates the file."""
    from whoosh import index as whoosh_index

    store, pwned = poisoned
    with pytest.raises(Exception):  # noqa: B017 (the payload's result is not a schema)
        whoosh_index.open_dir(str(next(store.glob("gen-*/index"))))
    assert pwned.exists()


def test_poisoned_toc_is_never_unpickled(poisoned):
    store, pwned = poisoned
    kb = KnowledgeBase.open(store)
    hits = kb.search("Bramble release")
    assert [h.section for h in hits][:1] == ["Bramble"]  # answered from an index rebuilt in memory
    assert kb.ask("who leads Bramble?").answers[0].name == "Lena Hofmann"
    assert "rebuilt in memory" in kb.notices[0]
    with pytest.raises(UntrustedIndex, match="is not as this installation signed it"):
        open_index(next(store.glob("gen-*/index")))
    assert not pwned.exists()


def test_poisoned_toc_through_the_cli(poisoned):
    store, pwned = poisoned
    for args in (["search", "Bramble"], ["ask", "who leads Bramble?"]):
        done = subprocess.run([sys.executable, "-m", "kg", *args, "--store", str(store)],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert "Bramble" in done.stdout
        assert done.stderr.startswith("Note: the index file _MAIN_")
    assert not pwned.exists()


def test_poisoned_toc_in_the_app(poisoned, monkeypatch):
    store, pwned = poisoned
    monkeypatch.setenv("KG_STORE", str(store))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["q"] = "who leads Bramble?"
    at.switch_page("views/ask.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Lena Hofmann" in m.value for m in at.markdown)
    assert not pwned.exists()


def test_a_poisoned_toc_with_stale_checksums_is_damage(poisoned):
    store, pwned = poisoned
    generation = next(store.glob("gen-*"))
    toc = next(generation.glob("index/_MAIN_*.toc"))
    toc.write_bytes(toc.read_bytes() + b"more")
    done = subprocess.run([sys.executable, "-m", "kg", "search", "Bramble", "--store", str(store)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr == f"Error: the store is damaged: index/{toc.name}; run kg ingest --repair\n"
    assert not pwned.exists()


def test_added_and_unsigned_files_are_not_trusted(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "2024-01-09.md").write_text(NOTES["2024-01-09.md"])
    store = tmp_path / "store"
    KnowledgeBase.open(store, create=True).ingest([folder])
    index = next(store.glob("gen-*/index"))
    open_index(index)  # signed by this installation: opens
    (index / "_MAIN_99.toc").write_bytes(b"x")  # a newer TOC whoosh would prefer
    with pytest.raises(UntrustedIndex, match="did not sign"):
        open_index(index)
    (index / "_MAIN_99.toc").unlink()
    (index / SIGNATURE).unlink()
    with pytest.raises(UntrustedIndex, match="not signed"):
        open_index(index)


def test_an_ingest_does_not_build_on_an_untrusted_index(poisoned):
    store, pwned = poisoned
    notes = store.parent / "notes"
    (notes / "2024-01-23.md").write_text(NOTES["2024-01-16.md"].replace("16", "23"))
    kb = KnowledgeBase.open(store)
    kb.ingest([notes])
    assert not pwned.exists()
    open_index(kb.store.snapshot().path / "index")  # the new generation's index is signed
    assert {h.meeting for h in kb.search("docs")} == {"2024-01-16", "2024-01-23"}
    assert kb.notices == []


def test_the_key_is_made_once_and_private(tmp_path, monkeypatch):
    monkeypatch.delenv("KG_KEY_FILE")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert key_path() == tmp_path / "config" / "kg" / "key"
    key = signing_key()
    assert key is not None and len(key) == 32 and signing_key() == key
    assert stat.S_IMODE(os.stat(key_path()).st_mode) == 0o600
