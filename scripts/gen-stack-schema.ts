// Rewrites schema/stack.schema.json with its generated parts (provider/stack/schema-from-declarations.ts)
// up to date with the kinds' declarations. Run after changing a declaration:
//   npx ts-node --transpile-only scripts/gen-stack-schema.ts
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { applyDeclarations, formatSchema } from "../provider/stack/schema-from-declarations";

const file = join(__dirname, "..", "schema", "stack.schema.json");
const schema = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
writeFileSync(file, `${formatSchema(applyDeclarations(schema))}\n`);
console.log(`wrote ${file}`);
