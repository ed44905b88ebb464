package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Officer is an enforcement officer (执法人员).
type Officer struct {
	Number string `json:"number"` // 警号 / 执法证号
	Name   string `json:"name"`
	Unit   string `json:"unit"`
}

// Device is a registered recorder (执法记录仪).
type Device struct {
	Serial  string `json:"serial"`
	Model   string `json:"model"`
	Profile string `json:"profile"`
	Officer string `json:"officer"` // the assigned officer's number; "" when nobody
	// Timezone is the recorder's clock zone (IANA name, e.g. Asia/Shanghai);
	// "" is the workstation's zone. Times in its file names and its local
	// metadata times are read in it.
	Timezone string `json:"timezone,omitempty"`
}

// ErrNotFound means the thing asked for does not exist.
var ErrNotFound = errors.New("not found")

// ErrInvalid means the input was not acceptable; the message says why.
var ErrInvalid = errors.New("invalid input")

// AddOfficer registers an officer, or updates name and unit of one already
// Registered.
func (sess *Session) AddOfficer(ctx context.Context, o Officer) error {
	o.Number, o.Name = strings.TrimSpace(o.Number), strings.TrimSpace(o.Name)
	if o.Number == "" || o.Name == "" {
		return fmt.Errorf("store: officer needs a number and a name: %w", ErrInvalid)
	}
	if err := sess.Check(ctx, ActOfficerManage, o.Number); err != nil {
		return err
	}
	return sess.st.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE officers SET name = ?, unit = ? WHERE number = ?`, o.Name, o.Unit, o.Number)
		if err != nil {
			return err
		}
		action := "officer.update"
		if n, _ := res.RowsAffected(); n == 0 {
			action = "officer.add"
			if _, err := tx.ExecContext(ctx, `INSERT INTO officers(number, name, unit, created_at) VALUES (?,?,?,?)`,
				o.Number, o.Name, o.Unit, UnixMS(sess.st.Now())); err != nil {
				return err
			}
		}
		_, err = sess.st.AppendEntry(ctx, tx, sess.actor.LedgerName(), action, o.Number, o)
		return err
	})
}

// Officers lists the registered officers by number.
func (sess *Session) Officers(ctx context.Context) ([]Officer, error) {
	if err := sess.Check(ctx, ActDeviceRead, ""); err != nil {
		return nil, err
	}
	rows, err := sess.st.read.QueryContext(ctx, `SELECT number, name, unit FROM officers ORDER BY number`)
	if err != nil {
		return nil, fmt.Errorf("store: list officers: %w", err)
	}
	defer rows.Close()
	out := []Officer{}
	for rows.Next() {
		var o Officer
		if err := rows.Scan(&o.Number, &o.Name, &o.Unit); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// AddDevice registers a recorder, or changes the model, profile or assigned
// officer of one already registered. Assigning it to an officer that is not
// Registered is refused.
func (sess *Session) AddDevice(ctx context.Context, d Device) error {
	d.Serial = strings.TrimSpace(d.Serial)
	if d.Serial == "" {
		return fmt.Errorf("store: device needs a serial number: %w", ErrInvalid)
	}
	if err := sess.Check(ctx, ActDeviceManage, d.Serial); err != nil {
		return err
	}
	d.Timezone = strings.TrimSpace(d.Timezone)
	if d.Timezone != "" {
		if _, err := time.LoadLocation(d.Timezone); err != nil || d.Timezone == "Local" {
			return fmt.Errorf("store: time zone %q is not an IANA zone such as Asia/Shanghai: %w", d.Timezone, ErrInvalid)
		}
	}
	return sess.st.Tx(ctx, func(tx *sql.Tx) error {
		if d.Officer != "" {
			var n int
			tx.QueryRowContext(ctx, `SELECT count(*) FROM officers WHERE number = ?`, d.Officer).Scan(&n)
			if n == 0 {
				return fmt.Errorf("store: officer %s is not registered: %w", d.Officer, ErrNotFound)
			}
		}
		var old Device
		err := tx.QueryRowContext(ctx, `SELECT serial, model, profile, officer, timezone FROM devices WHERE serial = ?`, d.Serial).
			Scan(&old.Serial, &old.Model, &old.Profile, &old.Officer, &old.Timezone)
		action := "device.update"
		switch {
		case errors.Is(err, sql.ErrNoRows):
			action = "device.add"
			_, err = tx.ExecContext(ctx, `INSERT INTO devices(serial, model, profile, officer, timezone, created_at) VALUES (?,?,?,?,?,?)`,
				d.Serial, d.Model, d.Profile, d.Officer, d.Timezone, UnixMS(sess.st.Now()))
		case err == nil:
			_, err = tx.ExecContext(ctx, `UPDATE devices SET model = ?, profile = ?, officer = ?, timezone = ? WHERE serial = ?`,
				d.Model, d.Profile, d.Officer, d.Timezone, d.Serial)
		}
		if err != nil {
			return err
		}
		details := map[string]any{"device": d}
		if action == "device.update" {
			details["before"] = old
		}
		_, err = sess.st.AppendEntry(ctx, tx, sess.actor.LedgerName(), action, d.Serial, details)
		return err
	})
}

// Devices lists the registered recorders by serial.
func (sess *Session) Devices(ctx context.Context) ([]Device, error) {
	if err := sess.Check(ctx, ActDeviceRead, ""); err != nil {
		return nil, err
	}
	rows, err := sess.st.read.QueryContext(ctx, `SELECT serial, model, profile, officer, timezone FROM devices ORDER BY serial`)
	if err != nil {
		return nil, fmt.Errorf("store: list devices: %w", err)
	}
	defer rows.Close()
	out := []Device{}
	for rows.Next() {
		var d Device
		if err := rows.Scan(&d.Serial, &d.Model, &d.Profile, &d.Officer, &d.Timezone); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// Device returns one registered recorder, or ErrNotFound.
func (sess *Session) Device(ctx context.Context, serial string) (Device, error) {
	var d Device
	err := sess.st.read.QueryRowContext(ctx, `SELECT serial, model, profile, officer, timezone FROM devices WHERE serial = ?`, serial).
		Scan(&d.Serial, &d.Model, &d.Profile, &d.Officer, &d.Timezone)
	if errors.Is(err, sql.ErrNoRows) {
		return d, fmt.Errorf("store: device %s: %w", serial, ErrNotFound)
	}
	if err != nil {
		return d, fmt.Errorf("store: device %s: %w", serial, err)
	}
	return d, nil
}

// RecordWipe writes the ledger entry for one file removed from a recorder
// after its import was verified. The caller removes the file first.
func (sess *Session) RecordWipe(ctx context.Context, importID, deviceID, sourcePath string) error {
	if err := sess.Check(ctx, ActRecorderWipe, importID); err != nil {
		return err
	}
	_, err := sess.Log(ctx, "recorder.wipe", importID, map[string]any{"device": deviceID, "source_path": sourcePath})
	return err
}

// RecordClockSet writes the ledger entry for setting a recorder's clock.
func (sess *Session) RecordClockSet(ctx context.Context, deviceID string, offset time.Duration, measured bool) error {
	if err := sess.Check(ctx, ActRecorderClockSet, deviceID); err != nil {
		return err
	}
	details := map[string]any{"device": deviceID}
	if measured {
		details["offset_before_s"] = offset.Seconds()
	}
	_, err := sess.Log(ctx, "recorder.clock_set", deviceID, details)
	return err
}
