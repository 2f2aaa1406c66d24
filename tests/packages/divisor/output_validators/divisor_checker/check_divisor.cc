// Output validator of "Any Divisor": for each n of the input, the contestant may print any divisor d
// with 1 < d < n; "prime" is right exactly when the answer file says so (it holds the smallest
// divisor, or "prime").
#include <iostream>
#include <string>

#include "judge_io.h"

using judge_io::reject;

namespace {

// A positive decimal integer without sign or leading zeros that fits comfortably in a long long.
bool read_number(const std::string &token, long long &value) {
    if (token.empty() || token.size() > 15 || token[0] == '0') return false;
    for (char c : token) {
        if (c < '0' || c > '9') return false;
    }
    value = std::stoll(token);
    return true;
}

}  // namespace

int main(int argc, char **argv) {
    judge_io::start(argc, argv);
    long long n = 0;
    int line = 0;
    while (judge_io::test_input >> n) {
        ++line;
        std::string smallest, given;
        if (!(judge_io::test_answer >> smallest)) judge_io::jury_failure("the answer file is shorter than the input");
        if (!(std::cin >> given)) reject("line %d: no answer for n = %lld\n", line, n);
        const bool prime = smallest == "prime";
        if (given == "prime") {
            if (!prime) reject("line %d: %lld is not prime, %s divides it\n", line, n, smallest.c_str());
            continue;
        }
        long long divisor = 0;
        if (!read_number(given, divisor)) {
            reject("line %d: expected a divisor of %lld or \"prime\", got \"%.40s\"\n", line, n, given.c_str());
        }
        if (divisor >= n) reject("line %d: %lld is not smaller than n = %lld\n", line, divisor, n);
        if (divisor == 1) reject("line %d: 1 divides everything, a divisor above 1 was asked\n", line);
        if (n % divisor != 0) reject("line %d: %lld does not divide %lld\n", line, divisor, n);
        if (prime) judge_io::jury_failure("a number the answer file calls prime has a divisor");
    }
    std::string extra;
    if (std::cin >> extra) reject("more answers than numbers, starting with \"%.40s\"\n", extra.c_str());
    judge_io::message("all %d numbers answered\n", line);
    judge_io::accept();
}
