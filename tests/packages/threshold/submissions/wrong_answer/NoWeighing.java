/** Names the middle of the range without weighing anything. */
public class NoWeighing {
    public static void main(String[] args) throws java.io.IOException {
        java.util.Scanner in = new java.util.Scanner(System.in);
        long n = in.nextLong();
        System.out.println("! " + (n + 1) / 2);
        System.out.flush();
    }
}
