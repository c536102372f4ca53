package api

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/canhgiac/canhgiac/internal/edge"
	"github.com/canhgiac/canhgiac/internal/intel"
)

// registerIndexFigures shows the check index on /metrics: how long it took
// to load, what it holds, how far it has followed the change log.
func registerIndexFigures(m *edge.Metrics, c *intel.Checker) {
	m.Registry().MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "canhgiac_check_index_load_seconds", Help: "Time the check index took to load at start."},
			func() float64 { return c.Loaded().Took.Seconds() }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "canhgiac_check_index_loaded_indicators", Help: "Indicators read when the check index loaded."},
			func() float64 { return float64(c.Loaded().Indicators) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "canhgiac_check_index_phones", Help: "Phone numbers in the check index."},
			func() float64 { n, _ := c.Index().PhoneStats(); return float64(n) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "canhgiac_check_index_phone_bytes", Help: "Bytes the check index's phone tables take."},
			func() float64 { _, b := c.Index().PhoneStats(); return float64(b) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "canhgiac_check_index_seq", Help: "Change-log sequence the check index has applied."},
			func() float64 { return float64(c.Index().Seq()) }),
	)
}
