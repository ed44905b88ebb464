package store

import "slices"

// Action is something a session may be permitted to do. Each is a typed
// constant here, and who may do it is one table, permitted, below: the
// command line's refusals, the window's disabled buttons and the ledger's
// Refusal entries all come from it. Ownership (an officer answers only for
// their own recordings) and clearance (Art. 19) are checked on top of it by
// the methods that need them.
type Action string

// The actions, grouped by the file whose methods take them.
const (
	// app_queries.go
	ActSettingsChange Action = "settings.change"
	// settings.go
	ActSettingsRead Action = "settings.read"
	// backup.go
	ActBackup          Action = "backup"
	ActBackupConfigure Action = "backup.configure"
	// QueryCases.go
	ActCaseManage Action = "case.manage"
	ActCaseRead   Action = "case.read"
	// Check.go
	ActIntegrityCheck       Action = "integrity.check"
	ActIntegrityRead        Action = "integrity.read"
	ActIntegrityAcknowledge Action = "integrity.acknowledge"
	// clearance.go
	ActRecordingClassify Action = "recording.classify"
	// custody.go
	ActCustodyManage Action = "custody.manage"
	ActCustodyLost   Action = "custody.lost"
	ActCustodyRead   Action = "custody.read"
	// DashboardSeen.go
	ActSupervisionRead Action = "supervision.read"
	// devices.go
	ActOfficerManage    Action = "officer.manage"
	ActDeviceManage     Action = "device.manage"
	ActDeviceRead       Action = "device.read"
	ActRecorderWipe     Action = "recorder.wipe"
	ActRecorderClockSet Action = "recorder.clock_set"
	// exports.go
	ActExport        Action = "export"
	ActExportRead    Action = "export.read"
	ActExportRelease Action = "export.release"
	// notrecorded.go
	ActNotrecordedFile Action = "notrecorded.file"
	ActNotrecordedAck  Action = "notrecorded.ack"
	ActNotrecordedRead Action = "notrecorded.read"
	// openitems.go
	ActOpenitemsRead  Action = "openitems.read"
	ActOpenitemAnswer Action = "openitem.answer"
	// purge.go
	ActPurgeRequest Action = "purge.request"
	ActPurgeDecide  Action = "purge.decide"
	ActPurgeRead    Action = "purge.read"
	// requests.go
	ActRequestView     Action = "request.view"
	ActRequestList     Action = "request.list"
	ActRequestDecide   Action = "request.decide"
	ActEvidenceExtract Action = "evidence.extract"
	// Query.go
	ActRetentionRead      Action = "retention.read"
	ActRetentionConfigure Action = "retention.configure"
	// session.go
	ActImport           Action = "import"
	ActRecordingsSearch Action = "recordings.search"
	ActLedgerRead       Action = "ledger.read"
	ActVerify           Action = "verify"
	// space.go
	ActSpaceRead Action = "space.read"
	// timeline.go
	ActRecordingAnnotate Action = "recording.annotate"
	ActTimelineRead      Action = "timeline.read"
	// Users.go
	ActUserAdd           Action = "user.add"
	ActUserList          Action = "user.list"
	ActUserDisable       Action = "user.disable"
	ActUserEnable        Action = "user.enable"
	ActUserRoles         Action = "user.roles"
	ActUserPassword      Action = "user.password"
	ActUserPasswordReset Action = "user.password.reset"
	// viewings.go
	ActRecordingPlay   Action = "recording.play"
	ActViewingRegister Action = "viewing.register"
	ActRegisterRead    Action = "register.read"
	// equipment.go, prints.go, violations.go
	ActDeviceState     Action = "device.state"
	ActDeviceClockFix  Action = "device.clock_fix"
	ActPreuseAck       Action = "preuse.ack"
	ActPreuseRead      Action = "preuse.read"
	ActFormPrint       Action = "form.print"
	ActViolationScan   Action = "violation.scan"
	ActViolationRead   Action = "violation.read"
	ActViolationOpen   Action = "violation.open"
	ActViolationDecide Action = "violation.decide"
	ActViolationClose  Action = "violation.close"
	// checkpoint.go
	ActCheckpoint Action = "checkpoint"
	// replication.go
	ActReplicate          Action = "replicate"
	ActReplicateConfigure Action = "replicate.configure"
)

