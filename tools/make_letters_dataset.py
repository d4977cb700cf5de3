#!/usr/bin/env python3
"""Build the letter-frequency dataset in data/ from texts shipped with Debian and Python.

    /usr/bin/python3 tools/make_letters_dataset.py

data/letters_texts.csv      one row per text: counts of the letters a-z (case folded, other
                            characters ignored), header a..z
data/letters_reference.csv  the pooled counts of every distinct licence text in
                            /usr/share/common-licenses, repeated once per row of
                            letters_texts.csv (the kl command pairs rows)

The texts (row order) are listed in TEXTS below and in data/README.md.
"""

import codecs
import contextlib
import io
import os
import string

with contextlib.redirect_stdout(io.StringIO()):
    import this  # prints the Zen of Python on import; its text is this.s, in rot13

LICENSES = "/usr/share/common-licenses"
TEXTS = [
    ("GPL-3", f"{LICENSES}/GPL-3"),
    ("GPL-2", f"{LICENSES}/GPL-2"),
    ("LGPL-2.1", f"{LICENSES}/LGPL-2.1"),
    ("Apache-2.0", f"{LICENSES}/Apache-2.0"),
    ("MPL-2.0", f"{LICENSES}/MPL-2.0"),
    ("Artistic", f"{LICENSES}/Artistic"),
    ("BSD", f"{LICENSES}/BSD"),
    ("CC0-1.0", f"{LICENSES}/CC0-1.0"),
    ("GFDL-1.3", f"{LICENSES}/GFDL-1.3"),
    ("Zen of Python", None),
]
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data")


def counts(text):
    text = text.lower()
    return [text.count(c) for c in string.ascii_lowercase]


def read(path):
    if path is None:
        return codecs.decode(this.s, "rot13")
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def write(name, rows):
    with open(os.path.join(OUT, name), "w") as f:
        f.write(",".join(string.ascii_lowercase) + "\n")
        for row in rows:
            f.write(",".join(map(str, row)) + "\n")


pool = [0] * 26
for name in sorted(os.listdir(LICENSES)):
    path = os.path.join(LICENSES, name)
    if os.path.islink(path):
        continue  # GPL -> GPL-3 and friends: count each text once
    pool = [a + b for a, b in zip(pool, counts(read(path)))]

write("letters_texts.csv", [counts(read(path)) for _, path in TEXTS])
write("letters_reference.csv", [pool] * len(TEXTS))
print("\n".join(f"row {i}: {name}" for i, (name, _) in enumerate(TEXTS)))
