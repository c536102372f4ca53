package app

// SetLoopHook tells the test as each background loop of Serve starts and
// ends.
func SetLoopHook(a *App, hook func(name string, running bool)) { a.loopHook = hook }
