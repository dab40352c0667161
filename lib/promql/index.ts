export * from './expr';
export * from './format';
export * from './parse';
export * from './walk';
