// The provider's configuration (`linstor:<key>` in the stack config): how to reach the controller.
// Never resource inputs, so they never land in the Pulumi state.

import { f } from "../declaration";

export const providerConfigFields = {
  endpoint: f.string("Controller URL(s), a comma list tried in order (like LS_CONTROLLERS): http://, https://, linstor:// or linstor+ssl://. " +
    "Default: LINSTOR_ENDPOINT, LS_CONTROLLERS, then http://localhost:3370.", { example: "http://10.43.70.1:3370" }),
  caCert: f.string("PEM file of the CA that signed the controller's certificate.", { example: "/etc/linstor/client/ca.pem" }),
  clientCert: f.string("PEM file of the client certificate (needs clientKey).", { example: "/etc/linstor/client/client.pem" }),
  clientKey: f.string("PEM file of the client certificate's private key (needs clientCert).", { example: "/etc/linstor/client/client.key" }),
  bearerToken: f.string("Bearer token (LINSTOR 1.34+).", { secret: true, example: "eyJ..." }),
  username: f.string("User name for Basic auth (needs password).", { example: "admin" }),
  password: f.string("Password for Basic auth.", { secret: true, example: "s3cret" }),
  timeoutMs: f.integer(1, 3_600_000, "Timeout of one HTTP request to the controller, in milliseconds.", { example: 30000 }),
};

export type ProviderConfigKey = keyof typeof providerConfigFields;
export const PROVIDER_CONFIG_KEYS = Object.keys(providerConfigFields) as ProviderConfigKey[];
