read -r a b
while :; do :; done
