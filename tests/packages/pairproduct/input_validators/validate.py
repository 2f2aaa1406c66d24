#!/usr/bin/env python3
"""Input validator of "Best Pair": N (2 <= N <= 10^5) on the first line, then N integers with
absolute values at most 10^9 on one line, separated by single spaces. With the flag `positive`
(group 1): N <= 10 and every number between 1 and 1000. Exit 42 when the input is valid."""
import re
import sys

positive = "positive" in sys.argv[1:]
lines = sys.stdin.read().split("\n")
if len(lines) != 3 or lines[2] != "":
    sys.exit("expected exactly two lines")
if not re.fullmatch(r"[1-9][0-9]*", lines[0]):
    sys.exit(f"bad N: {lines[0]!r}")
n = int(lines[0])
if not 2 <= n <= (10 if positive else 10**5):
    sys.exit(f"N = {n} is out of range")
if not re.fullmatch(r"(0|-?[1-9][0-9]*)( (0|-?[1-9][0-9]*))*", lines[1]):
    sys.exit("the second line is not integers separated by single spaces")
numbers = [int(token) for token in lines[1].split(" ")]
if len(numbers) != n:
    sys.exit(f"{len(numbers)} numbers, N = {n}")
low, high = (1, 1000) if positive else (-(10**9), 10**9)
if not all(low <= value <= high for value in numbers):
    sys.exit(f"a number is outside [{low}, {high}]")
sys.exit(42)
