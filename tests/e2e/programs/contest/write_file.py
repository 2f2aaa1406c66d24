# Tries to create a file in its working directory and in /tmp; prints what each open gave.
import errno


def try_create(path: str) -> str:
    try:
        open(path, "w").close()
    except OSError as error:
        return errno.errorcode.get(error.errno or 0, "?")
    return "created"


print(try_create("scratch.txt"))
print(try_create("/tmp/scratch.txt"))
