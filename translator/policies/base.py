"""Rules other rules are built from: Nova's project reader/member and admin."""

from oslo_policy import policy

ANY = '@'
ADMIN = 'rule:context_is_admin'
ADMIN_OR_OWNER = 'rule:context_is_admin or user_id:%(user_id)s'
PROJECT_MEMBER_OR_ADMIN = 'rule:project_member_or_admin'
PROJECT_READER_OR_ADMIN = 'rule:project_reader_or_admin'

rules = [
    policy.RuleDefault('context_is_admin', 'role:admin',
                       description='Decides what an administrator is.'),
    policy.RuleDefault(
        'project_member_or_admin',
        'rule:context_is_admin or (role:member and project_id:%(project_id)s)',
        description='A member of the project that owns the resource, or an admin.'),
    policy.RuleDefault(
        'project_reader_or_admin',
        'rule:context_is_admin or (role:reader and project_id:%(project_id)s)',
        description='A reader of the project that owns the resource, or an admin.'),
]


def rule(name: str, check_str: str, description: str, method: str,
         path: str) -> policy.DocumentedRuleDefault:
    """A project-scoped rule of one operation."""
    return policy.DocumentedRuleDefault(
        name=name, check_str=check_str, description=description,
        operations=[{'method': method, 'path': path}], scope_types=['project'])


def list_rules() -> list:
    return rules
