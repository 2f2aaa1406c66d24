// Interactor of "Weighing Machine". A threshold T in [1, N] is hidden; the contestant weighs with
// "? w" (the machine beeps when w >= T, else stays quiet) at most Q = ceil(log2 N) times, then
// names T with "! t". The test's input is one line:
//   fixed N T        T is given;
//   random N SEED    T is drawn from SEED;
//   adaptive N SEED  no T is chosen up front: each reply keeps the larger part of the thresholds
//                    still possible (ties drawn from SEED), so only a halving search always wins.
// The answer file is not used.
#include <algorithm>
#include <cstdint>
#include <iostream>
#include <string>

#include "judge_io.h"

using judge_io::jury_failure;
using judge_io::message;
using judge_io::reject;

namespace {

std::uint64_t random_state = 0;

std::uint64_t next_random() {  // splitmix64
    std::uint64_t z = (random_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

int weighings_allowed(long long n) {
    int q = 0;
    while ((1LL << q) < n) ++q;
    return q;
}

}  // namespace

int main(int argc, char **argv) {
    judge_io::start(argc, argv);
    std::string mode;
    long long n = 0, value = 0;
    if (!(judge_io::test_input >> mode >> n >> value) || n < 1 || n > 1000000) jury_failure("bad test input");
    // The thresholds still consistent with every reply given: one from the start unless adaptive.
    long long low = 1, high = n;
    if (mode == "fixed") {
        if (value < 1 || value > n) jury_failure("T is outside [1, N]");
        low = high = value;
    } else if (mode == "random") {
        random_state = static_cast<std::uint64_t>(value);
        low = high = 1 + static_cast<long long>(next_random() % static_cast<std::uint64_t>(n));
    } else if (mode == "adaptive") {
        random_state = static_cast<std::uint64_t>(value);
    } else {
        jury_failure("unknown mode");
    }
    const int allowed = weighings_allowed(n);
    if (low == high) message("N = %lld, T = %lld, %d weighings allowed\n", n, low, allowed);
    else message("N = %lld, T chosen adaptively, %d weighings allowed\n", n, allowed);
    std::cout << n << ' ' << allowed << std::endl;

    for (int used = 0;; ) {
        std::string command;
        long long number = 0;
        if (!(std::cin >> command)) reject("the program ended without naming T\n");
        if (command != "?" && command != "!") reject("expected \"?\" or \"!\", got \"%.40s\"\n", command.c_str());
        if (!(std::cin >> number)) reject("\"%s\" without an integer after it\n", command.c_str());
        if (number < 1 || number > n) reject("%s %lld: outside [1, %lld]\n", command.c_str(), number, n);
        if (command == "!") {
            if (low != high) {
                long long other = number == low ? high : low;
                reject("! %lld after %d weighings: T = %lld fits every reply as well\n", number, used, other);
            }
            if (number != low) reject("! %lld, but T = %lld\n", number, low);
            message("T = %lld found with %d weighings\n", number, used);
            break;
        }
        if (++used > allowed) reject("weighing %d: only %d are allowed\n", used, allowed);
        bool beep;
        if (number < low) beep = false;
        else if (number >= high) beep = true;
        else {
            long long if_beep = number - low + 1, if_quiet = high - number;
            beep = if_beep != if_quiet ? if_beep > if_quiet : (next_random() & 1) != 0;
        }
        if (beep) high = std::min(high, number);
        else low = std::max(low, number + 1);
        std::cout << (beep ? "beep" : "quiet") << std::endl;
    }
    std::string extra;
    if (std::cin >> extra) reject("output after the answer: \"%.40s\"\n", extra.c_str());
    judge_io::accept();
}
