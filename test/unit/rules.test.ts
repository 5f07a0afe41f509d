import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

import { RULES } from '../../nodes/AltaTech/core/rules';

const NODE_SOURCES = join(__dirname, '../../nodes');

function sourceFiles(directory: string): string[] {
	return readdirSync(directory).flatMap((name) => {
		const path = join(directory, name);
		if (statSync(path).isDirectory()) return sourceFiles(path);
		return path.endsWith('.ts') ? [path] : [];
	});
}

/**
 * The rules the node's code gives items, read from its source: `rule: 'name'` in a problem, and
 * the rule argument of the helpers that make problems (`problem(field, 'name', ...)`,
 * `fail(itemIndex, 'name', ...)`).
 */
function rulesInSource(): Map<string, string[]> {
	const found = new Map<string, string[]>();
	const patterns = [/\brule: '(\w+)'/g, /\b(?:problem|fail)\([^,()]*, '(\w+)'/g];
	for (const file of sourceFiles(NODE_SOURCES)) {
		if (file.endsWith('rules.ts')) continue;
		const text = readFileSync(file, 'utf8');
		for (const pattern of patterns) {
			for (const [, rule] of text.matchAll(pattern)) found.set(rule, [...(found.get(rule) ?? []), relative(NODE_SOURCES, file)]);
		}
	}
	return found;
}

describe('the table of rules', () => {
	const produced = rulesInSource();

	it('finds the rules in the source (the scan itself works)', () => {
		expect(produced.get('uniqueRepeat')).toEqual(['AltaTech/core/validate.ts']);
		expect(produced.get('importFailed')).toEqual(['AltaTech/core/track.ts']);
		expect(produced.size).toBeGreaterThan(15);
	});

	it('has every rule the code gives an item', () => {
		const unknown = [...produced].filter(([rule]) => !(rule in RULES));
		expect(unknown).toEqual([]);
	});

	it('has no rule the code never gives', () => {
		expect(Object.keys(RULES).filter((rule) => !produced.has(rule))).toEqual([]);
	});

	it('says who decided and whether the record may be stored all the same, for each rule', () => {
		for (const [rule, { decidedBy, mayBeStored }] of Object.entries(RULES)) {
			expect([rule, ['node', 'server'].includes(decidedBy), typeof mayBeStored]).toEqual([rule, true, 'boolean']);
			// Only a server's answer (or its absence) leaves a record possibly stored.
			if (mayBeStored) expect([rule, decidedBy]).toEqual([rule, 'server']);
		}
	});
});
