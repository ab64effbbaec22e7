"""On the Connections page, the deployment's STRAVA_REFRESH_TOKEN makes its named owner
connected and nobody else (issue 11, case 4), on PostgreSQL with two signed-in owners."""

from __future__ import annotations

import pytest

from connectors.store import Store
from tests.dashboard.pages.test_roles import ANN, BOB, run, signed_in
from tests.dashboard.pages.test_roles import store as roles_store

store = roles_store
pytestmark = pytest.mark.postgres


def _strava_line(at) -> str:
    return next(m.value for m in at.markdown if "onnected**" in m.value)


@pytest.fixture
def deployment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRAVA_CLIENT_ID", "1234")
    monkeypatch.setenv("STRAVA_CLIENT_SECRET", "not-a-real-secret")
    monkeypatch.setenv("STRAVA_REFRESH_TOKEN", "the-deployment-athletes-token")
    monkeypatch.setenv("BONELOAD_SECRET_KEY", "not-a-real-key")
    monkeypatch.setenv("BONELOAD_OWNER", ANN)


def test_only_the_named_owner_is_connected_through_the_deployments_token(
    store: Store, deployment: None
) -> None:
    assert _strava_line(run("connections", signed_in(ANN))).startswith("**Connected**")
    bob = run("connections", signed_in(BOB))
    assert _strava_line(bob).startswith("**Not connected**")
