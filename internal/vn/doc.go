// Package vn holds the Vietnamese-language helpers that the rest of the
// project shares, so that every feature folds, sorts and formats text the
// same way:
//
//   - diacritic folding for accent-insensitive search ([Fold], [FoldContains]);
//   - Vietnamese alphabetical ordering ([Collator], [SortBy]);
//   - dates in the forms Vietnamese users and official documents use
//     ([FormatDate], [FormatDateLong], [ParseDate], [ErrBadDate]);
//   - numbers with Vietnamese separators ([FormatInt], [FormatPercent]).
//
// Anything locale-specific for Vietnamese belongs here rather than being
// re-implemented ad hoc in handlers or templates; divergent copies are how
// search results and sort orders end up disagreeing between screens.
package vn
