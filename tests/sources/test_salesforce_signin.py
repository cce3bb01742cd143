"""Signing in to the emulator the ways the app does, and every refusal said in words.

Each failure must be a `SourceError` whose message says what is wrong and what to do, and
carries no secret: no password, security token, client secret or refresh token.
"""

from __future__ import annotations

import http.server
import socket
import ssl
import threading

import pytest
import requests

from gather_desktop.sandbox.faults import SalesforceFaults
from gather_desktop.sandbox.tls import write_certificate
from gather_desktop.sources.base import SourceAuthError, SourceError
from gather_desktop.sources.salesforce import SalesforceSource
from gather_desktop.sources.salesforce_auth import (PasswordCredentials,
                                                    RefreshTokenCredentials, build_session,
                                                    normalize_login_url)

from .conftest import oauth_source, password_source, secrets_of


def refused(source: SalesforceSource, sandbox, kind: type[SourceError] = SourceAuthError) -> str:
    """The message of the failure signing in, checked to hold no secret."""
    with pytest.raises(kind) as raised:
        source.sign_in()
    message = str(raised.value)
    for secret in secrets_of(sandbox):
        assert secret not in message
        assert secret not in repr(source)
    # The library's exception (whose text is a raw response) is not chained to it either.
    error = raised.value
    assert error.__cause__ is None and (error.__context__ is None or error.__suppress_context__)
    return message


def test_password_sign_in_reads_the_org_and_counts_requests(demo):
    source = password_source(demo)
    names = [summary.name for summary in source.objects()]
    assert names == demo.org.object_names()
    assert source.requests_made == 2  # the SOAP login, then the global describe
    source.objects()
    assert source.requests_made == 2  # cached


def test_wrong_password(demo):
    source = password_source(demo, password="not-the-password")
    message = refused(source, demo)
    username = demo.credentials["username"]
    assert message.startswith(f"Wrong password or security token for {username}.")
    assert "Salesforce emails a new security token" in message


def test_wrong_security_token(demo):
    message = refused(password_source(demo, security_token="AAAAAAAAAAAAAAAAAAAAAAAAA"), demo)
    assert "Wrong password or security token" in message


def test_edition_without_api_access(make_sandbox):
    sandbox = make_sandbox(faults=SalesforceFaults(api_disabled=True))
    message = refused(password_source(sandbox), sandbox)
    assert message.startswith("This Salesforce edition has no API access")


def test_refresh_token_sign_in(demo):
    source = oauth_source(demo)
    assert [s.name for s in source.objects()] == demo.org.object_names()
    assert source.requests_made == 2


def test_refresh_token_with_client_secret(demo):
    source = oauth_source(demo)
    assert source.schema("Account").name == "Account"
    wrong_secret = oauth_source(demo, client_secret="0" * 64)
    assert "does not know this app or its secret" in refused(wrong_secret, demo)


def test_revoked_refresh_token(demo):
    source = oauth_source(demo, refresh_token="5Aep861" + "x" * 80)
    assert refused(source, demo) == ("Salesforce no longer accepts the saved sign-in (it was "
                                     "revoked or has expired); sign in with the browser again.")


def test_app_not_approved_by_the_admin(make_sandbox):
    sandbox = make_sandbox(faults=SalesforceFaults(app_approval_required=True))
    message = refused(oauth_source(sandbox), sandbox)
    assert message.startswith("Your Salesforce admin must approve this app")


def test_daily_api_allowance_used_up(make_sandbox):
    sandbox = make_sandbox(faults=SalesforceFaults(api_max=1))
    source = password_source(sandbox)
    source.objects()
    with pytest.raises(SourceError, match="daily API allowance is used up") as raised:
        source.schema("Account")
    assert not isinstance(raised.value, SourceAuthError)


def test_unreachable_login_url(demo):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    source = SalesforceSource(f"https://127.0.0.1:{port}",
                              PasswordCredentials("a@b.example", "pw", "token"),
                              ca_bundle=demo.ca_bundle)
    message = refused(source, demo, SourceError)
    assert message == (f"Could not reach Salesforce at https://127.0.0.1:{port}. Check the URL "
                       "and your network connection.")


def test_tls_is_verified_against_the_ca_bundle_and_not_the_environment(demo, monkeypatch):
    # REQUESTS_CA_BUNDLE would replace a session's `verify` unless trust_env is off.
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", requests.certs.where())
    source = password_source(demo)
    source.sign_in()
    assert source.schema("Contact").name == "Contact"


def test_tls_without_the_ca_bundle_says_what_to_do(demo):
    values = demo.credentials
    source = SalesforceSource(demo.url, PasswordCredentials(values["username"],
                                                            values["password"],
                                                            values["security_token"]))
    message = refused(source, demo, SourceError)
    assert message.startswith(f"The secure connection to {demo.url} could not be verified.")
    assert "CA bundle (a .pem file from IT)" in message


