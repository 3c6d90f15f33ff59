package calc

import (
	"time"

	"github.com/shopspring/decimal"
)

// Loc is the place an input value came from. calc never interprets it; it
// only carries it into problems and the event list so that a reader can find
// the cell again. Cell may be a single cell ("C7") or a row ("第7行").
type Loc struct {
	File, Sheet, Cell string
}

// Category groups the rules of the catalogue as the policy does.
type Category string

// The categories of the policy.
const (
	Bonus         Category = "加分"
	Light         Category = "轻度违规"
	Medium        Category = "中度违规"
	Severe        Category = "重度违规"
	Dismissal     Category = "直接辞退"
	Discretionary Category = "额外奖惩"
)

// Rule is one entry of the catalogue. Points are positive numbers; the
// category says whether they are added or deducted. A rule with Min == Max
// has fixed points; otherwise an event must give points within [Min, Max].
// Dismissal rules carry no points.
type Rule struct {
	Code     string
	Category Category
	Name     string
	Min, Max decimal.Decimal
	PerMonth bool   // at most once a month (计次方式 每月一次), else per occurrence (每次)
	Note     string // 说明
}

// Tier maps a range of minutes [From, To] (To == 0: open ended) to points
// (late/early, D6) or to a rule code (incidents, D8).
type Tier struct {
	From, To int
	Points   decimal.Decimal
	Code     string
}

// GradeBand is one grade: a score s has this grade when s > Min (Exclusive)
// or s >= Min. Bands are tried from the highest Min down.
type GradeBand struct {
	Grade     string
	Min       decimal.Decimal
	Exclusive bool
}

// QAItem is one check item of the QA form with its maximum.
type QAItem struct {
	Name string
	Max  decimal.Decimal
}

// Shift is a scheduled shift in minutes after midnight; End < Start means the
// shift ends the next day.
type Shift struct {
	Name       string
	Start, End int
}

