fn main() {
    let values: Vec<i32> = Vec::new();
    let index = std::hint::black_box(5);
    println!("{}", values[index]);
}
