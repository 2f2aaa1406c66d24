#include <stdio.h>

int main(void) {
    for (;;) fputs("flooding the judge with output that nobody asked for\n", stdout);
}
