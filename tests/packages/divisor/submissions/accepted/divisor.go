// Go is not run by this judge: the import keeps this file and says why it is skipped.
package main

import (
	"bufio"
	"fmt"
	"os"
)

func main() {
	in := bufio.NewReader(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for {
		var n int64
		if _, err := fmt.Fscan(in, &n); err != nil {
			return
		}
		answer := "prime"
		for d := int64(2); d*d <= n; d++ {
			if n%d == 0 {
				answer = fmt.Sprint(d)
				break
			}
		}
		fmt.Fprintln(out, answer)
	}
}
