print(input().upper() + "!")
