#include <iostream>
#include <vector>

int main() {
    std::vector<char> block(std::size_t{1} << 30, 1);
    std::cout << int(block.back()) << '\n';
}
