// A checker that finds the jury's answer broken: FAIL (exit 3), the judge's internal error.
#include "testlib.h"

int main(int argc, char *argv[]) {
    registerTestlibCmd(argc, argv);
    int expected = ans.readInt();
    if (expected < 0)
        quitf(_fail, "the answer %d is negative", expected);
    ouf.readInt();
    quitf(_ok, "fine");
}
