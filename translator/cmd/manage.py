"""``translator-manage``: operator commands.

::

    translator-manage [--config-file F] arktos check
    translator-manage [--config-file F] catalog list
    translator-manage [--config-file F] catalog load FILE.yaml [--prune] [--dry-run]

``arktos check`` tells whether the configured Arktos answers and accepts the
service's credentials. ``catalog load`` writes the flavors and images of a YAML
file into the catalog ConfigMaps in Arktos (``[catalog] tenant``/``namespace``):
new entries are created, changed ones replaced, identical ones left alone;
``--prune`` also deletes the flavors and public images the file does not list
(never a project's snapshots). The file::

    flavors:
      - {id: "1", name: m1.tiny, vcpus: 1, ram: 512, disk: 1}
      - id: gpu.large
        name: gpu.large
        vcpus: 8
        ram: 32768
        disk: 80
        extra_specs: {"resources:VGPU": "1"}
    images:
      - id: a8b2f5a4-7d4c-4f41-9c3f-2f0c6f5e1c01
        name: cirros
        location: download.cirros-cloud.net/0.5.1/cirros-0.5.1-x86_64-disk.img
        min_disk: 1
        properties: {os_distro: cirros}

Exit status: 0 on success, 1 when a check or a write failed, 2 on a bad file.
"""

import dataclasses
import sys
import uuid

import orjson
import yaml
from oslo_config import cfg
from oslo_log import log as logging

from translator import conf as translator_conf
from translator import exception, wsgi
from translator.backend.arktos import catalog_store
from translator.backend.arktos import client as arktos_client
from translator.backend.models import Flavor, Image

CONF = translator_conf.CONF
LOG = logging.getLogger(__name__)

_FLAVOR_REQUIRED = ('id', 'name', 'vcpus', 'ram', 'disk')
_IMAGE_REQUIRED = ('id', 'name', 'location')


class BadFile(Exception):
    pass


def _out(line: str) -> None:
    print(line, flush=True)


def _client() -> arktos_client.ArktosClient:
    return arktos_client.ArktosClient.from_conf(CONF.arktos)


def _store(client=None) -> catalog_store.CatalogStore:
    return catalog_store.CatalogStore.from_conf(client or _client(), CONF)


# arktos check -------------------------------------------------------------

def arktos_check() -> int:
    """Reachability, version, credentials and the catalog namespace."""
    client = _client()
    failed = False
    url = client.url
    try:
        response = client.fetch('/version')
    except arktos_client.TRANSPORT_ERRORS as e:
        _out(f'FAIL  Arktos at {url} does not answer: {type(e).__name__}: {e}')
        return 1
    version = '?'
    if response.status == 200:
        try:
            version = orjson.loads(response.data).get('gitVersion', '?')
        except (ValueError, AttributeError):
            pass
    _out(f'OK    Arktos at {url} answers (GET /version: {response.status}, '
         f'version {version})')
    try:
        health = client.fetch('/healthz')
        ok = health.status == 200
        failed |= not ok
        _out(f'{"OK  " if ok else "FAIL"}  GET /healthz: {health.status} '
             f'{arktos_client.text(health)[:80]}')
    except arktos_client.TRANSPORT_ERRORS as e:
        failed = True
        _out(f'FAIL  GET /healthz: {e}')
    credentials = ('a token' if CONF.arktos.token else
                   'a client certificate' if CONF.arktos.cert_file else 'no credentials')
    try:
        tenants = client.get('/api/v1/tenants').get('items') or []
        _out(f'OK    the service\'s credentials ({credentials}) list tenants '
             f'({len(tenants)} seen)')
    except arktos_client.ArktosForbidden as e:
        failed = True
        _out(f'FAIL  the service\'s credentials ({credentials}) may not list tenants: {e} '
             '(the service needs a user of tenant "system" that creates tenants, '
             'namespaces and pods)')
    except arktos_client.ArktosError as e:
        failed = True
        _out(f'FAIL  Arktos rejects the service\'s credentials ({credentials}): '
             f'{e.status.get("code")} {e}')
    except exception.BackendUnavailable as e:
        failed = True
        _out(f'FAIL  {e}')
    store = _store(client)
    try:
        catalog = store.load()
        where = f'{CONF.catalog.tenant}/{CONF.catalog.namespace}'
        if catalog.seeded:
            _out(f'OK    catalog {where}: {len(catalog.flavors)} flavors, '
                 f'{len(catalog.images)} images')
        else:
            _out(f'OK    catalog {where} not written yet: the built-in flavors and '
                 'images are served')
    except arktos_client.ArktosNotFound:
        _out('OK    catalog namespace not created yet: the built-in flavors and images '
             'are served')
    except (arktos_client.ArktosError, exception.BackendUnavailable) as e:
        failed = True
        _out(f'FAIL  cannot read the catalog ConfigMaps: {e}')
    return 1 if failed else 0


