"""Signing in: SOAP password login through simple-salesforce, OAuth refresh, and the browser flow with PKCE."""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from simple_salesforce import Salesforce, SalesforceAuthenticationFailed, SalesforceLogin

from gather_desktop.sandbox.faults import SalesforceFaults
from gather_desktop.sandbox.salesforce_auth import Credentials
from tests.sandbox_salesforce.conftest import client, https_session, login


def test_soap_login_gives_a_session_that_the_client_uses(demo):
    session = https_session(demo)
    session_id = login(demo, session)
    assert session_id.startswith(demo.org.organization_id[:15] + "!")
    sf = Salesforce(instance_url=demo.url, session_id=session_id, session=session, version="59.0")
    assert sf.query("SELECT COUNT() FROM Account")["totalSize"] == 20


def test_soap_login_server_url_carries_the_emulators_host_and_port(demo):
    credentials = demo.credentials
    body = f"""<?xml version="1.0" encoding="utf-8" ?>
<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/"><env:Body>
<n1:login xmlns:n1="urn:partner.soap.sforce.com"><n1:username>{credentials["username"]}</n1:username>
<n1:password>{credentials["password"]}{credentials["security_token"]}</n1:password></n1:login>
</env:Body></env:Envelope>"""
    answer = https_session(demo).post(demo.url + "/services/Soap/u/59.0", data=body,
                                      headers={"content-type": "text/xml", "SOAPAction": "login"})
    assert answer.status_code == 200
    assert f"<serverUrl>{demo.url}/services/Soap/u/59.0/{demo.org.organization_id}</serverUrl>" in answer.text


@pytest.mark.parametrize("change", ["password", "security_token", "username"])
def test_soap_login_refuses_wrong_credentials_with_invalid_login(demo, change):
    credentials = dict(demo.credentials)
    credentials[change] = credentials[change] + "x"
    with pytest.raises(SalesforceAuthenticationFailed) as failure:
        SalesforceLogin(username=credentials["username"], password=credentials["password"],
                        security_token=credentials["security_token"], scratch_url=demo.url,
                        session=https_session(demo))
    assert failure.value.code == "INVALID_LOGIN"
    assert failure.value.auth_message == "Invalid username, password, security token; or user locked out."


def test_login_without_the_security_token_is_refused(demo):
    credentials = demo.credentials
    with pytest.raises(SalesforceAuthenticationFailed):
        SalesforceLogin(username=credentials["username"], password=credentials["password"], security_token="",
                        scratch_url=demo.url, session=https_session(demo))


def test_api_disabled_refuses_login_and_rest(make_sandbox):
    box = make_sandbox(faults=SalesforceFaults(api_disabled=True))
    with pytest.raises(SalesforceAuthenticationFailed) as failure:
        login(box)
    assert failure.value.code == "API_DISABLED_FOR_ORG"
    session_id = token_request(box, grant_type="refresh_token",
                               refresh_token=box.credentials["refresh_token"]).json()["access_token"]
    answer = https_session(box).get(box.url + "/services/data/v59.0/limits/",
                                    headers={"Authorization": f"Bearer {session_id}"})
    assert answer.status_code == 403
    assert answer.json() == [{"message": "The REST API is not enabled for this Organization.",
                              "errorCode": "API_DISABLED_FOR_ORG"}]


def test_credentials_never_show_in_a_repr(demo):
    credentials = Credentials(**demo.credentials)
    for secret in ("password", "security_token", "client_secret", "refresh_token"):
        assert demo.credentials[secret] not in repr(credentials)


# OAuth token endpoint

def token_request(box, **form) -> requests.Response:
    form.setdefault("client_id", box.credentials["client_id"])
    return https_session(box).post(box.url + "/services/oauth2/token", data=form)


def test_refresh_token_grant_gives_a_working_access_token(demo):
    answer = token_request(demo, grant_type="refresh_token", refresh_token=demo.credentials["refresh_token"],
                           client_secret=demo.credentials["client_secret"])
    assert answer.status_code == 200
    body = answer.json()
    assert body["instance_url"] == demo.url
    assert body["token_type"] == "Bearer"
    assert "refresh_token" not in body
    assert body["id"] == f"{demo.url}/id/{demo.org.organization_id}/{demo.org.api_user_id}"
    assert {"signature", "scope", "issued_at"} <= body.keys()
    sf = client(demo, body["access_token"])
    assert sf.query("SELECT COUNT() FROM Contact")["totalSize"] == 60
    identity = https_session(demo).get(body["id"], headers={"Authorization": f"Bearer {body['access_token']}"})
    assert identity.json()["username"] == demo.credentials["username"]


@pytest.mark.parametrize(("form", "error", "description"), [
    ({"refresh_token": "5Aep861nope"}, "invalid_grant", "expired access/refresh token"),
    ({"client_id": "3MVG9other"}, "invalid_client_id", "client identifier invalid"),
    ({"client_secret": "WRONG"}, "invalid_client", "invalid client credentials"),
    ({"grant_type": "password"}, "unsupported_grant_type", "grant type not supported"),
])
def test_refresh_token_grant_errors(demo, form, error, description):
    values = {"grant_type": "refresh_token", "refresh_token": demo.credentials["refresh_token"], **form}
    answer = token_request(demo, **values)
    assert answer.status_code == 400
    assert answer.json() == {"error": error, "error_description": description}


def test_app_approval_required_refuses_tokens(make_sandbox):
    box = make_sandbox(faults=SalesforceFaults(app_approval_required=True))
    answer = token_request(box, grant_type="refresh_token", refresh_token=box.credentials["refresh_token"])
    assert answer.status_code == 400
    assert answer.json() == {"error": "invalid_grant", "error_description": "user hasn't approved this consumer"}


