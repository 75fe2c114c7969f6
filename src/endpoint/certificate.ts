/**
 * Judges the certificate a TLS endpoint presented: dates, host name, self-signed, trust. The handshake
 * itself never rejects (rejectUnauthorized: false) so that every problem can be reported together here
 * instead of one opaque handshake error.
 */
import { checkServerIdentity, type DetailedPeerCertificate, type TLSSocket } from 'node:tls';
import type { EndpointStep } from './report';

const SELF_SIGNED = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN']);
const DATE_ERRORS = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);

function nameOf(entity: Readonly<Record<string, string | string[] | undefined>> | undefined): string {
  if (!entity) return '(none)';
  const parts = ['CN', 'O', 'OU', 'C']
    .map((key) => [key, entity[key]] as const)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join('+') : String(value)}`);
  return parts.length > 0 ? parts.join(', ') : '(empty)';
}

/** Node gives the verification error as a code string; the types say Error. Accept both. */
function authorizationCode(socket: TLSSocket): string | undefined {
  if (socket.authorized) return undefined;
  const raw = socket.authorizationError as unknown;
  if (raw === null || raw === undefined) return undefined;
  if (typeof raw === 'string') return raw;
  const code = (raw as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  return raw instanceof Error ? raw.message : 'UNKNOWN';
}

/** Checks the socket's peer certificate against `hostname` (no brackets for IPv6) at `now`. */
export function certificateStep(socket: TLSSocket, hostname: string, now: Date, started: number): EndpointStep {
  const ms = (): number => performance.now() - started;
  const cert: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  if (Object.keys(cert).length === 0) {
    return { name: 'Certificate', ok: false, severity: 'error', summary: 'The server sent no certificate.', ms: ms() };
  }
  const problems: string[] = [];
  const validFrom = new Date(cert.valid_from);
  const validTo = new Date(cert.valid_to);
  if (now.getTime() > validTo.getTime()) problems.push(`expired on ${validTo.toISOString()}`);
  if (now.getTime() < validFrom.getTime()) problems.push(`not valid before ${validFrom.toISOString()}`);
  const identityError = checkServerIdentity(hostname, cert);
  if (identityError) problems.push(`does not match the host name ${hostname}`);
  const code = authorizationCode(socket);
  // A certificate that issued itself: the issuer link points back to the same certificate.
  const selfSigned = (code !== undefined && SELF_SIGNED.has(code)) || cert.issuerCertificate === cert;
  if (selfSigned && code !== undefined) problems.push('is self-signed');
  if (code !== undefined && !SELF_SIGNED.has(code) && !DATE_ERRORS.has(code)) problems.push(`is not trusted (${code})`);

  const details: Record<string, string> = {
    subject: nameOf(cert.subject),
    issuer: nameOf(cert.issuer),
    'valid from': validFrom.toISOString(),
    'valid to': validTo.toISOString(),
    'host name': identityError ? `no match: ${identityError.message}` : `matches ${hostname}`,
    trust: code === undefined ? 'trusted' : code,
  };
  if (cert.subjectaltname) details['alt names'] = cert.subjectaltname;
  if (cert.fingerprint256) details['SHA-256 fingerprint'] = cert.fingerprint256;
  if (problems.length === 0) {
    const days = Math.floor((validTo.getTime() - now.getTime()) / 86_400_000);
    return {
      name: 'Certificate',
      ok: true,
      severity: 'ok',
      summary: `Trusted, matches ${hostname}, valid for ${days} more days.`,
      details,
      ms: ms(),
    };
  }
  return {
    name: 'Certificate',
    ok: false,
    severity: 'error',
    summary: `The certificate ${problems.join('; ')}. Zipwhip's HTTPS client would refuse it (our reading: it is a standard Java client).`,
    details,
    ms: ms(),
  };
}
