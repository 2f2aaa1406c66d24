// Partial credit: the share of the answer's numbers the output has right, as testlib's points (exit 7).
#include "testlib.h"

using namespace std;

int main(int argc, char *argv[]) {
    registerTestlibCmd(argc, argv);
    int total = 0, right = 0;
    while (!ans.seekEof()) {
        total++;
        long long expected = ans.readLong();
        if (!ouf.seekEof() && ouf.readLong() == expected)
            right++;
    }
    if (right == total)
        quitf(_ok, "all %d right", total);
    quitp(double(right) / total, "%d of %d right", right, total);
}
