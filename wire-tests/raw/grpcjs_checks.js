#!/usr/bin/env node
// Raw gRPC wire checks against a Flight conformance server, using @grpc/grpc-js only.
//
// No Flight library, no .proto files, no generated stubs: a plain grpc.Client makes generic
// calls (makeUnaryRequest / makeServerStreamRequest) with Buffer pass-through (de)serializers,
// and the few protobuf messages are encoded by hand below.
//
// Usage: node grpcjs_checks.js --port P [--host H] [--check NAME]... [--list]
//                              [--no-exact-details] [-v]
// Prints "PASS <name>" / "FAIL <name>: <reason>" per check; exit code 1 if any failed.
'use strict';

const { parseArgs } = require('node:util');
const grpc = require('@grpc/grpc-js');

const SERVICE = '/arrow.flight.protocol.FlightService/';

// --- hand-written protobuf -------------------------------------------------------------------

function varint(n) {
  const out = [];
  let v = BigInt(n);
  for (;;) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    if (v) {
      out.push(b | 0x80);
    } else {
      out.push(b);
      return Buffer.from(out);
    }
  }
}

function fieldVarint(num, value) {
  return Buffer.concat([varint((num << 3) | 0), varint(value)]);
}

function fieldBytes(num, data) {
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data, 'utf8');
  return Buffer.concat([varint((num << 3) | 2), varint(buf.length), buf]);
}

// FlightDescriptor{type=CMD(2), cmd}
function descriptorCmd(cmd) {
  return Buffer.concat([fieldVarint(1, 2), fieldBytes(2, cmd)]);
}

// FlightDescriptor{type=PATH(1), path...}
function descriptorPath(...parts) {
  return Buffer.concat([fieldVarint(1, 1), ...parts.map((p) => fieldBytes(3, p))]);
}

// Action{type, body}
function action(type, body) {
  const parts = [fieldBytes(1, type)];
  if (body && body.length) parts.push(fieldBytes(2, body));
  return Buffer.concat(parts);
}

function readVarint(buf, i) {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    if (i >= buf.length) throw new Error('truncated varint');
    const b = buf[i++];
    result |= BigInt(b & 0x7f) << shift;
    if (!(b & 0x80)) return [result, i];
    shift += 7n;
  }
}

function parseFields(buf) {
  const out = [];
  let i = 0;
  while (i < buf.length) {
    let key;
    [key, i] = readVarint(buf, i);
    const num = Number(key >> 3n);
    const wt = Number(key & 7n);
    let v;
    if (wt === 0) {
      [v, i] = readVarint(buf, i);
    } else if (wt === 2) {
      let n;
      [n, i] = readVarint(buf, i);
      v = buf.subarray(i, i + Number(n));
      if (v.length !== Number(n)) throw new Error('truncated length-delimited field');
      i += Number(n);
    } else if (wt === 1) {
      v = buf.subarray(i, i + 8);
      i += 8;
    } else if (wt === 5) {
      v = buf.subarray(i, i + 4);
      i += 4;
    } else {
      throw new Error(`unsupported wire type ${wt}`);
    }
    out.push([num, wt, v]);
  }
  return out;
}

// Result{body=1} -> body as a Buffer
function resultBody(msg) {
  let body = Buffer.alloc(0);
  for (const [num, wt, v] of parseFields(msg)) if (num === 1 && wt === 2) body = Buffer.from(v);
  return body;
}

// --- helpers ---------------------------------------------------------------------------------

const S = grpc.status;
const ERROR_TABLE = [ // kind, expected gRPC status (CONTRACT.md; already_exists skipped)
  ['unauthenticated', S.UNAUTHENTICATED],
  ['unauthorized', S.PERMISSION_DENIED],
  ['unavailable', S.UNAVAILABLE],
  ['timed_out', S.DEADLINE_EXCEEDED],
  ['cancelled', S.CANCELLED],
  ['internal', S.INTERNAL],
  ['server_error', S.UNKNOWN],
  ['invalid', S.INVALID_ARGUMENT],
  ['not_found', S.NOT_FOUND],
  ['unimplemented', S.UNIMPLEMENTED],
];
const STATUS_NAME = Object.fromEntries(Object.entries(S).map(([k, v]) => [v, k]));

const ident = (b) => b;

class CheckFailed extends Error {}

function expect(cond, msg) {
  if (!cond) throw new CheckFailed(msg);
}

