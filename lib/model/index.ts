export * from './metric';
export * from './names';
export * from './problems';
export * from './service';
export * from './settings';
export * from './team';
export * from './catalog';
