"""Every everyday command of the OpenStack clients, and what it does here.

One table drives both ``tests/e2e/test_everyday.py``, which runs every entry through a real
Keystone in order, and the README's client coverage table (``python -m tests.e2e.everyday``
prints it; ``tests/repo/test_docs.py`` checks the README carries it as printed).

An entry either works (the command succeeds) or is refused: it then fails with the text
``refused`` names, and ``reason`` says why in the README.
"""

import dataclasses
import shlex
import sys

PUBLIC_KEY = ('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBnXDVGW6wz4RtoQH7TTpMdEpwQNoP8gkgJvZx1'
              'JqZ8K everyday@test')

_NOT_ARKTOS = 'Arktos offers no'


@dataclasses.dataclass(frozen=True)
class Command:
    """One CLI command (``openstack …`` or ``nova …``) as a Keystone user.

    ``wait`` is the status the server named last on the line reaches before the next entry
    (for actions the CLI does not wait for itself). ``key.pub`` holds ``PUBLIC_KEY``.
    """
    line: str
    user: str = 'demo'
    refused: str | None = None
    reason: str = ''
    wait: str | None = None

    @property
    def argv(self) -> list[str]:
        return shlex.split(self.line)

    @property
    def shown(self) -> str:
        program, rest = self.line.split(' ', 1)
        return f'{program} --os-cloud admin {rest}' if self.user == 'admin' else self.line


@dataclasses.dataclass(frozen=True)
class Ref:
    """The value an earlier openstacksdk call kept (``keep``), or one of its attributes."""
    name: str
    attribute: str | None = None

    def __repr__(self) -> str:
        return f'{self.name}.{self.attribute}' if self.attribute else self.name


@dataclasses.dataclass(frozen=True)
class Call:
    """One openstacksdk cloud-layer call, ``conn.<method>(*args, **kwargs)``."""
    method: str
    args: tuple = ()
    kwargs: dict = dataclasses.field(default_factory=dict)
    user: str = 'demo'
    keep: str | None = None
    refused: str | None = None
    reason: str = ''

    @property
    def shown(self) -> str:
        args = [repr(arg) for arg in self.args]
        args += [f'{key}={value!r}' for key, value in self.kwargs.items()]
        call = f'conn.{self.method}({", ".join(args)})'.replace(repr(PUBLIC_KEY), 'key')
        call = f'{self.keep} = {call}' if self.keep else call
        return f'{call}  # admin' if self.user == 'admin' else call


@dataclasses.dataclass(frozen=True)
class Task:
    """One Ansible openstack.cloud task; the playbook of all of them runs twice."""
    module: str
    args: dict
    user: str = 'demo'

    @property
    def shown(self) -> str:
        return f'openstack.cloud.{self.module}' + (' (admin)' if self.user == 'admin' else '')


def _refused_501(line: str, what: str, reason: str, user: str = 'demo') -> Command:
    return Command(line, user=user, refused=f'{_NOT_ARKTOS} {what}', reason=reason)


