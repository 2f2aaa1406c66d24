#!/usr/bin/env python3
"""Input validator of "Weighing Machine": one line `fixed N T` (1 <= T <= N), `random N SEED` or
`adaptive N SEED` (0 <= SEED < 2^63), with 1 <= N <= 10^6. Exit 42 when the input is valid."""
import re
import sys

match = re.fullmatch(r"(fixed|random|adaptive) ([1-9][0-9]*) (0|[1-9][0-9]*)\n", sys.stdin.read())
if match is None:
    sys.exit("expected one line: fixed|random|adaptive N VALUE")
mode, n, value = match[1], int(match[2]), int(match[3])
if not 1 <= n <= 10**6:
    sys.exit(f"N = {n} is outside [1, 10^6]")
if mode == "fixed" and not 1 <= value <= n:
    sys.exit(f"T = {value} is outside [1, N]")
if value >= 2**63:
    sys.exit("the seed does not fit in 63 bits")
sys.exit(42)
