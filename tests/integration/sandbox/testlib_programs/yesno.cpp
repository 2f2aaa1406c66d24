// One YES or NO, any case, as testlib's stock yesno reads it: written for this judge's tests.
#include "testlib.h"

using namespace std;

int main(int argc, char *argv[]) {
    setName("YES or NO (case insensitive)");
    registerTestlibCmd(argc, argv);

    string expected = upperCase(ans.readWord());
    if (expected != "YES" && expected != "NO")
        quitf(_fail, "YES or NO expected in the answer, but %s found", compress(expected).c_str());
    string found = upperCase(ouf.readWord());
    if (found != "YES" && found != "NO")
        quitf(_pe, "YES or NO expected, but %s found", compress(found).c_str());
    if (expected != found)
        quitf(_wa, "expected %s, found %s", expected.c_str(), found.c_str());
    quitf(_ok, "answer is %s", expected.c_str());
}
