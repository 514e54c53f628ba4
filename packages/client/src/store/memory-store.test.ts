import { deviceStoreContract } from './device-store-contract.ts';
import { memoryStore, memoryStoreData } from './memory-store.ts';

deviceStoreContract('memory', async () => {
  const data = memoryStoreData();
  return { open: async () => memoryStore(data), cleanup: async () => {} };
});