# The browser flow: authorize page, consent, loopback redirect, code exchange with PKCE

class _Callback(BaseHTTPRequestHandler):
    """The app's loopback listener: remembers the query it was called with."""

    def do_GET(self) -> None:
        self.server.received.append(parse_qs(urlsplit(self.path).query))  # type: ignore[attr-defined]
        body = b"You can close this window."
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def loopback() -> Iterator[HTTPServer]:
    server = HTTPServer(("127.0.0.1", 0), _Callback)
    server.received = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
    return verifier, challenge


def authorize_params(box, redirect_uri: str, challenge: str) -> dict[str, str]:
    return {"response_type": "code", "client_id": box.credentials["client_id"], "redirect_uri": redirect_uri,
            "state": "st-42", "code_challenge": challenge, "code_challenge_method": "S256"}


def consent(box, params: dict[str, str], decision: str) -> requests.Response:
    """Open the authorize page, then press the button, following the redirect as a browser would."""
    session = https_session(box)
    page = session.get(box.url + "/services/oauth2/authorize", params=params)
    assert page.status_code == 200
    assert "Allow Gather Desktop to access your Salesforce data?" in page.text
    assert 'value="allow">Allow</button>' in page.text and 'value="deny">Deny</button>' in page.text
    return session.post(box.url + "/services/oauth2/authorize", data={**params, "decision": decision})


def test_browser_flow_with_pkce_gives_tokens_for_the_right_verifier_only(demo, loopback):
    redirect_uri = f"http://127.0.0.1:{loopback.server_port}/callback"
    verifier, challenge = pkce_pair()
    landed = consent(demo, authorize_params(demo, redirect_uri, challenge), "allow")
    assert landed.status_code == 200
    assert landed.history[0].status_code == 302
    assert landed.history[0].headers["Location"].startswith(redirect_uri + "?code=")
    [query] = loopback.received
    assert query["state"] == ["st-42"]
    code = query["code"][0]

    wrong = token_request(demo, grant_type="authorization_code", code=code, redirect_uri=redirect_uri,
                          code_verifier=verifier + "x")
    assert wrong.json() == {"error": "invalid_grant", "error_description": "invalid code verifier"}

    # A code is single-use: the failed attempt used it up, so sign in again.
    landed = consent(demo, authorize_params(demo, redirect_uri, challenge), "allow")
    code = loopback.received[-1]["code"][0]
    answer = token_request(demo, grant_type="authorization_code", code=code, redirect_uri=redirect_uri,
                           code_verifier=verifier)
    assert answer.status_code == 200
    body = answer.json()
    assert body["refresh_token"] and body["instance_url"] == demo.url
    assert client(demo, body["access_token"]).query("SELECT COUNT() FROM Account")["totalSize"] == 20
    again = token_request(demo, grant_type="authorization_code", code=code, redirect_uri=redirect_uri,
                          code_verifier=verifier)
    assert again.json() == {"error": "invalid_grant", "error_description": "invalid authorization code"}
    refreshed = token_request(demo, grant_type="refresh_token", refresh_token=body["refresh_token"])
    assert refreshed.status_code == 200


def test_a_code_is_bound_to_its_redirect_uri(demo, loopback):
    redirect_uri = f"http://localhost:{loopback.server_port}/callback"
    verifier, challenge = pkce_pair()
    consent(demo, authorize_params(demo, redirect_uri, challenge), "allow")
    code = loopback.received[-1]["code"][0]
    answer = token_request(demo, grant_type="authorization_code", code=code,
                           redirect_uri=redirect_uri + "/other", code_verifier=verifier)
    assert answer.json() == {"error": "invalid_grant", "error_description": "redirect_uri must match configuration"}


def test_deny_redirects_with_access_denied(demo, loopback):
    redirect_uri = f"http://127.0.0.1:{loopback.server_port}/callback"
    _, challenge = pkce_pair()
    consent(demo, authorize_params(demo, redirect_uri, challenge), "deny")
    [query] = loopback.received
    assert query["error"] == ["access_denied"]
    assert query["state"] == ["st-42"]
    assert "code" not in query


@pytest.mark.parametrize("redirect_uri", ["https://evil.example/callback", "http://192.168.1.5:8000/cb",
                                          "https://127.0.0.1:8000/cb", "http://127.0.0.1.evil.example/cb"])
def test_a_redirect_that_is_not_loopback_is_refused_without_redirecting(demo, redirect_uri):
    _, challenge = pkce_pair()
    params = authorize_params(demo, redirect_uri, challenge)
    session = https_session(demo)
    page = session.get(demo.url + "/services/oauth2/authorize", params=params)
    assert page.status_code == 400
    assert "redirect_uri_mismatch" in page.text
    posted = session.post(demo.url + "/services/oauth2/authorize", data={**params, "decision": "allow"},
                          allow_redirects=False)
    assert posted.status_code == 400
    assert "Location" not in posted.headers


def test_an_unknown_client_id_shows_an_error_page(demo):
    _, challenge = pkce_pair()
    params = {**authorize_params(demo, "http://127.0.0.1:9/cb", challenge), "client_id": "3MVG9unknown"}
    page = https_session(demo).get(demo.url + "/services/oauth2/authorize", params=params)
    assert page.status_code == 400
    assert page.headers["Content-Type"].startswith("text/html")
    assert "client identifier invalid" in page.text


def test_the_authorize_page_escapes_what_it_echoes(demo):
    _, challenge = pkce_pair()
    params = {**authorize_params(demo, "http://127.0.0.1:9/cb", challenge), "state": '"><script>alert(1)</script>'}
    page = https_session(demo).get(demo.url + "/services/oauth2/authorize", params=params)
    assert "<script>" not in page.text
    assert "&quot;&gt;&lt;script&gt;" in page.text
