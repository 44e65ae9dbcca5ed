"""Key pair public keys: validation and Nova's fingerprints (checked against
``ssh-keygen -l -E md5`` and ``openssl x509 -fingerprint -sha1``)."""

import os

import pytest

from translator import crypto, exception

ED25519 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAID2XFOH5NApgUzYct9g9s5gxgHojLa2Chd95F7cHgc3w t'
ECDSA_384 = ('ecdsa-sha2-nistp384 AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBByFLFvz'
             'nSkUiAFQRCWjsw2Cpa1K2mJvDB5XlDQjbXNZfyx9BZqNrXt+b21kfMjd3/E1UPLrhks+miekteM5Ot+J'
             '/1F+egoyeanIP+jhGnAdY3Cd4guVoKrf1j6GzFL+0A== t')
RSA = ('ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCtWksRjdhR4ZXmVM7B55mjznDNq6XYq2g6ZluiIEEM'
       'jaXL/BVdPmsjh2d77DvLT4cZgWyVOuA+M9HGya2hjIyNZ2QkxDxrSuImFap45a59GQS7c7voDNXOJmfl'
       'PF4dU6j3QNvHO/f497Mg9nVaXam1rEL7/vcTEHOcmCLxgL1uuG9vHblu80vycmW199HuLZgTVJq0FpGl'
       '83iaMHcLXehu+H2N/AQ+0L4nRLy1J/iS2M5kTKLGyVJNQDhX7aQ8LcQa3LbNfY+JlUMlC7ul9ZElajta'
       'ISI6pFd1Cb7EMEkyphW+z1BTACbeZUK7lwtSk1wn2dPQMAohGbdoThLtWHQj t')
ED25519_FINGERPRINT = 'd0:93:a3:7f:57:d0:6d:03:a6:a1:ac:2f:23:f6:c2:f6'
CERTIFICATE = os.path.join(os.path.dirname(__file__), 'data', 'x509_cert.pem')


@pytest.mark.parametrize('public_key,expected', [
    (ED25519, ED25519_FINGERPRINT),
    (ECDSA_384, '3d:fe:75:db:ce:c9:fe:2f:b0:93:5c:71:5d:4e:bb:fd'),
    (RSA, 'ca:37:58:7f:4b:61:32:41:cf:ab:2a:ce:c6:bc:e6:40'),
    (RSA.rsplit(' ', 1)[0], 'ca:37:58:7f:4b:61:32:41:cf:ab:2a:ce:c6:bc:e6:40'),
])
def test_ssh_fingerprints(public_key, expected):
    assert crypto.fingerprint(public_key, 'ssh') == expected


def test_x509_fingerprint():
    with open(CERTIFICATE) as f:
        pem = f.read()
    assert (crypto.fingerprint(pem, 'x509') ==
            'd6:ef:0d:88:de:9a:fd:9b:5d:21:eb:61:5d:4a:4b:06:30:1f:0f:01')


@pytest.mark.parametrize('public_key', [
    '',
    'ssh-rsa',
    'ssh-rsa not-base64!',
    'ssh-dss AAAAB3NzaC1kc3MAAACBAP',
    # The blob of an ed25519 key under another type name.
    'ssh-rsa ' + ED25519.split()[1],
    'ecdsa-sha2-nistp256 ' + ECDSA_384.split()[1],
    'ssh-ed25519 ' + ED25519.split()[1][:-8],
])
def test_invalid_ssh_keys(public_key):
    with pytest.raises(exception.InvalidKeypair, match='failed to generate fingerprint'):
        crypto.fingerprint(public_key, 'ssh')


def test_invalid_x509_certificate():
    with pytest.raises(exception.InvalidKeypair, match='failed to generate X509 fingerprint'):
        crypto.fingerprint(ED25519, 'x509')


def test_generated_key_pair_is_a_valid_rsa_key():
    private_key, public_key = crypto.generate_key_pair()
    assert private_key.startswith('-----BEGIN RSA PRIVATE KEY-----')
    assert public_key.startswith('ssh-rsa ')
    assert len(crypto.fingerprint(public_key, 'ssh').split(':')) == 16


def test_generated_x509_key_pair_is_a_certificate_for_the_user():
    private_key, certificate = crypto.generate_key_pair('x509', 'user-1')
    assert private_key.startswith('-----BEGIN RSA PRIVATE KEY-----')
    assert certificate.startswith('-----BEGIN CERTIFICATE-----')
    assert len(crypto.fingerprint(certificate, 'x509').split(':')) == 20
    from cryptography import x509

    subject = x509.load_pem_x509_certificate(certificate.encode()).subject.rfc4514_string()
    assert 'CN=user-1' in subject
