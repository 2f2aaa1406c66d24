// Reals within 1e-6, absolute or relative, as testlib's stock rcmp6 compares: written for this judge's
// tests. Extra output after the numbers is left to testlib's own check (extra information: exit 4).
#include "testlib.h"

using namespace std;

const double EPS = 1E-6;

int main(int argc, char *argv[]) {
    setName("compare two sequences of doubles, max absolute or relative error = %.7f", EPS);
    registerTestlibCmd(argc, argv);

    int numbers = 0;
    while (!ans.seekEof()) {
        numbers++;
        double expected = ans.readDouble();
        double found = ouf.readDouble();
        if (!doubleCompare(expected, found, EPS))
            quitf(_wa, "%d%s numbers differ - expected: '%.7f', found: '%.7f', error = '%.7f'", numbers,
                  englishEnding(numbers).c_str(), expected, found, doubleDelta(expected, found));
    }
    quitf(_ok, "%d numbers", numbers);
}
