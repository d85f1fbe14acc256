// LinstorClient: one object holding the per-area services over one transport.

import { ControllerService } from "./controller";
import { EndpointOptions, resolveConnection } from "./endpoint";
import { NodeService } from "./nodes";
import { ResourceDefinitionService } from "./resource-definitions";
import { ResourceGroupService } from "./resource-groups";
import { ResourceService } from "./resources";
import { SnapshotService } from "./snapshots";
import { StoragePoolService } from "./storage-pools";
import { Caller, ReadListener, RequestStats, RetryOptions, Transport, WriteListener } from "./transport";
import { VolumeDefinitionService } from "./volume-definitions";

export interface LinstorClientOptions extends EndpointOptions {
  /** Per-call timeout in ms (default 60 000). */
  timeoutMs?: number;
  retry?: RetryOptions;
  /** One line per retry/failover; never receives credentials. */
  log?: (message: string) => void;
}

export class LinstorClient {
  readonly controller: ControllerService;
  readonly nodes: NodeService;
  readonly storagePools: StoragePoolService;
  readonly resourceGroups: ResourceGroupService;
  readonly resourceDefinitions: ResourceDefinitionService;
  readonly volumeDefinitions: VolumeDefinitionService;
  readonly resources: ResourceService;
  readonly snapshots: SnapshotService;
  private readonly transport: Transport;

  constructor(opts: LinstorClientOptions = {}, shared?: { transport: Transport; timeoutMs: number }) {
    this.transport = shared?.transport ?? new Transport(resolveConnection(opts), { timeoutMs: opts.timeoutMs, retry: opts.retry, log: opts.log });
    const base = this.transport;
    // A client made by withTimeout() shares connection, failover state and counts, not the timeout.
    const t: Caller = shared ? { call: (spec) => base.call({ timeoutMs: shared.timeoutMs, ...spec }) } : base;
    this.controller = new ControllerService(t);
    this.nodes = new NodeService(t);
    this.storagePools = new StoragePoolService(t);
    this.resourceGroups = new ResourceGroupService(t);
    this.resourceDefinitions = new ResourceDefinitionService(t);
    this.volumeDefinitions = new VolumeDefinitionService(t);
    this.resources = new ResourceService(t);
    this.snapshots = new SnapshotService(t);
  }

  /**
   * The same client (same controllers, failover state, counters) with another per-call timeout,
   * e.g. `client.withTimeout(5 * 60_000).snapshots.rollback(...)` for a slow satellite action.
   */
  withTimeout(timeoutMs: number): LinstorClient {
    return new LinstorClient({}, { transport: this.transport, timeoutMs });
  }

  /** The controller base URLs in failover order. */
  get endpoints(): string[] {
    return [...this.transport.connection.endpoints];
  }

  /** The controller in use (sticky after a failover). */
  get endpoint(): string {
    return this.transport.endpoint;
  }

  /** HTTP requests sent so far, in total and per route template ("GET /v1/view/resources"). */
  stats(): RequestStats {
    return this.transport.stats();
  }

  /** Registers a callback run when a write (non-GET) call starts; what it returns runs when it ends (see Transport.onWrite). */
  onWrite(listener: WriteListener): void {
    this.transport.onWrite(listener);
  }

  /** Registers a callback run when a GET starts; what it returns gets the answer (see Transport.onRead). */
  onRead(listener: ReadListener): void {
    this.transport.onRead(listener);
  }

  resetStats(): void {
    this.transport.resetStats();
  }
}
