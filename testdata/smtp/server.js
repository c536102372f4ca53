#!/usr/bin/env node
// A real SMTP server for the Go tests of internal/mail (and of whoever sends
// mail through it). It listens on 127.0.0.1 only, accepts any login or none,
// and prints every message it receives as one JSON line on stdout (decoded
// subject and body), so tests can check what actually arrived on the wire.
//
//   node server.js [--port 0] [--out FILE] [--starttls --key K --cert C] [--stdin-lifeline]
//
// A recipient whose local part starts with "reject" (reject@…, reject-1@…)
// is refused with 550, so tests can see a permanent delivery failure.
//
// The first stdout line is "LISTENING <port>". With --stdin-lifeline the
// server exits when its stdin closes, so a test process that dies does not
// leave it running.
'use strict';

const fs = require('node:fs');
const { SMTPServer } = require('smtp-server');
const { simpleParser } = require('mailparser');

function parseArgs(argv) {
  const a = { port: 0, out: '', starttls: false, key: '', cert: '', lifeline: false };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${v} needs a value`);
      return argv[++i];
    };
    switch (v) {
      case '--port': a.port = Number(next()); break;
      case '--out': a.out = next(); break;
      case '--starttls': a.starttls = true; break;
      case '--key': a.key = next(); break;
      case '--cert': a.cert = next(); break;
      case '--stdin-lifeline': a.lifeline = true; break;
      default: throw new Error(`unknown argument ${v}`);
    }
  }
  if (!Number.isInteger(a.port) || a.port < 0 || a.port > 65535) throw new Error('--port must be 0..65535');
  return a;
}

let args;
try {
  args = parseArgs(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`server.js: ${e.message}\n`);
  process.exit(2);
}

function emit(rec) {
  const line = JSON.stringify(rec) + '\n';
  process.stdout.write(line);
  if (args.out) fs.appendFileSync(args.out, line);
}

// One line per header the tests may want to see raw (encoding checks).
function rawHeaders(parsed) {
  const h = {};
  for (const { key, line } of parsed.headerLines || []) {
    const i = line.indexOf(':');
    // Unfolded, so a long encoded subject reads as one value.
    h[key] = (i >= 0 ? line.slice(i + 1) : line).replace(/\r?\n[ \t]/g, ' ').trim();
  }
  return h;
}

const options = {
  secure: false,
  authOptional: true,
  // Tests run over plain TCP on loopback; a login there is fine.
  allowInsecureAuth: true,
  disabledCommands: args.starttls ? [] : ['STARTTLS'],
  logger: false,
  banner: 'canhgiac test SMTP',
  onAuth(auth, session, cb) {
    // Any login is accepted; the password is never printed.
    cb(null, { user: auth.username });
  },
  onRcptTo(address, session, cb) {
    if (/^reject/i.test(address.address)) {
      const err = new Error(`mailbox ${address.address} unavailable`);
      err.responseCode = 550;
      return cb(err);
    }
    cb();
  },
  onData(stream, session, cb) {
    simpleParser(stream)
      .then((parsed) => {
        emit({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: parsed.subject || '',
          text: parsed.text || '',
          user: session.user || '',
          tls: Boolean(session.secure),
          headers: rawHeaders(parsed),
        });
        cb();
      })
      .catch((err) => cb(err));
  },
};
if (args.starttls && args.key && args.cert) {
  options.key = fs.readFileSync(args.key);
  options.cert = fs.readFileSync(args.cert);
}

const server = new SMTPServer(options);
server.on('error', (err) => process.stderr.write(`server.js: ${err.message}\n`));
server.listen(args.port, '127.0.0.1', () => {
  process.stdout.write(`LISTENING ${server.server.address().port}\n`);
});

function stop() {
  server.close(() => process.exit(0));
  // Open connections must not keep the process alive.
  setTimeout(() => process.exit(0), 500).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
if (args.lifeline) {
  process.stdin.on('end', stop);
  process.stdin.on('error', stop);
  process.stdin.resume();
}
