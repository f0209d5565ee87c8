"""Review: the year-in-review draft, editable and downloadable as Markdown."""

from __future__ import annotations

import streamlit as st
from common import param, require_notes

base = require_notes()
st.title("Year in review")
years = sorted({m["date"][:4] for m in base.meetings() if m["date"]}, reverse=True)
year = st.selectbox("Year", years, index=years.index(param("year")) if param("year") in years else 0)
limit = st.number_input("At most this many words (0: no limit)", min_value=0, value=0, step=100)
st.query_params["year"] = year
draft = base.review(int(year), max_words=int(limit) or None)
edited = st.text_area("Draft (edit freely)", value=draft, height=500, key=f"draft-{year}-{limit}")
st.download_button("Download Markdown", data=edited, file_name=f"review-{year}.md",
                   mime="text/markdown")
with st.expander("Preview"):
    st.markdown(edited)
