/* Exits with status 3 before saying anything. */
int main(void) { return 3; }
