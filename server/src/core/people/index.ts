export * from './contact';
export * from './national-id';
