/**
 * Table-aware import and what the server holds: batches it still rejects, the table's schema (read
 * before sending, and for the mapper), and a dry run, which plans without asking it.
 */
import { API_KEY, autoMapParameters, imports, run } from './setup';
import { contact, CONTACTS, MIXED, useContactsEmulator } from './contactsTable';

const { loadColumns } = require('../harness/workflow');

const { emulator, contactsRows } = useContactsEmulator();

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
		// Numbers and booleans are text fields: n8n 1.x's number input sends 0 for a number left
		// empty, and the editor fills a boolean field with false (so an unmapped column would be overwritten).
		expect(fields.map((f: any) => [f.id, f.displayName, f.type, f.required, f.canBeUsedToMatch])).toEqual([
			['email', 'email (unique)', 'string', true, true],
			['code', 'code (unique)', 'string', true, true],
			['name', 'name', 'string', true, false],
			['age', 'age (whole number)', 'string', false, false],
			['score', 'score (number)', 'string', false, false],
			['active', 'active (true or false)', 'string', false, false],
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
		const failed = result.output.filter((o) => o.json.error);
		expect(failed.map((o) => o.pairedItem?.item)).toEqual([3, 4, 5, 6, 7]);
		// As a real run's error items: the input's fields, the rule and the item, to route and fix.
		for (const item of failed) {
			const itemIndex = (item.pairedItem as { item: number }).item;
			expect(item.json).toMatchObject({ ...MIXED[itemIndex], errorRule: expect.any(String), errorItemIndex: itemIndex });
		}
	});
});
