"""Problem packages on disk: the zip reader and writer behind application/packages/archive.py, and
the spool that streams uploads to a file."""
