public class Main {
    public static void main(String[] args) {
        int[] values = new int[1];
        System.out.println(values[args.length + 5]);
    }
}
