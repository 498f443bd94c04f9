"""Asks for a link's address (and its text, when there is none selected).

Only web and e-mail links are accepted (:func:`newsroom.text.markdown_dialect.link_url`
decides). A wrong address keeps the dialog open with one message under the
field, so the editor changes nothing until the address is right.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from newsroom.text.markdown_dialect import link_url

ERROR_STYLE = "color: #b3261e;"


class LinkDialog(QDialog):
    """Deletes itself when closed; read the result in a slot on ``accepted``."""

    def __init__(self, text: str = "", url: str = "", *, ask_text: bool = True,
                 can_remove: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("linkDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Link"))
        self.removed = False
        self._url = ""

        self.text_edit = QLineEdit(text, self)
        self.text_edit.setObjectName("linkText")
        self.url_edit = QLineEdit(url, self)
        self.url_edit.setObjectName("linkUrl")
        self.url_edit.setPlaceholderText("https://")
        self.url_edit.setMinimumWidth(360)
        self.url_edit.textEdited.connect(self._hide_error)

        form = QFormLayout()
        if ask_text:
            form.addRow(self.tr("&Text:"), self.text_edit)
        else:
            self.text_edit.hide()
        form.addRow(self.tr("&Address:"), self.url_edit)

        self.error_label = QLabel(self)
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.hide()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.remove_button: QPushButton | None = None
        if can_remove:
            self.remove_button = self.buttons.addButton(
                self.tr("&Remove link"), QDialogButtonBox.ButtonRole.DestructiveRole)
            self.remove_button.clicked.connect(self._remove)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        (self.url_edit if ask_text is False or text else self.text_edit).setFocus()

    @staticmethod
    def bad_url_message() -> str:
        return QCoreApplication.translate(
            "LinkDialog",
            "Enter a full web address starting with http:// or https:// (for example "
            "https://oda.gov.ua/news), or an e-mail link starting with mailto:.")

    def url(self) -> str:
        """The checked address (valid after the dialog was accepted)."""
        return self._url

    def text(self) -> str:
        return self.text_edit.text().strip()

    @Slot()
    def accept(self) -> None:
        url = link_url(self.url_edit.text())
        if url is None:
            self.error_label.setText(self.bad_url_message())
            self.error_label.show()
            self.url_edit.setFocus()
            self.url_edit.selectAll()
            return
        self._url = url
        super().accept()

    @Slot()
    def _remove(self) -> None:
        self.removed = True
        super().accept()

    @Slot()
    def _hide_error(self) -> None:
        self.error_label.hide()
