package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"
)

// Money: encrypted inputs need --password-env; --password-env encrypts the
// payroll workbook, which then opens only with the password (in excelize
// and in LibreOffice).

const testPassword = "口令 Pay-2026!"

var setTestPassword sync.Once

// encryptedPayroll runs the sample month with --password-env and returns
// the month's output folder.
func encryptedPayroll(t *testing.T) string {
	t.Helper()
	// Set once for the test process (not t.Setenv, which a parallel test
	// cannot use); nothing else reads this variable.
	setTestPassword.Do(func() { os.Setenv("APPRAISE_TEST_PW", testPassword) })
	out := t.TempDir()
	if code, _, stderr := runCLI(t, "run", "../../samples/2026-11", "--out", out, "-q", "--password-env", "APPRAISE_TEST_PW"); code != exitOK {
		t.Fatalf("run --password-env = %d\n%s", code, stderr)
	}
	return filepath.Join(out, "2026-11")
}

func TestPayrollEncrypted(t *testing.T) {
	t.Parallel()
	month := encryptedPayroll(t)
	payroll := filepath.Join(month, "绩效工资调整表_2026-11.xlsx")
	data, err := os.ReadFile(payroll)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}) {
		t.Errorf("payroll workbook is not an encrypted (OLE) package: starts %x", data[:8])
	}
	for _, pw := range []string{"", "wrong"} {
		if f, err := excelize.OpenFile(payroll, excelize.Options{Password: pw}); err == nil {
			f.Close()
			t.Errorf("excelize opens the payroll with password %q; want an error", pw)
		}
	}
	f, err := excelize.OpenFile(payroll, excelize.Options{Password: testPassword})
	if err != nil {
		t.Fatalf("excelize cannot open the payroll with the password: %v", err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 41 || len(rows[0]) == 0 || rows[0][0] != "工号" {
		t.Errorf("decrypted payroll has %d rows, header %q; want 41 rows under 工号 …", len(rows), rows[0])
	}
	// the other workbooks carry no password
	for _, name := range []string{"月度考核表_2026-11.xlsx", "校验报告_2026-11.xlsx"} {
		g, err := excelize.OpenFile(filepath.Join(month, name))
		if err != nil {
			t.Errorf("%s does not open without a password: %v", name, err)
			continue
		}
		g.Close()
	}
}

// unoPython returns a python3 that has LibreOffice's UNO bridge, or "".
func unoPython() string {
	for _, p := range []string{"/usr/bin/python3", "python3"} {
		if exec.Command(p, "-c", "import uno").Run() == nil {
			return p
		}
	}
	return ""
}

// unoOpen opens a workbook in LibreOffice through UNO with a password and
// prints the first three cells of the first two rows, or REFUSED.
const unoOpen = `
import sys, time, subprocess, uno
from com.sun.star.beans import PropertyValue
soffice, profile, path, password = sys.argv[1:5]
pipe = "appraise%d" % int(time.time() * 1000)
p = subprocess.Popen([soffice, "-env:UserInstallation=" + profile, "--headless", "--invisible", "--norestore",
                      "--accept=pipe,name=%s;urp;" % pipe], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
desktop = None
try:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    ctx = None
    for _ in range(600):
        try:
            ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
            break
        except Exception:
            time.sleep(0.1)
    if ctx is None:
        print("NOCONNECT")
        sys.exit(3)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    def prop(n, v):
        pv = PropertyValue()
        pv.Name, pv.Value = n, v
        return pv
    props = [prop("Hidden", True)]
    if password:
        props.append(prop("Password", password))
    try:
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(path), "_blank", 0, tuple(props))
    except Exception:
        doc = None
    if doc is None:
        print("REFUSED")
    else:
        sh = doc.Sheets.getByIndex(0)
        for r in range(2):
            print("\t".join(sh.getCellByPosition(c, r).getString() for c in range(3)))
        doc.close(True)
finally:
    try:
        if desktop is not None:
            desktop.terminate()
    except Exception:
        pass
    try:
        p.wait(timeout=30)
    except Exception:
        p.kill()
`

// TestLibreOfficePayrollPassword: LibreOffice refuses the encrypted payroll
// without the password (on the command line and through UNO) and with a
// wrong one, and opens it with the password.
func TestLibreOfficePayrollPassword(t *testing.T) {
	bin := soffice(t)
	month := encryptedPayroll(t)
	payroll := filepath.Join(month, "绩效工资调整表_2026-11.xlsx")

	conv := t.TempDir()
	cmd := exec.Command(bin, "-env:UserInstallation=file://"+filepath.ToSlash(t.TempDir()), "--headless",
		"--convert-to", "csv", "--outdir", conv, payroll)
	b, _ := cmd.CombinedOutput()
	if ents, _ := os.ReadDir(conv); len(ents) != 0 {
		t.Errorf("soffice --convert-to converted the encrypted payroll without a password:\n%s", b)
	}

	py := unoPython()
	if py == "" {
		t.Skip("python3 with LibreOffice's uno module (python3-uno) is not installed: only the refusal was checked")
	}
	script := filepath.Join(t.TempDir(), "open.py")
	if err := os.WriteFile(script, []byte(unoOpen), 0o644); err != nil {
		t.Fatal(err)
	}
	open := func(password string) string {
		profile := "file://" + filepath.ToSlash(t.TempDir())
		out, err := exec.Command(py, script, bin, profile, payroll, password).Output()
		if err != nil {
			t.Fatalf("UNO script (password %q): %v\n%s", password, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	for _, pw := range []string{"", "wrong"} {
		if got := open(pw); got != "REFUSED" {
			t.Errorf("LibreOffice with password %q shows %q; want REFUSED", pw, got)
		}
	}
	got := open(testPassword)
	if lines := strings.Split(got, "\n"); len(lines) != 2 || lines[0] != "工号\t姓名\t部门" || !strings.HasPrefix(lines[1], "KF") {
		t.Errorf("LibreOffice with the password shows %q; want the header 工号 姓名 部门 and a row", got)
	}
}