def test_tls_with_a_wrong_ca_bundle(demo, make_sandbox):
    other = make_sandbox()
    values = demo.credentials
    source = SalesforceSource(demo.url, PasswordCredentials(values["username"],
                                                            values["password"],
                                                            values["security_token"]),
                              ca_bundle=other.ca_bundle)
    message = refused(source, demo, SourceError)
    assert f"could not be verified with the CA bundle {other.ca_bundle}" in message


def test_a_missing_ca_bundle_file(tmp_path):
    with pytest.raises(SourceError, match="does not exist"):
        build_session(str(tmp_path / "missing.pem"))


class _ConnectProxy:
    """A minimal HTTPS (CONNECT) proxy on 127.0.0.1, as a company proxy is, counting tunnels."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.tunnels: list[str] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._tunnel, args=(client,), daemon=True).start()

    def _tunnel(self, client: socket.socket) -> None:
        head = b""
        while b"\r\n\r\n" not in head:
            head += client.recv(4096)
        target = head.split()[1].decode()
        self.tunnels.append(target)
        host, _, port = target.rpartition(":")
        upstream = socket.create_connection((host, int(port)))
        client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        for source, sink in ((client, upstream), (upstream, client)):
            threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            sink.close()

    def close(self) -> None:
        self.listener.close()


def test_with_a_ca_bundle_the_environments_proxy_is_still_used(demo, monkeypatch):
    proxy = _ConnectProxy()
    try:
        for name in ("NO_PROXY", "no_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY",
                     "all_proxy", "https_proxy"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("HTTPS_PROXY", proxy.url)
        source = password_source(demo)
        assert source.schema("Account").name == "Account"
        # One tunnel: the sign-in and the describe share a kept-alive connection through it.
        assert proxy.tunnels == [demo.url.removeprefix("https://")]
        assert source.requests_made == 2
        # NO_PROXY is honoured per host.
        monkeypatch.setenv("NO_PROXY", "127.0.0.1")
        before = len(proxy.tunnels)
        assert password_source(demo).schema("Contact").name == "Contact"
        assert len(proxy.tunnels) == before
    finally:
        proxy.close()


def test_a_proxy_that_refuses_the_connection(demo, monkeypatch):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{port}")
    message = refused(password_source(demo), demo, SourceError)
    assert message.startswith(f"The proxy refused or dropped the connection to {demo.url}.")


@pytest.mark.parametrize(("typed", "url"), [
    ("https://login.salesforce.com", "https://login.salesforce.com"),
    ("test.salesforce.com/", "https://test.salesforce.com"),
    (" https://acme.my.salesforce.com/home ", "https://acme.my.salesforce.com"),
    ("https://127.0.0.1:8443", "https://127.0.0.1:8443"),
])
def test_login_urls(typed, url):
    assert normalize_login_url(typed) == url


@pytest.mark.parametrize("typed", ["http://login.salesforce.com", "https://", "ftp://x"])
def test_login_urls_refused(typed):
    with pytest.raises(SourceError, match="not a usable Salesforce login URL"):
        normalize_login_url(typed)


def test_reprs_hide_secrets(demo):
    values = demo.credentials
    credentials = PasswordCredentials(values["username"], values["password"],
                                      values["security_token"])
    text = repr(credentials) + repr(password_source(demo)) + repr(oauth_source(demo))
    for secret in secrets_of(demo):
        assert secret not in text


class _PortalHandler(http.server.BaseHTTPRequestHandler):
    """What a company proxy or captive portal answers instead of Salesforce."""

    status = 502

    def _answer(self) -> None:
        body = (b"<html><head><title>Access denied</title></head><body><h1>Blocked by "
                b"Corporate Proxy</h1><p>Policy 42</body></html>")
        self.send_response(self.status)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(params=[502, 200])
def portal(request, tmp_path):
    """An HTTPS server on 127.0.0.1 that answers every request with an HTML page."""
    files = write_certificate(tmp_path)
    handler = type("Handler", (_PortalHandler,), {"status": request.param})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(files.certificate, files.private_key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{server.server_address[1]}", str(files.certificate), request.param
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("credentials", [
    PasswordCredentials("ops@example.com", "pw", "token"),
    RefreshTokenCredentials("3MVG9client", "5Aep861refresh"),
], ids=["password", "refresh_token"])
def test_a_proxy_page_instead_of_salesforce(portal, credentials):
    url, ca_bundle, status = portal
    source = SalesforceSource(url, credentials, ca_bundle=ca_bundle)
    with pytest.raises(SourceError) as raised:
        source.sign_in()
    assert str(raised.value).startswith(
        f"{url} answered {status} with a page that is not Salesforce's: \"<html><head><title>"
        "Access denied</title></head><body><h1>Blocked by Corporate Proxy")
    assert "ask IT whether the proxy lets Gather Desktop through" in str(raised.value)
