import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer as createHttpsServer } from 'node:https';
import {
  connect as netConnect,
  createServer as createNetServer,
  type AddressInfo,
  type LookupFunction,
  type Server,
  type Socket,
} from 'node:net';
import {
  checkEndpoint,
  renderEndpointReport,
  type EndpointReport,
  type EndpointStep,
  type StepName,
} from '../../src/endpoint/endpointCheck';
import { hasOpenssl, makeTestCertificates, type KeyAndCert, type TestCertificates } from './helpers/certs';
import { deadUrl, startRecordingServer, type RecordedRequest } from './helpers/recordingServer';

/** localhost and wrong.example resolve to 127.0.0.1; anything else does not resolve. */
const lookup: LookupFunction = (hostname, options, callback) => {
  if (hostname !== 'localhost' && hostname !== 'wrong.example') {
    callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '', 4);
    return;
  }
  if (options.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
  else callback(null, '127.0.0.1', 4);
};

/**
 * A port on 127.0.0.1 where connecting hangs, as at a black-holed address: a child process listens with a backlog
 * of 1 and then blocks its event loop, so it never accepts; once a few connections fill its queue, the kernel drops
 * every further SYN and a connect waits until it is given up.
 */
async function startBlackHole(): Promise<{ port: number; fillers: Socket[]; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `
    const server = require('node:net').createServer();
    server.listen({ host: '127.0.0.1', port: 0, backlog: 1 }, () => {
      process.stdout.write(server.address().port + '\\n');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
    });`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const [chunk] = (await once(child.stdout as NodeJS.ReadableStream, 'data')) as [Buffer];
  const port = Number(chunk.toString().trim());
  const fillers = Array.from({ length: 4 }, () => netConnect({ host: '127.0.0.1', port }).on('error', () => undefined));
  await new Promise((resolve) => setTimeout(resolve, 200));
  return { port, fillers, child };
}

interface Running {
  readonly port: number;
  readonly seen: RecordedRequest[];
  close(): Promise<void>;
}

function track(server: Server): () => Promise<void> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return () =>
    new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
      for (const socket of sockets) socket.destroy();
    });
}

/** An HTTPS server on 127.0.0.1: /redirect answers 302, everything else 200. */
async function startHttps(pair: KeyAndCert): Promise<Running> {
  const seen: RecordedRequest[] = [];
  const server = createHttpsServer({ key: pair.key, cert: pair.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        rawHeaders: req.rawHeaders,
        body: Buffer.concat(chunks),
      });
      if (req.url?.startsWith('/redirect')) {
        res.writeHead(302, { location: 'https://final.example/zipwhip/receive' });
        res.end();
      } else {
        res.end('{"ok":true}');
      }
    });
  });
  const close = track(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, seen, close };
}

/** A raw TCP server: `onData` decides what the client gets after its first bytes (its ClientHello). */
async function startRaw(onData: (socket: Socket) => void): Promise<Running> {
  const server = createNetServer((socket) => {
    socket.on('error', () => undefined);
    socket.once('data', () => {
      onData(socket);
    });
  });
  const close = track(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, seen: [], close };
}

function step(report: EndpointReport, name: StepName): EndpointStep {
  const found = report.steps.find((s) => s.name === name);
  assert.ok(found, `no ${name} step in ${JSON.stringify(report.steps.map((s) => s.name))}`);
  return found;
}

