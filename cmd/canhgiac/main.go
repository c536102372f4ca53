// Command canhgiac runs the Cảnh Giác platform; see internal/cli.
package main

import (
	"context"
	"os"

	"github.com/canhgiac/canhgiac/internal/cli"
)

func main() {
	os.Exit(cli.Run(context.Background(), os.Args[1:], cli.IO{In: os.Stdin, Out: os.Stdout, Err: os.Stderr}))
}
