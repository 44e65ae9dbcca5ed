"""Write doc/source/configuration/reference.rst from the service's own options.

Run by tools/generate-samples.sh; tests/repo/test_samples.py fails while the
committed file differs from what this writes. The oslo libraries' groups are
documented by the libraries (and listed in etc/translator/translator.conf.sample).
"""

import sys
import textwrap

from translator.conf import opts

HEADER = """\
=======================
Configuration reference
=======================

.. This file is generated from translator/conf/ by tools/generate-samples.sh;
   do not edit it by hand.

The service's own options, group by group, as ``translator.conf`` takes them.
``etc/translator/translator.conf.sample`` lists them together with the options of
the oslo libraries the service uses: ``[keystone_authtoken]``
(keystonemiddleware), logging in ``[DEFAULT]`` (oslo.log), ``[oslo_middleware]``
(``enable_proxy_headers_parsing``, ``max_request_body_size``) and
``[oslo_policy]`` (``policy_file``, ``enforce_scope``, ``enforce_new_defaults``).
"""


def _default(opt) -> str:
    if opt.default is None:
        return '(unset)'
    if isinstance(opt.default, (list, tuple)):
        return ', '.join(str(item) for item in opt.default) or '(empty)'
    if isinstance(opt.default, bool):
        return str(opt.default).lower()
    return str(opt.default) if opt.default != '' else '(empty)'


def render() -> str:
    out = [HEADER]
    for group, options in opts.list_opts():
        title = f'[{group.name}]'
        out += ['', title, '-' * len(title), '']
        if group.help or group.title:
            out += [group.help or group.title, '']
        for opt in options:
            out.append(f'``{opt.dest}``')
            facts = [f'Type: {getattr(opt.type, "type_name", type(opt.type).__name__)}',
                     f'Default: ``{_default(opt)}``']
            choices = getattr(opt.type, 'choices', None)
            if choices:
                facts.append('Choices: ' + ', '.join(f'``{c}``' for c in choices))
            for bound in ('min', 'max'):
                value = getattr(opt.type, bound, None)
                if value is not None:
                    facts.append(f'{bound.capitalize()}: {value}')
            if opt.secret:
                facts.append('Secret: never logged')
            out.append(textwrap.indent('\n'.join(textwrap.wrap(
                ' '.join(opt.help.split()), 79)), '    '))
            out += ['', '    ' + ' | '.join(facts), '']
    return '\n'.join(out).rstrip('\n') + '\n'


def main(argv: list[str]) -> None:
    with open(argv[1], 'w') as stream:
        stream.write(render())


if __name__ == '__main__':
    main(sys.argv)
