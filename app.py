"""boneload: page set-up and routing only. Who is looking is decided in dashboard.data (through
dashboard.auth); which pages that person gets, in dashboard.navigation."""

from dashboard import allocator

allocator.tune()  # before Polars loads (dashboard.data imports it)

import streamlit as st  # noqa: E402

from dashboard import data, navigation  # noqa: E402

st.set_page_config(page_title="boneload", page_icon=":material/accessibility_new:", layout="wide")

access = data.begin_run()
specs = navigation.pages_for(
    access.role, access.pages, sign_in=access.sign_in, demo=data.demo_enabled()
)
PAGES = {
    section: [
        st.Page(spec.path, title=spec.title, icon=spec.icon, default=spec == specs[0])
        for spec in group
    ]
    for section, group in navigation.sections(specs).items()
}

try:
    st.navigation(PAGES).run()
finally:  # also after st.stop() or a page switch
    allocator.trim()  # give back what the run freed
