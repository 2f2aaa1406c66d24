"""The ICPC/Kattis problem package format, read without any I/O: `parse_package` turns the list of a
package's files and the contents of its small text files into a problem to create (see `parser.py`).
The first module docstring of each part says what it reads and how it maps it."""
