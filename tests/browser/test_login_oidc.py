"""Sign-in through Streamlit's st.login against a fake OpenID Connect provider on 127.0.0.1.

Nothing is mocked inside boneload or Streamlit: the server runs with an `[auth]` section in a
temporary secrets file (`--secrets.files`), Authlib fetches the provider's discovery document,
exchanges the code at its token endpoint and checks the id_token's RS256 signature against its
JWKS, its issuer, audience and nonce. The provider is a small werkzeug app in this process whose
authorize page has one "Sign in as Alice" link; its RSA key is made here with `cryptography`.
"""

from __future__ import annotations

import base64
import html
import json
import secrets
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlencode

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from playwright.sync_api import expect
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from tests.browser.helpers import _free_port, settle, shot, start_server, stop_server

pytestmark = pytest.mark.browser
CLIENT_ID = "boneload-test-client"
CLIENT_SECRET = secrets.token_urlsafe(24)
ALICE = {"sub": "alice-0001", "email": "alice@example.org", "name": "Alice Example"}
OWNER_PAGES = ("Import", "Settings", "Share")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _uint(value: int) -> str:
    return _b64(value.to_bytes((value.bit_length() + 7) // 8, "big"))


@dataclass
class FakeProvider:
    """A minimal OpenID Connect provider: discovery, authorize, token and JWKS endpoints."""

    redirect_uri: str
    key: rsa.RSAPrivateKey = field(
        default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )
    kid: str = "test-key-1"
    issuer: str = ""
    codes: dict[str, dict[str, str]] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)  # "METHOD /path" of every request
    issued: list[dict[str, Any]] = field(default_factory=list)  # id_token claims handed out

    def id_token(self, nonce: str) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 600,
            "nonce": nonce,
            "email_verified": True,
            **ALICE,
        }
        self.issued.append(claims)
        header = {"alg": "RS256", "typ": "JWT", "kid": self.kid}
        signing_input = ".".join(
            _b64(json.dumps(part, separators=(",", ":")).encode()) for part in (header, claims)
        )
        signature = self.key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
        return f"{signing_input}.{_b64(signature)}"

    def jwks(self) -> dict[str, Any]:
        public = self.key.public_key().public_numbers()
        jwk = {"kty": "RSA", "use": "sig", "alg": "RS256", "kid": self.kid}
        return {"keys": [{**jwk, "n": _uint(public.n), "e": _uint(public.e)}]}

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "email", "profile"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        }

    def authorize(self, request: Request) -> Response:
        args = request.args
        problems = [
            name
            for name, ok in (
                ("client_id", args.get("client_id") == CLIENT_ID),
                ("response_type", args.get("response_type") == "code"),
                ("redirect_uri", args.get("redirect_uri") == self.redirect_uri),
                ("scope", "openid" in args.get("scope", "").split()),
                ("state", bool(args.get("state"))),
                ("nonce", bool(args.get("nonce"))),
            )
            if not ok
        ]
        if problems:
            return Response(f"bad authorization request: {', '.join(problems)}", status=400)
        code = secrets.token_urlsafe(16)
        self.codes[code] = {"nonce": args["nonce"], "redirect_uri": args["redirect_uri"]}
        back = f"{args['redirect_uri']}?{urlencode({'code': code, 'state': args['state']})}"
        page = (
            "<!doctype html><title>Fake provider</title><h1>Fake provider</h1>"
            f'<a id="alice" href="{html.escape(back)}">Sign in as Alice</a>'
        )
        return Response(page, mimetype="text/html")

    def token(self, request: Request) -> Response:
        form = request.form
        client_id, client_secret = form.get("client_id"), form.get("client_secret")
        basic = request.headers.get("Authorization", "")
        if basic.startswith("Basic "):
            pair = base64.b64decode(basic[6:]).decode()
            client_id, client_secret = (unquote(part) for part in pair.split(":", 1))
        grant = self.codes.pop(form.get("code", ""), None)  # a code works once
        if (client_id, client_secret) != (CLIENT_ID, CLIENT_SECRET):
            return Response('{"error": "invalid_client"}', 401, mimetype="application/json")
        if (
            grant is None
            or form.get("grant_type") != "authorization_code"
            or form.get("redirect_uri") != grant["redirect_uri"]
        ):
            return Response('{"error": "invalid_grant"}', 400, mimetype="application/json")
        body = {
            "access_token": secrets.token_urlsafe(24),
            "token_type": "Bearer",
            "expires_in": 600,
            "id_token": self.id_token(grant["nonce"]),
        }
        return Response(json.dumps(body), mimetype="application/json")

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        self.calls.append(f"{request.method} {request.path}")
        if request.path == "/.well-known/openid-configuration":
            response = Response(json.dumps(self.discovery()), mimetype="application/json")
        elif request.path == "/authorize":
            response = self.authorize(request)
        elif request.path == "/token" and request.method == "POST":
            response = self.token(request)
        elif request.path == "/jwks":
            response = Response(json.dumps(self.jwks()), mimetype="application/json")
        else:
            response = Response("not found", status=404)
        return response(environ, start_response)


