"""The query parameters of the placement reads, checked as Placement checks them (each
from its microversion on; any other is a 400)."""

import uuid

from translator import exception
from translator.placement import views

# The filters of ``GET /resource_providers`` and the microversion each starts at.
PROVIDER_FILTERS = {'name': (1, 0), 'uuid': (1, 0), 'member_of': (1, 3),
                    'resources': (1, 4), 'in_tree': (1, 14), 'required': (1, 18)}
# Those of ``GET /allocation_candidates``.
CANDIDATE_FILTERS = {'resources': (1, 10), 'limit': (1, 16), 'required': (1, 17)}
_RESOURCES_FORM = ('Badly formed resources parameter. Expected resources query string '
                   'parameter in form: ?resources=VCPU:2,MEMORY_MB:1024. Got: {}.')


def _invalid(detail: str) -> exception.Invalid:
    return exception.Invalid(f'Invalid query string parameters: {detail}')


def params(req, allowed: dict) -> dict:
    """The last value of each parameter, 400 for one ``allowed`` does not have at the
    request's microversion."""
    for name in req.GET:
        if name not in allowed or req.version < allowed[name]:
            raise _invalid(f"Additional properties are not allowed ('{name}' was "
                           'unexpected)')
    return {name: req.GET.getall(name)[-1] for name in req.GET}


def limit(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise _invalid(f"'{value}' does not match '^[1-9][0-9]*$'")
    return int(value)


def _uuid(value: str, detail: str) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise _invalid(detail) from None


def member_of(value: str) -> set[str]:
    """The aggregate uuids of ``member_of`` (``uuid`` or ``in:uuid,uuid``)."""
    detail = f"Expected 'member_of' parameter to contain valid UUID(s). Got: {value}"
    items = value[len('in:'):].split(',') if value.startswith('in:') else [value]
    return {_uuid(item, detail) for item in items}


def resources(value: str) -> dict:
    """``VCPU:2,MEMORY_MB:1024`` as amounts by resource class."""
    wanted = {}
    for item in value.split(','):
        rc, sep, amount = item.partition(':')
        if not sep or not rc:
            raise exception.Invalid(_RESOURCES_FORM.format(value))
        if not amount.isdigit() or int(amount) < 1:
            raise exception.Invalid(f'Requested resource {rc} expected positive integer '
                                    f'amount. Got: {amount}.')
        if rc not in views.RESOURCE_CLASSES:
            raise exception.Invalid('Invalid resource class in resources parameter: No such '
                                    f'resource class {rc}.')
        wanted[rc] = int(amount)
    return wanted


def required(value: str) -> set[str]:
    names = set(value.split(','))
    if '' in names:
        raise _invalid("Expected 'required' parameter value of the form: "
                       f'HW_CPU_X86_VMX,CUSTOM_MAGIC. Got: {value}')
    unknown = names - set(views.TRAITS)
    if unknown:
        raise exception.Invalid(f"No such trait(s): {', '.join(sorted(unknown))}")
    return names


def _fits(host, wanted: dict) -> bool:
    """Placement's capacity check: each amount within the unit limits and what is left of
    (total - reserved) * allocation_ratio."""
    inventory, used = views.inventories(host), views.usages(host)
    for rc, amount in wanted.items():
        record = inventory.get(rc)
        if (record is None or not record['min_unit'] <= amount <= record['max_unit']
                or amount % record['step_size']):
            return False
        capacity = (record['total'] - record['reserved']) * record['allocation_ratio']
        if used[rc] + amount > capacity:
            return False
    return True


def provider_filter(filters: dict, aggregates_of):
    """A predicate on hosts from the checked ``filters`` of ``GET /resource_providers``;
    ``aggregates_of(host)`` gives the uuids of a host's aggregates."""
    name = filters.get('name')
    wanted_uuid = (_uuid(filters['uuid'], f"'{filters['uuid']}' is not a 'uuid'")
                   if 'uuid' in filters else None)
    tree = (_uuid(filters['in_tree'], f"'{filters['in_tree']}' is not a 'uuid'")
            if 'in_tree' in filters else None)
    groups = member_of(filters['member_of']) if 'member_of' in filters else None
    wanted = resources(filters['resources']) if 'resources' in filters else {}
    traits = required(filters['required']) if 'required' in filters else set()

    def matches(host) -> bool:
        return ((name is None or host.name == name)
                and (wanted_uuid is None or host.uid == wanted_uuid)
                and (tree is None or host.uid == tree)  # every provider is its own root
                and (groups is None or bool(groups & aggregates_of(host)))
                and traits <= set(views.traits(host))
                and _fits(host, wanted))
    return matches
