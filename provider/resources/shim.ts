// The dynamic provider as it lands in the Pulumi state (`__provider`, in the inputs and the outputs
// of every resource). It is about 300 bytes of loader and no implementation: every call loads
// the package installed where the program runs, so a `destroy` or `refresh` after an upgrade runs
// today's code, and no client, credential or endpoint is ever captured (pitfalls: dynamic
// providers #1–#3). Pulumi's closure serializer would wrap each of the seven methods and their
// shared helper (3.3 KB per resource, twice); the text here is the module the dynamic-provider
// process evaluates (`require-from-string`, then `.handler()`), written out directly.

/**
 * Finds pulumi-linstor from the provider process's working directory (the program's folder):
 * `PULUMI_LINSTOR_HOME`, else the folder or nearest parent that is the package itself (the
 * repository's own programs), else `pulumi-linstor` as Node resolves it from that folder (the
 * dynamic-provider process evaluates this text with the module paths of its working directory, so
 * an installed package is found in `node_modules` there or above it). Not installed: Node's
 * "Cannot find module 'pulumi-linstor/…'". Evaluated in the provider process only, from its source
 * text: it must stay self-contained (no imports, no comments inside, no outer names). Its text
 * lands twice in the state of every resource, and the file backend writes the whole state after
 * every step, so it is as short as it can be and still find the package wherever it is.
 */
const loadProvider = function (k: string): unknown {
  let h = process.env.PULUMI_LINSTOR_HOME, d = process.cwd(), u;
  while (!h && d != u) {
    try {
      if (require(d + "/package.json").name == "pulumi-linstor") h = d;
    } catch {
      h = "";
    }
    u = d;
    d = require("path").dirname(d);
  }
  return require((h || "pulumi-linstor") + "/bin/provider/resources/impl.js").providerFor(k);
};

/**
 * Source text without the spaces a parser does not need: outside string and template literals,
 * whitespace next to punctuation goes and other runs become one space. Enough for loadProvider's
 * compiled text (no regular expressions, comments or `${}` holding strings in it).
 */
export function squeeze(source: string): string {
  return source
    .split(/("(?:[^"\\]|\\.)*"|`(?:[^`\\]|\\.)*`)/)
    .map((part, i) => (i % 2 ? part : part.replace(/\s*([^\w$\s])\s*/g, "$1").replace(/\s+/g, " ")))
    .join("");
}

const texts = new Map<string, string>();

/** The `__provider` text of one kind (the same for every resource of that kind). */
export function providerText(kind: string): string {
  let text = texts.get(kind);
  if (!text) {
    text = `exports.handler=()=>(${squeeze(loadProvider.toString())})(${JSON.stringify(kind)});\n`;
    texts.set(kind, text);
  }
  return text;
}
