// A Kattis output validator in two files: validator input answer feedback_dir < output.
#include "validate.h"

#include <iostream>

int main(int argc, char **argv) {
    if (argc < 4)
        return 1;
    long long expected = 0, found = 0;
    std::ifstream(argv[2]) >> expected;
    if (!(std::cin >> found))
        return verdict(argv[3], "no number in the output", REJECT);
    if (found != expected)
        return verdict(argv[3], "expected " + std::to_string(expected) + ", found " + std::to_string(found),
                       REJECT);
    std::string extra;
    if (std::cin >> extra)
        return verdict(argv[3], "trailing output: " + extra, REJECT);
    return verdict(argv[3], "the number is right", ACCEPT);
}
