import heapq

input()
numbers = [int(token) for token in input().split()]
high = heapq.nlargest(2, numbers)
low = heapq.nsmallest(2, numbers)
print(max(high[0] * high[1], low[0] * low[1]))
