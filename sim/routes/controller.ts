// Controller endpoints: version (the clients' handshake), properties, config, /health.
import { code } from "../apicallrc";
import { applyPropChanges, body, json, mutate, PropsModify, Route, route } from "../http";
import { satellitesForCtrlChange } from "../satellites";

export const VERSION = { version: "1.34.0", git_hash: "3e9306a9d5c0aa1b0f1b0e1c6b0b0a5d5e0c0f11", build_time: "2026-06-02T10:45:56+00:00", rest_api_version: "1.28.0" };

export const controllerRoutes: Route[] = [
  route("GET", "/health", () => ({ status: 200, body: "", contentType: "text/plain" })),
  // The version it simulates (--linstor-version), so clients choose their version-dependent paths as with a real one.
  route("GET", "/v1/controller/version", (c) => json(200, { ...VERSION, version: c.sim.cfg.linstorVersion.join(".") })),
  route("GET", "/v1/controller/properties", (c) => json(200, c.sim.state.controllerProps)),
  route("GET", "/v1/controller/properties/info", () => json(200, {})),
  route("GET", "/v1/controller/properties/info/all", () => json(200, {})),
  route("GET", "/v1/controller/config", () =>
    json(200, { config: { dir: "/etc/linstor" }, debug: { console_enabled: false }, log: { level: "INFO", level_linstor: "INFO" }, db: { connection_url: "sim" }, http: { enabled: true, listen_address: "127.0.0.1", port: 3370 } }),
  ),
  // the simulator writes no error reports; an empty list keeps clients that look for them happy
  route("GET", "/v1/error-reports", () => json(200, [])),
  route("POST", "/v1/controller/properties", (c) =>
    mutate(c, { op: "MOD", obj: "CTRL_CONF" }, 201, (rc) => {
      const b = body<PropsModify>(c, "ControllerPropsModify");
      // CtrlConfApiCallHandler: one entry per key set or deleted, then every online satellite
      applyPropChanges(c.sim.state.controllerProps, b);
      for (const [k, v] of Object.entries(b.override_props ?? {})) rc.add(code("CREATED", "CRT", "CTRL_CONF"), `Successfully set property '${k}' to value '${v}'`);
      for (const k of b.delete_props ?? []) rc.add(code("DELETED", "DEL", "CTRL_CONF"), `Successfully deleted property '${k}'`);
      c.sim.event("controller-props-modified");
      satellitesForCtrlChange(c.sim, rc);
    }),
  ),
  route("DELETE", "/v1/controller/properties/{key*}", (c) =>
    mutate(c, { op: "DEL", obj: "CTRL_CONF" }, 200, (rc) => {
      const k = c.params.key;
      delete c.sim.state.controllerProps[k];
      rc.add(code("DELETED", "DEL", "CTRL_CONF"), `Successfully deleted property '${k}'`);
      c.sim.event("controller-props-modified", { detail: k });
    }),
  ),
];
