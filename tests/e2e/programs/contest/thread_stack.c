/* Prints the default stack size of a new thread, then recurses `depth` MiB deep on the main thread. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static size_t seen;

static void *report(void *unused) {
    pthread_attr_t attr;
    (void)unused;
    pthread_getattr_np(pthread_self(), &attr);
    pthread_attr_getstacksize(&attr, &seen);
    return NULL;
}

static long deep(long mib) {
    volatile char frame[1 << 20];
    memset((char *)frame, (int)mib, sizeof frame);
    return mib == 0 ? frame[7] : deep(mib - 1) + frame[7];
}

int main(void) {
    long depth = 0;
    pthread_t thread;
    if (scanf("%ld", &depth) != 1) return 2;
    if (pthread_create(&thread, NULL, report, NULL) != 0) return 3;
    pthread_join(thread, NULL);
    printf("%zu\n", seen / 1024);
    printf("%ld\n", deep(depth) >= 0 ? depth : -1);
    return 0;
}
