import { cellText } from './csv';
import type { CellValue, TableField } from './types';

/**
 * Converts a value to what its column's type needs, or says why it cannot.
 * DATETIME is written as the API reads it back, `YYYY-MM-DD HH:MM:SS`, in UTC when the input
 * carries a zone (ISO text with Z/offset, epoch milliseconds, dates) and as given otherwise.
 */
export type Typed = { value: CellValue } | { expected: string };

const NUMERIC_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const TRUE_WORDS = new Set(['true', 'yes', '1']);
const FALSE_WORDS = new Set(['false', 'no', '0']);
const WALL_CLOCK = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(?::(\d{2}))?(?:\.\d+)?)?$/;
const HAS_ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;

function toNumber(value: CellValue): number | undefined {
	if (typeof value === 'number') return value;
	if (typeof value === 'string' && NUMERIC_TEXT.test(value.trim())) return Number(value.trim());
	return undefined;
}

function toBoolean(value: CellValue): boolean | undefined {
	if (typeof value === 'boolean') return value;
	const word = String(value).trim().toLowerCase();
	if (TRUE_WORDS.has(word)) return true;
	if (FALSE_WORDS.has(word)) return false;
	return undefined;
}

const pad = (n: number) => String(n).padStart(2, '0');

function formatUtc(date: Date): string {
	return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
}

/** The years a DATETIME column holds (MySQL's DATETIME range); others are refused by the service. */
const FIRST_YEAR = 1000;
const LAST_YEAR = 9999;

/** ISO text in UTC, to the second or finer: the usual form (JSON of a Date, n8n's `$now.toUTC()`). */
const ISO_UTC = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?Z$/;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}T/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether the calendar has this day, `YYYY-MM-DD` (Date would roll 2023-02-29 over to March 1st). */
function dayExists(day: string): boolean {
	const year = Number(day.slice(0, 4));
	const month = Number(day.slice(5, 7));
	const date = Number(day.slice(8, 10));
	const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
	return month >= 1 && month <= 12 && date >= 1 && date <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]);
}

/** A day and time (`HH:MM:SS`) that exist (no 2025-02-30, no 25:61), in the column's years. */
function isRealWallClock(day: string, time: string): boolean {
	const year = Number(day.slice(0, 4));
	const timeExists = Number(time.slice(0, 2)) <= 23 && Number(time.slice(3, 5)) <= 59 && Number(time.slice(6, 8)) <= 59;
	return year >= FIRST_YEAR && year <= LAST_YEAR && dayExists(day) && timeExists;
}

function toDateTime(value: CellValue): string | undefined {
	if (typeof value === 'number') return fromInstant(new Date(value));
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	// The usual form is read without a Date (this runs once per row and value): already UTC, it
	// is the column's text once its day and time exist. Anything else (24:00:00) takes the Date path.
	const isoUtc = ISO_UTC.exec(text);
	if (isoUtc && isRealWallClock(isoUtc[1], isoUtc[2])) return `${isoUtc[1]} ${isoUtc[2]}`;
	const wall = WALL_CLOCK.exec(text);
	if (wall) {
		const time = `${wall[2] ?? '00:00'}:${wall[3] ?? '00'}`;
		return isRealWallClock(wall[1], time) ? `${wall[1]} ${time}` : undefined;
	}
	// A day the calendar lacks is refused, not rolled over into the next month. (The years are
	// checked on the instant in UTC: an offset can move it into or out of the column's years.)
	return HAS_ZONE.test(text) && ISO_DAY.test(text) && dayExists(text) ? fromInstant(new Date(text)) : undefined;
}

function fromInstant(date: Date): string | undefined {
	if (Number.isNaN(date.getTime())) return undefined;
	const year = date.getUTCFullYear();
	return year >= FIRST_YEAR && year <= LAST_YEAR ? formatUtc(date) : undefined;
}

export function toColumnType(value: CellValue, type: TableField['type']): Typed {
	switch (type) {
		case 'INT': {
			const n = toNumber(value);
			return n !== undefined && Number.isSafeInteger(n) ? { value: n } : { expected: 'a whole number (INT)' };
		}
		case 'FLOAT': {
			const n = toNumber(value);
			return n !== undefined && Number.isFinite(n) ? { value: n } : { expected: 'a number (FLOAT)' };
		}
		case 'BOOLEAN': {
			const b = toBoolean(value);
			return b !== undefined ? { value: b } : { expected: 'true/false, yes/no or 1/0 (BOOLEAN)' };
		}
		case 'DATETIME': {
			const text = toDateTime(value);
			return text !== undefined
				? { value: text }
				: { expected: 'a date and time in the years 1000 to 9999: ISO text, YYYY-MM-DD HH:MM:SS or epoch milliseconds (DATETIME)' };
		}
		default:
			return { value: cellText(value) };
	}
}

/** A value as it may appear in a message: quoted, and shortened when long. */
export function shortValue(value: CellValue, max = 40): string {
	const text = JSON.stringify(value);
	return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
