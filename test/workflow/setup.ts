/** Shared set-up of the workflow tests: one emulator, the built node, helpers to run and inspect. */
const { startEmulator } = require('../emulator');
const { runAltaTechWorkflow, shutdownN8nCore } = require('../harness/workflow');

export const API_KEY = 'test-key-7f3a9c';

export const TABLES = [
	{ id: 'tbl_free', name: 'free' },
	{
		id: 'tbl_unique',
		name: 'people',
		fields: [
			{ name: 'id', type: 'TEXT', required: true, unique: true },
			{ name: 'name', type: 'TEXT', required: false, unique: false },
		],
	},
];

export interface Emulator {
	url: string;
	requests: Array<Record<string, any>>;
	rows(tableId: string): Array<Record<string, unknown>>;
	tasks(): Array<Record<string, any>>;
	reset(options?: { keepTables?: boolean }): void;
	configure(partial: Record<string, unknown>): void;
	close(): Promise<void>;
}

export interface RunResult {
	output: Array<{ json: Record<string, any>; pairedItem?: { item: number }; error?: Error }>;
	errorOutput: Array<{ json: Record<string, any>; pairedItem?: { item: number } }>;
	error?: Error & { description?: string; context?: Record<string, unknown> };
	ran: boolean;
	credentialReads: number;
	hints: string[];
}

export async function startTestEmulator(options: Record<string, unknown> = {}): Promise<Emulator> {
	return await startEmulator({ apiKeys: [API_KEY], tables: TABLES, ...options });
}

/**
 * The emulator of one test file: started before its first test, closed (with n8n's core) after its
 * last, so the file's tests share one server. With `eachTest`, the settings are applied and the
 * emulator reset before each test, so no test sees what an earlier one stored, logged or set.
 */
export function useTestEmulator(options: Record<string, unknown> = {}, eachTest?: Record<string, unknown>): Emulator {
	let started: Emulator | undefined;
	const current = (): Emulator => {
		if (!started) throw new Error('The test emulator is not started yet: use it in a test or a hook, not while the file loads');
		return started;
	};
	beforeAll(async () => {
		started = await startTestEmulator(options);
	});
	if (eachTest) {
		beforeEach(() => {
			current().configure(eachTest);
			current().reset();
		});
	}
	afterAll(async () => {
		await current().close();
		shutdownN8nCore();
	});
	return {
		get url() {
			return current().url;
		},
		get requests() {
			return current().requests;
		},
		rows: (tableId) => current().rows(tableId),
		tasks: () => current().tasks(),
		reset: (resetOptions) => current().reset(resetOptions),
		configure: (partial) => current().configure(partial),
		close: async () => await current().close(),
	};
}

export function autoMapParameters(tableId: string, options: Record<string, unknown> = {}) {
	return {
		resource: 'tableData',
		operation: 'add',
		tableId,
		columns: { mappingMode: 'autoMapInputData', value: null, matchingColumns: [], schema: [] },
		options,
	};
}

export async function run(
	emulator: Emulator,
	items: object[],
	parameters: Record<string, unknown>,
	extra: { apiKey?: string; onError?: string; typeVersion?: number; whileRunning?: (execution: { cancel(): void }) => void } = {},
): Promise<RunResult> {
	return await runAltaTechWorkflow({
		items,
		parameters,
		credentials: { apiKey: extra.apiKey ?? API_KEY, baseUrl: emulator.url },
		onError: extra.onError,
		typeVersion: extra.typeVersion,
		whileRunning: extra.whileRunning,
	});
}

/** Import requests the emulator received (its log also holds other calls). */
export const imports = (emulator: Emulator) =>
	emulator.requests.filter((r) => r.path === '/v1/database/import/records');

export const people = (n: number, from = 0) =>
	Array.from({ length: n }, (_, i) => ({ id: `p${from + i}`, name: `Person ${from + i}` }));

export { shutdownN8nCore };
