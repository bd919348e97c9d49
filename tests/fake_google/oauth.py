"""Google's OAuth token endpoint, as google-auth and google-auth-oauthlib use it.

* ``urn:ietf:params:oauth:grant-type:jwt-bearer``: the RS256 assertion a service-account key
  signs; the signature is checked against the public half of a key made in the test, with the
  claims Google checks (issuer, audience, lifetime, scope).
* ``refresh_token``: an officer's stored grant, with the client's id and secret.
* ``authorization_code``: the one-time consent of ``sheets-sync authorize``, PKCE included.

Refusals carry Google's own words, which ``sheets-sync check`` tells apart:

* a signature no key of the account verifies (the key was deleted in the console):
  ``invalid_grant`` "Invalid JWT Signature.";
* a service account disabled or deleted: ``invalid_grant`` "Invalid grant: account not found"
  (Google answers both alike, googleapis/google-cloud-php#3622);
* an assertion outside Google's clock (this machine's clock is off): ``invalid_grant`` "Invalid
  JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your
  iat and exp values in the JWT claim.";
* a refresh token revoked, or older than 7 days from a client whose consent screen is in
  *Testing*: ``invalid_grant`` "Token has been expired or revoked."; such a client's code
  exchange says so ahead, with ``refresh_token_expires_in`` (604799 s);
* a used or unknown authorization code: ``invalid_grant`` "Bad Request";
* a refresh asking for a scope the officer did not grant: ``invalid_scope``;
* an unknown client or a wrong secret: HTTP 401 ``invalid_client``.

Time is the fake's clock (``clock``), which a test may set apart from this machine's.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

TOKEN_URI = "https://oauth2.googleapis.com/token"
JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"
LIFETIME = 3600
TESTING_GRANT = 7 * 24 * 3600  # refresh tokens of a client whose consent screen is in Testing
CLOCK_TOLERANCE = 300  # how far in the future an assertion's iat may be

BAD_TIME = (
    "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. "
    "Check your iat and exp values in the JWT claim."
)
BAD_SIGNATURE = "Invalid JWT Signature."
NO_ACCOUNT = "Invalid grant: account not found"
REVOKED = "Token has been expired or revoked."


@dataclass(frozen=True)
class Principal:
    kind: str  # "service_account" or "user"
    email: str
    client_id: str
    scopes: frozenset[str]
    expiry: float = 0.0
    project: str = ""  # the project number whose enabled APIs apply

    @property
    def is_service_account(self) -> bool:
        return self.kind == "service_account"


@dataclass
class ServiceAccount:
    email: str
    client_id: str
    project: str  # project number
    keys: dict[str, object] = field(default_factory=dict)  # key id -> public key
    disabled: bool = False


@dataclass
class Client:
    """An OAuth client (Desktop app) and the state of its project's consent screen."""

    secret: str
    testing: bool = False  # publishing status "Testing": refresh tokens last 7 days

    @staticmethod
    def project_of(client_id: str) -> str:
        return client_id.split("-")[0]  # "123456789012-abc.apps.googleusercontent.com"


@dataclass
class _Grant:
    client_id: str
    email: str
    scopes: frozenset[str]
    redirect_uri: str = ""
    challenge: str = ""
    issued: float = 0.0


