export * from './model/protocol';
export * from './model/ports';
export * from './policies/egress-presets';
export * from './policies/default-deny-egress';
export * from './policies/allow-dns-egress';
export * from './policies/internet-egress';
