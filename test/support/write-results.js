// Jest results processor: keeps jest's aggregated JSON results on disk so `.ci/run` can count them
// (in JEST_RESULTS_FILE, a name under test-reports/, when a second run must not replace the first's).
const fs = require('fs');
const path = require('path');

module.exports = (results) => {
  const dir = path.join(__dirname, '..', '..', 'test-reports');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, process.env.JEST_RESULTS_FILE || 'jest-results.json'), JSON.stringify(results));
  return results;
};
