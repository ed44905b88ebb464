package regulation

// Categories are the activities of Art. 6 that must be recorded (执法类别).
var Categories = List{Name: "执法类别", En: "activity type", Terms: []Term{
	{Key: "inspection", Zh: "日常执法检查", En: "Routine enforcement inspection", Article: 6, Item: 1, Quote: "日常执法检查"},
	{Key: "complaint", Zh: "处置各类投诉、举报案件", En: "Handling complaints and reports", Article: 6, Item: 2, Quote: "处置各类投诉、举报案件"},
	{Key: "investigation", Zh: "调查取证、先行登记保存", En: "Investigation, evidence taking and preservation", Article: 6, Item: 3,
		Quote: "调查取证活动、先行登记保存"},
	{Key: "service", Zh: "证据、执法文书送达", En: "Service of evidence and enforcement documents", Article: 6, Item: 4, Quote: "证据、执法文书送达"},
	{Key: "enforcement", Zh: "实施行政强制措施", En: "Administrative enforcement measures", Article: 6, Item: 5, Quote: "实施行政强制措施"},
	{Key: "other", Zh: "其他现场执法办案活动", En: "Other on-site enforcement work", Article: 6, Item: 6, Quote: "其他现场执法办案活动"},
}}

// NotRecordedGrounds are the cases of Art. 7 in which an activity may go
// unrecorded; each needs a written work record (工作记录) for the leader.
var NotRecordedGrounds = List{Name: "不进行现场执法记录的情形", En: "ground for not recording", Terms: []Term{
	{Key: "secret_privacy", Zh: "涉及国家秘密、商业秘密或者个人隐私", En: "State or commercial secrets, or personal privacy", Article: 7, Item: 1,
		Quote: "涉及国家秘密、商业秘密或者个人隐私"},
	{Key: "emergency", Zh: "情况紧急，不能进行执法记录", En: "An emergency left no time to record", Article: 7, Item: 2,
		Quote: "情况紧急, 不能进行执法记录"},
	{Key: "objective", Zh: "因客观原因无法进行执法记录", En: "An objective cause made recording impossible", Article: 7, Item: 3,
		Quote: "因客观原因无法进行执法记录"},
}}

// Interruptions are the objective causes of Art. 11 for which a recording
// may be interrupted; the reason is stated on the recording when it resumes.
var Interruptions = List{Name: "中断原因", En: "interruption reason", Terms: []Term{
	{Key: "device_fault", Zh: "设备故障、损坏", En: "Device fault or damage", Article: 11, Quote: "设备故障、损坏"},
	{Key: "weather", Zh: "天气情况恶劣", En: "Bad weather", Article: 11, Quote: "天气情况恶劣"},
	{Key: "battery", Zh: "电量不足", En: "Battery low", Article: 11, Quote: "电量、存储空间不足"},
	{Key: "storage_full", Zh: "存储空间不足", En: "Storage full", Article: 11, Quote: "存储空间不足"},
	{Key: "location_change", Zh: "检查场所变化", En: "Change of inspection site", Article: 11, Quote: "检查场所变化"},
	{Key: "other", Zh: "其他客观原因", En: "Other objective cause", Article: 11, Quote: "等客观原因"},
}}

// Classifications are the secrecy levels (密级) of Art. 19, and of Art. 7
// for personal privacy, from open to secret.
var Classifications = List{Name: "密级", En: "classification", Terms: []Term{
	{Key: "normal", Zh: "普通", En: "Normal"},
	{Key: "privacy", Zh: "个人隐私", En: "Personal privacy", Article: 7, Item: 1, Quote: "个人隐私"},
	{Key: "commercial", Zh: "商业秘密", En: "Commercial secret", Article: 19, Quote: "商业秘密"},
	{Key: "state", Zh: "国家秘密", En: "State secret", Article: 19, Quote: "国家秘密"},
}}

// Violations are the failings of Art. 20. evidock never finds anyone guilty
// of one: it raises the signs it can see for a person to review.
var Violations = List{Name: "违规情形", En: "failing", Terms: []Term{
	{Key: "deleted", Zh: "故意删除有效证据信息", En: "Deliberately deleting evidence", Article: 20, Item: 1,
		Quote: "故意删除有效证据信息的"},
	{Key: "lent", Zh: "擅自借给其他人员使用", En: "Lending the recorder to others", Article: 20, Item: 2,
		Quote: "擅自借给其他人员使用的"},
	{Key: "not_recorded", Zh: "不按照规定进行现场执法记录", En: "Not recording as required", Article: 20, Item: 3,
		Quote: "不按照规定进行现场执法记录"},
	{Key: "leaked", Zh: "违反规定泄露现场执法摄录的音像资料内容", En: "Leaking recordings", Article: 20, Item: 4,
		Quote: "违反规定泄露现场执法摄录的音像资料内容造成后果的"},
	{Key: "falsified", Zh: "摄录虚假证据信息或删改音像资料", En: "Falsifying or editing recordings", Article: 20, Item: 5,
		Quote: "故意摄录虚假证据信息或对摄录的音像资料进行删改，弄虚作假的"},
	{Key: "misuse", Zh: "用于非单位工作或违法违纪活动", En: "Use outside the bureau's work", Article: 20, Item: 6,
		Quote: "用于非单位工作或违法违纪活动的"},
	{Key: "lost", Zh: "设备遗失、被盗或音像资料损毁、丢失", En: "Recorder lost or stolen, recordings destroyed or lost", Article: 20, Item: 7,
		Quote: "保管不妥造成现场执法音像记录设备遗失、被盗或不按照规定存储致使摄录的音像资料损毁、丢失，并造成后果的"},
	{Key: "other", Zh: "其他严重违反音像记录设备管理、使用规定的行为", En: "Other serious breach of the rules", Article: 20, Item: 8,
		Quote: "有其他严重违反音像记录设备管理、使用规定行为的"},
}}

