export * from './model/protocol';
export * from './model/ports';