const fmtErr = (e) => `${STATUS_NAME[e.code] ?? e.code} ${JSON.stringify(e.details)}`;

class Checks {
  constructor(host, port, verbose, exactDetails) {
    this.verbose = verbose;
    this.exactDetails = exactDetails;
    this.client = new grpc.Client(`${host}:${port}`, grpc.credentials.createInsecure(), {
      'grpc.enable_http_proxy': 0,
      'grpc.max_receive_message_length': -1,
    });
  }

  info(msg) {
    if (this.verbose) console.log(`  info: ${msg}`);
  }

  ready() {
    return new Promise((resolve, reject) => {
      this.client.waitForReady(Date.now() + 10000, (err) => (err ? reject(err) : resolve()));
    });
  }

  // Exact match by default; with --no-exact-details the C++ server's ". Detail: ..." suffix
  // after the message is tolerated.
  detailsOk(got, want) {
    if (got === want) return true;
    return !this.exactDetails && typeof got === 'string' && got.startsWith(`${want}. Detail: `);
  }

  unary(path, req, { timeoutMs = 10000, metadata } = {}) {
    return new Promise((resolve, reject) => {
      this.client.makeUnaryRequest(path, ident, ident, req, metadata || new grpc.Metadata(),
        { deadline: Date.now() + timeoutMs }, (err, resp) => (err ? reject(err) : resolve(resp)));
    });
  }

  // Resolves {messages, status} on success; rejects with the ServiceError (messages attached).
  serverStream(path, req, { timeoutMs = 10000, metadata } = {}) {
    return new Promise((resolve, reject) => {
      const call = this.client.makeServerStreamRequest(path, ident, ident, req,
        metadata || new grpc.Metadata(), { deadline: Date.now() + timeoutMs });
      const messages = [];
      let error = null;
      call.on('data', (m) => messages.push(m));
      call.on('error', (e) => { error = e; });
      call.on('status', (st) => {
        if (st.code === S.OK) {
          resolve({ messages, status: st });
        } else {
          const e = error || Object.assign(new Error(st.details), st);
          e.messages = messages;
          reject(e);
        }
      });
    });
  }

  async doAction(type, body, opts) {
    const r = await this.serverStream(`${SERVICE}DoAction`, action(type, body), opts);
    return r.messages.map(resultBody);
  }

  // --- checks ---

  async status_codes() {
    const problems = [];
    for (const [kind, code] of ERROR_TABLE) {
      const msg = `msg ${kind} ü%`;
      try {
        await this.unary(`${SERVICE}GetFlightInfo`, descriptorCmd(`error:${kind}:${msg}`));
        problems.push(`${kind}: call succeeded`);
        continue;
      } catch (e) {
        this.info(`${kind}: ${fmtErr(e)}`);
        if (e.code !== code) problems.push(`${kind}: status ${fmtErr(e)}, expected ${STATUS_NAME[code]}`);
        if (!this.detailsOk(e.details, msg)) {
          problems.push(`${kind}: details ${JSON.stringify(e.details)}, expected ${JSON.stringify(msg)}`);
        }
      }
    }
    expect(problems.length === 0, problems.join('; '));
  }

  async unknown_method() {
    const problems = [];
    for (const path of [`${SERVICE}NoSuchMethod`, '/no.such.Service/Method']) {
      try {
        await this.unary(path, Buffer.alloc(0));
        problems.push(`${path}: call succeeded`);
      } catch (e) {
        this.info(`${path}: ${fmtErr(e)}`);
        if (e.code !== S.UNIMPLEMENTED) problems.push(`${path}: ${fmtErr(e)}, expected UNIMPLEMENTED`);
      }
    }
    expect(problems.length === 0, problems.join('; '));
  }

  async ok_unary() {
    const res = await this.doAction('echo', Buffer.from('ping'));
    expect(res.length === 1 && res[0].equals(Buffer.from('ping')),
      `echo results ${JSON.stringify(res.map(String))}, expected ["ping"]`);
    const info = await this.unary(`${SERVICE}GetFlightInfo`, descriptorPath('test', 'ints'));
    expect(Buffer.isBuffer(info) && info.length > 0, 'empty FlightInfo');
    const fields = [...new Set(parseFields(info).map(([n]) => n))].sort();
    this.info(`FlightInfo ${info.length} bytes, fields ${JSON.stringify(fields)}`);
  }

