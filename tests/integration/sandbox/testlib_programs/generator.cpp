// A testlib generator of the validator's inputs: `-n=<count>`, seeded by its arguments.
#include "testlib.h"

int main(int argc, char *argv[]) {
    registerGen(argc, argv, 1);
    int n = opt<int>("n");
    println(n);
    println(join(rnd.perm(n, 1)));
    println(rnd.next("[a-z]{1,5}"));
    std::cout << rnd.next(0, 9) << "." << rnd.next(10, 99) << "\n";
}
