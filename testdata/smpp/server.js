#!/usr/bin/env node
// A real SMPP 3.4 message centre (SMSC) for the Go tests of
// internal/dispatch/smpp, built on node-smpp. It listens on 127.0.0.1 only,
// keeps everything in memory, and answers like a telecom's SMSC:
//
//   - bind_transceiver / bind_transmitter / bind_receiver with the configured
//     system_id and password; an unknown system_id gets ESME_RINVSYSID, a
//     wrong password ESME_RINVPASWD (a header without body, as SMPP 3.4
//     §4.1.6 allows and real centres send), and the connection is closed;
//   - submit_sm gets submit_sm_resp with a fresh message_id;
//   - enquire_link gets enquire_link_resp, unbind gets unbind_resp;
//   - when submit_sm asks for a receipt (registered_delivery bit 0), a
//     delivery receipt follows after --receipt-delay ms: deliver_sm with
//     esm_class 0x04 and the text "id:… sub:001 dlvrd:001 submit date:…
//     done date:… stat:DELIVRD err:000 text:…" (plus the receipted_message_id
//     and message_state TLVs), on the bind that submitted or, if it has gone,
//     on another bind of the same system_id, or when one binds again.
//
//   node server.js [--port 0] [--system-id canhgiac] [--password secret]
//                  [--receipt-delay 200] [--stdin-lifeline]
//
// The port may also come from SMPP_PORT. The first stdout line is
// "LISTENING <port>". After it the server reads one command per line on
// stdin and answers each with exactly one JSON line on stdout, in order:
//
//   pass N              the next N submit_sm are answered normally (so that
//                       the steps queued after it hit later submits)
//   throttle N          the next N submit_sm get ESME_RTHROTTLED (0x58)
//   queuefull N         the next N submit_sm get ESME_RMSGQFUL (0x14)
//   fail N STATUS       the next N submit_sm get STATUS (a name such as
//                       ESME_RINVDSTADR, or a number)
//   hangup N            the next N submit_sm are read, then the connection is
//                       closed without an answer
//   mute N              the next N submit_sm are never answered
//   failprefix [P [S]]  receipts for destinations starting with P say stat:S
//   mo FROM TEXT…       a subscriber's reply sent to the client (deliver_sm, esm_class 0)
//                       (default UNDELIV) err:001; without P, stop failing
//   password P          binds from now on need password P
//   kick                close every connection, keep listening
//   down                close every connection and stop listening (new
//                       connections are refused) until "up"
//   up                  listen again on the same port
//   counts              {"submits", "perDest": {number: n}, "concatParts",
//                       "receiptsSent", "receiptsAcked", "binds",
//                       "bindFailures", "enquireLinks", "sessions", "down"}
//   submits [DEST]      every submit_sm received (for DEST only, if given):
//                       {"dest", "src", "esmClass", "dataCoding", "ref",
//                       "total", "seq", "text", "messageId", "status", "at"}
//   times               arrival times of every submit_sm, in ms
//                       (monotonic clock, fractional)
//   reset               forget counts and submits (not the settings)
//
// Every answer has "ok": true, or "ok": false and "error". With
// --stdin-lifeline the server exits when stdin closes, so a test process
// that dies does not leave it running.
'use strict';

const readline = require('node:readline');
const smpp = require('smpp');