// Measures are the forms of accountability of Art. 21 a leader may decide.
var Measures = List{Name: "责任追究方式", En: "measure", Terms: []Term{
	{Key: "self_criticism", Zh: "书面检查", En: "Written self-criticism", Article: 21, Item: 1, Quote: "责令作出书面检查"},
	{Key: "criticism", Zh: "全局通报批评", En: "Criticism circulated in the bureau", Article: 21, Item: 2, Quote: "全局通报批评"},
	{Key: "suspension", Zh: "停止执法工作一个月", En: "One month off enforcement duty", Article: 21, Item: 3, Quote: "停止执法工作一个月"},
	{Key: "no_award", Zh: "取消当年评优评先资格", En: "No awards this year", Article: 21, Item: 4, Quote: "取消当年评优评先资格"},
	{Key: "sanction", Zh: "行政处分", En: "Administrative sanction", Article: 21, Item: 5, Quote: "给予责任人行政处分"},
}}

// Roles are who uses the workstation, in the regulation's words where it
// has them.
var Roles = List{Name: "角色", En: "role", Terms: []Term{
	{Key: "officer", Zh: "执法人员", En: "Officer", Article: 5, Quote: "执法人员"},
	{Key: "custodian", Zh: "保管人", En: "Custodian", Article: 16, Quote: "保管人"},
	{Key: "legal", Zh: "法制办公室", En: "Legal office", Article: 16, Quote: "法制办公室"},
	{Key: "leader", Zh: "主管领导", En: "Leader", Article: 16, Quote: "主管领导"},
	{Key: "supervisor", Zh: "督查", En: "Supervisor", Article: 17, Quote: "执法监督"},
	{Key: "admin", Zh: "管理员", En: "Administrator"},
	{Key: "service", Zh: "服务账户", En: "Service account"},
	{Key: "workstation", Zh: "工作站", En: "Workstation"},
}}

// Purposes are why recordings are viewed or taken out (Art. 15–17).
var Purposes = List{Name: "调阅事由", En: "purpose", Terms: []Term{
	{Key: "case", Zh: "办案", En: "Case work", Article: 17, Quote: "办理涉法涉诉案件"},
	{Key: "supervision", Zh: "执法监督", En: "Supervision", Article: 17, Quote: "执法监督"},
	{Key: "review", Zh: "案情研判", En: "Case review", Article: 17, Quote: "案情研判"},
	{Key: "extraction", Zh: "证据提取", En: "Evidence extraction", Article: 15, Quote: "复制调取"},
}}

// DeviceStates are where a recorder stands in its life (Art. 5, 20(7)):
// only one in use may be issued.
var DeviceStates = List{Name: "设备状态", En: "device state", Terms: []Term{
	{Key: "in_use", Zh: "在用", En: "In use"},
	{Key: "repair", Zh: "维修", En: "Under repair"},
	{Key: "scrapped", Zh: "报废", En: "Scrapped"},
	{Key: "lost", Zh: "遗失", En: "Lost", Article: 20, Item: 7, Quote: "遗失"},
}}

// PreUseChecks are what Art. 5 has an officer check before use, and what
// the workstation reads from the recorder's last docking.
var PreUseChecks = List{Name: "使用前检查", En: "pre-use check", Terms: []Term{
	{Key: "battery", Zh: "电池容量", En: "Battery", Article: 5, Quote: "电池容量"},
	{Key: "memory", Zh: "内存空间", En: "Free memory", Article: 5, Quote: "内存空间"},
	{Key: "clock", Zh: "系统日期和时间", En: "Date and time", Article: 5, Quote: "系统日期和时间"},
	{Key: "dock_free", Zh: "上次导出时记录仪剩余空间不足", En: "Little free space at the last docking"},
	{Key: "dock_clock", Zh: "记录仪时钟偏差未校正", En: "Recorder clock off and not corrected"},
}}
