"""A thin HTTP client of the service for the functional and integration tiers (noauth
identities), and waits on what it shows."""

import time
import uuid

import requests

CIRROS = 'a8b2f5a4-7d4c-4f41-9c3f-2f0c6f5e1c01'


def new_project() -> str:
    """A fresh project id shaped like Keystone's (32 hex characters)."""
    return uuid.uuid4().hex


class ComputeAPI:
    """Servers it creates are recorded; the ``_delete_created_servers`` fixture of the
    functional tier deletes them after each test, so capacity is never exhausted."""

    instances: list = []

    def __init__(self, base_url: str, project: str | None = None, user: str = 'alice',
                 version: str | None = None):
        self.instances.append(self)
        self.created: list[str] = []
        self.base_url = base_url
        self.project = project or new_project()
        self.session = requests.Session()
        self.session.headers['X-Auth-Token'] = f'{user}:{self.project}'
        if version:
            self.session.headers['OpenStack-API-Version'] = f'compute {version}'
            self.session.headers['X-OpenStack-Nova-API-Version'] = version

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        return self.session.request(method, f'{self.base_url}/v2.1{path}', timeout=30,
                                    **kwargs)

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.request('GET', path, **kwargs)

    def post(self, path: str, body, **kwargs) -> requests.Response:
        return self.request('POST', path, json=body, **kwargs)

    def put(self, path: str, body=None, **kwargs) -> requests.Response:
        """A PUT with a JSON ``body``, or none."""
        if body is None:
            return self.request('PUT', path, **kwargs)
        return self.request('PUT', path, json=body, **kwargs)

    def delete(self, path: str, **kwargs) -> requests.Response:
        return self.request('DELETE', path, **kwargs)

    def create_server(self, name: str = 'vm', **fields) -> requests.Response:
        server = {'name': name, 'flavorRef': '1', 'imageRef': CIRROS, **fields}
        response = self.post('/servers', {'server': server})
        if response.status_code == 202 and 'server' in response.json():
            self.created.append(response.json()['server']['id'])
        return response

    def delete_created(self) -> None:
        for server_id in self.created:
            try:
                self.delete(f'/servers/{server_id}')
            except requests.RequestException:
                pass
        self.created.clear()


class ImageAPI:
    """The Glance subset at ``<base>/image`` for one noauth identity."""

    def __init__(self, base_url: str, project: str, user: str = 'alice'):
        self.url = base_url + '/image'
        self.session = requests.Session()
        self.session.headers['X-Auth-Token'] = f'{user}:{project}'

    def get(self, path: str, **kwargs):
        return self.session.get(self.url + path, timeout=30, **kwargs)

    def patch(self, path: str, operations: list):
        return self.session.patch(
            self.url + path, json=operations, timeout=30,
            headers={'Content-Type': 'application/openstack-images-v2.1-json-patch'})

    def delete(self, path: str):
        return self.session.delete(self.url + path, timeout=30)

    def post(self, path: str, body=None):
        return self.session.post(self.url + path, json=body, timeout=30)

    def put(self, path: str, data=None, **kwargs):
        return self.session.put(self.url + path, data=data, timeout=30, **kwargs)


class NetworkAPI:
    """The Neutron subset at ``<base>/networking`` for one noauth identity."""

    def __init__(self, base_url: str, project: str, user: str = 'alice'):
        self.url = base_url + '/networking'
        self.session = requests.Session()
        self.session.headers['X-Auth-Token'] = f'{user}:{project}'

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        return self.session.request(method, self.url + path, timeout=30, **kwargs)

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.request('GET', path, **kwargs)


class PlacementAPI:
    """The Placement subset at ``<base>/placement`` for one noauth identity, at one
    microversion (none: Placement's default, 1.0)."""

    def __init__(self, base_url: str, project: str = 'admin', user: str = 'admin',
                 version: str | None = None):
        self.url = base_url + '/placement'
        self.session = requests.Session()
        self.session.headers['X-Auth-Token'] = f'{user}:{project}'
        if version:
            self.session.headers['OpenStack-API-Version'] = f'placement {version}'

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        return self.session.request(method, self.url + path, timeout=30, **kwargs)

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.request('GET', path, **kwargs)


def wait_for_image(images: ImageAPI, image_id: str, status: str = 'active') -> dict:
    deadline = time.monotonic() + 30
    while True:
        image = images.get(f'/v2/images/{image_id}').json()
        if image['status'] == status:
            return image
        assert time.monotonic() < deadline, image
        time.sleep(0.2)


def wait_for_status(compute: ComputeAPI, server_id: str, status: str,
                    timeout: float = 30.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        server = compute.get(f'/servers/{server_id}').json()['server']
        if server['status'] == status and server['OS-EXT-STS:task_state'] is None:
            return server
        if time.monotonic() > deadline:
            raise AssertionError(f'{server_id} is {server["status"]}, not {status}')
        time.sleep(0.2)


def wait_for_404(compute: ComputeAPI, server_id: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while compute.get(f'/servers/{server_id}').status_code != 404:
        if time.monotonic() > deadline:
            raise AssertionError(f'{server_id} still exists')
        time.sleep(0.2)
