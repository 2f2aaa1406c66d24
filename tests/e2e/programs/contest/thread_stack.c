/* Prints the stack size (KiB) a thread created without an explicit size would get, then recurses
 * `depth` MiB deep on the main thread and prints the depth reached. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static long deep(long mib) {
    volatile char frame[1 << 20];
    memset((char *)frame, (int)mib, sizeof frame);
    return mib == 0 ? frame[7] : deep(mib - 1) + frame[7];
}

int main(void) {
    long depth = 0;
    size_t size = 0;
    pthread_attr_t attr;
    if (scanf("%ld", &depth) != 1) return 2;
    if (pthread_attr_init(&attr) != 0 || pthread_attr_getstacksize(&attr, &size) != 0) return 3;
    printf("%zu\n", size / 1024);
    printf("%ld\n", deep(depth) >= 0 ? depth : -1);
    return 0;
}
