"""Checks a PNG the way a person glancing at it would: it exists, has the
expected width and height, and is not blank (many distinct colours, drawn
over much of the picture). Standard library only: the IDAT stream is
inflated and each scanline's filter is undone.

usage: png_check.py FILE WIDTH HEIGHT"""
import struct
import sys
import zlib


def chunks(data):
    pos = 8
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        yield kind, data[pos + 8:pos + 8 + n]
        pos += 12 + n


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)


def pixels(data):
    ihdr = next(body for kind, body in chunks(data) if kind == b"IHDR")
    w, h, depth, colour = struct.unpack(">IIBB", ihdr[:10])
    assert depth == 8 and colour in (2, 6), f"unexpected PNG type {depth}/{colour}"
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(b for k, b in chunks(data) if k == b"IDAT"))
    stride = w * bpp
    prev = bytearray(stride)
    rows = []
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            line[i] = (line[i] + (0, a, b, (a + b) // 2, paeth(a, b, c))[f]) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, bpp, rows


def main(path, width, height):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path}: not a PNG"
    w, h, bpp, rows = pixels(data)
    assert (w, h) == (width, height), f"{path}: {w}x{h}, expected {width}x{height}"
    colours = set()
    inked = 0
    for row in rows:
        for i in range(0, len(row), bpp):
            px = row[i:i + 3]
            colours.add(px)
            inked += px != b"\xff\xff\xff"
    frac = inked / (w * h)
    assert len(colours) >= 16, f"{path}: only {len(colours)} colours: blank?"
    assert frac >= 0.02, f"{path}: only {100 * frac:.1f} % of pixels drawn: blank?"
    print(f"{path}: {w}x{h}, {len(colours)} colours, {100 * frac:.1f} % drawn")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
