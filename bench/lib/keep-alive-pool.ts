import { connect, type Socket } from 'node:net';

/** The status of the answer, or undefined when the request got none (connection error or timeout). */
export type Done = (status: number | undefined) => void;

interface Request {
  readonly message: string;
  readonly done: Done;
}

interface Connection {
  readonly socket: Socket;
  received: Buffer;
  current?: Request;
}

const HEADER_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /\r\ncontent-length:[ \t]*(\d+)/i;
const CONNECTION_CLOSE = /\r\nconnection:[ \t]*close/i;

/**
 * A lean HTTP/1.1 client for load generation: keep-alive connections with one request in flight
 * each, opened on demand up to a maximum, and requests queued in order when all are busy. It only
 * understands answers with a Content-Length, which the platform and the no-op server always send.
 * node:http's client spends about twice the CPU per request, taken from the platform on a small machine.
 */
export class KeepAlivePool {
  readonly #idle: Connection[] = [];
  readonly #queued: Request[] = [];
  #open = 0;
  #opened = 0;

  constructor(
    private readonly url: URL,
    private readonly maxConnections: number,
    private readonly timeoutMs: number,
  ) {}

  /** Connections opened so far. */
  get opened(): number {
    return this.#opened;
  }

  /** POSTs a JSON body to the pool's URL. */
  post(body: string, done: Done): void {
    const message = `POST ${this.url.pathname} HTTP/1.1\r\nHost: ${this.url.host}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    const request = { message, done };
    const connection = this.#idle.pop() ?? (this.#open < this.maxConnections ? this.#connect() : undefined);
    if (connection) this.#send(connection, request);
    else this.#queued.push(request);
  }

  close(): void {
    for (const { socket } of this.#idle.splice(0)) socket.destroy();
  }

  #connect(): Connection {
    const socket = connect(Number(this.url.port), this.url.hostname);
    socket.setNoDelay(true);
    const connection: Connection = { socket, received: Buffer.alloc(0) };
    this.#open++;
    this.#opened++;
    socket.on('data', (chunk: Buffer) => this.#receive(connection, chunk));
    socket.on('timeout', () => socket.destroy());
    socket.on('error', () => {});
    socket.on('close', () => {
      this.#open--;
      const index = this.#idle.indexOf(connection);
      if (index !== -1) this.#idle.splice(index, 1);
      const unanswered = connection.current;
      connection.current = undefined;
      unanswered?.done(undefined);
      const next = this.#queued.shift();
      if (next) this.#send(this.#connect(), next);
    });
    return connection;
  }

  #send(connection: Connection, request: Request): void {
    connection.current = request;
    connection.socket.setTimeout(this.timeoutMs);
    connection.socket.write(request.message);
  }

  #receive(connection: Connection, chunk: Buffer): void {
    const received = connection.received.length === 0 ? chunk : Buffer.concat([connection.received, chunk]);
    const headerEnd = received.indexOf(HEADER_END);
    const head = headerEnd === -1 ? '' : received.toString('latin1', 0, headerEnd);
    const length = CONTENT_LENGTH.exec(head)?.[1];
    if (length === undefined || received.length < headerEnd + HEADER_END.length + Number(length)) {
      connection.received = received;
      return;
    }
    connection.received = Buffer.alloc(0);
    const request = connection.current;
    connection.current = undefined;
    connection.socket.setTimeout(0);
    // "HTTP/1.1 200 OK": the status is the three digits after the version.
    request?.done(Number(head.slice(9, 12)));
    if (CONNECTION_CLOSE.test(head)) {
      connection.socket.destroy();
      return;
    }
    const next = this.#queued.shift();
    if (next) this.#send(connection, next);
    else this.#idle.push(connection);
  }
}
