//go:build tools

// Package tools pins the project's dependencies before all of them are used.
package tools

import (
	_ "github.com/spf13/pflag"
	_ "github.com/xuri/excelize/v2"
	_ "golang.org/x/text/encoding/simplifiedchinese"
)
