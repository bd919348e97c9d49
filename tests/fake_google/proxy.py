"""An office's HTTPS proxy, as the jobs meet it: one that wants a password, one that refuses
Google, one that inspects HTTPS with a certificate of its own (antivirus, office firewall).

Usage::

    proxy = FakeProxy(status=407).start()       # or status=403, or inspect=True
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    ...                                         # requests opens its tunnel with CONNECT here
    proxy.seen                                  # ["CONNECT oauth2.googleapis.com:443", ...]
    proxy.stop()

Clients reach it on 127.0.0.1 like any proxy, so the tests stay offline: requests asks the
proxy, not DNS, for Google's hosts.
"""

from __future__ import annotations

import datetime
import socket
import socketserver
import ssl
import tempfile
import threading
from http import HTTPStatus
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID


class FakeProxy:
    def __init__(self, status: int = 407, inspect: bool = False) -> None:
        self.status = status
        self.inspect = inspect  # answer CONNECT, then speak TLS with a certificate of its own
        self.seen: list[str] = []
        self._server: socketserver.ThreadingTCPServer | None = None
        self._context = _own_certificate() if inspect else None

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> FakeProxy:
        proxy = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                proxy._handle(self.rfile, self.request)

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def _handle(self, rfile, connection: socket.socket) -> None:
        head = rfile.readline().decode("latin-1").strip()
        while rfile.readline().strip():  # the rest of the request head
            pass
        self.seen.append(" ".join(head.split()[:2]))
        if self._context is not None:
            connection.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            try:
                with self._context.wrap_socket(connection, server_side=True):
                    pass
            except (ssl.SSLError, OSError):  # the client rightly refuses our certificate
                pass
            return
        reason = HTTPStatus(self.status).phrase
        extra = 'Proxy-Authenticate: Basic realm="proxy"\r\n' if self.status == 407 else ""
        connection.sendall(
            f"HTTP/1.1 {self.status} {reason}\r\n{extra}Content-Length: 0\r\n\r\n".encode()
        )


def _own_certificate() -> ssl.SSLContext:
    """A server context with a self-signed certificate for *.googleapis.com, as an inspecting
    proxy presents (its root is not one the client trusts)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "*.googleapis.com")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Office Firewall CA")]))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("*.googleapis.com")]), False)
        .sign(key, hashes.SHA256())
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    with tempfile.TemporaryDirectory() as folder:
        pem = Path(folder) / "proxy.pem"
        pem.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
            + cert.public_bytes(serialization.Encoding.PEM)
        )
        context.load_cert_chain(pem)
    return context
