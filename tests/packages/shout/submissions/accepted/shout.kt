// Kotlin is not run by this judge: the import keeps this file and says why it is skipped.
fun main() {
    println(readln().uppercase() + "!")
}
