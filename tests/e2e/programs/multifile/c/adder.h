#ifndef ADDER_H
#define ADDER_H
long long add(long long a, long long b);
#endif
