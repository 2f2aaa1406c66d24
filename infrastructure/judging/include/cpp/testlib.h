/*
 * testlib.h - the judge's own implementation of testlib's public interface.
 *
 * Checkers, interactors, validators and generators written for testlib (the interface of its release
 * 0.9.41) compile against this header unchanged: registerTestlibCmd, registerInteraction,
 * registerValidation, registerGen; the streams inf, ouf, ans and tout; readInt, readLong, readDouble,
 * readToken, readWord, readLine, readEoln, readEof, seekEof and the rest; quit, quitf, quitp with _ok,
 * _wa, _pe, _fail, _dirt, _points, _unexpected_eof and _pc(n); ensure and ensuref; the string helpers
 * (format, vtos, upperCase, englishEnding, compress, ...); doubleCompare; patterns; the random_t rnd.
 *
 * It is an independent implementation written for this judge, not a copy of testlib: only the names,
 * signatures, exit codes and reading rules that programs rely on follow testlib. Known differences: the
 * numbers rnd produces differ from testlib's for the same seed (generated tests differ from Polygon's),
 * and messages are worded by this header.
 *
 * How the judge calls the programs (as testlib expects):
 *   checker     input output answer [result-file [-appes]]
 *   interactor  input output [answer [result-file [-appes]]]   (stdin: the program, stdout: to it)
 *   validator   < input [--testset name] [--group name]
 * The verdict is the exit code: 0 ok, 1 wrong answer, 2 presentation error, 3 fail (the jury's fault),
 * 4 extra output (dirt), 7 points ("points X message" on stderr), 8 unexpected end of file, 50 + n for
 * _pc(n). The message goes to stderr, and to the result file when one is given.
 *
 * Copyright (c) the authors of this judge.
 * Licensed under the MIT licence, as the rest of this project:
 *
 * Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
 * associated documentation files (the "Software"), to deal in the Software without restriction,
 * including without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense,
 * and/or sell copies of the Software, and to permit persons to whom the Software is furnished to do so,
 * subject to the following conditions:
 *
 * The above copyright notice and this permission notice shall be included in all copies or substantial
 * portions of the Software.
 *
 * THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT
 * LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN
 * NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY,
 * WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE
 * SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
 */

#ifndef JUDGE_TESTLIB_H
#define JUDGE_TESTLIB_H

#define VERSION "0.9.41"
#define JUDGE_TESTLIB_IMPLEMENTATION 1

/* testlib makes these available to the programs that include it; many rely on it. */
#include <algorithm>
#include <bitset>
#include <cassert>
#include <cctype>
#include <cerrno>
#include <cfloat>
#include <climits>
#include <cmath>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <deque>
#include <fstream>
#include <functional>
#include <iomanip>
#include <iostream>
#include <iterator>
#include <limits>
#include <list>
#include <map>
#include <numeric>
#include <queue>
#include <set>
#include <sstream>
#include <stack>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

/* ---------------------------------------------------------------------------------------------------
 * Exit codes and results
 * ------------------------------------------------------------------------------------------------- */

#ifndef OK_EXIT_CODE
#define OK_EXIT_CODE 0
#endif
#ifndef WA_EXIT_CODE
#define WA_EXIT_CODE 1
#endif
#ifndef PE_EXIT_CODE
#define PE_EXIT_CODE 2
#endif
#ifndef FAIL_EXIT_CODE
#define FAIL_EXIT_CODE 3
#endif
#ifndef DIRT_EXIT_CODE
#define DIRT_EXIT_CODE 4
#endif
#ifndef POINTS_EXIT_CODE
#define POINTS_EXIT_CODE 7
#endif
#ifndef UNEXPECTED_EOF_EXIT_CODE
#define UNEXPECTED_EOF_EXIT_CODE 8
#endif
#ifndef PC_BASE_EXIT_CODE
#define PC_BASE_EXIT_CODE 50
#endif

#define LF ((char)10)
#define CR ((char)13)
#define TAB ((char)9)
#define SPACE ((char)' ')
#define EOFC (255)

enum TResult {
    _ok = 0,
    _wa = 1,
    _pe = 2,
    _fail = 3,
    _dirt = 4,
    _points = 5,
    _unexpected_eof = 8,
    _partially = 16
};

#define _pc(exitCode) (TResult(_partially + (exitCode)))

enum TTestlibMode { _unknown, _checker, _validator, _generator, _interactor, _scorer };

enum TMode { _input, _output, _answer };

#if defined(__GNUC__) || defined(__clang__)
#define JUDGE_TESTLIB_NORETURN __attribute__((noreturn))
#define JUDGE_TESTLIB_PRINTF(format_index, first_arg) \
    __attribute__((format(printf, format_index, first_arg)))
#else
#define JUDGE_TESTLIB_NORETURN
#define JUDGE_TESTLIB_PRINTF(format_index, first_arg)
#endif
#define NORETURN JUDGE_TESTLIB_NORETURN

TTestlibMode testlibMode = _unknown;

/* ---------------------------------------------------------------------------------------------------
 * Strings
 * ------------------------------------------------------------------------------------------------- */

namespace judge_testlib {

inline std::string vformat(const char *fmt, va_list args) {
    if (fmt == NULL)
        return std::string();
    va_list copy;
    va_copy(copy, args);
    char small[512];
    int needed = std::vsnprintf(small, sizeof small, fmt, copy);
    va_end(copy);
    if (needed < 0)
        return std::string(fmt);
    if (static_cast<size_t>(needed) < sizeof small)
        return std::string(small, static_cast<size_t>(needed));
    std::vector<char> big(static_cast<size_t>(needed) + 1);
    std::vsnprintf(&big[0], big.size(), fmt, args);
    return std::string(&big[0], static_cast<size_t>(needed));
}

inline bool isBlank(int c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

}  // namespace judge_testlib

inline std::string format(const char *fmt, ...) JUDGE_TESTLIB_PRINTF(1, 2);
inline std::string format(const char *fmt, ...) {
    va_list args;
    va_start(args, fmt);
    std::string result = judge_testlib::vformat(fmt, args);
    va_end(args);
    return result;
}

template <typename T>
std::string vtos(const T &value) {
    std::ostringstream out;
    out << value;
    return out.str();
}

inline std::string vtos(double value) {
    std::ostringstream out;
    out << std::setprecision(15) << value;
    return out.str();
}

inline std::string vtos(long double value) {
    std::ostringstream out;
    out << std::setprecision(18) << value;
    return out.str();
}

template <typename T>
std::string toString(const T &value) {
    return vtos(value);
}

inline std::string upperCase(std::string s) {
    for (size_t i = 0; i < s.size(); i++)
        s[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[i])));
    return s;
}

inline std::string lowerCase(std::string s) {
    for (size_t i = 0; i < s.size(); i++)
        s[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[i])));
    return s;
}

inline std::string trim(const std::string &s) {
    size_t first = 0, last = s.size();
    while (first < last && judge_testlib::isBlank(static_cast<unsigned char>(s[first])))
        first++;
    while (last > first && judge_testlib::isBlank(static_cast<unsigned char>(s[last - 1])))
        last--;
    return s.substr(first, last - first);
}

/* A long text shortened for a message: its head, "...", its tail. */
inline std::string compress(const std::string &s) {
    const size_t keep = 64;
    if (s.size() <= keep)
        return s;
    return s.substr(0, 30) + "..." + s.substr(s.size() - 31);
}

/* "st", "nd", "rd" or "th": 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, ... */
inline std::string englishEnding(int x) {
    x = x < 0 ? -(x % 100) : x % 100;
    if (x / 10 == 1)
        return "th";
    switch (x % 10) {
        case 1:
            return "st";
        case 2:
            return "nd";
        case 3:
            return "rd";
        default:
            return "th";
    }
}

inline std::string removeDoubleTrailingZeroes(std::string value) {
    if (value.find('.') == std::string::npos || value.find_first_of("eE") != std::string::npos)
        return value;
    while (!value.empty() && value[value.size() - 1] == '0')
        value.erase(value.size() - 1);
    if (!value.empty() && value[value.size() - 1] == '.')
        value.erase(value.size() - 1);
    return value.empty() || value == "-" ? "0" : value;
}

