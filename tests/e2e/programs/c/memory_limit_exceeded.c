#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    size_t size = (size_t)1 << 30;
    char *block = malloc(size);
    if (block == NULL) return 5; /* refused by an address-space limit: not what this test wants */
    memset(block, 1, size);
    printf("%d %p\n", block[size - 1], (void *)block); /* the block escapes: not optimised away */
    return 0;
}
