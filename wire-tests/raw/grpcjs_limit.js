#!/usr/bin/env node
// A Go-style client: @grpc/grpc-js with its default 4 MiB receive limit reads a DoGet stream.
//
// Usage: node grpcjs_limit.js --port P [--host H] --ticket T --expect ok|resource_exhausted
// With --expect ok the stream must end OK; prints "PASS limit <messages> messages <bytes> bytes
// largest <bytes>". With --expect resource_exhausted the call must fail with RESOURCE_EXHAUSTED.
// Otherwise prints "FAIL limit: <reason>". Exit 0 on PASS, 1 on FAIL.
'use strict';

const { parseArgs } = require('node:util');
const grpc = require('@grpc/grpc-js');

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: 'localhost' },
    port: { type: 'string' },
    ticket: { type: 'string' },
    expect: { type: 'string' },
  },
});

// Ticket{ticket = bytes}: field 1, length-delimited
function ticket(text) {
  const body = Buffer.from(text, 'utf8');
  if (body.length > 127) throw new Error('ticket too long for this probe');
  return Buffer.concat([Buffer.from([0x0a, body.length]), body]);
}

const client = new grpc.Client(`${values.host}:${values.port}`, grpc.credentials.createInsecure());
const call = client.makeServerStreamRequest('/arrow.flight.protocol.FlightService/DoGet',
  (b) => b, (b) => b, ticket(values.ticket));
let messages = 0;
let bytes = 0;
let largest = 0;
call.on('data', (m) => {
  messages += 1;
  bytes += m.length;
  largest = Math.max(largest, m.length);
});
call.on('error', (e) => {
  if (values.expect === 'resource_exhausted' && e.code === grpc.status.RESOURCE_EXHAUSTED) {
    console.log(`PASS limit refused: ${e.details}`);
    process.exit(0);
  }
  console.log(`FAIL limit: status ${e.code} ${e.details} after ${messages} messages`);
  process.exit(1);
});
call.on('status', (s) => {
  if (s.code !== grpc.status.OK) return; // reported by 'error'
  if (values.expect === 'ok') {
    console.log(`PASS limit ${messages} messages ${bytes} bytes largest ${largest}`);
    process.exit(0);
  }
  console.log(`FAIL limit: expected RESOURCE_EXHAUSTED but the stream ended OK (${messages} messages)`);
  process.exit(1);
});
