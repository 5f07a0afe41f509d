/**
 * Why an input item was not written. Each rule says who decided it and whether the item's
 * record may be in the table all the same (so a re-run could store it twice).
 */
export const RULES = {
	// Found by the node before anything is sent.
	mapping: { decidedBy: 'node', mayBeStored: false },
	table: { decidedBy: 'node', mayBeStored: false },
	columnName: { decidedBy: 'node', mayBeStored: false },
	wellFormedText: { decidedBy: 'node', mayBeStored: false },
	finiteNumber: { decidedBy: 'node', mayBeStored: false },
	convertible: { decidedBy: 'node', mayBeStored: false },
	validDate: { decidedBy: 'node', mayBeStored: false },
	unknownField: { decidedBy: 'node', mayBeStored: false },
	type: { decidedBy: 'node', mayBeStored: false },
	notEmpty: { decidedBy: 'node', mayBeStored: false },
	required: { decidedBy: 'node', mayBeStored: false },
	uniqueRequired: { decidedBy: 'node', mayBeStored: false },
	uniqueLength: { decidedBy: 'node', mayBeStored: false },
	uniqueRepeat: { decidedBy: 'node', mayBeStored: false },
	/** Too large for a request even alone. */
	recordSize: { decidedBy: 'node', mayBeStored: false },
	/** The record to update or delete is not named (an empty match value or record id). */
	matchValue: { decidedBy: 'node', mayBeStored: false },
	/** Two items of one execution name the same record to write. */
	matchRepeat: { decidedBy: 'node', mayBeStored: false },
	/** Not sent: the run stopped at another request's failure first. */
	notSent: { decidedBy: 'node', mayBeStored: false },
	/** Not sent: the execution was stopped. */
	cancelled: { decidedBy: 'node', mayBeStored: false },
	// Decided by the server.
	/** The server refused this record (sent alone, or named in its reply). */
	rejected: { decidedBy: 'server', mayBeStored: false },
	/** The server refused a request holding this record because of some of its records. */
	notIsolated: { decidedBy: 'server', mayBeStored: false },
	/** The request failed as a whole. */
	request: { decidedBy: 'server', mayBeStored: false },
	/** A reply was lost or unclear, or the execution was stopped with the request on its way. */
	outcomeUnknown: { decidedBy: 'server', mayBeStored: true },
	/** The import task failed: none of its rows were added. */
	importFailed: { decidedBy: 'server', mayBeStored: false },
	/** The import task named this row as dropped. */
	rowDropped: { decidedBy: 'server', mayBeStored: false },
	/** The import task dropped rows it did not name, and this may be one. */
	rowMaybeDropped: { decidedBy: 'server', mayBeStored: true },
} as const satisfies Record<string, { decidedBy: 'node' | 'server'; mayBeStored: boolean }>;

export type Rule = keyof typeof RULES;

/** One reason an input item was not written: which item, which field, which rule, and why. */
export interface ItemProblem {
	itemIndex: number;
	field?: string;
	rule: Rule;
	message: string;
}

/** Where the checks before sending put what they find: every item's problems, and the fields they left out. */
export interface Findings {
	problems: ItemProblem[];
	/** Input fields left out of an item's record because the table has no such column. */
	ignoredFields: Map<number, readonly string[]>;
}
