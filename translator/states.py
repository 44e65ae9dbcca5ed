"""Nova's server states and how a (vm_state, task_state) pair becomes a ``status``.

From nova/api/openstack/common.py ``_STATE_MAP`` (``nova-api.md`` §3).
"""

# vm_state
ACTIVE = 'active'
BUILDING = 'building'
PAUSED = 'paused'
SUSPENDED = 'suspended'
STOPPED = 'stopped'
ERROR = 'error'
DELETED = 'deleted'
RESIZED = 'resized'

# task_state
SCHEDULING = 'scheduling'
SPAWNING = 'spawning'
DELETING = 'deleting'
POWERING_OFF = 'powering-off'
POWERING_ON = 'powering-on'
REBOOTING = 'rebooting'
REBOOTING_HARD = 'rebooting_hard'
IMAGE_SNAPSHOT = 'image_snapshot'
REBUILDING = 'rebuilding'
RESIZE_FINISH = 'resize_finish'
RESIZE_REVERTING = 'resize_reverting'

# OS-EXT-STS:power_state
NOSTATE = 0
RUNNING = 1
POWER_PAUSED = 3
SHUTDOWN = 4
CRASHED = 6
POWER_SUSPENDED = 7

_DEFAULT = 'default'
_STATE_MAP = {
    ACTIVE: {
        _DEFAULT: 'ACTIVE',
        'rebooting': 'REBOOT', 'reboot_pending': 'REBOOT', 'reboot_started': 'REBOOT',
        'rebooting_hard': 'HARD_REBOOT', 'reboot_pending_hard': 'HARD_REBOOT',
        'reboot_started_hard': 'HARD_REBOOT',
        'updating_password': 'PASSWORD',
        'rebuilding': 'REBUILD', 'rebuild_block_device_mapping': 'REBUILD',
        'rebuild_spawning': 'REBUILD',
        'migrating': 'MIGRATING',
        'resize_prep': 'RESIZE', 'resize_migrating': 'RESIZE', 'resize_migrated': 'RESIZE',
        'resize_finish': 'RESIZE',
    },
    BUILDING: {_DEFAULT: 'BUILD'},
    STOPPED: {
        _DEFAULT: 'SHUTOFF',
        'resize_prep': 'RESIZE', 'resize_migrating': 'RESIZE', 'resize_migrated': 'RESIZE',
        'resize_finish': 'RESIZE',
        'rebuilding': 'REBUILD', 'rebuild_block_device_mapping': 'REBUILD',
        'rebuild_spawning': 'REBUILD',
    },
    RESIZED: {_DEFAULT: 'VERIFY_RESIZE', 'resize_reverting': 'REVERT_RESIZE'},
    PAUSED: {_DEFAULT: 'PAUSED', 'migrating': 'MIGRATING'},
    SUSPENDED: {_DEFAULT: 'SUSPENDED'},
    'rescued': {_DEFAULT: 'RESCUE'},
    ERROR: {_DEFAULT: 'ERROR', 'rebuilding': 'REBUILD',
            'rebuild_block_device_mapping': 'REBUILD', 'rebuild_spawning': 'REBUILD'},
    DELETED: {_DEFAULT: 'DELETED'},
    'soft-delete': {_DEFAULT: 'SOFT_DELETED'},
    'shelved': {_DEFAULT: 'SHELVED'},
    'shelved_offloaded': {_DEFAULT: 'SHELVED_OFFLOADED'},
}

ALL_STATUSES = frozenset(
    status for task_map in _STATE_MAP.values() for status in task_map.values()
) | {'UNKNOWN'}


def status_from_state(vm_state: str, task_state: str | None) -> str:
    task_map = _STATE_MAP.get(vm_state, {_DEFAULT: 'UNKNOWN'})
    return task_map.get(task_state, task_map[_DEFAULT])
