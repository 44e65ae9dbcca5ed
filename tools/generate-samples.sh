#!/usr/bin/env bash
# Regenerate the committed samples from the code (run after adding or changing an
# option or a policy default; tests/repo/test_samples.py fails while they are stale):
#   etc/translator/translator.conf.sample   oslo-config-generator
#   etc/translator/policy.yaml.sample       oslopolicy-sample-generator
#   doc/source/configuration/reference.rst  tools/generate_config_reference.py
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${VENV_BIN:-.venv/bin}
"$BIN/oslo-config-generator" --config-file etc/translator/translator-config-generator.conf
"$BIN/oslopolicy-sample-generator" --config-file etc/translator/translator-policy-generator.conf
"$BIN/python" tools/generate_config_reference.py doc/source/configuration/reference.rst
echo "Wrote etc/translator/translator.conf.sample, etc/translator/policy.yaml.sample" \
    "and doc/source/configuration/reference.rst"
