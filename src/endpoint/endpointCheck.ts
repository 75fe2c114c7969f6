/**
 * "Will Zipwhip be able to deliver to this URL?" — step by step, the way a delivery would fail: DNS, TCP,
 * TLS (version, cipher), certificate (trust, dates, host name), then one real HTTP request with a generated
 * payload and the hook's method, redirects NOT followed. Never throws; each step is bounded by the time-out (the TCP
 * step as a whole, however many addresses the name has).
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { connect as netConnect, isIP, type LookupFunction, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { errorText } from '../api/networkErrors';
import { loadUndici } from '../api/undici';
import { buildDeliveryRequest, deliver } from '../deliveries/deliver';
import { generatePayload } from '../deliveries/payloads';
import { certificateStep } from './certificate';
import type { EndpointReport, EndpointStep, StepName } from './report';

export { renderEndpointReport, type EndpointReport, type EndpointStep, type Severity, type StepName } from './report';

export interface EndpointCheckOptions {
  /** Per step; default 10 s. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Trusted CA certificates instead of the system's (tests use a CA they generate). */
  readonly ca?: string | Buffer | readonly (string | Buffer)[];
  /** Name resolution instead of dns.lookup (tests map names to 127.0.0.1). */
  readonly lookup?: LookupFunction;
  /** Which event's payload the HTTP step sends; default message/receive. */
  readonly type?: string;
  readonly event?: string;
  /** Clock for certificate dates; default now. */
  readonly now?: () => Date;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/**
 * Zipwhip documented TLS 1.0 and later as supported, so the probe must be able to see a TLS 1.0 server
 * (OpenSSL 3 refuses TLS 1.0/1.1 at its default security level). This is a diagnostic connection only.
 */
const PROBE_TLS = { minVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' } as const;
const PROTOCOL_ERROR =
  /unsupported protocol|wrong version number|version too low|no protocols available|alert protocol version|sslv3 alert handshake failure|unknown protocol/i;

class StepFailure extends Error {}

/** Runs `work` with a signal that aborts on the time-out or the caller's signal; rejects with why. */
async function bounded<T>(
  timeoutMs: number,
  outer: AbortSignal | undefined,
  work: (signal: AbortSignal) => Promise<T>,
  late = `No answer within ${timeoutMs} ms.`,
): Promise<T> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = outer ? AbortSignal.any([outer, timeout]) : timeout;
  if (signal.aborted) throw new StepFailure('Cancelled.');
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      reject(new StepFailure(timeout.aborted ? late : 'Cancelled.'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    work(signal).then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

function resolveAll(lookup: LookupFunction, host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    lookup(host, { all: true }, (error, addresses, family) => {
      if (error) reject(error);
      else resolve(typeof addresses === 'string' ? [{ address: addresses, family: family ?? 4 }] : addresses);
    });
  });
}

function connectTcp(address: string, port: number, signal: AbortSignal): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host: address, port });
    const fail = (error: Error): void => {
      socket.destroy();
      reject(error);
    };
    socket.once('connect', () => {
      socket.off('error', fail);
      resolve(socket);
    });
    socket.once('error', fail);
    signal.addEventListener('abort', () => socket.destroy(), { once: true });
  });
}

function handshake(
  socket: Socket,
  servername: string | undefined,
  ca: EndpointCheckOptions['ca'],
  signal: AbortSignal,
): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const tlsSocket = tlsConnect({
      socket,
      ...(servername === undefined ? {} : { servername }),
      ...(ca === undefined ? {} : { ca: ca as string | Buffer | (string | Buffer)[] }),
      rejectUnauthorized: false,
      ...PROBE_TLS,
    });
    const fail = (error: Error): void => {
      tlsSocket.destroy();
      reject(error);
    };
    tlsSocket.once('secureConnect', () => {
      tlsSocket.off('error', fail);
      resolve(tlsSocket);
    });
    tlsSocket.once('error', fail);
    signal.addEventListener('abort', () => tlsSocket.destroy(), { once: true });
  });
}

