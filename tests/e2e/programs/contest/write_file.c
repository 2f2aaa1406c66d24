/* Tries to create a file in its working directory and in /tmp; prints what each open returned. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *try_create(const char *path) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) return errno == EROFS ? "EROFS" : strerror(errno);
    close(fd);
    return "created";
}

int main(void) {
    printf("%s\n", try_create("scratch.txt"));
    printf("%s\n", try_create("/tmp/scratch.txt"));
    return 0;
}
