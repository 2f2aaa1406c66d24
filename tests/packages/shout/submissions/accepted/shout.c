#include <ctype.h>
#include <stdio.h>

int main(void) {
    char line[128];
    if (!fgets(line, sizeof line, stdin)) return 1;
    for (char *c = line; *c && *c != '\n'; ++c) putchar(toupper((unsigned char)*c));
    puts("!");
    return 0;
}
