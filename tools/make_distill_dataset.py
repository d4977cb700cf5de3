#!/usr/bin/env python3
"""Build data/spirals_train.csv and data/spirals_test.csv, the 2-D dataset of notebook 08.

    /usr/bin/python3 tools/make_distill_dataset.py

Three interleaved spiral arms, one class each: 200 points per class, 600 in all, half of each
class in the training file and half in the test file. Point i of class k (i = 0..199) lies at radius
r = i / 199 and angle t = 4k + 4r + 0.3·z radians, z a standard normal draw, so the arms start
together at the centre (where the classes overlap) and separate outwards. Columns: x1, x2 (the
point, r·sin t and r·cos t, rounded to 4 decimals) and label (0, 1, 2); all numeric, so
`read_csv` loads a file as one [300, 3] tensor.

Python's own `random.Random` (Mersenne Twister, seeded) makes the draws: its sequence for a
given seed is the same in every Python 3 version, so rerunning the script rewrites the same
file byte for byte.
"""

import math
import os
import random

SEED = 2026
PER_CLASS = 200
CLASSES = 3
NOISE = 0.3  # radians of angular noise; the arms overlap near the centre
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data")


def main():
    rng = random.Random(SEED)
    rows = {"train": [], "test": []}
    for k in range(CLASSES):
        points = []
        for i in range(PER_CLASS):
            r = i / (PER_CLASS - 1)
            t = 4 * k + 4 * r + NOISE * rng.gauss(0.0, 1.0)
            points.append((r * math.sin(t), r * math.cos(t)))
        # Half of each class for testing, chosen at random so both halves span the arm.
        test = set(rng.sample(range(PER_CLASS), PER_CLASS // 2))
        for i, (x1, x2) in enumerate(points):
            rows["test" if i in test else "train"].append((x1, x2, k))
    for split, points in rows.items():
        path = os.path.join(DATA, f"spirals_{split}.csv")
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write("x1,x2,label\n")
            for x1, x2, k in points:
                # `+ 0.0` turns a rounded -0.0 into 0.0.
                f.write(f"{round(x1, 4) + 0.0},{round(x2, 4) + 0.0},{k}\n")
        print(f"wrote {len(points)} rows to {os.path.normpath(path)}")


if __name__ == "__main__":
    main()
