"""HTTPS for the sandbox: a throwaway self-signed certificate for 127.0.0.1, and a server that uses it.

simple-salesforce builds every URL with `https://` (PROTOCOLS.md §1.1), so the Salesforce
emulator must speak TLS. The certificate is made fresh at each start (an EC P-256 key: quick to
generate) and written into the sandbox's state folder; clients trust exactly that file
(`requests.Session.verify = path`, with `trust_env = False` because this environment's
REQUESTS_CA_BUNDLE would otherwise override it). Its subject alternative names are
IP:127.0.0.1 and DNS:localhost, which is what hostname checking compares against.
"""

from __future__ import annotations

import datetime
import ipaddress
import os
import ssl
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


_VALID_FOR = datetime.timedelta(days=30)


@dataclass(frozen=True)
class CertificateFiles:
    certificate: Path  # PEM; also the CA bundle clients verify against
    private_key: Path  # PEM, readable by the owner only


def write_certificate(folder: Path, host: str = "127.0.0.1") -> CertificateFiles:
    """Make a self-signed certificate for `host` (an IP address) and localhost; write both PEM files."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Gather Desktop sandbox")])
    now = datetime.datetime.now(datetime.timezone.utc)
    public_key = key.public_key()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))  # tolerate a clock a little behind
        .not_valid_after(now + _VALID_FOR)
        .add_extension(x509.SubjectAlternativeName([
            x509.IPAddress(ipaddress.ip_address(host)), x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, content_commitment=False,
                                     key_encipherment=False, data_encipherment=False, key_agreement=False,
                                     crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(public_key), critical=False)
        .sign(key, hashes.SHA256())
    )
    folder.mkdir(parents=True, exist_ok=True)
    files = CertificateFiles(folder / "salesforce-cert.pem", folder / "salesforce-key.pem")
    files.certificate.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    descriptor = os.open(files.private_key, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    return files


def server_context(files: CertificateFiles) -> ssl.SSLContext:
    """The TLS settings the emulators serve with (TLS 1.2 or newer, this certificate)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(files.certificate, files.private_key)
    return context
