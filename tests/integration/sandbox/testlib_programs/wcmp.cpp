// Token by token, as testlib's stock wcmp compares: written for this judge's tests.
#include "testlib.h"

using namespace std;

int main(int argc, char *argv[]) {
    setName("compare sequences of tokens");
    registerTestlibCmd(argc, argv);

    int tokens = 0;
    string expected, found;
    while (!ans.seekEof() && !ouf.seekEof()) {
        tokens++;
        ans.readWordTo(expected);
        ouf.readWordTo(found);
        if (expected != found)
            quitf(_wa, "%d%s words differ - expected: '%s', found: '%s'", tokens,
                  englishEnding(tokens).c_str(), compress(expected).c_str(), compress(found).c_str());
    }
    if (ans.seekEof() && ouf.seekEof())
        quitf(_ok, "%d token%s", tokens, tokens == 1 ? "" : "s");
    if (ans.seekEof())
        quitf(_wa, "the output has more tokens than the answer's %d", tokens);
    quitf(_wa, "the output ends after %d tokens", tokens);
}
