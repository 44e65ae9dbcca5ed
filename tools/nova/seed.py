"""Seed nova's databases for tools/bench_nova.py; run with the nova venv's Python.

    seed.py NOVA_CONF PROJECT_ID USER_ID COUNT IMAGE_REF

Creates Nova's usual public flavors 1-5 (m1.tiny ... m1.xlarge) in the API DB and COUNT
ACTIVE m1.tiny servers of the project in cell1, each with its instance mapping and request
spec, the way a successful boot leaves them (info cache, system metadata, a host).
"""

import sys
import uuid

from nova import config, context, objects
from nova.compute import power_state
from nova.network import model as network_model
from oslo_utils import timeutils

FLAVORS = (('1', 'm1.tiny', 512, 1, 1), ('2', 'm1.small', 2048, 1, 20),
           ('3', 'm1.medium', 4096, 2, 40), ('4', 'm1.large', 8192, 4, 80),
           ('5', 'm1.xlarge', 16384, 8, 160))


def main() -> None:
    conf, project_id, user_id, count, image_ref = sys.argv[1:]
    config.parse_args(['seed', '--config-file', conf])
    objects.register_all()
    admin = context.get_admin_context()
    flavors = []
    for flavorid, name, ram, vcpus, disk in FLAVORS:
        flavor = objects.Flavor(admin, flavorid=flavorid, name=name, memory_mb=ram,
                                vcpus=vcpus, root_gb=disk, ephemeral_gb=0, swap=0,
                                rxtx_factor=1.0, is_public=True, vcpu_weight=0,
                                disabled=False, extra_specs={})
        flavor.create()
        flavors.append(flavor)
    tiny = flavors[0]
    cell = next(c for c in objects.CellMappingList.get_all(admin) if c.name == 'cell1')
    now = timeutils.utcnow()
    with context.target_cell(admin, cell) as cell_context:
        for index in range(1, int(count) + 1):
            server_uuid = str(uuid.uuid4())
            objects.InstanceMapping(admin, instance_uuid=server_uuid, cell_mapping=cell,
                                    project_id=project_id, user_id=user_id,
                                    queued_for_delete=False).create()
            objects.RequestSpec(admin, instance_uuid=server_uuid, project_id=project_id,
                                user_id=user_id, flavor=tiny, num_instances=1,
                                image=objects.ImageMeta.from_dict({'id': image_ref}),
                                availability_zone=None, scheduler_hints={},
                                is_bfv=False).create()
            objects.Instance(
                cell_context, uuid=server_uuid, project_id=project_id, user_id=user_id,
                display_name=f'bench-{index}', hostname=f'bench-{index}',
                image_ref=image_ref, flavor=tiny, instance_type_id=tiny.id,
                memory_mb=tiny.memory_mb, vcpus=tiny.vcpus, root_gb=tiny.root_gb,
                ephemeral_gb=0, vm_state='active', task_state=None,
                power_state=power_state.RUNNING, host='bench-host',
                node='bench-node', compute_id=1, availability_zone='nova',
                launched_at=now, launch_index=0, reservation_id='r-bench',
                key_name=None, metadata={}, system_metadata={'image_base_image_ref':
                                                             image_ref},
                info_cache=objects.InstanceInfoCache(
                    network_info=network_model.NetworkInfo()),
                locked=False, config_drive='').create()


if __name__ == '__main__':
    main()
