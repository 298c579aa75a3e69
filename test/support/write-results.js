// Jest results processor: keeps jest's aggregated JSON results on disk so `.ci/run` can count them.
const fs = require('fs');
const path = require('path');

module.exports = (results) => {
  const dir = path.join(__dirname, '..', '..', 'test-reports');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'jest-results.json'), JSON.stringify(results));
  return results;
};
