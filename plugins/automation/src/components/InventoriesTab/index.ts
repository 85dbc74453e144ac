export { InventoriesTab } from './InventoriesTab';
