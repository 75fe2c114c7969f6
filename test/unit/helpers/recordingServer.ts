/** A node:http server on 127.0.0.1:0 that keeps every request's exact body bytes and lets the test answer. */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
}

export interface RecordingServer {
  /** `http://127.0.0.1:PORT/` */
  readonly url: string;
  readonly seen: RecordedRequest[];
  close(): Promise<void>;
}

/** `handler` gets the request, the response and the request's index (0 for the first). */
export async function startRecordingServer(
  handler: (request: RecordedRequest, res: ServerResponse, index: number) => void,
): Promise<RecordingServer> {
  const seen: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const entry: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        rawHeaders: req.rawHeaders,
        body: Buffer.concat(chunks),
      };
      seen.push(entry);
      handler(entry, res, seen.length - 1);
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/** A URL on 127.0.0.1 where nothing listens (a port that was just freed). */
export async function deadUrl(): Promise<string> {
  const server = await startRecordingServer((_req, res) => res.end());
  await server.close();
  return server.url;
}
