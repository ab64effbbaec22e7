"""boneload: page set-up and routing only. Who is looking is decided in dashboard.data (through
dashboard.auth); which pages that person gets, in dashboard.navigation."""

import streamlit as st

from dashboard import data, navigation

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

st.navigation(PAGES).run()