function parseArgs(argv) {
  const a = {
    port: Number(process.env.SMPP_PORT || 0),
    systemId: 'canhgiac',
    password: 'secret',
    receiptDelay: 200,
    lifeline: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${v} needs a value`);
      return argv[++i];
    };
    switch (v) {
      case '--port': a.port = Number(next()); break;
      case '--system-id': a.systemId = next(); break;
      case '--password': a.password = next(); break;
      case '--receipt-delay': a.receiptDelay = Number(next()); break;
      case '--stdin-lifeline': a.lifeline = true; break;
      default: throw new Error(`unknown argument ${v}`);
    }
  }
  if (!Number.isInteger(a.port) || a.port < 0 || a.port > 65535) throw new Error('--port must be 0..65535');
  if (!Number.isFinite(a.receiptDelay) || a.receiptDelay < 0) throw new Error('--receipt-delay must be ≥ 0');
  return a;
}

let args;
try {
  args = parseArgs(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`server.js: ${e.message}\n`);
  process.exit(2);
}

// ---- state -----------------------------------------------------------------

const settings = {
  password: args.password,
  failPrefix: '',
  failStat: 'UNDELIV',
};
// Scripted answers for the next submit_sm, consumed in order.
let script = []; // [{kind: 'pass'} | {kind: 'status', status} | {kind: 'hangup'} | {kind: 'mute'}]

let counts;
let submits;
let times;
function reset() {
  counts = {
    submits: 0,
    perDest: {},
    concatParts: 0,
    receiptsSent: 0,
    receiptsAcked: 0,
    binds: 0,
    bindFailures: 0,
    enquireLinks: 0,
  };
  submits = [];
  times = [];
}
reset();

let nextId = 0x5a000000;
const bound = new Set(); // sessions that may receive deliver_sm
let parked = []; // receipts waiting for a bind to carry them
let isDown = false;

// ---- SMPP ------------------------------------------------------------------

const server = smpp.createServer((session) => {
  session.bindKind = ''; // transceiver, transmitter, receiver
  session.on('error', (err) => process.stderr.write(`server.js: session: ${err.message}\n`));
  session.on('close', () => bound.delete(session));

  const onBind = (kind) => (pdu) => {
    if (session.bindKind) {
      session.send(pdu.response({ command_status: smpp.ESME_RALYBND }));
      return;
    }
    let status = 0;
    if (pdu.system_id !== args.systemId) status = smpp.ESME_RINVSYSID;
    else if (pdu.password !== settings.password) status = smpp.ESME_RINVPASWD;
    if (status) {
      counts.bindFailures++;
      session.send(pdu.response({ command_status: status }), () => session.close());
      return;
    }
    counts.binds++;
    session.bindKind = kind;
    session.send(pdu.response({ system_id: 'CANHGIAC-TEST-SMSC' }));
    if (kind !== 'transmitter') {
      bound.add(session);
      const waiting = parked;
      parked = [];
      waiting.forEach(sendReceipt);
    }
  };
  session.on('bind_transceiver', onBind('transceiver'));
  session.on('bind_transmitter', onBind('transmitter'));
  session.on('bind_receiver', onBind('receiver'));

  session.on('enquire_link', (pdu) => {
    counts.enquireLinks++;
    session.send(pdu.response());
  });
  session.on('unbind', (pdu) => {
    bound.delete(session);
    session.send(pdu.response(), () => session.close());
  });
  session.on('submit_sm', (pdu) => onSubmit(session, pdu));
  session.on('unknown', (pdu) => session.send(pdu.response()));
});
server.on('error', (err) => process.stderr.write(`server.js: ${err.message}\n`));

function onSubmit(session, pdu) {
  if (session.bindKind !== 'transceiver' && session.bindKind !== 'transmitter') {
    session.send(pdu.response({ command_status: smpp.ESME_RINVBNDSTS }));
    return;
  }
  const sm = pdu.short_message || {};
  const udh = concatHeader(sm.udh);
  const rec = {
    dest: pdu.destination_addr,
    src: pdu.source_addr,
    esmClass: pdu.esm_class,
    dataCoding: pdu.data_coding,
    ref: udh ? udh.ref : null,
    total: udh ? udh.total : 1,
    seq: udh ? udh.seq : 1,
    text: typeof sm.message === 'string' ? sm.message : Buffer.isBuffer(sm.message) ? sm.message.toString('hex') : '',
    messageId: '',
    status: 0,
    at: Date.now(),
  };
  counts.submits++;
  counts.perDest[rec.dest] = (counts.perDest[rec.dest] || 0) + 1;
  if (udh) counts.concatParts++;
  submits.push(rec);
  times.push(performance.now());

  const step = script.shift();
  if (step && step.kind === 'hangup') {
    rec.status = -1;
    session.destroy();
    return;
  }
  if (step && step.kind === 'mute') {
    rec.status = -2;
    return;
  }
  if (step && step.kind === 'status') {
    rec.status = step.status;
    session.send(pdu.response({ command_status: step.status }));
    return;
  }
  rec.messageId = (nextId++).toString(16).toUpperCase();
  session.send(pdu.response({ message_id: rec.messageId }));
  if (pdu.registered_delivery & 0x01) {
    const submitted = new Date();
    setTimeout(() => sendReceipt({ rec, submitted, via: session }), args.receiptDelay);
  }
}

// concatHeader finds information element 00 (8-bit reference) or 08
// (16-bit reference) among the UDH elements node-smpp split out.
function concatHeader(list) {
  for (const ie of list || []) {
    if (ie[0] === 0x00 && ie.length >= 5) return { ref: ie[2], total: ie[3], seq: ie[4] };
    if (ie[0] === 0x08 && ie.length >= 6) return { ref: ie.readUInt16BE(2), total: ie[4], seq: ie[5] };
  }
  return null;
}

function smscDate(d) {
  const p = (n) => String(n).padStart(2, '0');
  return p(d.getFullYear() % 100) + p(d.getMonth() + 1) + p(d.getDate()) + p(d.getHours()) + p(d.getMinutes());
}

function sendReceipt(r) {
  if (isDown) {
    parked.push(r);
    return;
  }
  let session = r.via;
  if (!bound.has(session)) {
    session = bound.values().next().value;
    if (!session) {
      parked.push(r);
      return;
    }
  }
  const { rec } = r;
  const failed = settings.failPrefix !== '' && rec.dest.startsWith(settings.failPrefix);
  const stat = failed ? settings.failStat : 'DELIVRD';
  const text =
    `id:${rec.messageId} sub:001 dlvrd:${failed ? '000' : '001'} ` +
    `submit date:${smscDate(r.submitted)} done date:${smscDate(new Date())} ` +
    `stat:${stat} err:${failed ? '001' : '000'} text:${asciiPreview(rec.text)}`;
  const states = { DELIVRD: 2, EXPIRED: 3, DELETED: 4, UNDELIV: 5, ACCEPTD: 6, UNKNOWN: 7, REJECTD: 8 };
  const sent = session.deliver_sm(
    {
      source_addr: rec.dest,
      source_addr_ton: 1,
      source_addr_npi: 1,
      destination_addr: rec.src,
      esm_class: 0x04,
      data_coding: 0,
      short_message: text,
      receipted_message_id: rec.messageId,
      message_state: states[stat] || 7,
    },
    (resp) => {
      if (resp.command_status === 0) counts.receiptsAcked++;
    },
  );
  if (sent) counts.receiptsSent++;
  else parked.push(r);
}

// The receipt's text: field repeats the first 20 characters; keep it to
// printable ASCII so it stays in the default alphabet.
function asciiPreview(s) {
  return String(s).slice(0, 20).replace(/[^\x20-\x7e]/g, '?');
}

// ---- control ---------------------------------------------------------------

function count(v) {
  const n = Number(v === undefined ? 1 : v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`not a count: ${v}`);
  return n;
}

function statusCode(v) {
  if (v === undefined) throw new Error('fail needs a status');
  if (/^(0x[0-9a-f]+|\d+)$/i.test(v)) return Number(v);
  if (typeof smpp[v] === 'number') return smpp[v];
  throw new Error(`unknown status ${v}`);
}

function queueSteps(n, step) {
  for (let i = count(n); i > 0; i--) script.push(step);
}

function closeAll() {
  for (const s of server.sessions.slice()) s.destroy();
  bound.clear();
}

// Each command calls done(answer) exactly once, possibly later ("up").
const commands = {
  pass(done, n) { queueSteps(n, { kind: 'pass' }); done({}); },
  throttle(done, n) { queueSteps(n, { kind: 'status', status: smpp.ESME_RTHROTTLED }); done({}); },
  queuefull(done, n) { queueSteps(n, { kind: 'status', status: smpp.ESME_RMSGQFUL }); done({}); },
  fail(done, n, status) { queueSteps(n, { kind: 'status', status: statusCode(status) }); done({}); },
  hangup(done, n) { queueSteps(n, { kind: 'hangup' }); done({}); },
  mute(done, n) { queueSteps(n, { kind: 'mute' }); done({}); },
  failprefix(done, prefix, stat) {
    settings.failPrefix = prefix || '';
    settings.failStat = stat || 'UNDELIV';
    done({});
  },
  password(done, p) {
    if (p === undefined) throw new Error('password needs a value');
    settings.password = p;
    done({});
  },
  kick(done) { closeAll(); done({}); },
  // mo FROM WORDS…: a subscriber's reply (deliver_sm, esm_class 0) to the
  // first bound session, as a carrier forwards "TC" to the brandname.
  mo(done, from, ...words) {
    const session = bound.values().next().value;
    if (!from || !session) throw new Error('mo needs a number and a bound session');
    session.deliver_sm(
      { source_addr: from, source_addr_ton: 1, source_addr_npi: 1, destination_addr: '1234', esm_class: 0, data_coding: 0, short_message: words.join(' ') },
      () => done({}),
    );
  },
  down(done) {
    if (!isDown) {
      isDown = true;
      closeAll();
      server.close();
    }
    done({});
  },
  up(done) {
    if (!isDown) return done({});
    server.once('error', (err) => done({ ok: false, error: err.message }));
    server.listen(port, '127.0.0.1', () => {
      isDown = false;
      done({});
    });
  },
  counts(done) { done(Object.assign({}, counts, { sessions: server.sessions.length, down: isDown })); },
  submits(done, dest) { done({ submits: dest ? submits.filter((s) => s.dest === dest) : submits }); },
  times(done) { done({ times }); },
  reset(done) { reset(); script = []; done({}); },
};

// Commands run one at a time so that answers come out in order.
const pending = [];
let busy = false;
function runNext() {
  if (busy || pending.length === 0) return;
  busy = true;
  const [name, ...rest] = pending.shift().trim().split(/\s+/);
  let answered = false;
  const done = (answer) => {
    if (answered) return;
    answered = true;
    process.stdout.write(JSON.stringify(Object.assign({ ok: true }, answer)) + '\n');
    busy = false;
    setImmediate(runNext);
  };
  try {
    const fn = Object.hasOwn(commands, name) ? commands[name] : null;
    if (!fn) throw new Error(name ? `unknown command ${name}` : 'empty command');
    fn(done, ...rest);
  } catch (e) {
    done({ ok: false, error: e.message });
  }
}

let port = 0;
server.listen(args.port, '127.0.0.1', () => {
  port = server.address().port;
  process.stdout.write(`LISTENING ${port}\n`);
  const rl = readline.createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    pending.push(line);
    runNext();
  });
  if (args.lifeline) rl.on('close', stop);
});

function stop() {
  closeAll();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 300).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
