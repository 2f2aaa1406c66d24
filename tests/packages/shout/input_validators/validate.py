#!/usr/bin/env python3
"""Input validator of "Shout": one line of 1 to 100 characters, lowercase words separated by single
spaces. Exit 42 when the input is valid."""
import re
import sys

text = sys.stdin.read()
if not re.fullmatch(r"[a-z]+( [a-z]+)*\n", text) or len(text) > 101:
    sys.exit("not one line of lowercase words separated by single spaces, at most 100 characters")
sys.exit(42)
