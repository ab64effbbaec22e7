"""Share links on a real SQLite file and a real PostgreSQL server: only hashes are stored,
expiry and revocation stop a link at once, the compare is constant-time, owners stay apart."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import polars as pl
import pytest
import sqlalchemy as sa

from connectors.errors import BoneloadError
from connectors.store import Store, tables
from connectors.store import share_links as links
from connectors.store.engine import open_engine
from connectors.store.migrations import MIGRATIONS, migrate
from connectors.store.share_tables import share_links as table
from tests.factories import make_activity, make_result

NOW = datetime(2026, 3, 2, 12, 0, 0)
WEEK = timedelta(days=7)


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = Store(store_url)
    yield opened
    opened.close()


def _stored_rows(store: Store) -> list[dict]:
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(sa.select(table)).mappings().all()]


def test_create_returns_a_long_random_token_and_stores_only_its_hash(store: Store) -> None:
    token, link = links.create(store, "ann", " Dr Patel ", NOW + WEEK, ["overview", "report"], NOW)
    other, _ = links.create(store, "ann", "Coach", NOW + WEEK, ["overview"], NOW)
    assert len(token) == 43 and token != other  # token_urlsafe(32): 32 bytes, base64url
    assert (link.owner, link.name, link.pages) == ("ann", "Dr Patel", ("overview", "report"))
    rows = _stored_rows(store)
    assert [r["token_sha256"] for r in rows] == [
        hashlib.sha256(token.encode()).hexdigest(),
        hashlib.sha256(other.encode()).hexdigest(),
    ]
    for row in rows:  # the token itself is nowhere in the table
        assert token not in repr(row) and other not in repr(row)


def test_verify_gives_the_owner_and_pages(store: Store) -> None:
    token, link = links.create(store, "ann", "Physio", NOW + WEEK, ["rest_days", "shoes"], NOW)
    found = links.verify(store, token, NOW + timedelta(days=6))
    assert (found.link_id, found.owner, found.pages) == (
        link.link_id,
        "ann",
        ("rest_days", "shoes"),
    )
    assert found.expires_at == NOW + WEEK


@pytest.mark.parametrize("wrong", ["", "x", "A" * 43, "A" * 500])
def test_a_wrong_token_is_refused(store: Store, wrong: str) -> None:
    token, _ = links.create(store, "ann", "Physio", NOW + WEEK, ["overview"], NOW)
    with pytest.raises(links.LinkRefused, match="not valid"):
        links.verify(store, wrong, NOW)
    with pytest.raises(links.LinkRefused, match="not valid"):
        links.verify(store, token[:-1], NOW)  # one character short


def test_expiry_stops_a_link_at_the_second(store: Store) -> None:
    token, _ = links.create(store, "ann", "Physio", NOW + WEEK, ["overview"], NOW)
    assert links.verify(store, token, NOW + WEEK - timedelta(seconds=1)).owner == "ann"
    with pytest.raises(links.LinkRefused, match="expired on 09 Mar 2026 12:00 UTC"):
        links.verify(store, token, NOW + WEEK)
    aware_later = (NOW + 2 * WEEK).replace(tzinfo=UTC)
    with pytest.raises(links.LinkRefused, match="expired"):
        links.verify(store, token, aware_later)


def test_revoke_stops_a_link_at_once_and_only_the_owner_can(store: Store) -> None:
    token, link = links.create(store, "ann", "Physio", NOW + WEEK, ["overview"], NOW)
    assert links.revoke(store, "bob", link.link_id, NOW) is False  # not bob's link
    assert links.verify(store, token, NOW).owner == "ann"
    assert links.revoke(store, "ann", link.link_id, NOW + timedelta(minutes=5)) is True
    with pytest.raises(links.LinkRefused, match="revoked"):
        links.verify(store, token, NOW + timedelta(minutes=5))
    assert links.revoke(store, "ann", link.link_id, NOW) is False  # already revoked
    [listed] = links.list_links(store, "ann")
    assert listed.revoked_at == NOW + timedelta(minutes=5)
    assert listed.status(NOW + timedelta(days=1)) == "revoked"


def test_verify_compares_in_constant_time(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    token, _ = links.create(store, "ann", "Physio", NOW + WEEK, ["overview"], NOW)
    calls: list[tuple[str, str]] = []
    real = hmac.compare_digest

    def spy(a: str, b: str) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(links.hmac, "compare_digest", spy)
    links.verify(store, token, NOW)
    digest = hashlib.sha256(token.encode()).hexdigest()
    assert calls == [(digest, digest)]


@pytest.mark.parametrize(
    ("name", "expires", "pages", "message"),
    [
        ("  ", NOW + WEEK, ["overview"], "give the link a name"),
        ("Physio", NOW + WEEK, [], "at least one page"),
        ("Physio", NOW, ["overview"], "in the future"),
        ("x" * 121, NOW + WEEK, ["overview"], "longer than 120"),
    ],
)
def test_create_refuses_what_makes_no_sense(
    store: Store, name: str, expires: datetime, pages: list[str], message: str
) -> None:
    with pytest.raises(BoneloadError, match=message):
        links.create(store, "ann", name, expires, pages, NOW)
    assert _stored_rows(store) == []


def test_list_shows_each_owner_only_their_links_newest_first(store: Store) -> None:
    links.create(store, "ann", "First", NOW + WEEK, ["overview"], NOW)
    links.create(store, "bob", "Bob's", NOW + WEEK, ["shoes"], NOW)
    links.create(store, "ann", "Second", NOW + timedelta(days=1), ["overview"], NOW)
    assert [link.name for link in links.list_links(store, "ann")] == ["Second", "First"]
    assert [link.name for link in links.list_links(store, "bob")] == ["Bob's"]
    assert links.list_links(store, "carol") == []
    statuses = [link.status(NOW + timedelta(days=2)) for link in links.list_links(store, "ann")]
    assert statuses == ["expired", "active"]


def test_strava_api_only_activities_are_held_back(store: Store) -> None:
    day = datetime(2026, 2, 2, 7, 0, tzinfo=UTC)
    api_only = make_activity(source="strava_api", source_id="1", start_utc=day)
    also_in_export = make_activity(
        source="strava_api", source_id="2", start_utc=day + timedelta(days=2)
    )
    from_file = make_activity(
        source="garmin_csv", source_id="g1", start_utc=day + timedelta(days=4)
    )
    store.ingest(make_result([api_only, also_in_export]), "api", "ann")
    export_copy = make_activity(
        source="strava_export", source_id="2", start_utc=day + timedelta(days=2)
    )
    store.ingest(make_result([export_copy, from_file]), "export.zip", "ann")
    frame = store.activities("ann")
    assert frame.height == 3  # the export's copy merged into the API's activity
    kept, hidden = links.shareable(frame, store.sources("ann"))
    assert hidden == 1
    assert kept["activity_id"].to_list() == [
        frame["activity_id"][1],
        frame["activity_id"][2],
    ]
    assert links.strava_api_only(frame, store.sources("ann")).to_list() == [frame["activity_id"][0]]


def test_shareable_falls_back_to_the_activity_source_without_source_rows() -> None:
    frame = pl.DataFrame({"activity_id": ["a", "b"], "source": ["strava_api", "gpx"]})
    sources = pl.DataFrame(
        schema={"activity_id": pl.String, "source": pl.String, "source_id": pl.String}
    )
    kept, hidden = links.shareable(frame, sources)
    assert (kept["activity_id"].to_list(), hidden) == (["b"], 1)


def test_a_version_2_database_upgrades_to_share_links_keeping_its_data(store_url: str) -> None:
    engine = open_engine(store_url)
    assert migrate(engine, MIGRATIONS[:2]) == 2
    assert not sa.inspect(engine).has_table("share_links")
    with engine.begin() as conn:
        conn.execute(tables.settings.insert().values(owner="ann", key="timezone", value="UTC"))
    engine.dispose()

    upgraded = Store(store_url)
    try:
        assert upgraded.version == MIGRATIONS[-1].version
        assert upgraded.load_settings("ann") == {"timezone": "UTC"}
        token, _ = links.create(upgraded, "ann", "Physio", NOW + WEEK, ["overview"], NOW)
        assert links.verify(upgraded, token, NOW).owner == "ann"
    finally:
        upgraded.close()
