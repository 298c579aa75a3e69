/**
 * The README names and links the guide it follows where it first mentions it and beside the construct
 * table that quotes its sections (issue #12): a reader should not have to guess which guide.
 */
import { readFileSync } from 'fs';
import { join } from 'path';

const README = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
const TITLE = 'Guide to Kubernetes Network Policies for Maximum Security';
const URL = 'https://www.stackrox.io/blog/guide-to-kubernetes-network-policies-for-maximum-security/';
const LINK = `[${TITLE}](${URL})`;

/** The paragraph (text between blank lines) that holds the given offset. */
function paragraphAt(offset: number): string {
  const start = README.lastIndexOf('\n\n', offset);
  const end = README.indexOf('\n\n', offset);
  return README.slice(start < 0 ? 0 : start, end < 0 ? undefined : end);
}

test('the first mention of the guide names StackRox and links the guide', () => {
  const first = README.search(/\bguide\b/i);
  expect(first).toBeGreaterThanOrEqual(0);
  const paragraph = paragraphAt(first);
  expect(paragraph).toContain('StackRox');
  expect(paragraph).toContain(LINK);
});

test('the construct table that quotes the guide\'s sections links the guide beside it', () => {
  const table = README.indexOf('| guide section | construct |');
  expect(table).toBeGreaterThan(0);
  // the paragraph right before the table
  const before = README.slice(0, table).trimEnd();
  const paragraph = before.slice(before.lastIndexOf('\n\n'));
  expect(paragraph).toContain(URL);
});
