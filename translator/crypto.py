"""Public keys of key pairs: validation, Nova's fingerprints, and key generation."""

import base64
import binascii
import datetime
import hashlib

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from translator import exception

SSH_KEY_TYPES = frozenset({'ssh-rsa', 'ssh-ed25519', 'ecdsa-sha2-nistp256',
                           'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521'})
_RSA_BITS = 2048


def _colon_hex(digest: bytes) -> str:
    text = digest.hex()
    return ':'.join(text[i:i + 2] for i in range(0, len(text), 2))


def ssh_fingerprint(public_key: str) -> str:
    """Nova's fingerprint of an OpenSSH public key: MD5 of the key blob, colon hex.

    The key must be one of ``SSH_KEY_TYPES`` and its blob must parse as that type.
    """
    fields = public_key.split()
    try:
        if len(fields) < 2 or fields[0] not in SSH_KEY_TYPES:
            raise ValueError(f'unsupported key type {fields[0] if fields else ""!r}')
        serialization.load_ssh_public_key(' '.join(fields[:2]).encode())
        blob = base64.b64decode(fields[1], validate=True)
    except (ValueError, UnsupportedAlgorithm, binascii.Error) as e:
        raise exception.InvalidKeypair(reason='failed to generate fingerprint') from e
    return _colon_hex(hashlib.md5(blob, usedforsecurity=False).digest())


def x509_fingerprint(pem: str) -> str:
    """Nova's fingerprint of a PEM x509 certificate: SHA-1 of the DER, colon hex."""
    try:
        certificate = x509.load_pem_x509_certificate(pem.encode())
    except (ValueError, TypeError) as e:
        raise exception.InvalidKeypair(
            reason=f'failed to generate X509 fingerprint. Error message: {e}') from e
    return _colon_hex(certificate.fingerprint(hashes.SHA1()))


def fingerprint(public_key: str, key_type: str) -> str:
    return x509_fingerprint(public_key) if key_type == 'x509' else ssh_fingerprint(public_key)


_X509_DAYS = 3650


def _x509_certificate(key, user_id: str) -> str:
    """A self-signed certificate for ``key`` naming the user, as Nova generates one."""
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, user_id or 'nova'),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, 'OpenStack')])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now)
                   .not_valid_after(now + datetime.timedelta(days=_X509_DAYS))
                   .sign(key, hashes.SHA256()))
    return certificate.public_bytes(serialization.Encoding.PEM).decode()


def generate_key_pair(key_type: str = 'ssh', user_id: str = '') -> tuple[str, str]:
    """``(private_key, public_key)``: a new RSA key as PEM, and its public half as
    OpenSSH text, or for ``x509`` as a self-signed PEM certificate."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=_RSA_BITS)
    private_key = key.private_bytes(serialization.Encoding.PEM,
                                    serialization.PrivateFormat.TraditionalOpenSSL,
                                    serialization.NoEncryption()).decode()
    if key_type == 'x509':
        return private_key, _x509_certificate(key, user_id)
    public_key = key.public_key().public_bytes(serialization.Encoding.OpenSSH,
                                               serialization.PublicFormat.OpenSSH).decode()
    return private_key, public_key