# catalog ------------------------------------------------------------------

def _check_keys(kind: str, entry, required: tuple, model) -> dict:
    if not isinstance(entry, dict):
        raise BadFile(f'{kind} entries must be mappings, not {entry!r}')
    missing = [key for key in required if key not in entry]
    if missing:
        raise BadFile(f'{kind} {entry.get("name", entry)!r} lacks {", ".join(missing)}')
    known = {f.name for f in dataclasses.fields(model)}
    unknown = sorted(set(entry) - known)
    if unknown:
        raise BadFile(f'{kind} {entry["name"]!r}: unknown keys {", ".join(unknown)} '
                      f'(known: {", ".join(sorted(known))})')
    return dict(entry)


def parse_catalog_file(path: str) -> tuple[list[Flavor], list[Image]]:
    """The flavors and images of a YAML catalog file (raise BadFile)."""
    try:
        with open(path) as stream:
            data = yaml.safe_load(stream) or {}
    except (OSError, yaml.YAMLError) as e:
        raise BadFile(f'cannot read {path}: {e}') from e
    if not isinstance(data, dict) or set(data) - {'flavors', 'images'}:
        raise BadFile(f'{path}: expected a mapping with "flavors" and/or "images"')
    flavors, images = [], []
    for entry in data.get('flavors') or ():
        record = _check_keys('flavor', entry, _FLAVOR_REQUIRED, Flavor)
        record['id'] = str(record['id'])
        try:
            for key in ('vcpus', 'ram', 'disk', 'ephemeral', 'swap'):
                if key in record:
                    record[key] = int(record[key])
                    if record[key] < 0 or (key in ('vcpus', 'ram') and record[key] < 1):
                        raise ValueError(f'{key} = {record[key]}')
        except (TypeError, ValueError) as e:
            raise BadFile(f'flavor {record["name"]!r}: bad number: {e}') from e
        record['extra_specs'] = {str(k): str(v)
                                 for k, v in (record.get('extra_specs') or {}).items()}
        flavors.append(Flavor.from_dict(record))
    for entry in data.get('images') or ():
        record = _check_keys('image', entry, _IMAGE_REQUIRED, Image)
        try:
            record['id'] = str(uuid.UUID(str(record['id'])))
        except ValueError as e:
            raise BadFile(f'image {record["name"]!r}: id must be a UUID') from e
        if record.get('owner') or record.get('visibility', 'public') not in ('public',
                                                                             'community'):
            raise BadFile(f'image {record["name"]!r}: catalog images are public '
                          '(no owner, visibility public or community)')
        images.append(Image.from_dict(record))
    for kind, items in (('flavor', flavors), ('image', images)):
        for attr in ('id', 'name'):
            values = [getattr(item, attr) for item in items]
            duplicates = sorted({v for v in values if values.count(v) > 1})
            if duplicates:
                raise BadFile(f'duplicate {kind} {attr}s: {", ".join(duplicates)}')
    return flavors, images


