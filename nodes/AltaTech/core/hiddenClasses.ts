/**
 * V8 compiles the per-row functions for the hidden classes of the objects they handle, and
 * throws that code away ("weak objects") when one of those classes dies. A class's hidden class
 * dies at a full garbage collection once no instance of it is left, which is what happens
 * between two n8n executions: each execution then planned its rows on unoptimized code (10k
 * rows: 15-30 ms instead of 3-10) and built its output items the same way. One instance kept
 * for the life of the process keeps the class (it must have every field a used one has, see
 * test/unit/hiddenClasses.test.ts).
 */
const keptInstances: object[] = [];

export function keepHiddenClassOf<T extends object>(instance: T): T {
	keptInstances.push(instance);
	return instance;
}
