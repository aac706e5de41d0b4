"""Checks a `saffron report` page the way a browser and a reader would see
it, with the standard library and numpy only:

  report_check.py page REPORT.html [--expect TEXT]... [--min-figures N]
      the HTML is well-formed (every element closed in order, void
      elements excepted), the seven sections are there in order under a
      table of contents without links, nothing is loaded from anywhere (no
      URL, no script, no stylesheet or font link: every src and href is a
      data: URI), every inline PNG decodes and is not blank, every SVG
      figure draws something, and each TEXT appears in the page's text.

  report_check.py screenshot SHOT.png WIDTH HEIGHT
      a browser's screenshot of the page has the window's size, is not
      blank, and is laid out: ink down most of the page, on both halves of
      its width, and figures in colour."""
import base64
import html.parser
import struct
import sys
import zlib

import numpy as np

from png_check import chunks

SECTIONS = ["summary", "provenance", "phantom", "saf", "comparison",
            "precision", "dose"]
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "source", "track", "wbr"}
FORBIDDEN = {"script", "link", "iframe", "object", "embed", "base", "frame"}
DRAWING = {"path", "rect", "image", "circle", "line", "polyline", "text"}


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def decode_png(data):
    """The RGB pixels of an 8-bit RGB or RGBA PNG as an h x w x 3 array."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG signature")
    ihdr = next(body for kind, body in chunks(data) if kind == b"IHDR")
    w, h, depth, colour = struct.unpack(">IIBB", ihdr[:10])
    if depth != 8 or colour not in (2, 6) or ihdr[12] != 0:
        raise ValueError(f"unexpected PNG type {depth}/{colour}")
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(b for k, b in chunks(data) if k == b"IDAT"))
    stride = w * bpp
    if len(raw) != h * (stride + 1):
        raise ValueError("IDAT has the wrong length")
    rows = np.frombuffer(raw, np.uint8).reshape(h, stride + 1)
    out = np.zeros((h, stride), np.uint8)
    prev = np.zeros(stride, np.int64)
    for y in range(h):
        f, line = rows[y, 0], rows[y, 1:].astype(np.int64)
        if f == 0:
            cur = line
        elif f == 1:   # Sub: a running sum per channel
            cur = np.cumsum(line.reshape(w, bpp), axis=0).reshape(-1) & 255
        elif f == 2:   # Up
            cur = (line + prev) & 255
        elif f in (3, 4):  # Average, Paeth: each byte needs the one left
            cur, b_row = line.tolist(), prev.tolist()
            for i in range(stride):
                a = cur[i - bpp] if i >= bpp else 0
                b = b_row[i]
                if f == 3:
                    cur[i] = (cur[i] + (a + b) // 2) & 255
                else:
                    c = b_row[i - bpp] if i >= bpp else 0
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    pr = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                    cur[i] = (cur[i] + pr) & 255
            cur = np.array(cur, np.int64)
        else:
            raise ValueError(f"filter {f}")
        out[y] = cur
        prev = cur
    return out.reshape(h, w, bpp)[:, :, :3]


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors = [], []
        self.sections, self.uris, self.svgs = [], [], []
        self.text, self.toc, self.styles = [], [], []
        self.in_nav = self.in_style = False

    def attrs_check(self, tag, attrs):
        if tag in FORBIDDEN:
            self.errors.append(f"<{tag}> loads or runs something")
        for name, value in attrs:
            value = value or ""
            if name in ("src", "href", "xlink:href", "poster", "srcset",
                        "action", "data", "background"):
                if not value.startswith("data:"):
                    self.errors.append(f"<{tag} {name}={value[:60]!r}> is not "
                                       "inline")
                else:
                    self.uris.append((tag, value))
            if name == "style" or name.startswith("on"):
                self.errors.append(f"<{tag}> has attribute {name}")
            if tag == "meta" and name == "http-equiv":
                self.errors.append("<meta http-equiv>")
        if tag == "section":
            self.sections.append(dict(attrs).get("id"))
        if tag == "svg":
            self.svgs.append(set())
        elif self.svgs and tag in DRAWING:
            d = dict(attrs).get("d", "x")
            if d.strip():
                self.svgs[-1].add(tag)
        if tag == "a":
            self.errors.append("a link (<a>)")

    def handle_starttag(self, tag, attrs):
        self.attrs_check(tag, attrs)
        if tag == "nav":
            self.in_nav = True
        if tag == "style":
            self.in_style = True
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.attrs_check(tag, attrs)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else '-'}> "
                               f"at line {self.getpos()[0]}")
            return
        self.stack.pop()
        if tag == "nav":
            self.in_nav = False
        if tag == "style":
            self.in_style = False

    def handle_data(self, data):
        if self.in_style:
            self.styles.append(data)
        elif self.in_nav:
            if data.strip():
                self.toc.append(data.strip())
        else:
            self.text.append(data)


def not_blank(px, what):
    colours = len(np.unique(px.reshape(-1, 3), axis=0))
    ink = np.any(px < 245, axis=2).mean()
    if colours < 3 or ink < 0.02:
        fail(f"{what}: blank ({colours} colours, {100 * ink:.1f} % inked)")
    return colours, ink


def check_page(path, expects, min_figures):
    raw = open(path, "rb").read()
    try:
        page_text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        fail(f"{path}: not UTF-8 ({e})")
    for scheme in ("http:", "https:", "ftp:", "file:", "//www"):
        if scheme in page_text:
            fail(f"{path}: mentions '{scheme}': an external reference")
    p = Page()
    p.feed(page_text)
    p.close()
    if p.errors:
        fail(f"{path}: " + "; ".join(p.errors[:5]))
    if p.stack:
        fail(f"{path}: elements left open: {p.stack}")
    if p.sections != SECTIONS:
        fail(f"{path}: sections {p.sections}, expected {SECTIONS}")
    if len(p.toc) != len(SECTIONS) + 1 or p.toc[0] != "Contents":
        fail(f"{path}: table of contents {p.toc}")
    style = "".join(p.styles)
    if "url(" in style or "@import" in style or "@font-face" in style:
        fail(f"{path}: the style sheet loads something")
    pictures = 0
    for tag, uri in p.uris:
        head, _, data = uri.partition(",")
        if head != "data:image/png;base64":
            fail(f"{path}: <{tag}> data URI of type {head}")
        try:
            px = decode_png(base64.b64decode(data, validate=True))
        except Exception as e:   # noqa: BLE001 - any decoding failure
            fail(f"{path}: inline PNG {pictures} does not decode: {e}")
        not_blank(px, f"{path}: inline PNG {pictures} ({px.shape[1]}x{px.shape[0]})")
        pictures += 1
    for i, drawn in enumerate(p.svgs):
        if not drawn - {"text"}:
            fail(f"{path}: SVG figure {i} draws nothing")
    figures = len(p.svgs)
    if figures < min_figures:
        fail(f"{path}: {figures} figures, expected at least {min_figures}")
    text = " ".join(" ".join(p.text).split())
    for e in expects:
        if e not in text:
            fail(f"{path}: no '{e}' in the page's text")
    print(f"{path}: well-formed, {len(p.sections)} sections, {figures} SVG "
          f"figures, {pictures} inline PNGs decoded, no external reference, "
          f"{len(raw) / 1024:.1f} kB")


def check_screenshot(path, width, height):
    px = decode_png(open(path, "rb").read()).astype(np.int64)
    h, w = px.shape[:2]
    if (w, h) != (width, height):
        fail(f"{path}: {w}x{h}, expected {width}x{height}")
    flat = px.reshape(-1, 3)
    values, counts = np.unique(flat, axis=0, return_counts=True)
    background = values[np.argmax(counts)]
    ink = np.any(np.abs(px - background) > 24, axis=2)
    colourful = (px.max(axis=2) - px.min(axis=2)) > 60
    rows = ink.any(axis=1).mean()
    left, right = ink[:, : w // 2].mean(), ink[:, w // 2:].mean()
    if ink.mean() < 0.03:
        fail(f"{path}: blank ({100 * ink.mean():.2f} % of pixels drawn)")
    if rows < 0.4:
        fail(f"{path}: ink on only {100 * rows:.0f} % of the rows")
    if left < 0.01 or right < 0.005:
        fail(f"{path}: not laid out across the page (left {100 * left:.1f} %, "
             f"right {100 * right:.1f} %)")
    if colourful.mean() < 0.003:
        fail(f"{path}: no figures in colour ({100 * colourful.mean():.2f} %)")
    print(f"{path}: {w}x{h}, {len(values)} colours, {100 * ink.mean():.1f} % "
          f"drawn, ink on {100 * rows:.0f} % of the rows, "
          f"{100 * colourful.mean():.1f} % in colour")


def main(argv):
    if len(argv) >= 2 and argv[0] == "page":
        expects, min_figures, i = [], 0, 2
        while i < len(argv):
            if argv[i] == "--expect":
                expects.append(argv[i + 1])
            elif argv[i] == "--min-figures":
                min_figures = int(argv[i + 1])
            else:
                fail(f"unknown argument {argv[i]}")
            i += 2
        check_page(argv[1], expects, min_figures)
    elif len(argv) == 4 and argv[0] == "screenshot":
        check_screenshot(argv[1], int(argv[2]), int(argv[3]))
    else:
        print(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main(sys.argv[1:])
