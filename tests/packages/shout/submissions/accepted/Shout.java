import java.util.Locale;
import java.util.Scanner;

public class Shout {
    public static void main(String[] args) {
        String line = new Scanner(System.in).nextLine();
        System.out.println(line.toUpperCase(Locale.ROOT) + "!");
    }
}
