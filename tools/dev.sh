#!/usr/bin/env bash
# 考评台 development entry point: all set-up, then one task.
#   bash tools/dev.sh demo    set up, then open the app on the demo county database
#   bash tools/dev.sh test    set up, then run the whole test suite headless
# Set-up is idempotent: system libraries Qt needs (apt, as root or with sudo) when missing,
# a local virtual environment .venv with the pinned Python packages.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
VENV="$ROOT/.venv"

say() { printf '[考评台] %s\n' "$*" >&2; }

find_python() {
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      command -v "$candidate"; return 0
    fi
  done
  say "需要 Python 3.11 或更新版本（未找到）。Debian/Ubuntu：sudo apt-get install python3 python3-venv"
  exit 1
}

# soname:debian-package — libraries PySide6 needs headless (offscreen) and on a display (xcb).
HEADLESS_LIBS="libEGL.so.1:libegl1 libGL.so.1:libgl1 libfontconfig.so.1:libfontconfig1 libfreetype.so.6:libfreetype6
libX11.so.6:libx11-6 libxcb.so.1:libxcb1 libglib-2.0.so.0:libglib2.0-0 libxkbcommon.so.0:libxkbcommon0
libdbus-1.so.3:libdbus-1-3 libpng16.so.16:libpng16-16"
DISPLAY_LIBS="libxkbcommon-x11.so.0:libxkbcommon-x11-0 libxcb-cursor.so.0:libxcb-cursor0 libxcb-icccm.so.4:libxcb-icccm4
libxcb-util.so.1:libxcb-util1 libxcb-image.so.0:libxcb-image0 libxcb-keysyms.so.1:libxcb-keysyms1
libxcb-randr.so.0:libxcb-randr0 libxcb-render-util.so.0:libxcb-render-util0 libxcb-shm.so.0:libxcb-shm0
libxcb-sync.so.1:libxcb-sync1 libxcb-xfixes.so.0:libxcb-xfixes0 libxcb-render.so.0:libxcb-render0
libxcb-shape.so.0:libxcb-shape0 libxcb-xkb.so.1:libxcb-xkb1 libX11-xcb.so.1:libx11-xcb1"

missing_packages() {
  # Read the linker cache once: `ldconfig -p | grep -q` can die of SIGPIPE under pipefail
  # and report a library as missing that is there.
  local pair soname package cache
  cache=$(/sbin/ldconfig -p 2>/dev/null || true)
  for pair in $1; do
    soname=${pair%%:*}; package=${pair##*:}
    case "$cache" in *"$soname"*) ;; *) echo "$package" ;; esac
  done
}

apt_install() {
  [ $# -gt 0 ] || return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    say "缺少系统库：$*。本机没有 apt-get，请用系统的软件包管理器安装。"; return 0
  fi
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else say "缺少系统库 $*，需要 root 权限安装。"; exit 1; fi
  fi
  say "安装系统库：$*"
  $sudo apt-get update -qq >/dev/null || true
  local package resolved=()
  for package in "$@"; do
    # Newer Debian/Ubuntu renamed some libraries with a t64 suffix.
    if apt-cache show "$package" >/dev/null 2>&1; then resolved+=("$package");
    elif apt-cache show "${package}t64" >/dev/null 2>&1; then resolved+=("${package}t64");
    else resolved+=("$package"); fi
  done
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${resolved[@]}" >/dev/null
}

setup_system() {
  local wanted
  wanted=$(missing_packages "$HEADLESS_LIBS")
  if [ "${1:-}" = display ]; then wanted="$wanted $(missing_packages "$DISPLAY_LIBS")"; fi
  local python; python=$(find_python)
  # Debian ships the venv module without ensurepip; that lives in python3.X-venv.
  if ! venv_usable && ! "$python" -c 'import ensurepip' >/dev/null 2>&1; then
    local version; version=$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
    if apt-cache show "python${version}-venv" >/dev/null 2>&1; then wanted="$wanted python${version}-venv";
    else wanted="$wanted python3-venv"; fi
  fi
  # shellcheck disable=SC2086
  apt_install $wanted
}

venv_usable() {
  [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -m pip --version >/dev/null 2>&1
}

setup_python() {
  local python stamp_file stamp
  python=$(find_python)
  if ! venv_usable; then
    # A half-made .venv (e.g. venv failed for want of ensurepip) is made again.
    rm -rf "$VENV"
    say "创建虚拟环境 .venv（$("$python" --version)）"
    "$python" -m venv "$VENV"
  fi
  stamp_file="$VENV/.kaoping-installed"
  stamp=$(cat pyproject.toml | sha256sum | cut -d' ' -f1)
  if [ "$(cat "$stamp_file" 2>/dev/null)" != "$stamp" ]; then
    say "安装 Python 依赖（首次需要几分钟）"
    "$VENV/bin/python" -m pip install -q --upgrade pip
    "$VENV/bin/python" -m pip install -q -e ".[test]"
    echo "$stamp" > "$stamp_file"
  fi
}

case "${1:-}" in
  demo)
    setup_system display
    setup_python
    shift
    exec "$VENV/bin/kaoping" gui --demo "$@"
    ;;
  test)
    setup_system
    setup_python
    shift
    export QT_QPA_PLATFORM=offscreen
    exec "$VENV/bin/python" -m pytest "$@"
    ;;
  setup)
    setup_system display
    setup_python
    ;;
  *)
    echo "用法：bash tools/dev.sh demo | test | setup" >&2
    exit 2
    ;;
esac
