"""Review: the year-in-review draft, editable and downloadable as Markdown."""

from __future__ import annotations

import streamlit as st
from common import from_url, one_of, require_notes, to_url

base = require_notes()
st.title("Year in review")
years = sorted({m["date"][:4] for m in base.meetings() if m["date"]}, reverse=True)
year = st.selectbox("Year", years, key=from_url("review", "year", years[0], one_of(years)))
limit = st.number_input("At most this many words (0: no limit)", min_value=0, value=0, step=100)
to_url("review", "year", year)
draft = base.review(int(year), max_words=int(limit) or None)
edited = st.text_area("Draft (edit freely)", value=draft, height=500, key=f"draft-{year}-{limit}")
st.download_button("Download Markdown", data=edited, file_name=f"review-{year}.md",
                   mime="text/markdown")
with st.expander("Preview"):
    st.markdown(edited)
