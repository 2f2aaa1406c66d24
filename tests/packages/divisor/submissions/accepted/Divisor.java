import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;

/** Trial division up to the square root, printing the smallest divisor. */
public class Divisor {
    static long smallestDivisor(long n) {
        if (n % 2 == 0) return n == 2 ? 0 : 2;
        for (long d = 3; d * d <= n; d += 2) {
            if (n % d == 0) return d;
        }
        return 0;
    }

    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        StringBuilder out = new StringBuilder();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.isBlank()) continue;
            long d = smallestDivisor(Long.parseLong(line.trim()));
            out.append(d == 0 ? "prime" : Long.toString(d)).append('\n');
        }
        System.out.print(out);
    }
}
