#!/usr/bin/env bash
# Kept for old habits: the browser tests' packages now come from system-packages.sh --test.
exec "$(dirname "$0")/system-packages.sh" --test
