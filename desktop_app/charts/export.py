"""Saving a chart (导出图表): PNG at 200 dpi or SVG, chosen by the file's suffix.

The output is reproducible — the same figure gives the same bytes — because the creation
date and software version are left out of the metadata and SVG ids are salted with a constant.
SVG text is written as outlines (`svg.fonttype` 'path'), so the Chinese reads the same on a
machine without the font (an SVG viewer has no access to our bundled font).
"""

import io
import os
import uuid
from contextlib import contextmanager
from pathlib import Path

from desktop_app.core.errors import ValidationError

PNG_DPI = 200
FORMATS = {".png": "png", ".svg": "svg"}
_SVG_RC = {"svg.fonttype": "path", "svg.hashsalt": "kaoping", "svg.image_inline": True}


def chart_format(path) -> str:
    """'png' or 'svg' by the file's suffix; ValidationError (Chinese) for any other suffix."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        shown = f"「{suffix}」" if suffix else "没有扩展名"
        raise ValidationError({"file": f"图表只能保存为 PNG（.png）或 SVG（.svg）文件，{Path(path).name} {shown}。"})
    return FORMATS[suffix]


def png_bytes(figure, dpi: int = PNG_DPI) -> bytes:
    """The figure as PNG (for PDFs and the clipboard), without time or version in the metadata."""
    stream = io.BytesIO()
    with _laid_out_once(figure, dpi):
        figure.savefig(stream, format="png", dpi=dpi, metadata={"Software": None}, facecolor="white")
    return stream.getvalue()


@contextmanager
def _laid_out_once(figure, dpi: int):
    """Run the figure's constrained layout once, at the resolution of the export, and keep savefig
    from running it twice more (in its pre-draw and its draw): each run measures every text, about
    40 % of exporting a 200-unit chart. The figure gets its layout engine back afterwards, so a
    GUI canvas showing it still lays it out again when resized."""
    engine = figure.get_layout_engine()
    if engine is None or not figure.axes:
        yield
        return
    original = figure.dpi
    try:
        figure.dpi = dpi
        engine.execute(figure)
        figure.set_layout_engine(None)  # None, not "none": savefig pre-draws for any engine
        yield
    finally:
        figure.set_layout_engine(engine)
        figure.dpi = original


def svg_bytes(figure) -> bytes:
    """The figure as SVG with its text drawn as outlines (no font needed to view it)."""
    import matplotlib

    stream = io.BytesIO()
    with matplotlib.rc_context(_SVG_RC):
        figure.savefig(stream, format="svg", metadata={"Date": None, "Creator": None}, facecolor="white")
    return stream.getvalue()


def save_chart(figure, path, *, dpi: int = PNG_DPI) -> Path:
    """Write the figure to `path` as PNG (at `dpi`) or SVG, by its suffix; the path written.

    The file appears whole or not at all: it is written beside the target and renamed over it.
    """
    path = Path(path)
    kind = chart_format(path)
    if not path.parent.is_dir():
        raise ValidationError({"file": f"文件夹不存在：{path.parent}"})
    data = png_bytes(figure, dpi) if kind == "png" else svg_bytes(figure)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        with open(temporary, "xb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return path


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) in pixels read from a PNG's header."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise ValueError("不是 PNG 图片")
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


__all__ = ["PNG_DPI", "FORMATS", "chart_format", "png_bytes", "svg_bytes", "save_chart", "png_size"]
