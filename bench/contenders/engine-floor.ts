// The engine floor: the same number of Pulumi resources as a scale stack, through a dynamic
// provider that does nothing (create answers at once, no diff, no read), in a project run the same
// way (bench/project.ts). What its create, no-op up and refresh take is the engine's own share of
// the same operations on the LINSTOR stack: no provider can make those faster.

/** The program: config `floor:resources` resources of one do-nothing kind. */
export const ENGINE_FLOOR_PROGRAM = `const pulumi = require("@pulumi/pulumi");
const count = Number(new pulumi.Config("floor").require("resources"));
const nothing = { async create(inputs) { return { id: inputs.name, outs: inputs }; } };
class Nothing extends pulumi.dynamic.Resource {
  constructor(name) { super(nothing, name, { name }, {}); }
}
for (let i = 0; i < count; i++) new Nothing("nothing-" + i);
`;

/** A program without resources: what \`pulumi up\` costs before any provider is asked anything. */
export const EMPTY_PROGRAM = "module.exports = {};\n";
