// YAML stacks: the file format of a whole cluster, checked and turned into provider/model's DesiredState.
export { loadStack, parseStack, checkStackFile, checkStackText, whereIs, type LoadedStack, type StackCheck } from "./load";
export { StackError, formatProblem, type StackProblem } from "./problems";
export type { StackController, StackPositions, SourcePosition } from "./positions";
export { formatPath } from "./source";
export { stackSchema } from "./schema";
