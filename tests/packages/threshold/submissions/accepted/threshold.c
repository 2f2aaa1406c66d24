/* Halving search: each weighing halves the thresholds still possible. */
#include <stdio.h>
#include <string.h>

int main(void) {
    long n, allowed;
    if (scanf("%ld %ld", &n, &allowed) != 2) return 1;
    long low = 1, high = n;
    while (low < high) {
        long middle = low + (high - low) / 2;
        char reply[16];
        printf("? %ld\n", middle);
        fflush(stdout);
        if (scanf("%15s", reply) != 1) return 1;
        if (strcmp(reply, "beep") == 0) high = middle;
        else low = middle + 1;
    }
    printf("! %ld\n", low);
    fflush(stdout);
    return 0;
}
