package testutil

import (
	"testing"

	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/dispatch"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/seal"
	"github.com/canhgiac/canhgiac/internal/store"
)

// Campaigns is the campaign service on db, built as app.Open builds it
// (the organisation's scopes, activity logging), with people to send to
// (nil: nobody) and keys that seal its messages.
func Campaigns(t testing.TB, db *store.DB, clk clock.Clock, people dispatch.Audience, keys *seal.Keys) *dispatch.Service {
	t.Helper()
	o := org.NewService(db, clk)
	return dispatch.New(dispatch.Deps{DB: db, Clock: clk, Org: o, Activity: activity.NewService(db, clk, o), Audience: people, Keys: keys})
}
