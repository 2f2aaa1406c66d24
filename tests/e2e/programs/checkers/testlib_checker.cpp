// A checker speaking the testlib protocol without testlib.h: `checker input output answer`,
// verdict by exit code (0 OK, 1 WA, 2 PE, 3 FAIL, 7 points), message on stderr.
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

int main(int argc, char **argv) {
    if (argc < 4) {
        std::cerr << "usage: checker input output answer";
        return 3;
    }
    std::ifstream input(argv[1]), output(argv[2]), answer(argv[3]);
    std::string label, expected, got;
    if (!(input >> label) || !(answer >> expected)) {
        std::cerr << "cannot read the input or the answer";
        return 3;
    }
    if (!(output >> got)) {
        std::cerr << "test " << label << ": output is empty";
        return 1;
    }
    if (got == expected) {
        std::cerr << "test " << label << ": ok";
        return 0;
    }
    if (got == "half") {
        std::cerr << "points 0.5 half of test " << label;
        return 7;
    }
    if (got == "judge-bug") {
        std::cerr << "test " << label << ": the checker gives up";
        return 3;
    }
    if (got == "badly-formatted") return 2;
    if (got == "crash-the-checker") std::abort();  // killed by SIGABRT: no exit code, no verdict
    std::cerr << "test " << label << ": expected " << expected << ", got " << got;
    return 1;
}
