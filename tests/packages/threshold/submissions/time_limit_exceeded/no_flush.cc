// Never flushes stdout: its first weighing stays in the buffer, the interactor waits for it, and it
// waits for the reply. Neither uses CPU: the deadlock ends at the wall-time limit.
#include <cstdio>
#include <cstring>

int main() {
    long long n, allowed;
    if (std::scanf("%lld %lld", &n, &allowed) != 2) return 1;
    long long low = 1, high = n;
    while (low < high) {
        long long middle = (low + high) / 2;
        std::printf("? %lld\n", middle);
        char reply[16];
        if (std::scanf("%15s", reply) != 1) return 1;
        if (std::strcmp(reply, "beep") == 0) high = middle;
        else low = middle + 1;
    }
    std::printf("! %lld\n", low);
}
