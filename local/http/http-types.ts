/** The local platform's request and response shapes: what a Lambda proxy event carries, minus AWS. */
export interface LocalRequest {
  readonly method: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly body: string;
}

export interface LocalResponse {
  readonly statusCode: number;
  /** Sent as JSON, unless `text` is given. */
  readonly body: unknown;
  /** A body already serialised, e.g. by a Lambda proxy handler, or a file; its `content-type` header says what it is (JSON if absent). */
  readonly text?: string | Buffer;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface Route {
  readonly method: 'GET' | 'POST';
  /** A path with `{name}` placeholders, e.g. `/reports/campaigns/{campaign_item_id}`. */
  readonly path: string;
  /** POST routes take `application/json` bodies of at most this many bytes. */
  readonly maxBodyBytes?: number;
  readonly handler: (request: LocalRequest) => Promise<LocalResponse>;
}
