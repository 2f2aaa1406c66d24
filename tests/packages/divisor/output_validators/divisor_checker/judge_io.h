// judge_io.h -- the little toolkit behind this package's Kattis-protocol programs.
//
// Such a program is started as `program <input> <answer> <feedback_dir> [flags...]` and reads the
// contestant's output on standard input (an interactor also writes to the contestant on standard
// output). It ends with exit code 42 (accepted) or 43 (rejected) and explains itself in
// <feedback_dir>/judgemessage.txt; any other exit tells the judge that the jury's program failed.
#ifndef JUDGE_IO_H
#define JUDGE_IO_H

#include <csignal>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

namespace judge_io {

inline constexpr int kAccepted = 42;
inline constexpr int kRejected = 43;
inline constexpr int kJuryFailure = 1;

inline std::ifstream test_input;   // the test's .in file
inline std::ifstream test_answer;  // the test's .ans file
inline std::vector<std::string> flags;
inline std::FILE *judgemessage = nullptr;

inline void vwrite_message(const char *format, std::va_list arguments) {
    if (judgemessage == nullptr) return;
    std::vfprintf(judgemessage, format, arguments);
    std::fflush(judgemessage);
}

// Appends a line of explanation to judgemessage.txt (printf-style).
inline void message(const char *format, ...) {
    std::va_list arguments;
    va_start(arguments, format);
    vwrite_message(format, arguments);
    va_end(arguments);
}

[[noreturn]] inline void finish(int code) {
    if (judgemessage != nullptr) std::fclose(judgemessage);
    std::exit(code);
}

[[noreturn]] inline void accept() { finish(kAccepted); }

// Rejects the contestant's output, saying why.
[[noreturn]] inline void reject(const char *format, ...) {
    std::va_list arguments;
    va_start(arguments, format);
    vwrite_message(format, arguments);
    va_end(arguments);
    finish(kRejected);
}

// The jury's own data is broken: neither verdict would be honest.
[[noreturn]] inline void jury_failure(const char *what) {
    std::fprintf(stderr, "jury failure: %s\n", what);
    finish(kJuryFailure);
}

// Opens the test's files and the feedback directory from the command line.
inline void start(int argc, char **argv) {
    // An interactor may still answer a contestant that has already gone: a failed write must not
    // kill it, the missing reply is judged from what was read.
    std::signal(SIGPIPE, SIG_IGN);
    if (argc < 4) {
        std::fprintf(stderr, "usage: %s input answer feedback_dir [flags...] < output\n", argv[0]);
        std::exit(kJuryFailure);
    }
    test_input.open(argv[1]);
    test_answer.open(argv[2]);
    std::string directory = argv[3];
    if (directory.empty() || directory.back() != '/') directory += '/';
    judgemessage = std::fopen((directory + "judgemessage.txt").c_str(), "w");
    if (!test_input || !test_answer || judgemessage == nullptr) jury_failure("cannot open the judge files");
    flags.assign(argv + 4, argv + argc);
}

}  // namespace judge_io

#endif