// permitted lists the roles allowed each action. An action not listed is
// refused to everyone.
var permitted = map[Action][]Role{
	ActSettingsChange:       {RoleAdmin},
	ActSettingsRead:         {RoleWorkstation, RoleService, RoleAdmin, RoleCustodian, RoleSupervisor, RoleLeader, RoleLegal, RoleOfficer},
	ActBackup:               {RoleWorkstation, RoleService, RoleCustodian, RoleAdmin},
	ActBackupConfigure:      {RoleAdmin},
	ActCaseManage:           {RoleCustodian},
	ActCaseRead:             {RoleOfficer, RoleCustodian, RoleLegal, RoleLeader, RoleSupervisor, RoleAdmin},
	ActIntegrityCheck:       {RoleWorkstation, RoleService, RoleCustodian, RoleSupervisor, RoleAdmin},
	ActIntegrityRead:        {RoleWorkstation, RoleService, RoleOfficer, RoleCustodian, RoleLegal, RoleLeader, RoleSupervisor, RoleAdmin},
	ActIntegrityAcknowledge: {RoleCustodian},
	ActRecordingClassify:    {RoleCustodian, RoleLeader},
	ActCustodyManage:        {RoleCustodian, RoleAdmin},
	ActCustodyLost:          {RoleOfficer, RoleCustodian, RoleAdmin},
	ActCustodyRead:          {RoleWorkstation, RoleService, RoleCustodian, RoleSupervisor, RoleLeader, RoleLegal, RoleAdmin},
	ActSupervisionRead:      {RoleSupervisor, RoleLeader},
	ActOfficerManage:        {RoleAdmin},
	ActDeviceManage:         {RoleAdmin, RoleCustodian},
	ActDeviceRead:           {RoleWorkstation, RoleService, RoleAdmin, RoleCustodian, RoleSupervisor, RoleLeader, RoleLegal, RoleOfficer},
	ActRecorderWipe:         {RoleWorkstation, RoleService},
	ActRecorderClockSet:     {RoleWorkstation, RoleService, RoleAdmin, RoleCustodian},
	ActExport:               {RoleCustodian},
	ActExportRelease:        {RoleCustodian},
	ActExportRead:           {RoleCustodian, RoleLegal, RoleLeader, RoleSupervisor},
	ActNotrecordedFile:      {RoleOfficer, RoleSupervisor, RoleLeader},
	ActNotrecordedAck:       {RoleLeader},
	ActNotrecordedRead:      {RoleOfficer, RoleLeader, RoleSupervisor},
	ActOpenitemsRead:        {RoleWorkstation, RoleService, RoleOfficer, RoleCustodian, RoleSupervisor, RoleLeader, RoleAdmin},
	ActOpenitemAnswer:       {RoleCustodian, RoleAdmin},
	ActPurgeRequest:         {RoleCustodian},
	ActPurgeDecide:          {RoleLeader},
	ActPurgeRead:            {RoleCustodian, RoleLegal, RoleLeader, RoleSupervisor, RoleAdmin},
	ActRequestView:          {RoleOfficer, RoleCustodian, RoleLegal, RoleLeader, RoleSupervisor},
	ActRequestList:          {RoleOfficer, RoleCustodian, RoleLegal, RoleLeader, RoleSupervisor},
	ActRequestDecide:        {RoleLegal, RoleLeader},
	ActEvidenceExtract:      {RoleCustodian},
	ActRetentionRead:        {RoleCustodian, RoleLegal, RoleLeader, RoleSupervisor, RoleAdmin},
	ActRetentionConfigure:   {RoleAdmin},
	ActImport:               {RoleWorkstation, RoleService, RoleCustodian, RoleAdmin},
	ActRecordingsSearch:     {RoleWorkstation, RoleService, RoleCustodian, RoleLegal, RoleLeader, RoleSupervisor, RoleAdmin, RoleOfficer},
	ActLedgerRead:           {RoleWorkstation, RoleService, RoleCustodian, RoleLegal, RoleLeader, RoleSupervisor, RoleAdmin},
	ActVerify:               {RoleWorkstation, RoleService, RoleCustodian, RoleSupervisor, RoleAdmin},
	ActSpaceRead:            {RoleWorkstation, RoleService, RoleOfficer, RoleCustodian, RoleLegal, RoleLeader, RoleSupervisor, RoleAdmin},
	ActRecordingAnnotate:    {RoleWorkstation, RoleOfficer, RoleSupervisor, RoleLeader},
	ActTimelineRead:         {RoleWorkstation, RoleService, RoleOfficer, RoleCustodian, RoleSupervisor, RoleLeader, RoleLegal, RoleAdmin},
	ActUserAdd:              {RoleAdmin},
	ActUserList:             {RoleAdmin},
	ActUserDisable:          {RoleAdmin},
	ActUserEnable:           {RoleAdmin},
	ActUserRoles:            {RoleAdmin},
	ActUserPassword:         {RoleOfficer, RoleCustodian, RoleLegal, RoleLeader, RoleSupervisor, RoleAdmin},
	ActUserPasswordReset:    {RoleAdmin},
	ActRecordingPlay:        {RoleOfficer, RoleCustodian, RoleLegal, RoleLeader, RoleSupervisor},
	ActViewingRegister:      {RoleCustodian},
	ActRegisterRead:         {RoleCustodian, RoleLegal, RoleLeader, RoleSupervisor},
	ActDeviceState:          {RoleCustodian, RoleAdmin},
	ActDeviceClockFix:       {RoleCustodian, RoleAdmin},
	ActPreuseAck:            {RoleSupervisor, RoleLeader, RoleCustodian},
	ActPreuseRead:           {RoleWorkstation, RoleService, RoleCustodian, RoleSupervisor, RoleLeader, RoleAdmin},
	ActFormPrint:            {RoleOfficer, RoleCustodian, RoleLegal, RoleLeader, RoleSupervisor, RoleAdmin},
	ActViolationScan:        {RoleWorkstation, RoleService, RoleSupervisor, RoleLeader},
	ActViolationRead:        {RoleSupervisor, RoleLeader, RoleLegal, RoleOfficer},
	ActViolationOpen:        {RoleSupervisor, RoleLeader},
	ActViolationDecide:      {RoleLeader},
	ActViolationClose:       {RoleSupervisor, RoleLeader},
	ActCheckpoint:           {RoleWorkstation, RoleService, RoleCustodian, RoleLegal, RoleLeader, RoleSupervisor, RoleAdmin},
	ActReplicate:            {RoleWorkstation, RoleService, RoleCustodian, RoleAdmin},
	ActReplicateConfigure:   {RoleAdmin},
}

// Actions lists every action some role may take, sorted.
func Actions() []Action {
	out := make([]Action, 0, len(permitted))
	for a := range permitted {
		out = append(out, a)
	}
	slices.Sort(out)
	return out
}

// PermittedRoles are the roles that may take action a; nil when no role
// may.
func PermittedRoles(a Action) []Role {
	return slices.Clone(permitted[a])
}
