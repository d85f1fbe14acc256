// Controller: version (the connectivity probe) and controller properties.

import { ApiCallRc } from "./rc";
import { Service } from "./service";
import { ControllerVersion, Props, PropsModify } from "./types";

export class ControllerService extends Service {
  /** GET /v1/controller/version. Retry: safe. */
  version(): Promise<ControllerVersion> {
    return this.fetchOne("/v1/controller/version");
  }

  /** GET /v1/controller/properties. Retry: safe. */
  async getProps(): Promise<Props> {
    return (await this.fetchOne<Props | undefined>("/v1/controller/properties")) ?? {};
  }

  /** POST /v1/controller/properties (answers 201 even for a modify). Retry: safe (absolute set/delete). */
  setProps(change: PropsModify): Promise<ApiCallRc[]> {
    return this.mutate({ method: "POST", route: "/v1/controller/properties", body: change, retry: "safe" });
  }

  /** DELETE /v1/controller/properties/{key} (the key keeps its slashes). Retry: safe. */
  deleteProp(key: string): Promise<ApiCallRc[]> {
    return this.mutate({ method: "DELETE", route: "/v1/controller/properties/{key+}", params: { key }, retry: "safe" });
  }
}
