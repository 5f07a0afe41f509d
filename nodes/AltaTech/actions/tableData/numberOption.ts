import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { settingMessages } from '../../core/messages';

/** A number option's label, default and bounds: the description shows them, and the node reads the option with them. */
export type NumberOption = { displayName: string; default: number; min: number; max: number };

/** The parameter of the number option `name` of `options`, for a collection's list. */
export function numberProperty<T extends Record<string, NumberOption>>(
	options: T,
	name: keyof T & string,
	description: string,
	displayOptions?: INodeProperties['displayOptions'],
): INodeProperties {
	const { displayName, default: fallback, min, max } = options[name];
	return {
		displayName,
		name,
		type: 'number',
		...(displayOptions ? { displayOptions } : {}),
		typeOptions: { minValue: min, maxValue: max, numberPrecision: 0 },
		default: fallback,
		description,
	};
}

/**
 * The number option `name` of `options`, read from the collection's `values` as the number an
 * expression's text writes ("500" from an environment variable); empty means the default. Text
 * that is no number ("10s") is an error naming the option: read as NaN it would break every
 * timer it reaches. Numbers beyond the option's range are brought within it.
 */
export function numberOption<T extends Record<string, NumberOption>>(context: IExecuteFunctions, options: T, name: keyof T & string, values: Record<string, unknown>): number {
	const { displayName, default: fallback, min, max } = options[name];
	const raw = values[name];
	const value = numberOf(raw, fallback);
	if (typeof value !== 'number' || Number.isNaN(value)) {
		throw new NodeOperationError(context.getNode(), settingMessages.numberOption(displayName, min, max, givenText(raw)), {
			description: settingMessages.numberOptionAdvice(),
		});
	}
	return Math.min(max, Math.max(min, Math.round(value)));
}

/** An option's value as a number: text as the number it writes, empty (null, blank) as `fallback`; anything else as given. */
export function numberOf(raw: unknown, fallback: number): unknown {
	const empty = raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
	return empty ? fallback : typeof raw === 'string' ? Number(raw) : raw;
}

/** A wrong value as a message shows it: text quoted, so that "10s" and a NaN an expression computed read apart (JSON would print NaN as null). */
export const givenText = (raw: unknown) => (typeof raw === 'string' ? JSON.stringify(raw) : String(raw));
