// Package sheets reads the month's input workbooks (.xlsx, .xlsm, .csv) into
// calc types and writes the output workbooks.
//
// Reading: Load classifies every sheet of every file in a month folder by its
// header row (not by file name), streams the data rows with excelize's Rows
// iterator, parses cells (dates in text and serial form, 1900 and 1904 date
// systems, times, numbers stored as text, IDs keeping leading zeros) and
// checks each row's 工号 and 姓名 against the roster. Every problem is
// collected with its file, sheet and cell; Load fails only when the folder
// itself cannot be read.
//
// Formula cells without a cached value cannot be seen in the streamed rows
// (excelize returns them as empty strings), so before streaming a sheet the
// reader makes a cheap SAX pass over the sheet's XML part in the zip package
// and records the cells that have an <f> element and no <v> element, and
// the merged ranges (used to carry merged header titles). The worksheet is
// never loaded as a whole.
package sheets
