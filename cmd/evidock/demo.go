package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"evidock/app"
	"evidock/ingest/volume"
	"evidock/internal/cli"
	"evidock/internal/demo"
)

func init() {
	cli.Declare(cli.Command{Name: "demo", Help: "demo.help", Who: cli.NoSession,
		Flags: func(f *cli.Flags) cli.RunFunc {
			dir := f.String("dir", "demo", "demo.dir")
			noWindow := f.Bool("no-window", false, "demo.no_window")
			return func(ctx context.Context, x *cli.Call) error { return runDemo(x, ctx, *dir, *noWindow) }
		}})
}

func runDemo(x *cli.Call, ctx context.Context, dir string, noWindow bool) error {
	data, roots := filepath.Join(dir, "data"), filepath.Join(dir, "recorders")
	password, err := demo.Data(ctx, data, dir)
	if err != nil {
		return err
	}
	x.Done("demo.ready", data, password, filepath.Join(dir, "demo-password.txt"))
	if err := os.MkdirAll(roots, 0o755); err != nil {
		return err
	}
	dockLater := func() {
		time.Sleep(4 * time.Second)
		if err := demo.Recorder(dir, roots); err != nil {
			fmt.Fprintln(x.Stderr, "evidock demo:", err)
		}
	}
	if noWindow {
		dockLater()
		x.Done("demo.recorder", roots)
		return nil
	}
	go dockLater()
	opts := app.Options{Roots: []volume.Root{{Path: roots, FolderMode: true}}, PollInterval: time.Second}
	return app.RunWith(ctx, data, opts)
}
