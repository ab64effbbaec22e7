"""Share: read-only links for a physiotherapist, a coach, a doctor or a friend; revoke them."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import streamlit as st

from connectors.errors import BoneloadError
from connectors.store import share_links
from dashboard import auth, data, navigation
from dashboard.components.common import page_header
from dashboard.components.render import plain

page_header(
    "Share",
    "A link opens your dashboard read-only, with only the pages you choose, until it expires "
    "or you revoke it. Nobody who holds it can import, change settings or see other pages.",
)
who = data.access()
if not who.can_edit:
    st.error("Only the owner of this dashboard can manage its links.")
    st.stop()
if not who.sign_in:
    missing = ", ".join(f"`{m}`" for m in auth.missing_auth(data.secrets()))
    st.warning(
        "Sign-in is not configured: anyone who can open this app's address is its owner. "
        "Links work, but share them only from a deployment with sign-in (secrets.toml lacks "
        f"{missing}; see .streamlit/secrets.toml.example).",
        icon=":material/key_off:",
    )
st.caption(share_links.STRAVA_NOTE)

settings, today = data.settings(), data.today()
titles = {spec.key: spec.title for spec in navigation.VIEW_PAGES}
with st.form("new_link", clear_on_submit=True):
    st.subheader("New link")
    name = st.text_input("Who is it for?", max_chars=share_links.MAX_NAME_CHARS, key="link_name")
    until = st.date_input(
        "Works until the end of",
        value=today + timedelta(days=30),
        min_value=today,
        max_value=today + timedelta(days=366),
        key="link_until",
    )
    st.markdown("Pages it opens")
    columns = st.columns(4)
    chosen = [
        key
        for index, (key, title) in enumerate(titles.items())
        if columns[index % 4].checkbox(title, value=True, key=f"link_page_{key}")
    ]
    created = st.form_submit_button("Create link", type="primary")

if created:
    zone = ZoneInfo(settings.timezone)
    expires = datetime.combine(until + timedelta(days=1), time(), zone).astimezone(UTC)
    try:
        token, link = share_links.create(
            data.shared_store(), data.owner(), name, expires, chosen, data.now_utc()
        )
    except BoneloadError as exc:
        st.error(f"Not created: {plain(exc)}")
    else:
        page_url = st.context.url or "http://localhost:8501/share"
        st.success(
            f"Link for **{plain(link.name)}** created. Copy it now: it is shown only once, and "
            "only a "
            "fingerprint of it is stored.",
            icon=":material/link:",
        )
        st.code(auth.share_url(page_url, token), language=None)

st.subheader("Your links")
now = data.now_utc()
mine = share_links.list_links(data.shared_store(), data.owner())
if not mine:
    st.caption("No links yet.")
for link in mine:
    status = link.status(now)
    cols = st.columns([5, 1])
    pages = ", ".join(titles.get(p, p) for p in link.pages)
    cols[0].markdown(
        f"**{plain(link.name)}** · {status} · "
        f"expires {auth.expires_text(link.expires_at, settings.timezone)}  \n{pages}"
    )
    if status == "active" and cols[1].button("Revoke", key=f"revoke_{link.link_id}"):
        share_links.revoke(data.shared_store(), data.owner(), link.link_id, data.now_utc())
        st.toast(f"Revoked the link for {plain(link.name)}: it stops working at once.")
        st.rerun()
