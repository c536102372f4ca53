// Package publish turns published content into the forms the public portal
// hands out: the "official source" mark (a short verification code and a
// content hash), QR codes for the mark's link, the Atom feed of warnings
// and articles, and public alerts in OASIS CAP 1.2.
//
// It only formats: it reads no database, serves no HTTP and keeps no state.
// The caller decides which items are published and where they live, and
// wires the writers to its routes (for example /feed.atom, /cap/alerts.xml,
// /cap/{id}.xml and the code-check page).
//
// Each writer checks its input first and writes nothing when the input is
// refused, so a handler can still send a proper error page. Problems an
// editor can cause (an alert with no headline, an unknown severity) come
// back as errs.KindInvalid errors whose field messages are in Vietnamese;
// mistakes in the caller's own wiring (a feed without an ID) are plain
// English errors.
package publish
