# Weighs 1, 2, 3, ... until the machine beeps: right, but far more weighings than allowed.
n, allowed = map(int, input().split())
weight = 1
while weight < n:
    print("?", weight, flush=True)
    if input().strip() == "beep":
        break
    weight += 1
print("!", weight, flush=True)
