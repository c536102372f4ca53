package app

import (
	"context"
	"sync"
)

// loops owns the background goroutines of Serve (the job worker, the
// tickers, the campaign supervisor, the profiler): each is started with Go,
// runs until the group's context ends, and Stop ends that context and
// returns only when every one has returned. So nothing Serve started is
// still writing to the database when Serve returns and Close runs.
type loops struct {
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	hook   func(name string, running bool) // tests: told as each loop starts and ends
}

func newLoops(parent context.Context, hook func(name string, running bool)) *loops {
	ctx, cancel := context.WithCancel(parent)
	return &loops{ctx: ctx, cancel: cancel, hook: hook}
}

// Go runs fn in its own goroutine with the group's context.
func (l *loops) Go(name string, fn func(ctx context.Context)) {
	if l.hook != nil {
		l.hook(name, true)
	}
	l.wg.Go(func() {
		if l.hook != nil {
			defer l.hook(name, false)
		}
		fn(l.ctx)
	})
}

// Stop ends the loops' context and waits for all of them.
func (l *loops) Stop() {
	l.cancel()
	l.wg.Wait()
}
