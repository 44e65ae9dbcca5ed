"""The request context: who calls, for which project, mapped to which Arktos tenant."""

from oslo_context import context

from translator import policy


class RequestContext(context.RequestContext):
    """oslo.context's context plus the Arktos tenant and namespace of the project."""

    def __init__(self, *args, arktos_tenant: str | None = None,
                 arktos_namespace: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.arktos_tenant = arktos_tenant
        self.arktos_namespace = arktos_namespace

    def can(self, rule: str, target: dict | None = None) -> None:
        """Raise PolicyNotAuthorized unless the policy allows ``rule`` on ``target``."""
        if target is None:
            target = {'project_id': self.project_id, 'user_id': self.user_id}
        policy.authorize(self, rule, target)
