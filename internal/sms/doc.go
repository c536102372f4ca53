// Package sms owns the text of an SMS as the telecoms' message centres
// (SMSCs) receive it over SMPP: which alphabet a text needs, how many parts
// it costs, the bytes of each part with its concatenation header, an
// unaccented (không dấu) variant that fits more per part, the brandname a
// message is sent under, and the labels a marketing message must carry.
//
// Everything here is a pure function of its arguments. The package must not
// do I/O, know about subscribers or consent records, or talk SMPP: the
// sender binds to the SMSC, the campaign code decides who may receive what.
//
// Texts are encoded exactly as given. Pass NFC text (sanitize.Text returns
// it): decomposed Vietnamese costs more UCS-2 units, and a decomposed "é"
// forces UCS-2 where the precomposed one fits GSM-7.
package sms
