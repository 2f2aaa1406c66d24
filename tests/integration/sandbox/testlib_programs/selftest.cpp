// Checks the judge's testlib.h helpers from the inside: patterns (matching and generating), strings, reals,
// and reading from a string-backed stream. Prints "all good" or the first failure.
#include "testlib.h"

using namespace std;

static int failures = 0;

static void check(bool ok, const string &what) {
    if (!ok && failures++ == 0)
        printf("failed: %s\n", what.c_str());
}

int main(int argc, char *argv[]) {
    registerGen(argc, argv, 1);
    struct Case {
        const char *pattern, *text;
        bool matches;
    };
    const Case cases[] = {
        {"(a|ab)*c", "ababac", true},     {"(a|ab)*c", "abbc", false},     {"[^a-z]+", "AB1", true},
        {"[^a-z]+", "Ab", false},         {"a{2,3}", "aa", true},          {"a{2,3}", "aaaa", false},
        {"YES|NO", "NO", true},           {"YES|NO", "YESNO", false},      {"[0-9]+\\.[0-9]{2}", "12.34", true},
        {"[0-9]+\\.[0-9]{2}", "12x34", false}, {"x?", "", true},           {"(a?){3}", "", true},
        {"(a?){3}", "aaaa", false},       {"[a-c-]{2}", "-c", true},       {"[]a]", "]", true},
    };
    for (const Case &c : cases) {
        pattern p(c.pattern);
        check(p.matches(c.text) == c.matches, string("match ") + c.pattern + " " + c.text);
        for (int i = 0; i < 50; i++) {
            string generated = p.next(rnd);
            check(p.matches(generated), string("generated ") + c.pattern + " -> " + generated);
        }
    }
    for (const char *bad : {"[a-", "(ab", "a{3,1}", "*a", "a\\", "[z-a]"}) {
        bool refused = false;
        try {
            pattern p(bad);
        } catch (const invalid_argument &) {
            refused = true;
        }
        check(refused, string("refused ") + bad);
    }

    check(englishEnding(1) == "st" && englishEnding(2) == "nd" && englishEnding(3) == "rd", "1st 2nd 3rd");
    check(englishEnding(11) == "th" && englishEnding(12) == "th" && englishEnding(113) == "th", "11th");
    check(englishEnding(21) == "st" && englishEnding(102) == "nd" && englishEnding(4) == "th", "21st");
    check(format("%d-%s-%.2f", 5, "x", 1.5) == "5-x-1.50", "format");
    check(format("%s", string(2000, 'z').c_str()).size() == 2000, "long format");
    check(vtos(42) == "42" && vtos(-7LL) == "-7" && vtos(string("s")) == "s", "vtos");
    check(upperCase("aBc1") == "ABC1" && lowerCase("AbC") == "abc", "case");
    check(trim("  a b \t\n") == "a b", "trim");
    check(removeDoubleTrailingZeroes("1.500000") == "1.5" && removeDoubleTrailingZeroes("2.000") == "2", "zeroes");
    check(compress(string(100, 'a')).size() < 100 && compress("short") == "short", "compress");
    check(split("a,,b", ',').size() == 3 && tokenize("a,,b", ',').size() == 2, "split");
    vector<int> numbers = {1, 2, 3};
    check(join(numbers) == "1 2 3" && join(numbers, ",") == "1,2,3", "join");
    check(doubleCompare(1.0, 1.0000005, 1e-6) && !doubleCompare(1.0, 1.00001, 1e-6), "absolute");
    check(doubleCompare(1e9, 1e9 + 500, 1e-6) && !doubleCompare(1e9, 1e9 + 5000, 1e-6), "relative");
    check(!doubleCompare(1.0, NAN, 1e-6) && doubleCompare(NAN, NAN, 1e-6), "nan");
    check(fabs(doubleDelta(100.0, 101.0) - 0.01) < 1e-12, "delta");

    InStream loose(ouf, "  12 -3\r\n  word  9223372036854775807\n1.5e3 \n");
    check(loose.readInt() == 12 && loose.readInt(-5, 5, "x") == -3, "loose ints");
    check(loose.seekEoln(), "seekEoln");
    loose.readEoln();
    check(loose.readWord() == "word" && loose.readLong() == LLONG_MAX, "loose word and long");
    check(loose.readDouble() == 1500.0 && loose.seekEof(), "loose double and eof");

    InStream strict(inf, "3 -0\n");
    strict.strict = true;
    check(strict.readInt() == 3, "strict int");
    strict.readSpace();
    check(strict.readToken() == "-0", "strict token");
    strict.readEoln();
    check(strict.eof(), "strict eof");

    vector<int> p = rnd.perm(10, 1);
    sort(p.begin(), p.end());
    check(p.front() == 1 && p.back() == 10 && unique(p.begin(), p.end()) == p.end(), "perm");
    vector<int> parts = rnd.partition(5, 20, 2);
    check(accumulate(parts.begin(), parts.end(), 0) == 20 && *min_element(parts.begin(), parts.end()) >= 2,
          "partition");
    vector<long long> picked = rnd.distinct(5, 1LL, 5LL);
    check(set<long long>(picked.begin(), picked.end()).size() == 5, "distinct");
    for (int i = 0; i < 1000; i++) {
        int x = rnd.next(3, 7);
        double d = rnd.next(2.0, 3.0);
        check(3 <= x && x <= 7 && 2.0 <= d && d < 3.0 && rnd.wnext(10, 3) < 10, "ranges");
    }

    if (failures == 0)
        printf("all good\n");
    return failures == 0 ? 0 : 1;
}
