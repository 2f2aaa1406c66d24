spins = 0
while True:
    spins += 1
