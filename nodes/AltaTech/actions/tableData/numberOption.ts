import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * A number option, read as the number an expression's text writes ("500" from an environment
 * variable); empty means the default. Text that is no number ("10s") is an error naming the
 * option: read as NaN it would break every timer it reaches. Numbers beyond the option's range
 * are brought within it.
 */
export function numberOption(context: IExecuteFunctions, label: string, raw: unknown, fallback: number, min: number, max: number): number {
	const empty = raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
	const value = empty ? fallback : typeof raw === 'string' ? Number(raw) : raw;
	if (typeof value !== 'number' || Number.isNaN(value)) {
		// Text quoted, so that "10s" and a NaN an expression computed read apart (JSON would print NaN as null).
		const given = typeof raw === 'string' ? JSON.stringify(raw) : String(raw);
		throw new NodeOperationError(context.getNode(), `${label} must be a number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}, not ${given}`, {
			description: 'An expression there must give a number (or text of one).',
		});
	}
	return Math.min(max, Math.max(min, Math.round(value)));
}
