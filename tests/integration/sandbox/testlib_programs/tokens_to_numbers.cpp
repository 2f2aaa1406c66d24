// Reads tokens and converts them with testlib's free helper stringToLongLong, as older Polygon checkers
// do: a token that is not an integer is the contestant's presentation error, a wrong sum a wrong answer.
#include "testlib.h"

using namespace std;

int main(int argc, char *argv[]) {
    registerTestlibCmd(argc, argv);
    long long expected = ans.readLong();
    long long sum = 0;
    int count = 0;
    while (!ouf.seekEof()) {
        string token = ouf.readToken();
        sum += stringToLongLong(ouf, token.c_str());
        count++;
    }
    if (sum != expected)
        quitf(_wa, "the %d numbers sum to %lld, expected %lld", count, sum, expected);
    quitf(_ok, "%d numbers sum to %lld", count, sum);
}
