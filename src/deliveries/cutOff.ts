/**
 * A delivery whose connection is reset mid-body: the request head and half of the body are written, then the
 * socket is destroyed. What a handler sees when Zipwhip's side (or the network) drops a delivery; the retry
 * that follows is a separate request. Never throws.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { DeliveryRequest } from './deliver';

export async function sendCutOff(request: DeliveryRequest, timeoutMs = 5000): Promise<void> {
  const url = new URL(request.url);
  const secure = url.protocol === 'https:';
  const port = Number(url.port || (secure ? 443 : 80));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const body = request.body === undefined ? Buffer.alloc(0) : Buffer.from(request.body);
  const head = [
    `${request.method} ${url.pathname}${url.search} HTTP/1.1`,
    `Host: ${url.host}`,
    ...Object.entries(request.headers).map(([name, value]) => `${name}: ${value}`),
    `Content-Length: ${body.length}`,
    '',
    '',
  ].join('\r\n');
  await new Promise<void>((resolve) => {
    const socket: Socket = secure ? tlsConnect({ host, port, servername: host, rejectUnauthorized: false }) : netConnect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
    }, timeoutMs);
    socket.once(secure ? 'secureConnect' : 'connect', () => {
      socket.write(head);
      socket.write(body.subarray(0, Math.max(1, Math.floor(body.length / 2))), () => {
        // Let the bytes leave before the reset, so the handler sees a started, unfinished request.
        setTimeout(() => {
          socket.resetAndDestroy();
        }, 20);
      });
    });
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('error', () => undefined);
  });
}
