# the shell sends itself SIGSEGV (not trapped)
kill -SEGV $$
