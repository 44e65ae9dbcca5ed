"""Bearer-token authentication and the tenant rule of Arktos's RBAC authorizer."""

from __future__ import annotations

from dataclasses import dataclass

from translator.emulator.errors import forbidden, unauthorized

SYSTEM = "system"


@dataclass(frozen=True)
class User:
    name: str
    tenant: str


INSECURE_USER = User("system:unsecured", SYSTEM)


def parse_token_spec(spec: str):
    """``TOKEN[:USER[:TENANT]]`` → (token, User); user defaults to ``admin``, tenant to system."""
    token, _, rest = spec.partition(":")
    user, _, tenant = rest.partition(":")
    if not token:
        raise ValueError(f"empty token in {spec!r}")
    return token, User(user or "admin", tenant or SYSTEM)


class Authenticator:
    def __init__(self, token_specs=()):
        self.tokens = dict(parse_token_spec(s) for s in token_specs)

    def authenticate(self, environ) -> User:
        if not self.tokens:
            return INSECURE_USER
        header = environ.get("HTTP_AUTHORIZATION", "")
        scheme, _, token = header.partition(" ")
        user = self.tokens.get(token.strip()) if scheme.lower() == "bearer" else None
        if user is None:
            raise unauthorized()
        return user


def authorize(user: User, verb, resource, tenant, namespace=None, name=None):
    """Deny a non-system user anything outside its own tenant (tenants are system-only)."""
    if user.tenant == SYSTEM:
        return
    if resource == "tenants":
        if verb == "get" and name == user.tenant:
            return
    elif tenant == user.tenant:
        return
    detail = f'User "{user.name}" cannot {verb} resource "{resource}" in API group ""'
    if namespace:
        detail += f' in the namespace "{namespace}"'
    if tenant and resource != "tenants":
        detail += f' in the tenant "{tenant}"'
    raise forbidden(resource, name, detail)
