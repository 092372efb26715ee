"""系统设置 → 数据安全: 显示完整证件号和电话 (this session only), 交换文件必须加密, 数据库加密存放 —
a section of the settings page (SettingsPage mixes it in; it uses the page's ctx and window)."""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from db.errors import KaopingError
from desktop_app.core.permissions import may
from desktop_app.gui.errors import show_error
from desktop_app.gui.full_values import FullValuesToggle
from desktop_app.gui.widgets import confirm, note_label
from desktop_app.resources import backups_dir
from desktop_app.transfer import storage_encryption
from desktop_app.transfer.policy import LABEL as ENCRYPTION_LABEL
from desktop_app.transfer.policy import encryption_policy, set_encryption_required


def fact_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class SecuritySection:
    """The 数据安全 group of the settings page."""

    storage_runner = None  # converting the database (加密存放 / 取消加密): tests wait on it

    def _privacy_group(self) -> QGroupBox:
        box = QGroupBox("数据安全")
        self.full_id_numbers = FullValuesToggle(self.ctx, "D", self)
        self.encryption = QCheckBox(f"{ENCRYPTION_LABEL}(&Y)")
        self.encryption.setObjectName("transfer_encryption_required")
        self.encryption.toggled.connect(self.set_encryption_required)
        self.encryption_state = fact_label("transfer_encryption_state")
        layout = QVBoxLayout(box)
        layout.addWidget(self.full_id_numbers)
        layout.addWidget(note_label("默认不勾选：列表、导出的 Excel 和打印的档案中，身份证号只显示前4位和后4位"
                                    "（如 5201**********123X），电话只显示前3位和后4位（如 138****0000）。"
                                    "勾选只在本次使用期间有效、不保存，只有审核员和管理员可以勾选。"))
        layout.addWidget(self.encryption)
        layout.addWidget(self.encryption_state)
        layout.addWidget(note_label("开启时（默认），导出交换文件必须设置口令（AES-256-GCM 加密），U盘丢失也不会泄露数据。"
                                    "保存在本数据库文件中，只有管理员可以更改。"))
        self.storage_state = fact_label("database_encryption_state")
        self.storage_button = QPushButton()
        self.storage_button.setObjectName("database_encryption_button")
        self.storage_button.clicked.connect(self.change_storage)
        storage_row = QHBoxLayout()
        storage_row.addWidget(self.storage_button)
        storage_row.addStretch(1)
        layout.addWidget(self.storage_state)
        layout.addLayout(storage_row)
        layout.addWidget(note_label("开启后，数据库文件和此后的备份用本机的数据库密钥加密（SQLCipher，AES-256），"
                                    "文件被复制走或U盘丢失也读不出内容。密钥在本机数据目录的“密钥”文件夹中："
                                    "丢失密钥就再也打不开数据库，换电脑时须连同“密钥”文件夹一起复制。只有管理员可以开启或取消。"))
        self._show_security()
        self._show_storage()
        return box

    def _show_security(self) -> None:
        """The session's full-values toggle and the encryption policy, as they are now."""
        self.full_id_numbers.sync()
        policy = encryption_policy(self.ctx.reader)
        self.encryption.blockSignals(True)
        self.encryption.setChecked(policy.required)
        self.encryption.blockSignals(False)
        self.encryption.setEnabled(may(self.ctx.operator.role, "修改安全设置"))
        self.encryption_state.setText(policy.description + "。")

    def set_encryption_required(self, required: bool) -> None:
        """交换文件必须加密 on or off, written on the worker (the database's settings, not a record)."""
        db, operator = self.ctx.db, self.ctx.operator

        def failed(error: BaseException) -> None:
            self._show_security()
            show_error(self, error)

        self.ctx.runner.run(lambda: set_encryption_required(db, operator, required), parent=self, undoable=False,
                            on_done=lambda _policy: self._show_security(), on_error=failed)

    def _show_storage(self) -> None:
        """数据库加密存放：已开启 / 未开启, and the button that turns it the other way (管理员 only)."""
        state = storage_encryption.storage_state(self.ctx.db.path)
        key = f"（密钥：{storage_encryption.key_place()}）" if state.encrypted else ""
        self.storage_state.setText(f"数据库加密存放：{'已开启' if state.encrypted else '未开启'}{key}")
        self.storage_button.setText("取消加密(&K)…" if state.encrypted else "加密存放(&K)…")
        allowed = may(self.ctx.operator.role, storage_encryption.ACTION)
        self.storage_button.setEnabled(allowed and storage_encryption.available())
        if not storage_encryption.available():
            self.storage_button.setToolTip("本机安装的考评台不含数据库加密组件（sqlcipher3）")
        elif not allowed:
            self.storage_button.setToolTip(f"只有管理员可以开启或取消数据库加密存放（您的角色是{self.ctx.operator.role}）")
        else:
            self.storage_button.setToolTip("转换期间会暂时关闭数据库，完成后以同一操作员身份重新打开")

    def change_storage(self) -> None:
        """加密存放… / 取消加密…: asked first (the key's place and what losing it means), then converted with
        the database closed (closed_database) and reopened as the same operator."""
        path = Path(self.ctx.db.path)
        try:  # asked before closing the database: the conversion checks again
            storage_encryption.may_convert(path, self.ctx.operator if self.ctx.account else None)
        except KaopingError as error:
            show_error(self, error)
            return
        encrypt = not storage_encryption.storage_state(path).encrypted
        title, text, action = confirm_texts(encrypt)
        if not confirm(self, title, text, action=action):
            return
        window = self.window()
        if hasattr(window, "switch_database"):
            self.storage_runner = convert_storage(window, encrypt)


