"""Manage: upload notes and ingest them, see rejected files, settle unresolved people."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from common import esc, kb, plural, shown_path
from common import people as all_people

from kg.parse import NOTE_EXTENSIONS

base = kb()
st.title("Manage")


def upload() -> None:
    st.subheader("Add notes")
    uploads = st.file_uploader("Meeting notes", type=[e.lstrip(".") for e in NOTE_EXTENSIONS],
                               accept_multiple_files=True, key="manage.upload")
    if not (uploads and st.button("Ingest", type="primary")):
        return
    bar = st.progress(0.0, text="Parsing")
    report, refused = base.add_notes(
        [(upload.name, upload.getvalue()) for upload in uploads],
        progress=lambda done, total, source: bar.progress(done / total, text=source))
    bar.empty()
    names = {u.name for u in uploads}
    rejected = refused + [r for r in (report.rejected if report else [])
                          if r.path.rsplit("/", 1)[-1] in names]
    for item in rejected:
        st.error(f"Not added: {esc(item.path.rsplit('/', 1)[-1])}: {esc(item.reason)}")
    if report is not None:
        taken = len(uploads) - len(rejected)
        st.success(f"{plural(taken, 'note')} added or updated; the store holds "
                   f"{plural(report.meetings, 'meeting')}." if taken else "Nothing was added.")


def rejected_files() -> None:
    st.subheader("Rejected files")
    snapshot = base.store.snapshot()
    manifest = snapshot.read_json("manifest.json", default={}) if snapshot else {}
    rejected = [{"file": shown_path(base, e["source"]), "why": e["reason"]} for e in manifest.get("files", {}).values()
                if e.get("reason")]
    if rejected:
        st.dataframe(pd.DataFrame(rejected), hide_index=True, width="stretch")
    else:
        st.write("None.")


def unresolved_people() -> None:
    st.subheader("Unresolved people")
    if "manage.done" in st.session_state:
        st.success(st.session_state.pop("manage.done"))
    unresolved = base.unresolved()
    people = sorted(p["name"] for p in all_people(base))
    if not unresolved:
        st.write("Every mention was resolved.")
    else:
        st.dataframe(pd.DataFrame([{
            "written": u["text"], "mentions": u["count"], "could be": ", ".join(u["candidates"]),
            "for example": (f"{u['examples'][0]['meeting']} · {u['examples'][0]['section']}: "
                            f"{u['examples'][0]['text'][:160]}") if u["examples"] else ""}
            for u in unresolved]), hide_index=True, width="stretch",
            column_order=None if any(u["candidates"] for u in unresolved) else
            ["written", "mentions", "for example"])  # no empty "could be" column
    with st.form("manage.merge", clear_on_submit=True):
        st.markdown("Say who a mention (or a duplicate person) is, or that it names nobody. "
                    "It is saved to the store's `people.yaml` and applied at once.")
        alias = st.selectbox("Mention or duplicate person", [u["text"] for u in unresolved] + people,
                             index=None, accept_new_options=True, placeholder="Choose or type a name")
        verdict = st.radio("It is", ["a person", "not a person"], horizontal=True)
        into = st.selectbox("Person", people, index=None, placeholder="Choose the person")
        if st.form_submit_button("Save"):
            save(alias, verdict, into)


def save(alias: str | None, verdict: str, into: str | None) -> None:
    if not alias or not alias.strip():
        st.error("Choose the mention first.")
    elif verdict == "not a person":
        base.not_a_person(alias.strip())
        done(f"{esc(alias)} is no longer listed as a person.")
    elif not into:
        st.error("Choose the person it is.")
    elif alias.strip() == into:
        st.error("A person cannot be merged into themselves.")
    else:
        with st.spinner("Applying"):
            base.merge_person(alias.strip(), into)
        done(f"{esc(alias)} is now {esc(into)}.")


def separate_people() -> None:
    st.subheader("Undo a merge")
    pairs = {f"{alias} (shown as {p['name']})": (alias, p["name"])
             for p in sorted(all_people(base), key=lambda p: p["name"]) for alias in p["aliases"]}
    with st.form("manage.separate", clear_on_submit=True):
        st.markdown("Say that a name shown for a person is somebody else, whether you merged "
                    "them or kg did. It is saved to the store's `people.yaml` "
                    "(`distinct: [name, person]`) and applied at once.")
        choice = st.selectbox("Name that is not that person", list(pairs), index=None,
                              placeholder="Choose a name")
        if st.form_submit_button("Separate"):
            unmerge(pairs.get(choice) if choice else None)


def unmerge(pair: tuple[str, str] | None) -> None:
    if pair is None:
        st.error("Choose the name first.")
        return
    alias, person = pair
    with st.spinner("Applying"):
        base.separate_person(alias, person)
    done(f"{esc(alias)} is no longer {esc(person)}.")


def done(message: str) -> None:
    """Show *message* above the refreshed lists."""
    st.session_state["manage.done"] = message
    st.rerun()


upload()
rejected_files()
if base.store.snapshot() is not None:
    unresolved_people()
    separate_people()
