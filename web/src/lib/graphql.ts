// The one GraphQL client of the app: queries and mutations over fetch, uploads over XHR (for
// progress), subscriptions over graphql-transport-ws. Every failure becomes a GraphQLFailure
// carrying the server's message and `extensions.code`, so pages can show them as they are.
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { getOperationAST, print, type DocumentNode } from "graphql";
import { createClient, type Client as WsClient } from "graphql-ws";

export type Variables = Record<string, unknown>;

export interface ServerError {
  message: string;
  code: string;
  field?: string;
  requestId?: string;
}

interface RawError {
  message?: string;
  extensions?: { code?: string; field?: string; requestId?: string };
}

export interface RawResult {
  data?: unknown;
  errors?: RawError[];
}

/** A failed operation: the server's first error up front, every error kept. */
export class GraphQLFailure extends Error {
  readonly code: string;
  readonly field?: string;
  readonly requestId?: string;
  readonly errors: ServerError[];
  readonly status: number;

  constructor(errors: ServerError[], status = 200) {
    const first = errors[0] ?? { message: "The server answered without data.", code: "INTERNAL" };
    super(first.message);
    this.name = "GraphQLFailure";
    this.code = first.code;
    this.field = first.field;
    this.requestId = first.requestId;
    this.errors = errors;
    this.status = status;
  }

  /** The message for one input field, from a BAD_USER_INPUT naming it. */
  forField(field: string): string | undefined {
    return this.errors.find((e) => e.field === field)?.message;
  }
}

export function toFailure(raw: RawError[] | undefined, status: number): GraphQLFailure {
  const errors = (raw ?? []).map((e) => ({
    message: e.message ?? "Unknown error",
    code: e.extensions?.code ?? (status === 401 ? "UNAUTHENTICATED" : "INTERNAL"),
    field: e.extensions?.field,
    requestId: e.extensions?.requestId,
  }));
  return new GraphQLFailure(errors, status);
}

/** Any rejection as a GraphQLFailure, so views show every error the same way. */
export function asFailure(e: unknown): GraphQLFailure {
  if (e instanceof GraphQLFailure) return e;
  return new GraphQLFailure([{ message: e instanceof Error ? e.message : String(e), code: "INTERNAL" }]);
}

export function operationName(document: DocumentNode): string {
  const name = getOperationAST(document)?.name?.value;
  if (!name) throw new Error("Every operation document must be named.");
  return name;
}

/** How the client sends a request; tests replace it with one that answers by operation name. */
export interface Transport {
  execute(body: { query: string; operationName: string; variables: Variables }): Promise<{ status: number; body: RawResult }>;
  upload?(
    body: { query: string; operationName: string; variables: Variables },
    files: Record<string, File | Blob>,
    onProgress: (p: UploadProgress) => void,
  ): { result: Promise<{ status: number; body: RawResult }>; cancel: () => void };
  subscribe?(
    body: { query: string; operationName: string; variables: Variables },
    sink: { next: (r: RawResult) => void; error: (e: unknown) => void; complete: () => void },
  ): () => void;
}

export interface UploadProgress {
  loaded: number;
  total: number;
}

export interface UploadHandle<T> {
  result: Promise<T>;
  cancel: () => void;
}

export interface ClientOptions {
  baseUrl?: string;
  getToken: () => string | null;
  /** Called when the server says the token is missing, bad or expired. */
  onUnauthenticated: () => void;
  transport?: Transport;
}

export class SlipwayClient {
  private ws: WsClient | null = null;
  private wsToken: string | null = null;

  constructor(private readonly options: ClientOptions) {}

  private get baseUrl(): string {
    return this.options.baseUrl ?? window.location.origin;
  }

  async request<R, V extends Variables>(document: TypedDocumentNode<R, V>, variables?: V): Promise<R> {
    const body = { query: print(document), operationName: operationName(document), variables: variables ?? {} };
    const { status, body: result } = await (this.options.transport ?? this.httpTransport()).execute(body);
    return this.settle<R>(status, result);
  }

  private settle<R>(status: number, result: RawResult): R {
    if (result.errors?.length) {
      const failure = toFailure(result.errors, status);
      if (failure.code === "UNAUTHENTICATED") this.options.onUnauthenticated();
      throw failure;
    }
    if (status === 401) {
      this.options.onUnauthenticated();
      throw toFailure([{ message: "Your session has ended; sign in again.", extensions: { code: "UNAUTHENTICATED" } }], 401);
    }
    if (result.data == null) throw toFailure([], status);
    return result.data as R;
  }

  private httpTransport(): Transport {
    return {
      execute: async (body) => {
        let response: Response;
        try {
          response = await fetch(`${this.baseUrl}/graphql`, {
            method: "POST",
            headers: { "content-type": "application/json", accept: "application/graphql-response+json", ...this.authHeader() },
            body: JSON.stringify(body),
          });
        } catch {
          return unreachable();
        }
        return { status: response.status, body: await readJson(response) };
      },
    };
  }

  private authHeader(): Record<string, string> {
    const token = this.options.getToken();
    return token ? { authorization: `Bearer ${token}` } : {};
  }

