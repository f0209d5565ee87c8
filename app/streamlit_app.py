"""kg: the Streamlit app.  Start it with `kg app` (or `make run`): http://127.0.0.1:8501."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).parent))

import common  # noqa: E402

from kg.appserver import HOST_VARIABLE, exposure  # noqa: E402

st.set_page_config(page_title="kg: meeting notes", page_icon=str(Path(__file__).parent / "icon.png"),
                   layout="wide")
problem = exposure(st.get_option("server.address"), st.get_option("browser.gatherUsageStats"),
                   os.environ.get(HOST_VARIABLE))
if problem:
    st.error(f"Refusing to run: {problem}.")
    st.stop()

PAGES = Path(__file__).parent / "views"
pages = [
    st.Page(PAGES / "ask.py", title="Ask", icon=":material/search:", url_path="ask", default=True),
    st.Page(PAGES / "people.py", title="People", icon=":material/person:", url_path="people"),
    st.Page(PAGES / "projects.py", title="Projects", icon=":material/inventory_2:", url_path="projects"),
    st.Page(PAGES / "meetings.py", title="Meetings", icon=":material/event:", url_path="meetings"),
    st.Page(PAGES / "graph.py", title="Graph", icon=":material/hub:", url_path="graph"),
    st.Page(PAGES / "actions.py", title="Action items", icon=":material/task_alt:", url_path="actions"),
    st.Page(PAGES / "review.py", title="Review", icon=":material/edit_note:", url_path="review"),
    st.Page(PAGES / "manage.py", title="Manage", icon=":material/settings:", url_path="manage"),
]
common.PAGES.update({page.url_path: page for page in pages})  # links need no path lookups
st.navigation(pages).run()