// Rules is the whole policy as data: the catalogue and every setting the
// spec calls a setting. DefaultRules returns the department's policy.
type Rules struct {
	Catalogue []Rule

	Base, Cap, Floor decimal.Decimal // 80, 110, 0 (D1)
	Grades           []GradeBand     // D2, highest first
	FailGrade        string          // grade below every band: 不合格

	YuanPerPoint decimal.Decimal // 10 (D3)
	FloatMax     decimal.Decimal // 300: float clamped to ±FloatMax
	FloatFrom    int             // 3: tenure month from which the float applies (D4)
	HireCutoff   int             // 0 = off; else hires after this day of month count from the next month

	S05Light, S05Medium int  // 4, 2 (D5)
	S05Distinct         bool // count distinct rules instead of occurrences

	// DismissBelow and LastBelow are the policy's thresholds for the flags
	// 可解除劳动合同 (final below 60, D14) and 连续两月末位 (both months below
	// 70, D13). Zero is a setting like any other (no flag can fire).
	DismissBelow, LastBelow decimal.Decimal

	LateTiers       []Tier // D6
	LateMarkMin     int    // 20: late/early this long marks 违纪
	IncidentTiers   []Tier // D8, Code set
	QAItems         []QAItem
	QAErrorDefault  decimal.Decimal // 2 (D9)
	QAErrorMin      decimal.Decimal // 2
	QAErrorMax      decimal.Decimal // 5
	QAMinRows       int             // 1
	ExamFailRatio   decimal.Decimal // 0.6 (D10)
	LeaderRoles     []string        // roles that may get A01: 组长, 班长
	QARoles         []string        // roles the QA coverage check applies to: 业务代表 (D9)
	Roles           []string        // every 岗位 of the roster; LeaderRoles and QARoles count too (KnownRoles)
	AdjustMin       decimal.Decimal // -5
	AdjustMax       decimal.Decimal // 5
	CompRatio       decimal.Decimal // 0.2 of 月基本工资 (D16)
	MaxShiftMin     int             // 480: 连续工作上限 (D17, D26)
	BreakMin        int             // 60: 休息分钟, subtracted from the punch span (D26)
	ProbationMonths int             // 6: 试用期上限, probation without a 转正日期 (D25)
	BackupKeep      int             // 10: backups kept per output file (D29); not part of Hash (no effect on results)
	AppealDays      int             // 7: 申诉天数, days after the run date to appeal a notice (D30)

	// The word lists of the policy, one place for every reader, template
	// and rule (issue 10 item 5).
	IncidentWords []string // words of 项目 naming the 突发事件 family (D8)
	ExitTypes     []string // 离职类型 offered by the roster template
	ResignTypes   []string // 离职类型 that are a resignation (D15)
	LeaveWords    []string // 考勤结果 words that are a day of leave
	DefaultShift  Shift
	Holidays      []time.Time       // non-working days on weekdays
	Workdays      []time.Time       // working weekend days (调休上班)
	Symbols       map[string]string // hand-made sheet symbol → 考勤结果 word

	// D19/D41 (calc/inputs.go): the 输入清单, the share of employees due on
	// a workday who may lack a record, and whether event/QA/complaint
	// sheets are year-long ledgers (累计台账) whose other months are skipped.
	Inputs        []InputKind
	CoverageRatio decimal.Decimal
	Ledger        bool
	Indicators    []Indicator // D40 soft indicators and weights (sheet 指标); reporting only
	// The rest of the policy: leave, swaps, leaving the post (D34–D38).
	ManagerRoles     []string        // 管理人员岗位: a late request counts only if one of them approved (D34)
	LeaveAheadDays   decimal.Decimal // 1: 事假 asked at least this many days ahead (请假制度 二)
	SickProofDays    decimal.Decimal // 1: 病假 of this many days or more needs 证明 (五)
	NightFrom        int             // 18:00: leave starting at or after this clock is on a night shift (六)
	NightAskBy       int             // 12:00: night-shift leave asked after this clock of its day (六)
	HolidayAheadDays decimal.Decimal // 2: leave on a holiday asked at least this many days ahead (七)
	ApproveDays      decimal.Decimal // 1: leave up to this long approved by DayApprovers, longer by LongApprovers (三)
	DayApprovers     []string        // 主任 …
	LongApprovers    []string        // 客服中心主任
	LeaveDayHours    decimal.Decimal // 8: hours of a leave day (时长 in 小时)
	SwapMax          int             // 2: swaps per person and month (换班制度 三)
	AwayMarkMin      int             // 20: 离岗分钟 marking 违纪 (D37); 0 = never
	QAMaxRows        int             // 5: more QA listens a month → 提示 (D38); 0 = never
	ArriveLeadMin    int             // 10: 提前10分钟到岗 (D38)
}

// Employee is one roster row.
type Employee struct {
	ID, Name, Dept, Team, Role string
	Hired                      time.Time // 入职日期
	OnDuty                     time.Time // 上岗日期, zero if unknown
	Regular                    time.Time // 转正日期, zero while in probation or unknown
	Left                       time.Time // 离职日期, zero if employed
	LeftType                   string    // 离职类型
	Salary                     decimal.NullDecimal
	ClockID, DingTalkID, WeCom string
	Loc                        Loc
}

// Day is one employee's attendance on one day, already interpreted by the
// reader. Late with LateMin == 0 means late by an unknown number of minutes
// (a hand-made 迟 symbol): the lowest tier applies (D6).
type Day struct {
	ID          string
	Date        time.Time
	Status      string // 考勤结果 word: 正常 迟到 早退 旷工 缺卡 事假 病假 年假 … 休息 出差
	Late, Early bool
	Absent      bool // 旷工, or a scheduled workday with no punch and no leave (D7)
	// ArriveKnown says whether punches and the shift were known (D38),
	// ArriveLead below is then meaningful. (The four flags sit together:
	// a month of punches holds half a million days.)
	ArriveKnown    bool
	LateMin        int
	EarlyMin       int
	MissingPunches int // 缺卡: a warning, not a penalty
	Leave          string
	WorkedMin      int // minutes between first and last punch, 0 if unknown (D17)
	Note           string
	Loc            Loc
	EarlyLoc       Loc // where the early leave is written; zero means Loc
	// ArriveLead is how many minutes the first punch came before the
	// shift's start (negative: after).
	ArriveLead int
}

