package index

import (
	"maps"
	"slices"
	"strings"
)

// Sites and bare accounts: two views of the string indicators that the
// check needs besides exact keys.
//
// A site is a host without a leading "www." or "m.": a query for a bare
// domain ("vcb-hoantien.xyz") answers for the worst verdict among every
// reported path on that site, and the www/m spellings of one host are one
// site. Each site keeps the keys reported on it and its worst entry,
// recomputed when one of its keys changes, so a lookup is one map read.
//
// A bare account number ("0071001234567" without a bank) is looked up in
// a map from the account digits to the banks (BINs) where it was reported.

// SiteOf returns the site of a host: the host without one leading "www."
// or "m.".
func SiteOf(host string) string {
	switch {
	case strings.HasPrefix(host, "www.") && strings.IndexByte(host[4:], '.') > 0:
		return host[4:]
	case strings.HasPrefix(host, "m.") && strings.IndexByte(host[2:], '.') > 0:
		return host[2:]
	}
	return host
}

// siteOfKey is SiteOf of a URL key's host ("host/path/").
func siteOfKey(key string) string {
	if i := strings.IndexByte(key, '/'); i >= 0 {
		key = key[:i]
	}
	return SiteOf(key)
}

type site struct {
	keys []string // URL keys reported on the site
	best Entry    // the worst of them; tactics are those of every key at that level
}

type siteShard struct{ m map[string]*site }

var emptySiteShard = &siteShard{}

// AcctKey is an account number as digits: the value and the count of
// digits, so leading zeros count ("0071…" is not "71…").
type AcctKey struct {
	V uint64
	N uint8
}

// AcctKeyOf reads an account key from 6–19 ASCII digits.
func AcctKeyOf(digits string) (AcctKey, bool) {
	if len(digits) < 6 || len(digits) > 19 {
		return AcctKey{}, false
	}
	var v uint64
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		if c < '0' || c > '9' {
			return AcctKey{}, false
		}
		v = v*10 + uint64(c-'0')
	}
	return AcctKey{V: v, N: uint8(len(digits))}, true
}

type acctShard struct{ m map[AcctKey][]string } // account → BINs

var emptyAcctShard = &acctShard{}

func acctShardOf(k AcctKey) int {
	return (int((k.V*0x9E3779B97F4A7C15)>>(64-strShardBits)) ^ int(k.N)) & (strShards - 1)
}

// SiteLookup returns the worst entry among the reported paths of a site
// (a host's site: see SiteOf).
func (x *Index) SiteLookup(siteName string) (Entry, bool) {
	s, ok := x.cur.Load().sites[strShardOf(siteName)].m[siteName]
	if !ok || s.best.Level == 0 {
		return Entry{}, false
	}
	return s.best, true
}

// AccountBanks returns the BINs where the account was reported (at any
// level the index holds), nil when none. The slice must not be modified.
func (x *Index) AccountBanks(k AcctKey) []string {
	snap := x.cur.Load()
	if snap.banks == 0 {
		return nil
	}
	return snap.accts[acctShardOf(k)].m[k]
}

// siteEdit collects, during one Apply, the sites whose keys changed.
type siteEdit struct {
	dirtyShard [strShards]bool
	dirtyAcct  [strShards]bool
	touched    map[string]bool
}

func (ed *siteEdit) url(next *snapshot, key string, added, removed bool) {
	name := siteOfKey(key)
	sh := strShardOf(name)
	if !ed.dirtyShard[sh] {
		next.sites[sh] = &siteShard{m: maps.Clone(next.sites[sh].m)}
		ed.dirtyShard[sh] = true
	}
	if ed.touched == nil {
		ed.touched = map[string]bool{}
	}
	m := next.sites[sh].m
	if m == nil {
		m = map[string]*site{}
		next.sites[sh].m = m
	}
	old := m[name]
	s := &site{}
	if old != nil {
		if ed.touched[name] {
			s = old // already a copy made in this batch
		} else {
			s.keys = slices.Clone(old.keys)
		}
	}
	ed.touched[name] = true
	switch {
	case added && !slices.Contains(s.keys, key):
		s.keys = append(s.keys, key)
	case removed:
		s.keys = slices.DeleteFunc(s.keys, func(k string) bool { return k == key })
	}
	if len(s.keys) == 0 {
		delete(m, name)
		return
	}
	m[name] = s
}

// finish recomputes the worst entry of every touched site.
func (ed *siteEdit) finish(next *snapshot) {
	urls := &next.strs[kindIndex('u')]
	for name := range ed.touched {
		s := next.sites[strShardOf(name)].m[name]
		if s == nil {
			continue
		}
		var best Entry
		for _, k := range s.keys {
			e, ok := urls[strShardOf(k)].m[k]
			switch {
			case !ok:
			case e.Level > best.Level:
				best = e
			case e.Level == best.Level:
				best.Tactics |= e.Tactics
				best.Seq = max(best.Seq, e.Seq)
			}
		}
		s.best = best
	}
}

func (ed *siteEdit) bank(next *snapshot, key string, added, removed bool) {
	bin, acct, ok := strings.Cut(key, ":")
	if !ok {
		return
	}
	k, ok := AcctKeyOf(acct)
	if !ok {
		return
	}
	sh := acctShardOf(k)
	if !ed.dirtyAcct[sh] {
		next.accts[sh] = &acctShard{m: maps.Clone(next.accts[sh].m)}
		ed.dirtyAcct[sh] = true
	}
	m := next.accts[sh].m
	if m == nil {
		m = map[AcctKey][]string{}
		next.accts[sh].m = m
	}
	bins := m[k]
	switch {
	case added && !slices.Contains(bins, bin):
		next.banks++
		m[k] = append(slices.Clip(bins), bin)
	case removed && slices.Contains(bins, bin):
		next.banks--
		bins = slices.DeleteFunc(slices.Clone(bins), func(b string) bool { return b == bin })
		if len(bins) == 0 {
			delete(m, k)
		} else {
			m[k] = bins
		}
	}
}
