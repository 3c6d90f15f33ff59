// Package samples generates realistic months of every input kind of
// appraise, and holds the two bundled sample months beside it
// (samples/2026-10 and samples/2026-11, described in samples/README.md).
//
// Write(dir, Options{Employees, Year, Month, Seed, Attendance}) writes a
// month the way HR fills the workbooks in: merged title rows, Chinese
// headers, Excel dates and times, IDs as text, leading zeros; the
// attendance as our daily template, as a ZKTeco punch CSV in GBK or as a
// DingTalk 每日统计 export. The same options give byte-identical files; the
// roster depends on the seed alone (one hire a month, who leaves in
// probation two months later), the records on the seed and the month, and
// every scenario of the README (last place, S05, X01, D8 tiers, S04, the
// grade boundaries, appeals, leave and swap findings) is cast on someone.
//
// The files:
//
//	sample.go    Options, Write, the roster and the cast of a month
//	generate.go  the month's attendance, events, QA, exams, complaints
//	policy.go    leave records, swaps and appeals (D32, D34, D36, D37)
//	books.go     the month laid out as HR's workbooks and sheets
//	xlsx.go      writing a workbook cell by cell, with the styles
//	stream.go    streamed sheets for large departments, the punch CSV and
//	             the DingTalk layout
//
// samples imports calc only, not sheets, so that the tests of sheets can
// generate months; its own tests read the written files back with
// sheets.Load and check that the bundled months regenerate identically.
package samples
