"""Names of the labels and annotations the service puts on Arktos objects.

Everything the service records on an Arktos object lives under ``nova.openstack.org/``:
what Nova shows and Arktos does not know (display name, metadata, flavor…), the task a
server runs, and the labels lists select on.
"""

PREFIX = 'nova.openstack.org/'

# Server pods ------------------------------------------------------------------
LABEL_SERVER = PREFIX + 'server'
LABEL_RESERVATION = PREFIX + 'reservation-id'
# Set while a pod records a task the conductor moves on (removed with the task).
LABEL_TASK = PREFIX + 'task'
SERVER_SELECTOR = f'{LABEL_SERVER}=true'
# Set on the pods of a create until the batch has its min_count (then removed); the
# conductor deletes the pods of a batch still uncommitted after [conductor] batch_timeout.
LABEL_UNCOMMITTED = PREFIX + 'uncommitted'
UNCOMMITTED_SELECTOR = f'{LABEL_SERVER}=true,{LABEL_UNCOMMITTED}=true'
TASK_SELECTOR = f'{LABEL_SERVER}=true,{LABEL_TASK}=true'

ANN_NAME = PREFIX + 'name'
ANN_PROJECT = PREFIX + 'project-id'
ANN_USER = PREFIX + 'user-id'
ANN_FLAVOR = PREFIX + 'flavor'
ANN_IMAGE = PREFIX + 'image-id'
ANN_IMAGE_PROPERTIES = PREFIX + 'image-properties'
ANN_METADATA = PREFIX + 'metadata'
ANN_KEY_NAME = PREFIX + 'key-name'
ANN_AZ = PREFIX + 'availability-zone'
ANN_DESCRIPTION = PREFIX + 'description'
ANN_TAGS = PREFIX + 'tags'
# The server's instance actions (JSON list, the last ones only).
ANN_ACTIONS = PREFIX + 'actions'
ANN_ACCESS_IPV4 = PREFIX + 'access-ipv4'
ANN_ACCESS_IPV6 = PREFIX + 'access-ipv6'
ANN_CONFIG_DRIVE = PREFIX + 'config-drive'
ANN_SECURITY_GROUPS = PREFIX + 'security-groups'
ANN_DISK_CONFIG = PREFIX + 'disk-config'
ANN_HOSTNAME = PREFIX + 'hostname'
ANN_NETWORKS = PREFIX + 'networks'
ANN_NETWORK_LABELS = PREFIX + 'network-labels'
ANN_SCHEDULER_HINTS = PREFIX + 'scheduler-hints'
ANN_LAUNCH_INDEX = PREFIX + 'launch-index'
ANN_MIN_COUNT = PREFIX + 'min-count'
ANN_UPDATED = PREFIX + 'updated-at'
ANN_LOCKED = PREFIX + 'locked'
ANN_LOCKED_REASON = PREFIX + 'locked-reason'
ANN_FAULT = PREFIX + 'fault'
# ``error`` when an admin reset the server's state to error (os-resetState).
ANN_RESET_STATE = PREFIX + 'reset-state'
ANN_RESTARTED = PREFIX + 'restarted-at'

# The task a server runs (``translator.backend.arktos.tasks``).
ANN_TASK_STATE = PREFIX + 'task-state'
ANN_TASK_STARTED = PREFIX + 'task-started-at'
ANN_CYCLE_PHASE = PREFIX + 'power-cycle'
# The image a snapshot task saves.
ANN_TASK_IMAGE = PREFIX + 'task-image-id'
# An in-place resize (``translator.backend.arktos.resize``): the VM's runtime id when the
# resize or revert was asked (the kubelet recreates the VM with a new one), the flavor
# before it (JSON), ``true`` while it waits to be confirmed or reverted, and the server's
# migration records (JSON list); the label selects the servers that have some.
ANN_RESIZE_VM = PREFIX + 'resize-vm-id'
ANN_RESIZE_FROM = PREFIX + 'resize-old-flavor'
ANN_RESIZED = PREFIX + 'resized'
ANN_MIGRATIONS = PREFIX + 'migrations'
LABEL_MIGRATED = PREFIX + 'migrated'
MIGRATED_SELECTOR = f'{LABEL_SERVER}=true,{LABEL_MIGRATED}=true'

# Server groups (ConfigMaps; their members are the pods labelled with the group id) ----
LABEL_SERVER_GROUP = PREFIX + 'server-group'
SERVER_GROUP_SELECTOR = f'{LABEL_SERVER_GROUP}=true'
LABEL_GROUP_MEMBER = PREFIX + 'server-group-member'
# A member's slot of an anti-affinity group with max_server_per_host N (0..N-1): members
# of one slot keep apart, so a host holds at most N.
LABEL_GROUP_SLOT = PREFIX + 'server-group-slot'

# Key pairs (Secrets) -----------------------------------------------------------
LABEL_KEYPAIR = PREFIX + 'keypair'
LABEL_KEYPAIR_USER = PREFIX + 'keypair-user'
ANN_KEYPAIR_NAME = PREFIX + 'keypair-name'
ANN_KEYPAIR_TYPE = PREFIX + 'keypair-type'
ANN_FINGERPRINT = PREFIX + 'fingerprint'

# Quotas -------------------------------------------------------------------------
# The ResourceQuota of a project's namespace: ``spec.hard.pods`` is its instances limit
# (Arktos admission enforces it), the annotation its own limits (JSON; the rest default).
QUOTA_NAME = 'nova-quota'
ANN_QUOTA_LIMITS = PREFIX + 'quota-limits'
# The ConfigMap of a project's creates in flight: one key per reservation id.
RESERVATIONS_NAME = 'nova-quota-reservations'
LABEL_RESERVATIONS = PREFIX + 'quota-reservations'
# The ConfigMap of the quota classes in the catalog namespace: one key per class.
QUOTA_CLASSES_NAME = 'nova-quota-classes'

# Catalog (ConfigMaps of flavors and images) -------------------------------------
LABEL_CATALOG = PREFIX + 'catalog'
