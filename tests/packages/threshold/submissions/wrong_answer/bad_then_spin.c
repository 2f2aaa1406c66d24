/* Weighs 0, which is out of range, then spins: the interactor has rejected first, so the verdict
   is a wrong answer even though the program then runs out of time. */
#include <stdio.h>

int main(void) {
    printf("? 0\n");
    fflush(stdout);
    volatile unsigned long spins = 0;
    for (;;) spins = spins + 1;
}
