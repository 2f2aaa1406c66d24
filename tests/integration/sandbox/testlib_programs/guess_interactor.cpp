// The number-guessing game (1..10^9, at most 30 queries) as a testlib interactor: the input holds the
// secret, the program's guesses come on stdin, replies go to stdout, and the output file gets the number
// of queries for the checker.
#include "testlib.h"

#include <iostream>

using namespace std;

int main(int argc, char *argv[]) {
    registerInteraction(argc, argv);
    long long secret = inf.readLong(1, 1000000000, "secret");
    for (int queries = 1; queries <= 30; queries++) {
        long long guess = ouf.readLong(1, 1000000000, "guess");
        if (guess == secret) {
            cout << "correct" << endl;
            tout << queries << endl;
            quitf(_ok, "guessed in %d queries", queries);
        }
        cout << (guess > secret ? "lower" : "higher") << endl;
    }
    quitf(_wa, "more than 30 queries");
}
