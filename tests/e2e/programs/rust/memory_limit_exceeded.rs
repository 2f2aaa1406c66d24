fn main() {
    let block = vec![1u8; 1 << 30];
    let block = std::hint::black_box(block);
    println!("{}", block[block.len() - 1]);
}
