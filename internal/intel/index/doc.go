// Package index is the in-memory verdict index of the scam-check service.
//
// It owns the hot lookup structures for already-normalised indicators:
// phones (E.164 digits as uint64), bank accounts ("BIN:ACCOUNT"), URL
// expressions, social handles and wallet addresses, plus the Safe-Browsing
// style hashed-prefix list of URL expressions handed to partners.
//
// It must not normalise indicators, talk to a database, read a change log or
// decide verdicts: callers feed it normalised keys and Entry records (bulk
// loads and ordered Change batches) and it only answers "what do we know about
// this key". Lookups take no locks and do not allocate.
//
// Concurrency model: the whole index is one immutable snapshot behind an
// atomic pointer. Writers (serialised by a mutex) copy only the shards a batch
// touches, mutate the private copies and publish a new snapshot in one atomic
// store, so a reader sees a batch either entirely or not at all and can never
// observe a torn entry.
//
// Phone storage is compact: an open-addressing, linear-probing table of
// uint64 slots (number code + payload) with a parallel []uint32 of change
// sequences, sized at ~0.8 load so an entry costs about 15 bytes. Numbers or
// entries that do not fit the packing go to a small per-shard Go map.
package index
