// Names T correctly, then aborts: the interactor accepts, the crash still counts.
#include <cstdlib>
#include <iostream>
#include <string>

int main() {
    long long n, allowed;
    std::cin >> n >> allowed;
    long long low = 1, high = n;
    while (low < high) {
        long long middle = (low + high) / 2;
        std::cout << "? " << middle << std::endl;
        std::string reply;
        std::cin >> reply;
        if (reply == "beep") high = middle;
        else low = middle + 1;
    }
    std::cout << "! " << low << std::endl;
    std::abort();
}
