"""The notice for the public notice board (公示), as a PDF after GB/T 9704.

It reads: the title (…公示), centred in a heavy face; the basis in a paragraph or two; the
list (a table whose header repeats on every page); the period "公示时间：2025年9月26日至
10月11日（7个工作日）"; how to object (phone, mailbox, letter, visiting address and hours)
and the request that objections give real names and facts; the issuing organ and the date
at the bottom right, under room for the seal (盖章). Every page carries the verification
code (核验码) of the content in its footer.
"""

from dataclasses import dataclass, field

from reportlab.platypus import KeepTogether, Spacer, Table

from desktop_app.reports import layout
from desktop_app.reports.dates import DateLike, as_date, chinese_date, period_text
from desktop_app.reports.flowables import title_paragraph
from desktop_app.reports.fonts import document_fonts
from desktop_app.reports.layout import LINE, PageState, make_styles, para
from desktop_app.reports.verification import verification_code

OBJECTION_REQUEST = ("反映问题要实事求是，提倡署真实姓名，并提供具体事实和联系方式，以便调查核实；"
                     "以单位名义反映的，应加盖单位公章。")
PERIOD_LABEL = "公示时间："
OBJECTION_INVITATION = "公示期间，如有异议，可通过以下方式反映："
# channel key → how the line begins, in the order the lines are printed
CHANNEL_LABELS = {
    "phone": "举报电话：",
    "mailbox": "电子邮箱：",
    "letter_address": "来信地址：",
    "address": "来访地址：",
    "hours": "接待时间：",
}
LETTER_NOTE = "（以邮戳日期为准）"
SEAL_SPACE = layout.SEAL_SPACE


@dataclass
class NoticeDocument:
    """Everything a 公示 prints. `code` is computed from the content when not given."""

    title: str
    basis: str | list[str]
    columns: list[str]
    rows: list[list[str]]
    start: DateLike
    end: DateLike
    workdays: int
    channels: dict[str, str] = field(default_factory=dict)
    issuer: str = ""
    issued_on: DateLike | None = None
    request: str = OBJECTION_REQUEST
    code: str | None = None

    @property
    def paragraphs(self) -> list[str]:
        return [self.basis] if isinstance(self.basis, str) else list(self.basis)

    def channel_lines(self) -> list[str]:
        unknown = set(self.channels) - set(CHANNEL_LABELS)
        if unknown:
            raise ValueError(f"未知的反映渠道：{sorted(unknown)}")
        lines = []
        for key, label in CHANNEL_LABELS.items():
            value = (self.channels.get(key) or "").strip()
            if value:
                lines.append(label + value + (LETTER_NOTE if key == "letter_address" else ""))
        return lines

    def period(self) -> str:
        return period_text(self.start, self.end, self.workdays)

    def issued_text(self) -> str:
        return chinese_date(self.issued_on) if self.issued_on else ""

    def printable(self) -> dict:
        """The content the verification code is computed from: the data the notice prints.

        The fixed wording around it (labels, "公示期间…") is left out, so a later version of
        the wording does not change the code of a notice already issued.
        """
        return {
            "title": self.title, "basis": self.paragraphs, "columns": list(self.columns),
            "rows": [[str(cell or "") for cell in row] for row in self.rows],
            "start": as_date(self.start).isoformat(), "end": as_date(self.end).isoformat(),
            "workdays": self.workdays, "request": self.request,
            "channels": {key: value.strip() for key, value in self.channels.items() if (value or "").strip()},
            "issuer": self.issuer,
            "issued_on": as_date(self.issued_on).isoformat() if self.issued_on else "",
        }

    def verification(self) -> str:
        return self.code or verification_code(self.printable())


def notice_fonts(document: NoticeDocument) -> dict[str, str]:
    """The fonts of this notice, each checked against the text it prints."""
    cells = "".join(str(cell or "") for row in document.rows for cell in row)
    body = "".join([*document.paragraphs, cells, PERIOD_LABEL, document.period(), OBJECTION_INVITATION,
                    *document.channel_lines(), document.request, document.issuer, document.issued_text()])
    return document_fonts({"title": document.title, "heading": "".join(document.columns), "body": body,
                           "number": "— 0123456789 —" + layout.code_text(document.verification())})


def notice_story(document: NoticeDocument, fonts: dict[str, str]) -> list:
    """The flowables of a notice, top to bottom."""
    styles = make_styles(fonts)
    story = [title_paragraph(document.title, styles["title"]), Spacer(0, LINE * 0.6)]
    story += [para(text, styles["body"]) for text in document.paragraphs]
    story += [Spacer(0, LINE * 0.3), notice_table(document, styles), Spacer(0, LINE * 0.4)]
    story.append(para(PERIOD_LABEL + document.period(), styles["body"]))
    story.append(para(OBJECTION_INVITATION, styles["body"]))
    story += [para(line, styles["body"]) for line in document.channel_lines()]
    closing = [para(document.request, styles["body"])] if document.request else []
    story.append(KeepTogether(closing + [Spacer(0, SEAL_SPACE), signature_block(document, styles)]))
    return story


def notice_table(document: NoticeDocument, styles) -> Table:
    """The list, its header row repeated on each page; long cells wrap."""
    cell, head = styles["cell"], styles["head_cell"]
    widths = layout.column_widths(document.columns, document.rows, cell, head)
    header = [[para(text, head) for text in document.columns]]
    rows = [[para(text, cell) for text in row] for row in document.rows]
    return layout.grid_table(header, rows, widths, cell.fontName)


def signature_block(document: NoticeDocument, styles) -> Table:
    """Issuer over date at the bottom right (GB/T 9704 7.3.5.1), see `layout.signature_block`."""
    return layout.signature_block(document.issuer, document.issued_text(), styles["signature"])


def build_notice_pdf(document: NoticeDocument, target) -> str:
    """Write the notice to `target` (a path or a binary file object); its verification code."""
    code = document.verification()
    fonts = notice_fonts(document)
    story = notice_story(document, fonts)
    layout.render(story, target, PageState(fonts=fonts, code=code), title=document.title)
    return code