def catalog_load(path: str, prune: bool = False, dry_run: bool = False) -> int:
    try:
        flavors, images = parse_catalog_file(path)
    except BadFile as e:
        _out(f'ERROR {e}')
        return 2
    store = _store()
    try:
        current = store.load()
    except arktos_client.ArktosNotFound:
        current = catalog_store.Catalog([], [], False)
    wanted_names = {flavor.name: flavor.id for flavor in flavors}
    for flavor in current.flavors:
        if wanted_names.get(flavor.name, flavor.id) != flavor.id and not prune:
            _out(f'ERROR flavor name {flavor.name!r} is taken by flavor {flavor.id!r} '
                 '(use --prune to replace it)')
            return 2
    verb = '(dry run) ' if dry_run else ''
    counts = {'created': 0, 'replaced': 0, 'unchanged': 0, 'deleted': 0}

    def report(action: str, kind: str, item) -> None:
        counts[action] += 1
        _out(f'{verb}{action:9} {kind} {item.id} ({item.name})')

    if prune:
        keep_flavors = {flavor.id for flavor in flavors}
        keep_images = {image.id for image in images}
        for flavor in current.flavors:
            if flavor.id not in keep_flavors:
                if not dry_run:
                    store.delete_flavor(flavor.id)
                report('deleted', 'flavor', flavor)
        for image in current.images:
            if image.owner is None and image.id not in keep_images:
                if not dry_run:
                    store.delete_image(image.id)
                report('deleted', 'image', image)
    for flavor in flavors:
        existing = current.flavor(flavor.id)
        if existing == flavor and (current.seeded or dry_run):
            report('unchanged', 'flavor', flavor)
            continue
        if not dry_run:
            try:
                store.create_flavor(flavor)
            except arktos_client.ArktosConflict:
                if _store_flavor(store, flavor.id) == flavor:
                    report('unchanged', 'flavor', flavor)
                    continue
                store.delete_flavor(flavor.id)
                store.create_flavor(flavor)
        report('replaced' if existing is not None else 'created', 'flavor', flavor)
    for image in images:
        existing = current.image(image.id)
        if existing == image and (current.seeded or dry_run):
            report('unchanged', 'image', image)
            continue
        if not dry_run:
            try:
                store.create_image(image)
            except arktos_client.ArktosConflict:
                if _store_image(store, image.id) == image:
                    report('unchanged', 'image', image)
                    continue
                store.update_image(image)
        report('replaced' if existing is not None else 'created', 'image', image)
    _out(f'{verb}done: ' +
         ', '.join(f'{n} {action}' for action, n in counts.items()))
    return 0


def _store_flavor(store, flavor_id):
    return store.load().flavor(flavor_id)


def _store_image(store, image_id):
    return store.load().image(image_id)


def catalog_list() -> int:
    catalog = _store().load()
    state = 'stored in Arktos' if catalog.seeded else 'built-in defaults (not written yet)'
    _out(f'# catalog {CONF.catalog.tenant}/{CONF.catalog.namespace}: {state}')
    for flavor in catalog.flavors:
        _out(f'flavor {flavor.id:>12}  {flavor.name:20} vcpus={flavor.vcpus} '
             f'ram={flavor.ram} disk={flavor.disk}')
    for image in catalog.images:
        _out(f'image  {image.id}  {image.name:20} {image.status} {image.visibility}'
             f'{" owner=" + image.owner if image.owner else ""}')
    return 0


# command line ---------------------------------------------------------------

def _add_commands(subparsers):
    arktos = subparsers.add_parser('arktos', help='The connection to Arktos.')
    arktos_actions = arktos.add_subparsers(dest='action')
    arktos_actions.required = True
    arktos_actions.add_parser('check', help='Check that Arktos answers and accepts the '
                                            "service's credentials.")
    catalog = subparsers.add_parser('catalog', help='Flavors and images in Arktos.')
    catalog_actions = catalog.add_subparsers(dest='action')
    catalog_actions.required = True
    catalog_actions.add_parser('list', help='Print the flavors and images.')
    load = catalog_actions.add_parser('load', help='Load flavors and images from a YAML '
                                                   'file into Arktos ConfigMaps.')
    load.add_argument('file')
    load.add_argument('--prune', action='store_true',
                      help='Also delete flavors and public images the file does not list.')
    load.add_argument('--dry-run', action='store_true', help='Only say what would change.')


_COMMAND_OPT = cfg.SubCommandOpt('category', title='Commands', handler=_add_commands,
                                 help='arktos check | catalog list | catalog load FILE')


def main(argv: list[str] | None = None) -> int:
    CONF.register_cli_opt(_COMMAND_OPT)
    try:
        CONF(sys.argv[1:] if argv is None else argv, project='translator',
             prog='translator-manage',
             default_config_files=wsgi.config_files_from_env())
    except cfg.Error as e:
        print(f'translator-manage: {e}', file=sys.stderr)
        return 2
    logging.setup(CONF, 'translator-manage')
    command = CONF.category
    try:
        if command.name == 'arktos':
            return arktos_check()
        if command.action == 'list':
            return catalog_list()
        return catalog_load(command.file, prune=command.prune, dry_run=command.dry_run)
    except (arktos_client.ArktosError, exception.BackendUnavailable) as e:
        _out(f'ERROR Arktos: {e}')
        return 1


if __name__ == '__main__':
    sys.exit(main())
