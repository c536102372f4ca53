// Command sqlcheck is the check benchmark's floor: the same check answer,
// but each request looks its indicator up with one indexed SELECT on
// PostgreSQL (pgx pool) instead of the in-memory index — the design the
// index replaces. Normalisation is the product's own.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"log"
	"net/http"
	"strconv"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/canhgiac/canhgiac/internal/intel"
	"github.com/canhgiac/canhgiac/internal/intel/normalize"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:18082", "listen address")
	dsn := flag.String("db", "", "postgres://… of a migrated canhgiac database")
	conns := flag.Int("conns", 16, "pool size")
	flag.Parse()
	cfg, err := pgxpool.ParseConfig(*dsn)
	if err != nil {
		log.Fatal(err)
	}
	cfg.MaxConns = int32(*conns)
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		log.Fatal(err)
	}
	ctype := []string{"application/json; charset=utf-8"}
	log.Fatal(http.ListenAndServe(*addr, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query().Get("q")
		n := normalize.Detect(q)
		a := intel.Answer{Query: q, Kind: string(n.Kind), Normalized: n.Normalized, Verdict: "unknown", Tactics: []string{}, Reason: n.Reason}
		if n.Kind != normalize.KindInvalid {
			key := n.Normalized
			if n.Kind == normalize.KindPhone {
				key = strconv.FormatUint(n.Phone, 10)
			}
			var level int
			var tactics string
			err := pool.QueryRow(r.Context(), `SELECT level, tactics FROM indicators WHERE kind = $1 AND key = $2 AND level > 0`, string(n.Kind), key).Scan(&level, &tactics)
			if err == nil {
				a.Verdict = "suspicious"
				if level >= 2 {
					a.Verified, a.Verdict = true, "scam"
				}
				json.Unmarshal([]byte(tactics), &a.Tactics)
			}
		}
		a.Advice = "…" // the advice text is not what is measured here
		w.Header()["Content-Type"] = ctype
		json.NewEncoder(w).Encode(a)
	})))
}
