/**
 * Config fields are looked up as own properties of the schema: names every object inherits
 * (`toString`, `constructor`, `hasOwnProperty`, `valueOf`, `__proto__`) are unknown fields, reported
 * like any typo, never accepted silently.
 */
import { parseConfig } from '../../src/cli/config';

function problemsOf(text: string): string {
  try {
    parseConfig(text, 'c.yaml');
  } catch (err) {
    return (err as Error).message;
  }
  return '';
}

describe('config fields named like Object.prototype members', () => {
  test.each(['toString', 'constructor', 'hasOwnProperty', 'valueOf', '__proto__'])('a top-level field %s is refused', (field) => {
    expect(problemsOf(`${field}: true\nnamespaces: [shop]\n`)).toMatch(new RegExp(`c.yaml:1: ${field.replace(/_/g, '_')}: unknown field "${field}"; the known fields are `));
  });

  test('a hub field toString is refused with its path; a typo gets its did-you-mean', () => {
    const message = problemsOf('namespaces:\n  shop:\n    hubs: [{ hubName: db, hubLabels: { app: db }, toString: x, hubLabel: y }]\n');
    expect(message).toMatch(/namespaces\.shop\.hubs\[0\]\.toString: unknown field "toString"; the known fields are hubName, hubLabels, hubService, accessLabel, ports, name/);
    expect(message).toMatch(/namespaces\.shop\.hubs\[0\]\.hubLabel: unknown field "hubLabel"; did you mean "hubLabels"\?/);
  });

  test('an alias lookup never returns an inherited member', () => {
    expect(problemsOf('namespaces:\n  shop:\n    hubs: [{ hubName: db, hubLabels: { app: db }, constructor: x }]\n'))
      .toMatch(/hubs\[0\]\.constructor: unknown field "constructor"; the known fields are/);
  });

  test('a label key constructor in the config is valid', () => {
    const config = parseConfig('namespaces:\n  shop:\n    hubs: [{ hubName: db, hubLabels: { constructor: db } }]\n', 'c.yaml');
    expect(Object.prototype.hasOwnProperty.call(config.namespaces[0].hubs![0].hubLabels, 'constructor')).toBe(true);
  });
});

describe('config hubs and servers mirror HubSpec and ServerSpec', () => {
  test('name is the policy name, checked as one', () => {
    const config = parseConfig('namespaces:\n  shop:\n    hubs: [{ hubName: db, hubLabels: { app: db }, name: pg-clients }]\n' +
      '    servers: [{ serverName: backup, serverLabels: { app: backup }, name: backup-reach }]\n', 'c.yaml');
    expect(config.namespaces[0].hubs![0].name).toBe('pg-clients');
    expect(config.namespaces[0].servers![0].name).toBe('backup-reach');
    expect(problemsOf('namespaces:\n  shop:\n    hubs: [{ hubName: db, hubLabels: { app: db }, name: PG }]\n'))
      .toMatch(/namespaces\.shop\.hubs\[0\]\.name: invalid policy name "PG"/);
  });
});