def project_number(service_account_email: str) -> str:
    """The number of the project a service account belongs to (the same for all its accounts)."""
    project_id = service_account_email.split("@")[-1].split(".")[0]
    return str(int(hashlib.sha256(project_id.encode()).hexdigest(), 16) % 10**12)


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class OAuth:
    service_accounts: dict[str, ServiceAccount] = field(default_factory=dict)
    clients: dict[str, Client] = field(default_factory=dict)
    refresh_tokens: dict[str, _Grant] = field(default_factory=dict)
    codes: dict[str, _Grant] = field(default_factory=dict)
    access: dict[str, Principal] = field(default_factory=dict)
    issued: list[str] = field(default_factory=list)  # every token handed out (for leak tests)
    clock: Callable[[], float] = time.time  # Google's time

    # --- setup -------------------------------------------------------------------------------

    def add_service_account(
        self, email: str, public_pem: bytes, key_id: str, client_id: str, project: str = ""
    ) -> None:
        account = ServiceAccount(email, client_id, project or project_number(email))
        self.service_accounts[email] = account
        self.add_key(email, public_pem, key_id)

    def disable_service_account(self, email: str) -> None:
        """The account disabled in the Cloud console (IAM → Service accounts → Disable)."""
        self.service_accounts[email].disabled = True

    def add_key(self, email: str, public_pem: bytes, key_id: str) -> None:
        self.service_accounts[email].keys[key_id] = serialization.load_pem_public_key(public_pem)

    def delete_key(self, email: str, key_id: str) -> None:
        """The key deleted in the Cloud console (IAM → Service accounts → Keys)."""
        del self.service_accounts[email].keys[key_id]

    def add_client(self, client_id: str, secret: str, testing: bool = False) -> None:
        self.clients[client_id] = Client(secret, testing)

    def grant(
        self, client_id: str, email: str, scopes: list[str], issued: float | None = None
    ) -> str:
        """A refresh token as if ``email`` had consented (what `authorize` would store), at
        ``issued`` (default: now)."""
        token = "1//" + secrets.token_urlsafe(40)
        when = self.clock() if issued is None else issued
        self.refresh_tokens[token] = _Grant(client_id, email, frozenset(scopes), issued=when)
        return token

    def revoke(self, refresh_token: str) -> None:
        """The officer removed the app's access (myaccount.google.com → Security)."""
        self.refresh_tokens.pop(refresh_token, None)

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
                    form, self.refresh_tokens.get(form.get("refresh_token", "")), REVOKED
                )
                if self._expired(grant):
                    raise _Refused("invalid_grant", REVOKED)
                asked = frozenset(form.get("scope", "").split())
                if not asked <= grant.scopes:  # a refresh may narrow a grant, never widen it
                    raise _Refused("invalid_scope", "Bad Request")  # (wording not verified)
                return 200, self._issue(self._user(grant, asked or grant.scopes))
            if grant_type == "authorization_code":
                code = self.codes.pop(form.get("code", ""), None)
                grant = self._client_grant(form, code, "Bad Request")
                self._check_pkce(grant, form)
                refresh = self.grant(grant.client_id, grant.email, sorted(grant.scopes))
                body = {
                    **self._issue(self._user(grant)),
                    "refresh_token": refresh,
                    "scope": " ".join(sorted(grant.scopes)),
                }
                if self.clients[grant.client_id].testing:
                    body["refresh_token_expires_in"] = TESTING_GRANT - 1
                return 200, body
        except _Refused as exc:
            return exc.status, {"error": exc.error, "error_description": exc.description}
        return 400, {"error": "unsupported_grant_type", "error_description": "Invalid grant_type."}

    def principal(self, authorization: str | None) -> Principal | None:
        if not authorization or not authorization.startswith("Bearer "):
            return None
        who = self.access.get(authorization[len("Bearer ") :])
        if who is None or who.expiry < self.clock():
            return None
        return who

    def _user(self, grant: _Grant, scopes: frozenset[str] | None = None) -> Principal:
        project = Client.project_of(grant.client_id)
        scopes = grant.scopes if scopes is None else scopes
        return Principal("user", grant.email, grant.client_id, scopes, project=project)

    def _expired(self, grant: _Grant) -> bool:
        client = self.clients[grant.client_id]
        return client.testing and self.clock() - grant.issued >= TESTING_GRANT

    def _issue(self, who: Principal) -> dict:
        token = "ya29.fake-" + secrets.token_urlsafe(32)
        expiry = self.clock() + LIFETIME
        self.access[token] = Principal(
            who.kind, who.email, who.client_id, who.scopes, expiry, who.project
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
        if header.get("alg") != "RS256":
            raise _Refused("invalid_grant", "Invalid JWT: unsupported algorithm.")
        account = self.service_accounts.get(claims.get("iss", ""))
        if account is None or account.disabled:
            raise _Refused("invalid_grant", NO_ACCOUNT)
        public_key = account.keys.get(header.get("kid", ""))
        if public_key is None and "kid" not in header and len(account.keys) == 1:
            public_key = next(iter(account.keys.values()))
        if public_key is None:  # the key was deleted
            raise _Refused("invalid_grant", BAD_SIGNATURE)
        try:
            public_key.verify(
                signature, f"{head}.{body}".encode(), padding.PKCS1v15(), hashes.SHA256()
            )
        except InvalidSignature:
            raise _Refused("invalid_grant", BAD_SIGNATURE) from None
        now = self.clock()
        if claims.get("aud") != TOKEN_URI:
            raise _Refused("invalid_grant", "Invalid JWT: Failed audience check.")
        iat, exp = float(claims.get("iat", 0)), float(claims.get("exp", 0))
        if not (iat - CLOCK_TOLERANCE <= now < exp) or exp - iat > LIFETIME:
            raise _Refused("invalid_grant", BAD_TIME)
        scopes = frozenset(str(claims.get("scope", "")).split())
        if not scopes:
            raise _Refused("invalid_scope", "Empty or missing scope not allowed.")
        return Principal(
            "service_account", account.email, account.client_id, scopes, project=account.project
        )

    def _client_grant(self, form: dict[str, str], grant: _Grant | None, unknown: str) -> _Grant:
        client = self.clients.get(form.get("client_id", ""))
        if client is None:
            raise _Refused("invalid_client", "The OAuth client was not found.", 401)
        if client.secret != form.get("client_secret"):
            raise _Refused("invalid_client", "Unauthorized", 401)
        if grant is None or grant.client_id != form.get("client_id"):
            raise _Refused("invalid_grant", unknown)
        return grant

    def _check_pkce(self, grant: _Grant, form: dict[str, str]) -> None:
        if grant.redirect_uri and form.get("redirect_uri") != grant.redirect_uri:
            raise _Refused("redirect_uri_mismatch", "Bad Request")
        if grant.challenge:
            digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
            if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != grant.challenge:
                raise _Refused("invalid_grant", "Invalid code verifier.")


class _Refused(Exception):
    def __init__(self, error: str, description: str, status: int = 400) -> None:
        super().__init__(description)
        self.error = error
        self.description = description
        self.status = status
