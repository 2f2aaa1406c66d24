// Sequences of signed 64-bit integers, as testlib's stock ncmp compares: written for this judge's tests.
#include "testlib.h"

using namespace std;

int main(int argc, char *argv[]) {
    setName("compare ordered sequences of signed int%d numbers", 8 * int(sizeof(long long)));
    registerTestlibCmd(argc, argv);

    int numbers = 0;
    string first;
    while (!ans.seekEof()) {
        numbers++;
        long long expected = ans.readLong();
        long long found = ouf.readLong();
        if (numbers == 1)
            first = vtos(found);
        if (expected != found)
            quitf(_wa, "%d%s numbers differ - expected: '%s', found: '%s'", numbers,
                  englishEnding(numbers).c_str(), vtos(expected).c_str(), vtos(found).c_str());
    }
    int extra = 0;
    while (!ouf.seekEof()) {
        ouf.readLong();
        extra++;
    }
    if (extra > 0)
        quitf(_wa, "the output has %d number%s more than the answer", extra, extra == 1 ? "" : "s");
    if (numbers == 1)
        quitf(_ok, "1 number \"%s\"", first.c_str());
    quitf(_ok, "%d numbers", numbers);
}
