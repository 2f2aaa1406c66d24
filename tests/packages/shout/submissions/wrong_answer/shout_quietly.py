# Forgets to raise its voice: only the exclamation mark is right.
print(input() + "!")
