#!/usr/bin/env python3
"""Writes the example label image example.mhd / example.img (20 x 20 x 20
voxels of 5 mm, uint16 little-endian): air (0) around a sphere of soft
tissue (1) holding a 'Liver' sphere (2) and a small bone insert (3).
The label table example.labels sits beside it. Re-run to regenerate."""
import os
import struct

N = 20


def label(i, j, k):
    x, y, z = i - 9.5, j - 9.5, k - 9.5
    r2 = x * x + y * y + z * z
    if r2 <= 9.0:
        return 2
    if 14 <= i <= 15 and 9 <= j <= 10 and 9 <= k <= 10:
        return 3
    return 1 if r2 <= 81.0 else 0


here = os.path.dirname(os.path.abspath(__file__))
data = bytearray()
for k in range(N):          # x fastest, then y, then z
    for j in range(N):
        for i in range(N):
            data += struct.pack("<H", label(i, j, k))
with open(os.path.join(here, "example.img"), "wb") as f:
    f.write(data)
with open(os.path.join(here, "example.mhd"), "w") as f:
    f.write("ObjectType = Image\nNDims = 3\nDimSize = %d %d %d\n"
            "ElementType = MET_USHORT\nElementSpacing = 5 5 5\n"
            "ElementByteOrderMSB = False\nElementDataFile = example.img\n"
            % (N, N, N))
