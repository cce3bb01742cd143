"""Browser sign-in for a desktop app: OAuth authorization code with PKCE and a loopback redirect.

Sign-in pages inside desktop apps break (embedded browsers, MFA, hardware keys; USERS.md),
so the user signs in in their own system browser, where their password manager, single
sign-on and security key already work. The app listens on 127.0.0.1 on a port the system
picks, and the service redirects the browser there with a one-time code (RFC 8252):

- PKCE S256 (RFC 7636): the code is useless without the verifier that never leaves this
  process, so another program that sees the redirect cannot redeem it;
- `state` is checked, so a page that sends the browser to our port with a code of its own
  cannot sign the app into someone else's account;
- the wait ends on an answer, on `cancel` (the window's Cancel button) or after `timeout`;
- the page the browser lands on tells the user to close it and return to the app, and the
  code is never logged.

Nothing here is specific to one service: the caller builds the authorize URL and redeems
the code (Salesforce: `salesforce_auth.sign_in_with_browser`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import secrets
import threading
import time
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from gather_desktop.sources.base import SourceAuthError, SourceError

CALLBACK_PATH = "/callback"
CLOSE_TAB = "You can close this tab and return to Gather Desktop."
DEFAULT_TIMEOUT = 300.0
_POLL_SECONDS = 0.05


class SignInCancelled(SourceError):
    """The user cancelled the browser sign-in from the app."""


@dataclass(frozen=True)
class AuthorizationRequest:
    """What the authorize URL must carry for this attempt."""

    redirect_uri: str
    state: str
    code_challenge: str
    code_challenge_method: str = "S256"


@dataclass(frozen=True)
class AuthorizationCode:
    """The code the browser brought back, with what redeeming it needs."""

    code: str = field(repr=False)
    redirect_uri: str
    code_verifier: str = field(repr=False)


@dataclass
class _Answer:
    code: str | None = None
    error: str | None = None
    description: str = ""


def pkce_pair() -> tuple[str, str]:
    """(verifier, S256 challenge): 86 URL-safe characters, inside RFC 7636's 43 to 128."""
    verifier = secrets.token_urlsafe(64)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def catch_authorization_code(authorize_url: Callable[[AuthorizationRequest], str], *,
                             service: str,
                             open_browser: Callable[[str], bool] = webbrowser.open,
                             cancel: threading.Event | None = None,
                             timeout: float = DEFAULT_TIMEOUT) -> AuthorizationCode:
    """Open the service's sign-in page in the system browser and wait for it to come back.

    Raises `SignInCancelled` on `cancel`, `SourceAuthError` when the user denies access or
    the answer is not for this attempt, `SourceError` when no browser opens or time runs out.
    """
    verifier, challenge = pkce_pair()
    state = secrets.token_urlsafe(32)
    server = _CallbackServer(state, service)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": _POLL_SECONDS},
                              name="oauth-loopback", daemon=True)
    thread.start()
    try:
        redirect_uri = f"http://127.0.0.1:{server.server_address[1]}{CALLBACK_PATH}"
        url = authorize_url(AuthorizationRequest(redirect_uri, state, challenge))
        if not open_browser(url):
            raise SourceError(f"Could not open the system browser to sign in to {service}. "
                              "Set a default browser, or sign in with a password instead.")
        answer = _wait(server, cancel, timeout, service)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    if answer.error is not None:
        raise _denied(answer, service)
    assert answer.code is not None
    return AuthorizationCode(answer.code, redirect_uri, verifier)


def _wait(server: "_CallbackServer", cancel: threading.Event | None, timeout: float,
          service: str) -> _Answer:
    deadline = time.monotonic() + timeout
    while not server.answered.wait(_POLL_SECONDS):
        if cancel is not None and cancel.is_set():
            raise SignInCancelled(f"The {service} sign-in was cancelled.")
        if time.monotonic() >= deadline:
            raise SourceError(
                f"No answer came back from the {service} sign-in in the browser within "
                f"{_duration(timeout)}. Sign in again and finish the sign-in in the browser "
                "window that opens.")
    assert server.answer is not None
    return server.answer


def _denied(answer: _Answer, service: str) -> SourceAuthError:
    if answer.error == "state_mismatch":
        return SourceAuthError(
            f"The browser came back with a {service} sign-in that Gather Desktop did not "
            "start, so it was ignored. Sign in again.")
    if answer.error == "access_denied":
        return SourceAuthError(
            f"The {service} sign-in was not allowed in the browser ({answer.error}"
            f"{': ' + answer.description if answer.description else ''}). To connect, sign in "
            "again and choose Allow.")
    return SourceAuthError(f"{service} refused the sign-in in the browser: "
                           f"{answer.description or 'no reason given'} ({answer.error}).")


def _duration(seconds: float) -> str:
    if seconds >= 120:
        return f"{seconds / 60:.0f} minutes"
    return f"{seconds:.0f} seconds"


class _CallbackServer(ThreadingHTTPServer):
    """Loopback only, on a free port; keeps the first answer that belongs to this attempt."""

    daemon_threads = True

    def __init__(self, state: str, service: str) -> None:
        super().__init__(("127.0.0.1", 0), _CallbackHandler)
        self.expected_state = state
        self.service = service
        self.answer: _Answer | None = None
        self.answered = threading.Event()
        self._lock = threading.Lock()

    def settle(self, params: dict[str, list[str]]) -> _Answer:
        """The answer these query parameters give, kept if it is the first one."""
        def first(name: str) -> str:
            return params.get(name, [""])[0]

        if not hmac.compare_digest(first("state").encode(), self.expected_state.encode()):
            answer = _Answer(error="state_mismatch")
        elif first("error"):
            answer = _Answer(error=first("error"), description=first("error_description"))
        elif first("code"):
            answer = _Answer(code=first("code"))
        else:
            answer = _Answer(error="invalid_request", description="no code in the redirect")
        with self._lock:
            if self.answer is None:
                self.answer = answer
                self.answered.set()
        return answer


class _CallbackHandler(BaseHTTPRequestHandler):
    server: _CallbackServer
    timeout = 10  # a browser's idle pre-connection must not hold a thread for ever

    def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
        target = urlsplit(self.path)
        if target.path != CALLBACK_PATH:
            self._page(404, "Not found", "This address is only used to finish a sign-in.")
            return
        answer = self.server.settle(parse_qs(target.query))
        service = self.server.service
        if answer.code is not None:
            self._page(200, f"Signed in to {service}", CLOSE_TAB)
        else:
            reason = answer.description or answer.error or ""
            self._page(400, f"{service} sign-in not completed",
                       f"{reason}. {CLOSE_TAB}" if reason else CLOSE_TAB)

    def _page(self, status: int, title: str, text: str) -> None:
        body = (f"<!doctype html><html><head><meta charset=\"utf-8\"><title>{html.escape(title)}"
                f"</title></head><body style=\"font-family:sans-serif;margin:3em\">"
                f"<h1>{html.escape(title)}</h1><p>{html.escape(text)}</p></body></html>"
                ).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Silent: the request line carries the one-time code, which must not reach a log."""
