import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;

/** Halving search; the writer is flushed after every line. */
public class Threshold {
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        PrintWriter out = new PrintWriter(System.out, true);
        String[] first = in.readLine().trim().split(" ");
        long low = 1, high = Long.parseLong(first[0]);
        while (low < high) {
            long middle = (low + high) >>> 1;
            out.println("? " + middle);
            if ("beep".equals(in.readLine().trim())) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        out.println("! " + low);
    }
}
