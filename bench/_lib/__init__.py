"""Helpers shared by the benchmarks (a package, so `make bench`'s `bench/*.py` loop never runs it)."""
