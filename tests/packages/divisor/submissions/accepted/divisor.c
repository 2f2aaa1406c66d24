/* Trial division by 2 and the odd numbers up to the square root; prints the smallest divisor. */
#include <stdio.h>

int main(void) {
    long long n;
    while (scanf("%lld", &n) == 1) {
        long long found = n % 2 == 0 && n > 2 ? 2 : 0;
        for (long long d = 3; !found && d * d <= n; d += 2)
            if (n % d == 0) found = d;
        if (found) printf("%lld\n", found);
        else puts("prime");
    }
    return 0;
}
