import { API_KEY, autoMapParameters, imports, run, shutdownN8nCore, startTestEmulator, type Emulator } from './setup';

const { loadColumns } = require('../harness/workflow');

const OTHER_KEY = 'other-key-51c2';
const CONTACTS = {
	id: 'tbl_contacts',
	name: 'contacts',
	fields: [
		{ name: 'email', type: 'TEXT', required: true, unique: true },
		{ name: 'code', type: 'TEXT', required: true, unique: true },
		{ name: 'name', type: 'TEXT', required: true, unique: false },
		{ name: 'age', type: 'INT', required: false, unique: false },
		{ name: 'score', type: 'FLOAT', required: false, unique: false },
		{ name: 'active', type: 'BOOLEAN', required: false, unique: false },
		{ name: 'joined', type: 'DATETIME', required: false, unique: false },
	],
	rows: [{ email: 'taken@x.com', code: 'C-OLD', name: 'Stored before' }],
};
const PRIVATE = { id: 'tbl_private', name: 'private', keys: [OTHER_KEY], fields: [{ name: 'id', type: 'TEXT', required: true, unique: true }] };

const contact = (i: number, extra: Record<string, unknown> = {}) => ({ email: `c${i}@x.com`, code: `C-${i}`, name: `Contact ${i}`, ...extra });

/** One item per rule, with the batch size of 3 putting the repeat in another request. */
const MIXED = [
	contact(0),
	contact(1),
	contact(2),
	contact(3, { email: 'c1@x.com' }), // repeats item 1's unique value, in the next batch
	contact(4, { code: '' }), // empty unique value
	contact(5, { email: `${'e'.repeat(250)}@x.com1` }), // 257 characters
	{ email: 'c6@x.com', code: 'C-6' }, // required name missing
	contact(7, { age: 'forty' }), // cannot be typed
	contact(8, { email: 'taken@x.com' }), // already stored: only the server knows
	contact(9, { age: '42', score: '1.5', active: 'yes', joined: '2025-01-02T03:04:05+02:00' }),
	contact(10, { age: 7, active: 0, joined: Date.UTC(2024, 11, 31, 23, 59, 58) }),
];
const STORED_FROM_MIXED = [
	contact(0),
	contact(1),
	contact(2),
	contact(9, { age: 42, score: 1.5, active: true, joined: '2025-01-02 01:04:05' }),
	contact(10, { age: 7, active: false, joined: '2024-12-31 23:59:58' }),
];
const EXPECTED_ERRORS: Array<[number, RegExp]> = [
	[3, /^Item 3, field "email": the column is unique, but the value "c1@x\.com" was already used by item 1$/],
	[4, /^Item 4, field "code": the column is unique, so every record needs a value/],
	[5, /^Item 5, field "email": the column is unique, so its value may have at most 256 characters, not 257$/],
	[6, /^Item 6, field "name": the column is required, but the value is missing or empty$/],
	[7, /^Item 7, field "age": "forty" cannot be read as a whole number \(INT\)$/],
	[8, /^Item 8: the server rejected this record: ".*"taken@x\.com" already exists in table tbl_contacts"$/],
];

let emulator: Emulator;
beforeAll(async () => {
	emulator = await startTestEmulator({ apiKeys: [API_KEY, OTHER_KEY] });
});
beforeEach(() => {
	emulator.configure({ tables: [CONTACTS, PRIVATE], faults: [] });
	emulator.reset();
});
afterAll(async () => {
	await emulator.close();
	shutdownN8nCore();
});

const contactsRows = () => emulator.rows('tbl_contacts').slice(1); // without the row stored before
const schemaReads = () => emulator.requests.filter((r) => r.path === '/v1/database/records/page');

