export { getColumns } from './resourceMapping';
export { searchTables } from './listSearch';
