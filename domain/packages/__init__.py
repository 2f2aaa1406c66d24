"""Problem packages (the ICPC/Kattis problem package format): jury submissions, what they are expected
to get, how a package's time limit is found, and the verification of an imported package."""
