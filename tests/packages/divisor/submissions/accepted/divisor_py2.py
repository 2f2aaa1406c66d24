#!/usr/bin/env python2
# Python 2 (its shebang says so) is not run by this judge: kept, and skipped with the reason.
import sys

for token in sys.stdin.read().split():
    n = long(token)
    d = 2
    while d * d <= n and n % d:
        d += 1
    print d if d * d <= n else "prime"
