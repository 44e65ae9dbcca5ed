"""Signed, expiring URLs of image data for Arktos's VM runtime.

A VM pod's ``spec.virtualMachine.image`` names what the runtime downloads, without a
Keystone token. Arktos's kubelet parses it as a container image reference (no scheme,
no query; it applies the default tag ``:latest`` to one without a tag), so for an
image whose data is in the image store it is ``<base>/image/runtime/<image id>/<expires>/
<signature>``, ``<base>`` the host, port and prefix of ``[image] download_url_base``,
``expires`` a unix time, ``signature`` an HMAC-SHA256 over the image id and the
expiry with ``[image] download_url_key``, so every API host sharing the key serves
it. The runtime fetches it over HTTP(S) (the scheme of ``download_url_base``); the
URL names the image and nothing else; a wrong or expired signature is a 403.
"""

import hashlib
import hmac
import time

PATH = '/image/runtime/'


def _signature(key: str, image_id: str, expires: int) -> str:
    return hmac.new(key.encode(), f'{image_id}:{expires}'.encode(),
                    hashlib.sha256).hexdigest()


def check_conf(image_conf) -> None:
    """Refuse a ``download_url_base`` without the key that signs its URLs."""
    if image_conf.download_url_base and not image_conf.download_url_key:
        raise ValueError('[image] download_url_base needs [image] download_url_key')


def sign(image_conf, image_id: str, now: float | None = None) -> str:
    """The runtime's reference to ``image_id``'s data, valid for ``download_url_ttl``."""
    expires = int(now if now is not None else time.time()) + image_conf.download_url_ttl
    signature = _signature(image_conf.download_url_key, image_id, expires)
    base = image_conf.download_url_base.partition('://')[2].rstrip('/')
    return f'{base}{PATH}{image_id}/{expires}/{signature}'


def valid(image_conf, image_id: str, expires: str | None, signature: str | None,
          now: float | None = None) -> bool:
    """Whether ``signature`` signs ``image_id`` until ``expires``, not yet past."""
    key = image_conf.download_url_key
    if not (key and expires and signature and expires.isdigit()):
        return False
    if int(expires) < (now if now is not None else time.time()):
        return False
    return hmac.compare_digest(_signature(key, image_id, int(expires)), signature)