  async deadline() {
    const t0 = process.hrtime.bigint();
    try {
      const res = await this.doAction('sleep', Buffer.from('3000'), { timeoutMs: 300 });
      throw new CheckFailed(`call succeeded: ${JSON.stringify(res.map(String))}`);
    } catch (e) {
      if (e instanceof CheckFailed) throw e;
      const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
      this.info(`${fmtErr(e)} after ${elapsed.toFixed(3)}s`);
      expect(e.code === S.DEADLINE_EXCEEDED, `status ${fmtErr(e)}, expected DEADLINE_EXCEEDED`);
      expect(elapsed < 2.0, `took ${elapsed.toFixed(2)}s`);
    }
  }

  async concurrent_streams(n = 100, count = 50) {
    const expected = Array.from({ length: count }, (_, i) => String(i));
    const results = await Promise.allSettled(Array.from({ length: n },
      () => this.doAction('count', Buffer.from(String(count)), { timeoutMs: 60000 })));
    const bad = [];
    results.forEach((r, i) => {
      if (r.status === 'rejected') {
        bad.push(`call ${i}: ${r.reason && r.reason.code !== undefined ? fmtErr(r.reason) : r.reason}`);
      } else {
        const got = r.value.map(String);
        if (got.length !== count || got.some((v, j) => v !== expected[j])) {
          bad.push(`call ${i}: ${got.length} results, first ${JSON.stringify(got.slice(0, 3))}`);
        }
      }
    });
    expect(bad.length === 0, `${bad.length}/${n} calls wrong: ${bad.slice(0, 5).join('; ')}`);
  }

  async metadata() {
    const md = new grpc.Metadata();
    md.add('x-one', '1');
    md.add('x-two-bin', Buffer.from([0x00, 0x01, 0xff]));
    const texts = (await this.doAction('headers', Buffer.alloc(0), { metadata: md })).map(String);
    this.info(`headers results ${JSON.stringify(texts)}`);
    expect(texts.includes('x-one: 1'), `'x-one: 1' missing from ${JSON.stringify(texts)}`);
    expect(texts.includes('x-two-bin: 0001ff'), `'x-two-bin: 0001ff' missing from ${JSON.stringify(texts)}`);
    const xs = texts.filter((t) => t.startsWith('x-'));
    expect(xs.every((t, i) => i === 0 || xs[i - 1] <= t), `results not sorted by name: ${JSON.stringify(texts)}`);
  }
}

const CHECKS = ['status_codes', 'unknown_method', 'deadline', 'concurrent_streams', 'metadata', 'ok_unary'];

async function main() {
  let args;
  try {
    ({ values: args } = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string', default: 'localhost' },
        check: { type: 'string', multiple: true, default: [] },
        list: { type: 'boolean', default: false },
        'exact-details': { type: 'boolean', default: true },
        'no-exact-details': { type: 'boolean', default: false },
        verbose: { type: 'boolean', short: 'v', default: false },
      },
    }));
  } catch (e) {
    console.error(`usage error: ${e.message}`);
    return 2;
  }
  if (args.list) {
    console.log(CHECKS.join('\n'));
    return 0;
  }
  if (!args.port) {
    console.error('--port is required');
    return 2;
  }
  const unknown = args.check.filter((c) => !CHECKS.includes(c));
  if (unknown.length) {
    console.error(`unknown check(s): ${unknown.join(', ')}; choose from ${CHECKS.join(', ')}`);
    return 2;
  }
  const checks = new Checks(args.host, Number(args.port), args.verbose,
    args['exact-details'] && !args['no-exact-details']);
  await checks.ready();
  let failed = false;
  for (const name of args.check.length ? args.check : CHECKS) {
    try {
      await checks[name]();
      console.log(`PASS ${name}`);
    } catch (e) {
      failed = true;
      if (e instanceof CheckFailed) {
        console.log(`FAIL ${name}: ${e.message}`);
      } else if (e && e.code !== undefined && STATUS_NAME[e.code]) {
        console.log(`FAIL ${name}: gRPC error ${fmtErr(e)}`);
      } else {
        console.log(`FAIL ${name}: ${e && e.stack ? e.stack.split('\n')[0] : e}`);
        if (args.verbose && e && e.stack) console.error(e.stack);
      }
    }
  }
  checks.client.close();
  return failed ? 1 : 0;
}

main().then((rc) => { process.exitCode = rc; }, (e) => {
  console.log(`FAIL setup: ${e && e.message ? e.message : e}`);
  process.exitCode = 1;
});
