import type { Batch } from './outcome';

/** A request's size as the endpoint counts it, measured as records are added. */
export interface SizeMeter<R> {
	/** Adds the record if the request stays within its byte limit with it. */
	tryAdd(record: R): boolean;
	readonly bytes: number;
}

/** How much one request may carry. */
export interface RequestLimits<R> {
	maxRecords: number;
	maxBytes: number;
	newMeter(maxBytes: number): SizeMeter<R>;
}

/**
 * Splits records into requests of at most `maxRecords` records and `maxBytes` bytes, in order.
 * Records are added one at a time, as they are prepared, so no list of all records is held
 * besides the batches.
 */
export class BatchPlanner<R> {
	private readonly batches: Array<Batch<R>> = [];
	private records: R[] = [];
	private itemIndexes: number[] = [];
	private meter = this.limits.newMeter(this.limits.maxBytes);

	constructor(private readonly limits: RequestLimits<R>) {}

	/** False when the record is too large to go even alone: it is left out. */
	add(itemIndex: number, record: R): boolean {
		if (this.records.length < this.limits.maxRecords && this.meter.tryAdd(record)) {
			this.records.push(record);
			this.itemIndexes.push(itemIndex);
			return true;
		}
		if (!this.records.length) return false;
		this.close();
		return this.add(itemIndex, record);
	}

	/** The batches; call once, after the last record. */
	finish(): Array<Batch<R>> {
		this.close();
		return this.batches;
	}

	private close(): void {
		if (this.records.length) {
			const { records, itemIndexes, meter } = this;
			this.batches.push({ number: this.batches.length + 1, records, itemIndexes, bytes: meter.bytes });
		}
		this.records = [];
		this.itemIndexes = [];
		this.meter = this.limits.newMeter(this.limits.maxBytes);
	}
}

/** Part of a batch, measured anew; it keeps the batch's number. */
function partOf<R>(batch: Batch<R>, limits: RequestLimits<R>, start: number, end?: number): Batch<R> {
	const records = batch.records.slice(start, end);
	const meter = limits.newMeter(Infinity);
	for (const record of records) meter.tryAdd(record);
	return { number: batch.number, records, itemIndexes: batch.itemIndexes.slice(start, end), bytes: meter.bytes };
}

export function halvesOf<R>(limits: RequestLimits<R>): (batch: Batch<R>) => [Batch<R>, Batch<R>] {
	return (batch) => {
		const middle = Math.ceil(batch.records.length / 2);
		return [partOf(batch, limits, 0, middle), partOf(batch, limits, middle)];
	};
}
