"""The oslo.policy enforcer of the service."""

import threading

from oslo_config import cfg
from oslo_policy import policy as oslo_policy

from translator import exception, policies

_ENFORCER: oslo_policy.Enforcer | None = None
_LOCK = threading.Lock()


def get_enforcer(conf: cfg.ConfigOpts | None = None) -> oslo_policy.Enforcer:
    """The process-wide enforcer, created on first use with the default rules."""
    global _ENFORCER
    with _LOCK:
        if _ENFORCER is None:
            enforcer = oslo_policy.Enforcer(conf or cfg.CONF)
            enforcer.register_defaults(policies.list_rules())
            enforcer.load_rules()
            _ENFORCER = enforcer
    return _ENFORCER


def reset() -> None:
    global _ENFORCER
    with _LOCK:
        _ENFORCER = None


def check_is_admin(context) -> bool:
    """Whether the ``context_is_admin`` rule holds for the caller."""
    return get_enforcer().enforce('context_is_admin', {}, context)


def authorize(context, rule: str, target: dict) -> None:
    try:
        get_enforcer().authorize(rule, target, context, do_raise=True,
                                 exc=exception.PolicyNotAuthorized, action=rule)
    except oslo_policy.InvalidScope as e:
        raise exception.PolicyNotAuthorized(action=rule) from e
