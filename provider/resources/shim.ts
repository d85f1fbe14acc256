// The dynamic provider as it lands in the Pulumi state (`__provider`, in the inputs and the outputs
// of every resource): a loader of about 100 bytes and no implementation. Every call loads the
// package installed where the program runs, so a `destroy` or `refresh` after an upgrade runs
// today's code, and no client, credential or endpoint is ever captured (pitfalls: dynamic
// providers #1–#3). Pulumi's closure serializer would wrap each of the seven methods and their
// shared helper (3.3 KB per resource, twice); the text here is the module the dynamic-provider
// process evaluates (`require-from-string` with the module paths of its working directory, the
// program's folder, then `.handler()`), written out directly.
//
// The file backend writes the whole state after every step, so these bytes are paid about twice
// per resource per step: the text names `dynamic.js` at the package root, found as
// `pulumi-linstor/dynamic` from the program's folder (installed: its node_modules or a parent's;
// this repository's own programs: the package's link to itself), or under PULUMI_LINSTOR_HOME.
// States written before carry a longer loader that walks up to the package and requires
// bin/provider/resources/impl.js: that file and its `providerFor` stay where they are.

const texts = new Map<string, string>();

/** The `__provider` text of one kind (the same for every resource of that kind). */
export function providerText(kind: string): string {
  let text = texts.get(kind);
  if (!text) {
    text = `exports.handler=()=>require((process.env.PULUMI_LINSTOR_HOME||"pulumi-linstor")+"/dynamic")(${JSON.stringify(kind)})\n`;
    texts.set(kind, text);
  }
  return text;
}
