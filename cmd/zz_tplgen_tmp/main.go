package main

import (
	"fmt"
	"os"
	"strconv"
	"time"

	"appraise/calc"
	"appraise/sheets"
)

func main() {
	y, _ := strconv.Atoi(os.Args[2])
	m, _ := strconv.Atoi(os.Args[3])
	if err := sheets.WriteTemplates(os.Args[1], calc.DefaultRules(), y, time.Month(m)); err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	r, ps := sheets.ReadRules(os.Args[1] + "/考核规则.xlsx")
	for _, p := range ps {
		fmt.Println(p.Level, p.Loc, p.Msg)
	}
	fmt.Println(r != nil, r.Hash() == calc.DefaultRules().Hash())
}