  /**
   * A mutation with files, per the GraphQL multipart request spec, sent with XHR because fetch
   * cannot report upload progress. `files` maps a variable path ("input.file") to the file.
   */
  upload<R, V extends Variables>(
    document: TypedDocumentNode<R, V>,
    variables: V,
    files: Record<string, File | Blob>,
    onProgress: (p: UploadProgress) => void,
  ): UploadHandle<R> {
    const operations = { query: print(document), operationName: operationName(document), variables };
    if (this.options.transport?.upload) {
      const sent = this.options.transport.upload(operations, files, onProgress);
      return { result: sent.result.then(({ status, body }) => this.settle<R>(status, body)), cancel: sent.cancel };
    }
    const form = new FormData();
    const map: Record<string, string[]> = {};
    Object.keys(files).forEach((path, i) => (map[String(i)] = [`variables.${path}`]));
    form.append("operations", JSON.stringify(operations));
    form.append("map", JSON.stringify(map));
    Object.values(files).forEach((file, i) => form.append(String(i), file));
    const xhr = new XMLHttpRequest();
    const result = new Promise<R>((resolve, reject) => {
      xhr.open("POST", `${this.baseUrl}/graphql`);
      xhr.setRequestHeader("accept", "application/graphql-response+json");
      for (const [k, v] of Object.entries(this.authHeader())) xhr.setRequestHeader(k, v);
      xhr.upload.onprogress = (e) => onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : 0 });
      xhr.onload = () => {
        let body: RawResult;
        try {
          body = JSON.parse(xhr.responseText) as RawResult;
        } catch {
          body = { errors: [{ message: `The server answered ${xhr.status} without JSON.`, extensions: { code: "INTERNAL" } }] };
        }
        try {
          resolve(this.settle<R>(xhr.status, body));
        } catch (e) {
          reject(asFailure(e));
        }
      };
      xhr.onerror = () => reject(toFailure(unreachable().body.errors, 0));
      xhr.onabort = () => reject(new GraphQLFailure([{ message: "Upload cancelled.", code: "CANCELLED" }], 0));
      xhr.send(form);
    });
    return { result, cancel: () => xhr.abort() };
  }

  subscribe<R, V extends Variables>(
    document: TypedDocumentNode<R, V>,
    variables: V,
    sink: { next: (data: R) => void; error: (e: GraphQLFailure) => void; complete?: () => void },
  ): () => void {
    const body = { query: print(document), operationName: operationName(document), variables };
    const onResult = (r: RawResult) => {
      if (r.errors?.length) sink.error(toFailure(r.errors, 200));
      else if (r.data != null) sink.next(r.data as R);
    };
    const onError = (e: unknown) => sink.error(wsFailure(e));
    const complete = () => sink.complete?.();
    if (this.options.transport?.subscribe) {
      return this.options.transport.subscribe(body, { next: onResult, error: onError, complete });
    }
    return this.wsClient().subscribe(body, { next: onResult as (r: unknown) => void, error: onError, complete });
  }

  private wsClient(): WsClient {
    const token = this.options.getToken();
    if (this.ws && this.wsToken === token) return this.ws;
    void this.ws?.dispose();
    this.wsToken = token;
    const url = `${this.baseUrl.replace(/^http/, "ws")}/graphql`;
    this.ws = createClient({
      url,
      lazy: true,
      retryAttempts: 5,
      connectionParams: () => (token ? { Authorization: `Bearer ${token}` } : {}),
      on: {
        closed: (event) => {
          // 4401/4403 are graphql-transport-ws's "unauthorized/forbidden" closes.
          if ((event as CloseEvent | undefined)?.code === 4401) this.options.onUnauthenticated();
        },
      },
    });
    return this.ws;
  }

  dispose(): void {
    void this.ws?.dispose();
    this.ws = null;
  }
}

function wsFailure(e: unknown): GraphQLFailure {
  if (Array.isArray(e)) return toFailure(e as RawError[], 200);
  const close = e as { code?: number; reason?: string } | undefined;
  if (close?.code === 4403) {
    // Strawberry closes a refused connection_init with 4403 and drops the reason (bad token, or the
    // database away): say what the person can do about either.
    const message = "The server refused the live connection: sign in again if your session has ended, or retry shortly.";
    return new GraphQLFailure([{ message, code: "FORBIDDEN" }], 0);
  }
  const message = close?.reason || "The live connection to the server was lost.";
  return new GraphQLFailure([{ message, code: close?.code === 4401 ? "UNAUTHENTICATED" : "UNAVAILABLE" }], 0);
}

function unreachable(): { status: number; body: RawResult } {
  const message = "The server cannot be reached; check your connection and try again.";
  return { status: 0, body: { errors: [{ message, extensions: { code: "UNAVAILABLE" } }] } };
}

async function readJson(response: Response): Promise<RawResult> {
  try {
    return (await response.json()) as RawResult;
  } catch {
    const message = `The server answered ${response.status} ${response.statusText} without JSON.`;
    return { errors: [{ message, extensions: { code: response.status >= 500 ? "UNAVAILABLE" : "INTERNAL" } }] };
  }
}