inline bool startsWith(const std::string &s, const std::string &prefix) {
    return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

inline bool endsWith(const std::string &s, const std::string &suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/* Every piece between separators, empty ones included. */
inline std::vector<std::string> split(const std::string &s, const std::string &separators) {
    std::vector<std::string> pieces(1);
    for (size_t i = 0; i < s.size(); i++) {
        if (separators.find(s[i]) != std::string::npos)
            pieces.push_back(std::string());
        else
            pieces.back() += s[i];
    }
    return pieces;
}

inline std::vector<std::string> split(const std::string &s, char separator) {
    return split(s, std::string(1, separator));
}

/* The non-empty pieces between separators. */
inline std::vector<std::string> tokenize(const std::string &s, const std::string &separators) {
    std::vector<std::string> pieces = split(s, separators), tokens;
    for (size_t i = 0; i < pieces.size(); i++)
        if (!pieces[i].empty())
            tokens.push_back(pieces[i]);
    return tokens;
}

inline std::vector<std::string> tokenize(const std::string &s, char separator) {
    return tokenize(s, std::string(1, separator));
}

template <typename Iterator, typename Separator>
std::string join(Iterator first, Iterator last, Separator separator) {
    std::ostringstream out;
    for (Iterator i = first; i != last; ++i) {
        if (i != first)
            out << separator;
        out << *i;
    }
    return out.str();
}

template <typename Iterator>
std::string join(Iterator first, Iterator last) {
    return join(first, last, ' ');
}

template <typename Container>
std::string join(const Container &items) {
    return join(items.begin(), items.end(), ' ');
}

template <typename Container, typename Separator>
std::string join(const Container &items, Separator separator) {
    return join(items.begin(), items.end(), separator);
}

/* ---------------------------------------------------------------------------------------------------
 * Comparing reals
 * ------------------------------------------------------------------------------------------------- */

/* Equal within `maxError`, absolute or relative to `expected` (whichever is more lenient). */
inline bool doubleCompare(double expected, double result, double maxError) {
    if (std::isnan(expected))
        return std::isnan(result);
    if (std::isinf(expected))
        return result == expected;
    if (std::isnan(result) || std::isinf(result))
        return false;
    const double slack = 1e-15;
    if (std::fabs(result - expected) <= maxError + slack)
        return true;
    double low = expected * (1.0 - maxError), high = expected * (1.0 + maxError);
    if (low > high)
        std::swap(low, high);
    return result + slack >= low && result <= high + slack;
}

inline bool compareDoubles(double expected, double result, double maxError) {
    return doubleCompare(expected, result, maxError);
}

/* The smaller of the absolute and the relative error. */
inline double doubleDelta(double expected, double result) {
    double absolute = std::fabs(result - expected);
    if (std::fabs(expected) > 1e-9) {
        double relative = absolute / std::fabs(expected);
        return std::min(absolute, relative);
    }
    return absolute;
}

/* ---------------------------------------------------------------------------------------------------
 * Random numbers (generators)
 * ------------------------------------------------------------------------------------------------- */

class random_t;

/* testlib's patterns: literals, [a-z0-9_] and [^...] classes, \x escapes, (groups), a|b, and the
 * repetitions *, +, ?, {n}, {n,m}. A token matches a pattern when the whole token does. */
class pattern {
public:
    pattern() : text_(""), root_(0) { nodes_.push_back(Node()); }

    pattern(std::string text) : text_(text) {
        size_t at = 0;
        root_ = parseAlternation(at);
        if (at != text_.size())
            throw std::invalid_argument("unexpected '" + std::string(1, text_[at]) + "' in pattern");
    }

    bool matches(const std::string &s) const {
        std::vector<size_t> ends = reach(root_, s, std::vector<size_t>(1, 0));
        return std::find(ends.begin(), ends.end(), s.size()) != ends.end();
    }

    std::string next(random_t &rnd) const;

    std::string src() const { return text_; }

private:
    enum Kind { ALTERNATION, SEQUENCE, CHARS, REPEAT };

    struct Node {
        Kind kind;
        std::vector<int> children;
        std::vector<bool> chars; /* CHARS: which bytes */
        int low, high;            /* REPEAT: the bounds of `children[0]` */
        Node() : kind(SEQUENCE), chars(), low(0), high(0) {}
    };

    enum { UNBOUNDED = INT_MAX, GENERATED_UNBOUNDED = 20 };

    std::string text_;
    std::vector<Node> nodes_;
    int root_;

    int add(const Node &node) {
        nodes_.push_back(node);
        return static_cast<int>(nodes_.size()) - 1;
    }

    int parseAlternation(size_t &at) {
        Node alternation;
        alternation.kind = ALTERNATION;
        alternation.children.push_back(parseSequence(at));
        while (at < text_.size() && text_[at] == '|') {
            at++;
            alternation.children.push_back(parseSequence(at));
        }
        return alternation.children.size() == 1 ? alternation.children[0] : add(alternation);
    }

    int parseSequence(size_t &at) {
        Node sequence;
        sequence.kind = SEQUENCE;
        while (at < text_.size() && text_[at] != '|' && text_[at] != ')') {
            int atom = parseAtom(at);
            sequence.children.push_back(parseRepetition(at, atom));
        }
        return add(sequence);
    }

    int parseAtom(size_t &at) {
        char c = text_[at];
        if (c == '(') {
            at++;
            int inner = parseAlternation(at);
            if (at >= text_.size() || text_[at] != ')')
                throw std::invalid_argument("unclosed '(' in pattern");
            at++;
            return inner;
        }
        Node chars;
        chars.kind = CHARS;
        chars.chars.assign(256, false);
        if (c == '[') {
            at++;
            bool negated = at < text_.size() && text_[at] == '^';
            if (negated)
                at++;
            bool any = false;
            while (at < text_.size() && (text_[at] != ']' || !any)) {
                unsigned char first = static_cast<unsigned char>(literal(at));
                unsigned char last = first;
                if (at + 1 < text_.size() && text_[at] == '-' && text_[at + 1] != ']') {
                    at++;
                    last = static_cast<unsigned char>(literal(at));
                }
                if (last < first)
                    throw std::invalid_argument("reversed range in pattern");
                for (int b = first; b <= last; b++)
                    chars.chars[b] = true;
                any = true;
            }
            if (at >= text_.size())
                throw std::invalid_argument("unclosed '[' in pattern");
            at++;
            if (negated)
                for (int b = 0; b < 256; b++)
                    chars.chars[b] = !chars.chars[b];
            return add(chars);
        }
        if (c == '*' || c == '+' || c == '?' || c == '{' || c == '}' || c == ']')
            throw std::invalid_argument("unexpected '" + std::string(1, c) + "' in pattern");
        chars.chars[static_cast<unsigned char>(literal(at))] = true;
        return add(chars);
    }

    char literal(size_t &at) {
        if (text_[at] == '\\') {
            if (at + 1 >= text_.size())
                throw std::invalid_argument("a pattern ends with '\\'");
            at += 2;
            return text_[at - 1];
        }
        return text_[at++];
    }

    int readNumber(size_t &at) {
        size_t start = at;
        long long value = 0;
        while (at < text_.size() && std::isdigit(static_cast<unsigned char>(text_[at]))) {
            value = value * 10 + (text_[at++] - '0');
            if (value > INT_MAX / 2)
                throw std::invalid_argument("repetition too large in pattern");
        }
        if (at == start)
            throw std::invalid_argument("number expected in pattern");
        return static_cast<int>(value);
    }

    int parseRepetition(size_t &at, int atom) {
        while (at < text_.size()) {
            int low, high;
            char c = text_[at];
            if (c == '*' || c == '+' || c == '?') {
                low = c == '+' ? 1 : 0;
                high = c == '?' ? 1 : UNBOUNDED;
                at++;
            } else if (c == '{') {
                at++;
                low = high = readNumber(at);
                if (at < text_.size() && text_[at] == ',') {
                    at++;
                    high = readNumber(at);
                }
                if (at >= text_.size() || text_[at] != '}' || high < low)
                    throw std::invalid_argument("bad {n,m} in pattern");
                at++;
            } else {
                break;
            }
            Node repeat;
            repeat.kind = REPEAT;
            repeat.children.push_back(atom);
            repeat.low = low;
            repeat.high = high;
            atom = add(repeat);
        }
        return atom;
    }

    static void unique(std::vector<size_t> &positions) {
        std::sort(positions.begin(), positions.end());
        positions.erase(std::unique(positions.begin(), positions.end()), positions.end());
    }

    /* Every position the node can end at, starting from any of `starts` (sorted, distinct). */
    std::vector<size_t> reach(int index, const std::string &s, const std::vector<size_t> &starts) const {
        const Node &node = nodes_[index];
        std::vector<size_t> ends;
        if (node.kind == CHARS) {
            for (size_t i = 0; i < starts.size(); i++)
                if (starts[i] < s.size() && node.chars[static_cast<unsigned char>(s[starts[i]])])
                    ends.push_back(starts[i] + 1);
            return ends;
        }
        if (node.kind == SEQUENCE) {
            ends = starts;
            for (size_t i = 0; i < node.children.size() && !ends.empty(); i++)
                ends = reach(node.children[i], s, ends);
            return ends;
        }
        if (node.kind == ALTERNATION) {
            for (size_t i = 0; i < node.children.size(); i++) {
                std::vector<size_t> branch = reach(node.children[i], s, starts);
                ends.insert(ends.end(), branch.begin(), branch.end());
            }
            unique(ends);
            return ends;
        }
        /* REPEAT: breadth first by the number of repetitions; once `low` are done, a position seen
         * before gives nothing new (it was reached with fewer repetitions). */
        std::vector<size_t> frontier = starts;
        std::vector<bool> seen(s.size() + 1, false);
        if (node.low == 0)
            for (size_t i = 0; i < frontier.size(); i++) {
                seen[frontier[i]] = true;
                ends.push_back(frontier[i]);
            }
        for (int count = 1; count <= node.high && !frontier.empty(); count++) {
            std::vector<size_t> next = reach(node.children[0], s, frontier);
            unique(next);
            if (count >= node.low) {
                frontier.clear();
                for (size_t i = 0; i < next.size(); i++)
                    if (!seen[next[i]]) {
                        seen[next[i]] = true;
                        ends.push_back(next[i]);
                        frontier.push_back(next[i]);
                    }
            } else {
                if (next == frontier)
                    count = node.low - 1; /* a fixed point: more repetitions reach the same places */
                frontier = next;
            }
        }
        unique(ends);
        return ends;
    }

    void generate(int index, random_t &rnd, std::string &out) const;
};

class random_t {
public:
    random_t() : state_(0x2545F4914F6CDD1DULL) {}

    void setSeed(unsigned long long seed) {
        state_ = seed ^ 0x9E3779B97F4A7C15ULL;
        for (int i = 0; i < 4; i++)
            raw();
    }

    void setSeed(int argc, char *argv[]) {
        unsigned long long seed = 0xCBF29CE484222325ULL;
        for (int i = 1; i < argc; i++) {
            for (const char *c = argv[i]; *c; c++)
                seed = (seed ^ static_cast<unsigned char>(*c)) * 0x100000001B3ULL;
            seed = (seed ^ 0xFF) * 0x100000001B3ULL;
        }
        setSeed(seed);
    }

    /* [0, n) */
    int next(int n) { return static_cast<int>(below(positive(n))); }
    unsigned int next(unsigned int n) { return static_cast<unsigned int>(below(positive(n))); }
    long long next(long long n) { return static_cast<long long>(below(positive(n))); }
    unsigned long long next(unsigned long long n) { return below(positive(n)); }
    long next(long n) { return static_cast<long>(below(positive(n))); }
    unsigned long next(unsigned long n) { return static_cast<unsigned long>(below(positive(n))); }

    /* [from, to] */
    int next(int from, int to) { return static_cast<int>(between(from, to)); }
    unsigned int next(unsigned int from, unsigned int to) {
        return static_cast<unsigned int>(between(from, to));
    }
    long long next(long long from, long long to) { return between(from, to); }
    unsigned long long next(unsigned long long from, unsigned long long to) {
        if (from > to)
            fail("random_t::next(from, to): from > to");
        return to - from == ULLONG_MAX ? raw() : from + below(to - from + 1);
    }
    long next(long from, long to) { return static_cast<long>(between(from, to)); }
    unsigned long next(unsigned long from, unsigned long to) {
        return static_cast<unsigned long>(next(static_cast<unsigned long long>(from),
                                               static_cast<unsigned long long>(to)));
    }

    /* [0, 1), [0, n), [from, to) */
    double next() { return static_cast<double>(raw() >> 11) * (1.0 / 9007199254740992.0); }
    double next(double n) {
        if (!(n > 0))
            fail("random_t::next(n): n must be positive");
        return next() * n;
    }
    double next(double from, double to) {
        if (!(from < to))
            fail("random_t::next(from, to): from must be less than to");
        return from + next() * (to - from);
    }

    std::string next(const std::string &ptrn) { return pattern(ptrn).next(*this); }
    std::string next(const char *format, ...) JUDGE_TESTLIB_PRINTF(2, 3) {
        va_list args;
        va_start(args, format);
        std::string ptrn = judge_testlib::vformat(format, args);
        va_end(args);
        return next(ptrn);
    }

    /* Weighted: type > 0 takes the largest of type + 1 draws, type < 0 the smallest of -type + 1. */
    int wnext(int n, int type) { return static_cast<int>(weighted(positive(n), type)); }
    long long wnext(long long n, int type) { return static_cast<long long>(weighted(positive(n), type)); }
    int wnext(int from, int to, int type) {
        if (from > to)
            fail("random_t::wnext(from, to, type): from > to");
        return from + wnext(to - from + 1, type);
    }
    long long wnext(long long from, long long to, int type) {
        if (from > to)
            fail("random_t::wnext(from, to, type): from > to");
        return from + wnext(to - from + 1, type);
    }
    double wnext(double n, int type) {
        double best = next(n);
        for (int i = 0; i < std::abs(type); i++)
            best = type > 0 ? std::max(best, next(n)) : std::min(best, next(n));
        return best;
    }
    double wnext(double from, double to, int type) { return from + wnext(to - from, type); }

    template <typename Container>
    typename Container::value_type any(const Container &items) {
        if (items.empty())
            fail("random_t::any(container): empty container");
        typename Container::const_iterator it = items.begin();
        std::advance(it, static_cast<long long>(below(items.size())));
        return *it;
    }

    template <typename Iterator>
    typename std::iterator_traits<Iterator>::value_type any(const Iterator &first, const Iterator &last) {
        long long size = static_cast<long long>(std::distance(first, last));
        if (size <= 0)
            fail("random_t::any(first, last): empty range");
        Iterator it = first;
        std::advance(it, static_cast<long long>(below(static_cast<unsigned long long>(size))));
        return *it;
    }

    template <typename Container>
    typename Container::value_type wany(const Container &items, int type) {
        if (items.empty())
            fail("random_t::wany(container, type): empty container");
        typename Container::const_iterator it = items.begin();
        std::advance(it, static_cast<long long>(weighted(items.size(), type)));
        return *it;
    }

    template <typename Iterator>
    void shuffle(Iterator first, Iterator last) {
        long long size = static_cast<long long>(std::distance(first, last));
        for (long long i = size - 1; i > 0; i--)
            std::iter_swap(first + i, first + static_cast<long long>(below(static_cast<unsigned long long>(i + 1))));
    }

    /* A random permutation of first, first + 1, ..., first + size - 1. */
    template <typename T>
    std::vector<T> perm(T size, T first) {
        if (size < 0)
            fail("random_t::perm(size): size < 0");
        std::vector<T> items(static_cast<size_t>(size));
        for (T i = 0; i < size; i++)
            items[static_cast<size_t>(i)] = first + i;
        shuffle(items.begin(), items.end());
        return items;
    }

    template <typename T>
    std::vector<T> perm(T size) {
        return perm(size, T(0));
    }

    /* `size` distinct numbers of [from, to], in random order. */
    template <typename T>
    std::vector<T> distinct(int size, T from, T to) {
        if (size < 0 || from > to ||
            static_cast<unsigned long long>(to - from) + 1 < static_cast<unsigned long long>(size))
            fail("random_t::distinct(size, from, to): not enough numbers");
        std::vector<T> result;
        std::set<T> taken;
        while (static_cast<int>(result.size()) < size) {
            T value = static_cast<T>(between(static_cast<long long>(from), static_cast<long long>(to)));
            if (taken.insert(value).second)
                result.push_back(value);
        }
        return result;
    }

    template <typename T>
    std::vector<T> distinct(int size, T upper) {
        return distinct(size, T(0), upper - 1);
    }

    /* `size` parts of at least `minPart` adding up to `sum`, in random order. */
    template <typename T>
    std::vector<T> partition(int size, T sum, T minPart = 1) {
        if (size < 0 || (size == 0 && sum != 0) || static_cast<long long>(minPart) * size > sum)
            fail("random_t::partition(size, sum, minPart): impossible");
        std::vector<T> parts(static_cast<size_t>(size), minPart);
        if (size == 0)
            return parts;
        T rest = sum - minPart * size;
        std::vector<T> cuts;
        for (int i = 0; i + 1 < size; i++)
            cuts.push_back(static_cast<T>(between(0, static_cast<long long>(rest))));
        std::sort(cuts.begin(), cuts.end());
        T previous = 0;
        for (int i = 0; i + 1 < size; i++) {
            parts[static_cast<size_t>(i)] += cuts[static_cast<size_t>(i)] - previous;
            previous = cuts[static_cast<size_t>(i)];
        }
        parts[static_cast<size_t>(size - 1)] += rest - previous;
        shuffle(parts.begin(), parts.end());
        return parts;
    }

private:
    unsigned long long state_;

    JUDGE_TESTLIB_NORETURN static void fail(const char *message);

    /* splitmix64 */
    unsigned long long raw() {
        unsigned long long z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }

    template <typename T>
    unsigned long long positive(T n) {
        if (!(n > 0))
            fail("random_t::next(n): n must be positive");
        return static_cast<unsigned long long>(n);
    }

    /* Uniform in [0, n), n > 0, without modulo bias. */
    unsigned long long below(unsigned long long n) {
        unsigned long long limit = ULLONG_MAX - ULLONG_MAX % n;
        unsigned long long value;
        do
            value = raw();
        while (value >= limit);
        return value % n;
    }

    long long between(long long from, long long to) {
        if (from > to)
            fail("random_t::next(from, to): from > to");
        unsigned long long span = static_cast<unsigned long long>(to) - static_cast<unsigned long long>(from);
        if (span == ULLONG_MAX)
            return static_cast<long long>(raw());
        return static_cast<long long>(static_cast<unsigned long long>(from) + below(span + 1));
    }

    unsigned long long weighted(unsigned long long n, int type) {
        unsigned long long best = below(n);
        for (int i = 0; i < std::abs(type); i++)
            best = type > 0 ? std::max(best, below(n)) : std::min(best, below(n));
        return best;
    }
};

inline void pattern::generate(int index, random_t &rnd, std::string &out) const {
    const Node &node = nodes_[index];
    if (node.kind == CHARS) {
        std::vector<int> allowed;
        for (int b = 0; b < 256; b++)
            if (node.chars[b])
                allowed.push_back(b);
        if (allowed.empty())
            throw std::invalid_argument("a pattern's character class is empty");
        out += static_cast<char>(allowed[static_cast<size_t>(rnd.next(static_cast<int>(allowed.size())))]);
    } else if (node.kind == SEQUENCE) {
        for (size_t i = 0; i < node.children.size(); i++)
            generate(node.children[i], rnd, out);
    } else if (node.kind == ALTERNATION) {
        generate(node.children[static_cast<size_t>(rnd.next(static_cast<int>(node.children.size())))], rnd, out);
    } else {
        int high = node.high == UNBOUNDED ? std::max(node.low, static_cast<int>(GENERATED_UNBOUNDED)) : node.high;
        int count = rnd.next(node.low, high);
        for (int i = 0; i < count; i++)
            generate(node.children[0], rnd, out);
    }
}

inline std::string pattern::next(random_t &rnd) const {
    std::string out;
    generate(root_, rnd, out);
    return out;
}

random_t rnd;

template <typename Iterator>
void shuffle(Iterator first, Iterator last) {
    rnd.shuffle(first, last);
}

/* ---------------------------------------------------------------------------------------------------
 * Streams
 * ------------------------------------------------------------------------------------------------- */

class InStream;

namespace judge_testlib {

/* Bytes read on demand: a file in large blocks, a pipe (an interactor's stdin) a byte at a time so that
 * reading never waits for more than the program has written, or a string. */
class Source {
public:
    Source() : file_(NULL), owned_(false), pipe_(false), pos_(0), ended_(true), lines_(0) {}
    ~Source() { close(); }
    Source(const Source &) = delete;
    Source &operator=(const Source &) = delete;

    void openFile(FILE *file, bool owned, bool pipe) {
        close();
        file_ = file;
        owned_ = owned;
        pipe_ = pipe;
        buffer_.clear();
        pos_ = 0;
        ended_ = file == NULL;
        lines_ = 0;
    }

    void openString(const std::string &content) {
        close();
        buffer_ = content;
        pos_ = 0;
        ended_ = true;
        lines_ = 0;
    }

    void close() {
        if (file_ != NULL && owned_)
            std::fclose(file_);
        file_ = NULL;
        owned_ = false;
        buffer_.clear();
        pos_ = 0;
        ended_ = true;
    }

    int peek() {
        if (pos_ >= buffer_.size() && !fill())
            return EOF;
        return static_cast<unsigned char>(buffer_[pos_]);
    }

    int get() {
        int c = peek();
        if (c != EOF) {
            pos_++;
            if (c == '\n')
                lines_++;
        }
        return c;
    }

    void unget(char c) {
        if (pos_ > 0 && buffer_[pos_ - 1] == c)
            pos_--;
        else
            buffer_.insert(buffer_.begin() + static_cast<std::ptrdiff_t>(pos_), c);
        if (c == '\n' && lines_ > 0)
            lines_--;
    }

    long long lines() const { return lines_; }

private:
    FILE *file_;
    bool owned_, pipe_;
    std::string buffer_;
    size_t pos_;
    bool ended_;
    long long lines_;

    bool fill() {
        if (ended_)
            return false;
        buffer_.clear();
        pos_ = 0;
        if (pipe_) {
            int c = std::getc(file_);
            if (c == EOF) {
                ended_ = true;
                return false;
            }
            buffer_ += static_cast<char>(c);
            return true;
        }
        char block[1 << 16];
        size_t got = std::fread(block, 1, sizeof block, file_);
        if (got == 0) {
            ended_ = true;
            return false;
        }
        buffer_.assign(block, got);
        return true;
    }
};

struct State {
    std::string resultName;
    bool appesMode;
    std::string checkerName;
    bool quitting;
    int quitCount;
    int readEofCount;
    bool guardEnabled;
    std::string testset, group;
    std::vector<std::string> args;
    State() : appesMode(false), quitting(false), quitCount(0), readEofCount(0), guardEnabled(true) {}
};

inline State &state() {
    static State instance;
    return instance;
}

JUDGE_TESTLIB_NORETURN inline void finish(TResult result, std::string message, const InStream *stream);

}  // namespace judge_testlib

class InStream {
public:
    std::string name;
    TMode mode;
    bool opened;
    bool stdfile;
    bool strict;
    int readManyIteration;

    InStream() : name("unopened stream"), mode(_input), opened(false), stdfile(false), strict(false),
                 readManyIteration(NO_INDEX) {}

    /* A stream over `content`, read as `baseStream` is (its mode and strictness). */
    InStream(const InStream &baseStream, std::string content)
        : name(baseStream.name), mode(baseStream.mode), opened(true), stdfile(false),
          strict(baseStream.strict), readManyIteration(NO_INDEX) {
        source_.openString(content);
    }

    void init(std::string fileName, TMode streamMode) {
        name = fileName;
        mode = streamMode;
        stdfile = false;
        FILE *file = std::fopen(fileName.c_str(), "rb");
        if (file == NULL) {
            opened = false;
            quit(mode == _output ? _pe : _fail, ("File not found: \"" + fileName + "\"").c_str());
        }
        source_.openFile(file, true, false);
        opened = true;
    }

    void init(FILE *file, TMode streamMode) {
        name = file == stdin ? "stdin" : "file";
        mode = streamMode;
        stdfile = true;
        source_.openFile(file, false, true);
        opened = true;
    }

    void reset(FILE *file = NULL) {
        if (file != NULL)
            init(file, mode);
    }

    void close() {
        source_.close();
        opened = false;
    }

    /* --- characters ---------------------------------------------------------------------------- */

    char curChar() { return static_cast<char>(peek()); }

    char nextChar() {
        int c = source().get();
        return static_cast<char>(c == EOF ? EOFC : c);
    }

    void skipChar() { source().get(); }

    void unreadChar(char c) { source().unget(c); }

    char readChar() {
        int c = source().get();
        if (c == EOF)
            quit(_unexpected_eof, "Unexpected end of file - character expected");
        return static_cast<char>(c);
    }

    char readChar(char expected) {
        int c = source().get();
        if (c == EOF)
            quit(_unexpected_eof, ("Unexpected end of file - '" + visible(expected) + "' expected").c_str());
        if (static_cast<char>(c) != expected)
            quit(_pe, ("Unexpected character '" + visible(static_cast<char>(c)) + "', but '" +
                       visible(expected) + "' expected").c_str());
        return expected;
    }

    char readSpace() { return readChar(' '); }

    void skipBlanks() {
        judge_testlib::Source &src = source();
        while (judge_testlib::isBlank(src.peek()))
            src.get();
    }

    /* --- tokens -------------------------------------------------------------------------------- */

    std::string readWord() {
        std::string result;
        readWordTo(result);
        return result;
    }

    std::string readToken() { return readWord(); }

    void readWordTo(std::string &result) {
        if (!strict)
            skipBlanks();
        int c = peek();
        if (c == EOF)
            quit(_unexpected_eof, "Unexpected end of file - token expected");
        if (judge_testlib::isBlank(c))
            quit(_pe, "Unexpected white-space - token expected");
        result.clear();
        judge_testlib::Source &src = source();
        while ((c = src.peek()) != EOF && !judge_testlib::isBlank(c)) {
            result += static_cast<char>(c);
            src.get();
        }
    }

    void readTokenTo(std::string &result) { readWordTo(result); }

    std::string readWord(const pattern &p, const std::string &variableName = "") {
        std::string result = readWord();
        checkPattern(result, p, variableName, "Token");
        return result;
    }

    std::string readWord(const std::string &ptrn, const std::string &variableName = "") {
        return readWord(makePattern(ptrn), variableName);
    }

    std::string readToken(const pattern &p, const std::string &variableName = "") {
        return readWord(p, variableName);
    }

    std::string readToken(const std::string &ptrn, const std::string &variableName = "") {
        return readWord(ptrn, variableName);
    }

    void readWordTo(std::string &result, const pattern &p, const std::string &variableName = "") {
        result = readWord(p, variableName);
    }

    void readWordTo(std::string &result, const std::string &ptrn, const std::string &variableName = "") {
        result = readWord(ptrn, variableName);
    }

    void readTokenTo(std::string &result, const pattern &p, const std::string &variableName = "") {
        result = readWord(p, variableName);
    }

    void readTokenTo(std::string &result, const std::string &ptrn, const std::string &variableName = "") {
        result = readWord(ptrn, variableName);
    }

    std::vector<std::string> readWords(int size, const pattern &p, const std::string &variablesName = "",
                                       int indexBase = 1) {
        std::vector<std::string> result;
        for (int i = 0; i < size; i++) {
            separate(i);
            readManyIteration = indexBase + i;
            result.push_back(readWord(p, variablesName));
        }
        readManyIteration = NO_INDEX;
        return result;
    }

    std::vector<std::string> readWords(int size, const std::string &ptrn,
                                       const std::string &variablesName = "", int indexBase = 1) {
        return readWords(size, makePattern(ptrn), variablesName, indexBase);
    }

    std::vector<std::string> readWords(int size, int indexBase = 1) {
        return readWords(size, pattern("[^ \t\r\n]+"), "", indexBase);
    }

    std::vector<std::string> readTokens(int size, const pattern &p, const std::string &variablesName = "",
                                        int indexBase = 1) {
        return readWords(size, p, variablesName, indexBase);
    }

    std::vector<std::string> readTokens(int size, const std::string &ptrn,
                                        const std::string &variablesName = "", int indexBase = 1) {
        return readWords(size, ptrn, variablesName, indexBase);
    }

    std::vector<std::string> readTokens(int size, int indexBase = 1) { return readWords(size, indexBase); }

    /* --- integers ------------------------------------------------------------------------------ */

    long long readLong() {
        std::string token = readWord();
        long long value;
        if (!parseSigned(token, LLONG_MIN, LLONG_MAX, value))
            quit(_pe, ("Expected integer, but \"" + compress(token) + "\" found").c_str());
        return value;
    }

    long long readLong(long long minv, long long maxv, const std::string &variableName = "") {
        long long value = readLong();
        checkRange(value, minv, maxv, variableName, "Integer");
        return value;
    }

    long long readInteger() { return readLong(); }

    long long readInteger(long long minv, long long maxv, const std::string &variableName = "") {
        return readLong(minv, maxv, variableName);
    }

    unsigned long long readUnsignedLong() {
        std::string token = readWord();
        unsigned long long value;
        if (!parseUnsigned(token, ULLONG_MAX, value))
            quit(_pe, ("Expected unsigned integer, but \"" + compress(token) + "\" found").c_str());
        return value;
    }

    unsigned long long readUnsignedLong(unsigned long long minv, unsigned long long maxv,
                                        const std::string &variableName = "") {
        unsigned long long value = readUnsignedLong();
        checkRange(value, minv, maxv, variableName, "Integer");
        return value;
    }

    int readInt() {
        std::string token = readWord();
        long long value;
        if (!parseSigned(token, INT_MIN, INT_MAX, value))
            quit(_pe, ("Expected int32, but \"" + compress(token) + "\" found").c_str());
        return static_cast<int>(value);
    }

    int readInt(int minv, int maxv, const std::string &variableName = "") {
        int value = readInt();
        checkRange(value, minv, maxv, variableName, "Integer");
        return value;
    }

    std::vector<int> readInts(int size, int minv, int maxv, const std::string &variablesName = "",
                              int indexBase = 1) {
        std::vector<int> result;
        for (int i = 0; i < size; i++) {
            separate(i);
            readManyIteration = indexBase + i;
            result.push_back(readInt(minv, maxv, variablesName));
        }
        readManyIteration = NO_INDEX;
        return result;
    }

    std::vector<int> readInts(int size, int indexBase = 1) {
        return readInts(size, INT_MIN, INT_MAX, "", indexBase);
    }

    std::vector<int> readIntegers(int size, int minv, int maxv, const std::string &variablesName = "",
                                  int indexBase = 1) {
        return readInts(size, minv, maxv, variablesName, indexBase);
    }

    std::vector<long long> readLongs(int size, long long minv, long long maxv,
                                     const std::string &variablesName = "", int indexBase = 1) {
        std::vector<long long> result;
        for (int i = 0; i < size; i++) {
            separate(i);
            readManyIteration = indexBase + i;
            result.push_back(readLong(minv, maxv, variablesName));
        }
        readManyIteration = NO_INDEX;
        return result;
    }

    std::vector<long long> readLongs(int size, int indexBase = 1) {
        return readLongs(size, LLONG_MIN, LLONG_MAX, "", indexBase);
    }

    std::vector<unsigned long long> readUnsignedLongs(int size, unsigned long long minv,
                                                      unsigned long long maxv,
                                                      const std::string &variablesName = "",
                                                      int indexBase = 1) {
        std::vector<unsigned long long> result;
        for (int i = 0; i < size; i++) {
            separate(i);
            readManyIteration = indexBase + i;
            result.push_back(readUnsignedLong(minv, maxv, variablesName));
        }
        readManyIteration = NO_INDEX;
        return result;
    }

    /* --- reals --------------------------------------------------------------------------------- */

    double readReal() {
        std::string token = readWord();
        double value;
        if (!parseReal(token, value))
            quit(_pe, ("Expected double, but \"" + compress(token) + "\" found").c_str());
        return value;
    }

    double readDouble() { return readReal(); }

    double readReal(double minv, double maxv, const std::string &variableName = "") {
        double value = readReal();
        checkRange(value, minv, maxv, variableName, "Double");
        return value;
    }

    double readDouble(double minv, double maxv, const std::string &variableName = "") {
        return readReal(minv, maxv, variableName);
    }

    /* A fixed-point real: an optional '-', digits without leading zeros, and between
     * minAfterPointDigitCount and maxAfterPointDigitCount digits after the point. */
    double readStrictReal(double minv, double maxv, int minAfterPointDigitCount,
                          int maxAfterPointDigitCount, const std::string &variableName = "") {
        std::string token = readWord();
        double value;
        if (!parseStrictReal(token, minAfterPointDigitCount, maxAfterPointDigitCount, value))
            quit(_pe, ("Expected strict double with " + vtos(minAfterPointDigitCount) + " to " +
                       vtos(maxAfterPointDigitCount) + " digits after the point, but \"" + compress(token) +
                       "\" found").c_str());
        checkRange(value, minv, maxv, variableName, "Strict double");
        return value;
    }

    double readStrictDouble(double minv, double maxv, int minAfterPointDigitCount,
                            int maxAfterPointDigitCount, const std::string &variableName = "") {
        return readStrictReal(minv, maxv, minAfterPointDigitCount, maxAfterPointDigitCount, variableName);
    }

    std::vector<double> readReals(int size, double minv, double maxv, const std::string &variablesName = "",
                                  int indexBase = 1) {
        std::vector<double> result;
        for (int i = 0; i < size; i++) {
            separate(i);
            readManyIteration = indexBase + i;
            result.push_back(readReal(minv, maxv, variablesName));
        }
        readManyIteration = NO_INDEX;
        return result;
    }

    std::vector<double> readReals(int size, int indexBase = 1) {
        return readReals(size, -HUGE_VAL, HUGE_VAL, "", indexBase);
    }

    std::vector<double> readDoubles(int size, double minv, double maxv,
                                    const std::string &variablesName = "", int indexBase = 1) {
        return readReals(size, minv, maxv, variablesName, indexBase);
    }

    std::vector<double> readDoubles(int size, int indexBase = 1) { return readReals(size, indexBase); }

    std::vector<double> readStrictReals(int size, double minv, double maxv, int minAfterPointDigitCount,
                                        int maxAfterPointDigitCount, const std::string &variablesName = "",
                                        int indexBase = 1) {
        std::vector<double> result;
        for (int i = 0; i < size; i++) {
            separate(i);
            readManyIteration = indexBase + i;
            result.push_back(readStrictReal(minv, maxv, minAfterPointDigitCount, maxAfterPointDigitCount,
                                            variablesName));
        }
        readManyIteration = NO_INDEX;
        return result;
    }

    std::vector<double> readStrictDoubles(int size, double minv, double maxv, int minAfterPointDigitCount,
                                          int maxAfterPointDigitCount,
                                          const std::string &variablesName = "", int indexBase = 1) {
        return readStrictReals(size, minv, maxv, minAfterPointDigitCount, maxAfterPointDigitCount,
                               variablesName, indexBase);
    }

    /* --- lines --------------------------------------------------------------------------------- */

    /* The rest of the line, without its end of line (consumed). Non-strict streams drop a '\r'. */
    std::string readLine() {
        std::string result;
        readLineTo(result);
        return result;
    }

    std::string readString() { return readLine(); }

    void readLineTo(std::string &result) {
        if (peek() == EOF)
            quit(_unexpected_eof, "Unexpected end of file - line expected");
        result.clear();
        int c;
        while ((c = source().get()) != EOF && c != '\n')
            result += static_cast<char>(c);
        if (!strict && !result.empty() && result[result.size() - 1] == '\r')
            result.erase(result.size() - 1);
    }

    void readStringTo(std::string &result) { readLineTo(result); }

    std::string readLine(const pattern &p, const std::string &variableName = "") {
        std::string result = readLine();
        checkPattern(result, p, variableName, "Line");
        return result;
    }

    std::string readLine(const std::string &ptrn, const std::string &variableName = "") {
        return readLine(makePattern(ptrn), variableName);
    }

    std::string readString(const pattern &p, const std::string &variableName = "") {
        return readLine(p, variableName);
    }

    std::string readString(const std::string &ptrn, const std::string &variableName = "") {
        return readLine(ptrn, variableName);
    }

    void readLineTo(std::string &result, const pattern &p, const std::string &variableName = "") {
        result = readLine(p, variableName);
    }

    void readLineTo(std::string &result, const std::string &ptrn, const std::string &variableName = "") {
        result = readLine(ptrn, variableName);
    }

    void readStringTo(std::string &result, const pattern &p, const std::string &variableName = "") {
        result = readLine(p, variableName);
    }

    void readStringTo(std::string &result, const std::string &ptrn, const std::string &variableName = "") {
        result = readLine(ptrn, variableName);
    }

    std::vector<std::string> readLines(int size, const pattern &p, const std::string &variablesName = "",
                                       int indexBase = 1) {
        std::vector<std::string> result;
        for (int i = 0; i < size; i++) {
            readManyIteration = indexBase + i;
            result.push_back(readLine(p, variablesName));
        }
        readManyIteration = NO_INDEX;
        return result;
    }

    std::vector<std::string> readLines(int size, const std::string &ptrn,
                                       const std::string &variablesName = "", int indexBase = 1) {
        return readLines(size, makePattern(ptrn), variablesName, indexBase);
    }

    std::vector<std::string> readLines(int size, int indexBase = 1) {
        std::vector<std::string> result;
        for (int i = 0; i < size; i++)
            result.push_back(readLine());
        (void)indexBase;
        return result;
    }

    std::vector<std::string> readStrings(int size, const pattern &p, const std::string &variablesName = "",
                                         int indexBase = 1) {
        return readLines(size, p, variablesName, indexBase);
    }

    std::vector<std::string> readStrings(int size, const std::string &ptrn,
                                         const std::string &variablesName = "", int indexBase = 1) {
        return readLines(size, ptrn, variablesName, indexBase);
    }

    std::vector<std::string> readStrings(int size, int indexBase = 1) { return readLines(size, indexBase); }

    /* --- ends of lines and of file ------------------------------------------------------------- */

    /* Strict: exactly "\n". Non-strict: spaces or tabs, then "\n" or "\r\n" (or the end of file). */
    void readEoln() {
        if (strict) {
            readChar('\n');
            return;
        }
        skipSpacesAndTabs();
        int c = peek();
        if (c == EOF)
            return;
        if (c == '\r') {
            source().get();
            c = peek();
            if (c == EOF)
                return;
        }
        if (c != '\n')
            quit(_pe, ("Expected EOLN, but '" + visible(static_cast<char>(c)) + "' found").c_str());
        source().get();
    }

    bool eoln() {
        if (strict)
            return peek() == '\n';
        skipSpacesAndTabs();
        int c = peek();
        if (c == '\r') {
            source().get();
            c = peek();
            if (c != '\n' && c != EOF) {
                source().unget('\r');
                return false;
            }
            source().unget('\r');
            return true;
        }
        return c == '\n' || c == EOF;
    }

    bool seekEoln() {
        skipSpacesAndTabs();
        return eoln();
    }

    void nextLine() {
        int c;
        while ((c = source().get()) != EOF && c != '\n') {
        }
    }

    /* Strict: the end of file now. Non-strict: nothing but white space is left. */
    void readEof() {
        judge_testlib::state().readEofCount++;
        if (!strict)
            skipBlanks();
        int c = peek();
        if (c != EOF)
            quit(_pe, ("Expected EOF, but '" + visible(static_cast<char>(c)) + "' found").c_str());
    }

    bool eof() { return peek() == EOF; }

    bool seekEof() {
        skipBlanks();
        return eof();
    }

    /* --- quitting ------------------------------------------------------------------------------ */

    JUDGE_TESTLIB_NORETURN void quit(TResult result, const char *msg) {
        judge_testlib::finish(result, msg == NULL ? "" : msg, this);
    }

    JUDGE_TESTLIB_NORETURN void quit(TResult result, const std::string &msg) {
        judge_testlib::finish(result, msg, this);
    }

    JUDGE_TESTLIB_NORETURN void quits(TResult result, std::string msg) { judge_testlib::finish(result, msg, this); }

    JUDGE_TESTLIB_NORETURN void quitf(TResult result, const char *msg, ...) JUDGE_TESTLIB_PRINTF(3, 4) {
        va_list args;
        va_start(args, msg);
        std::string message = judge_testlib::vformat(msg, args);
        va_end(args);
        judge_testlib::finish(result, message, this);
    }

    void quitif(bool condition, TResult result, const char *msg, ...) JUDGE_TESTLIB_PRINTF(4, 5) {
        if (!condition)
            return;
        va_list args;
        va_start(args, msg);
        std::string message = judge_testlib::vformat(msg, args);
        va_end(args);
        judge_testlib::finish(result, message, this);
    }

    void ensuref(bool condition, const char *format, ...) JUDGE_TESTLIB_PRINTF(3, 4) {
        if (condition)
            return;
        va_list args;
        va_start(args, format);
        std::string message = judge_testlib::vformat(format, args);
        va_end(args);
        judge_testlib::finish(_wa, message, this);
    }

    long long line() const { return source_.lines() + 1; }

private:
    enum { NO_INDEX = INT_MIN };
    judge_testlib::Source source_;

    judge_testlib::Source &source() {
        if (!opened)
            quit(_fail, "Stream is not opened");
        return source_;
    }

    int peek() { return source().peek(); }

    void skipSpacesAndTabs() {
        int c;
        while ((c = peek()) == ' ' || c == '\t')
            source().get();
    }

    /* Strict streams keep many values one space apart; others take any white space. */
    void separate(int index) {
        if (index > 0 && strict)
            readSpace();
    }

    static std::string visible(char c) {
        if (c == '\n')
            return "\\n";
        if (c == '\r')
            return "\\r";
        if (c == '\t')
            return "\\t";
        if (static_cast<unsigned char>(c) < 32 || static_cast<unsigned char>(c) == 127)
            return format("\\x%02x", static_cast<unsigned char>(c));
        return std::string(1, c);
    }

    std::string describe(const std::string &variableName) const {
        if (variableName.empty())
            return "";
        if (readManyIteration == NO_INDEX)
            return variableName;
        return variableName + "[" + vtos(readManyIteration) + "]";
    }

    pattern makePattern(const std::string &ptrn) {
        try {
            return pattern(ptrn);
        } catch (const std::exception &error) {
            judge_testlib::finish(_fail, "Invalid pattern \"" + ptrn + "\": " + error.what(), NULL);
        }
    }

    void checkPattern(const std::string &value, const pattern &p, const std::string &variableName,
                      const char *what) {
        if (p.matches(value))
            return;
        std::string label = describe(variableName);
        if (label.empty())
            quit(_wa, std::string(what) + " \"" + compress(value) + "\" doesn't correspond to pattern \"" +
                          p.src() + "\"");
        quit(_wa, std::string(what) + " parameter [name=" + label + "] equals to \"" + compress(value) +
                      "\", doesn't correspond to pattern \"" + p.src() + "\"");
    }

    template <typename T>
    void checkRange(T value, T minv, T maxv, const std::string &variableName, const char *what) {
        if (!(value < minv) && !(maxv < value))
            return;
        std::string label = describe(variableName);
        std::string range = "[" + vtos(minv) + ", " + vtos(maxv) + "]";
        if (label.empty())
            quit(_wa, std::string(what) + " " + vtos(value) + " violates the range " + range);
        quit(_wa, std::string(what) + " parameter [name=" + label + "] equals to " + vtos(value) +
                      ", violates the range " + range);
    }

    /* Digits only, no leading zeros, within `limit`. */
    static bool parseUnsigned(const std::string &s, unsigned long long limit, unsigned long long &value) {
        if (s.empty() || s.size() > 20 || (s[0] == '0' && s.size() > 1))
            return false;
        value = 0;
        for (size_t i = 0; i < s.size(); i++) {
            if (s[i] < '0' || s[i] > '9')
                return false;
            unsigned long long digit = static_cast<unsigned long long>(s[i] - '0');
            if (value > (limit - digit) / 10)
                return false;
            value = value * 10 + digit;
        }
        return true;
    }

    /* An optional '-', then digits without leading zeros; "-0" is not an integer. */
    static bool parseSigned(const std::string &s, long long minv, long long maxv, long long &value) {
        bool negative = !s.empty() && s[0] == '-';
        std::string digits = negative ? s.substr(1) : s;
        unsigned long long limit = negative ? static_cast<unsigned long long>(-(minv + 1)) + 1
                                            : static_cast<unsigned long long>(maxv);
        unsigned long long magnitude;
        if (!parseUnsigned(digits, limit, magnitude) || (negative && magnitude == 0))
            return false;
        value = negative ? static_cast<long long>(0 - magnitude) : static_cast<long long>(magnitude);
        return true;
    }

    /* A finite real as strtod reads it: digits, '.', 'e', signs; no nan, inf or hex. */
    static bool parseReal(const std::string &s, double &value) {
        if (s.empty() || s.size() > 1000)
            return false;
        bool digit = false;
        for (size_t i = 0; i < s.size(); i++) {
            char c = s[i];
            if (c >= '0' && c <= '9')
                digit = true;
            else if (c != '.' && c != 'e' && c != 'E' && c != '-' && c != '+')
                return false;
        }
        if (!digit)
            return false;
        char *end = NULL;
        value = std::strtod(s.c_str(), &end);
        return end == s.c_str() + s.size() && std::isfinite(value);
    }

    static bool parseStrictReal(const std::string &s, int minDigits, int maxDigits, double &value) {
        size_t i = 0;
        if (i < s.size() && s[i] == '-')
            i++;
        size_t intStart = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9')
            i++;
        size_t intDigits = i - intStart;
        if (intDigits == 0 || (intDigits > 1 && s[intStart] == '0'))
            return false;
        int fraction = 0;
        if (i < s.size() && s[i] == '.') {
            i++;
            size_t fracStart = i;
            while (i < s.size() && s[i] >= '0' && s[i] <= '9')
                i++;
            fraction = static_cast<int>(i - fracStart);
            if (fraction == 0)
                return false;
        }
        if (i != s.size() || fraction < minDigits || fraction > maxDigits)
            return false;
        if (!parseReal(s, value))
            return false;
        return !(s[0] == '-' && value == 0.0); /* no negative zero */
    }
};

/* testlib's free conversion helpers: a token already read, checked as `in` would check it (PE on a bad one). */
namespace judge_testlib {

inline bool integerDigits(const std::string &s, size_t from) {
    if (from >= s.size() || s.size() - from > 20 || (s.size() - from > 1 && s[from] == '0'))
        return false;
    for (size_t i = from; i < s.size(); i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

}  // namespace judge_testlib

inline long long stringToLongLong(InStream &in, const char *buffer) {
    std::string s(buffer);
    bool negative = !s.empty() && s[0] == '-';
    char *end = NULL;
    errno = 0;
    long long value = judge_testlib::integerDigits(s, negative ? 1 : 0) && s != "-0"
                          ? std::strtoll(s.c_str(), &end, 10)
                          : 0;
    if (end != s.c_str() + s.size() || errno != 0)
        in.quit(_pe, ("Expected integer, but \"" + compress(s) + "\" found").c_str());
    return value;
}

inline unsigned long long stringToUnsignedLongLong(InStream &in, const char *buffer) {
    std::string s(buffer);
    char *end = NULL;
    errno = 0;
    unsigned long long value = judge_testlib::integerDigits(s, 0) ? std::strtoull(s.c_str(), &end, 10) : 0;
    if (end != s.c_str() + s.size() || errno != 0)
        in.quit(_pe, ("Expected unsigned integer, but \"" + compress(s) + "\" found").c_str());
    return value;
}

inline int stringToInt(InStream &in, const char *buffer) {
    long long value = stringToLongLong(in, buffer);
    if (value < INT_MIN || value > INT_MAX)
        in.quit(_pe, ("Expected int32, but \"" + compress(buffer) + "\" found").c_str());
    return static_cast<int>(value);
}

inline double stringToDouble(InStream &in, const char *buffer) {
    std::string s(buffer);
    bool plain = !s.empty() && s.size() <= 1000;
    for (size_t i = 0; plain && i < s.size(); i++)
        plain = (s[i] >= '0' && s[i] <= '9') || s[i] == '.' || s[i] == 'e' || s[i] == 'E' || s[i] == '-' ||
                s[i] == '+';
    char *end = NULL;
    double value = plain ? std::strtod(s.c_str(), &end) : 0.0;
    if (!plain || end != s.c_str() + s.size() || !std::isfinite(value))
        in.quit(_pe, ("Expected double, but \"" + compress(s) + "\" found").c_str());
    return value;
}

inline double stringToStrictDouble(InStream &in, const char *buffer, int minAfterPointDigitCount,
                                   int maxAfterPointDigitCount) {
    std::string s(buffer);
    size_t point = s.find('.');
    int after = point == std::string::npos ? 0 : static_cast<int>(s.size() - point - 1);
    if (after < minAfterPointDigitCount || after > maxAfterPointDigitCount || s.find_first_of("eE+") != std::string::npos)
        in.quit(_pe, ("Expected strict double, but \"" + compress(s) + "\" found").c_str());
    return stringToDouble(in, buffer);
}

InStream inf;
InStream ouf;
InStream ans;
std::fstream tout;

/* ---------------------------------------------------------------------------------------------------
 * Ending the program with a verdict
 * ------------------------------------------------------------------------------------------------- */

namespace judge_testlib {

inline int exitCode(TResult result) {
    switch (result) {
        case _ok:
            return OK_EXIT_CODE;
        case _wa:
            return WA_EXIT_CODE;
        case _pe:
            return PE_EXIT_CODE;
        case _fail:
            return FAIL_EXIT_CODE;
        case _dirt:
            return DIRT_EXIT_CODE;
        case _points:
            return POINTS_EXIT_CODE;
        case _unexpected_eof:
            return UNEXPECTED_EOF_EXIT_CODE;
        default:
            if (result >= _partially)
                return PC_BASE_EXIT_CODE + (result - _partially);
            return FAIL_EXIT_CODE;
    }
}

inline std::string prefix(TResult result) {
    switch (result) {
        case _ok:
            return "ok";
        case _wa:
            return "wrong answer";
        case _pe:
        case _dirt:
            return "wrong output format";
        case _fail:
            return "FAIL";
        case _points:
            return "points";
        case _unexpected_eof:
            return "unexpected eof";
        default:
            if (result >= _partially)
                return format("partially correct (%d)", result - _partially);
            return "FAIL";
    }
}

inline std::string outcome(TResult result) {
    switch (result) {
        case _ok:
            return "accepted";
        case _wa:
            return "wrong-answer";
        case _pe:
        case _dirt:
        case _unexpected_eof:
            return "presentation-error";
        case _points:
            return "points";
        default:
            return result >= _partially ? "partially-correct" : "fail";
    }
}

inline std::string xmlEscape(const std::string &s) {
    std::string out;
    for (size_t i = 0; i < s.size(); i++) {
        switch (s[i]) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out += s[i];
        }
    }
    return out;
}

inline void writeResultFile(TResult result, const std::string &message) {
    State &st = state();
    if (st.resultName.empty())
        return;
    FILE *file = std::fopen(st.resultName.c_str(), "w");
    if (file == NULL)
        return; /* the verdict still goes out by the exit code and stderr */
    if (st.appesMode) {
        std::fprintf(file, "<?xml version=\"1.0\" encoding=\"utf-8\"?>");
        std::string attributes = "outcome = \"" + outcome(result) + "\"";
        if (result == _points)
            attributes += " points = \"" + xmlEscape(message.substr(0, message.find(' '))) + "\"";
        if (result >= _partially)
            attributes += " pctype = \"" + vtos(result - _partially) + "\"";
        std::fprintf(file, "<result %s>%s</result>\n", attributes.c_str(), xmlEscape(message).c_str());
    } else {
        std::fprintf(file, "%s %s\n", prefix(result).c_str(), message.c_str());
    }
    std::fclose(file);
}

/* The verdict on a jury stream (the input, the answer) is always FAIL: bad jury data is the jury's fault.
 * A checker that accepts an output with more in it says so (extra information, exit 4). */
inline void finish(TResult result, std::string message, const InStream *stream) {
    State &st = state();
    if (st.quitting) /* an error while quitting: keep the first verdict's exit */
        std::_Exit(FAIL_EXIT_CODE);
    st.quitting = true;
    st.quitCount++;
    if (stream != NULL && stream->mode != _output && result != _fail) {
        std::string where = stream->name;
        if (testlibMode == _validator && stream == &inf)
            where += ", line " + vtos(inf.line());
        message += " (" + where + ")";
        result = _fail;
    }
    if (result == _ok && testlibMode == _checker && ouf.opened && !ouf.seekEof()) {
        result = _dirt;
        message = "Extra information in the output file";
    }
    std::string line = prefix(result);
    if (!message.empty())
        line += " " + message;
    std::fflush(stdout);
    std::fprintf(stderr, "%s\n", line.c_str());
    std::fflush(stderr);
    writeResultFile(result, message);
    if (tout.is_open())
        tout.close();
    std::exit(exitCode(result));
}

}  // namespace judge_testlib

inline void random_t::fail(const char *message) { judge_testlib::finish(_fail, message, NULL); }

JUDGE_TESTLIB_NORETURN inline void quit(TResult result, const std::string &msg) {
    judge_testlib::finish(result, msg, NULL);
}

JUDGE_TESTLIB_NORETURN inline void quit(TResult result, const char *msg) {
    judge_testlib::finish(result, msg == NULL ? "" : msg, NULL);
}

JUDGE_TESTLIB_NORETURN inline void quitf(TResult result, const char *format, ...) JUDGE_TESTLIB_PRINTF(2, 3);
JUDGE_TESTLIB_NORETURN inline void quitf(TResult result, const char *format, ...) {
    va_list args;
    va_start(args, format);
    std::string message = judge_testlib::vformat(format, args);
    va_end(args);
    judge_testlib::finish(result, message, NULL);
}

inline void quitif(bool condition, TResult result, const char *format, ...) JUDGE_TESTLIB_PRINTF(3, 4);
inline void quitif(bool condition, TResult result, const char *format, ...) {
    if (!condition)
        return;
    va_list args;
    va_start(args, format);
    std::string message = judge_testlib::vformat(format, args);
    va_end(args);
    judge_testlib::finish(result, message, NULL);
}

namespace judge_testlib {

template <typename F>
std::string points(F value, typename std::enable_if<std::is_integral<F>::value>::type * = 0) {
    return vtos(value);
}

template <typename F>
std::string points(F value, typename std::enable_if<!std::is_integral<F>::value>::type * = 0) {
    return removeDoubleTrailingZeroes(format("%.10f", static_cast<double>(value)));
}

/* Points info (Polygon's `quitpi`, or `quitp` with a string): passed through as written. */
inline std::string points(const std::string &info) { return info; }
inline std::string points(const char *info) { return info; }

}  // namespace judge_testlib

/* Exit 7 with "points X message" on stderr. */
template <typename F>
JUDGE_TESTLIB_NORETURN void quitp(F points, const std::string &message = "") {
    std::string text = judge_testlib::points(points);
    if (!message.empty())
        text += " " + message;
    judge_testlib::finish(_points, text, NULL);
}

template <typename F>
JUDGE_TESTLIB_NORETURN void quitp(F points, const char *format, ...) {
    va_list args;
    va_start(args, format);
    std::string message = judge_testlib::vformat(format, args);
    va_end(args);
    quitp(points, message);
}

template <typename F>
JUDGE_TESTLIB_NORETURN void quitpi(F points, const std::string &message = "") {
    quitp(points, message);
}

inline void ensuref(bool condition, const char *format, ...) JUDGE_TESTLIB_PRINTF(2, 3);
inline void ensuref(bool condition, const char *format, ...) {
    if (condition)
        return;
    va_list args;
    va_start(args, format);
    std::string message = judge_testlib::vformat(format, args);
    va_end(args);
    judge_testlib::finish(_fail, message, NULL);
}

namespace judge_testlib {
inline void ensureCondition(bool condition, const char *text) {
    if (!condition)
        finish(_fail, text, NULL);
}
}  // namespace judge_testlib

#define ensure(cond) ::judge_testlib::ensureCondition((cond), "Condition failed: \"" #cond "\"")

/* "expected X, found Y", optionally after a message. */
template <typename T>
JUDGE_TESTLIB_NORETURN void expectedButFound(TResult result, T expected, T found, const char *prependFormat = "",
                                             ...) {
    va_list args;
    va_start(args, prependFormat);
    std::string prepend = judge_testlib::vformat(prependFormat, args);
    va_end(args);
    std::string message = "expected '" + compress(vtos(expected)) + "', but found '" + compress(vtos(found)) + "'";
    quit(result, prepend.empty() ? message : prepend + ": " + message);
}

/* ---------------------------------------------------------------------------------------------------
 * Registration
 * ------------------------------------------------------------------------------------------------- */

namespace judge_testlib {

/* testlib requires a checker to end with a verdict and a validator to read to the end of file. */
class FinalizeGuard {
public:
    FinalizeGuard() { state(); /* built first, so destroyed after the guard */ }
    ~FinalizeGuard() {
        State &st = state();
        if (!st.guardEnabled || st.quitting)
            return;
        const char *problem = NULL;
        if (testlibMode == _checker && st.quitCount == 0)
            problem = "FAIL Checker must end with quit or quitf call.";
        if (testlibMode == _validator && st.readEofCount == 0 && st.quitCount == 0)
            problem = "FAIL Validator must end with readEof call.";
        if (problem != NULL) {
            std::fflush(stdout);
            std::fprintf(stderr, "%s\n", problem);
            std::fflush(stderr);
            std::_Exit(FAIL_EXIT_CODE);
        }
    }
};

inline void resultArguments(int argc, char *argv[], int first) {
    if (argc > first)
        state().resultName = argv[first];
    if (argc > first + 1 && std::string(argv[first + 1]) == "-appes")
        state().appesMode = true;
}

inline void keepArguments(int argc, char *argv[]) {
    state().args.assign(argv, argv + argc);
}

}  // namespace judge_testlib

judge_testlib::FinalizeGuard testlibFinalizeGuard;

inline void disableFinalizeGuard() { judge_testlib::state().guardEnabled = false; }

inline void setName(const char *format, ...) JUDGE_TESTLIB_PRINTF(1, 2);
inline void setName(const char *format, ...) {
    va_list args;
    va_start(args, format);
    judge_testlib::state().checkerName = judge_testlib::vformat(format, args);
    va_end(args);
}

/* checker input output answer [result-file [-appes]] */
inline void registerTestlibCmd(int argc, char *argv[]) {
    testlibMode = _checker;
    judge_testlib::keepArguments(argc, argv);
    if (argc == 2 && std::string(argv[1]) == "--help") {
        std::printf("%s\nusage: %s <input-file> <output-file> <answer-file> [<report-file> [<-appes>]]\n",
                    judge_testlib::state().checkerName.c_str(), argv[0]);
        std::exit(0);
    }
    if (argc < 4)
        judge_testlib::finish(_fail, "Program must be run with the arguments <input-file> <output-file> "
                                     "<answer-file> [<report-file> [<-appes>]]",
                              NULL);
    judge_testlib::resultArguments(argc, argv, 4);
    inf.init(argv[1], _input);
    ans.init(argv[3], _answer);
    ouf.init(argv[2], _output);
}

/* The older form: registerTestlib(argc, "input", "output", "answer", ...). */
inline void registerTestlib(int argc, ...) {
    std::vector<std::string> strings(1, "checker");
    va_list args;
    va_start(args, argc);
    for (int i = 0; i < argc; i++)
        strings.push_back(va_arg(args, char *));
    va_end(args);
    std::vector<char *> argv;
    for (size_t i = 0; i < strings.size(); i++)
        argv.push_back(&strings[i][0]);
    argv.push_back(NULL);
    registerTestlibCmd(static_cast<int>(strings.size()), &argv[0]);
}

/* interactor input output [answer [result-file [-appes]]]: ouf is stdin (the program's output), stdout
 * goes to the program, tout writes the output file a checker reads afterwards. */
inline void registerInteraction(int argc, char *argv[]) {
    testlibMode = _interactor;
    judge_testlib::keepArguments(argc, argv);
    if (argc < 3)
        judge_testlib::finish(_fail, "Program must be run with the arguments <input-file> <output-file> "
                                     "[<answer-file> [<report-file> [<-appes>]]]",
                              NULL);
    judge_testlib::resultArguments(argc, argv, 4);
    inf.init(argv[1], _input);
    tout.open(argv[2], std::ios_base::out | std::ios_base::trunc);
    if (!tout.is_open())
        judge_testlib::finish(_fail, std::string("Can not write to the output file \"") + argv[2] + "\"", NULL);
    ouf.init(stdin, _output);
    if (argc > 3)
        ans.init(argv[3], _answer);
    else
        ans.name = "unopened answer stream";
}

namespace judge_testlib {

class Validator {
public:
    std::string testset() const { return state().testset; }
    std::string group() const { return state().group; }
};

}  // namespace judge_testlib

judge_testlib::Validator validator;

/* validator < input [--testset name] [--group name]: inf is stdin, read strictly. */
inline void registerValidation() {
    testlibMode = _validator;
    inf.init(stdin, _input);
    inf.strict = true;
}

inline void registerValidation(int argc, char *argv[]) {
    registerValidation();
    judge_testlib::keepArguments(argc, argv);
    for (int i = 1; i + 1 < argc; i++) {
        std::string option = argv[i];
        if (option == "--testset")
            judge_testlib::state().testset = argv[++i];
        else if (option == "--group")
            judge_testlib::state().group = argv[++i];
    }
}

/* generator [args...]: rnd is seeded from the arguments, the test goes to stdout. */
inline void registerGen(int argc, char *argv[], int randomGeneratorVersion) {
    (void)randomGeneratorVersion;
    testlibMode = _generator;
    judge_testlib::keepArguments(argc, argv);
    rnd.setSeed(argc, argv);
}

inline void registerGen(int argc, char *argv[]) { registerGen(argc, argv, 1); }

/* --- generator options: "-name=value", "--name=value" or "-name value" --------------------------- */

namespace judge_testlib {

inline bool findOption(const std::string &key, std::string &value) {
    const std::vector<std::string> &args = state().args;
    for (size_t i = 1; i < args.size(); i++) {
        std::string arg = args[i];
        if (arg.size() < 2 || arg[0] != '-')
            continue;
        arg = arg.substr(arg[1] == '-' ? 2 : 1);
        size_t equals = arg.find('=');
        if (equals != std::string::npos) {
            if (arg.substr(0, equals) == key) {
                value = arg.substr(equals + 1);
                return true;
            }
        } else if (arg == key) {
            value = i + 1 < args.size() ? args[i + 1] : "true";
            return true;
        }
    }
    return false;
}

template <typename T>
T convertOption(const std::string &text, const std::string &name) {
    std::istringstream in(text);
    T value;
    if (!(in >> value) || !(in >> std::ws).eof())
        finish(_fail, "Option \"" + name + "\" has the bad value \"" + text + "\"", NULL);
    return value;
}

template <>
inline std::string convertOption<std::string>(const std::string &text, const std::string &) {
    return text;
}

template <>
inline bool convertOption<bool>(const std::string &text, const std::string &name) {
    std::string lower = lowerCase(text);
    if (lower == "true" || lower == "1")
        return true;
    if (lower == "false" || lower == "0")
        return false;
    finish(_fail, "Option \"" + name + "\" has the bad value \"" + text + "\"", NULL);
}

}  // namespace judge_testlib

inline bool has_opt(const std::string &key) {
    std::string value;
    return judge_testlib::findOption(key, value);
}

template <typename T>
T opt(const std::string &key) {
    std::string value;
    if (!judge_testlib::findOption(key, value))
        judge_testlib::finish(_fail, "Option \"" + key + "\" is not given", NULL);
    return judge_testlib::convertOption<T>(value, key);
}

template <typename T>
T opt(const std::string &key, const T &defaultValue) {
    std::string value;
    if (!judge_testlib::findOption(key, value))
        return defaultValue;
    return judge_testlib::convertOption<T>(value, key);
}

inline std::string opt(const std::string &key) { return opt<std::string>(key); }

template <typename T>
T opt(int index) {
    const std::vector<std::string> &args = judge_testlib::state().args;
    if (index < 1 || static_cast<size_t>(index) >= args.size())
        judge_testlib::finish(_fail, "Argument " + vtos(index) + " is not given", NULL);
    return judge_testlib::convertOption<T>(args[static_cast<size_t>(index)], vtos(index));
}

inline std::string opt(int index) { return opt<std::string>(index); }

/* --- println: values separated by spaces, then a newline ------------------------------------------- */

inline void println() { std::cout << '\n'; }

template <typename T>
void println(const T &value) {
    std::cout << value << '\n';
}

template <typename T, typename... Rest>
void println(const T &value, const Rest &...rest) {
    std::cout << value << ' ';
    println(rest...);
}

#endif /* JUDGE_TESTLIB_H */
