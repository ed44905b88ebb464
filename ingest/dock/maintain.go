package dock

import (
	"context"
	"os"
	"time"

	"evidock/replicate"
	"evidock/retention"
	"evidock/safekeeping"
)

// Maintenance events.
const (
	IntegrityChecked = "integrity_checked" // the scheduled re-hash of the archive ran
	BackedUp         = "backed_up"         // the scheduled backup ran
	RetentionDue     = "retention_due"     // recordings past their retention, to be reviewed for purging (Art. 14)
	Replicated       = "replicated"        // the scheduled replication to the bucket ran
)

// maintain runs the archive's scheduled integrity check, backup and
// replication to the bucket whenever they are due, looking every interval,
// until ctx ends, and reminds once a day of recordings past their
// retention. The check, backup and replication are throttled or
// incremental, so docking is not slowed.
func (s *Service) maintain(ctx context.Context, events chan<- Event) {
	var reminded time.Time
	every := s.cfg.MaintainEvery
	if every <= 0 {
		every = time.Hour
	}
	t := time.NewTimer(min(every, 10*time.Second)) // let start-up docking go first
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		sess, err := s.cfg.Session(ctx)
		if err != nil {
			send(ctx, events, Event{Type: Failed, Time: time.Now(), Error: "maintenance: " + err.Error()})
			t.Reset(every)
			continue
		}
		var checkEvery time.Duration
		if set, err := s.st.Settings(ctx); err == nil {
			checkEvery = set.CheckEvery
		}
		if ran, run, err := safekeeping.ScheduledCheck(ctx, sess, checkEvery, safekeeping.CheckOptions{}); err != nil {
			send(ctx, events, Event{Type: Failed, Time: time.Now(), Error: "integrity check: " + err.Error()})
		} else if ran {
			send(ctx, events, Event{Type: IntegrityChecked, Time: time.Now(), Files: problemFiles(run)})
		}
		if ran, rep, err := safekeeping.ScheduledBackup(ctx, sess, safekeeping.BackupOptions{}); err != nil {
			send(ctx, events, Event{Type: Failed, Time: time.Now(), Error: "backup: " + err.Error()})
		} else if ran {
			send(ctx, events, Event{Type: BackedUp, Time: time.Now(), Files: backupProblems(rep)})
		}
		if ran, rep, err := replicate.Scheduled(ctx, sess, os.Getenv, replicate.Options{}); err != nil {
			send(ctx, events, Event{Type: Failed, Time: time.Now(), Error: "replicate: " + err.Error()})
		} else if ran {
			send(ctx, events, Event{Type: Replicated, Time: time.Now(), Files: append([]string{}, rep.Problems...)})
		}
		if now := s.st.Now(); now.Sub(reminded) >= 24*time.Hour {
			if n, err := retention.ExpiredCount(ctx, s.st); err != nil {
				send(ctx, events, Event{Type: Failed, Time: time.Now(), Error: "retention: " + err.Error()})
			} else {
				reminded = now
				if n > 0 {
					send(ctx, events, Event{Type: RetentionDue, Time: time.Now(), Count: n})
				}
			}
		}
		t.Reset(every)
	}
}

func problemFiles(run safekeeping.CheckRun) []string {
	out := []string{}
	for _, p := range run.Problems {
		out = append(out, p.String())
	}
	return out
}

func backupProblems(rep safekeeping.BackupReport) []string {
	out := []string{}
	for _, p := range rep.Problems {
		out = append(out, p.String())
	}
	return out
}
