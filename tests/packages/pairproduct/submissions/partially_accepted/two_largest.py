# Forgets that two negative numbers make a positive product: right on group 1 only (40 points).
input()
numbers = sorted(int(token) for token in input().split())
print(numbers[-1] * numbers[-2])
