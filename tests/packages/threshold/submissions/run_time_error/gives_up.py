# Reads the first line, then fails with an exception (exit status 1).
n, allowed = map(int, input().split())
raise RuntimeError(f"no idea how to find a threshold among {n}")
