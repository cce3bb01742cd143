"""The optional CA bundle, for companies whose proxy re-signs TLS with its own authority.

A real HTTPS server on 127.0.0.1 with a certificate from a private authority stands in for
such a network: without the bundle the client must refuse it in words; with it, it connects.
"""

from __future__ import annotations

import datetime
import ipaddress
import json
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from gather_desktop.gather import FailureKind, GatherClient, GatherError
from gather_desktop.gather.retry import RetryPolicy


def write_private_authority_cert(directory):
    """A self-signed certificate for 127.0.0.1; returns (cert path, key path)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Example Corp Inspection CA")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = directory / "company-ca.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


class ModelsHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        body = json.dumps({"models": []}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def https_server(tmp_path):
    cert_path, key_path = write_private_authority_cert(tmp_path)
    server = ThreadingHTTPServer(("127.0.0.1", 0), ModelsHandler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{server.server_address[1]}", str(cert_path)
    server.shutdown()
    server.server_close()


def test_without_the_bundle_an_inspected_connection_is_refused_in_words(https_server):
    url, _ = https_server
    client = GatherClient(url, "k", retry=RetryPolicy(max_attempts=1))
    with pytest.raises(GatherError) as caught:
        client.check_key()
    assert (caught.value.kind, caught.value.code) == (FailureKind.FATAL, "tls")
    assert "CA bundle" in caught.value.message


def test_with_the_companys_bundle_the_connection_works(https_server):
    url, bundle = https_server
    client = GatherClient(url, "k", ca_bundle=bundle, retry=RetryPolicy(max_attempts=1))
    client.check_key()
    assert client.requests_made == 1
