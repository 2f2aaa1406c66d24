// Looks for a divisor below n instead of below the square root of n: right, and hopeless on the
// large primes (about 10^10 steps each).
#include <cstdio>

int main() {
    long long n;
    while (std::scanf("%lld", &n) == 1) {
        long long found = 0;
        for (long long d = 2; d < n && found == 0; ++d)
            if (n % d == 0) found = d;
        if (found) std::printf("%lld\n", found);
        else std::puts("prime");
    }
}
