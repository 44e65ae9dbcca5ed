"""Conductor Leases (``coordination.k8s.io/v1``) in the service namespace.

Each conductor renews ``translator-conductor-<host>``; a conductor is alive while its
Lease is: ``renewTime`` within ``leaseDurationSeconds``.
"""

import datetime

from oslo_log import log as logging

from translator.backend.arktos import client as arktos_client
from translator.backend.arktos import names, tenancy

LOG = logging.getLogger(__name__)

LABEL_CONDUCTOR = names.PREFIX + 'conductor'
_MICRO_TIME = '%Y-%m-%dT%H:%M:%S.%fZ'
_LEASE_API = 'coordination.k8s.io/v1'


def lease_name(host: str) -> str:
    """The Lease of the conductor on ``host`` (a DNS-1123 name)."""
    cleaned = ''.join(c if c.isalnum() else '-' for c in host.lower()).strip('-')
    return f'translator-conductor-{cleaned}'[:253].rstrip('-')


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def is_valid(lease: dict, at: datetime.datetime | None = None) -> bool:
    """Whether the Lease was renewed within its duration."""
    spec = lease.get('spec') or {}
    try:
        renewed = datetime.datetime.strptime(spec.get('renewTime') or '', _MICRO_TIME)
    except ValueError:
        return False
    age = ((at or _now()).replace(tzinfo=None) - renewed).total_seconds()
    return age <= float(spec.get('leaseDurationSeconds') or 0)


class Heartbeat:
    """Creates and renews one conductor's Lease."""

    def __init__(self, client: arktos_client.ArktosClient,
                 provisioner: tenancy.Provisioner, namespace: tenancy.Namespace,
                 host: str, duration: int):
        self.client = client
        self.provisioner = provisioner
        self.namespace = namespace
        self.host = host
        self.name = lease_name(host)
        self.duration = duration

    def renew(self) -> None:
        now = _now().strftime(_MICRO_TIME)
        spec = {'holderIdentity': self.host, 'leaseDurationSeconds': self.duration,
                'renewTime': now}
        try:
            self.client.patch(self.namespace.lease(self.name), {'spec': spec})
            return
        except arktos_client.ArktosNotFound:
            pass
        body = {'apiVersion': _LEASE_API, 'kind': 'Lease',
                'metadata': {'name': self.name, 'labels': {LABEL_CONDUCTOR: 'true'}},
                'spec': {**spec, 'acquireTime': now}}
        try:
            self.provisioner.create(self.namespace, self.namespace.leases(), body)
        except arktos_client.ArktosConflict:
            self.client.patch(self.namespace.lease(self.name), {'spec': spec})
        LOG.info('Conductor %s holds Lease %s', self.host, self.name)

    def release(self) -> None:
        """Delete the Lease (a conductor that stops cleanly is gone at once)."""
        try:
            self.client.delete(self.namespace.lease(self.name))
        except arktos_client.ArktosNotFound:
            pass


def live_conductors(client: arktos_client.ArktosClient,
                    namespace: tenancy.Namespace) -> list[str]:
    """The hosts of the conductors whose Lease is valid."""
    try:
        leases = client.get(namespace.leases(),
                            params={'labelSelector': f'{LABEL_CONDUCTOR}=true'})
    except arktos_client.ArktosNotFound:
        return []
    return sorted((lease.get('spec') or {}).get('holderIdentity') or ''
                  for lease in leases.get('items') or () if is_valid(lease))
