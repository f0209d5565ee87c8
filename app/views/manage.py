"""Manage: upload notes and ingest them, see rejected files, settle unresolved people."""

from __future__ import annotations

import streamlit as st
from common import code, esc, kb

from kg.parse import NOTE_EXTENSIONS

base = kb()
st.title("Manage")

st.subheader("Add notes")
uploads = st.file_uploader("Meeting notes", type=[e.lstrip(".") for e in NOTE_EXTENSIONS],
                           accept_multiple_files=True)
if uploads and st.button("Ingest", type="primary"):
    bar = st.progress(0.0, text="Parsing")
    report, refused = base.add_notes(
        [(upload.name, upload.getvalue()) for upload in uploads],
        progress=lambda done, total, source: bar.progress(done / total, text=source))
    bar.progress(1.0, text="Done")
    for item in refused:
        st.error(f"{item.path}: {item.reason}")
    if report is not None:
        st.success(f"{report.added} added, {report.updated} updated, {report.unchanged} unchanged; "
                   f"{report.meetings} meetings in the store.")

st.subheader("Rejected files")
manifest = base.store.snapshot().read_json("manifest.json", default={}) if base.store.snapshot() else {}
rejected = [{"path": e["source"], "reason": e["reason"]} for e in manifest.get("files", {}).values()
            if e.get("reason")]
if rejected:
    for item in rejected:
        st.markdown(f"- {code(item['path'])}: {esc(item['reason'])}")
else:
    st.write("None.")

st.subheader("Unresolved people")
if base.store.snapshot() is not None:
    unresolved = base.unresolved()
    people = sorted(p["name"] for p in base.people())
    if not unresolved:
        st.write("Every mention was resolved.")
    for item in unresolved[:30]:
        maybe = f" (could be {', '.join(item['candidates'])})" if item["candidates"] else ""
        st.markdown(f"- **{esc(item['text'])}**: {item['count']} mention(s){esc(maybe)}")
        for example in item["examples"][:2]:
            st.caption(f"{example['meeting']} · {example['section']} · line {example['line']}: {example['text'][:120]}")
    with st.form("merge"):
        st.markdown("Merge a mention, or a duplicate person, into a canonical person. "
                    "It is saved to the store's `people.yaml` and applied at once.")
        alias = st.text_input("Mention or duplicate person", value=unresolved[0]["text"] if unresolved else "")
        into = st.selectbox("Is", people)
        if st.form_submit_button("Merge") and alias.strip():
            base.merge_person(alias.strip(), into)
            st.success(f"{alias} is now {into}.")
