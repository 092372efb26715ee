"""Small flowables the documents share: a heavier title, tick boxes, the start of a form."""

from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph

from desktop_app.reports.fonts import bundled_font_name

TICK = "✓"


class HeavyParagraph(Paragraph):
    """A paragraph drawn filled and stroked, a heavier weight for a face that has no bold.

    Used for a title when the system has no 小标宋 or 黑体 and the bundled font prints it.
    """

    def __init__(self, text, style, stroke: float = 0.45):
        super().__init__(text, style)
        self.stroke = stroke

    def draw(self):
        canvas = self.canv
        canvas.saveState()
        canvas.setLineWidth(self.stroke)
        canvas.addLiteral("2 Tr")  # text render mode: fill, then stroke (stays until restoreState)
        super().draw()
        canvas.restoreState()


def title_paragraph(text: str, style) -> Paragraph:
    """A title in its heavy face; drawn heavier when that face is the bundled (regular) one."""
    markup = escape(text).replace("\n", "<br/>")
    return HeavyParagraph(markup, style) if style.fontName == bundled_font_name() else Paragraph(markup, style)


class Choices(Flowable):
    """Tick boxes in a row, "□好 □较好 □一般 □差", with a tick in the chosen one.

    The boxes are drawn (the bundled font has no ☐/☑); the tick is the character ✓, so the
    text of a filled form reads "✓较好" when copied out of the PDF.
    """

    def __init__(self, options: list[str], chosen: str, font: str, tick_font: str, size: float):
        super().__init__()
        if chosen and chosen not in options:
            raise ValueError(f"“{chosen}”不是可选项：{'、'.join(options)}")
        self.options, self.chosen = list(options), chosen
        self.font, self.tick_font, self.size = font, tick_font, size
        self.box = size * 0.85
        self.gap = size * 0.3
        self.spacing = size * 1.5

    def _label_widths(self) -> list[float]:
        return [stringWidth(option, self.font, self.size) for option in self.options]

    def wrap(self, available_width, available_height):
        widths = self._label_widths()
        self.width = sum(widths) + len(widths) * (self.box + self.gap) + (len(widths) - 1) * self.spacing
        self.height = self.size * 1.25
        return self.width, self.height

    def draw(self):
        canvas, x = self.canv, 0.0
        baseline = self.size * 0.25
        canvas.setLineWidth(0.7)
        for option, width in zip(self.options, self._label_widths(), strict=True):
            canvas.rect(x, baseline - self.size * 0.08, self.box, self.box, stroke=1, fill=0)
            if option == self.chosen:
                canvas.setFont(self.tick_font, self.size)
                canvas.drawCentredString(x + self.box / 2, baseline, TICK)
            canvas.setFont(self.font, self.size)
            canvas.drawString(x + self.box + self.gap, baseline, option)
            x += self.box + self.gap + width + self.spacing


class FormStart(Flowable):
    """Marks where a form begins: page numbers restart, later pages say whose form continues.

    `mark` is printed at the top right of each of the form's pages (a ballot's "第 3 份").
    """

    def __init__(self, state, continued: str, mark: str = ""):
        super().__init__()
        self.state, self.continued, self.mark = state, continued, mark
        self.width = self.height = 0

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self):
        self.state.first_page = self.canv.getPageNumber()
        self.state.continued = self.continued
        self.state.mark = self.mark
