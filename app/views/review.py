"""Review: the year-in-review draft, editable, previewed beside the editor, downloadable as
Markdown.  It opens on the last complete year of the notes."""

from __future__ import annotations

import streamlit as st
from common import from_url, last_complete_year, memo, no_images, one_of, plural, require_notes, to_url

base = require_notes()
st.title("Year in review")


dates = sorted(m["date"] for m in base.meetings() if m["date"])
if not dates:
    st.info("No meeting in the notes has a date, so there is no year to review.")
    st.stop()
years = sorted({d[:4] for d in dates}, reverse=True)
counts = {y: sum(d.startswith(y) for d in dates) for y in years}
col1, col2 = st.columns([1, 1])
year = col1.selectbox("Year", years, key=from_url("review", "year", last_complete_year(dates), one_of(years)),
                      format_func=lambda y: f"{y} ({plural(counts[y], 'meeting')})")
limit = col2.number_input("At most this many words (0: no limit)", min_value=0, step=100,
                          key=from_url("review", "words", 0, int))
to_url("review", "year", year)
to_url("review", "words", str(limit) if limit else None)
draft = memo(base, ("review", year, limit), lambda: base.review(int(year), max_words=int(limit) or None))
left, right = st.columns(2)
with left:
    edited = st.text_area("Draft (edit freely)", value=draft, height=640, key=f"review.draft.{year}.{limit}")
    st.download_button("Download Markdown", data=edited, file_name=f"review-{year}.md", mime="text/markdown")
with right:
    st.markdown("**Preview**")
    with st.container(height=640, border=True):
        st.markdown(no_images(edited))
