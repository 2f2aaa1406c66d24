import java.io.BufferedOutputStream;
import java.io.PrintStream;

public class Main {
    public static void main(String[] args) {
        PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 1 << 16));
        while (!out.checkError()) {
            out.println("flooding the judge with output that nobody asked for");
        }
    }
}
