#!/usr/bin/env bash
# Build the one-folder bundle (dist/kaoping/) and check it: Qt platform plugins and the font are
# inside, the CLI answers, and `kaoping selftest` passes headless (offscreen).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/dev.sh setup
.venv/bin/python -m pip install -q -e ".[build]"
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN build_spec/kaoping.spec

BUNDLE=dist/kaoping
for file in PySide6/Qt/plugins/platforms/libqoffscreen.so PySide6/Qt/plugins/platforms/libqxcb.so \
            resources/fonts/wqy-microhei.ttc; do
  if [ ! -f "$BUNDLE/_internal/$file" ]; then
    echo "打包结果缺少文件：_internal/$file" >&2
    exit 1
  fi
done

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export KAOPING_DATA_DIR="$scratch/data"
"$BUNDLE/kaoping" --help >/dev/null
"$BUNDLE/kaoping" demo "$scratch/demo.kpdb" >/dev/null
"$BUNDLE/kaoping" check "$scratch/demo.kpdb" >/dev/null
"$BUNDLE/kaoping" calendar add-workdays 2025-09-26 7 >/dev/null   # the holiday data is inside
"$BUNDLE/kaoping" notice list "$scratch/demo.kpdb" > "$scratch/notices.txt"
notice=$(head -1 "$scratch/notices.txt" | cut -d' ' -f1)
"$BUNDLE/kaoping" notice pdf "$scratch/demo.kpdb" "$notice" "$scratch/公示.pdf" >/dev/null   # reportlab and fonts
test -s "$scratch/公示.pdf"
"$BUNDLE/kaoping" assess "$scratch/demo.kpdb" --year 2025 >/dev/null   # the annual rules engine
"$BUNDLE/kaoping" report county "$scratch/demo.kpdb" --year 2025 "$scratch/汇总.pdf" >/dev/null 2>&1   # charts in a PDF
test -s "$scratch/汇总.pdf"
printf 'kaoping2026\n' > "$scratch/pw.txt"   # argon2 inside the bundle: an administrator, then a login
"$BUNDLE/kaoping" operator init "$scratch/demo.kpdb" --name 管理员 --password-file "$scratch/pw.txt" >/dev/null
"$BUNDLE/kaoping" operator list "$scratch/demo.kpdb" --operator 管理员 --password-file "$scratch/pw.txt" >/dev/null
# SQLCipher inside the bundle: encrypt at rest, then check the encrypted file (its key in the scratch data folder)
"$BUNDLE/kaoping" db encrypt "$scratch/demo.kpdb" --operator 管理员 --password-file "$scratch/pw.txt" >/dev/null
"$BUNDLE/kaoping" check "$scratch/demo.kpdb" | grep -q "加密存放"
QT_QPA_PLATFORM=offscreen "$BUNDLE/kaoping" selftest
du -sh "$BUNDLE"