describe('checkEndpoint', function () {
  this.timeout(10_000);
  let certs: TestCertificates;
  const running: Running[] = [];

  before(function () {
    if (!hasOpenssl()) this.skip(); // the openssl CLI makes the certificates
    certs = makeTestCertificates();
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((r) => r.close()));
  });

  async function https(pair: KeyAndCert): Promise<Running> {
    const server = await startHttps(pair);
    running.push(server);
    return server;
  }

  it('passes every step for a certificate chain whose CA is supplied, and sends a real payload', async () => {
    const server = await https(certs.valid);
    const report = await checkEndpoint(`https://localhost:${server.port}/zipwhip/message/receive`, 'post', {
      ca: certs.ca,
      lookup,
      timeoutMs: 3000,
    });
    assert.deepEqual(
      report.steps.map((s) => [s.name, s.severity]),
      [
        ['DNS', 'ok'],
        ['TCP', 'ok'],
        ['TLS', 'ok'],
        ['Certificate', 'ok'],
        ['HTTP', 'ok'],
      ],
    );
    assert.equal(report.ok, true);
    assert.equal(report.method, 'POST');
    assert.equal(step(report, 'DNS').details?.addresses, '127.0.0.1');
    assert.match(step(report, 'TLS').details?.protocol ?? '', /^TLSv1\.[23]$/);
    assert.ok(step(report, 'TLS').details?.cipher);
    const certificate = step(report, 'Certificate');
    assert.match(certificate.summary, /^Trusted, matches localhost/);
    assert.equal(certificate.details?.subject, 'CN=localhost');
    assert.equal(certificate.details.issuer, 'CN=Zipwhip Webhooks Test CA');
    assert.equal(certificate.details['valid to'], '2099-12-31T23:59:59.000Z');
    assert.match(step(report, 'HTTP').summary, /POST answered 200/);
    const seen = server.seen[0];
    assert.ok(seen);
    assert.equal(seen.method, 'POST');
    assert.equal(seen.headers['user-agent'], 'Apache-HttpClient/4.5.7 (Java/1.8.0_201)');
    assert.match(seen.body.toString(), /"messageType":"MO"/);
    assert.ok(report.steps.every((s) => s.ms >= 0));
  });

  it('flags a certificate from an unknown CA as untrusted', async () => {
    const server = await https(certs.valid);
    const report = await checkEndpoint(`https://localhost:${server.port}/`, 'POST', { lookup, timeoutMs: 3000 });
    const certificate = step(report, 'Certificate');
    assert.equal(certificate.severity, 'error');
    assert.match(certificate.summary, /is not trusted \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)/);
    assert.equal(report.ok, false);
    assert.equal(step(report, 'HTTP').severity, 'ok', 'the HTTP check still runs');
  });

  it('flags an expired certificate', async () => {
    const server = await https(certs.expired);
    const report = await checkEndpoint(`https://localhost:${server.port}/`, 'POST', { ca: certs.ca, lookup, timeoutMs: 3000 });
    const certificate = step(report, 'Certificate');
    assert.equal(certificate.ok, false);
    assert.equal(certificate.severity, 'error');
    assert.match(certificate.summary, /expired on 2020-01-02T00:00:00\.000Z/);
    assert.equal(certificate.details?.trust, 'CERT_HAS_EXPIRED');
  });

  it('flags a certificate for another host name', async () => {
    const server = await https(certs.wrongHost);
    const report = await checkEndpoint(`https://localhost:${server.port}/`, 'PUT', { ca: certs.ca, lookup, timeoutMs: 3000 });
    const certificate = step(report, 'Certificate');
    assert.equal(certificate.severity, 'error');
    assert.match(certificate.summary, /does not match the host name localhost/);
    assert.match(certificate.details?.['host name'] ?? '', /^no match: .*wrong\.example/);
    // The same certificate is fine for the name it was made for.
    const right = await checkEndpoint(`https://wrong.example:${server.port}/`, 'PUT', { ca: certs.ca, lookup, timeoutMs: 3000 });
    assert.equal(step(right, 'Certificate').severity, 'ok');
    assert.equal(server.seen.at(-1)?.method, 'PUT');
  });

  it('flags a self-signed certificate', async () => {
    const server = await https(certs.selfSigned);
    const report = await checkEndpoint(`https://127.0.0.1:${server.port}/`, 'POST', { timeoutMs: 3000 });
    assert.equal(step(report, 'DNS').summary, '127.0.0.1 is an IP address; no lookup needed.');
    assert.match(step(report, 'Certificate').summary, /is self-signed/);
  });

  it('warns about a plain http:// URL, and checks the rest', async () => {
    const server = await startRecordingServer((_req, res) => res.end('ok'));
    try {
      const report = await checkEndpoint(`${server.url}hook`, 'GET', { timeoutMs: 3000 });
      assert.deepEqual(
        report.steps.map((s) => [s.name, s.severity]),
        [
          ['DNS', 'ok'],
          ['TCP', 'ok'],
          ['TLS', 'warning'],
          ['HTTP', 'ok'],
        ],
      );
      assert.match(step(report, 'TLS').summary, /Zipwhip recommends HTTPS/);
      assert.equal(report.ok, true, 'warnings only');
      // A GET hook gets the payload fields in the query.
      assert.equal(server.seen[0]?.method, 'GET');
      assert.match(server.seen[0].url, /^\/hook\?body=.*&messageType=MO/);
    } finally {
      await server.close();
    }
  });

  it('warns about a redirect with its Location, without following it', async () => {
    const server = await https(certs.valid);
    const report = await checkEndpoint(`https://localhost:${server.port}/redirect`, 'POST', { ca: certs.ca, lookup, timeoutMs: 3000 });
    const http = step(report, 'HTTP');
    assert.equal(http.severity, 'warning');
    assert.equal(http.ok, false);
    assert.match(http.summary, /302/);
    assert.match(http.summary, /Zipwhip does not follow redirects, as far as anyone documented \(our reading\)/);
    assert.equal(http.details?.location, 'https://final.example/zipwhip/receive');
    assert.equal(server.seen.length, 1);
  });

  it('flags an error status as a failed delivery', async () => {
    const server = await startRecordingServer((_req, res) => {
      res.writeHead(405);
      res.end('method not allowed');
    });
    try {
      const report = await checkEndpoint(server.url, 'PUT', { timeoutMs: 3000 });
      const http = step(report, 'HTTP');
      assert.equal(http.severity, 'error');
      assert.match(http.summary, /PUT answered 405: .* does not accept PUT/);
    } finally {
      await server.close();
    }
  });

  it('stops at a name that does not resolve, and at a refused connection', async () => {
    const unresolved = await checkEndpoint('https://nowhere.invalid/hook', 'POST', { lookup, timeoutMs: 3000 });
    assert.deepEqual(
      unresolved.steps.map((s) => [s.name, s.severity]),
      [['DNS', 'error']],
    );
    assert.match(unresolved.steps[0]?.summary ?? '', /ENOTFOUND/);

    const refused = await checkEndpoint(await deadUrl(), 'POST', { timeoutMs: 3000 });
    assert.deepEqual(
      refused.steps.map((s) => [s.name, s.severity]),
      [
        ['DNS', 'ok'],
        ['TCP', 'error'],
      ],
    );
    assert.match(refused.steps[1]?.summary ?? '', /ECONNREFUSED/);

    const invalid = await checkEndpoint('ftp://example.com/', 'POST');
    assert.deepEqual(
      invalid.steps.map((s) => [s.name, s.severity]),
      [['DNS', 'error']],
    );
  });

  it('says Zipwhip requires TLS 1.0+ when the server answers with SSL 3.0', async () => {
    // A minimal SSL 3.0 ServerHello (version 3.0, TLS_RSA_WITH_AES_128_CBC_SHA), as an SSL3-only server sends.
    const server = await startRaw((socket) => {
      const hello = Buffer.concat([Buffer.from([0x02, 0, 0, 38, 3, 0]), Buffer.alloc(32, 7), Buffer.from([0, 0, 0x2f, 0])]);
      socket.write(Buffer.concat([Buffer.from([0x16, 3, 0, 0, hello.length]), hello]));
    });
    running.push(server);
    const report = await checkEndpoint(`https://127.0.0.1:${server.port}/`, 'POST', { timeoutMs: 3000 });
    const tls = step(report, 'TLS');
    assert.equal(tls.severity, 'error');
    assert.match(tls.summary, /Zipwhip requires TLS 1\.0 or later/);
    assert.match(tls.details?.error ?? '', /unsupported protocol/i);
    assert.equal(report.steps.length, 3, 'no certificate or HTTP step after a failed handshake');
  });

  it('gives the TCP step one time-out however many addresses the name has (F11)', async () => {
    const hole = await startBlackHole();
    try {
      const four: LookupFunction = (_hostname, _options, callback) => {
        callback(
          null,
          [1, 2, 3, 4].map(() => ({ address: '127.0.0.1', family: 4 })),
        );
      };
      const started = Date.now();
      const report = await checkEndpoint(`http://many.example:${hole.port}/`, 'POST', { lookup: four, timeoutMs: 500 });
      const elapsed = Date.now() - started;
      const tcp = step(report, 'TCP');
      assert.equal(tcp.severity, 'error');
      assert.match(tcp.summary, /No answer within the 500 ms for this step/);
      assert.match(tcp.summary, /not tried, the 500 ms for this step ran out/);
      // One time-out, not four: each address taking its own 500 ms would be 2 s.
      assert.ok(elapsed < 1500, `took ${elapsed} ms`);
    } finally {
      for (const socket of hole.fillers) socket.destroy();
      hole.child.kill('SIGKILL');
    }
  });

  it('bounds a handshake that never answers by the time-out', async () => {
    const server = await startRaw(() => {
      // accepts the ClientHello and says nothing
    });
    running.push(server);
    const started = Date.now();
    const report = await checkEndpoint(`https://127.0.0.1:${server.port}/`, 'POST', { timeoutMs: 300 });
    assert.equal(step(report, 'TLS').summary, 'TLS handshake failed: No answer within 300 ms.');
    assert.ok(Date.now() - started < 2000);
  });

  it('renders a report as text', async () => {
    const server = await https(certs.expired);
    const text = renderEndpointReport(
      await checkEndpoint(`https://localhost:${server.port}/`, 'POST', { ca: certs.ca, lookup, timeoutMs: 3000 }),
    );
    assert.match(text, /^# Endpoint check: POST https:\/\/localhost:\d+\/\n/);
    assert.match(text, /1 problem would stop Zipwhip's deliveries/);
    assert.match(text, /\n✓ DNS {9}localhost resolves to 127\.0\.0\.1\./);
    assert.match(text, /\n✗ Certificate The certificate expired/);
    assert.match(text, /\n {4}issuer: CN=Zipwhip Webhooks Test CA\n/);
  });
});
