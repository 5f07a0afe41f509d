export { getColumns } from './resourceMapping';
