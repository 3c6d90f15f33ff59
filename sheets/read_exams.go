package sheets

import "appraise/calc"

// readExamRow parses a 考试成绩 row; 满分 blank means 100 (Full 0).
func (ld *loader) readExamRow(c *rowCtx) {
	who := c.identify()
	x := calc.Exam{}
	if day, ok := c.date("考试日期", false); ok {
		if !c.inMonth("考试日期", day, false) {
			return
		}
		x.Date = day
	}
	score := c.dec("成绩", true)
	full := c.dec("满分", false)
	if score.Valid {
		x.Score = score.Decimal
		if x.Score.IsNegative() {
			c.errorf("成绩", "请填写不小于 0 的成绩", "成绩 不能为负数")
		}
	}
	if full.Valid {
		x.Full = full.Decimal
		if !x.Full.IsPositive() {
			c.errorf("满分", "请填写大于 0 的满分，或留空表示 100", "满分 应大于 0")
		} else if score.Valid && x.Score.GreaterThan(x.Full) {
			c.errorf("成绩", "请检查成绩和满分", "成绩 %s 高于满分 %s", x.Score, x.Full)
		}
	} else if score.Valid && x.Score.GreaterThan(decimalHundred) {
		c.errorf("成绩", "满分不是 100 时请填写 满分 列", "成绩 %s 高于满分 100", x.Score)
	}
	if c.bad {
		return
	}
	x.Loc = c.loc("成绩")
	ld.exams = append(ld.exams, pending[calc.Exam]{x, who})
}
