// A testlib validator: n in [1, 100], then n numbers one space apart, a short word and a real with two
// decimals, each on its own line; the input is read strictly (from stdin).
#include "testlib.h"

int main(int argc, char *argv[]) {
    registerValidation(argc, argv);
    int n = inf.readInt(1, 100, "n");
    inf.readEoln();
    inf.readInts(n, -1000, 1000, "a");
    inf.readEoln();
    inf.readToken("[a-z]{1,5}", "s");
    inf.readEoln();
    inf.readStrictDouble(0, 10, 2, 2, "d");
    inf.readEoln();
    inf.readEof();
}
