"""Settings: one widget per row of the settings table (connectors.settings.TABLE)."""

import streamlit as st

from connectors.errors import BoneloadError
from dashboard import data
from dashboard.components.common import page_header
from dashboard.components.render import plain
from dashboard.components.settings_form import form

page_header("Settings", "Saved in your store and used by every page and by `boneload import`.")
for warning in data.settings_warnings():
    st.warning(plain(warning))
values = form(data.settings())
if values is not None:
    try:
        data.save_settings(values)
    except BoneloadError as exc:
        st.error(f"Not saved: {plain(exc)}")
    else:
        st.success("Saved.")

st.caption(
    "Light or dark: open the menu at the top right of any page (the three dots) and choose "
    "System, Light or Dark. Your browser keeps the choice for the address you opened boneload "
    "at, so open it from the same bookmark (the Overview) to keep it."
)
st.caption(
    "A time zone change affects files imported afterwards; activities already stored keep the "
    "local time they were imported with. The shoe marks are shown in your distance unit "
    "(the convention's 300 miles = 482.8 km, 500 miles = 804.7 km); change the unit, save, and "
    "they are shown in the new one."
)
