// A test server that answers by operation name: fixtures name the documents the components use
// (typed by codegen), so a renamed or changed operation fails here instead of drifting silently.
import type { ResultOf, TypedDocumentNode, VariablesOf } from "@graphql-typed-document-node/core";
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { createMemoryRouter, Route, RouterProvider, Routes, useLocation } from "react-router-dom";
import { ToastProvider } from "../components/Toast";
import { AuthProvider, type SignInConfig } from "../lib/auth";
import { GraphQLFailure, operationName, type RawResult, type Transport, type Variables } from "../lib/graphql";
import { ROUTER_FUTURE } from "../lib/router";

type Answer = (variables: Variables) => RawResult | Promise<RawResult>;
/** Any operation document: ResultOf and VariablesOf read the real types from the one passed. */
type AnyDocument = TypedDocumentNode<unknown, never>;

export interface Call {
  operationName: string;
  variables: Variables;
}

export class TestServer implements Transport {
  readonly calls: Call[] = [];
  private answers = new Map<string, Answer>();
  private streams = new Map<string, ((r: RawResult) => void)[]>();

  /** Answer `document` with data computed from its variables. */
  on<D extends AnyDocument>(document: D, answer: (v: VariablesOf<D>) => ResultOf<D> | Promise<ResultOf<D>>): this {
    this.answers.set(operationName(document), async (v) => ({ data: await answer(v as VariablesOf<D>) }));
    return this;
  }

  /** Answer `document` with errors, as the server would send them. */
  fail(document: AnyDocument, message: string, code: string, field?: string): this {
    this.answers.set(operationName(document), () => ({ errors: [{ message, extensions: { code, field } }] }));
    return this;
  }

  /** Push an event to every open subscription of `document`. */
  emit<D extends AnyDocument>(document: D, data: ResultOf<D>): void {
    for (const next of this.streams.get(operationName(document)) ?? []) next({ data });
  }

  /** End every open subscription of `document` with the server's error (a socket that gave up). */
  failStream(document: AnyDocument, message: string, code: string): void {
    for (const next of this.streams.get(operationName(document)) ?? []) next({ errors: [{ message, extensions: { code } }] });
  }

  subscribers(document: AnyDocument): number {
    return this.streams.get(operationName(document))?.length ?? 0;
  }

  async execute(body: { operationName: string; variables: Variables }) {
    this.calls.push({ operationName: body.operationName, variables: body.variables });
    const answer = this.answers.get(body.operationName);
    if (!answer) throw new Error(`The test server has no answer for operation ${body.operationName}`);
    const result = await answer(body.variables);
    const unauthenticated = result.errors?.some((e) => e.extensions?.code === "UNAUTHENTICATED");
    return { status: unauthenticated ? 401 : 200, body: result };
  }

  /** Uploads seen, with their files; `holdUploads` keeps them in flight until cancelled. */
  readonly uploads: { operationName: string; variables: Variables; files: Record<string, File | Blob> }[] = [];
  holdUploads = false;

  upload(body: { operationName: string; variables: Variables }, files: Record<string, File | Blob>, onProgress: (p: { loaded: number; total: number }) => void) {
    this.uploads.push({ ...body, files });
    const total = Object.values(files).reduce((n, f) => n + f.size, 0);
    let cancel = () => {};
    const cancelled = new Promise<never>((_, reject) => {
      cancel = () => reject(new GraphQLFailure([{ message: "Upload cancelled.", code: "CANCELLED" }], 0));
    });
    const answered = (async () => {
      onProgress({ loaded: Math.floor(total / 2), total });
      if (this.holdUploads) await cancelled;
      onProgress({ loaded: total, total });
      return this.execute(body);
    })();
    return { result: Promise.race([answered, cancelled]), cancel };
  }

  subscribe(body: { operationName: string; variables: Variables }, sink: { next: (r: RawResult) => void }) {
    this.calls.push({ operationName: body.operationName, variables: body.variables });
    const list = this.streams.get(body.operationName) ?? [];
    list.push(sink.next);
    this.streams.set(body.operationName, list);
    return () => {
      const now = this.streams.get(body.operationName) ?? [];
      this.streams.set(body.operationName, now.filter((n) => n !== sink.next));
    };
  }

  called(name: string): Call[] {
    return this.calls.filter((c) => c.operationName === name);
  }
}

function WhereAmI() {
  const location = useLocation();
  return <output data-testid="location">{`${location.pathname}${location.search}`}</output>;
}

/** Render `ui` at `route` (matched by `path`), signed in unless `token` is null. */
export function renderWithServer(ui: ReactElement, server: TestServer, options: {
  route?: string; path?: string; token?: string | null; signInConfig?: SignInConfig;
} = {}) {
  const { route = "/", path = "*", token = "test-token", signInConfig } = options;
  // A data router like the app's (src/main.tsx), so pages that block navigation work here too.
  const router = createMemoryRouter([{
    path: "*",
    element: (
      <AuthProvider transport={server} initialToken={token} signInConfig={signInConfig}>
        {/* As in app/Shell: every page may toast. */}
        <ToastProvider>
          <Routes>
            <Route path={path} element={ui} />
            <Route path="/signin" element={<p>sign-in page</p>} />
          </Routes>
        </ToastProvider>
        <WhereAmI />
      </AuthProvider>
    ),
  }], { initialEntries: [route], future: ROUTER_FUTURE });
  return render(<RouterProvider router={router} future={{ v7_startTransition: true }} />);
}
