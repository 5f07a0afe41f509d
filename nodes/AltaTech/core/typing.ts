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

const ISO_DAY = /^\d{4}-\d{2}-\d{2}T/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether the calendar has this day (Date would roll 2023-02-29 over to March 1st). */
function isRealDay(year: number, month: number, date: number): boolean {
	const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
	return month >= 1 && month <= 12 && date >= 1 && date <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]);
}

/** A day and time that exist (no 2025-02-30, no 25:61), in the column's years. */
function isRealDateTime(year: number, month: number, date: number, hour: number, minute: number, second: number): boolean {
	return year >= FIRST_YEAR && year <= LAST_YEAR && isRealDay(year, month, date) && hour <= 23 && minute <= 59 && second <= 59;
}

/** `YYYY-MM-DD` at the start of `text` (digits, as the caller's pattern made sure): whether the calendar has that day. */
function dayExists(text: string): boolean {
	return isRealDay(digitsAt(text, 0, 4), digitsAt(text, 5, 2), digitsAt(text, 8, 2));
}

/** `day` as `YYYY-MM-DD` and `time` as `HH:MM:SS` (digits, as the caller's pattern made sure): whether they exist. */
function isRealWallClock(day: string, time: string): boolean {
	return isRealDateTime(digitsAt(day, 0, 4), digitsAt(day, 5, 2), digitsAt(day, 8, 2), digitsAt(time, 0, 2), digitsAt(time, 3, 2), digitsAt(time, 6, 2));
}

/** The number written by `length` digits of `text` at `start`, or -1 if one is not a digit. */
function digitsAt(text: string, start: number, length: number): number {
	let n = 0;
	for (let i = start; i < start + length; i++) {
		const digit = text.charCodeAt(i) - 48;
		if (digit < 0 || digit > 9) return -1;
		n = n * 10 + digit;
	}
	return n;
}

const [DASH, COLON, DOT, LETTER_T, LETTER_Z] = ['-', ':', '.', 'T', 'Z'].map((c) => c.charCodeAt(0));

/**
 * The usual DATETIME input, ISO text in UTC (`YYYY-MM-DDTHH:MM:SS[.fraction]Z`: JSON of a Date,
 * n8n's `$now.toUTC()`), read character by character: it is the column's text once its day and
 * time exist. Anything else, or a day or time that does not exist, gives undefined and is left to
 * the general reading (24:00:00 is a Date's to read; 2023-02-29 is refused there).
 */
function fromIsoUtc(text: string): string | undefined {
	const end = text.length - 1;
	if (end < 19 || text.charCodeAt(end) !== LETTER_Z) return undefined;
	if (text.charCodeAt(4) !== DASH || text.charCodeAt(7) !== DASH || text.charCodeAt(10) !== LETTER_T || text.charCodeAt(13) !== COLON || text.charCodeAt(16) !== COLON) return undefined;
	if (end > 19) {
		// A fraction of a second: a dot and at least one digit.
		if (text.charCodeAt(19) !== DOT || end === 20) return undefined;
		for (let i = 20; i < end; i++) if (digitsAt(text, i, 1) < 0) return undefined;
	}
	const year = digitsAt(text, 0, 4);
	const month = digitsAt(text, 5, 2);
	const date = digitsAt(text, 8, 2);
	const hour = digitsAt(text, 11, 2);
	const minute = digitsAt(text, 14, 2);
	const second = digitsAt(text, 17, 2);
	// A part that is not digits is -1, which no check below lets through.
	if (Math.min(year, month, date, hour, minute, second) < 0 || !isRealDateTime(year, month, date, hour, minute, second)) return undefined;
	return `${text.slice(0, 10)} ${text.slice(11, 19)}`;
}

function toDateTime(value: CellValue): string | undefined {
	if (typeof value === 'number') return fromInstant(new Date(value));
	if (typeof value !== 'string') return undefined;
	const usual = fromIsoUtc(value);
	if (usual !== undefined) return usual;
	const text = value.trim();
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

/** What a column of each type takes, for the message when a value cannot be read as one. */
const EXPECTED: Record<TableField['type'], string> = {
	TEXT: 'text (TEXT)',
	INT: 'a whole number (INT)',
	FLOAT: 'a number (FLOAT)',
	BOOLEAN: 'true/false, yes/no or 1/0 (BOOLEAN)',
	DATETIME: 'a date and time in the years 1000 to 9999: ISO text, YYYY-MM-DD HH:MM:SS or epoch milliseconds (DATETIME)',
};

export function expectedFor(type: TableField['type']): string {
	return EXPECTED[type] ?? EXPECTED.TEXT;
}

/**
 * The value in its column's type, or undefined if it cannot be read as one. No object per
 * value: this runs for every field of every row.
 */
export function convertValue(value: CellValue, type: TableField['type']): CellValue | undefined {
	switch (type) {
		case 'INT': {
			const n = toNumber(value);
			return n !== undefined && Number.isSafeInteger(n) ? n : undefined;
		}
		case 'FLOAT': {
			const n = toNumber(value);
			return n !== undefined && Number.isFinite(n) ? n : undefined;
		}
		case 'BOOLEAN':
			return toBoolean(value);
		case 'DATETIME':
			return toDateTime(value);
		default:
			return cellText(value);
	}
}

export function toColumnType(value: CellValue, type: TableField['type']): Typed {
	const converted = convertValue(value, type);
	return converted !== undefined ? { value: converted } : { expected: expectedFor(type) };
}

/** A value as it may appear in a message: quoted, and shortened when long. */
export function shortValue(value: CellValue, max = 40): string {
	const text = JSON.stringify(value);
	return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
