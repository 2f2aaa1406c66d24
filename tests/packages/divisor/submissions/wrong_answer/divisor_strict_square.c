/* Stops at d * d < n instead of d * d <= n: calls the square of a prime (4, 49, ...) prime. */
#include <stdio.h>

int main(void) {
    long long n;
    while (scanf("%lld", &n) == 1) {
        long long found = 0;
        for (long long d = 2; !found && d * d < n; ++d)
            if (n % d == 0) found = d;
        if (found) printf("%lld\n", found);
        else puts("prime");
    }
    return 0;
}