// Event is one row of the 奖惩记录. Item is what the user wrote in 项目: a
// rule code, a whole rule name or a part of a name that only one rule has.
type Event struct {
	ID           string
	Name         string
	Date         time.Time
	Item         string
	Times        int                 // 0 means 1
	Points       decimal.NullDecimal // 分值 per occurrence, signed as written (D22)
	PointsPlus   bool                // 分值 was written with an explicit "+"
	OverdueMin   int                 // 超时分钟 (突发事件 family, D8)
	Compensation decimal.Decimal     // 赔偿金额 (S04)
	Recorder     string
	Note         string
	AwayMin      int // 离岗分钟 of an L07 row (D37)
	Loc          Loc // the 项目 cell
	PointsLoc    Loc // the 分值 cell; zero means Loc
}

// The outcomes of an appeal (申诉处理, D32).
const (
	AppealKeep   = "维持"
	AppealRevoke = "撤销"
	AppealChange = "改为"
)

// AppealOutcomes lists the 处理结果 words (改为 takes a number: 改为 3 分).
var AppealOutcomes = []string{AppealKeep, AppealRevoke, AppealChange}

// Appeal is one row of 申诉处理 (D32): the event it concerns is named by its
// 来源 (Source: file!sheet!cell as the 扣分明细 shows it) or by its rule
// code and date (Code, On).
type Appeal struct {
	ID, Name string
	Date     time.Time // 申诉日期
	Source   string    // 涉及记录 as a 来源; empty when Code and On are given
	Code     string
	On       time.Time
	Outcome  string          // AppealKeep, AppealRevoke or AppealChange
	Points   decimal.Decimal // the new size for AppealChange (always positive)
	Handler  string          // 处理人
	Note     string          // 说明
	Loc      Loc             // the 涉及记录 cell
	DateLoc  Loc             // the 申诉日期 cell
	ResLoc   Loc             // the 处理结果 cell
}

// QARecord is one row of the 服务质量综合考评表.
type QARecord struct {
	ID          string
	Date        time.Time
	Inspector   string
	Items       []decimal.NullDecimal // aligned with Rules.QAItems
	Total       decimal.NullDecimal   // 总分; when not given, the sum of Items
	Errors      int                   // 差错次数
	ErrorPoints decimal.NullDecimal   // 差错扣分 per error; blank → Rules.QAErrorDefault
	Note        string
	Loc         Loc
}

// Exam is one exam result.
type Exam struct {
	ID    string
	Date  time.Time
	Score decimal.Decimal
	Full  decimal.Decimal // 0 means 100
	Loc   Loc
}

// Complaint is one row of the 投诉记录.
type Complaint struct {
	ID    string
	Date  time.Time
	Valid bool
	Desc  string
	Loc   Loc
}

// Adjustment is a discretionary A01 score (额外奖惩).
type Adjustment struct {
	ID       string
	Points   decimal.Decimal
	Reason   string
	Assessor string
	Loc      Loc
}

// Workload is one row of the 工作量 sheet.
type Workload struct {
	ID           string
	Handled      decimal.Decimal // 接待量
	Resolved     decimal.Decimal // 解决量
	AvgTime      decimal.Decimal // 平均处理时长
	Satisfaction decimal.Decimal // 满意度
	Loc          Loc
}

// Previous is what the two-month last-place rule (D13) needs of an
// employee's previous month.
type Previous struct {
	Score decimal.Decimal
	Last  bool
}

// Month is everything read for one month. The *Given flags say whether a
// sheet of that kind was supplied at all (an empty sheet still counts).
type Month struct {
	Year  int
	Month time.Month

	Employees   []Employee
	Days        []Day
	Events      []Event
	QA          []QARecord
	Exams       []Exam
	Complaints  []Complaint
	Adjustments []Adjustment
	Workload    []Workload

	Leaves []Leave // 请假记录 (D34)
	Swaps  []Swap  // 换班登记 (D36)

	Appeals []Appeal // 申诉处理 (D32)

	ComplaintsGiven bool
	WorkloadGiven   bool
	Soft            []SoftScore // 软性指标评分 (D40), optional
	LeaveGiven      bool        // a 请假记录 sheet was supplied
	SwapsGiven      bool        // a 换班登记 sheet was supplied
	ExamsGiven      bool        // a 考试成绩 sheet was supplied (D38)

	// Prev maps 工号 to last month's result; PrevGiven is false when the
	// previous month could not be found, and D13 is then not evaluated.
	Prev      map[string]Previous
	PrevGiven bool
}