OPENSTACK = [
    Command('openstack keypair create --public-key key.pub ev-key'),
    Command('openstack keypair list'),
    Command('openstack keypair show ev-key'),
    Command('openstack flavor list'),
    Command('openstack flavor show m1.tiny'),
    Command('openstack image list'),
    Command('openstack image show cirros'),
    Command('openstack network list'),
    Command('openstack network show default'),
    Command('openstack subnet list'),
    Command('openstack security group list'),
    Command('openstack security group rule list default'),
    Command('openstack image create --disk-format qcow2 --container-format bare '
            '--file key.pub ev-image'),
    Command('openstack image save --file ev-image.out ev-image'),
    Command('openstack image set --property os_distro=cirros --tag mine ev-image'),
    Command('openstack server group create --policy anti-affinity ev-group'),
    Command('openstack server group show ev-group'),
    Command('openstack server create --image ev-image --flavor m1.tiny --network default '
            '--key-name ev-key --property role=web --server-group ev-group --wait ev-vm'),
    Command('openstack port list --server ev-vm'),
    Command('openstack server list'),
    Command('openstack server list --long'),
    Command('openstack server list --name ev --status ACTIVE --flavor m1.tiny --image cirros'),
    Command('openstack server show ev-vm'),
    Command('openstack server set --property tier=front --tag blue ev-vm'),
    Command('openstack server list --tags blue'),
    Command('openstack server unset --property tier --tag blue ev-vm'),
    Command('openstack server lock ev-vm'),
    Command('openstack server unlock ev-vm'),
    Command('openstack server pause ev-vm', wait='PAUSED'),
    Command('openstack server unpause ev-vm', wait='ACTIVE'),
    Command('openstack server suspend ev-vm', wait='SUSPENDED'),
    Command('openstack server resume ev-vm', wait='ACTIVE'),
    Command('openstack server stop ev-vm', wait='SHUTOFF'),
    Command('openstack server start ev-vm', wait='ACTIVE'),
    Command('openstack server reboot --wait ev-vm'),
    Command('openstack server rebuild --image cirros --wait ev-vm'),
    Command('openstack server image create --name ev-snap --wait ev-vm'),
    Command('openstack image delete ev-snap'),
    Command('openstack server add security group ev-vm default'),
    Command('openstack server remove security group ev-vm default'),
    Command('openstack server resize --flavor m1.small --wait ev-vm'),
    Command('openstack server resize confirm ev-vm'),
    Command('openstack server resize --flavor m1.tiny --wait ev-vm'),
    Command('openstack server resize revert ev-vm', wait='ACTIVE'),
    Command('openstack server event list ev-vm'),
    Command('openstack server volume list ev-vm'),
    Command('openstack limits show --absolute'),
    Command('openstack quota show'),
    Command('openstack usage show'),
    Command('openstack availability zone list --compute'),
    Command('openstack versions show'),
    Command('openstack extension list --compute'),
    Command('openstack server group list'),
    _refused_501('openstack console log show ev-vm', "'os-getConsoleOutput'",
                 'the VM runtime keeps no console log Arktos can read'),
    _refused_501('openstack console url show ev-vm', 'remote consoles',
                 'Arktos exposes no VNC/SPICE/serial proxy'),
    _refused_501('openstack server migrate ev-vm', "'migrate'",
                 'Arktos moves no VM pod between nodes'),
    _refused_501('openstack server shelve ev-vm', "'shelve'",
                 'Arktos has no offloaded VM state'),
    _refused_501('openstack server rescue ev-vm', "'rescue'",
                 'Arktos has no rescue boot'),
    _refused_501('openstack server dump create ev-vm', "'trigger_crash_dump'",
                 'Arktos sends no NMI'),
    _refused_501('openstack server add network ev-vm default', 'NIC hot-plug',
                 'Arktos attaches NICs only at boot'),
    Command('openstack network create ev-net', refused='[network] networks',
            reason='networks are the operator\'s `[network] networks`, not created by users'),
    Command('openstack server add volume ev-vm some-volume', refused='block-storage',
            reason='the client needs Cinder, which this cloud does not have'),
    Command('openstack server list --all-projects --long', user='admin'),
    Command('openstack server migration list', user='admin'),
    Command('openstack hypervisor list', user='admin'),
    Command('openstack hypervisor show arktos-node-1', user='admin'),
    Command('openstack hypervisor stats show', user='admin'),
    Command('openstack compute service list', user='admin'),
    Command('openstack compute service set --disable --disable-reason maintenance '
            'arktos-node-1 nova-compute', user='admin'),
    Command('openstack compute service set --enable arktos-node-1 nova-compute', user='admin'),
    Command('openstack aggregate create --zone ev-zone ev-aggregate', user='admin'),
    Command('openstack aggregate add host ev-aggregate arktos-node-1', user='admin'),
    Command('openstack aggregate list --long', user='admin'),
    Command('openstack aggregate remove host ev-aggregate arktos-node-1', user='admin'),
    Command('openstack aggregate delete ev-aggregate', user='admin'),
    Command('openstack host list', user='admin'),
    Command('openstack usage list', user='admin'),
    Command('openstack flavor create --ram 256 --disk 1 --vcpus 1 --private --project demo '
            'ev-flavor', user='admin'),
    Command('openstack flavor set --property hw:cpu_policy=shared ev-flavor', user='admin'),
    Command('openstack flavor show ev-flavor', user='admin'),
    Command('openstack flavor unset --property hw:cpu_policy ev-flavor', user='admin'),
    Command('openstack flavor delete ev-flavor', user='admin'),
    Command('openstack quota set --instances 12 demo', user='admin'),
    Command('openstack quota show demo', user='admin'),
    Command('openstack quota delete --compute demo', user='admin'),
    Command('openstack server delete --wait ev-vm'),
    Command('openstack server group delete ev-group'),
    Command('openstack image delete ev-image'),
    Command('openstack keypair delete ev-key'),
]