/** The Columns mapper as the editor fills it for CONTACTS: a column per field, with the types getColumns declares. */
const MAPPER_TYPES: Record<string, string> = { TEXT: 'string', INT: 'number', FLOAT: 'number', BOOLEAN: 'boolean', DATETIME: 'dateTime' };
const mappedBelow = (options: Record<string, unknown> = {}) => ({
	...autoMapParameters('tbl_contacts', options),
	columns: {
		mappingMode: 'defineBelow',
		value: Object.fromEntries(CONTACTS.fields.map((f) => [f.name, `={{ $json.${f.name} }}`])),
		matchingColumns: [],
		schema: CONTACTS.fields.map((f) => ({
			id: f.name,
			displayName: f.name,
			required: f.required || f.unique,
			defaultMatch: false,
			display: true,
			type: MAPPER_TYPES[f.type],
		})),
	},
});

describe('table-aware import: rules checked before sending', () => {
	it('skips invalid records: every valid one lands, every invalid one is reported against its item', async () => {
		const result = await run(emulator, MIXED, autoMapParameters('tbl_contacts', { batchSize: 3, onInvalidRecord: 'skip' }));
		expect(result.error).toBeUndefined();
		expect(contactsRows()).toEqual(STORED_FROM_MIXED);

		const errors = result.output.filter((o) => o.json.error).map((o) => [o.pairedItem?.item, o.json.error]);
		expect(errors).toEqual(EXPECTED_ERRORS.map(([item, pattern]) => [item, expect.stringMatching(pattern)]));
		expect(result.output.filter((o) => o.json.taskId).map((o) => o.pairedItem?.item)).toEqual([0, 1, 2, 9, 10]);
		expect(schemaReads()).toHaveLength(1);
	});

	it('fails before sending anything by default, naming the first invalid item', async () => {
		const result = await run(emulator, MIXED, autoMapParameters('tbl_contacts', { batchSize: 3 }));
		expect(result.error?.message).toMatch(EXPECTED_ERRORS[0][1]);
		expect(result.error?.description).toMatch(/^4 other item\(s\) failed too\. Nothing was imported\./);
		expect(imports(emulator)).toEqual([]);
		expect(contactsRows()).toEqual([]);
	});

	it('with the error output, invalid records leave on the error branch with their input fields', async () => {
		const result = await run(emulator, MIXED, autoMapParameters('tbl_contacts', { batchSize: 3, onInvalidRecord: 'skip' }), {
			onError: 'continueErrorOutput',
		});
		expect(result.output.map((o) => o.pairedItem?.item)).toEqual([0, 1, 2, 9, 10]);
		expect(result.errorOutput.map((o) => o.pairedItem?.item)).toEqual([3, 4, 5, 6, 7, 8]);
		expect(result.errorOutput[3].json).toMatchObject({ email: 'c6@x.com', error: expect.stringMatching(/field "name"/) });
	});
});

describe('table-aware import: dates and times', () => {
	it('refuses times and years a DATETIME column cannot hold, before sending, and stores the others as the API reads them', async () => {
		const joined = ['2025-01-01 25:61', '2025-02-30 10:00', '2025-03-01 23:59:60', '0999-12-31 23:59:59', 1e15, '2025-03-01 23:59', Date.UTC(2024, 0, 2, 3, 4, 5)];
		const items = joined.map((value, i) => contact(i, { joined: value }));
		const result = await run(emulator, items, autoMapParameters('tbl_contacts', { onInvalidRecord: 'skip' }));

		expect(result.output.slice(0, 5).map((o) => o.json.error)).toEqual(
			[0, 1, 2, 3, 4].map((i) => expect.stringMatching(new RegExp(`^Item ${i}, field "joined": .* cannot be read as a date and time in the years 1000 to 9999`))),
		);
		expect(contactsRows().map((row) => row.joined)).toEqual(['2025-03-01 23:59:00', '2024-01-02 03:04:05']);
	});
});

