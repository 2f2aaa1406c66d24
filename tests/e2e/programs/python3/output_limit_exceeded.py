import sys

line = "flooding the judge with output that nobody asked for\n" * 100
while True:
    sys.stdout.write(line)
