// provider/client: the only code that speaks HTTP to LINSTOR.
export { LinstorClient, LinstorClientOptions } from "./client";
export { ConfigReader, EndpointOptions, normalizeEndpoint, resolveConnection, ResolvedConnection } from "./endpoint";
export {
  errorHasCode, isExists, isInUse, isNotFound, LinstorApiError, LinstorConnectionError, LinstorHttpError, orUndefined, RequestInfo,
} from "./errors";
export { ApiCallRc, Codes, decodeRetCode, errorsOf, formatRc, hasCode, Operation, Severity, warningsOf } from "./rc";
export { RequestStats, RetryClass, RetryOptions } from "./transport";
export * as rest from "./types";
export { filterLive, LiveCache, LiveCacheOptions, LiveScope, readLive } from "./live";
