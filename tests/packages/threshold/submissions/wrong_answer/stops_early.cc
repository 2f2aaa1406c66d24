// Stops when two thresholds are left and names the smaller one without a last weighing.
#include <cstdio>
#include <cstring>

int main() {
    long long n, allowed;
    if (std::scanf("%lld %lld", &n, &allowed) != 2) return 1;
    long long low = 1, high = n;
    while (high - low > 1) {
        long long middle = (low + high) / 2;
        std::printf("? %lld\n", middle);
        std::fflush(stdout);
        char reply[16];
        if (std::scanf("%15s", reply) != 1) return 1;
        if (std::strcmp(reply, "beep") == 0) high = middle;
        else low = middle + 1;
    }
    std::printf("! %lld\n", low);
    std::fflush(stdout);
}