describe('table-aware import: values as spreadsheets and other nodes give them', () => {
	it('takes an empty text in an optional INT, FLOAT, BOOLEAN or DATETIME column as an empty field, and refuses it where a value is needed', async () => {
		const items = [
			contact(0, { age: '', score: '', active: '', joined: '' }),
			contact(1, { name: '' }), // required
			contact(2, { code: '' }), // unique
			contact(3, { age: ' ' }), // blanks are not empty: not a number either
			contact(4, { age: '', score: '2.5' }),
		];
		const result = await run(emulator, items, autoMapParameters('tbl_contacts', { onInvalidRecord: 'skip' }));
		expect(result.error).toBeUndefined();
		expect(contactsRows()).toEqual([contact(0), contact(4, { score: 2.5 })]);
		expect(imports(emulator).map((r) => r.recordCount)).toEqual([2]);
		expect(result.output.map((o) => o.json.error ?? 'imported')).toEqual([
			'imported',
			'Item 1, field "name": the column is required, but the value is missing or empty',
			expect.stringMatching(/^Item 2, field "code": the column is unique, so every record needs a value/),
			'Item 3, field "age": " " cannot be read as a whole number (INT)',
			'imported',
		]);
	});

	it('refuses INT text that is not exactly a whole number, and whole numbers too large to send exactly', async () => {
		const ages = ['1.0000000000000001', '4.99999999999999999e2', '9007199254740993', '1.0', '12e1'];
		const items = ages.map((age, i) => contact(i, { age }));
		const result = await run(emulator, items, autoMapParameters('tbl_contacts', { onInvalidRecord: 'skip' }));
		expect(contactsRows()).toEqual([contact(3, { age: 1 }), contact(4, { age: 120 })]);
		expect(result.output.slice(0, 3).map((o) => o.json.error)).toEqual([
			'Item 0, field "age": "1.0000000000000001" cannot be read as a whole number (INT)',
			'Item 1, field "age": "4.99999999999999999e2" cannot be read as a whole number (INT)',
			'Item 2, field "age": "9007199254740993" is a whole number beyond ±9007199254740991, the largest an INT can be sent as exactly',
		]);
	});

	it('refuses a DATETIME number that looks like epoch seconds, saying so', async () => {
		const items = [contact(0, { joined: 1732156566 }), contact(1, { joined: 1732156566000 })];
		const result = await run(emulator, items, autoMapParameters('tbl_contacts', { onInvalidRecord: 'skip' }));
		expect(contactsRows()).toEqual([contact(1, { joined: '2024-11-21 02:36:06' })]);
		expect(result.output[0].json.error).toBe(
			'Item 0, field "joined": 1732156566 looks like epoch seconds, but a number in a DATETIME column is read as epoch milliseconds (which would put it within 3 years of 1970): multiply it by 1000',
		);
	});

	it('checks required and unique columns whatever their names, "constructor" and "toString" too', async () => {
		emulator.configure({
			tables: [
				{
					id: 'tbl_js_names',
					name: 'js names',
					fields: [
						{ name: 'sku', type: 'TEXT', required: true, unique: true },
						{ name: 'constructor', type: 'TEXT', required: true, unique: false },
						{ name: 'toString', type: 'TEXT', required: false, unique: true },
					],
				},
			],
		});
		const items: Array<Record<string, string>> = [{ sku: 'A' }, { sku: 'B', constructor: 'c', toString: 'T1' }, { sku: 'C', constructor: 'c', toString: 'T2' }];
		const result = await run(emulator, items, autoMapParameters('tbl_js_names', { onInvalidRecord: 'skip' }));
		expect(emulator.rows('tbl_js_names')).toEqual([items[1], items[2]]);
		expect(result.output[0].json.error).toBe(
			'Item 0, field "constructor": the column is required, but the value is missing or empty; field "toString": the column is unique, so every record needs a value, but it is missing or empty',
		);
	});
});