// Level is the severity of a problem.
type Level int

// Levels, most severe first.
const (
	Error   Level = iota // 错误: blocks the payroll workbook
	Warning              // 警告
	Info                 // 提示
)

// Problem is one finding of the validation, in Chinese, at the place it was
// found. ID is the 工号 concerned, if any.
type Problem struct {
	Level Level
	Loc   Loc
	ID    string
	Msg   string
	Hint  string
	// Others are further 工号 an error stands for: the summary of repeated
	// problems not listed one by one names the employees they concern, so
	// that --force leaves them out of the payroll too.
	Others []string
}

// Scored is one scoring event of an employee, logged or derived, with the
// rule it was resolved to. Points is per occurrence, Total = Points × Times,
// signed: positive for bonuses, negative for deductions.
type Scored struct {
	ID      string
	Name    string
	Date    time.Time // zero for monthly items (S05, B05 …)
	Rule    Rule
	Times   int
	Points  decimal.Decimal
	Total   decimal.Decimal
	Derived bool // computed from attendance, QA, exams … rather than logged
	Note    string
	Loc     Loc
	// Revoked is an event an appeal revoked (撤销, D32): kept for the
	// 扣分明细 with its points zero, it counts for nothing.
	Revoked bool
}

// Flag is a recommendation for human review (处理建议); the tool never acts.
type Flag struct {
	Text   string // e.g. 可解除劳动合同（需人工复核）
	Reason string
}

// Appraisal is one employee's month.
type Appraisal struct {
	Employee
	Tenure int // month of service, hire month = 1 (D4)

	Base, Bonus, Light, Medium, Severe decimal.Decimal // sums, all positive
	Extra                              decimal.Decimal // S05 追加扣分, positive
	Adjust                             decimal.Decimal // A01, signed
	Raw                                decimal.Decimal // base + bonus − deductions + adjust
	Final                              decimal.Decimal // Raw clamped to [Floor, Cap]
	Grade                              string
	Rank, TeamRank                     int // competition ranking: 1, 2, 2, 4

	Floats       bool            // the float applies (tenure ≥ FloatFrom)
	Float        decimal.Decimal // yuan, 0 when !Floats
	Compensation decimal.Decimal // S04 赔偿金额 total
	Last         bool            // lowest final score of the month (D13)

	QACount int
	QAAvg   decimal.NullDecimal

	Flags []Flag
	Notes []string
}

// AttendanceStat is one employee's month of attendance (考勤统计).
type AttendanceStat struct {
	ID              string
	WorkDays        int // days attended
	Late, LateMin   int
	Early, EarlyMin int
	Absent          int
	MissingPunches  int
	Leave           map[string]int // leave word → days
	LongShifts      int            // shifts over MaxShiftMin (D17)
	// LateForBrief counts days with punches whose first punch was later
	// than shift start − ArriveLeadMin (提前10分钟到岗, D38); ArriveDays
	// counts the days with a known arrival.
	LateForBrief, ArriveDays int
}

// QAStat summarises the QA form for one employee (质检统计).
type QAStat struct {
	ID       string
	Count    int
	ItemAvg  []decimal.NullDecimal // aligned with Rules.QAItems
	TotalAvg decimal.NullDecimal
	Errors   int
	Covered  bool // Count ≥ Rules.QAMinRows
}

// TeamStat summarises a team (班组统计).
type TeamStat struct {
	Team   string
	Count  int
	Avg    decimal.Decimal
	Max    decimal.Decimal
	Min    decimal.Decimal
	Grades map[string]int
	Float  decimal.Decimal // sum of floats
}

// Result is a month's appraisal. Rows are in roster order.
type Result struct {
	Year       int
	Month      time.Month
	Rows       []Appraisal
	Events     []Scored
	Attendance []AttendanceStat
	QA         []QAStat
	Teams      []TeamStat
	Grades     map[string]int
	Problems   []Problem
	Leaders    []LeaderKPI // 管理人员考核 (D40), reporting only
	Findings   []Finding   // 制度执行 (D34–D38), sorted by team, person, date
	// Panic holds the stack of a panic Appraise recovered (nil normally);
	// the user sees the short 内部错误 problem, the maintainer the stack.
	Panic []byte
}
