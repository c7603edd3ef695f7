#!/usr/bin/python3
"""Writes zfec-vectors.txt: known-answer vectors for the magnus.codec tests.

zfec (Rizzo's Vandermonde Reed-Solomon code, as used by Tahoe-LAFS) is the oracle: every share
in the output is produced by zfec itself, never by a re-implementation.

Run from anywhere with the Debian package python3-zfec installed:

    /usr/bin/python3 src/test/resources/codec/make-vectors.py

Format (one record per line, fields separated by single spaces, bytes as lower-case hex, an
empty byte string written as "-"):

    stripe K N LEN        one stripe of K data blocks of LEN bytes each, followed by
    d HEX                 K lines: data block 0..K-1 (= shares 0..K-1)
    p HEX                 N-K lines: zfec's shares K..N-1

    file K N SEGMENT LEN  a whole file through the segment format, followed by
    f HEX                 the file's bytes
    s HEX                 N lines: fragment 0..N-1

The segment format: the file is cut into SEGMENT-byte segments (the last one shorter); each
segment is zero-padded to a multiple of K and cut into K equal blocks; fragment i is zfec's
share i of every segment, concatenated. An empty file has empty fragments.
"""

import os
import random

import zfec

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "zfec-vectors.txt")

# (k, n) codes and the block sizes each is checked at. Big codes get short blocks to keep the
# resource small; 1-byte blocks are always included.
STRIPES = [
    ((1, 1), [1, 16]),
    ((1, 2), [1, 16]),
    ((2, 2), [1, 9]),
    ((2, 3), [1, 7, 64]),
    ((3, 5), [1, 5, 33, 200]),
    ((4, 4), [1, 13]),
    ((4, 8), [1, 31, 130]),
    ((5, 10), [1, 17, 100, 257]),
    ((6, 9), [1, 50]),
    ((7, 8), [1, 64]),
    ((10, 14), [1, 17, 96, 300]),
    ((12, 20), [1, 40]),
    ((16, 32), [1, 19, 70]),
    ((20, 40), [1, 24]),
    ((32, 64), [1, 12]),
    ((1, 256), [1, 5]),
    ((2, 256), [1, 3]),
    ((100, 256), [1, 6]),
    ((128, 200), [1, 4]),
    ((200, 255), [1, 3]),
    ((255, 256), [1, 4]),
    ((256, 256), [1, 2]),
]

# (k, n, segment size, file lengths)
FILES = [
    (3, 5, 1000, [0, 1, 2, 3, 4, 999, 1000, 1001, 2500]),
    (1, 2, 7, [0, 1, 6, 7, 8, 20]),
    (2, 2, 5, [0, 3, 11]),
    (4, 7, 1, [0, 1, 3]),
    (5, 10, 64, [0, 63, 64, 65, 320, 333]),
    (10, 14, 100, [0, 1, 9, 10, 11, 99, 100, 101, 457]),
]


def hexs(b):
    return b.hex() if b else "-"


def segment_shares(k, n, segment):
    """zfec's n shares of one segment: zero-pad to a multiple of k, cut into k blocks."""
    block = -(-len(segment) // k)
    padded = segment + bytes(block * k - len(segment))
    blocks = [padded[i * block:(i + 1) * block] for i in range(k)]
    return zfec.Encoder(k, n).encode(blocks)


def main():
    rng = random.Random(20240611)
    lines = ["# zfec %s known-answer vectors; written by make-vectors.py, do not edit" % zfec.__version__]
    for (k, n), sizes in STRIPES:
        for size in sizes:
            blocks = [bytes(rng.getrandbits(8) for _ in range(size)) for _ in range(k)]
            shares = zfec.Encoder(k, n).encode(blocks)
            assert [bytes(s) for s in shares[:k]] == blocks, "zfec is not systematic?"
            lines.append("stripe %d %d %d" % (k, n, size))
            lines.extend("d " + hexs(b) for b in blocks)
            lines.extend("p " + hexs(bytes(s)) for s in shares[k:])
    for k, n, segsize, lengths in FILES:
        for length in lengths:
            data = bytes(rng.getrandbits(8) for _ in range(length))
            fragments = [bytearray() for _ in range(n)]
            for start in range(0, length, segsize):
                for i, share in enumerate(segment_shares(k, n, data[start:start + segsize])):
                    fragments[i] += share
            lines.append("file %d %d %d %d" % (k, n, segsize, length))
            lines.append("f " + hexs(data))
            lines.extend("s " + hexs(bytes(f)) for f in fragments)
    with open(OUT, "w") as out:
        out.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
