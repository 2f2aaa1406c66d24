import sys
from math import isqrt


def smallest_divisor(n: int) -> int | None:
    if n % 2 == 0:
        return 2 if n > 2 else None
    return next((d for d in range(3, isqrt(n) + 1, 2) if n % d == 0), None)


for token in sys.stdin.read().split():
    found = smallest_divisor(int(token))
    print("prime" if found is None else found)
