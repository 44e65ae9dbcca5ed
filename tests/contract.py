"""Check responses against tempest.lib's compute response schemas."""

from tempest.lib.common import api_version_request, rest_client
from tempest.lib.services.compute import flavors_client, servers_client


class _Headers(dict):
    """What tempest's validator expects: lower-cased headers with a ``status``."""

    def __init__(self, response):
        super().__init__((key.lower(), value) for key, value in response.headers.items())
        self.status = response.status_code


def _schema(versions_info: list, version: str, name: str) -> dict:
    """The schema ``name`` in force at ``version``: the newest module up to it
    that defines it (tempest's later modules define only what changed)."""
    wanted = api_version_request.APIVersionRequest(version)
    found = None
    for entry in versions_info:
        low = api_version_request.APIVersionRequest(entry['min'] or '2.1')
        if low > wanted:
            break
        found = getattr(entry['schema'], name, found)
    if found is None:
        raise LookupError(f'{name} at {version}')
    return found


def server_schema(version: str, name: str) -> dict:
    return _schema(servers_client.ServersClient.schema_versions_info, version, name)


def flavor_schema(version: str, name: str) -> dict:
    return _schema(flavors_client.FlavorsClient.schema_versions_info, version, name)


def client_schema(client_class, version: str, name: str) -> dict:
    """The schema ``name`` a versioned tempest.lib compute client checks at ``version``."""
    return _schema(client_class.schema_versions_info, version, name)


def validate(schema: dict, response) -> None:
    """Raise if ``response`` (a requests.Response) does not match ``schema``."""
    body = response.json() if response.content else ''
    rest_client.RestClient.validate_response(schema, _Headers(response), body)
