"""Which pages a visit routes, by role. Pure: no Streamlit, so it is tested as plain data.

Roles (decided in dashboard.auth):
- "owner": the implicit local owner, or a signed-in owner on a deployment: every page, and the
  only role that logs sessions by hand (Log a session) or edits and deletes activities.
- "viewer": someone holding a valid share link: only the view pages the link opens, read-only.
- "visitor": not signed in on a public deployment: the view pages (demo data, or what they
  upload into their own browser session), Import into that session, and Sign in when sign-in is
  configured; only Sign in when sign-in is configured and the demo is off.
- "refused": a share link that is unknown, revoked or expired: one page saying so.

app.py turns the PageSpecs into st.Page objects; a URL naming a page that is not routed for
the role falls back to the role's default page, so an owner page cannot be reached by URL.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class PageSpec:
    """One page: its key (the url path), file, title, Material icon and sidebar section."""

    key: str
    title: str
    icon: str
    section: str

    @property
    def path(self) -> str:
        return f"dashboard/pages/{self.key}.py"


VIEWS_SECTION = "Your running"
DATA_SECTION = "Your data"
VIEW_PAGES: tuple[PageSpec, ...] = (
    PageSpec("overview", "Overview", ":material/home:", VIEWS_SECTION),
    PageSpec("activities", "Activities", ":material/list:", VIEWS_SECTION),
    PageSpec("weekly_load", "Weekly load", ":material/bar_chart:", VIEWS_SECTION),
    PageSpec("rest_days", "Rest days", ":material/bedtime:", VIEWS_SECTION),
    PageSpec("progression", "Progression", ":material/trending_up:", VIEWS_SECTION),
    PageSpec("shoes", "Shoes", ":material/steps:", VIEWS_SECTION),
    PageSpec("bone_loading", "Bone loading", ":material/accessibility_new:", VIEWS_SECTION),
    PageSpec("report", "Report", ":material/print:", VIEWS_SECTION),
)
LOG_SESSION = PageSpec("log_session", "Log a session", ":material/edit_note:", DATA_SECTION)
IMPORT = PageSpec("import_data", "Import", ":material/upload_file:", DATA_SECTION)
SETTINGS = PageSpec("settings", "Settings", ":material/settings:", DATA_SECTION)
CONNECTIONS = PageSpec("connections", "Connections", ":material/sync:", DATA_SECTION)
SHARE = PageSpec("share", "Share", ":material/share:", DATA_SECTION)
SIGN_IN = PageSpec("sign_in", "Sign in", ":material/login:", "Account")
REFUSED = PageSpec("link_refused", "Link not valid", ":material/link_off:", "Shared")

# The Connections page comes with live sync; route it only once its file exists.
OWNER_DATA_PAGES: tuple[PageSpec, ...] = tuple(
    spec
    for spec in (LOG_SESSION, IMPORT, SETTINGS, CONNECTIONS, SHARE)
    if (ROOT / spec.path).is_file()
)
SHAREABLE: tuple[str, ...] = tuple(spec.key for spec in VIEW_PAGES)
ROLES = ("owner", "viewer", "visitor", "refused")


def pages_for(
    role: str,
    shared: tuple[str, ...] | frozenset[str] = (),
    *,
    sign_in: bool = False,
    demo: bool = True,
) -> list[PageSpec]:
    """The pages routed for `role`, in sidebar order; the first one is the default page.

    `shared`: the page keys a viewer's link opens (anything not a view page is ignored).
    `sign_in`: sign-in is configured (a visitor gets the Sign in page).
    `demo`: the demo athlete is enabled (a visitor sees the views and may upload).
    """
    if role == "owner":
        return [*VIEW_PAGES, *OWNER_DATA_PAGES]
    if role == "viewer":
        pages = [spec for spec in VIEW_PAGES if spec.key in set(shared)]
        return pages or [REFUSED]
    if role == "visitor":
        if sign_in and not demo:
            return [SIGN_IN]
        return [*VIEW_PAGES, IMPORT, *([SIGN_IN] if sign_in else [])]
    if role == "refused":
        return [REFUSED]
    raise ValueError(f"unknown role {role!r}; expected one of {', '.join(ROLES)}")


def sections(pages: list[PageSpec]) -> dict[str, list[PageSpec]]:
    """Pages grouped by sidebar section, keeping their order."""
    grouped: dict[str, list[PageSpec]] = {}
    for spec in pages:
        grouped.setdefault(spec.section, []).append(spec)
    return grouped
