// A minimal Language Server Protocol client over stdio, enough to ask yaml-language-server what an
// editor would show: diagnostics, hovers and completions.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { pathToFileURL } from "node:url";

interface Message { id?: number; method?: string; params?: unknown; result?: unknown }

export interface Diagnostic { range: { start: { line: number; character: number } }; message: string }

export class YamlLanguageServer {
  private readonly process: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 0;
  private readonly pending = new Map<number, (result: unknown) => void>();
  private readonly diagnostics = new Map<string, (d: Diagnostic[]) => void>();

  constructor() {
    const bin = require.resolve("yaml-language-server/bin/yaml-language-server");
    this.process = spawn(process.execPath, [bin, "--stdio"], { stdio: ["pipe", "pipe", "pipe"] });
    this.process.stdout.on("data", (chunk: Buffer) => this.receive(chunk));
  }

  async start(root: string): Promise<void> {
    await this.request("initialize", { processId: process.pid, rootUri: pathToFileURL(root).href, capabilities: {} });
    this.notify("initialized", {});
    this.notify("workspace/didChangeConfiguration", { settings: { yaml: { validate: true, hover: true, completion: true } } });
  }

  /** Open a document and resolve with the first diagnostics the server publishes for it. */
  open(file: string, text: string): Promise<Diagnostic[]> {
    const uri = pathToFileURL(file).href;
    const published = new Promise<Diagnostic[]>((resolve) => this.diagnostics.set(uri, resolve));
    this.notify("textDocument/didOpen", { textDocument: { uri, languageId: "yaml", version: 1, text } });
    return published;
  }

  /** The hover text at a 0-based line and character. */
  async hover(file: string, line: number, character: number): Promise<string> {
    const result = await this.request("textDocument/hover", { textDocument: { uri: pathToFileURL(file).href }, position: { line, character } });
    return (result as { contents?: { value?: string } } | null)?.contents?.value ?? "";
  }

  /** The labels of the completions offered at a 0-based line and character. */
  async completions(file: string, line: number, character: number): Promise<string[]> {
    const result = await this.request("textDocument/completion", { textDocument: { uri: pathToFileURL(file).href }, position: { line, character } });
    const items = Array.isArray(result) ? result : (result as { items?: unknown[] } | null)?.items ?? [];
    return (items as { label: string }[]).map((i) => i.label);
  }

  stop(): void {
    this.process.kill();
  }

  private request(method: string, params: unknown): Promise<unknown> {
    const id = ++this.nextId;
    const answer = new Promise<unknown>((resolve) => this.pending.set(id, resolve));
    this.send({ id, method, params });
    return answer;
  }

  private notify(method: string, params: unknown): void {
    this.send({ method, params });
  }

  private send(message: Message): void {
    const body = JSON.stringify({ jsonrpc: "2.0", ...message });
    this.process.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf("\r\n\r\n");
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString())?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString()) as Message;
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.handle(message);
    }
  }

  private handle(message: Message): void {
    if (message.id !== undefined && message.method === undefined) {
      this.pending.get(message.id)?.(message.result);
      this.pending.delete(message.id);
    } else if (message.id !== undefined) {
      // A request from the server (configuration, registration): answer it plainly.
      const result = message.method === "workspace/configuration" ? [{ validate: true, hover: true, completion: true }] : null;
      this.send({ id: message.id, result } as Message);
    } else if (message.method === "textDocument/publishDiagnostics") {
      const { uri, diagnostics } = message.params as { uri: string; diagnostics: Diagnostic[] };
      this.diagnostics.get(uri)?.(diagnostics);
      this.diagnostics.delete(uri);
    }
  }
}
