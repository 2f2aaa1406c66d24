use std::io::Write;

fn main() {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    loop {
        if writeln!(out, "flooding the judge with output that nobody asked for").is_err() {
            return;
        }
    }
}
