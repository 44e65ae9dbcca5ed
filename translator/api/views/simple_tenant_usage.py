"""Usage reports in Nova's shape: hours of vCPU, RAM and disk per project."""

import collections
import datetime

from translator.backend.models import Server

_NOVA_TIME = '%Y-%m-%dT%H:%M:%S.%f'


def _parsed(value: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(value.replace('Z', '+00:00')).replace(tzinfo=None)


def server_usage(server: Server, start: datetime.datetime,
                 end: datetime.datetime) -> dict | None:
    """One server's usage in ``[start, end]``, None when it did not run in it."""
    launched = _parsed(server.launched_at or server.created)
    began = max(launched, start)
    if began >= end:
        return None
    hours = (end - began).total_seconds() / 3600
    flavor = server.flavor
    return {'instance_id': server.id, 'name': server.name, 'tenant_id': server.project_id,
            'flavor': flavor.name, 'vcpus': flavor.vcpus, 'memory_mb': flavor.ram,
            'local_gb': flavor.disk, 'hours': hours, 'state': server.vm_state,
            'started_at': launched.strftime(_NOVA_TIME), 'ended_at': None,
            'uptime': int((end - launched).total_seconds())}


def by_project(server_usages: list[dict], start: datetime.datetime, end: datetime.datetime,
               detailed: bool) -> list[dict]:
    """One ``tenant_usage`` per project of ``server_usages`` (``server_usage`` results)."""
    usages = collections.defaultdict(list)
    for usage in server_usages:
        usages[usage['tenant_id']].append(usage)
    reports = []
    for project_id, items in sorted(usages.items()):
        report = {
            'tenant_id': project_id,
            'start': start.strftime(_NOVA_TIME), 'stop': end.strftime(_NOVA_TIME),
            'total_hours': sum(item['hours'] for item in items),
            'total_vcpus_usage': sum(item['hours'] * item['vcpus'] for item in items),
            'total_memory_mb_usage': sum(item['hours'] * item['memory_mb'] for item in items),
            'total_local_gb_usage': sum(item['hours'] * item['local_gb'] for item in items),
        }
        if detailed:
            report['server_usages'] = items
        reports.append(report)
    return reports
