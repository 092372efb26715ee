#!/usr/bin/env bash
# Build the one-folder bundle (dist/kaoping/) and run its self-test headless.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/dev.sh setup
.venv/bin/python -m pip install -q -e ".[build]"
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN build_spec/kaoping.spec
QT_QPA_PLATFORM=offscreen KAOPING_DATA_DIR="$(mktemp -d)" dist/kaoping/kaoping selftest
du -sh dist/kaoping
