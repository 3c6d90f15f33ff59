// Package sheets turns the month's input workbooks into calc types with
// their locations, and writes the output workbooks.
//
// # Reading
//
// Load reads every .xlsx, .xlsm and .csv file of a month folder (not its
// subfolders; an .xls is converted with LibreOffice when it is installed).
// Each sheet is recognised by its header row, not by the file name: kinds.go
// lists the input kinds with their columns and aliases, header.go finds the
// header below title rows (two-row headers, merged titles included). The
// workbook's cells come from the xlsx engine (package sheets/xlsx: a byte
// scanner of the worksheet parts that never unzips the package whole,
// with bounds on hostile sizes), CSV files are decoded from UTF-8, UTF-16
// or GB18030 (csv.go).
//
// Every data row goes to the reader of its input shape, which the reader
// factory (factory.go) picks by the detected kind, one file each:
// read_roster.go, read_attendance.go (our daily template), read_dingtalk.go,
// read_wecom.go and read_punch.go (other systems' exports; punch logs and
// 排班表),
// read_matrix.go (hand-made month grids), read_qa.go, read_events.go,
// read_exams.go, read_complaints.go, read_adjustments.go,
// read_workload.go, read_leave.go, read_swaps.go, read_appeals.go and
// read_soft.go. They read cells through the getters of read_row.go and
// cell.go (dates as text or serials in both date systems, times, numbers
// stored as text, IDs keeping their leading zeros), check 工号 and 姓名
// against the roster (read_identity.go) and hand typed values to calc;
// what a value means for the appraisal is decided in calc. inputs.go
// checks that the month is complete (D19: every required kind present,
// the attendance covering the workdays; copies are caught by
// inputs_copies.go), nearmiss.go explains a header that almost matched.
//
// Every problem is a calc.Problem with its file, sheet and cell, all found
// in one pass; Load fails only when the folder itself cannot be read.
// Inspect and InspectRows show how one file is read (appraise inspect).
//
// # Writing
//
// WriteSet writes a month's outputs: the appraisal workbook
// (write_appraisal.go), the payroll adjustments and their CSV
// (write_payroll.go), the notices (write_notice.go), the team files
// (write_team.go), the validation report (write_report.go) and the
// manifest (manifest.go), with shared styles (book.go), tables
// (table.go), cell values (cellvalues.go), print setup (print.go) and a
// deterministic zip (style.go), so that the same result gives the same
// bytes. They are written as one set (outset.go): staged beside the month
// folder and switched in whole (D29); leftovers of killed runs are cleaned
// up by outset_recover.go, backups of replaced files kept by backup.go. final.go records a signed-off month and writes
// its corrections (D33); previous.go reads a previous month's appraisal
// (D13); summary_read.go, summary_write.go and summary_charts.go make the
// summary of several months (D39).
//
// The rules workbook and the blank templates are written and read by
// package templates (which builds on sheets), the sample months by package
// samples; sheets imports neither (Load takes the *calc.Rules that
// templates.ReadRules returned).
package sheets
