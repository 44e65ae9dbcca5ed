"""The request context: who calls, for which project, mapped to which Arktos tenant."""

import copy
import re

from oslo_context import context

from translator import exception, policy

_DNS_LABEL = re.compile(r'^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$')


def map_project(template: str, project_id: str, project_name: str | None,
                kind: str) -> str:
    """Apply a tenant/namespace template; the result must be a DNS-1123 label."""
    value = template.format(project_id=project_id,
                            project_name=project_name or project_id).lower()
    if not _DNS_LABEL.match(value) or (kind == 'tenant' and value == 'all'):
        raise exception.InvalidProjectMapping(project_id=project_id, kind=kind, value=value)
    return value


class RequestContext(context.RequestContext):
    """oslo.context's context plus the Arktos tenant and namespace of the project."""

    def __init__(self, *args, arktos_tenant: str | None = None,
                 arktos_namespace: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.arktos_tenant = arktos_tenant
        self.arktos_namespace = arktos_namespace

    def map_project(self, conf) -> None:
        """Set the Arktos tenant and namespace of the project from ``[arktos]
        tenant_template`` and ``namespace_template`` (InvalidProjectMapping, a 400,
        when a result is no DNS-1123 label)."""
        self.arktos_tenant = map_project(conf.arktos.tenant_template, self.project_id,
                                         self.project_name, 'tenant')
        self.arktos_namespace = map_project(conf.arktos.namespace_template,
                                            self.project_id, self.project_name,
                                            'namespace')

    def for_project(self, conf, project_id: str) -> 'RequestContext':
        """The context, or a copy acting on another project (for admins), mapped."""
        if project_id == self.project_id:
            return self
        other = copy.copy(self)
        other.project_id = project_id
        other.project_name = None
        other.map_project(conf)
        return other

    def can(self, rule: str, target: dict | None = None) -> None:
        """Raise PolicyNotAuthorized unless the policy allows ``rule`` on ``target``."""
        if target is None:
            target = {'project_id': self.project_id, 'user_id': self.user_id}
        policy.authorize(self, rule, target)

    def can_quietly(self, rule: str, target: dict | None = None) -> bool:
        """Whether the policy allows ``rule`` (for what a response shows, not whether
        the request may be made)."""
        try:
            self.can(rule, target)
        except exception.PolicyNotAuthorized:
            return False
        return True
