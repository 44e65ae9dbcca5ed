"""Validation of the coordination and policy objects: Leases and ResourceQuotas, with
the apiserver's wording."""

from __future__ import annotations

import re

from translator.emulator import quantity
from translator.emulator.errors import invalid, invalid_object
from translator.emulator.validation import (
    check_shape,
    decode_error,
    dns_subdomain_errors,
    name_errors,
)

MICRO_TIME_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:\d\d)$")
LEASE_GROUP = "coordination.k8s.io"


def _lease_decode_error(field, detail):
    return decode_error("Lease", f"v1.Lease.Spec: v1.LeaseSpec.{field}: {detail}")


def validate_lease(lease):
    """coordination.k8s.io/v1 Lease: subdomain name, typed spec, positive duration."""
    spec = lease.get("spec")
    if spec is None:
        spec = lease["spec"] = {}
    if not isinstance(spec, dict):
        raise decode_error("Lease", "v1.Lease.Spec: readObjectStart: expect { or n")
    holder = spec.get("holderIdentity")
    if holder is not None and not isinstance(holder, str):
        raise _lease_decode_error("HolderIdentity", 'ReadString: expects " or n')
    for key in ("leaseDurationSeconds", "leaseTransitions"):
        value = spec.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise _lease_decode_error(key[0].upper() + key[1:], "readUint32: unexpected character")
    for key in ("acquireTime", "renewTime"):
        value = spec.get(key)
        if value is not None and not (isinstance(value, str) and MICRO_TIME_RE.match(value)):
            raise _lease_decode_error(
                key[0].upper() + key[1:],
                f'unmarshalerDecoder: parsing time "{value}" as '
                '"2006-01-02T15:04:05.000000Z07:00"',
            )
    errs = name_errors(lease["metadata"], dns_subdomain_errors)
    duration, transitions = spec.get("leaseDurationSeconds"), spec.get("leaseTransitions")
    if duration is not None and duration <= 0:
        errs.append(invalid("spec.leaseDurationSeconds", duration, "must be greater than 0"))
    if transitions is not None and transitions < 0:
        # Arktos's own wording.
        errs.append(
            invalid("spec.leaseTransitions", transitions, "must to greater or equal than 0")
        )
    if errs:
        raise invalid_object("Lease", lease["metadata"].get("name", ""), errs, LEASE_GROUP)


STANDARD_QUOTA_RESOURCES = frozenset(
    "cpu memory ephemeral-storage requests.cpu requests.memory requests.storage "
    "requests.ephemeral-storage limits.cpu limits.memory limits.ephemeral-storage pods services "
    "replicationcontrollers resourcequotas secrets persistentvolumeclaims configmaps "
    "services.nodeports services.loadbalancers".split()
)
# Standard resource names that are not quota resources.
STANDARD_RESOURCES = STANDARD_QUOTA_RESOURCES | {"storage"}
INTEGER_QUOTA_RESOURCES = frozenset(
    "pods services replicationcontrollers resourcequotas secrets configmaps "
    "persistentvolumeclaims services.nodeports services.loadbalancers".split()
)
QUALIFIED_NAME_RE = re.compile(r"^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")
QUALIFIED_NAME_MSG = (
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end "
    "with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
    "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
)


def _quota_hard_errors(path, values):
    errs = []
    for name, value in values.items():
        field = f"{path}[{name}]"
        prefix, _, local = name.rpartition("/")
        if (
            not QUALIFIED_NAME_RE.match(local)
            or len(local) > 63
            or (prefix and dns_subdomain_errors(prefix))
        ):
            errs.append(invalid(field, name, QUALIFIED_NAME_MSG))
        if not prefix:
            is_hugepages = name.startswith(("hugepages-", "requests.hugepages-"))
            if name not in STANDARD_RESOURCES and not is_hugepages:
                errs.append(
                    invalid(field, name, "must be a standard resource type or fully qualified")
                )
            if name not in STANDARD_QUOTA_RESOURCES and not is_hugepages:
                errs.append(invalid(field, name, "must be a standard resource for quota"))
        amount = quantity.parse(value).value
        if amount < 0:
            errs.append(invalid(field, value, "must be greater than or equal to 0"))
        elif name in INTEGER_QUOTA_RESOURCES and amount.denominator != 1:
            errs.append(invalid(field, value, "must be an integer"))
    return errs


def decode_resource_quota(obj):
    """The decoder's checks of a ResourceQuota: ``spec``/``status`` objects, quantities
    (400); quantities come back canonical, maps in key order as Go writes them."""
    check_shape("ResourceQuota", obj)
    for part, type_name in (("spec", "ResourceQuotaSpec"), ("status", "ResourceQuotaStatus")):
        section = obj.get(part)
        if section is None:
            continue
        if not isinstance(section, dict):
            where = f"v1.ResourceQuota.{part.capitalize()}"
            raise decode_error("ResourceQuota", f"{where}: readObjectStart: expect {{")
        for field in ("hard", "used"):
            values = section.get(field)
            if values is None:
                section.pop(field, None)
                continue
            where = f"v1.ResourceQuota.{part.capitalize()}: v1.{type_name}.{field.capitalize()}"
            if not isinstance(values, dict):
                raise decode_error("ResourceQuota", f"{where}: readObjectStart: expect {{")
            try:
                section[field] = dict(sorted(quantity.normalize_list(values).items()))
            except ValueError as exc:
                detail = f"{where}: unmarshalerDecoder: {exc}"
                raise decode_error("ResourceQuota", detail) from None


def validate_resource_quota(obj):
    """Name, and the resource names and amounts of ``spec.hard`` (and of the status)."""
    errs = name_errors(obj["metadata"], dns_subdomain_errors)
    errs += _quota_hard_errors("spec.hard", (obj.get("spec") or {}).get("hard") or {})
    for field in ("hard", "used"):
        errs += _quota_hard_errors(f"status.{field}", (obj.get("status") or {}).get(field) or {})
    if errs:
        raise invalid_object("ResourceQuota", obj["metadata"].get("name", ""), errs)