/** Checks a hook URL. `method` is the hook's (POST, PUT or GET). */
export async function checkEndpoint(url: string, method: string, options: EndpointCheckOptions = {}): Promise<EndpointReport> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const steps: EndpointStep[] = [];
  const checkedAt = (options.now?.() ?? new Date()).toISOString();
  const upperMethod = method.toUpperCase();
  const report = (): EndpointReport => ({ url, method: upperMethod, checkedAt, steps, ok: steps.every((s) => s.severity !== 'error') });
  /** Records a step; `ok` defaults to "no problem", but a warning may still mean the step did not succeed. */
  const add = (
    name: StepName,
    severity: EndpointStep['severity'],
    summary: string,
    started: number,
    details?: Record<string, string>,
    ok = severity === 'ok',
  ): void => {
    steps.push({ name, ok, severity, summary, ...(details ? { details } : {}), ms: performance.now() - started });
  };

  // Every failure is a step; the try is a last guard so that nothing unforeseen escapes as an exception.
  try {
    let target: URL;
    try {
      target = new URL(url);
      if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new Error('not http(s)');
    } catch {
      add('DNS', 'error', `Not an http:// or https:// URL: ${url}`, performance.now());
      return report();
    }
    const secure = target.protocol === 'https:';
    const hostname = target.hostname.replace(/^\[|\]$/g, '');
    const port = Number(target.port || (secure ? 443 : 80));
    const lookup: LookupFunction = options.lookup ?? dnsLookup;

    // DNS
    let started = performance.now();
    let addresses: LookupAddress[];
    if (isIP(hostname) !== 0) {
      addresses = [{ address: hostname, family: isIP(hostname) }];
      add('DNS', 'ok', `${hostname} is an IP address; no lookup needed.`, started);
    } else {
      try {
        addresses = await bounded(timeoutMs, options.signal, () => resolveAll(lookup, hostname));
        if (addresses.length === 0) throw new Error('no addresses');
        add('DNS', 'ok', `${hostname} resolves to ${addresses.map((a) => a.address).join(', ')}.`, started, {
          addresses: addresses.map((a) => a.address).join(', '),
        });
      } catch (error: unknown) {
        add('DNS', 'error', `${hostname} does not resolve: ${errorText(error)}`, started);
        return report();
      }
    }

    // TCP: the addresses in order, as a client falls back from one to the next, within one time-out for the
    // whole step (a name with eight unreachable addresses must not take eight time-outs).
    started = performance.now();
    const deadline = started + timeoutMs;
    let socket: Socket | undefined;
    const tcpErrors: string[] = [];
    for (const { address } of addresses) {
      const left = Math.ceil(deadline - performance.now());
      if (left <= 0) {
        tcpErrors.push(`${address}: not tried, the ${timeoutMs} ms for this step ran out`);
        continue;
      }
      try {
        socket = await bounded(
          left,
          options.signal,
          (signal) => connectTcp(address, port, signal),
          `No answer within the ${timeoutMs} ms for this step.`,
        );
        add('TCP', 'ok', `Connected to ${address}:${port}.`, started, { address: `${address}:${port}` });
        break;
      } catch (error: unknown) {
        tcpErrors.push(`${address}: ${errorText(error)}`);
      }
    }
    if (!socket) {
      add('TCP', 'error', `Could not connect to port ${port}: ${tcpErrors.join('; ')}`, started);
      return report();
    }

    // TLS and certificate
    if (!secure) {
      socket.destroy();
      add(
        'TLS',
        'warning',
        'Plain http:// — deliveries would travel unencrypted. Zipwhip recommends HTTPS.',
        performance.now(),
        undefined,
        false,
      );
    } else {
      started = performance.now();
      const tcp = socket;
      const servername = isIP(hostname) === 0 ? hostname : undefined;
      let tlsSocket: TLSSocket;
      try {
        tlsSocket = await bounded(timeoutMs, options.signal, (signal) => handshake(tcp, servername, options.ca, signal));
      } catch (error: unknown) {
        tcp.destroy();
        const text = errorText(error);
        if (PROTOCOL_ERROR.test(text)) {
          const plainHint = /wrong version number|packet length too long/i.test(text) ? ' (or the port speaks plain HTTP, not TLS)' : '';
          add(
            'TLS',
            'error',
            `No TLS 1.0+ handshake: the server seems to offer only SSL 3.0 or older${plainHint}. Zipwhip requires TLS 1.0 or later.`,
            started,
            { error: text },
          );
        } else {
          add('TLS', 'error', `TLS handshake failed: ${text}`, started);
        }
        return report();
      }
      const protocol = tlsSocket.getProtocol() ?? 'unknown';
      const cipher = tlsSocket.getCipher();
      const details = { protocol, cipher: cipher.standardName || cipher.name };
      if (protocol === 'TLSv1' || protocol === 'TLSv1.1') {
        add(
          'TLS',
          'warning',
          `${protocol} with ${details.cipher}: Zipwhip accepted TLS 1.0+, but ${protocol} is obsolete; prefer TLS 1.2 or 1.3.`,
          started,
          details,
          true,
        );
      } else {
        add('TLS', 'ok', `${protocol} with ${details.cipher}.`, started, details);
      }
      steps.push(certificateStep(tlsSocket, hostname, options.now?.() ?? new Date(), performance.now()));
      tlsSocket.destroy();
    }

    // HTTP: one delivery with a generated payload, no redirect following.
    started = performance.now();
    const payload = generatePayload({ type: options.type ?? 'message', event: options.event ?? 'receive' });
    const { Agent } = await loadUndici();
    const agent = new Agent({
      connect: {
        rejectUnauthorized: false, // trust was judged above; the question here is what the server answers
        ...PROBE_TLS,
        ...(options.ca === undefined ? {} : { ca: options.ca as string | Buffer | (string | Buffer)[] }),
        ...(options.lookup ? { lookup: options.lookup } : {}),
      },
    });
    try {
      const outcome = await deliver(buildDeliveryRequest({ method: upperMethod, url }, payload), {
        timeoutMs,
        dispatcher: agent,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      const status = outcome.status;
      const timing = `${Math.round(outcome.timeToFirstByteMs ?? outcome.totalMs)} ms to the first byte`;
      if (status === undefined) {
        add('HTTP', 'error', `No answer to ${upperMethod}: ${outcome.error ?? 'unknown error'}`, started);
      } else if (status >= 200 && status < 300) {
        add('HTTP', 'ok', `${upperMethod} answered ${status} in ${timing}.`, started, { status: String(status) });
      } else if (status >= 300 && status < 400) {
        const location = outcome.responseHeaders?.location;
        const where = Array.isArray(location) ? location.join(', ') : (location ?? '(no Location header)');
        add(
          'HTTP',
          'warning',
          `${upperMethod} answered ${status}, a redirect to ${where}. Zipwhip does not follow redirects, as far as anyone documented (our reading): use the final URL.`,
          started,
          { status: String(status), location: where },
          false,
        );
      } else {
        const hint = status === 405 ? ` The endpoint does not accept ${upperMethod}.` : '';
        add(
          'HTTP',
          'error',
          `${upperMethod} answered ${status}: Zipwhip would count the delivery as failed and retry it.${hint}`,
          started,
          { status: String(status), 'response head': outcome.responseBody.text.slice(0, 200) },
        );
      }
    } catch (error: unknown) {
      add('HTTP', 'error', `The request could not be made: ${errorText(error)}`, started);
    } finally {
      await agent.close().catch(() => undefined);
    }
    return report();
  } catch (error: unknown) {
    add('HTTP', 'error', `The check stopped unexpectedly: ${errorText(error)}`, performance.now());
    return report();
  }
}
