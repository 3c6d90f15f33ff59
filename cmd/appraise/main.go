// Command appraise computes a customer-service department's monthly
// appraisal from the department's own workbooks. See README.md.
package main

import "os"

func main() {
	stop := startProfile()
	code := run(os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
