/* Multiplies in int: right while products stay below 2^31 (group 1), overflows on group 2. */
#include <stdio.h>

int main(void) {
    int n, first, second, best;
    if (scanf("%d %d %d", &n, &first, &second) != 3) return 1;
    int values[100000];
    values[0] = first;
    values[1] = second;
    for (int i = 2; i < n; ++i) scanf("%d", &values[i]);
    best = first * second;
    for (int i = 0; i < n; ++i)
        for (int j = i + 1; j < n; ++j)
            if (values[i] * values[j] > best) best = values[i] * values[j];
    printf("%d\n", best);
    return 0;
}
