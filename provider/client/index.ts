// provider/client: the only code that speaks HTTP to LINSTOR.
export { LinstorClient, LinstorClientOptions } from "./client";
export { ConfigReader, EndpointOptions, normalizeEndpoint, resolveConnection, ResolvedConnection } from "./endpoint";
export {
  isExists, isNotFound, LinstorApiError, LinstorConnectionError, LinstorHttpError, orUndefined, RequestInfo,
} from "./errors";
export { ApiCallRc, Codes, anyIs, formatRc, MASK_ERROR, MASK_INFO, MASK_WARN, Masks, rcIs, rcMask, Operation, Severity, warningsOf } from "./rc";
export { RequestStats, RetryClass, RetryOptions } from "./transport";
export * as rest from "./types";
export { filterLive, LiveCache, LiveCacheOptions, LiveScope, readLive } from "./live";
