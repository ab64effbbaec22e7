"""The page a refused share link opens: why, and nothing else (no data, no other page)."""

import streamlit as st

from dashboard import data
from dashboard.components.common import page_header

page_header("This link does not open anything")
reason = data.access().reason or "this share link does not open any page"
st.error(reason[:1].upper() + reason[1:] + ".", icon=":material/link_off:")
st.caption("Ask the person who sent it for a new link.")
