// Halving search with iostreams: std::endl flushes every line.
#include <iostream>
#include <string>

int main() {
    long long n, allowed;
    std::cin >> n >> allowed;
    long long low = 1, high = n;
    while (low < high) {
        const long long middle = (low + high) / 2;
        std::cout << "? " << middle << std::endl;
        std::string reply;
        if (!(std::cin >> reply)) return 1;
        if (reply == "beep") high = middle;
        else low = middle + 1;
    }
    std::cout << "! " << low << std::endl;
}
