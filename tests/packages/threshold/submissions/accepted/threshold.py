n, allowed = map(int, input().split())
low, high = 1, n
while low < high:
    middle = (low + high) // 2
    print("?", middle, flush=True)
    if input().strip() == "beep":
        high = middle
    else:
        low = middle + 1
print("!", low, flush=True)