describe('table-aware import: columns mapped below ("Map Each Column Manually")', () => {
	it('converts the values itself, not by the mapper\'s types: no zone shift, no 0 for an empty text, no hex numbers', async () => {
		const items = [
			contact(0, { age: '', joined: '2024-03-01 12:00:00' }),
			contact(1, { age: '0x1A', joined: '2024-03-01T12:00:00' }),
			contact(2, { age: '  ' }),
			contact(3, { age: true }),
			contact(4, { age: '42', active: 'yes', joined: '2024-03-01T12:00:00' }),
		];
		const result = await run(emulator, items, mappedBelow({ onInvalidRecord: 'skip' }));
		expect(result.error).toBeUndefined();
		expect(contactsRows()).toEqual([
			contact(0, { joined: '2024-03-01 12:00:00' }),
			contact(4, { age: 42, active: true, joined: '2024-03-01 12:00:00' }),
		]);
		expect(result.output.map((o) => o.json.error ?? 'imported')).toEqual([
			'imported',
			'Item 1, field "age": "0x1A" cannot be read as a whole number (INT)',
			'Item 2, field "age": "  " cannot be read as a whole number (INT)',
			'Item 3, field "age": true cannot be read as a whole number (INT)',
			'imported',
		]);
	});

	it('an expression that fails is that item\'s error, with what n8n says about it; the other items go', async () => {
		const parameters = mappedBelow({ onInvalidRecord: 'skip' });
		parameters.columns.value.name = '={{ $json.title.toTitleCase() }}';
		const items = [contact(0, { title: 'first contact' }), contact(1)];
		const result = await run(emulator, items, parameters);
		expect(contactsRows()).toEqual([{ ...contact(0), name: 'First Contact' }]);
		expect(result.output[1].json.error).toMatch(/^Item 1, field "name": its expression failed: toTitleCase can't be used on undefined value: To ignore this error, add a \? to the variable/);
	});

	it('names the column whose expression failed, whatever its name holds', async () => {
		const columns = { mappingMode: 'defineBelow', value: { 'id': '={{ $json.id }}', 'a.b "c"': '={{ $json.missing.toTitleCase() }}' }, matchingColumns: [], schema: [] };
		const result = await run(emulator, [{ id: 'x' }], { ...autoMapParameters('tbl_free', { onInvalidRecord: 'skip' }), columns });
		expect(result.output[0].json.error).toMatch(/^Item 0, field "a\.b "c"": its expression failed: toTitleCase can't be used on undefined value/);
		expect(emulator.rows('tbl_free')).toEqual([]);
		// A name with a tab cannot be looked up on its own: it is not blamed for another column's failure.
		const tabbed = { ...columns, value: { 'note\t1': '={{ $json.id }}', ...columns.value } };
		const second = await run(emulator, [{ id: 'x' }], { ...autoMapParameters('tbl_free', { onInvalidRecord: 'skip' }), columns: tabbed });
		expect(second.output[0].json.error).toMatch(/^Item 0, field "a\.b "c"": its expression failed/);
	});
});

describe('table-aware import: a Table ID expression that gives no table for an item', () => {
	/** Item 1's expression gives '', item 3's fails. */
	const items = [{ to: 'tbl_unique', id: 'u1' }, { to: '', id: 'x1' }, { to: 'tbl_unique', id: 'u2' }, { broken: true, id: 'x2' }];
	const tableId = '={{ $json.broken ? $json.missing.toDateTime() : $json.to }}';
	const expectedErrors = [
		[1, 'Item 1: no table for this item: the expression for the table gave an empty ID'],
		[3, expect.stringMatching(/^Item 3: the expression for the table failed for this item: toDateTime can't be used on undefined value: To ignore/)],
	];

	it.each([
		['Invalid Records: Skip', { onInvalidRecord: 'skip' }, undefined],
		['Continue On Fail', {}, 'continueRegularOutput'],
	])('with %s, makes those items errors and imports the others', async (_, options, onError) => {
		const result = await run(emulator, items, autoMapParameters(tableId, { unknownFields: 'ignore', ...options }), { onError });
		expect(result.error).toBeUndefined();
		expect(emulator.rows('tbl_unique')).toEqual([{ id: 'u1' }, { id: 'u2' }]);
		expect(result.output.filter((o) => o.json.error).map((o) => [o.pairedItem?.item, o.json.error])).toEqual(expectedErrors);
		expect(result.output.filter((o) => o.json.taskId).map((o) => o.pairedItem?.item)).toEqual([0, 2]);
	});

	it('by default, stops before sending anything, naming the first such item', async () => {
		const result = await run(emulator, items, autoMapParameters(tableId, { unknownFields: 'ignore' }));
		expect(result.error?.message).toBe('Item 1: no table for this item: the expression for the table gave an empty ID');
		expect(result.error?.description).toMatch(/^1 other item\(s\) failed too\. Nothing was imported\./);
		expect(imports(emulator)).toEqual([]);
		expect(emulator.rows('tbl_unique')).toEqual([]);
	});

	it('a fixed Table ID left empty is a setting to fix, not an item\'s error', async () => {
		// Blanks: n8n itself refuses to run a node whose required Table ID is ''.
		const result = await run(emulator, [{ id: 'a' }, { id: 'b' }], autoMapParameters('  ', { onInvalidRecord: 'skip' }));
		expect(result.error?.message).toBe('No table is chosen: pick the data table under Table, or enter its ID');
		expect(result.error?.context?.itemIndex).toBeUndefined();
		expect(emulator.requests).toEqual([]);
	});
});

describe('table-aware import: when the server still rejects a batch', () => {
	it('splits a batch rejected with 40000 in halves until the bad record is alone', async () => {
		const items = Array.from({ length: 8 }, (_, i) => contact(i, i === 5 ? { email: 'taken@x.com' } : {}));
		const result = await run(emulator, items, autoMapParameters('tbl_contacts', { onInvalidRecord: 'skip' }));
		expect(contactsRows()).toEqual(items.filter((_, i) => i !== 5));
		// 8 -> 4 + 4 -> (4 ok) 2 + 2 -> (2 ok) 1 + 1: the first of each failing pair holds item 5.
		expect(imports(emulator).map((r) => [r.recordCount, r.code])).toEqual([
			[8, 40000],
			[4, 0],
			[4, 40000],
			[2, 40000],
			[1, 0],
			[1, 40000],
			[2, 0],
		]);
		expect(result.output[5].json.error).toMatch(/^Item 5: the server rejected this record/);
		expect(new Set(result.output.filter((o) => o.json.taskId).map((o) => o.json.taskId)).size).toBe(3);
	});

	it('a re-run whose first batch is all stored already still isolates the stored rows of a later batch', async () => {
		const first = [0, 1, 2, 3, 6].map((i) => contact(i));
		await run(emulator, first, autoMapParameters('tbl_contacts'));
		emulator.reset({ keepTables: true });
		// Batch 1 (items 0-3) is refused whole, each record on its own too; batch 2 (items 4-7) holds one stored row.
		const items = Array.from({ length: 8 }, (_, i) => contact(i));
		const result = await run(emulator, items, autoMapParameters('tbl_contacts', { batchSize: 4 }), { onError: 'continueRegularOutput' });

		expect(contactsRows().map((row) => row.code).sort()).toEqual(items.map((item) => item.code).sort());
		expect(result.output.map((o) => (o.json.taskId ? 'imported' : o.json.error.replace(/:.*/, '')))).toEqual([
			...[0, 1, 2, 3].map((i) => `Item ${i}`),
			'imported',
			'imported',
			'Item 6',
			'imported',
		]);
		expect(result.output[6].json.error).toMatch(/^Item 6: the server rejected this record: ".*c6@x\.com.* already exists/);
	});

	it('the same with four requests in flight: every new row lands once and is reported imported, every stored one refused', async () => {
		const storedBefore = new Set([0, 1, 2, 3, 4, 5, 9, 14, 22, 27, 33, 38]);
		await run(emulator, [...storedBefore].map((i) => contact(i)), autoMapParameters('tbl_contacts'));
		emulator.reset({ keepTables: true });
		const items = Array.from({ length: 40 }, (_, i) => contact(i));
		const result = await run(emulator, items, autoMapParameters('tbl_contacts', { batchSize: 6, concurrency: 4 }), { onError: 'continueRegularOutput' });

		expect(contactsRows().map((row) => row.code).sort()).toEqual(items.map((item) => item.code).sort());
		expect(result.output.map((o, i) => (storedBefore.has(i) ? /already exists/.test(o.json.error) : typeof o.json.taskId === 'string'))).toEqual(items.map(() => true));
	});

	it('a refusal that is not about records (a wrong format) costs a few requests per batch, not one per record', async () => {
		emulator.configure({ tables: [CONTACTS], recordFormat: 'values' });
		const items = Array.from({ length: 20 }, (_, i) => contact(i));
		const result = await run(emulator, items, autoMapParameters('tbl_contacts', { batchSize: 4, recordFormat: 'flat' }), { onError: 'continueRegularOutput' });

		expect(contactsRows()).toEqual([]);
		expect(result.output.every((o, i) => new RegExp(`^Item ${i}: `).test(o.json.error))).toBe(true);
		// Batch 1 split down to single records (1 + 2 + 4 requests); batches 2-5 probed once each (1 + 2).
		expect(imports(emulator)).toHaveLength(7 + 4 * 3);
	});

	it('never splits on other errors', async () => {
		emulator.configure({ faults: [{ kind: 'code50000', requests: [1] }] });
		const items = Array.from({ length: 8 }, (_, i) => contact(i));
		const result = await run(emulator, items, autoMapParameters('tbl_contacts', { maxRetries: 0 }), { onError: 'continueRegularOutput' });
		expect(imports(emulator)).toHaveLength(1);
		expect(result.output.every((o) => /internal error/.test(o.json.error))).toBe(true);
	});
});

describe('table-aware import: the schema', () => {
	it('a table that does not exist fails before any record is sent', async () => {
		const result = await run(emulator, [contact(0)], autoMapParameters('tbl_nope'));
		expect(result.error?.message).toBe('The table was not found: check the table chosen in the node (table "tbl_nope")');
		expect(imports(emulator)).toEqual([]);
	});

	it('a table closed to this key fails before any record is sent', async () => {
		const result = await run(emulator, [{ id: '1' }], autoMapParameters('tbl_private'));
		expect(result.error?.message).toBe('The API key has no access to this table (table "tbl_private")');
		expect(imports(emulator)).toEqual([]);
	});

	it('reports input fields the table does not have, or leaves them out when told to', async () => {
		const items = [contact(0, { notes: 'x' })];
		const failed = await run(emulator, items, autoMapParameters('tbl_contacts'));
		expect(failed.error?.message).toBe(
			'Item 0, field "notes": the table has no such column (its columns: email, code, name, age, score, active, joined)',
		);
		const ignored = await run(emulator, items, autoMapParameters('tbl_contacts', { unknownFields: 'ignore' }));
		expect(contactsRows()).toEqual([contact(0)]);
		expect(ignored.output[0].json).toMatchObject({ values: contact(0), ignoredFields: ['notes'] });
	});

	it('leaves out unknown fields wherever they are among converted ones, and stores the converted values', async () => {
		const items = [
			contact(0, { age: '5', notes: 'x', joined: '2025-03-04T05:06:07.890Z', extra: 1, active: 'no' }),
			contact(1, { notes: 'y', score: '2.5' }),
			contact(2, { joined: '2024-02-29T00:00:00Z', more: true }),
		];
		const result = await run(emulator, items, autoMapParameters('tbl_contacts', { unknownFields: 'ignore' }));
		expect(result.error).toBeUndefined();
		expect(contactsRows()).toEqual([
			contact(0, { age: 5, joined: '2025-03-04 05:06:07', active: false }),
			contact(1, { score: 2.5 }),
			contact(2, { joined: '2024-02-29 00:00:00' }),
		]);
		expect(result.output.map((item) => item.json.ignoredFields)).toEqual([['notes', 'extra'], ['notes'], ['more']]);
		expect(items[0]).toMatchObject({ age: '5', notes: 'x' }); // the input items are left as they were
	});

	it('refuses a date the calendar lacks instead of rolling it into the next month', async () => {
		const result = await run(emulator, [contact(0, { joined: '2023-02-29T10:00:00Z' })], autoMapParameters('tbl_contacts'));
		expect(result.error?.message).toMatch(/^Item 0, field "joined": "2023-02-29T10:00:00Z" cannot be read as a date and time/);
		expect(imports(emulator)).toEqual([]);
	});

	it('loads the table columns for the mapper, with types and required marks', async () => {
		const { fields } = await loadColumns({
			parameters: autoMapParameters('tbl_contacts'),
			credentials: { apiKey: API_KEY, baseUrl: emulator.url },
		});
		// Numbers are text fields: n8n 1.x's number input sends 0 for a number left empty.
		expect(fields.map((f: any) => [f.id, f.displayName, f.type, f.required, f.canBeUsedToMatch])).toEqual([
			['email', 'email (unique)', 'string', true, true],
			['code', 'code (unique)', 'string', true, true],
			['name', 'name', 'string', true, false],
			['age', 'age (whole number)', 'string', false, false],
			['score', 'score (number)', 'string', false, false],
			['active', 'active', 'boolean', false, false],
			['joined', 'joined', 'dateTime', false, false],
		]);
	});

	it('says in the mapper why there are no columns: a table that declares none, or one that cannot be read', async () => {
		const credentials = { apiKey: API_KEY, baseUrl: emulator.url };
		// A thrown error would reach the user only as the editor's generic "Can't get columns".
		expect(await loadColumns({ parameters: autoMapParameters('tbl_free'), credentials })).toEqual({ fields: [], emptyFieldsNotice: expect.stringMatching(/^This table declares no columns: use Map Automatically/) });
		expect(await loadColumns({ parameters: autoMapParameters('tbl_nope'), credentials })).toEqual({ fields: [], emptyFieldsNotice: expect.stringMatching(/^Could not load the table's columns\. .*not found/) });
		const refused = await loadColumns({ parameters: autoMapParameters('tbl_free'), credentials: { ...credentials, apiKey: 'nope' } });
		expect(refused.emptyFieldsNotice).toMatch(/API key was rejected/);
		expect(refused.emptyFieldsNotice).not.toContain('nope"');
		const plainHttp = await loadColumns({ parameters: autoMapParameters('tbl_free'), credentials: { ...credentials, baseUrl: 'http://altatech.example' } });
		expect(plainHttp).toEqual({ fields: [], emptyFieldsNotice: expect.stringMatching(/clear text/) });
	});

	it('marks a unique column required in the mapper, since a record needs a value for it', async () => {
		emulator.configure({
			tables: [
				{
					id: 'tbl_codes',
					name: 'codes',
					fields: [
						{ name: 'code', type: 'TEXT', required: false, unique: true },
						{ name: 'note', type: 'TEXT', required: false, unique: false },
					],
				},
			],
		});
		const { fields } = await loadColumns({ parameters: autoMapParameters('tbl_codes'), credentials: { apiKey: API_KEY, baseUrl: emulator.url } });
		expect(fields.map((f: any) => [f.id, f.required])).toEqual([
			['code', true],
			['note', false],
		]);
	});
});

describe('table-aware import: dry run', () => {
	it('plans the requests and reports the errors, sending nothing', async () => {
		const result = await run(emulator, MIXED, autoMapParameters('tbl_contacts', { batchSize: 3, dryRun: true }));
		expect(result.error).toBeUndefined();
		expect(imports(emulator)).toEqual([]);
		const batches = result.output.filter((o) => o.json.dryRun).map((o) => o.json);
		expect(batches.map((b) => [b.records, b.firstItemIndex, b.lastItemIndex])).toEqual([
			[3, 0, 2],
			[3, 8, 10],
		]);
		expect(batches[0].csvBytes).toBeGreaterThan(0);
		// Item 8 only fails on the server, which a dry run does not ask.
		expect(result.output.filter((o) => o.json.error).map((o) => o.pairedItem?.item)).toEqual([3, 4, 5, 6, 7]);
	});
});
