/** show(): how a user value appears in an error message, whatever it is. */
import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { show } from '../src/model/errors';

describe('show', () => {
  test('a construct is shown as its path, not as its (circular) JSON', () => {
    const chart = new Chart(Testing.app(), 'shop');
    const web = new kplus.Deployment(chart, 'web', { containers: [{ image: 'web' }] });
    expect(show(web)).toBe('shop/web');
    expect(show({ from: web })).toBe('{"from":"shop/web"}');
  });

  test('a circular value never throws; a shared, non-circular one is shown in full', () => {
    const a: any = { name: 'a' };
    a.self = a;
    expect(show(a)).toBe('{"name":"a","self":"[circular]"}');
    const shared = { x: 1 };
    expect(show([shared, shared])).toBe('[{"x":1},{"x":1}]');
    expect(show(BigInt(5))).toBe('"5"');
    expect(show(undefined)).toBe('undefined');
    expect(show('')).toBe('""');
  });
});
