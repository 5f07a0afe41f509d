import { OutputItems } from '../../nodes/AltaTech/actions/tableData/itemResults';
import { BatchPlanner, makeBatch } from '../../nodes/AltaTech/core/batch';
import { Conformer } from '../../nodes/AltaTech/core/conform';
import { CsvSizeMeter } from '../../nodes/AltaTech/core/csv';
import { buildReport } from '../../nodes/AltaTech/core/report';
import type { TableRecord } from '../../nodes/AltaTech/core/types';
import { Validator } from '../../nodes/AltaTech/core/validate';

/**
 * One instance of each per-row class is kept for the life of the process, so that V8 keeps the
 * class's hidden class, and the optimized code compiled for it, between executions (see
 * core/hiddenClasses.ts). That holds only if a used instance has the fields of a new one, in the
 * same order: a field first set later (as `current` in BatchPlanner once was) gives used
 * instances another hidden class, which dies with them after each execution.
 */
const fieldsOf = (instance: object) => Object.keys(instance);

describe('per-row classes keep the fields they are constructed with', () => {
	const rows = Array.from({ length: 5 }, (_, i) => ({ sku: `S${i}`, price: i + 0.5 }));

	it('BatchPlanner, after planning rows, a batch, and a record too large to go', () => {
		const planner = new BatchPlanner({ batchSize: 2, maxCsvBytes: 40 });
		const fresh = fieldsOf(new BatchPlanner({ batchSize: 2, maxCsvBytes: 40 }));
		rows.forEach((row, index) => planner.add(index, row));
		planner.add(5, { sku: 'x'.repeat(100) });
		const { batches, problems } = planner.finish();
		expect(batches.length).toBeGreaterThan(1);
		expect(problems).toHaveLength(1);
		expect(fieldsOf(planner)).toEqual(fresh);
	});

	it('CsvSizeMeter, after counting records with new columns', () => {
		const meter = new CsvSizeMeter();
		const fresh = fieldsOf(new CsvSizeMeter());
		meter.add(rows[0]);
		meter.add({ other: 'x' });
		expect(meter.bytes).toBeGreaterThan(0);
		expect(fieldsOf(meter)).toEqual(fresh);
	});

	it('a planned batch, after its CSV size is measured', () => {
		const batch = makeBatch(1, rows, [0, 1, 2, 3, 4]);
		const fresh = fieldsOf(makeBatch(2, rows, [0, 1, 2, 3, 4]));
		expect(batch.csvBytes).toBeGreaterThan(0);
		expect(fieldsOf(batch)).toEqual(fresh);
	});

	it('OutputItems, after building items', () => {
		const output = new OutputItems(2);
		const fresh = fieldsOf(new OutputItems(2));
		const batch = makeBatch(1, rows.slice(0, 2), [0, 1]);
		output.addAccepted({ batch, taskId: 't1' }, new Map());
		expect(output.finish([buildReport([], [{ batch, taskId: 't1' }])])).toHaveLength(2);
		expect(fieldsOf(output)).toEqual(fresh);
	});

	it('Conformer and Validator, after rows with conversions, unknown fields and repeats', () => {
		const schema = { fields: [{ name: 'id', type: 'TEXT' as const, required: true, unique: true }, { name: 'n', type: 'INT' as const, required: false, unique: false }] };
		const conformer = new Conformer(schema, 'ignore');
		const validator = new Validator(schema);
		const fresh = [fieldsOf(new Conformer(schema, 'ignore')), fieldsOf(new Validator(schema))];
		const rows: TableRecord[] = [{ id: 'a', n: '1' }, { id: 'a', n: 2, extra: true }, { n: 'x' }];
		for (const row of rows) validator.validate(0, conformer.conform(0, row).record);
		expect([fieldsOf(conformer), fieldsOf(validator)]).toEqual(fresh);
	});
});
