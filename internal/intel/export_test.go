package intel

// LoadParallelAbove lets tests take Load's parallel path on a small table.
var LoadParallelAbove = &loadParallelAbove
