#include <iostream>

int main() {
    volatile int *nowhere = nullptr;
    *nowhere = 42;
    std::cout << *nowhere << '\n';
}
