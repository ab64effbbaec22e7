"""What every page shows about who is looking: the viewer's banner, the owner's account box,
the visitor's "this session only" note. Owns no data; reads dashboard.data.access()."""

from __future__ import annotations

import streamlit as st

from connectors.store.share_links import STRAVA_NOTE
from dashboard import auth, data
from dashboard.components.render import plain


def access_bar() -> None:
    """The banner under a page title, and the account box in the sidebar."""
    who = data.access()
    if who.role == "viewer" and who.link is not None:
        st.info(
            f"Shared by **{plain(auth.owner_label(who.owner))}** · read-only · expires "
            f"{auth.expires_text(who.link.expires_at, data.settings().timezone)}",
            icon=":material/visibility:",
        )
    elif who.role == "owner" and who.sign_in:
        with st.sidebar:
            st.caption(f"Signed in as {plain(who.owner)}")
            if st.button("Sign out", key="sign_out", icon=":material/logout:"):
                auth.sign_out()
    elif who.session_only and who.reason:  # signed in, but not on the owners list
        with st.sidebar:
            st.caption(f"Signed in, but {plain(who.reason)}.")
            if st.button("Sign out", key="sign_out", icon=":material/logout:"):
                auth.sign_out()
    elif who.session_only:
        st.sidebar.caption(
            "You are not signed in: what you upload stays in this browser session only and is "
            "gone when you close it."
        )


def hidden_note(hidden: int) -> None:
    """Why some of the owner's activities are missing from a shared view."""
    if hidden:
        plural = "activity is" if hidden == 1 else "activities are"
        st.caption(f"{hidden} {plural} not shown. {STRAVA_NOTE}")


def can_import() -> bool:
    """The owner, or a visitor into their own session store; never a viewer."""
    return data.access().role in ("owner", "visitor")
