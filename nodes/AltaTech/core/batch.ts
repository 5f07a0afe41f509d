import { CsvSizeMeter, csvBytesOf, recordValueBytes, recordValueBytesAtMost } from './csv';
import { keepHiddenClassOf } from './hiddenClasses';
import type { Batch, ImportLimits, ItemProblem, PreparedRecord, TableRecord } from './types';

/**
 * A batch whose exact CSV size, unless given, is measured when first asked for: the log line
 * asks while the request is on its way, so the measuring costs the import no time.
 */
class PlannedBatch implements Batch {
	constructor(
		readonly number: number,
		readonly records: TableRecord[],
		readonly itemIndexes: number[],
		private measuredCsvBytes: number | undefined,
	) {}

	get csvBytes(): number {
		return (this.measuredCsvBytes ??= csvBytesOf(this.records));
	}
}

keepHiddenClassOf(new PlannedBatch(0, [], [], undefined));

export function makeBatch(number: number, records: TableRecord[], itemIndexes: number[], csvBytes?: number): Batch {
	return new PlannedBatch(number, records, itemIndexes, csvBytes);
}

interface OpenBatch {
	records: TableRecord[];
	itemIndexes: number[];
}

/**
 * Step 3: split records into requests of at most `batchSize` records whose CSV stays within
 * `maxCsvBytes`. Order is kept. A record too large to go even alone is reported, not sent;
 * its neighbours are unaffected. Records are added one at a time, as they are prepared, so no
 * list of all prepared records is held besides the batches.
 *
 * Sizes are first checked against a cheap bound (recordValueBytesAtMost); only a batch that
 * the bound puts near the limit is measured exactly, from then on.
 */
export class BatchPlanner {
	readonly batches: Batch[] = [];
	readonly problems: ItemProblem[] = [];
	// Set in the constructor (not first in add): a field added later would give instances another hidden class than the kept one.
	private current: OpenBatch | undefined = undefined;
	private meter = new CsvSizeMeter();
	private exact = false;

	constructor(private readonly limits: ImportLimits) {}

	/**
	 * Whether the record goes into a batch; if not, it is too large and its problem is listed.
	 * `atMost`: the record's recordValueBytesAtMost, when the caller has it already.
	 */
	add(itemIndex: number, record: TableRecord, atMost = recordValueBytesAtMost(record)): boolean {
		const { batchSize, maxCsvBytes } = this.limits;
		if (this.current) {
			if (this.current.records.length < batchSize && this.fits(record, atMost)) {
				this.current.records.push(record);
				this.current.itemIndexes.push(itemIndex);
				return true;
			}
			this.close();
		}
		if (!this.fits(record, atMost)) {
			const aloneBytes = csvBytesOf([record]);
			this.problems.push({
				itemIndex,
				rule: 'csvSize',
				message: `The record is too large: as CSV it takes ${aloneBytes} bytes, over the API's limit of ${maxCsvBytes} bytes (10 MB) for a whole request`,
			});
			this.close();
			return false;
		}
		this.current = { records: [record], itemIndexes: [itemIndex] };
		return true;
	}

	/** Closes the last batch; call once, after the last record. */
	finish(): { batches: Batch[]; problems: ItemProblem[] } {
		this.close();
		return { batches: this.batches, problems: this.problems };
	}

	/** Adds the record to the meter if the batch's CSV stays within the limit with it. */
	private fits(record: TableRecord, atMost: number): boolean {
		const { maxCsvBytes } = this.limits;
		if (!this.exact) {
			if (this.meter.addIfWithin(record, atMost, maxCsvBytes) <= maxCsvBytes) return true;
			// The bound says it might not fit: measure this batch exactly from here on.
			this.exact = true;
			this.meter = new CsvSizeMeter();
			for (const earlier of this.current?.records ?? []) this.meter.add(earlier);
		}
		return this.meter.addIfWithin(record, recordValueBytes(record), maxCsvBytes) <= maxCsvBytes;
	}

	private close(): void {
		if (this.current) {
			const { records, itemIndexes } = this.current;
			this.batches.push(makeBatch(this.batches.length + 1, records, itemIndexes, this.exact ? this.meter.bytes : undefined));
		}
		this.current = undefined;
		this.meter = new CsvSizeMeter();
		this.exact = false;
	}
}

keepHiddenClassOf(new BatchPlanner({ batchSize: 1, maxCsvBytes: 1 }));

export function planBatches(records: Iterable<PreparedRecord>, limits: ImportLimits): { batches: Batch[]; problems: ItemProblem[] } {
	const planner = new BatchPlanner(limits);
	for (const { itemIndex, record } of records) planner.add(itemIndex, record);
	return planner.finish();
}
