"""Who is looking, decided without a browser: dashboard.auth.resolve and its helpers."""

from __future__ import annotations

from datetime import datetime

import pytest

from connectors.store.share_links import LinkRefused, ShareLink
from dashboard import auth

FULL_AUTH = {
    "auth": {
        "redirect_uri": "https://bones.example.org/oauth2callback",
        "cookie_secret": "s3cret",
        "client_id": "id",
        "client_secret": "secret",
        "server_metadata_url": "https://idp.example.org/.well-known/openid-configuration",
    }
}
LINK = ShareLink(
    7, "ann@example.org", "Dr Patel", ("overview", "settings", "report"),
    datetime(2026, 1, 1), datetime(2026, 2, 1), None,
)  # fmt: skip


def _verify(token: str) -> ShareLink:
    if token == "good":
        return LINK
    raise LinkRefused("this share link was revoked by its owner")


def resolve(secrets: dict, user: dict, token: str | None = None, env: dict | None = None):
    return auth.resolve(secrets, env or {}, user, token, _verify)


def test_local_install_has_one_implicit_owner() -> None:
    found = resolve({}, {})
    assert (found.role, found.owner, found.can_edit, found.session_only) == (
        "owner", "local", True, False,
    )  # fmt: skip


def test_signed_in_person_owns_their_data_by_email_or_sub() -> None:
    by_email = resolve(FULL_AUTH, {"is_logged_in": True, "email": " Ann@Example.org ", "sub": "1"})
    assert (by_email.role, by_email.owner, by_email.sign_in) == ("owner", "ann@example.org", True)
    by_sub = resolve(FULL_AUTH, {"is_logged_in": True, "sub": "abc-123"})
    assert by_sub.owner == "sub:abc-123"


@pytest.mark.parametrize("user", [{}, {"is_logged_in": False}, {"email": "ann@example.org"}])
def test_not_signed_in_on_a_deployment_is_a_session_only_visitor(user: dict) -> None:
    found = resolve(FULL_AUTH, user)
    assert (found.role, found.owner, found.can_edit, found.session_only) == (
        "visitor", "visitor", False, True,
    )  # fmt: skip


def test_public_demo_without_sign_in_makes_everyone_a_visitor() -> None:
    assert resolve({}, {}, env={"BONELOAD_PUBLIC": "1"}).role == "visitor"
    assert resolve({"boneload": {"public": True}}, {}).role == "visitor"
    assert resolve({}, {}, env={"BONELOAD_PUBLIC": "0"}).role == "owner"


def test_owner_list_keeps_strangers_out() -> None:
    secrets = {**FULL_AUTH, "boneload": {"owners": ["ann@example.org"]}}
    assert resolve(secrets, {"is_logged_in": True, "email": "ann@example.org"}).role == "owner"
    stranger = resolve(secrets, {"is_logged_in": True, "email": "eve@example.org"})
    assert (stranger.role, stranger.reason) == (
        "visitor", "eve@example.org is not one of this deployment's owners",
    )  # fmt: skip


def test_a_share_link_wins_and_opens_only_view_pages() -> None:
    for secrets, user in [({}, {}), (FULL_AUTH, {"is_logged_in": True, "email": "bob@x.org"})]:
        found = resolve(secrets, user, "good")
        assert (found.role, found.owner, found.pages) == (
            "viewer", "ann@example.org", ("overview", "report"),
        )  # fmt: skip
        assert found.can_edit is False and found.key == ("viewer", "ann@example.org", 7)


def test_a_refused_link_never_falls_back_to_the_local_owner() -> None:
    found = resolve({}, {}, "bad")
    assert (found.role, found.owner, found.reason) == (
        "refused", None, "this share link was revoked by its owner",
    )  # fmt: skip


def test_missing_auth_names_each_missing_setting() -> None:
    assert auth.missing_auth(FULL_AUTH) == []
    assert auth.missing_auth({}) == [
        "[auth] redirect_uri", "[auth] cookie_secret", "[auth] client_id",
        "[auth] client_secret", "[auth] server_metadata_url",
    ]  # fmt: skip
    partial = {"auth": {"redirect_uri": "x", "client_id": "y"}}
    assert auth.missing_auth(partial) == [
        "[auth] cookie_secret", "[auth] client_secret", "[auth] server_metadata_url",
    ]  # fmt: skip
    named = {"auth": {"redirect_uri": "x", "cookie_secret": "y", "google": FULL_AUTH["auth"]}}
    assert auth.missing_auth(named) == [] and auth.provider_name(named) == "google"


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("http://localhost:8501/share", "http://localhost:8501/?share=T"),
        ("https://x.org/bones/share?a=1", "https://x.org/bones/?share=T"),
        ("https://x.org/bones/", "https://x.org/bones/?share=T"),
    ],
)
def test_share_url(page: str, expected: str) -> None:
    assert auth.share_url(page, "T") == expected


def test_the_secrets_example_parses_and_configures_everything() -> None:
    import tomllib
    from pathlib import Path

    from connectors.apis.credentials import api_config
    from connectors.config import secrets_url

    path = Path(__file__).resolve().parents[2] / ".streamlit" / "secrets.toml.example"
    example = tomllib.loads(path.read_text(encoding="utf-8"))
    assert auth.missing_auth(example) == [] and auth.provider_name(example) is None
    assert secrets_url(example).startswith("postgresql+psycopg://")
    assert auth.allowed_owners(example) == frozenset({"me@example.org"})
    assert auth.is_public({}, example) is False
    config = api_config({}, example)
    assert config.headless_strava and config.secret_key == "CHANGE-ME"


def test_a_link_expiry_reads_as_the_day_the_owner_picked() -> None:
    from datetime import UTC, datetime

    from dashboard.auth import expires_text

    # "Works until the end of 30 Dec" in Lisbon is stored as 31 Dec 00:00 there (UTC in winter)
    assert expires_text(datetime(2026, 12, 31, 0, 0, tzinfo=UTC), "Europe/Lisbon") == (
        "at the end of 30 Dec 2026 (Europe/Lisbon)"
    )
    # in Chicago the same choice is 31 Dec 06:00 UTC
    assert expires_text(datetime(2026, 12, 31, 6, 0, tzinfo=UTC), "America/Chicago") == (
        "at the end of 30 Dec 2026 (America/Chicago)"
    )
    assert expires_text(datetime(2026, 12, 31, 14, 30, tzinfo=UTC), "UTC") == (
        "31 Dec 2026 14:30 (UTC)"
    )
    assert expires_text(datetime(2026, 12, 31, 0, 0, tzinfo=UTC), "No/Such_Zone") == (
        "at the end of 30 Dec 2026 (UTC)"
    )
