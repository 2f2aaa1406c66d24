public class Main {
    static volatile long spins = 0;

    public static void main(String[] args) {
        while (true) {
            spins++;
        }
    }
}
