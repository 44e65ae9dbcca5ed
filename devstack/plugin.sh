#!/bin/bash
# devstack plugin of the translator: a dispatcher only; the work is in lib/translator.
#   enable_plugin translator https://<git host>/arktos-nova-translator

# shellcheck source-path=SCRIPTDIR source=lib/translator
source "$(dirname "${BASH_SOURCE[0]}")/lib/translator"

if is_service_enabled translator-api translator-conductor translator-arktos; then
    if [[ "$1" == "stack" && "$2" == "install" ]]; then
        echo_summary "Installing the translator"
        install_translator
    elif [[ "$1" == "stack" && "$2" == "post-config" ]]; then
        echo_summary "Configuring the translator"
        configure_translator
        create_translator_accounts
    elif [[ "$1" == "stack" && "$2" == "extra" ]]; then
        echo_summary "Starting the translator"
        init_translator
        start_translator
    elif [[ "$1" == "stack" && "$2" == "test-config" ]]; then
        if is_service_enabled tempest; then
            echo_summary "Configuring tempest for the translator"
            configure_tempest_for_translator
        fi
    fi

    if [[ "$1" == "unstack" ]]; then
        stop_translator
    fi

    if [[ "$1" == "clean" ]]; then
        cleanup_translator
    fi
fi
