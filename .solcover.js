// solidity-coverage settings: test-only reference contracts are not product code.
module.exports = {
  skipFiles: ["mocks/", "interfaces/"],
  istanbulReporter: ["text-summary", "json-summary", "lcov"],
};
