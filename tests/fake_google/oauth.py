"""Google's OAuth token endpoint, as google-auth and google-auth-oauthlib use it.

* ``urn:ietf:params:oauth:grant-type:jwt-bearer``: the RS256 assertion a service-account key
  signs; the signature is checked against the public half of a key made in the test, with the
  claims Google checks (issuer, audience, lifetime, scope).
* ``refresh_token``: an officer's stored grant, with the client's id and secret.
* ``authorization_code``: the one-time consent of ``sheets-sync authorize``, PKCE included.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

TOKEN_URI = "https://oauth2.googleapis.com/token"
JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"
LIFETIME = 3600


@dataclass(frozen=True)
class Principal:
    kind: str  # "service_account" or "user"
    email: str
    client_id: str
    scopes: frozenset[str]
    expiry: float = 0.0

    @property
    def is_service_account(self) -> bool:
        return self.kind == "service_account"


@dataclass
class _Grant:
    client_id: str
    email: str
    scopes: frozenset[str]
    redirect_uri: str = ""
    challenge: str = ""


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class OAuth:
    service_accounts: dict[str, tuple[object, str, str]] = field(default_factory=dict)
    clients: dict[str, str] = field(default_factory=dict)  # client id -> secret
    refresh_tokens: dict[str, _Grant] = field(default_factory=dict)
    codes: dict[str, _Grant] = field(default_factory=dict)
    access: dict[str, Principal] = field(default_factory=dict)
    issued: list[str] = field(default_factory=list)  # every token handed out (for leak tests)

    # --- setup -------------------------------------------------------------------------------

    def add_service_account(
        self, email: str, public_pem: bytes, key_id: str, client_id: str
    ) -> None:
        self.service_accounts[email] = (
            serialization.load_pem_public_key(public_pem),
            key_id,
            client_id,
        )

    def add_client(self, client_id: str, secret: str) -> None:
        self.clients[client_id] = secret

    def grant(self, client_id: str, email: str, scopes: list[str]) -> str:
        """A refresh token as if ``email`` had consented (what `authorize` would store)."""
        token = "1//" + secrets.token_urlsafe(40)
        self.refresh_tokens[token] = _Grant(client_id, email, frozenset(scopes))
        return token

    def consent(self, auth_url: str, email: str) -> str:
        """What the browser does when the officer clicks Allow: the redirect with a code."""
        q = {k: v[0] for k, v in parse_qs(urlsplit(auth_url).query).items()}
        if q.get("client_id") not in self.clients:
            raise ValueError("unknown OAuth client")
        code = "4/" + secrets.token_urlsafe(30)
        self.codes[code] = _Grant(
            q["client_id"],
            email,
            frozenset(q.get("scope", "").split()),
            q.get("redirect_uri", ""),
            q.get("code_challenge", ""),
        )
        return (
            q["redirect_uri"]
            + "?"
            + urlencode({"state": q.get("state", ""), "code": code, "scope": q.get("scope", "")})
        )

    # --- the endpoint --------------------------------------------------------------------------

    def token(self, form: dict[str, str], authorization: str | None = None) -> tuple[int, dict]:
        """The token endpoint. Clients authenticate in the body or with HTTP Basic, as at
        Google (requests-oauthlib uses Basic)."""
        if authorization and authorization.startswith("Basic "):
            client_id, _, secret = base64.b64decode(authorization[6:]).decode().partition(":")
            form = {**form, "client_id": unquote(client_id), "client_secret": unquote(secret)}
        grant_type = form.get("grant_type")
        try:
            if grant_type == JWT_BEARER:
                return 200, self._issue(self._jwt(form.get("assertion", "")))
            if grant_type == "refresh_token":
                grant = self._client_grant(
                    form, self.refresh_tokens.get(form.get("refresh_token", ""))
                )
                return 200, self._issue(
                    Principal("user", grant.email, grant.client_id, grant.scopes)
                )
            if grant_type == "authorization_code":
                grant = self._client_grant(form, self.codes.pop(form.get("code", ""), None))
                self._check_pkce(grant, form)
                refresh = self.grant(grant.client_id, grant.email, sorted(grant.scopes))
                body = self._issue(Principal("user", grant.email, grant.client_id, grant.scopes))
                return 200, {
                    **body,
                    "refresh_token": refresh,
                    "scope": " ".join(sorted(grant.scopes)),
                }
        except _Refused as exc:
            return 400, {"error": exc.error, "error_description": exc.description}
        return 400, {"error": "unsupported_grant_type", "error_description": "Invalid grant_type."}

    def principal(self, authorization: str | None) -> Principal | None:
        if not authorization or not authorization.startswith("Bearer "):
            return None
        who = self.access.get(authorization[len("Bearer ") :])
        if who is None or who.expiry < time.time():
            return None
        return who

    def _issue(self, who: Principal) -> dict:
        token = "ya29.fake-" + secrets.token_urlsafe(32)
        self.access[token] = Principal(
            who.kind, who.email, who.client_id, who.scopes, time.time() + LIFETIME
        )
        self.issued.append(token)
        return {"access_token": token, "expires_in": LIFETIME - 1, "token_type": "Bearer"}

    def _jwt(self, assertion: str) -> Principal:
        try:
            head, body, sig = assertion.split(".")
            header = json.loads(_b64decode(head))
            claims = json.loads(_b64decode(body))
            signature = _b64decode(sig)
        except ValueError:
            raise _Refused("invalid_grant", "Invalid JWT: not a JWT.") from None
        account = self.service_accounts.get(claims.get("iss", ""))
        if header.get("alg") != "RS256" or account is None:
            raise _Refused("invalid_grant", "Invalid JWT: unknown issuer or algorithm.")
        public_key, key_id, client_id = account
        if header.get("kid") not in (None, key_id):
            raise _Refused("invalid_grant", "Invalid JWT Signature.")
        try:
            public_key.verify(
                signature, f"{head}.{body}".encode(), padding.PKCS1v15(), hashes.SHA256()
            )
        except InvalidSignature:
            raise _Refused("invalid_grant", "Invalid JWT Signature.") from None
        now = time.time()
        if claims.get("aud") != TOKEN_URI:
            raise _Refused("invalid_grant", "Invalid JWT: audience is not the token URI.")
        iat, exp = float(claims.get("iat", 0)), float(claims.get("exp", 0))
        if not (iat - 300 <= now < exp) or exp - iat > LIFETIME:
            raise _Refused(
                "invalid_grant",
                "Invalid JWT: Token must be a short-lived token "
                "(60 minutes) and in a reasonable timeframe.",
            )
        scopes = frozenset(str(claims.get("scope", "")).split())
        if not scopes:
            raise _Refused("invalid_scope", "Empty or missing scope not allowed.")
        return Principal("service_account", claims["iss"], client_id, scopes)

    def _client_grant(self, form: dict[str, str], grant: _Grant | None) -> _Grant:
        client = form.get("client_id", "")
        if self.clients.get(client) != form.get("client_secret"):
            raise _Refused("invalid_client", "The OAuth client was not found.")
        if grant is None or grant.client_id != client:
            raise _Refused("invalid_grant", "Token has been expired or revoked.")
        return grant

    def _check_pkce(self, grant: _Grant, form: dict[str, str]) -> None:
        if grant.redirect_uri and form.get("redirect_uri") != grant.redirect_uri:
            raise _Refused("redirect_uri_mismatch", "Bad Request")
        if grant.challenge:
            digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
            if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != grant.challenge:
                raise _Refused("invalid_grant", "Invalid code verifier.")


class _Refused(Exception):
    def __init__(self, error: str, description: str) -> None:
        super().__init__(description)
        self.error = error
        self.description = description
