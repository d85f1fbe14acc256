// The model: shared types plus the pure helpers every layer uses.
export * from "./types";
export * from "./sizes";
export * from "./names";
export * from "./keys";
export * from "./props";
export * from "./validate";
export * from "./shape";
export * from "./kind-rules";
