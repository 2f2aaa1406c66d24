// Prints the largest proper divisor (n over the smallest one): a different answer than the answer
// file's, which the output validator must accept. Candidates 2, 3, then 6k - 1 and 6k + 1.
#include <iostream>

int main() {
    std::ios::sync_with_stdio(false);
    long long n;
    while (std::cin >> n) {
        long long smallest = 0;
        if (n % 2 == 0) smallest = 2;
        else if (n % 3 == 0) smallest = 3;
        for (long long k = 6; smallest == 0 && (k - 1) * (k - 1) <= n; k += 6) {
            if (n % (k - 1) == 0) smallest = k - 1;
            else if (n % (k + 1) == 0 && (k + 1) * (k + 1) <= n) smallest = k + 1;
        }
        if (smallest == 0 || smallest == n) std::cout << "prime\n";
        else std::cout << n / smallest << '\n';
    }
}
