"""Key pairs as Arktos Secrets in the project's namespace.

Nova's key pairs belong to a user; a Secret holds one user's key of one name. Its
name is derived from a hash of user id and key name (Secret names are DNS-1123
subdomains, key names are free text), the real name and user live in
annotations, and a label with a hash of the user id selects a user's keys.
"""

import base64
import dataclasses
import hashlib

from translator import crypto, exception
from translator.backend.arktos import client as arktos_client
from translator.backend.arktos import tenancy
from translator.backend.arktos.names import (
    ANN_FINGERPRINT,
    ANN_KEYPAIR_NAME,
    ANN_KEYPAIR_TYPE,
    ANN_USER,
    LABEL_KEYPAIR,
    LABEL_KEYPAIR_USER,
)
from translator.backend.models import KeyPair

DATA_PUBLIC_KEY = 'public_key'


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def secret_name(user_id: str, name: str) -> str:
    return 'keypair-' + _digest(f'{user_id}\0{name}')[:40]


def user_selector(user_id: str) -> str:
    return f'{LABEL_KEYPAIR}=true,{LABEL_KEYPAIR_USER}={_digest(user_id)[:40]}'


def _created_at(timestamp: str) -> str:
    """Nova's ``created_at`` of an Arktos ``creationTimestamp``."""
    return timestamp.rstrip('Z') + '.000000' if timestamp else ''


def secret_for_keypair(keypair: KeyPair, tenant: str, namespace: str) -> dict:
    return {
        'apiVersion': 'v1',
        'kind': 'Secret',
        'type': 'Opaque',
        'metadata': {
            'name': secret_name(keypair.user_id, keypair.name),
            'tenant': tenant,
            'namespace': namespace,
            'labels': {LABEL_KEYPAIR: 'true', LABEL_KEYPAIR_USER: _digest(keypair.user_id)[:40]},
            'annotations': {ANN_KEYPAIR_NAME: keypair.name, ANN_USER: keypair.user_id,
                            ANN_KEYPAIR_TYPE: keypair.type, ANN_FINGERPRINT: keypair.fingerprint},
        },
        'data': {DATA_PUBLIC_KEY: base64.b64encode(keypair.public_key.encode()).decode()},
    }


def keypair_from_secret(secret: dict) -> KeyPair:
    metadata = secret.get('metadata') or {}
    annotations = metadata.get('annotations') or {}
    public_key = base64.b64decode((secret.get('data') or {}).get(DATA_PUBLIC_KEY, '')).decode()
    return KeyPair(name=annotations.get(ANN_KEYPAIR_NAME, ''),
                   user_id=annotations.get(ANN_USER, ''),
                   public_key=public_key, fingerprint=annotations.get(ANN_FINGERPRINT, ''),
                   type=annotations.get(ANN_KEYPAIR_TYPE, 'ssh'),
                   created_at=_created_at(metadata.get('creationTimestamp', '')),
                   id=int(_digest(metadata.get('name', ''))[:8], 16))


def new_keypair(user_id: str, name: str, key_type: str, public_key: str | None) -> KeyPair:
    """The key pair to store: ``public_key`` checked, or a new key (with its private key)."""
    private_key = None
    if public_key is None:
        private_key, public_key = crypto.generate_key_pair(key_type, user_id)
    return KeyPair(name=name, user_id=user_id, public_key=public_key, type=key_type,
                   fingerprint=crypto.fingerprint(public_key, key_type),
                   private_key=private_key)


class KeyPairs:
    """The key pairs of the users of a project, in its Arktos namespace."""

    def __init__(self, client: arktos_client.ArktosClient,
                 provisioner: tenancy.Provisioner):
        self.client = client
        self.provisioner = provisioner

    @staticmethod
    def _path(context) -> str:
        return tenancy.Namespace.of(context).collection('secrets')

    def list(self, context, user_id: str) -> list[KeyPair]:
        """The user's key pairs, ordered by name."""
        try:
            page = self.client.get(self._path(context),
                                   params={'labelSelector': user_selector(user_id)})
        except arktos_client.ArktosNotFound:
            return []
        keypairs = [keypair_from_secret(secret) for secret in page.get('items') or ()]
        return sorted((k for k in keypairs if k.user_id == user_id), key=lambda k: k.name)

    def get(self, context, user_id: str, name: str) -> KeyPair:
        path = tenancy.Namespace.of(context).item('secrets', secret_name(user_id, name))
        try:
            keypair = keypair_from_secret(self.client.get(path))
        except arktos_client.ArktosNotFound as e:
            raise exception.KeypairNotFound(name=name, user_id=user_id) from e
        if (keypair.user_id, keypair.name) != (user_id, name):
            raise exception.KeypairNotFound(name=name, user_id=user_id)
        return keypair

    def create(self, context, keypair: KeyPair, limit: int) -> KeyPair:
        """Store ``keypair``; 409 when the user has one of that name, 403 over ``limit``."""
        if limit >= 0 and len(self.list(context, keypair.user_id)) >= limit:
            raise exception.KeypairLimitExceeded()
        body = secret_for_keypair(keypair, context.arktos_tenant, context.arktos_namespace)
        try:
            secret = self.provisioner.create(tenancy.Namespace.of(context),
                                             self._path(context), body)
        except arktos_client.ArktosConflict as e:
            raise exception.KeyPairExists(key_name=keypair.name) from e
        return dataclasses.replace(keypair_from_secret(secret),
                                   private_key=keypair.private_key)

    def delete(self, context, user_id: str, name: str) -> None:
        self.get(context, user_id, name)
        try:
            self.client.delete(tenancy.Namespace.of(context).item(
                'secrets', secret_name(user_id, name)))
        except arktos_client.ArktosNotFound as e:
            raise exception.KeypairNotFound(name=name, user_id=user_id) from e


class KeyPairsMixin:
    """The key pair methods of ``ArktosDriver``."""

    def list_keypairs(self, context, user_id: str) -> list[KeyPair]:
        return self.keypairs.list(context, user_id)

    def get_keypair(self, context, user_id: str, name: str) -> KeyPair:
        return self.keypairs.get(context, user_id, name)

    def create_keypair(self, context, user_id: str, name: str, key_type: str,
                       public_key: str | None) -> KeyPair:
        keypair = new_keypair(user_id, name, key_type, public_key)
        return self.keypairs.create(context, keypair, self.get_quotas(context).key_pairs)

    def delete_keypair(self, context, user_id: str, name: str) -> None:
        self.keypairs.delete(context, user_id, name)
