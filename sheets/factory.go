package sheets

// readerFor is the reader factory (Miller's record_reader_factory is the
// model): it maps a detected header to the row parser of its input shape,
// each in a file of its own (read_roster.go, read_attendance.go, …), or nil
// for a kind without one. It has no side effects. A hand-made matrix is read
// at the end, once the legend under the table is known: its rows are kept in
// the returned matrix sheet, which the caller queues. What a readable sheet
// tells the month (ExamsGiven …) is recorded by the loader where it counts
// the sheet (countKind), the 服务质量综合考评表's columns are checked by
// the caller (checkQAHeader).
func (ld *loader) readerFor(h *header, src *sheetSrc) (read func(*rowCtx), matrix *matrixSheet) {
	switch h.kind {
	case Roster:
		return ld.readRosterRow, nil
	case Attendance:
		return ld.readAttendanceRow, nil
	case QA:
		return ld.readQARow, nil
	case Events:
		return ld.readEventRow, nil
	case Exams:
		return ld.readExamRow, nil
	case LeaveLog:
		return ld.leaveReader(h), nil
	case SwapLog:
		return ld.readSwapRow, nil
	case AppealLog:
		return ld.readAppealRow, nil
	case Complaints:
		return ld.readComplaintRow, nil
	case Adjustments:
		return ld.readAdjustmentRow, nil
	case Workload:
		return ld.readWorkloadRow, nil
	case Soft:
		return ld.readSoftRow, nil
	case DingTalk:
		return ld.dingTalkReader(h), nil
	case WeCom:
		return ld.weComReader(h), nil
	case Punches:
		return ld.readPunchRow, nil
	case Shifts:
		return ld.readShiftRow, nil
	case Matrix, DingTalkMonth:
		ms := newMatrixSheet(h, src)
		return ms.keepRow, ms
	}
	return nil, nil
}
