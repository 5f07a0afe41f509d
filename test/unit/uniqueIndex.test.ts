import { hashOf, UniqueIndex } from '../../nodes/AltaTech/core/uniqueIndex';

describe('the index of unique values', () => {
	it('answers like a Map of text to its first item, across growth and released values', () => {
		// Sized for 8, given 5,000 values: it grows several times on the way.
		const index = new UniqueIndex(8);
		const reference = new Map<string, number>();
		const texts = Array.from({ length: 5000 }, (_, i) => (i % 7 === 0 ? `${i % 350}` : `SKU-${(i * 7919) % 3000}`));
		texts.forEach((text, item) => {
			const owner = index.ownerOf(text);
			expect(owner).toBe(reference.get(text) ?? -1);
			if (owner < 0) {
				index.claim(text, item);
				reference.set(text, item);
			} else if (item % 5 === 0) {
				// A holder that was not sent gives its value up; the next item with it takes it.
				index.release(text, owner);
				reference.delete(text);
				expect(index.ownerOf(text)).toBe(-1);
			}
		});
		for (const [text, item] of reference) expect(index.ownerOf(text)).toBe(item);
		expect(index.ownerOf('never added')).toBe(-1);
	});

	it('releases a value only for the item that holds it', () => {
		const index = new UniqueIndex(2);
		index.claim('A', 3);
		index.release('A', 4);
		expect(index.ownerOf('A')).toBe(3);
		index.release('A', 3);
		expect(index.ownerOf('A')).toBe(-1);
		index.claim('A', 9);
		expect(index.ownerOf('A')).toBe(9);
	});

	it('tells apart texts that differ only in case, accents, emoji halves or their end', () => {
		const index = new UniqueIndex(10);
		const texts = ['a', 'A', 'é', 'e\u0301', '😀', '\ud83d', '', 'x'.repeat(255), `${'x'.repeat(254)}y`];
		texts.forEach((text, item) => {
			expect(index.ownerOf(text)).toBe(-1);
			index.claim(text, item);
		});
		texts.forEach((text, item) => expect(index.ownerOf(text)).toBe(item));
	});
});

describe('the hash that picks a slot', () => {
	it('spreads texts whose characters differ only in their high bits (other alphabets) over the low bits', () => {
		// Units that differ only above bit 10: FNV-1a alone gives them all the same low 11 bits.
		const texts = Array.from({ length: 63 * 63 }, (_, i) => String.fromCharCode(0x400 * ((i % 63) + 1), 0x400 * (Math.floor(i / 63) + 1)));
		expect(new Set(texts).size).toBe(texts.length);
		const slots = new Set(texts.map((text) => hashOf(text) & 0xfff));
		expect(slots.size).toBeGreaterThan(2000);
	});
});
