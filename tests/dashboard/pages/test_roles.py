"""Owner, viewer and visitor through AppTest, with st.user faked by `at.user`, on a real
PostgreSQL database: two signed-in owners each see only their own imports, settings, links
and shoes; a viewer gets only the shared pages of one owner; a refused link opens nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from connectors.store import Store, share_links
from tests.factories import daily_runs, make_activity, make_result

ROOT = Path(__file__).resolve().parents[3]
ANN, BOB = "ann@example.org", "bob@example.org"
AUTH = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "not-a-real-secret",
        "client_id": "boneload-test",
        "client_secret": "not-a-real-secret",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
    }
}
NOW = datetime.now(UTC).replace(tzinfo=None)
pytestmark = pytest.mark.postgres


@pytest.fixture
def store(fresh_postgres_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """Ann: 3 runs in "Ann Shoe" and one run only the Strava API brought; Bob: 2 in "Bob Shoe"."""
    monkeypatch.setenv("BONELOAD_DB", fresh_postgres_url)
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.delenv("BONELOAD_PUBLIC", raising=False)
    monkeypatch.delenv("BONELOAD_DEMO", raising=False)
    opened = Store(fresh_postgres_url)
    start = datetime.now(UTC) - timedelta(days=20)
    ann_runs = [{**r, "gear": "Ann Shoe"} for r in daily_runs(3, start=start)]
    opened.ingest(make_result(ann_runs), "ann.csv", ANN)
    api_run = make_activity(
        source="strava_api", source_id="77", start_utc=start + timedelta(days=10), gear="API Shoe"
    )
    opened.ingest(make_result([api_run]), "strava sync", ANN)
    bob_runs = [{**r, "gear": "Bob Shoe"} for r in daily_runs(2, source="bob", start=start)]
    opened.ingest(make_result(bob_runs), "bob.csv", BOB)
    opened.save_settings({"timezone": "Europe/Oslo"}, ANN)
    opened.save_settings({"timezone": "America/Chicago"}, BOB)
    yield opened
    opened.close()


def run(page: str | None, user: dict | None = None, share: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets = AUTH
    at.user = user if user is not None else {"is_logged_in": False}
    if share:
        at.query_params["share"] = share
    if page:
        at.switch_page(f"dashboard/pages/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def signed_in(email: str) -> dict:
    return {"is_logged_in": True, "email": email, "name": email.split("@")[0], "sub": email}


def markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def titles(at: AppTest) -> list[str]:
    return [t.value for t in at.title]


def test_each_owner_sees_only_their_own_imports(store: Store) -> None:
    ann = run("import_data", signed_in(ANN))
    assert "**ann.csv**" in markdown(ann) and "bob.csv" not in markdown(ann)
    bob = run("import_data", signed_in(BOB))
    assert "**bob.csv**" in markdown(bob) and "ann.csv" not in markdown(bob)
    assert [c.value for c in ann.sidebar.caption] == [f"Signed in as {ANN}"]


def test_each_owner_sees_only_their_own_settings(store: Store) -> None:
    for who, zone in ((ANN, "Europe/Oslo"), (BOB, "America/Chicago")):
        page = run("settings", signed_in(who))
        assert next(s for s in page.selectbox if s.label == "Time zone").value == zone


def test_each_owner_sees_only_their_own_shoes(store: Store) -> None:
    ann = run("shoes", signed_in(ANN)).dataframe[0].value["Shoe"].tolist()
    bob = run("shoes", signed_in(BOB)).dataframe[0].value["Shoe"].tolist()
    assert sorted(ann) == ["API Shoe", "Ann Shoe"] and bob == ["Bob Shoe"]


def test_each_owner_sees_only_their_own_links(store: Store) -> None:
    week = NOW + timedelta(days=7)
    share_links.create(store, ANN, "For Dr A", week, ["overview"], NOW)
    share_links.create(store, BOB, "For coach B", week, ["overview"], NOW)
    ann = markdown(run("share", signed_in(ANN)))
    bob = markdown(run("share", signed_in(BOB)))
    assert "**For Dr A**" in ann and "For coach B" not in ann
    assert "**For coach B**" in bob and "For Dr A" not in bob


def test_owner_creates_a_link_in_the_share_page_and_it_shows_once(store: Store) -> None:
    at = run("share", signed_in(ANN))
    at.text_input(key="link_name").input("Dr Patel")
    at.checkbox(key="link_page_weekly_load").uncheck()
    at.button[0].click().run()  # the form's submit button
    assert not at.exception
    [code] = at.code
    token = code.value.split("?share=")[1]
    assert code.value == f"http://localhost:8501/?share={token}"
    [link] = share_links.list_links(store, ANN)
    assert link.name == "Dr Patel" and "weekly_load" not in link.pages
    assert share_links.verify(store, token, NOW).owner == ANN
    at.run()  # any later run: the token is not shown again
    assert len(at.code) == 0


def test_a_visitor_gets_demo_views_and_sign_in_but_no_owner_page(store: Store) -> None:
    home = run(None)
    assert titles(home) == ["Overview"]
    assert "Demo data" in "\n".join(i.value for i in home.info)
    for page in ("settings", "share"):
        assert titles(run(page)) == ["Overview"], page
    sign_in = run("sign_in")
    assert [b.label for b in sign_in.button] == ["Sign in"] and not sign_in.error


def test_a_viewer_gets_only_the_shared_pages_of_one_owner(store: Store) -> None:
    token, _ = share_links.create(
        store, ANN, "Physio", NOW + timedelta(days=3), ["shoes", "report"], NOW
    )
    for user in ({"is_logged_in": False}, signed_in(BOB)):  # even Bob, signed in, is a viewer
        home = run(None, user, token)
        assert titles(home) == ["Shoes"]  # the first shared page is the viewer's home
        banner = home.info[0].value
        assert banner.startswith(f"Shared by **{ANN}** · read-only · expires ")
        assert home.dataframe[0].value["Shoe"].tolist() == ["Ann Shoe"]  # no API Shoe, no Bob
        assert "1 activity is not shown" in home.caption[1].value
        assert "Strava's API agreement" in home.caption[1].value
        assert home.button == []  # no shoe assignment, no remove
        for page in ("import_data", "settings", "share", "overview", "weekly_load"):
            assert titles(run(page, user, token)) == ["Shoes"], page
        assert titles(run("report", user, token)) == ["Report"]


def test_revoked_and_expired_links_open_nothing(store: Store) -> None:
    token, link = share_links.create(store, ANN, "Old", NOW + timedelta(days=3), ["shoes"], NOW)
    assert titles(run(None, share=token)) == ["Shoes"]
    share_links.revoke(store, ANN, link.link_id, NOW)
    refused = run(None, share=token)
    assert titles(refused) == ["This link does not open anything"]
    assert refused.error[0].value == "This share link was revoked by its owner."
    assert refused.dataframe == [] and titles(run("shoes", share=token)) == titles(refused)
    past = NOW - timedelta(days=10)
    expired, _ = share_links.create(store, ANN, "Gone", past + timedelta(days=1), ["shoes"], past)
    assert "expired on" in run(None, share=expired).error[0].value
    assert "not valid" in run(None, share="made-up-token").error[0].value