NOVA = [
    Command('nova keypair-add --pub-key key.pub ev-nova-key'),
    Command('nova keypair-list'),
    Command('nova keypair-show ev-nova-key'),
    Command('nova keypair-add ev-generated', refused='field/attribute public_key',
            reason='Nova 2.92 stopped generating key pairs: pass `--pub-key`'),
    Command('nova flavor-list'),
    Command('nova flavor-show m1.tiny'),
    Command('nova boot --image cirros --flavor m1.tiny --nic none --key-name ev-nova-key '
            '--poll ev-nova'),
    Command('nova list'),
    Command('nova show ev-nova'),
    Command('nova meta ev-nova set tier=front'),
    Command('nova meta ev-nova delete tier'),
    Command('nova server-tag-add ev-nova blue'),
    Command('nova server-tag-list ev-nova'),
    Command('nova list --tags blue'),
    Command('nova server-tag-delete ev-nova blue'),
    Command('nova instance-action-list ev-nova'),
    Command('nova interface-list ev-nova'),
    Command('nova lock ev-nova'),
    Command('nova unlock ev-nova'),
    Command('nova pause ev-nova', wait='PAUSED'),
    Command('nova unpause ev-nova', wait='ACTIVE'),
    Command('nova suspend ev-nova', wait='SUSPENDED'),
    Command('nova resume ev-nova', wait='ACTIVE'),
    Command('nova stop ev-nova', wait='SHUTOFF'),
    Command('nova start ev-nova', wait='ACTIVE'),
    Command('nova reboot --poll ev-nova'),
    Command('nova rebuild --poll ev-nova cirros'),
    Command('nova image-create --poll ev-nova ev-nova-snap'),
    Command('nova update ev-nova --description "a web server"'),
    Command('nova quota-show'),
    Command('nova limits'),
    Command('nova usage'),
    Command('nova availability-zone-list'),
    Command('nova version-list'),
    Command('nova server-group-create ev-nova-group affinity'),
    Command('nova server-group-list'),
    Command('nova resize --poll ev-nova m1.small'),
    Command('nova resize-confirm ev-nova', wait='ACTIVE'),
    _refused_501('nova console-log ev-nova', "'os-getConsoleOutput'",
                 'the VM runtime keeps no console log Arktos can read'),
    _refused_501('nova get-vnc-console ev-nova novnc', 'remote consoles',
                 'Arktos exposes no VNC proxy'),
    Command('nova diagnostics ev-nova', refused='os_compute_api:os-server-diagnostics',
            reason="admin only, as Nova's policy says; for admins a 501: Arktos reports no "
                   'VM counters'),
    Command('nova list --all-tenants', user='admin'),
    Command('nova usage-list', user='admin'),
    Command('nova reset-state --all-tenants --active ev-nova', user='admin'),
    Command('nova migration-list', user='admin'),
    Command('nova hypervisor-list', user='admin'),
    Command('nova service-list', user='admin'),
    Command('nova aggregate-list', user='admin'),
    Command('nova hypervisor-stats', user='admin', refused='2.88',
            reason='novaclient refuses it at its default microversion: Nova 2.88 removed '
                   'the statistics (`--os-compute-api-version 2.87` shows them)'),
    Command('nova flavor-create --is-public false ev-nova-flavor auto 256 1 1', user='admin'),
    Command('nova flavor-key ev-nova-flavor set hw:cpu_policy=shared', user='admin'),
    Command('nova flavor-access-add ev-nova-flavor admin', user='admin'),
    Command('nova flavor-access-list --flavor ev-nova-flavor', user='admin'),
    Command('nova flavor-delete ev-nova-flavor', user='admin'),
    Command('nova delete ev-nova'),
    Command('nova keypair-delete ev-nova-key'),
    Command('openstack server group delete ev-nova-group'),
]

_SERVER = {'image': 'cirros', 'flavor': 'm1.tiny', 'key_name': 'ev-sdk-key',
           'auto_ip': False, 'wait': True, 'timeout': 120}
