source ./adder.sh
read -r a b
add "$a" "$b"
