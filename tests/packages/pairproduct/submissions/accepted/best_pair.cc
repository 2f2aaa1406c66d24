// The best product is the two largest numbers' or the two smallest numbers' (both negative).
#include <algorithm>
#include <iostream>
#include <vector>

int main() {
    std::ios::sync_with_stdio(false);
    int n;
    std::cin >> n;
    std::vector<long long> a(n);
    for (auto &value : a) std::cin >> value;
    std::sort(a.begin(), a.end());
    std::cout << std::max(a[0] * a[1], a[n - 1] * a[n - 2]) << '\n';
}
