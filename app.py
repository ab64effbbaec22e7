"""boneload: page set-up and routing only. Everything else lives in dashboard/."""

import streamlit as st

st.set_page_config(page_title="boneload", page_icon=":material/accessibility_new:", layout="wide")

PAGES = {
    "Your running": [
        st.Page(
            "dashboard/pages/overview.py", title="Overview", icon=":material/home:", default=True
        ),
        st.Page("dashboard/pages/weekly_load.py", title="Weekly load", icon=":material/bar_chart:"),
        st.Page("dashboard/pages/rest_days.py", title="Rest days", icon=":material/bedtime:"),
        st.Page(
            "dashboard/pages/progression.py", title="Progression", icon=":material/trending_up:"
        ),
        st.Page("dashboard/pages/shoes.py", title="Shoes", icon=":material/steps:"),
        st.Page(
            "dashboard/pages/bone_loading.py",
            title="Bone loading",
            icon=":material/accessibility_new:",
        ),
    ],
    "Your data": [
        st.Page("dashboard/pages/import_data.py", title="Import", icon=":material/upload_file:"),
        st.Page("dashboard/pages/settings.py", title="Settings", icon=":material/settings:"),
    ],
}

st.navigation(PAGES).run()
