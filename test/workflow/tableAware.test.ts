/**
 * Table-aware import, what the node checks and converts itself before sending: the table's rules,
 * dates, values as other nodes give them, columns mapped below, and a Table ID per item.
 */
import { autoMapParameters, imports, run } from './setup';
import { contact, CONTACTS, MIXED, useContactsEmulator } from './contactsTable';

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

const { emulator, contactsRows } = useContactsEmulator();
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
