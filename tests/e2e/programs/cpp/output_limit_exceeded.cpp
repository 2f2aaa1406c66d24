#include <iostream>

int main() {
    std::ios::sync_with_stdio(false);
    for (;;) std::cout << "flooding the judge with output that nobody asked for\n";
}
