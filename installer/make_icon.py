"""Draw the program's icon: a house with a document, in the program's colours.

Run once when the drawing changes (``uv run python installer/make_icon.py``); it writes
``installer/icons/tsj-desk.png`` (256 px, for Linux) and ``tsj-desk.ico`` (16–256 px,
for the Windows build and setup), which are kept in the repository.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen  # noqa: E402

HERE = Path(__file__).resolve().parent / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.scale(size / 256, size / 256)
    # the tile
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#1f5f8b"))
    p.drawRoundedRect(QRectF(8, 8, 240, 240), 44, 44)
    # the house: a roof and walls
    roof = QPainterPath()
    roof.moveTo(QPointF(128, 40))
    roof.lineTo(QPointF(224, 120))
    roof.lineTo(QPointF(32, 120))
    roof.closeSubpath()
    p.setBrush(QColor("#f2b134"))
    p.drawPath(roof)
    p.setBrush(QColor("#ffffff"))
    p.drawRect(QRectF(56, 118, 144, 104))
    # windows of the flats
    p.setBrush(QColor("#1f5f8b"))
    for x in (76, 116, 156):
        for y in (136, 180):
            p.drawRect(QRectF(x, y, 24, 24))
    # a document with lines, over the corner
    p.setBrush(QColor("#ffffff"))
    p.setPen(QPen(QColor("#1f5f8b"), 6))
    p.drawRoundedRect(QRectF(150, 138, 78, 96), 8, 8)
    p.setPen(QPen(QColor("#f2b134"), 8, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    for y in (164, 186, 208):
        p.drawLine(QPointF(166, y), QPointF(212, y))
    p.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data)


def ico_bytes(images: list[QImage]) -> bytes:
    """An .ico holding each image as PNG (read by Windows Vista and later, NSIS, PyInstaller)."""
    payloads = [png_bytes(image) for image in images]
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries = b""
    for image, payload in zip(images, payloads):
        side = image.width() if image.width() < 256 else 0  # 0 means 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(payload), offset)
        offset += len(payload)
    return header + entries + b"".join(payloads)


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    HERE.mkdir(exist_ok=True)
    images = [draw(size) for size in SIZES]
    (HERE / "tsj-desk.png").write_bytes(png_bytes(images[-1]))
    (HERE / "tsj-desk.ico").write_bytes(ico_bytes(images))
    print(HERE / "tsj-desk.png")
    print(HERE / "tsj-desk.ico")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
