import type { INodeProperties } from 'n8n-workflow';

/**
 * The Columns mapper, loaded from the chosen table. `mode` 'upsert' and 'update' add n8n's
 * "Column to Match On"; 'map' only maps values.
 */
export function columnsMapper(mode: 'add' | 'upsert' | 'update' | 'map', displayOptions: INodeProperties['displayOptions']): INodeProperties {
	return {
		displayName: 'Columns',
		name: 'columns',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		typeOptions: {
			loadOptionsDependsOn: ['tableId', 'tableId.value'],
			resourceMapper: {
				resourceMapperMethod: 'getColumns',
				mode,
				fieldWords: { singular: 'column', plural: 'columns' },
				addAllFields: true,
				multiKeyMatch: false,
				supportAutoMap: true,
				noFieldsError: 'No columns to map one by one',
				...(mode === 'upsert' || mode === 'update'
					? { matchingFieldsLabels: { title: 'Column to Match On', description: 'A unique column: the record with the same value is the one written' } }
					: {}),
			},
		},
		displayOptions,
	};
}
