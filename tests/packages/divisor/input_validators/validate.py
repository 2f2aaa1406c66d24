#!/usr/bin/env python3
"""Input validator of "Any Divisor": 1 to 30 lines, each one integer n with 2 <= n <= 10^10 written
without sign or leading zeros. Exit 42 when the input is valid."""
import re
import sys

NUMBER = re.compile(r"[1-9][0-9]*\n")
lines = sys.stdin.readlines()
if not 1 <= len(lines) <= 30:
    sys.exit(f"{len(lines)} lines, 1 to 30 expected")
for number, line in enumerate(lines, 1):
    if not NUMBER.fullmatch(line):
        sys.exit(f"line {number}: {line!r} is not one positive integer")
    if not 2 <= int(line) <= 10**10:
        sys.exit(f"line {number}: {int(line)} is outside [2, 10^10]")
sys.exit(42)