SDK = [
    Call('create_keypair', ('ev-sdk-key', PUBLIC_KEY)),
    Call('list_keypairs'),
    Call('list_flavors'),
    Call('get_flavor', ('m1.tiny',)),
    Call('list_images'),
    Call('get_image', ('cirros',)),
    Call('list_networks'),
    Call('get_network', ('default',)),
    Call('list_security_groups'),
    Call('create_server', ('ev-sdk',), dict(_SERVER, network='default', meta={'role': 'web'})),
    Call('list_ports', kwargs={'filters': {'device_owner': 'compute:nova'}}),
    Call('list_servers', kwargs={'detailed': True}),
    Call('get_server', ('ev-sdk',)),
    Call('set_server_metadata', ('ev-sdk', {'tier': 'front'})),
    Call('delete_server_metadata', ('ev-sdk', ['tier'])),
    Call('create_image_snapshot', ('ev-sdk-snap', 'ev-sdk'), {'wait': True, 'timeout': 120}),
    Call('delete_image', ('ev-sdk-snap',), {'wait': True}),
    Call('get_compute_limits'),
    Call('list_availability_zone_names'),
    Call('create_server_group', ('ev-sdk-group', ['affinity'])),
    Call('list_server_groups'),
    Call('delete_server_group', ('ev-sdk-group',)),
    Call('list_servers', kwargs={'all_projects': True}, user='admin'),
    Call('list_hypervisors', user='admin'),
    Call('get_project', ('demo',), user='admin', keep='project'),
    Call('get_compute_quotas', (Ref('project', 'id'),), user='admin'),
    Call('set_compute_quotas', (Ref('project', 'id'),), {'instances': 12}, user='admin'),
    Call('delete_compute_quotas', (Ref('project', 'id'),), user='admin'),
    Call('get_compute_usage', (Ref('project', 'id'),), user='admin'),
    Call('create_flavor', ('ev-sdk-flavor', 256, 1, 1), {'is_public': False}, user='admin',
         keep='flavor'),
    Call('set_flavor_specs', (Ref('flavor', 'id'), {'hw:cpu_policy': 'shared'}), user='admin'),
    Call('add_flavor_access', (Ref('flavor', 'id'), Ref('project', 'id')), user='admin'),
    Call('list_flavor_access', (Ref('flavor', 'id'),), user='admin'),
    Call('delete_flavor', ('ev-sdk-flavor',), user='admin'),
    Call('delete_server', ('ev-sdk',), {'wait': True, 'timeout': 120}),
    Call('delete_keypair', ('ev-sdk-key',)),
]

ANSIBLE = [
    Task('keypair', {'name': 'ev-ans-key', 'public_key': PUBLIC_KEY}),
    Task('keypair_info', {'name': 'ev-ans-key'}),
    Task('compute_flavor_info', {'name': 'm1.tiny'}),
    Task('image_info', {'image': 'cirros'}),
    Task('networks_info', {'name': 'default'}),
    Task('server', {'name': 'ev-ans', 'image': 'cirros', 'flavor': 'm1.tiny',
                    'network': 'default', 'security_groups': ['default'],
                    'key_name': 'ev-ans-key', 'auto_ip': False, 'metadata': {'tier': 'front'},
                    'wait': True, 'timeout': 120}),
    Task('server_info', {'name': 'ev-ans'}),
    Task('server_metadata', {'name': 'ev-ans', 'metadata': {'tier': 'front'}}),
    Task('server_action', {'server': 'ev-ans', 'action': 'stop', 'wait': True}),
    Task('server_action', {'server': 'ev-ans', 'action': 'start', 'wait': True}),
    Task('server_group', {'name': 'ev-ans-group', 'policy': 'anti-affinity'}),
    Task('compute_service_info', {'binary': 'nova-compute'}, user='admin'),
    Task('host_aggregate', {'name': 'ev-ans-aggregate', 'availability_zone': 'ev-ans-zone',
                            'hosts': ['arktos-node-1']}, user='admin'),
    Task('compute_flavor', {'name': 'ev-ans-flavor', 'ram': 256, 'vcpus': 1, 'disk': 1,
                            'extra_specs': {'hw:cpu_policy': 'shared'}}, user='admin'),
]

CLIENTS = {'openstack CLI (python-openstackclient)': OPENSTACK,
           'nova CLI (python-novaclient)': NOVA,
           'openstacksdk cloud layer': SDK,
           'Ansible openstack.cloud (playbook run twice)': ANSIBLE}


def markdown() -> str:
    """The README's client coverage table."""
    rows = ['| client | command | here |', '|---|---|---|']
    for client, entries in CLIENTS.items():
        for entry in entries:
            refused = getattr(entry, 'refused', None)
            outcome = f'refused: {entry.reason}' if refused else 'works'
            rows.append(f'| {client} | `{entry.shown}` | {outcome} |')
    return '\n'.join(rows) + '\n'


if __name__ == '__main__':
    sys.stdout.write(markdown())