@dataclass(frozen=True)
class SignInApp:
    url: str
    provider: FakeProvider


@pytest.fixture(scope="module")
def signin_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SignInApp]:
    """boneload with `[auth]` pointing at the fake provider, demo off, empty store."""
    folder = tmp_path_factory.mktemp("oidc")
    port = _free_port()
    provider = FakeProvider(redirect_uri=f"http://127.0.0.1:{port}/oauth2callback")
    server = make_server("127.0.0.1", 0, provider, threaded=True)
    provider.issuer = f"http://127.0.0.1:{server.port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    secrets_file = Path(folder) / "secrets.toml"
    secrets_file.write_text(
        "[auth]\n"
        f'redirect_uri = "{provider.redirect_uri}"\n'
        f'cookie_secret = "{secrets.token_urlsafe(32)}"\n'
        f'client_id = "{CLIENT_ID}"\n'
        f'client_secret = "{CLIENT_SECRET}"\n'
        f'server_metadata_url = "{provider.issuer}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    env = {"TZ": "UTC", "BONELOAD_DEMO": "0", "BONELOAD_PUBLIC": "0"}
    process, url = start_server(
        folder / "boneload.sqlite",
        folder / "streamlit.log",
        env,
        port=port,
        extra_args=("--secrets.files", str(secrets_file)),
    )
    try:
        yield SignInApp(url, provider)
    finally:
        stop_server(process)
        server.shutdown()
        thread.join(timeout=10)


def nav(page: Any) -> list[str]:
    more = page.get_by_test_id("stSidebarNavViewButton")  # Streamlit folds a long menu
    if more.count() and "more" in more.inner_text().lower():
        more.click()
    links = page.get_by_test_id("stSidebarNav").get_by_test_id("stSidebarNavLink")
    return [links.nth(i).inner_text().strip().split("\n")[-1] for i in range(links.count())]


def heading(page: Any) -> str:
    return page.locator('[data-testid="stMain"] h1').first.inner_text().strip()


def test_owner_signs_in_through_the_provider_and_a_stranger_sees_only_sign_in(
    browser: Any, signin_app: SignInApp
) -> None:
    owner_context = browser.new_context(viewport={"width": 1280, "height": 900})
    stranger_context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        owner, stranger = owner_context.new_page(), stranger_context.new_page()
        owner.goto(signin_app.url)
        settle(owner)
        assert heading(owner) == "Sign in"
        assert not set(OWNER_PAGES) & set(nav(owner))
        expect(owner.get_by_text("Sign-in is not configured")).to_have_count(0)

        owner.get_by_role("button", name="Sign in").click()
        owner.wait_for_url(f"{signin_app.provider.issuer}/authorize?**", timeout=30_000)
        expect(owner.get_by_role("link", name="Sign in as Alice")).to_be_visible()
        shot(owner, "oidc-provider")
        owner.get_by_role("link", name="Sign in as Alice").click()
        owner.wait_for_url(f"{signin_app.url}/**", timeout=30_000)
        settle(owner)

        assert heading(owner) == "Overview"
        assert set(OWNER_PAGES) <= set(nav(owner)), nav(owner)
        assert "Sign in" not in nav(owner)
        expect(owner.get_by_text("Signed in as alice@example.org")).to_be_visible()
        calls = signin_app.provider.calls
        assert calls.count("POST /token") == 1 and "GET /jwks" in calls, calls
        assert [c["email"] for c in signin_app.provider.issued] == ["alice@example.org"]
        owner.get_by_test_id("stSidebarNav").get_by_text("Share", exact=True).click()
        settle(owner)
        assert heading(owner) == "Share"
        expect(owner.get_by_role("button", name="Create link")).to_be_visible()
        expect(owner.get_by_text("Sign-in is not configured")).to_have_count(0)
        shot(owner, "oidc-signed-in-share")

        for path in ("", "import_data", "settings", "share"):
            stranger.goto(f"{signin_app.url}/{path}")
            settle(stranger)
            assert heading(stranger) == "Sign in", path
            assert not set(OWNER_PAGES) & set(nav(stranger)), path
        expect(stranger.get_by_text("Signed in as")).to_have_count(0)

        owner.get_by_role("button", name="Sign out").click()
        owner.wait_for_timeout(500)
        settle(owner)
        assert heading(owner) == "Sign in"
        assert not set(OWNER_PAGES) & set(nav(owner))
    finally:
        owner_context.close()
        stranger_context.close()
