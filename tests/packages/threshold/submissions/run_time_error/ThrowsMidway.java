import java.util.Scanner;

/** Weighs once, then throws: the JVM exits with status 1. */
public class ThrowsMidway {
    public static void main(String[] args) {
        Scanner in = new Scanner(System.in);
        long n = in.nextLong();
        in.nextLong();
        System.out.println("? " + (n + 1) / 2);
        System.out.flush();
        String reply = in.next();
        throw new IllegalStateException("the machine said " + reply);
    }
}
