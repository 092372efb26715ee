"""Where a database file lives: local disk, or removable / network media.

SQLite files worked on in place on USB sticks or network shares get corrupted (a stick
pulled mid-write, a share without working locks), so 考评台 copies such a file to local
disk first and works on the copy.
"""

import os
import sys
from pathlib import Path

NETWORK_FILESYSTEMS = {"nfs", "nfs4", "cifs", "smbfs", "smb3", "sshfs", "fuse.sshfs", "davfs", "9p", "afs"}
REMOVABLE_MOUNT_PREFIXES = ("/media/", "/run/media/", "/mnt/usb", "/Volumes/")
MOUNTS_FILE = "/proc/self/mounts"


def media_kind(path: str | os.PathLike) -> str | None:
    """'移动存储' or '网络位置' when `path` is on such media, else None (local disk)."""
    resolved = Path(path).resolve()
    if sys.platform == "win32":
        return _windows_media_kind(resolved)
    return _posix_media_kind(resolved)


def _windows_media_kind(path: Path) -> str | None:
    import ctypes

    if str(path).startswith("\\\\"):
        return "网络位置"
    root = path.anchor or str(path)[:3]
    drive_type = ctypes.windll.kernel32.GetDriveTypeW(ctypes.c_wchar_p(root))
    return {2: "移动存储", 4: "网络位置"}.get(drive_type)


def _posix_media_kind(path: Path) -> str | None:
    mount_point, device, fstype = _mount_of(path)
    if fstype in NETWORK_FILESYSTEMS or device.startswith("//"):
        return "网络位置"
    if _block_device_is_removable(device):
        return "移动存储"
    text = str(path) + "/"
    if mount_point != "/" and text.startswith(REMOVABLE_MOUNT_PREFIXES):
        return "移动存储"
    return None


def _mount_of(path: Path) -> tuple[str, str, str]:
    """(mount point, device, filesystem type) of the mount holding `path`."""
    best = ("/", "", "")
    try:
        with open(MOUNTS_FILE, encoding="utf-8") as mounts:
            for line in mounts:
                fields = line.split()
                if len(fields) < 3:
                    continue
                device, mount_point, fstype = fields[0], fields[1].replace("\\040", " "), fields[2]
                inside = str(path) == mount_point or str(path).startswith(mount_point.rstrip("/") + "/")
                if inside and len(mount_point) >= len(best[0]):
                    best = (mount_point, device, fstype)
    except OSError:
        pass
    return best


def _block_device_is_removable(device: str) -> bool:
    if not device.startswith("/dev/"):
        return False
    name = Path(device).resolve().name
    sys_block = Path("/sys/class/block") / name
    for candidate in (sys_block, sys_block.resolve().parent):
        flag = candidate / "removable"
        try:
            if flag.read_text().strip() == "1":
                return True
        except OSError:
            continue
    return False
