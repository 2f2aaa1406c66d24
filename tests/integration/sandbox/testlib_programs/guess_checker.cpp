// The guessing game's checker: it reads the interactor's output file (the number of queries).
#include <testlib.h>

int main(int argc, char *argv[]) {
    registerTestlibCmd(argc, argv);
    int queries = ouf.readInt(1, 30, "queries");
    if (queries > 25)
        quitf(_wa, "%d queries, at most 25 allowed by the checker", queries);
    quitf(_ok, "%d queries", queries);
}
