"""Renders key pairs in Nova's shapes at 2.1, 2.2 (``type``) and 2.35 (links)."""

from translator.api.views import common
from translator.backend.models import KeyPair


def _base(req, keypair: KeyPair) -> dict:
    body = {'name': keypair.name, 'public_key': keypair.public_key,
            'fingerprint': keypair.fingerprint}
    if req.version >= (2, 2):
        body['type'] = keypair.type
    return body


def created(req, keypair: KeyPair) -> dict:
    body = {**_base(req, keypair), 'user_id': keypair.user_id}
    if keypair.private_key is not None:
        body['private_key'] = keypair.private_key
    return {'keypair': body}


def show(req, keypair: KeyPair) -> dict:
    return {'keypair': {**_base(req, keypair), 'user_id': keypair.user_id,
                        'created_at': keypair.created_at, 'updated_at': None,
                        'deleted': False, 'deleted_at': None, 'id': keypair.id}}


def collection(req, keypairs: list, *, page_full: bool) -> dict:
    body = {'keypairs': [{'keypair': _base(req, keypair)} for keypair in keypairs]}
    if page_full and keypairs and req.version >= (2, 35):
        body['keypairs_links'] = [common.next_link(req, 'os-keypairs', keypairs[-1].name)]
    return body
