export * from './expr';
export * from './format';
export * from './parse';
export * from './logql';
export * from './walk';
