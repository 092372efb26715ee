"""Recognising removable and network media from the mount table."""

from pathlib import Path

import db.media as media

MOUNTS = """/dev/vda1 / ext4 rw 0 0
/dev/sdb1 /media/operator/U盘 vfat rw 0 0
//server/share /mnt/share cifs rw 0 0
/dev/vda2 /home ext4 rw 0 0
"""


def test_media_kind_from_mounts(tmp_path, monkeypatch):
    mounts = tmp_path / "mounts"
    mounts.write_text(MOUNTS, encoding="utf-8")
    monkeypatch.setattr(media, "MOUNTS_FILE", str(mounts))
    kind = media._posix_media_kind  # paths here need not exist, so skip media_kind's resolve()
    assert kind(Path("/media/operator/U盘/乡镇.kpdb")) == "移动存储"
    assert kind(Path("/mnt/share/county.kpdb")) == "网络位置"
    assert kind(Path("/home/operator/office.kpdb")) is None
    assert kind(Path("/var/lib/office.kpdb")) is None


def test_this_machines_temp_dir_is_local(tmp_path):
    assert media.media_kind(tmp_path / "x.kpdb") is None
