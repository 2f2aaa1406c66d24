# Tries every d from 2 up, odd or even: correct, about twice the work of accepted/divisor.py.
import sys

for token in sys.stdin.read().split():
    n = int(token)
    d = 2
    while d * d <= n and n % d != 0:
        d += 1
    print(d if d * d <= n else "prime")