# -- 数据库加密存放 ---------------------------------------------------------------------------------
def confirm_texts(encrypt: bool) -> tuple[str, str, str]:
    """The question before 加密存放 / 取消加密: (title, text, the button's word)."""
    if encrypt:
        return ("加密存放数据库", "用本机的数据库密钥加密存放数据库文件吗？\n\n"
                f"· {storage_encryption.key_warning()}\n"
                f"· {storage_encryption.BACKUPS_AFTER_ENCRYPT}\n\n"
                "转换期间会暂时关闭数据库，完成后以同一操作员身份重新打开，请稍候。", "加密存放")
    return ("取消加密", "取消加密，把数据库文件恢复为普通文件吗？\n\n"
            "· 取消后，拿到数据库文件的人不需要密钥就能读取其中的全部数据。\n"
            f"· {storage_encryption.BACKUPS_AFTER_DECRYPT}\n\n"
            "转换期间会暂时关闭数据库，完成后以同一操作员身份重新打开，请稍候。", "取消加密")


def convert_storage(window, encrypt: bool):
    """Encrypt (or decrypt) the window's database with it closed, reopen it, show 系统设置 again and the
    outcome in the status bar. Returns the runner doing it (tests wait on it)."""
    from desktop_app.gui.closed_database import with_database_closed

    def convert(path, by):
        if encrypt:
            return storage_encryption.encrypt_at_rest(path, by, backups_dir())
        return storage_encryption.decrypt_at_rest(path, by)

    def finished(result, error: BaseException | None) -> None:
        window.show_page("settings")
        if error is not None:
            show_error(window, error)
            return
        checked = f"{result.tables} 张表、{result.rows} 条记录已核对"
        backups = f"，“备份”文件夹中的 {result.backups} 份旧备份也已加密" if encrypt and result.backups else ""
        text = (f"数据库已加密存放（{checked}{backups}）。" if encrypt
                else f"已取消加密：数据库现在是普通文件（{checked}）。")
        window.statusBar().showMessage(text, 15000)

    return with_database_closed(window, convert, busy="正在加密数据库，请稍候…" if encrypt else "正在取消加密，请稍候…",
                                title="加密存放" if encrypt else "取消加密", finished=finished)


__all__ = ["SecuritySection", "fact_label", "confirm_texts", "convert_storage"]
