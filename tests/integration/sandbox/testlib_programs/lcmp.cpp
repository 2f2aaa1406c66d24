// Line by line, each line as its words (spaces between them do not matter), trailing empty lines
// ignored: the stock lcmp's rule, written for this judge's tests.
#include "testlib.h"

using namespace std;

static vector<string> linesOf(InStream &stream) {
    vector<string> lines;
    while (!stream.eof())
        lines.push_back(stream.readLine());
    while (!lines.empty() && trim(lines.back()).empty())
        lines.pop_back();
    return lines;
}

int main(int argc, char *argv[]) {
    setName("compare files as sequences of lines");
    registerTestlibCmd(argc, argv);

    vector<string> expected = linesOf(ans), found = linesOf(ouf);
    for (size_t i = 0; i < expected.size(); i++) {
        int line = int(i) + 1;
        if (i >= found.size())
            quitf(_wa, "the output has %d lines, %d expected", int(found.size()), int(expected.size()));
        if (tokenize(expected[i], " \t") != tokenize(found[i], " \t"))
            quitf(_wa, "%d%s lines differ - expected: '%s', found: '%s'", line, englishEnding(line).c_str(),
                  compress(expected[i]).c_str(), compress(found[i]).c_str());
    }
    if (found.size() > expected.size())
        quitf(_wa, "the output has %d lines, %d expected", int(found.size()), int(expected.size()));
    quitf(_ok, "%d lines", int(expected.size()));
}
