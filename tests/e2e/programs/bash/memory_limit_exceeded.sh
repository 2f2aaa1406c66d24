# doubles a string until the memory limit stops it
s=x
while :; do s="$s$s"; done
