"""Sign in: the owner signs in with the OpenID Connect provider configured in secrets.toml."""

import streamlit as st

from dashboard import auth, data
from dashboard.components.common import page_header
from dashboard.components.render import plain

page_header("Sign in", "Sign in to see and manage your own data.")
who = data.access()
missing = auth.missing_auth(data.secrets())
if who.reason:
    st.warning(f"Signed in, but {plain(who.reason)}. Ask the person who runs it to add you.")
if missing:
    st.error(
        "Sign-in is not configured: secrets.toml lacks "
        + ", ".join(f"`{m}`" for m in missing)
        + ". See .streamlit/secrets.toml.example.",
        icon=":material/key_off:",
    )
else:
    if st.button("Sign in", type="primary", icon=":material/login:", key="sign_in"):
        auth.sign_in(data.secrets())
    st.caption(
        "Each person who signs in sees only their own data. Nobody else sees it unless you "
        "create a share link."
    )
if data.demo_enabled():
    st.info(
        "Without signing in you can look around the demo athlete, and try an upload: it stays "
        "in this browser session only.",
        icon=":material/science:",
    )
